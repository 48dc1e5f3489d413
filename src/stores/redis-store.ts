/**
 * The scale-out store over ioredis: several Colyseus processes share worlds, personas, names,
 * locks and background jobs through one Redis, and a crashed process's job leases expire so
 * another process finishes its jobs. Semantics match MemoryStore and SqliteStore exactly.
 *
 *   const store = new RedisStore({ url: process.env.REDIS_URL, prefix: 'personas:' });
 *   const jobs = await store.leaseJobs('worker-1', 4, 60_000);
 *
 * Cost: one round trip per call. Everything that two processes could race on (claimName,
 * locks, put with insertion order, every job transition) is one Lua script, so atomic.
 * get/put/claim/lock/complete/fail are O(1) or O(log n); listPersonas is O(log n + page);
 * leaseJobs walks the runnable set in order and skips jobs whose lease is still live
 * (O(live leases ahead + limit)). Time always comes from Date.now() in this process, never
 * from Redis TIME, so leases and locks follow the caller's clock (and faked test clocks).
 * Not for Redis Cluster: job scripts touch keys they derive from ids. leasedJobs walks the
 * runnable set (queued and leased jobs) and is meant for an idle worker looking for a dead
 * owner's jobs, when that set is short. A Redis that does not answer (after
 * `maxRetriesPerRequest` reconnects) makes calls fail with StoreUnavailableError naming the URL.
 *
 * Key layout (P = prefix; <x> = encodeURIComponent(x), so a ':' inside a world id or
 * fingerprint cannot make two tuples collide; lock names and job ids end their key, raw):
 *   P seq                        counter giving insertion order (worlds, personas, jobs)
 *   P world:<id>                 hash fingerprint -> StoredWorld JSON
 *   P world-seq:<id>             hash fingerprint -> seq (taken on first put)
 *   P world-order:<id>           zset score createdAt, member "<seq 16 digits>:<fingerprint>"
 *   P persona:<w>:<fp>           hash key -> PersonaRecord JSON
 *   P persona-seq:<w>:<fp>       hash key -> seq
 *   P persona-order:<w>:<fp>     zset score createdAt, member "<seq 16 digits>:<key>"
 *   P names:<w>:<fp>             hash normalised name -> key (never released)
 *   P lock:name                  hash owner, until (PEXPIRE ttl + 60 s only to collect garbage)
 *   P job:id                     hash of JobRecord fields (+ seq, member); null fields absent
 *   P jobs:runnable              zset of queued and leased jobs, score priority,
 *                                member "<createdAt 16 digits>:<seq 16 digits>:<id>"
 *   P jobs:count                 hash state -> number of jobs in that state
 */
import { normaliseRecord } from '../core/record-shape.js';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { InvalidInputError, PersonaError, StoreUnavailableError } from '../core/errors.js';
import type { JobRecord, JobState, PersonaRecord, PersonaStore, StoredWorld } from '../core/types.js';
import { normaliseName } from './memory-store.js';

export interface RedisStoreOptions {
  /** Where Redis listens. Ignored when `client` is given. Default: 'redis://127.0.0.1:6379'. */
  url?: string;
  /**
   * A client the caller owns: close() leaves it open. It must have no ioredis `keyPrefix` (the
   * scripts build job keys themselves); use `prefix`. Default: a new client on `url`.
   */
  client?: Redis;
  /** Put in front of every key, so several apps or tests share one Redis. Default: 'personas:'. */
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

/** KEYS: job, runnable, counts, seq counter. ARGV: id, kind, world, fingerprint, key, priority, now. */
const ENQUEUE_JOB = script(`
local state = redis.call('HGET', KEYS[1], 'state')
if state and state ~= 'failed' then
  -- Queued or leased: only ever more urgent. Done: stays done, never re-run.
  if state ~= 'done' and tonumber(ARGV[6]) < tonumber(redis.call('HGET', KEYS[1], 'priority')) then
    redis.call('HSET', KEYS[1], 'priority', ARGV[6])
    redis.call('ZADD', KEYS[2], ARGV[6], redis.call('HGET', KEYS[1], 'member'))
  end
  return 0
end
-- New, or failed and enqueued again: starts over but keeps its seq (its place among equals).
local seq = redis.call('HGET', KEYS[1], 'seq') or redis.call('INCR', KEYS[4])
local member = string.format('%016d:%016d:', tonumber(ARGV[7]), tonumber(seq)) .. ARGV[1]
if state == 'failed' then redis.call('HINCRBY', KEYS[3], 'failed', -1) end
redis.call('HINCRBY', KEYS[3], 'queued', 1)
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'kind', ARGV[2], 'world', ARGV[3], 'fingerprint', ARGV[4],
  'key', ARGV[5], 'priority', ARGV[6], 'state', 'queued', 'attempts', 0, 'leaseUntil', 0,
  'createdAt', ARGV[7], 'seq', seq, 'member', member)
redis.call('ZADD', KEYS[2], ARGV[6], member)
return 1`);

/** KEYS: runnable, counts. ARGV: job key prefix, owner, limit, now, leaseUntil. */
const LEASE_JOBS = script(`
local limit, now = tonumber(ARGV[3]), tonumber(ARGV[4])
local out, start = {}, 0
while #out < limit do
  local members = redis.call('ZRANGE', KEYS[1], start, start + 99)
  if #members == 0 then break end
  for _, m in ipairs(members) do
    local job = ARGV[1] .. string.sub(m, 35)
    local held = redis.call('HMGET', job, 'state', 'leaseUntil')
    if held[1] == 'queued' or (held[1] == 'leased' and tonumber(held[2]) < now) then
      if held[1] == 'queued' then
        redis.call('HINCRBY', KEYS[2], 'queued', -1)
        redis.call('HINCRBY', KEYS[2], 'leased', 1)
      end
      redis.call('HSET', job, 'state', 'leased', 'leaseOwner', ARGV[2], 'leaseUntil', ARGV[5])
      redis.call('HINCRBY', job, 'attempts', 1)
      out[#out + 1] = redis.call('HGETALL', job)
      if #out >= limit then break end
    end
  end
  start = start + 100
end
return out`);

/** KEYS: job, runnable. ARGV: priority. */
const REPRIORITISE_JOB = script(`
if redis.call('HGET', KEYS[1], 'state') ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'priority', ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[1], redis.call('HGET', KEYS[1], 'member'))
return 1`);

/** ARGV: job key prefix, owner, leaseUntil, ids... Returns the ids whose lease `owner` still held (now renewed). */
const RENEW_LEASES = script(`
local out = {}
for i = 4, #ARGV do
  local job = ARGV[1] .. ARGV[i]
  local held = redis.call('HMGET', job, 'state', 'leaseOwner')
  if held[1] == 'leased' and held[2] == ARGV[2] then
    redis.call('HSET', job, 'leaseUntil', ARGV[3])
    out[#out + 1] = ARGV[i]
  end
end
return out`);

/** KEYS: runnable. ARGV: job key prefix, limit. Leased jobs in runnable order, as HGETALL replies. */
const LEASED_JOBS = script(`
local limit = tonumber(ARGV[2])
local out, start = {}, 0
while #out < limit do
  local members = redis.call('ZRANGE', KEYS[1], start, start + 99)
  if #members == 0 then break end
  for _, m in ipairs(members) do
    local job = ARGV[1] .. string.sub(m, 35)
    if redis.call('HGET', job, 'state') == 'leased' then
      out[#out + 1] = redis.call('HGETALL', job)
      if #out >= limit then break end
    end
  end
  start = start + 100
end
return out`);

/** KEYS: job, runnable, counts. ARGV: owner, outcome ('done' | 'queued' | 'failed'), error. */
const FINISH_JOB = script(`
local held = redis.call('HMGET', KEYS[1], 'state', 'leaseOwner', 'member')
if held[1] ~= 'leased' or held[2] ~= ARGV[1] then return 0 end
redis.call('HINCRBY', KEYS[3], 'leased', -1)
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'leaseUntil', 0)
if ARGV[2] ~= 'done' then redis.call('HSET', KEYS[1], 'error', ARGV[3]) end
if ARGV[2] == 'queued' then redis.call('HDEL', KEYS[1], 'leaseOwner')
else redis.call('ZREM', KEYS[2], held[3]) end
return 1`);

/** World ids and fingerprints are encoded so a ':' inside one cannot make two tuples collide. */
const seg = (part: string): string => encodeURIComponent(part);

/** HGETALL's flat [field, value, ...] reply as a JobRecord (absent fields are null). */
function toJob(flat: string[]): JobRecord {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i]!, flat[i + 1]!);
  return {
    id: f.get('id') ?? '',
    kind: (f.get('kind') ?? 'backstory') as JobRecord['kind'],
    world: f.get('world') ?? '',
    fingerprint: f.get('fingerprint') ?? '',
    key: f.get('key') ?? '',
    priority: Number(f.get('priority')),
    state: f.get('state') as JobState,
    attempts: Number(f.get('attempts')),
    leaseOwner: f.get('leaseOwner') ?? null,
    leaseUntil: Number(f.get('leaseUntil')),
    createdAt: Number(f.get('createdAt')),
    error: f.get('error') ?? null,
  };
}

export class RedisStore implements PersonaStore {
  readonly kind = 'redis';
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly url: string;
  /** Connections subscribed by watchFinished(), closed with the store. */
  private readonly subscribers = new Set<Redis>();
  /** The client's newest connection error (owned clients), quoted when a call fails. */
  private lastConnectionError: Error | null = null;

  constructor(options: RedisStoreOptions = {}) {
    this.prefix = options.prefix ?? 'personas:';
    this.url = options.client ? 'the given client' : (options.url ?? 'redis://127.0.0.1:6379');
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
    if (record.backstory !== null || record.status === 'failed') {
      const ref = JSON.stringify({ world: record.world, fingerprint: record.fingerprint, key: record.key });
      await this.io(() => this.client.publish(this.key('finished'), ref));
    }
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

  async enqueueJob(job: Pick<JobRecord, 'id' | 'kind' | 'world' | 'fingerprint' | 'key' | 'priority'>): Promise<void> {
    const keys = [this.key('job', job.id), this.key('jobs:runnable'), this.key('jobs:count'), this.key('seq')];
    const args = [job.id, job.kind, job.world, job.fingerprint, job.key, String(job.priority), String(Date.now())];
    await this.run(ENQUEUE_JOB, keys, args);
  }

  async leaseJobs(owner: string, limit: number, leaseMs: number, now: number = Date.now()): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const keys = [this.key('jobs:runnable'), this.key('jobs:count')];
    const args = [this.key('job', ''), owner, String(limit), String(now), String(now + leaseMs)];
    const rows = (await this.run(LEASE_JOBS, keys, args)) as string[][];
    return rows.map(toJob);
  }

  async reprioritiseJob(id: string, priority: number): Promise<void> {
    await this.run(REPRIORITISE_JOB, [this.key('job', id), this.key('jobs:runnable')], [String(priority)]);
  }

  async completeJob(id: string, owner: string): Promise<void> {
    await this.finishJob(id, owner, 'done', '');
  }

  async failJob(id: string, owner: string, error: string, retry: boolean): Promise<void> {
    await this.finishJob(id, owner, retry ? 'queued' : 'failed', error);
  }

  async countJobs(state?: JobState): Promise<number> {
    const counts = await this.io(() => this.client.hgetall(this.key('jobs:count')));
    if (state !== undefined) return Number(counts[state] ?? 0);
    return Object.values(counts).reduce((sum, n) => sum + Number(n), 0);
  }

  async getJob(id: string): Promise<JobRecord | undefined> {
    const flat = await this.io(() => this.client.hgetall(this.key('job', id)));
    if (!flat.id) return undefined;
    return toJob(Object.entries(flat).flat());
  }

  async renewLeases(owner: string, ids: readonly string[], leaseMs: number, now: number = Date.now()): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.run(RENEW_LEASES, [], [this.key('job', ''), owner, String(now + leaseMs), ...ids])) as string[];
  }

  async leasedJobs(limit = 1_000): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const rows = (await this.run(LEASED_JOBS, [this.key('jobs:runnable')], [this.key('job', ''), String(limit)])) as string[][];
    return rows.map(toJob);
  }

  async getLock(name: string, now: number = Date.now()): Promise<{ owner: string; until: number } | undefined> {
    const [owner, until] = await this.io(() => this.client.hmget(this.key('lock', name), 'owner', 'until'));
    return owner && until && Number(until) >= now ? { owner, until: Number(until) } : undefined;
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

  private async finishJob(id: string, owner: string, outcome: JobState, error: string): Promise<void> {
    const keys = [this.key('job', id), this.key('jobs:runnable'), this.key('jobs:count')];
    await this.run(FINISH_JOB, keys, [owner, outcome, error]);
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
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
