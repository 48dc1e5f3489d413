/**
 * The scale-out store over ioredis: several Colyseus processes share worlds, personas, names
 * and locks through one Redis. Semantics match MemoryStore and SqliteStore exactly. Background
 * jobs are not here: on Redis they live in a BullMQ queue (BullJobQueue), which the engine
 * opens on the same Redis and hash tag through `queueOptions()`.
 *
 *   const store = new RedisStore({ url: process.env.REDIS_URL, prefix: 'app' }); // keys '{app}:...'
 *   const queue = new BullJobQueue(store.queueOptions()); // prefix '{app}', same Redis slot
 *
 * Cost: one round trip per call. Everything that two processes could race on (claimName,
 * locks, put with insertion order) is one Lua script, so atomic. get/put/claim/lock are O(1)
 * or O(log n); listPersonas is O(log n + page). Time always comes from Date.now() in this
 * process, never from Redis TIME, so locks follow the caller's clock (and faked test clocks).
 * A Redis that does not answer (after `maxRetriesPerRequest` reconnects) makes calls fail with
 * StoreUnavailableError naming the URL.
 *
 * Redis Cluster: every key (and the pub/sub channel) starts with the prefix P, and P carries a
 * hash tag, so a Lua script only ever touches keys of one slot. The default P is '{personas}:';
 * a prefix without a `{tag}` is wrapped in one ('app:' and 'app' both become '{app}:'); one
 * that has a `{tag}` is used as given ('tenant-7:{shard-a}:'). The price: one slot, hence one
 * Cluster node, holds a whole prefix; give apps (or tenants) distinct prefixes to spread them
 * over the nodes.
 *
 * Key layout (P = prefix with its hash tag; <x> = encodeURIComponent(x), so a ':' inside a
 * world id or fingerprint cannot make two tuples collide; lock names end their key, raw):
 *   P seq                        counter giving insertion order (worlds, personas)
 *   P world:<id>                 hash fingerprint -> StoredWorld JSON
 *   P world-seq:<id>             hash fingerprint -> seq (taken on first put)
 *   P world-order:<id>           zset score createdAt, member "<seq 16 digits>:<fingerprint>"
 *   P persona:<w>:<fp>           hash key -> PersonaRecord JSON
 *   P persona-seq:<w>:<fp>       hash key -> seq
 *   P persona-order:<w>:<fp>     zset score createdAt, member "<seq 16 digits>:<key>"
 *   P names:<w>:<fp>             hash normalised name -> key (never released)
 *   P lock:name                  hash owner, until (PEXPIRE ttl + 60 s only to collect garbage)
 *   P finished                   pub/sub channel: finished personas (watchFinished)
 *   P pool:<w>:<fp>              list of PersonaRecord JSON: the shared warm pool (pushPool, pullPool)
 * The BullMQ queue of queueOptions() keeps its keys under P too ('{personas}:persona-jobs:...'),
 * in the same slot, so deleting P's keys clears the store and its queue together.
 */
import { normaliseRecord } from '../core/record-shape.js';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { InvalidInputError, PersonaError, StoreUnavailableError } from '../core/errors.js';
import type { PersonaRecord, PersonaStore, StoredWorld } from '../core/types.js';
import { normaliseName } from './memory-store.js';

export interface RedisStoreOptions {
  /** Where Redis listens. Ignored when `client` is given. Default: 'redis://127.0.0.1:6379'. */
  url?: string;
  /**
   * A client the caller owns: close() leaves it open. It must have no ioredis `keyPrefix` (that
   * would move the keys out of the prefix's hash tag, and out of reach of the BullMQ queue
   * opened from queueOptions()); use `prefix`. Default: a new client on `url`.
   */
  client?: Redis;
  /**
   * Put in front of every key, so several apps or tests share one Redis. It must carry a Redis
   * Cluster hash tag; one without is wrapped: 'app:' and 'app' become '{app}:', while
   * 'tenant:{a}:' is kept as given. Default: '{personas}:' (see `keyPrefix`).
   */
  prefix?: string;
  /**
   * Reconnect attempts a call waits through before it fails with StoreUnavailableError (ioredis'
   * `maxRetriesPerRequest`; the CLI uses 1 to fail fast). Ignored when `client` is given.
   * Default: 20 (ioredis' default: a call waits through a Redis restart of several seconds).
   */
  maxRetriesPerRequest?: number;
}

/** Locks keep their Redis key this long past their ttl; expiry itself is decided by `until`. */
const LOCK_GRACE_MS = 60_000;

/** A Lua script run by sha, sent in full once per Redis that does not know it yet. */
interface Script {
  source: string;
  sha: string;
}
const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/** KEYS: values hash, seq hash, order zset, seq counter. ARGV: field, json, createdAt. */
const PUT_ORDERED = script(`
local seq = redis.call('HGET', KEYS[2], ARGV[1])
if not seq then
  seq = redis.call('INCR', KEYS[4])
  redis.call('HSET', KEYS[2], ARGV[1], seq)
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], string.format('%016d:', tonumber(seq)) .. ARGV[1])
return 1`);

/** KEYS: values hash, order zset. ARGV: start, stop, reverse ('1' = newest first). */
const LIST_ORDERED = script(`
local members
if ARGV[3] == '1' then members = redis.call('ZREVRANGE', KEYS[2], ARGV[1], ARGV[2])
else members = redis.call('ZRANGE', KEYS[2], ARGV[1], ARGV[2]) end
if #members == 0 then return {} end
local fields = {}
for i, m in ipairs(members) do fields[i] = string.sub(m, 18) end
return redis.call('HMGET', KEYS[1], unpack(fields))`);

/** KEYS: names hash. ARGV: normalised name, key. */
const CLAIM_NAME = script(`
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 1 end
return 0`);

/** KEYS: lock. ARGV: owner, until, now, pexpire. Held through its last ms (until >= now). */
const ACQUIRE_LOCK = script(`
local held = redis.call('HMGET', KEYS[1], 'owner', 'until')
if held[1] and held[1] ~= ARGV[1] and tonumber(held[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'until', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`);

/** KEYS: lock. ARGV: owner. */
const RELEASE_LOCK = script(`
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`);

/** World ids and fingerprints are encoded so a ':' inside one cannot make two tuples collide. */
const seg = (part: string): string => encodeURIComponent(part);

/**
 * The Redis Cluster hash tag of a key: what lies between its first '{' and the next '}', when
 * that is not empty (Cluster then hashes only the tag); undefined when the whole key is hashed.
 */
function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}

/** The text without one trailing ':'. */
const withoutColon = (text: string): string => (text.endsWith(':') ? text.slice(0, -1) : text);

/** The prefix a store uses: as given when it has a hash tag, else wrapped in one ('app:' -> '{app}:'). */
function clusterPrefix(prefix: string): string {
  if (hashTag(prefix) !== undefined) return prefix;
  const wrapped = `{${withoutColon(prefix)}}:`;
  if (hashTag(wrapped) === undefined) {
    throw new InvalidInputError(
      `RedisStore prefix ${JSON.stringify(prefix)} gives no Redis Cluster hash tag; use a non-empty name such as 'personas:' or '{personas}:'.`,
    );
  }
  return wrapped;
}

export class RedisStore implements PersonaStore {
  readonly kind = 'redis';
  /**
   * The prefix in front of every key and of the pub/sub channel, with its hash tag: the given
   * prefix, wrapped in `{...}` when it had no tag. Default: '{personas}:'.
   */
  readonly keyPrefix: string;
  /** The URL this store connects to; undefined when it was given a client. */
  readonly redisUrl: string | undefined;
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  /** Where calls go, as error messages name it ('the given client' for a given client). */
  private readonly url: string;
  /** Connections subscribed by watchFinished(), closed with the store. */
  private readonly subscribers = new Set<Redis>();
  /** The client's newest connection error (owned clients), quoted when a call fails. */
  private lastConnectionError: Error | null = null;

  constructor(options: RedisStoreOptions = {}) {
    this.keyPrefix = clusterPrefix(options.prefix ?? '{personas}:');
    this.redisUrl = options.client ? undefined : (options.url ?? 'redis://127.0.0.1:6379');
    this.url = this.redisUrl ?? 'the given client';
    if (options.client !== undefined) {
      if (options.client.options.keyPrefix) {
        throw new InvalidInputError(
          `RedisStore was given a client with keyPrefix "${options.client.options.keyPrefix}"; create the client without keyPrefix and pass { prefix } to RedisStore instead.`,
        );
      }
      this.client = options.client;
      this.ownsClient = false;
    } else {
      const retries = options.maxRetriesPerRequest;
      if (retries !== undefined && (!Number.isInteger(retries) || retries < 0)) {
        throw new InvalidInputError(`RedisStore maxRetriesPerRequest must be a whole number >= 0, got ${String(retries)}.`);
      }
      this.client = new Redis(this.url, retries === undefined ? {} : { maxRetriesPerRequest: retries });
      this.ownsClient = true;
      // Without a listener ioredis prints every failed reconnect with a stack; keep the newest
      // for the StoreUnavailableError a failing call throws instead.
      this.client.on('error', (err: Error) => (this.lastConnectionError = err));
      this.client.on('ready', () => (this.lastConnectionError = null));
    }
  }

  async getWorld(id: string, fingerprint: string): Promise<StoredWorld | undefined> {
    const json = await this.io(() => this.client.hget(this.worldKeys(id).values, fingerprint));
    return json === null ? undefined : (JSON.parse(json) as StoredWorld);
  }

  async getLatestWorld(id: string): Promise<StoredWorld | undefined> {
    const { values, order } = this.worldKeys(id);
    const [json] = (await this.run(LIST_ORDERED, [values, order], ['0', '0', '1'])) as (string | null)[];
    return json === undefined || json === null ? undefined : (JSON.parse(json) as StoredWorld);
  }

  async putWorld(world: StoredWorld): Promise<void> {
    const { values, seqs, order } = this.worldKeys(world.id);
    await this.run(
      PUT_ORDERED,
      [values, seqs, order, this.key('seq')],
      [world.fingerprint, JSON.stringify(world), String(world.createdAt)],
    );
  }

  async getPersona(world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined> {
    const json = await this.io(() => this.client.hget(this.personaKeys(world, fingerprint).values, key));
    return json === null ? undefined : normaliseRecord(JSON.parse(json) as PersonaRecord);
  }

  async putPersona(record: PersonaRecord): Promise<void> {
    const { values, seqs, order } = this.personaKeys(record.world, record.fingerprint);
    await this.run(PUT_ORDERED, [values, seqs, order, this.key('seq')], [record.key, JSON.stringify(record), String(record.createdAt)]);
    // Tell the processes waiting for it (watchFinished): a message, not a poll.
    if (record.backstory !== null || record.status === 'failed') await this.announce(record);
  }

  /**
   * The warm pool several processes share (see PersonaStore.pushPool): ready personas (identity
   * and bio, not yet anyone's NPC) in a list per world version, made by whichever process ran
   * the refill job and taken by whichever process's rooms need them.
   */
  async pushPool(world: string, fingerprint: string, records: readonly PersonaRecord[]): Promise<void> {
    if (!records.length) return;
    await this.io(() => this.client.rpush(this.poolKey(world, fingerprint), ...records.map((r) => JSON.stringify(r))));
  }

  /** Take up to `max` ready entries of the shared pool, oldest first; each goes to one caller only. */
  async pullPool(world: string, fingerprint: string, max: number): Promise<PersonaRecord[]> {
    if (max <= 0) return [];
    const items = await this.io(() => this.client.lpop(this.poolKey(world, fingerprint), max));
    return (items ?? []).map((json) => normaliseRecord(JSON.parse(json) as PersonaRecord));
  }

  private poolKey(world: string, fingerprint: string): string {
    return this.key('pool', `${seg(world)}:${seg(fingerprint)}`);
  }

  /** Tell every process watching (watchFinished) that this persona changed: an upgrade of a provisional text. */
  async announce(ref: { world: string; fingerprint: string; key: string }): Promise<void> {
    const message = JSON.stringify({ world: ref.world, fingerprint: ref.fingerprint, key: ref.key });
    await this.io(() => this.client.publish(this.key('finished'), message));
  }

  /**
   * Watch the finished personas every process stores (see PersonaStore.watchFinished), on a
   * second connection subscribed to `<prefix>finished`. Malformed messages are ignored.
   */
  watchFinished(onFinished: (ref: { world: string; fingerprint: string; key: string }) => void): () => void {
    const channel = this.key('finished');
    const subscriber = this.client.duplicate();
    // Connection problems are the main client's to report (its calls fail with them); this
    // connection subscribes each time it is ready, so a Redis that comes back is watched again.
    subscriber.on('error', () => undefined);
    subscriber.on('ready', () => void subscriber.subscribe(channel).catch(() => undefined));
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      let ref: unknown;
      try {
        ref = JSON.parse(message);
      } catch {
        return;
      }
      if (isPersonaRef(ref)) onFinished(ref);
    });
    this.subscribers.add(subscriber);
    return () => {
      if (!this.subscribers.delete(subscriber)) return;
      subscriber.disconnect();
    };
  }

  async listPersonas(world: string, fingerprint: string, options: { limit?: number; offset?: number } = {}): Promise<PersonaRecord[]> {
    const start = Math.max(0, options.offset ?? 0);
    const limit = options.limit ?? Infinity;
    if (limit <= 0) return [];
    const stop = Number.isFinite(limit) ? start + limit - 1 : -1;
    const { values, order } = this.personaKeys(world, fingerprint);
    const rows = (await this.run(LIST_ORDERED, [values, order], [String(start), String(stop), '0'])) as (string | null)[];
    return rows.filter((json): json is string => json !== null).map((json) => normaliseRecord(JSON.parse(json) as PersonaRecord));
  }

  async countPersonas(world: string, fingerprint: string): Promise<number> {
    return this.io(() => this.client.hlen(this.personaKeys(world, fingerprint).values));
  }

  async claimName(world: string, fingerprint: string, name: string, key: string): Promise<boolean> {
    const names = this.key('names', seg(world), seg(fingerprint));
    return (await this.run(CLAIM_NAME, [names], [normaliseName(name), key])) === 1;
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const args = [owner, String(now + ttlMs), String(now), String(Math.max(1, Math.ceil(ttlMs)) + LOCK_GRACE_MS)];
    return (await this.run(ACQUIRE_LOCK, [this.key('lock', name)], args)) === 1;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await this.run(RELEASE_LOCK, [this.key('lock', name)], [owner]);
  }

  async getLock(name: string, now: number = Date.now()): Promise<{ owner: string; until: number } | undefined> {
    const [owner, until] = await this.io(() => this.client.hmget(this.key('lock', name), 'owner', 'until'));
    return owner && until && Number(until) >= now ? { owner, until: Number(until) } : undefined;
  }

  /**
   * Where the engine opens its BullMQ job queue so it shares this store's Redis and slot: the
   * URL (or, for a store given a client, that client: the queue opens its own connections with
   * the client's options and never closes the client) and a BullMQ prefix
   * that is the key prefix without its trailing ':' ('{personas}' for '{personas}:'). BullMQ
   * then writes '{personas}:<queue name>:...': the same hash tag, under the same key prefix.
   *   const queue = new BullJobQueue(store.queueOptions());
   */
  queueOptions(): { url?: string; client?: Redis; prefix: string } {
    const prefix = withoutColon(this.keyPrefix);
    return this.redisUrl === undefined ? { client: this.client, prefix } : { url: this.redisUrl, prefix };
  }

  async close(): Promise<void> {
    for (const subscriber of this.subscribers) subscriber.disconnect();
    this.subscribers.clear();
    if (!this.ownsClient || this.client.status === 'end') return;
    // A client that cannot connect would wait on its reconnect loop to send QUIT: drop it.
    if (this.lastConnectionError !== null && this.client.status !== 'ready') this.client.disconnect();
    else await this.client.quit().catch(() => this.client.disconnect());
  }

  /**
   * Run a client call; a connection failure (Redis down, wrong URL, retries used up) becomes a
   * StoreUnavailableError that names the URL and says what to do. Redis' own replies (script
   * errors, wrong types) pass through unchanged.
   */
  private async io<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  private unavailable(err: unknown): unknown {
    if (err instanceof PersonaError || !(err instanceof Error)) return err;
    const connection =
      err.name === 'MaxRetriesPerRequestError' ||
      /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN/.test(err.message);
    if (!connection) return err;
    const why = this.lastConnectionError?.message ?? err.message;
    return new StoreUnavailableError(
      'redis',
      this.url,
      `Cannot reach the Redis persona store at ${this.url} (${why}). Start Redis there, fix REDIS_URL (or the store's url), or unset REDIS_URL to use the embedded SQLite file.`,
      { cause: err },
    );
  }

  private key(...parts: string[]): string {
    return this.keyPrefix + parts.join(':');
  }

  private worldKeys(id: string): { values: string; seqs: string; order: string } {
    return { values: this.key('world', seg(id)), seqs: this.key('world-seq', seg(id)), order: this.key('world-order', seg(id)) };
  }

  private personaKeys(world: string, fingerprint: string): { values: string; seqs: string; order: string } {
    const tuple = `${seg(world)}:${seg(fingerprint)}`;
    return { values: this.key('persona', tuple), seqs: this.key('persona-seq', tuple), order: this.key('persona-order', tuple) };
  }

  /** EVALSHA, falling back to EVAL once when Redis has not cached the script (NOSCRIPT). */
  private async run(lua: Script, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.client.evalsha(lua.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw this.unavailable(err);
      return this.io(() => this.client.eval(lua.source, keys.length, ...keys, ...args));
    }
  }
}

function isPersonaRef(value: unknown): value is { world: string; fingerprint: string; key: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.world === 'string' && typeof v.fingerprint === 'string' && typeof v.key === 'string';
}
