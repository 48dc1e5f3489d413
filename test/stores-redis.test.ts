/**
 * RedisStore: the shared PersonaStore contract, plus what only Redis promises (several
 * connections race for one lock or name, data outlives a client, prefixes keep stores apart,
 * every key of a store shares one Redis Cluster hash tag, and queueOptions() points BullMQ at
 * the same tag). Jobs are not RedisStore's (BullMQ's: test of BullJobQueue). Uses the Redis on
 * 127.0.0.1:6379 under a fresh key prefix per test, deleted afterwards; without Redis these
 * tests are skipped with a warning, except in CI where that is a failure (helpers/redis.ts).
 *   npx vitest run test/stores-redis.test.ts
 * Cost: a few hundred Redis round trips; no sleeps (time is faked in the contract).
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError, StoreUnavailableError } from '../src/core/errors.js';
import { RedisStore, openStore } from '../src/stores/index.js';
import { REDIS_TEST_URL, hasRedis } from './helpers/redis.js';
import { expectDataSurvivesReopen, FP, persona, storeContract, W, world } from './store-contract.js';

/** A name no other test (or test process) uses. */
const uniqueName = (): string => `personas-test:${process.pid}:${randomUUID()}`;
/** A key prefix with its own hash tag, so RedisStore uses it as given and cleanup knows it. */
const testPrefix = (): string => `{${uniqueName()}}:`;

/** Redis Cluster's rule, written out independently of the store: the non-empty text between the first '{' and the next '}'. */
function clusterTag(key: string): string | undefined {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}

/** Every key whose name starts with `prefix` (SCAN; '{' and '}' are not glob characters). */
async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

async function deletePrefix(prefix: string): Promise<void> {
  const admin = new Redis(REDIS_TEST_URL);
  try {
    const keys = await keysUnder(admin, prefix);
    if (keys.length > 0) await admin.unlink(...keys);
  } finally {
    await admin.quit();
  }
}

/** One of every write RedisStore makes (and the reads next to them). */
async function fullRound(store: RedisStore): Promise<void> {
  await store.putWorld(world());
  await store.putWorld({ ...world(W, 'fp-2'), createdAt: 2_000 });
  await store.getLatestWorld(W);
  await store.putPersona(persona('k1'));
  await store.putPersona(persona('k1', { backstory: 'Grew up on the Quay.', status: 'complete' })); // publishes
  await store.listPersonas(W, FP);
  await store.countPersonas(W, FP);
  await store.claimName(W, FP, 'Ada Quill', 'k1');
  await store.acquireLock('gen:k1', 'a', 10_000);
  await store.acquireLock('gen:k2', 'a', 10_000);
  await store.releaseLock('gen:k2', 'a');
  await store.getLock('gen:k1');
}

describe('RedisStore prefixes (no Redis needed)', () => {
  /** A store on a client that never connects: only its prefix and options are looked at. */
  const offline = (prefix?: string): { store: RedisStore; client: Redis } => {
    const client = new Redis(REDIS_TEST_URL, { lazyConnect: true });
    return { store: new RedisStore({ client, ...(prefix === undefined ? {} : { prefix }) }), client };
  };

  it("wraps a prefix without a hash tag in one, keeps one that has a tag, and defaults to '{personas}:'", () => {
    const cases: [string | undefined, string][] = [
      [undefined, '{personas}:'],
      ['app:', '{app}:'],
      ['app', '{app}:'],
      ['a:b:', '{a:b}:'],
      ['{app}:', '{app}:'],
      ['tenant-7:{shard-a}:', 'tenant-7:{shard-a}:'],
      ['x{}y', '{x{}y}:'], // '{}' is no tag (Cluster would hash the whole key)
    ];
    for (const [given, effective] of cases) {
      const { store, client } = offline(given);
      expect(store.keyPrefix).toBe(effective);
      expect(clusterTag(store.keyPrefix)).toBeDefined();
      client.disconnect();
    }
  });

  it('refuses a prefix that gives no hash tag even when wrapped', () => {
    for (const prefix of ['', ':', '}x']) {
      const client = new Redis(REDIS_TEST_URL, { lazyConnect: true });
      expect(() => new RedisStore({ client, prefix })).toThrow(InvalidInputError);
      client.disconnect();
    }
  });

  it('names its URL and a BullMQ prefix with the same hash tag; its client (no URL) when given one', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', prefix: 'app:', maxRetriesPerRequest: 0 });
    expect(store.redisUrl).toBe('redis://127.0.0.1:1');
    expect(store.queueOptions()).toEqual({ url: 'redis://127.0.0.1:1', prefix: '{app}' });
    await store.close();

    const { store: given, client } = offline();
    expect(given.redisUrl).toBeUndefined();
    expect(given.queueOptions()).toEqual({ client, prefix: '{personas}' });
    const tagged = offline('tenant-7:{shard-a}:');
    expect(tagged.store.queueOptions()).toEqual({ client: tagged.client, prefix: 'tenant-7:{shard-a}' });
    client.disconnect();
    tagged.client.disconnect();
  });
});

describe.skipIf(!hasRedis)('RedisStore', () => {
  let prefix = testPrefix();
  afterEach(async () => {
    await deletePrefix(prefix);
  });

  storeContract('RedisStore', () => new RedisStore({ url: REDIS_TEST_URL, prefix: (prefix = testPrefix()) }));

  it('keeps worlds, personas and names across close and reconnect', async () => {
    prefix = testPrefix();
    await expectDataSurvivesReopen(() => new RedisStore({ url: REDIS_TEST_URL, prefix }));
  });

  it('gives a contested lock and a contested name to exactly one of several connections', async () => {
    prefix = testPrefix();
    const stores = [0, 1, 2, 3].map(() => new RedisStore({ url: REDIS_TEST_URL, prefix }));
    const locks = await Promise.all(stores.map((s, i) => s.acquireLock('gen:k1', `owner-${i}`, 10_000)));
    const names = await Promise.all(stores.map((s, i) => s.claimName(W, FP, 'Ada Quill', `k${i}`)));
    expect(locks.filter(Boolean)).toHaveLength(1);
    expect(names.filter(Boolean)).toHaveLength(1);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('keeps stores with different prefixes apart, and ids containing colons apart', async () => {
    prefix = testPrefix();
    const other = testPrefix();
    const a = new RedisStore({ url: REDIS_TEST_URL, prefix });
    const b = new RedisStore({ url: REDIS_TEST_URL, prefix: other });
    try {
      await a.putPersona(persona('k1'));
      await a.claimName(W, FP, 'Ada Quill', 'k1');
      await a.acquireLock('gen:k1', 'a', 10_000);
      expect(await b.getPersona(W, FP, 'k1')).toBeUndefined();
      expect(await b.claimName(W, FP, 'Ada Quill', 'k2')).toBe(true);
      expect(await b.getLock('gen:k1')).toBeUndefined();
      // ('a:b', 'c') and ('a', 'b:c') are different world versions.
      await a.putPersona(persona('x', { world: 'a:b', fingerprint: 'c' }));
      expect(await a.countPersonas('a', 'b:c')).toBe(0);
      expect(await a.countPersonas('a:b', 'c')).toBe(1);
    } finally {
      await a.close();
      await b.close();
      await deletePrefix(other);
    }
  });

  it('leaves a client it was given open on close, and writes only under its prefix', async () => {
    const name = uniqueName();
    prefix = `{${name}}:`;
    const client = new Redis(REDIS_TEST_URL);
    const store = new RedisStore({ client, prefix });
    await fullRound(store);
    await store.close();
    expect(await client.ping()).toBe('PONG');
    const tuple = `${W}:${FP}`;
    expect(await keysUnder(client, prefix)).toEqual(
      [
        'lock:gen:k1',
        `names:${tuple}`,
        `persona-order:${tuple}`,
        `persona-seq:${tuple}`,
        `persona:${tuple}`,
        'seq',
        `world-order:${W}`,
        `world-seq:${W}`,
        `world:${W}`,
      ]
        .map((key) => prefix + key)
        .sort(),
    );
    // Nothing outside the prefix either: the only keys naming this test's unique name are those.
    expect(await keysUnder(client, `*${name}`)).toHaveLength(9);
    await client.quit();
  });

  it('wraps a prefix without a hash tag and writes every key under the wrapped one', async () => {
    const name = uniqueName();
    prefix = `{${name}}:`;
    const store = new RedisStore({ url: REDIS_TEST_URL, prefix: `${name}:` });
    const admin = new Redis(REDIS_TEST_URL);
    try {
      expect(store.keyPrefix).toBe(prefix);
      await store.putPersona(persona('k1'));
      expect(await keysUnder(admin, prefix)).toHaveLength(4); // seq, persona, persona-seq, persona-order
      expect(await keysUnder(admin, `${name}:`)).toEqual([]);
    } finally {
      await store.close();
      await admin.quit();
    }
  });

  it('puts every key a full round of calls writes in one hash tag: one Cluster slot', async () => {
    prefix = testPrefix();
    const store = new RedisStore({ url: REDIS_TEST_URL, prefix });
    const admin = new Redis(REDIS_TEST_URL);
    try {
      await fullRound(store);
      // ids with ':', '{' and '}' cannot escape the tag: it is closed before they start.
      await store.putPersona(persona('{odd}', { world: 'a:{b}', fingerprint: '}c{' }));
      await store.claimName('a:{b}', '}c{', 'Odd One', '{odd}');
      await store.acquireLock('{lock}:x', 'a', 10_000);
      const keys = await keysUnder(admin, store.keyPrefix);
      expect(keys).toHaveLength(9 + 4 + 1); // the round's, the odd tuple's persona, seq, order and names, the odd lock
      expect(new Set(keys.map(clusterTag))).toEqual(new Set([clusterTag(store.keyPrefix)]));
    } finally {
      await store.close();
      await admin.quit();
    }
  });

  it('points BullMQ, through queueOptions(), at the same Redis and hash tag, under the same prefix', async () => {
    prefix = testPrefix();
    const store = new RedisStore({ url: REDIS_TEST_URL, prefix });
    const options = store.queueOptions();
    expect(options.url).toBe(REDIS_TEST_URL);
    expect(clusterTag(options.prefix)).toBe(clusterTag(store.keyPrefix));
    const connection = new Redis(options.url!, { maxRetriesPerRequest: null });
    const queue = new Queue('persona-jobs', { connection, prefix: options.prefix });
    const admin = new Redis(REDIS_TEST_URL);
    try {
      await store.putPersona(persona('k1'));
      await queue.add('backstory', { key: 'k1' }, { jobId: 'j.k1' });
      const keys = await keysUnder(admin, store.keyPrefix);
      expect(keys.filter((key) => key.startsWith(`${store.keyPrefix}persona-jobs:`)).length).toBeGreaterThan(0);
      expect(new Set(keys.map(clusterTag))).toEqual(new Set([clusterTag(store.keyPrefix)]));
    } finally {
      await queue.close();
      await connection.quit();
      await store.close();
      await admin.quit();
    }
  });

  it('refuses a client with an ioredis keyPrefix, which its scripts would bypass', async () => {
    const client = new Redis(REDIS_TEST_URL, { keyPrefix: 'elsewhere:', lazyConnect: true });
    expect(() => new RedisStore({ client })).toThrow(InvalidInputError);
    client.disconnect();
  });

  it('opens from a spec', async () => {
    prefix = testPrefix();
    const store = openStore({ kind: 'redis', url: REDIS_TEST_URL, prefix });
    expect(store.kind).toBe('redis');
    expect((store as RedisStore).keyPrefix).toBe(prefix);
    await store.putPersona(persona('k1'));
    expect(await store.countPersonas(W, FP)).toBe(1);
    await store.close();
  });
});

describe('RedisStore without a Redis', () => {
  it('fails calls with a StoreUnavailableError that names the URL, and closes at once', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', prefix: testPrefix(), maxRetriesPerRequest: 0 });
    for (const call of [
      () => store.getPersona(W, FP, 'k1'),
      () => store.putPersona(persona('k1')),
      () => store.acquireLock('gen:k1', 'a', 1_000),
      () => store.listPersonas(W, FP),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as StoreUnavailableError).location).toBe('redis://127.0.0.1:1');
      expect((err as Error).message).toMatch(/Cannot reach the Redis persona store at redis:\/\/127\.0\.0\.1:1 .*ECONNREFUSED/);
    }
    await store.close();
  });

  it('rejects a maxRetriesPerRequest that is not a whole number', () => {
    expect(() => new RedisStore({ url: 'redis://127.0.0.1:1', maxRetriesPerRequest: -1 })).toThrow(InvalidInputError);
  });
});
