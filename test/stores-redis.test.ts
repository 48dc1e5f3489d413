/**
 * RedisStore: the shared contract, plus what only Redis promises (several connections share
 * one queue, data outlives a client, prefixes keep stores apart). Uses the Redis on
 * 127.0.0.1:6379 under a fresh key prefix per test, deleted afterwards; without Redis these
 * tests are skipped with a warning, except in CI where that is a failure (helpers/redis.ts).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError, StoreUnavailableError } from '../src/core/errors.js';
import { RedisStore, openStore } from '../src/stores/index.js';
import { REDIS_TEST_URL, hasRedis } from './helpers/redis.js';
import { expectSurvivesReopen, expectTurnsNeverShareAJob, FP, job, persona, storeContract, W, world } from './store-contract.js';

/** A key prefix no other test uses; `deletePrefix` removes whatever was written under it. */
const testPrefix = (): string => `personas-test:${randomUUID()}:`;

async function deletePrefix(prefix: string): Promise<void> {
  const admin = new Redis(REDIS_TEST_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await admin.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await admin.quit();
  }
}

describe.skipIf(!hasRedis)('RedisStore', () => {
  let prefix = testPrefix();
  afterEach(async () => {
    await deletePrefix(prefix);
  });

  storeContract('RedisStore', () => new RedisStore({ url: REDIS_TEST_URL, prefix: (prefix = testPrefix()) }));

  it('keeps worlds, personas, names and jobs across close and reconnect', async () => {
    prefix = testPrefix();
    await expectSurvivesReopen(() => new RedisStore({ url: REDIS_TEST_URL, prefix }));
  });

  it('never leases one job to two stores on two connections', async () => {
    prefix = testPrefix();
    const a = new RedisStore({ url: REDIS_TEST_URL, prefix });
    const b = new RedisStore({ url: REDIS_TEST_URL, prefix });
    await expectTurnsNeverShareAJob(a, b);
    await a.close();
    await b.close();
  });

  it('never leases one job twice when several connections lease at once', async () => {
    prefix = testPrefix();
    const stores = ['p1', 'p2', 'p3'].map(() => new RedisStore({ url: REDIS_TEST_URL, prefix }));
    for (let i = 0; i < 300; i++) await stores[0]!.enqueueJob(job(`j${i}`, i % 7));
    const drain = async (store: RedisStore, owner: string): Promise<string[]> => {
      const ids: string[] = [];
      for (;;) {
        const batch = await store.leaseJobs(owner, 3, 60_000);
        if (batch.length === 0) return ids;
        ids.push(...batch.map((j) => j.id));
      }
    };
    const all = (await Promise.all(stores.map((s, i) => drain(s, `p${i}`)))).flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    await Promise.all(stores.map((s) => s.close()));
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
      await a.enqueueJob(job('j1'));
      expect(await b.getPersona(W, FP, 'k1')).toBeUndefined();
      expect(await b.countJobs()).toBe(0);
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
    prefix = testPrefix();
    const client = new Redis(REDIS_TEST_URL);
    const store = new RedisStore({ client, prefix });
    await store.putWorld(world());
    await store.putPersona(persona('k1'));
    await store.claimName(W, FP, 'Ada Quill', 'k1');
    await store.acquireLock('gen:k1', 'a', 10_000);
    await store.enqueueJob(job('j1'));
    await store.close();
    expect(await client.ping()).toBe('PONG');
    const keys = await client.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(10);
    await client.quit();
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
      () => store.leaseJobs('w', 1, 1_000),
      () => store.renewLeases('w', ['j1'], 1_000),
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
