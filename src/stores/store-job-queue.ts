/**
 * The embedded job queue: the JobQueue interface on a store's own job table (MemoryStore or
 * SqliteStore), for one machine. Leases are renewed by the owner's heartbeat, a dead owner's
 * leases expire (or are freed at once when it ran on this host, through `leased`), and a
 * SQLite file shared by processes on one host is one queue for all of them.
 *
 *   const queue = new StoreJobQueue(new SqliteStore({ path: 'personas.db' }));
 *   await queue.add({ id: 'j1', kind: 'backstory', world: 'w', fingerprint: 'f', key: 'k', priority: 10 });
 *   const [job] = await queue.lease('worker-1', 1, 15_000);
 *
 * Cost: one store call per method (each one SQL statement or a map lookup); counts() asks the
 * table once per state.
 */
import type { JobCounts, JobQueue, JobRecord, JobTable, NewJob, PersonaStore } from '../core/types.js';

/** Whether a store carries its own job table (the embedded stores do; RedisStore leaves jobs to BullMQ). */
export function hasJobTable(store: PersonaStore): store is PersonaStore & JobTable {
  const s = store as Partial<JobTable>;
  return typeof s.enqueueJob === 'function' && typeof s.leaseJobs === 'function' && typeof s.renewLeases === 'function';
}

export class StoreJobQueue implements JobQueue {
  readonly kind = 'store';

  constructor(private readonly table: JobTable) {}

  add(job: NewJob): Promise<void> {
    return this.table.enqueueJob(job);
  }

  lease(owner: string, limit: number, leaseMs: number): Promise<JobRecord[]> {
    return this.table.leaseJobs(owner, limit, leaseMs);
  }

  renew(owner: string, ids: readonly string[], leaseMs: number): Promise<string[]> {
    return this.table.renewLeases(owner, ids, leaseMs);
  }

  complete(id: string, owner: string): Promise<void> {
    return this.table.completeJob(id, owner);
  }

  fail(id: string, owner: string, error: string, retry: boolean): Promise<void> {
    return this.table.failJob(id, owner, error, retry);
  }

  handBack(id: string, owner: string): Promise<void> {
    return this.table.failJob(id, owner, 'handed back: its worker closed', true);
  }

  prioritize(id: string, priority: number): Promise<void> {
    return this.table.reprioritiseJob(id, priority);
  }

  get(id: string): Promise<JobRecord | undefined> {
    return this.table.getJob(id);
  }

  async counts(): Promise<JobCounts> {
    const [queued, leased, done, failed] = await Promise.all([
      this.table.countJobs('queued'),
      this.table.countJobs('leased'),
      this.table.countJobs('done'),
      this.table.countJobs('failed'),
    ]);
    return { queued, leased, done, failed };
  }

  leased(limit?: number): Promise<JobRecord[]> {
    return this.table.leasedJobs(limit);
  }

  /** The table belongs to its store: the store's close() closes it. */
  async close(): Promise<void> {}
}
