/**
 * Backstory worker: runs the durable backstory jobs in the store. Jobs are leased (so two
 * processes sharing a store never write the same backstory twice), run through the
 * scheduler's backstory lane, and completed. Leases are short (`leaseMs`, 15 s) and renewed by
 * this process's heartbeat (every `heartbeatMs`, a third of the lease) while a job runs, so a
 * model call slower than the lease is never leased twice, and a crashed process's jobs are free
 * within one lease; a lease held by a process on this host that no longer runs is taken over
 * at once (liveness.ts). A store failure never escapes: it goes to the engine's onError and
 * the worker retries with backoff. A closing engine can drain (let running jobs finish, start
 * none) before the rest are handed back. Jobs lease, heartbeat and complete one by one; only
 * their generation goes through the backstory batcher (backstory-batcher.ts), so jobs of one
 * world share model calls; a drain sends waiting batches at once, a close rejects them.
 *   worker.kick();              // a job was queued here
 *   await worker.idle();        // tests: wait until no job is queued or running
 *   await worker.drain(10_000); // shutdown: finish what runs, start nothing new
 * Cost: one store lease query per kick or poll (default every second) and one renew query per
 * heartbeat while jobs run (timers unref'd); an idle worker with free slots also lists the
 * leased jobs once per poll to spot a dead owner's.
 */
import type { JobRecord, PersonaRecord } from '../core/types.js';
import { BackstoryBatcher } from './backstory-batcher.js';
import type { EngineContext } from './context.js';
import { isDeadLocalOwner } from './liveness.js';
import { failed, withBackstory } from './records.js';

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
export function resolveWorkerOptions(options: BackstoryWorkerOptions = {}, providerConcurrency = 4, providerBatches = false): ResolvedWorkerOptions {
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

/** Backoff after a store failure: doubles from this, capped at STORE_RETRY_MAX_MS. */
const STORE_RETRY_MIN_MS = 100;
const STORE_RETRY_MAX_MS = 10_000;

export const JOB_PRIORITY = { normal: 10, focus: 0 } as const;

export function backstoryJobId(world: string, fingerprint: string, key: string): string {
  return `backstory:${world}:${fingerprint}:${key}`;
}

export class BackstoryWorker {
  private active = 0;
  private pumping: Promise<void> | null = null;
  private again = false;
  private draining = false;
  private readonly poll: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  private beating = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private nextTakeOverCheck = 0;
  /** Jobs leased here and still running (their leases are renewed). */
  private readonly leased = new Set<string>();
  /** Running jobs whose lease was taken over (this process stalled past the lease). */
  private readonly lost = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  /** Lets jobs of one world share a generation call. */
  private readonly batcher: BackstoryBatcher;

  constructor(
    private readonly ctx: EngineContext,
    private readonly options: ResolvedWorkerOptions,
  ) {
    this.batcher = new BackstoryBatcher(ctx.generator, { batch: options.batch, windowMs: options.batchWindowMs });
    if (options.enabled) {
      this.poll = setInterval(() => {
        this.kick();
        this.ctx.pollAwaiting().catch((err) => this.ctx.onError(err));
      }, options.pollMs);
      this.poll.unref();
    }
    // Always on: generation locks (bios, profiles) are renewed even when jobs run elsewhere.
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get running(): number {
    return this.active;
  }

  /** Every job slot is taken: the store may hold more jobs than this worker has leased (the generator splits a backlog's tail only when not). */
  get saturated(): boolean {
    return this.active >= this.options.concurrency;
  }

  get leaseMs(): number {
    return this.options.leaseMs;
  }

  /** Look for work now. Never throws; store failures go to onError and are retried with backoff. */
  kick(): void {
    // A focus queues (or re-queues) its job and kicks: a batch holding that job goes out now.
    if (!this.ctx.closed) this.batcher.focus();
    if (!this.options.enabled || this.ctx.closed || this.draining) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    if (this.retryTimer) return; // backing off after a store failure; the timer kicks
    this.pumping = this.pump()
      .then(
        () => {
          this.failures = 0;
        },
        (err: unknown) => this.backOff(err),
      )
      .finally(() => {
        this.pumping = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.checkIdle();
      });
  }

  private backOff(err: unknown): void {
    if (this.ctx.closed) return;
    this.ctx.onError(err);
    this.failures++;
    const delay = Math.min(STORE_RETRY_MAX_MS, STORE_RETRY_MIN_MS * 2 ** (this.failures - 1));
    this.again = false;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  private async pump(): Promise<void> {
    while (!this.ctx.closed && !this.draining && this.active < this.options.concurrency) {
      const jobs = await this.ctx.store.leaseJobs(this.ctx.instanceId, this.options.concurrency - this.active, this.options.leaseMs);
      if (!jobs.length) {
        if (await this.takeOverDeadOwners()) continue;
        return;
      }
      for (const job of jobs) {
        if (this.ctx.closed) {
          // Closed while leasing: hand it straight back.
          await this.ctx.store.failJob(job.id, this.ctx.instanceId, 'engine closed', true);
          continue;
        }
        this.active++;
        this.leased.add(job.id);
        void this.run(job).finally(() => {
          this.active--;
          this.leased.delete(job.id);
          this.lost.delete(job.id);
          this.kick();
          this.checkIdle();
        });
      }
    }
  }

  /**
   * Free the live leases of owners on this host that no longer run (a crashed or killed
   * process), at most once per poll interval. True when some were freed.
   */
  private async takeOverDeadOwners(): Promise<boolean> {
    const now = Date.now();
    if (!this.options.takeOverDeadOwners || now < this.nextTakeOverCheck) return false;
    this.nextTakeOverCheck = now + this.options.pollMs;
    let freed = 0;
    for (const job of await this.ctx.store.leasedJobs()) {
      const owner = job.leaseOwner;
      if (!owner || owner === this.ctx.instanceId || job.leaseUntil < now || !isDeadLocalOwner(owner)) continue;
      await this.ctx.store.failJob(job.id, owner, `taken over by ${this.ctx.instanceId}: lease owner ${owner} no longer runs`, true);
      freed++;
    }
    return freed > 0;
  }

  /** Renew the leases of running jobs and the engine's held locks (the owner's heartbeat). */
  private async beat(): Promise<void> {
    if (this.beating || this.ctx.closed) return;
    this.beating = true;
    try {
      await Promise.all([this.renewLeases(), this.ctx.renewLocks()]);
    } catch (err) {
      this.ctx.onError(err);
    } finally {
      this.beating = false;
    }
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.leased].filter((id) => !this.lost.has(id));
    if (!ids.length) return;
    const kept = new Set(await this.ctx.store.renewLeases(this.ctx.instanceId, ids, this.options.leaseMs));
    for (const id of ids) {
      // Finished meanwhile (no longer in `leased`): not a loss.
      if (kept.has(id) || !this.leased.has(id)) continue;
      this.lost.add(id);
      this.ctx.onError(
        new Error(
          `Backstory job ${id}: this process (${this.ctx.instanceId}) lost its lease, so another process may write the same backstory. ` +
            `The event loop or the store stalled for longer than backstories.leaseMs (${this.options.leaseMs} ms); raise it if that is expected.`,
        ),
      );
    }
  }

  private async run(job: JobRecord): Promise<void> {
    const { store } = this.ctx;
    let rec: PersonaRecord | undefined;
    try {
      rec = await store.getPersona(job.world, job.fingerprint, job.key);
      if (rec?.backstory != null) {
        await this.finish(job, () => store.completeJob(job.id, this.ctx.instanceId));
        this.ctx.published(rec);
        return;
      }
      if (!rec || rec.bio === null) {
        // Nothing to write from yet: park it as failed; enqueueing it again (after the bio) restarts it.
        await this.finish(job, () => store.failJob(job.id, this.ctx.instanceId, `persona ${job.key} has no bio to write a backstory from`, false));
        return;
      }
      const world = await this.ctx.loadWorld(job.world, job.fingerprint);
      if (!world) throw new Error(`world ${job.world} (${job.fingerprint}) is not in the store`);
      const identity = { key: rec.key, name: rec.name, traits: rec.traits, hints: rec.hints };
      const story = await this.batcher.request(world.context, world.profile, {
        subject: identity,
        bio: rec.bio,
        id: job.id,
        priority: () => this.ctx.backstoryPriority(job.id, job.priority),
      });
      // Re-read: the record may have changed while the model wrote (another field, never the backstory).
      const latest = (await store.getPersona(job.world, job.fingerprint, job.key)) ?? rec;
      // Written elsewhere meanwhile (only after this lease lapsed): keep the first, never swap texts.
      const done = latest.backstory !== null ? latest : withBackstory(latest, story);
      if (done !== latest) await store.putPersona(done);
      await this.finish(job, () => store.completeJob(job.id, this.ctx.instanceId));
      this.ctx.published(done);
    } catch (err) {
      if (this.ctx.closed) return; // close() hands the lease back
      const retry = job.attempts < this.options.maxAttempts;
      await this.finish(job, () => store.failJob(job.id, this.ctx.instanceId, err instanceof Error ? err.message : String(err), retry)).catch((e) => this.ctx.onError(e));
      if (!retry && rec) {
        const gaveUp = failed(rec, err);
        await store.putPersona(gaveUp).catch((e) => this.ctx.onError(e));
        this.ctx.published(gaveUp);
      }
      this.ctx.onError(err);
    }
  }

  /** Stop renewing the lease, then complete or fail the job in the store. */
  private finish(job: JobRecord, settle: () => Promise<void>): Promise<void> {
    this.leased.delete(job.id);
    return settle();
  }

  /** Resolves when no job is queued in the store or running here (at once when the worker is off). */
  async idle(): Promise<void> {
    while (this.options.enabled && !this.ctx.closed && !this.draining) {
      if (this.pumping) await this.pumping;
      if (this.active > 0) {
        await new Promise<void>((r) => this.idleWaiters.push(r));
        continue;
      }
      await this.ctx.pollAwaiting();
      if ((await this.ctx.store.countJobs('queued')) === 0) return;
      this.kick();
      if (this.pumping) await this.pumping;
      // Queued but not leasable here yet: wait a poll interval instead of spinning.
      if (this.active === 0) await new Promise((r) => setTimeout(r, this.options.pollMs));
    }
  }

  private checkIdle(): void {
    if (this.active > 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  /** Start no new job; resolves when the running ones have finished, or after `ms`. */
  async drain(ms: number): Promise<void> {
    this.draining = true;
    // Jobs waiting for company would sit out their window: send them now.
    this.batcher.flushAll();
    if (this.active === 0 || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((r) => this.idleWaiters.push(r)), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Stop taking jobs and hand back the ones leased here so another run can finish them. */
  async close(): Promise<void> {
    this.draining = true;
    if (this.poll) clearInterval(this.poll);
    clearInterval(this.heartbeat);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // Nothing waits out a window after close: waiting jobs fail as closed and are handed back below.
    this.batcher.close();
    const held = [...this.leased];
    this.leased.clear();
    await Promise.all(held.map((id) => this.ctx.store.failJob(id, this.ctx.instanceId, 'engine closed', true).catch((err) => this.ctx.onError(err))));
    this.checkIdle();
  }
}
