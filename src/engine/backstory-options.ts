/**
 * The backstory worker's options and their defaults in one place, and the names of its jobs
 * (id, priority), so the engine, the CLI and the worker agree on them without importing the
 * worker itself.
 *   const work = resolveWorkerOptions({ batch: 4 }, provider.concurrency ?? 4, true);
 *   backstoryJobId('village', fingerprint, 'smith-1'); // 'backstory:village:<fp>:smith-1'
 *   personaJobId('village', fingerprint, '7');          // 'persona:village:<fp>:7'
 * Cost: none beyond building one options object per engine.
 */

export interface BackstoryWorkerOptions {
  /** Run queued backstory jobs in this process. Default: true. */
  enabled?: boolean;
  /**
   * Jobs leased and running at once. Default: max(8, 2 x provider concurrency x batch) when
   * the provider batches backstories, else max(8, 2 x provider concurrency): enough jobs to
   * fill every provider slot with full batches.
   */
  concurrency?: number;
  /** Most backstories per model call (first drafts of one world); 1 = one call per persona. Default: 4. */
  batch?: number;
  /**
   * Longest a backstory waits for others of its world to share a call, from when the first of
   * its batch started waiting, in ms (a full batch, or a focused job, goes at once). Longer
   * fills more batches when NPCs spawn one at a time, and delays a lone backstory by as much.
   * Default: 500.
   */
  batchWindowMs?: number;
  /**
   * How long a job lease (and a generation lock) outlives its owner's last heartbeat: how soon
   * another process may take over the work of a process that died. Default: 15,000 ms.
   */
  leaseMs?: number;
  /** How often the owner renews its leases and locks; must be below `leaseMs`. Default: leaseMs / 3. */
  heartbeatMs?: number;
  /** How often to look for jobs queued by other processes. Default: 1,000 ms. */
  pollMs?: number;
  /** Attempts before a job is marked failed. Default: 3. */
  maxAttempts?: number;
  /**
   * Take over at once the leases and locks of a process on this host that no longer runs
   * (owner ids carry host and pid) instead of waiting for them to expire. Turn off when
   * processes in separate PID namespaces share a hostname and a store. Default: true.
   */
  takeOverDeadOwners?: boolean;
}

export type ResolvedWorkerOptions = Required<BackstoryWorkerOptions>;

export const DEFAULT_BACKSTORY_BATCH = 4;
/** Backstories are seconds of model time: half a second of waiting lets spawns ~150 ms apart share a call of 4. */
export const DEFAULT_BACKSTORY_WINDOW_MS = 500;

/**
 * Every default in one place; `providerConcurrency` sizes the default job concurrency, times
 * the batch size when `providerBatches` (the provider writes several backstories per call).
 */
export function resolveWorkerOptions(
  options: BackstoryWorkerOptions = {},
  providerConcurrency = 4,
  providerBatches = false,
): ResolvedWorkerOptions {
  const leaseMs = options.leaseMs ?? 15_000;
  const batch = options.batch ?? DEFAULT_BACKSTORY_BATCH;
  return {
    enabled: options.enabled ?? true,
    concurrency: options.concurrency ?? Math.max(8, providerConcurrency * 2 * (providerBatches ? batch : 1)),
    batch,
    batchWindowMs: options.batchWindowMs ?? DEFAULT_BACKSTORY_WINDOW_MS,
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3)),
    pollMs: options.pollMs ?? 1_000,
    maxAttempts: options.maxAttempts ?? 3,
    takeOverDeadOwners: options.takeOverDeadOwners ?? true,
  };
}

/** Lower runs first: a focused persona's backstory, then refills of shared warm pools (live play waits on them), backstories and personas, then upgrades of provisional texts. */
export const JOB_PRIORITY = { focus: 0, refill: 5, normal: 10, upgrade: 20 } as const;

/** A refill of a world's shared warm pool: a new id each time (a refill asked again is new work). */
export function refillJobId(world: string, fingerprint: string, nonce: string): string {
  return `refill:${world}:${fingerprint}:${nonce}`;
}

export function backstoryJobId(world: string, fingerprint: string, key: string): string {
  return `backstory:${world}:${fingerprint}:${key}`;
}

/**
 * The job that rewrites a persona's provisional texts with the model; which texts are
 * provisional is part of the id, so a backstory that turns provisional after its bio was
 * upgraded gets a job of its own.
 */
export function upgradeJobId(world: string, fingerprint: string, key: string, texts: { bio: boolean; backstory: boolean }): string {
  return `upgrade:${world}:${fingerprint}:${key}:${texts.bio ? 'bio' : ''}${texts.bio && texts.backstory ? '+' : ''}${texts.backstory ? 'backstory' : ''}`;
}

/** The job that makes a whole persona (bio, then its backstory job): `generate --enqueue`. */
export function personaJobId(world: string, fingerprint: string, key: string): string {
  return `persona:${world}:${fingerprint}:${key}`;
}
