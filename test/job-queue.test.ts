/**
 * The JobQueue contract (job-queue-contract.ts) on every implementation: StoreJobQueue over a
 * MemoryStore and over SQLite (two instances share one file in a temp dir), and BullJobQueue on
 * the Redis at 127.0.0.1:6379 under a fresh `{personas-test-<uuid>}` prefix per test, deleted
 * afterwards; plus what only BullMQ does (pauseAll, watchAdded across processes, Cluster-safe
 * keys, awkward ids). Without Redis the BullMQ tests are skipped with a warning, except in CI
 * where that is a failure (helpers/redis.ts).
 *
 *   npx vitest run test/job-queue.test.ts
 *
 * Cost: real time (short leases, no fake timers): a few seconds per implementation.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../src/core/types.js';
import { BullJobQueue, type BullJobQueueOptions } from '../src/stores/bull-job-queue.js';
import { MemoryStore } from '../src/stores/memory-store.js';
import { SqliteStore } from '../src/stores/sqlite-store.js';
import { StoreJobQueue } from '../src/stores/store-job-queue.js';
import { REDIS_TEST_URL, hasRedis } from './helpers/redis.js';
import { LEASE_MS, jobQueueContract, leaseEventually, newJob, pollUntil } from './job-queue-contract.js';

// Memory: every instance of one test wraps the same store.
let memory: MemoryStore | undefined;
jobQueueContract(
  'StoreJobQueue(MemoryStore)',
  () => new StoreJobQueue((memory ??= new MemoryStore())),
  async () => {
    await memory?.close();
    memory = undefined;
  },
);

// SQLite: every instance of one test is its own connection to the same file.
let sqliteDir: string | undefined;
const sqliteStores: SqliteStore[] = [];
jobQueueContract(
  'StoreJobQueue(SqliteStore)',
  () => {
    sqliteDir ??= mkdtempSync(join(tmpdir(), 'personas-job-queue-'));
    const store = new SqliteStore({ path: join(sqliteDir, 'jobs.db') });
    sqliteStores.push(store);
    return new StoreJobQueue(store);
  },
  async () => {
    await Promise.allSettled(sqliteStores.splice(0).map((s) => s.close()));
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    sqliteDir = undefined;
  },
);

/** Deletes every key matching `pattern` (a test's prefix). */
async function deleteKeys(pattern: string): Promise<void> {
  const admin = new Redis(REDIS_TEST_URL);
  try {
    for (const key of await scanKeys(admin, pattern)) await admin.unlink(key);
  } finally {
    await admin.quit();
  }
}

async function scanKeys(client: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Redis Cluster's hash tag of a key: what sits between its first '{' and the next '}', when not empty. */
function hashTag(key: string): string | null {
  const open = key.indexOf('{');
  if (open < 0) return null;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : null;
}

describe.skipIf(!hasRedis)('BullJobQueue', () => {
  // A fresh tag per test; every instance opened during the test shares it.
  let tag: string | null = null;
  const bull = (options: BullJobQueueOptions = {}): BullJobQueue => {
    tag ??= `personas-test-${process.pid}-${randomUUID()}`;
    return new BullJobQueue({ url: REDIS_TEST_URL, prefix: `{${tag}}`, backoffMs: 20, ...options });
  };
  const dropTag = async (): Promise<void> => {
    if (tag) await deleteKeys(`*${tag}*`);
    tag = null;
  };

  jobQueueContract('BullJobQueue', () => bull(), dropTag);

  describe('what only BullMQ does', () => {
    const opened: JobQueue[] = [];
    const open = (options?: BullJobQueueOptions): BullJobQueue => {
      const q = bull(options);
      opened.push(q);
      return q;
    };
    afterEach(async () => {
      await Promise.allSettled(opened.splice(0).map((q) => q.close()));
      await dropTag();
    });

    it('pauseAll stops every instance from leasing until the pause passes', async () => {
      const a = open();
      const b = open();
      await a.add(newJob('j1'));
      await a.pauseAll(LEASE_MS * 2);
      expect(await b.lease('w', 1, LEASE_MS)).toEqual([]);
      expect(await a.lease('w', 1, LEASE_MS)).toEqual([]);
      expect(await b.counts()).toEqual({ queued: 1, leased: 0, done: 0, failed: 0 });
      expect(await leaseEventually(b, 'w')).toEqual([expect.objectContaining({ id: 'j1', leaseOwner: 'w' })]);
      await a.pauseAll(0); // nothing to pause: a no-op
    });

    it('watchAdded fires on another instance when a job is added', async () => {
      const a = open();
      const b = open();
      let added = 0;
      const stop = b.watchAdded(() => added++);
      // b starts listening asynchronously (a connection, then a blocking read from "now"), so a
      // job added in that moment is not heard: add a new one per try until one is.
      let probes = 0;
      await pollUntil('b hears of a job a added', async () => {
        if (added > 0) return true;
        await a.add(newJob(`probe-${probes++}`));
        return undefined;
      });
      expect(await b.counts()).toMatchObject({ queued: probes });
      stop();
    });

    it('writes every key under one Redis Cluster hash tag', async () => {
      const name = `jobs-${randomUUID()}`; // the uuid is in the name too, so keys outside the prefix would show
      const a = open({ name });
      const b = open({ name });
      const stop = b.watchAdded(() => {});
      for (const id of ['a', 'b', 'c', 'd', 'e']) await a.add(newJob(id));
      await a.prioritize('e', 0);
      await a.lease('w', 4, LEASE_MS);
      await a.renew('w', ['a'], LEASE_MS);
      await a.complete('a', 'w');
      await a.fail('b', 'w', 'retry me', true);
      await a.fail('c', 'w', 'gave up', false);
      await a.handBack('e', 'w');
      await a.pauseAll(50);
      await leaseEventually(b, 'w2', 5); // after the pause; d's lease lapses meanwhile and the stalled checker runs
      stop();
      const admin = new Redis(REDIS_TEST_URL);
      try {
        const keys = await scanKeys(admin, `*${name}*`);
        expect(keys.length).toBeGreaterThan(5);
        expect(keys.filter((key) => hashTag(key) !== tag)).toEqual([]);
      } finally {
        await admin.quit();
      }
    });

    it('takes ids with colons, spaces, unicode, __proto__ and digits only', async () => {
      const q = open();
      const awkward = [
        'backstory:w:f:k',
        'with space',
        'ünïcødé-名前-🙂',
        '__proto__',
        'constructor',
        '12345',
        '0',
        'a%3Ab',
        'a:b',
        '{tag}',
        'j.x',
      ];
      for (const [i, id] of awkward.entries()) await q.add(newJob(id, i));
      expect(await q.counts()).toEqual({ queued: awkward.length, leased: 0, done: 0, failed: 0 });
      for (const id of awkward) expect(await q.get(id)).toMatchObject({ id, key: `key-${id}`, state: 'queued' });
      const leased = await q.lease('w', awkward.length, 60_000);
      expect(leased.map((j) => j.id)).toEqual(awkward);
      expect((await q.renew('w', awkward, 60_000)).sort()).toEqual([...awkward].sort());
      for (const id of awkward) await q.complete(id, 'w');
      for (const id of awkward) expect(await q.get(id)).toMatchObject({ id, state: 'done' });
    });
  });
});
