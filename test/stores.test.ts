/**
 * The PersonaStore contract, run against every store (memory, SQLite, Redis), plus what only
 * SQLite promises (durability across reopen, safe sharing of one file by several processes)
 * and what only Redis promises (several connections share one queue, data outlives a client).
 *
 *   npx vitest run test/stores.test.ts
 *
 * Cost: in-memory databases and one temp dir per SQLite file test; no sleeps (time is faked).
 * The multi-process test starts three Node processes (about 2 s). Redis tests use the server
 * on 127.0.0.1:6379 under a fresh key prefix per test, deleted afterwards; without Redis they
 * are skipped with a warning, except in CI where that is a failure (see helpers/redis.ts).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError } from '../src/core/errors.js';
import type { JobRecord, PersonaRecord, PersonaStore, StoredWorld } from '../src/core/types.js';
import { MemoryStore, RedisStore, SQLITE_SCHEMA_VERSION, SqliteStore, openStore } from '../src/stores/index.js';
import { REDIS_TEST_URL, hasRedis } from './helpers/redis.js';

const execFileAsync = promisify(execFile);
const W = 'harbour-town';
const FP = 'fp-1';

function world(id = W, fingerprint = FP): StoredWorld {
  return {
    id,
    fingerprint,
    description: 'A foggy harbour town.',
    profile: {
      summary: 'Dockworkers and smugglers.',
      nameCulture: 'english',
      terms: ['the Quay'],
      variables: [
        { kind: 'numeric', name: 'age', min: 16, max: 80, integer: true, unit: 'years', ranges: [] },
        { kind: 'categorical', name: 'gender', options: [{ value: 'woman', weight: 1, when: null }] },
        { kind: 'categorical', name: 'occupation', options: [{ value: 'docker', weight: 1, when: null }] },
      ],
    },
    profileModel: 'test-model',
    profileSource: 'llm',
    createdAt: 1_000,
  };
}

function persona(key: string, overrides: Partial<PersonaRecord> = {}): PersonaRecord {
  return {
    key,
    name: `Name ${key}`,
    traits: { age: 30, gender: 'woman', occupation: 'docker' },
    hints: [],
    id: `${W}:${key}`,
    world: W,
    fingerprint: FP,
    bio: `Bio of ${key}.`,
    backstory: null,
    status: 'bio',
    model: 'test-model',
    source: 'llm',
    models: { bio: 'test-model', backstory: null },
    sources: { bio: 'llm', backstory: null },
    consistency: null,
    error: null,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...overrides,
  };
}

const job = (id: string, priority = 5): Pick<JobRecord, 'id' | 'kind' | 'world' | 'fingerprint' | 'key' | 'priority'> => ({
  id,
  kind: 'backstory',
  world: W,
  fingerprint: FP,
  key: id,
  priority,
});

function storeContract(name: string, open: () => PersonaStore): void {
  describe(`${name} keeps the PersonaStore contract`, () => {
    let store: PersonaStore;
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(1_000_000);
      store = open();
    });
    afterEach(async () => {
      await store.close();
      vi.useRealTimers();
    });

    describe('worlds', () => {
      it('returns a stored world by id and fingerprint, and nothing for another version', async () => {
        await store.putWorld(world());
        expect(await store.getWorld(W, FP)).toEqual(world());
        expect(await store.getWorld(W, 'fp-2')).toBeUndefined();
        expect(await store.getWorld('elsewhere', FP)).toBeUndefined();
      });

      it('replaces a world written again under the same id and fingerprint', async () => {
        await store.putWorld(world());
        await store.putWorld({ ...world(), profileModel: 'other-model' });
        expect((await store.getWorld(W, FP))?.profileModel).toBe('other-model');
      });

      it('finds the newest version of a world by id alone', async () => {
        await store.putWorld({ ...world(W, 'old'), createdAt: 1 });
        await store.putWorld({ ...world(W, 'new'), createdAt: 2 });
        await store.putWorld({ ...world('elsewhere', 'x'), createdAt: 3 });
        expect((await store.getLatestWorld(W))?.fingerprint).toBe('new');
        expect(await store.getLatestWorld('nowhere')).toBeUndefined();
      });

      it('hands out copies: mutating a returned world does not change the stored one', async () => {
        await store.putWorld(world());
        const got = await store.getWorld(W, FP);
        got!.profile.terms.push('mutated');
        expect((await store.getWorld(W, FP))?.profile.terms).toEqual(['the Quay']);
      });
    });

    describe('personas', () => {
      it('returns a stored persona by world, fingerprint and key', async () => {
        await store.putPersona(persona('k1'));
        expect(await store.getPersona(W, FP, 'k1')).toEqual(persona('k1'));
        expect(await store.getPersona(W, FP, 'k2')).toBeUndefined();
        expect(await store.getPersona(W, 'fp-2', 'k1')).toBeUndefined();
      });

      it('updates a persona in place: the count stays one and the newest text wins', async () => {
        await store.putPersona(persona('k1'));
        await store.putPersona(persona('k1', { backstory: 'Grew up on the Quay.', status: 'complete' }));
        expect(await store.countPersonas(W, FP)).toBe(1);
        expect(await store.getPersona(W, FP, 'k1')).toMatchObject({ backstory: 'Grew up on the Quay.', status: 'complete' });
      });

      it('hands out copies and keeps none of the caller\'s object', async () => {
        const record = persona('k1');
        await store.putPersona(record);
        record.hints.push('changed after put');
        const got = await store.getPersona(W, FP, 'k1');
        got!.traits.age = 99;
        expect(await store.getPersona(W, FP, 'k1')).toEqual(persona('k1'));
      });

      it('lists a world version oldest first, insertion order breaking ties, with limit and offset', async () => {
        await store.putPersona(persona('late', { createdAt: 3_000 }));
        await store.putPersona(persona('tie-a', { createdAt: 2_000 }));
        await store.putPersona(persona('early', { createdAt: 1_000 }));
        await store.putPersona(persona('tie-b', { createdAt: 2_000 }));
        await store.putPersona(persona('other-version', { fingerprint: 'fp-2' }));
        // Rewriting keeps the original place among equal createdAt.
        await store.putPersona(persona('tie-a', { createdAt: 2_000, status: 'complete' }));

        const keys = async (options?: { limit?: number; offset?: number }) =>
          (await store.listPersonas(W, FP, options)).map((p) => p.key);
        expect(await keys()).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(await keys({ limit: 2 })).toEqual(['early', 'tie-a']);
        expect(await keys({ offset: 1, limit: 2 })).toEqual(['tie-a', 'tie-b']);
        expect(await keys({ offset: 3 })).toEqual(['late']);
        expect(await keys({ offset: 10 })).toEqual([]);
      });

      it('counts personas per world version', async () => {
        for (const key of ['a', 'b', 'c']) await store.putPersona(persona(key));
        await store.putPersona(persona('d', { fingerprint: 'fp-2' }));
        expect(await store.countPersonas(W, FP)).toBe(3);
        expect(await store.countPersonas(W, 'fp-2')).toBe(1);
        expect(await store.countPersonas('elsewhere', FP)).toBe(0);
      });
    });

    describe('names', () => {
      it('gives a name to the first key only, whatever the letter case', async () => {
        expect(await store.claimName(W, FP, 'Ada Quill', 'k1')).toBe(true);
        expect(await store.claimName(W, FP, 'Ada Quill', 'k1')).toBe(true);
        expect(await store.claimName(W, FP, 'ada QUILL', 'k2')).toBe(false);
        expect(await store.claimName(W, FP, 'ADA QUILL', 'k1')).toBe(true);
      });

      it('keeps names separate per world and per world version', async () => {
        expect(await store.claimName(W, FP, 'Ada Quill', 'k1')).toBe(true);
        expect(await store.claimName(W, 'fp-2', 'Ada Quill', 'k2')).toBe(true);
        expect(await store.claimName('elsewhere', FP, 'Ada Quill', 'k3')).toBe(true);
      });
    });

    describe('locks', () => {
      it('lets one owner hold a lock until it releases it', async () => {
        expect(await store.acquireLock('gen:k1', 'a', 10_000)).toBe(true);
        expect(await store.acquireLock('gen:k1', 'b', 10_000)).toBe(false);
        await store.releaseLock('gen:k1', 'b'); // not b's to release
        expect(await store.acquireLock('gen:k1', 'b', 10_000)).toBe(false);
        await store.releaseLock('gen:k1', 'a');
        expect(await store.acquireLock('gen:k1', 'b', 10_000)).toBe(true);
      });

      it('lets the holder take its lock again, extending it', async () => {
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(true);
        vi.advanceTimersByTime(800);
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(true);
        vi.advanceTimersByTime(800); // past the first ttl, inside the extension
        expect(await store.acquireLock('gen:k1', 'b', 1_000)).toBe(false);
      });

      it('frees a lock whose ttl has passed for another owner', async () => {
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(true);
        vi.advanceTimersByTime(1_000);
        expect(await store.acquireLock('gen:k1', 'b', 1_000)).toBe(false); // held through its last ms
        vi.advanceTimersByTime(1);
        expect(await store.acquireLock('gen:k1', 'b', 1_000)).toBe(true);
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(false);
      });
    });

    describe('jobs', () => {
      it('enqueues a job id once, lowering but never raising its priority number', async () => {
        await store.enqueueJob(job('j1', 5));
        await store.enqueueJob(job('j1', 9));
        await store.enqueueJob(job('j2', 3));
        expect(await store.countJobs()).toBe(2);
        expect((await store.leaseJobs('w', 10, 1_000)).map((j) => [j.id, j.priority])).toEqual([
          ['j2', 3],
          ['j1', 5],
        ]);
        await store.enqueueJob(job('j1', 1)); // leased jobs get more urgent too
        await store.failJob('j1', 'w', 'retry me', true);
        expect((await store.leaseJobs('w', 10, 1_000)).map((j) => [j.id, j.priority])).toEqual([['j1', 1]]);
      });

      it('leases the most urgent jobs first, then the oldest, up to the limit', async () => {
        await store.enqueueJob(job('old-low', 5));
        vi.advanceTimersByTime(10);
        await store.enqueueJob(job('new-urgent', 1));
        await store.enqueueJob(job('new-low', 5));
        await store.enqueueJob(job('tie-low', 5)); // same ms as new-low: insertion order decides
        const leased = await store.leaseJobs('w', 3, 1_000);
        expect(leased.map((j) => j.id)).toEqual(['new-urgent', 'old-low', 'new-low']);
        expect((await store.leaseJobs('w', 3, 1_000)).map((j) => j.id)).toEqual(['tie-low']);
        expect(await store.leaseJobs('w', 3, 1_000)).toEqual([]);
      });

      it('records the lease: owner, expiry, one more attempt', async () => {
        await store.enqueueJob(job('j1'));
        const [leased] = await store.leaseJobs('worker-a', 1, 5_000, 2_000_000);
        expect(leased).toEqual({
          ...job('j1'),
          state: 'leased',
          attempts: 1,
          leaseOwner: 'worker-a',
          leaseUntil: 2_005_000,
          createdAt: 1_000_000,
          error: null,
        });
        expect(await store.countJobs('leased')).toBe(1);
        expect(await store.countJobs('queued')).toBe(0);
      });

      it('hands an expired lease to another worker and ignores the first worker afterwards', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('a', 1, 5_000, 2_000_000);
        expect(await store.leaseJobs('b', 1, 5_000, 2_005_000)).toEqual([]); // still a's at its last ms
        const [retaken] = await store.leaseJobs('b', 1, 5_000, 2_005_001);
        expect(retaken).toMatchObject({ id: 'j1', leaseOwner: 'b', attempts: 2, leaseUntil: 2_010_001 });

        await store.completeJob('j1', 'a');
        await store.failJob('j1', 'a', 'late failure', false);
        expect(await store.countJobs('leased')).toBe(1);
        await store.completeJob('j1', 'b');
        expect(await store.countJobs('done')).toBe(1);
      });

      it('never runs a done job again, even when it is enqueued again', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('w', 1, 1_000);
        await store.completeJob('j1', 'w');
        await store.enqueueJob(job('j1', 0));
        expect(await store.countJobs('done')).toBe(1);
        expect(await store.leaseJobs('w', 1, 1_000, Date.now() + 10_000)).toEqual([]);
      });

      it('puts a failed-with-retry job back in the queue with its error', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('w', 1, 1_000);
        await store.failJob('j1', 'w', 'model timed out', true);
        expect(await store.countJobs('queued')).toBe(1);
        const [again] = await store.leaseJobs('w2', 1, 1_000);
        expect(again).toMatchObject({ id: 'j1', attempts: 2, error: 'model timed out', leaseOwner: 'w2' });
      });

      it('keeps a finally failed job out of the queue until it is enqueued again', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('w', 1, 1_000);
        await store.failJob('j1', 'w', 'gave up', false);
        expect(await store.countJobs('failed')).toBe(1);
        expect(await store.leaseJobs('w', 1, 1_000, Date.now() + 10_000)).toEqual([]);

        await store.enqueueJob(job('j1', 2));
        expect(await store.countJobs('failed')).toBe(0);
        const [again] = await store.leaseJobs('w', 1, 1_000);
        expect(again).toMatchObject({ id: 'j1', state: 'leased', attempts: 1, priority: 2, error: null });
      });

      it('reprioritises queued jobs only', async () => {
        await store.enqueueJob(job('a', 5));
        await store.enqueueJob(job('b', 5));
        await store.reprioritiseJob('b', 1);
        const [first] = await store.leaseJobs('w', 1, 1_000);
        expect(first?.id).toBe('b');
        await store.reprioritiseJob('b', 9); // leased: no change
        await store.reprioritiseJob('a', 7); // queued: raised is allowed too
        await store.reprioritiseJob('missing', 1);
        const [second] = await store.leaseJobs('w', 1, 1_000);
        expect(second).toMatchObject({ id: 'a', priority: 7 });
        await store.failJob('b', 'w', 'x', true);
        expect((await store.leaseJobs('w', 1, 1_000))[0]).toMatchObject({ id: 'b', priority: 1 });
      });

      it('counts jobs in total and per state', async () => {
        for (const id of ['a', 'b', 'c', 'd']) await store.enqueueJob(job(id));
        await store.leaseJobs('w', 3, 1_000);
        await store.completeJob('a', 'w');
        await store.failJob('b', 'w', 'x', false);
        expect(await store.countJobs()).toBe(4);
        expect(await store.countJobs('queued')).toBe(1);
        expect(await store.countJobs('leased')).toBe(1);
        expect(await store.countJobs('done')).toBe(1);
        expect(await store.countJobs('failed')).toBe(1);
      });

      it('leases nothing when asked for zero jobs', async () => {
        await store.enqueueJob(job('a'));
        expect(await store.leaseJobs('w', 0, 1_000)).toEqual([]);
        expect(await store.countJobs('queued')).toBe(1);
      });
    });
  });
}

storeContract('MemoryStore', () => new MemoryStore());
storeContract('SqliteStore', () => new SqliteStore({ path: ':memory:' }));

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
    const first = new RedisStore({ url: REDIS_TEST_URL, prefix });
    await first.putWorld(world());
    await first.putPersona(persona('k1'));
    await first.claimName(W, FP, 'Ada Quill', 'k1');
    await first.enqueueJob(job('j1'));
    await first.enqueueJob(job('j2'));
    await first.leaseJobs('crashed-worker', 1, 5_000, 1_000);
    await first.close();

    const second = new RedisStore({ url: REDIS_TEST_URL, prefix });
    expect(await second.getWorld(W, FP)).toEqual(world());
    expect(await second.getLatestWorld(W)).toEqual(world());
    expect(await second.getPersona(W, FP, 'k1')).toEqual(persona('k1'));
    expect(await second.claimName(W, FP, 'ada quill', 'k2')).toBe(false);
    expect(await second.countJobs('queued')).toBe(1);
    // The crashed worker's lease expires and the new connection finishes both jobs.
    const resumed = await second.leaseJobs('new-worker', 10, 5_000, 10_000);
    expect(resumed.map((j) => j.id).sort()).toEqual(['j1', 'j2']);
    await second.close();
  });

  it('never leases one job to two stores on two connections', async () => {
    prefix = testPrefix();
    const a = new RedisStore({ url: REDIS_TEST_URL, prefix });
    const b = new RedisStore({ url: REDIS_TEST_URL, prefix });
    for (let i = 0; i < 50; i++) await a.enqueueJob(job(`j${i}`, i % 4));

    const leasedBy = new Map<string, string[]>();
    for (let turn = 0; ; turn++) {
      const [owner, store] = turn % 2 === 0 ? (['a', a] as const) : (['b', b] as const);
      const batch = await store.leaseJobs(owner, 3, 60_000);
      if (batch.length === 0) break; // one shared queue: empty for one store is empty for both
      for (const j of batch) leasedBy.set(j.id, [...(leasedBy.get(j.id) ?? []), owner]);
    }

    expect(leasedBy.size).toBe(50);
    expect([...leasedBy.values()].every((owners) => owners.length === 1)).toBe(true);
    expect(new Set([...leasedBy.values()].flat())).toEqual(new Set(['a', 'b']));
    expect(await b.countJobs('leased')).toBe(50);
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

describe('MemoryStore bounds', () => {
  it('drops the least recently used persona past maxPersonas and counts only what it keeps', async () => {
    const store = new MemoryStore({ maxPersonas: 2 });
    await store.putPersona(persona('a'));
    await store.putPersona(persona('b'));
    await store.getPersona(W, FP, 'a'); // a is now more recent than b
    await store.putPersona(persona('c'));
    expect(await store.getPersona(W, FP, 'b')).toBeUndefined();
    expect(await store.countPersonas(W, FP)).toBe(2);
    expect((await store.listPersonas(W, FP)).map((p) => p.key)).toEqual(['a', 'c']);
  });

  it('rejects a maxPersonas that is not a positive integer', () => {
    expect(() => new MemoryStore({ maxPersonas: 0 })).toThrow(InvalidInputError);
  });
});

describe('SqliteStore on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'personas-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps worlds, personas, names and jobs across close and reopen', async () => {
    const path = join(dir, 'personas.db');
    const first = new SqliteStore({ path });
    await first.putWorld(world());
    await first.putPersona(persona('k1'));
    await first.claimName(W, FP, 'Ada Quill', 'k1');
    await first.enqueueJob(job('j1'));
    await first.enqueueJob(job('j2'));
    await first.leaseJobs('crashed-worker', 1, 5_000, 1_000);
    await first.close();

    const second = new SqliteStore({ path });
    expect(await second.getWorld(W, FP)).toEqual(world());
    expect(await second.getPersona(W, FP, 'k1')).toEqual(persona('k1'));
    expect(await second.claimName(W, FP, 'ada quill', 'k2')).toBe(false);
    expect(await second.countJobs('queued')).toBe(1);
    // The crashed worker's lease expires and the reopened store finishes both jobs.
    const resumed = await second.leaseJobs('new-worker', 10, 5_000, 10_000);
    expect(resumed.map((j) => j.id).sort()).toEqual(['j1', 'j2']);
    await second.close();
  });

  it('never leases one job to two stores sharing a file', async () => {
    const path = join(dir, 'shared.db');
    const a = new SqliteStore({ path });
    const b = new SqliteStore({ path });
    for (let i = 0; i < 50; i++) await a.enqueueJob(job(`j${i}`, i % 4));

    const leasedBy = new Map<string, string[]>();
    for (let turn = 0; ; turn++) {
      const [owner, store] = turn % 2 === 0 ? (['a', a] as const) : (['b', b] as const);
      const batch = await store.leaseJobs(owner, 3, 60_000);
      if (batch.length === 0) break; // one shared queue: empty for one store is empty for both
      for (const j of batch) leasedBy.set(j.id, [...(leasedBy.get(j.id) ?? []), owner]);
    }

    expect(leasedBy.size).toBe(50);
    expect([...leasedBy.values()].every((owners) => owners.length === 1)).toBe(true);
    expect(new Set([...leasedBy.values()].flat())).toEqual(new Set(['a', 'b']));
    expect(await a.countJobs('leased')).toBe(50);
    await a.close();
    await b.close();
  });

  it('never leases one job twice when several processes lease from one file at once', async () => {
    const path = join(dir, 'processes.db');
    const seed = new SqliteStore({ path });
    for (let i = 0; i < 300; i++) await seed.enqueueJob(job(`j${i}`, i % 7));
    await seed.close();

    const storeModule = fileURLToPath(new URL('../src/stores/sqlite-store.ts', import.meta.url));
    // Each process waits for a common start so their lease loops overlap, then prints what it got.
    const worker = (owner: string, startAt: number) => `
      import { SqliteStore } from ${JSON.stringify(storeModule)};
      const store = new SqliteStore({ path: ${JSON.stringify(path)} });
      while (Date.now() < ${startAt}) {}
      const ids = [];
      for (;;) {
        const batch = await store.leaseJobs(${JSON.stringify(owner)}, 3, 60_000);
        if (batch.length === 0) break;
        ids.push(...batch.map((j) => j.id));
      }
      await store.close();
      process.stdout.write(JSON.stringify(ids));`;
    const startAt = Date.now() + 1_500;
    const outputs = await Promise.all(
      ['p1', 'p2', 'p3'].map(async (owner) => {
        const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', worker(owner, startAt)]);
        return JSON.parse(stdout) as string[];
      }),
    );

    const all = outputs.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
  });

  it('opens the file in WAL mode and stamps the schema version', async () => {
    const path = join(dir, 'pragmas.db');
    await new SqliteStore({ path }).close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a file written by a newer schema instead of misreading it', async () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore({ path })).toThrow(/schema version 2/);
  });

  it('leaves a database it was given open on close', async () => {
    const db = new Database(':memory:');
    const store = new SqliteStore({ database: db });
    await store.putPersona(persona('k1'));
    await store.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM personas').get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('openStore', () => {
  it('opens the store a spec names', async () => {
    const stores = [openStore('memory'), openStore({ kind: 'memory', maxPersonas: 10 }), openStore({ kind: 'sqlite', path: ':memory:' })];
    expect(stores.map((s) => s.kind)).toEqual(['memory', 'memory', 'sqlite']);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('rejects a malformed spec with an InvalidInputError that says what is valid', () => {
    const bad: unknown[] = [
      'redis',
      { kind: 'sqlite' },
      { kind: 'memory', maxPersonas: -1 },
      { kind: 'sqlite', path: '' },
      { kind: 'redis', url: '' },
      { kind: 'redis', host: 'localhost' },
      null,
    ];
    for (const spec of bad) {
      expect(() => openStore(spec as never)).toThrow(InvalidInputError);
    }
    expect(() => openStore({ kind: 'sqlite' } as never)).toThrow(/store spec.*kind: 'sqlite', path: string/s);
  });
});
