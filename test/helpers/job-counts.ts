/**
 * Test helper: the job counts of whatever queue a store's engine would use (the store's own
 * table for SQLite and memory, BullMQ on the store's Redis for RedisStore), so a test can check
 * "no job lost" from outside the process that ran them.
 *   const { queued, leased, failed } = await jobCounts(store);
 * Cost: for Redis, one BullMQ queue opened, one count, closed.
 */
import type { JobCounts, PersonaStore } from '../../src/core/types.js';
import { BullJobQueue } from '../../src/stores/bull-job-queue.js';
import { RedisStore } from '../../src/stores/redis-store.js';
import { hasJobTable, StoreJobQueue } from '../../src/stores/store-job-queue.js';

export async function jobCounts(store: PersonaStore): Promise<JobCounts> {
  if (hasJobTable(store)) return new StoreJobQueue(store).counts();
  if (store instanceof RedisStore) {
    const queue = new BullJobQueue(store.queueOptions());
    try {
      return await queue.counts();
    } finally {
      await queue.close();
    }
  }
  throw new Error(`no job queue known for a ${store.kind} store`);
}
