/**
 * Backstory worker: runs the durable backstory jobs of the engine's job queue (the store's
 * own table on one machine, BullMQ with Redis: see JobQueue). Jobs are leased (so two
 * processes sharing a queue never write the same backstory twice), run through the
 * scheduler's backstory lane, and completed. Leases are short (`leaseMs`, 15 s) and renewed by
 * this process's heartbeat (every `heartbeatMs`, a third of the lease) while a job runs, so a
 * model call slower than the lease is never leased twice, and a crashed process's jobs are free
 * within one lease; a lease held by a process on this host that no longer runs is taken over
 * at once where the queue lists its leases (liveness.ts; both queues do; BullMQ's stalled
 * checker also frees any lapsed lease within one or two leases). A queue that announces new jobs (`watchAdded`) kicks the worker at once. A store failure never escapes: it goes to the engine's onError and
 * the worker retries with backoff. A closing engine can drain (let running jobs finish, start
 * none) before the rest are handed back. Jobs lease, heartbeat and complete one by one; only
 * their generation goes through the backstory batcher (backstory-batcher.ts), so jobs of one
 * world share model calls; a drain sends waiting batches at once, a close rejects them.
 * It also owns the queue's side in this process: `enqueue` writes a job durably (and remembers
 * the handle waiting for it, so a backstory written by another process reaches it on a poll),
 * `prioritize` moves a focused persona's job to the front, `settle` forgets both once done.
 *   await worker.enqueue(world, record); // queue a backstory (idempotent)
 *   worker.kick();              // a job was queued elsewhere
 *   await worker.idle();        // tests: wait until no job is queued or running
 *   await worker.drain(10_000); // shutdown: finish what runs, start nothing new
 * Cost: one queue lease call per kick or poll (default every second) and one renew call per
 * running job per heartbeat (timers unref'd); an idle worker with free slots also lists the
 * leased jobs once per poll to spot a dead owner's (queues with `leased` only).
 */
import type { JobQueue, JobRecord, PersonaRecord, PersonaStore } from '../core/types.js';
import { BackstoryBatcher } from './backstory-batcher.js';
import { FinishedElsewhere } from './finished-elsewhere.js';
import { backstoryJobId, JOB_PRIORITY, type ResolvedWorkerOptions } from './backstory-options.js';
import { isDeadLocalOwner } from './liveness.js';
import type { PersonaHandle } from './persona-handle.js';
import { handleKey, type PersonaHandles } from './persona-handles.js';
import { failed, withBackstory } from './records.js';
import { FOCUS_BOOST, LANE_PRIORITY, type Scheduler } from './scheduler.js';
import type { SingleFlight } from './single-flight.js';
import type { TextWriter } from './text-writer.js';
import type { WorldRegistry } from './world-registry.js';

export {
  backstoryJobId,
  DEFAULT_BACKSTORY_BATCH,
  DEFAULT_BACKSTORY_WINDOW_MS,
  JOB_PRIORITY,
  resolveWorkerOptions,
} from './backstory-options.js';
export type { BackstoryWorkerOptions, ResolvedWorkerOptions } from './backstory-options.js';

export interface BackstoryWorkerDeps {
  /** Name of this process in job leases. */
  instanceId: string;
  /** Personas are read and written here (and `watchFinished` heard from here). */
  store: PersonaStore;
  /** Jobs are leased, renewed and settled here. */
  queue: JobQueue;
  writer: TextWriter;
  scheduler: Pick<Scheduler, 'boost'>;
  handles: Pick<PersonaHandles, 'get'>;
  worlds: Pick<WorldRegistry, 'load'>;
  /** Its locks are renewed on this worker's heartbeat. */
  flights: Pick<SingleFlight, 'renewLocks'>;
  /** Hand a record to the engine (its handle, this worker's `settle`, the upgrader). */
  publish: (record: PersonaRecord) => void;
  /** Make a whole persona (its bio; the handle queues its backstory): runs a `persona` job. */
  makePersona?: (job: JobRecord) => Promise<void>;
  /** Rewrite a persona's provisional texts with the model; rejects while they stay provisional: runs an `upgrade` job. */
  upgradePersona?: (job: JobRecord) => Promise<void>;
  /** Make ready entries for a world's shared warm pool: runs a `refill` job. */
  refillPool?: (job: JobRecord) => Promise<void>;
  /** A job run here ended (metrics). */
  onJobEnded?: (outcome: 'done' | 'retried' | 'failed') => void;
  /** The engine's shutdown signal: aborted, the worker starts nothing. */
  signal: AbortSignal;
  onError: (err: unknown) => void;
}

/** Backoff after a store failure: doubles from this, capped at STORE_RETRY_MAX_MS. */
const STORE_RETRY_MIN_MS = 100;
const STORE_RETRY_MAX_MS = 10_000;

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
  /** Backstory jobs being written to the store (close() lets them land). */
  private readonly enqueues = new Set<Promise<void>>();
  /** Backstory job ids a player focused on: they jump the queue when they reach the scheduler. */
  private readonly focused = new Set<string>();
  /** Handles waiting for a backstory another process writes (pushed by watchFinished, else polled). */
  private readonly elsewhere: FinishedElsewhere;
  /** Stops watchAdded (null: the queue has none). */
  private readonly unwatchAdded: (() => void) | null = null;

  constructor(
    private readonly deps: BackstoryWorkerDeps,
    private readonly options: ResolvedWorkerOptions,
  ) {
    this.batcher = new BackstoryBatcher(deps.writer, { batch: options.batch, windowMs: options.batchWindowMs });
    if (options.enabled) {
      this.poll = setInterval(() => {
        this.kick();
        this.elsewhere.poll().catch((err) => this.deps.onError(err));
      }, options.pollMs);
      this.poll.unref();
    }
    // A store shared by processes may tell us when another one finished a persona we wait for.
    this.elsewhere = new FinishedElsewhere(deps);
    // A queue shared by processes may tell us when any of them adds a job: look at once.
    if (options.enabled) this.unwatchAdded = deps.queue.watchAdded?.(() => this.kick()) ?? null;
    // Always on: generation locks (bios, profiles) are renewed even when jobs run elsewhere.
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Jobs running here now. */
  get running(): number {
    return this.active;
  }

  /** Every job slot is taken: the store may hold more jobs than this worker has leased (the text writer splits a backlog's tail only when not). */
  get saturated(): boolean {
    return this.active >= this.options.concurrency;
  }

  /** Look for work now. Never throws; store failures go to onError and are retried with backoff. */
  kick(): void {
    // A focus queues (or re-queues) its job and kicks: a batch holding that job goes out now.
    if (!this.deps.signal.aborted) this.batcher.focus();
    if (!this.options.enabled || this.deps.signal.aborted || this.draining) return;
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
    if (this.deps.signal.aborted) return;
    this.deps.onError(err);
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
    while (!this.deps.signal.aborted && !this.draining && this.active < this.options.concurrency) {
      const jobs = await this.deps.queue.lease(this.deps.instanceId, this.options.concurrency - this.active, this.options.leaseMs);
      if (!jobs.length) {
        if (await this.takeOverDeadOwners()) continue;
        return;
      }
      for (const job of jobs) {
        if (this.deps.signal.aborted) {
          // Closed while leasing: hand it straight back.
          await this.deps.queue.handBack(job.id, this.deps.instanceId);
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
    const { queue } = this.deps;
    if (!this.options.takeOverDeadOwners || !queue.leased || now < this.nextTakeOverCheck) return false;
    this.nextTakeOverCheck = now + this.options.pollMs;
    let freed = 0;
    for (const job of await queue.leased()) {
      const owner = job.leaseOwner;
      if (!owner || owner === this.deps.instanceId || job.leaseUntil < now || !isDeadLocalOwner(owner)) continue;
      await queue.fail(job.id, owner, `taken over by ${this.deps.instanceId}: lease owner ${owner} no longer runs`, true);
      freed++;
    }
    return freed > 0;
  }

  /** Renew the leases of running jobs and the engine's held locks (the owner's heartbeat). */
  private async beat(): Promise<void> {
    if (this.beating || this.deps.signal.aborted) return;
    this.beating = true;
    try {
      await Promise.all([this.renewLeases(), this.deps.flights.renewLocks()]);
    } catch (err) {
      this.deps.onError(err);
    } finally {
      this.beating = false;
    }
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.leased].filter((id) => !this.lost.has(id));
    if (!ids.length) return;
    const kept = new Set(await this.deps.queue.renew(this.deps.instanceId, ids, this.options.leaseMs));
    for (const id of ids) {
      // Finished meanwhile (no longer in `leased`): not a loss.
      if (kept.has(id) || !this.leased.has(id)) continue;
      this.lost.add(id);
      this.deps.onError(
        new Error(
          `Backstory job ${id}: this process (${this.deps.instanceId}) lost its lease, so another process may write the same backstory. ` +
            `The event loop or the store stalled for longer than backstories.leaseMs (${this.options.leaseMs} ms); raise it if that is expected.`,
        ),
      );
    }
  }

  /**
   * A `persona` job (make the bio; the persona's handle then queues its backstory job), an
   * `upgrade` job (the model rewrites provisional texts; throws while it still fails, so the
   * queue retries with backoff) or a `refill` job (entries for a shared warm pool): run it,
   * then complete or fail it.
   */
  private async runTask(job: JobRecord): Promise<void> {
    const { queue } = this.deps;
    const task = job.kind === 'persona' ? this.deps.makePersona : job.kind === 'upgrade' ? this.deps.upgradePersona : this.deps.refillPool;
    try {
      if (!task) throw new Error(`this worker cannot run ${job.kind} jobs`);
      await task(job);
      await this.finish(job, () => queue.complete(job.id, this.deps.instanceId));
      this.deps.onJobEnded?.('done');
    } catch (err) {
      await this.failed(job, err);
    }
  }

  /**
   * A job's run threw: fail it in the queue (queued again while attempts are left) and report
   * it. Resolves whether it will be retried; null when the engine is closing (close() hands
   * the lease back instead).
   */
  private async failed(job: JobRecord, err: unknown): Promise<boolean | null> {
    if (this.deps.signal.aborted) return null;
    const retry = job.attempts < this.options.maxAttempts;
    const message = err instanceof Error ? err.message : String(err);
    await this.finish(job, () => this.deps.queue.fail(job.id, this.deps.instanceId, message, retry)).catch((e) => this.deps.onError(e));
    this.deps.onJobEnded?.(retry ? 'retried' : 'failed');
    this.deps.onError(err);
    return retry;
  }

  private async run(job: JobRecord): Promise<void> {
    if (job.kind !== 'backstory') return this.runTask(job);
    const { store, queue } = this.deps;
    let rec: PersonaRecord | undefined;
    try {
      rec = await store.getPersona(job.world, job.fingerprint, job.key);
      if (rec?.backstory != null) {
        await this.finish(job, () => queue.complete(job.id, this.deps.instanceId));
        this.deps.onJobEnded?.('done');
        this.deps.publish(rec);
        return;
      }
      if (!rec || rec.bio === null) {
        // Nothing to write from yet: park it as failed; enqueueing it again (after the bio) restarts it.
        await this.finish(job, () =>
          queue.fail(job.id, this.deps.instanceId, `persona ${job.key} has no bio to write a backstory from`, false),
        );
        this.deps.onJobEnded?.('failed');
        return;
      }
      const world = await this.deps.worlds.load(job.world, job.fingerprint);
      if (!world) throw new Error(`world ${job.world} (${job.fingerprint}) is not in the store`);
      const identity = { key: rec.key, name: rec.name, traits: rec.traits, hints: rec.hints };
      const story = await this.batcher.request(world.context, world.profile, {
        subject: identity,
        bio: rec.bio,
        id: job.id,
        priority: () => this.backstoryPriority(job.id, job.priority),
      });
      // Re-read: the record may have changed while the model wrote (another field, never the backstory).
      const latest = (await store.getPersona(job.world, job.fingerprint, job.key)) ?? rec;
      // Written elsewhere meanwhile (only after this lease lapsed): keep the first, never swap texts.
      const done = latest.backstory !== null ? latest : withBackstory(latest, story);
      if (done !== latest) await store.putPersona(done);
      await this.finish(job, () => queue.complete(job.id, this.deps.instanceId));
      this.deps.onJobEnded?.('done');
      this.deps.publish(done);
    } catch (err) {
      // Out of attempts: the persona is marked failed, so whoever waits for it hears.
      if ((await this.failed(job, err)) === false && rec) {
        const gaveUp = failed(rec, err);
        await store.putPersona(gaveUp).catch((e) => this.deps.onError(e));
        this.deps.publish(gaveUp);
      }
    }
  }

  /** Stop renewing the lease, then complete or fail the job in the store. */
  private finish(job: JobRecord, settle: () => Promise<void>): Promise<void> {
    this.leased.delete(job.id);
    return settle();
  }

  /** Resolves when no job is queued or running here (at once when the worker is off). */
  async idle(): Promise<void> {
    while (this.options.enabled && !this.deps.signal.aborted && !this.draining) {
      if (this.pumping) await this.pumping;
      if (this.active > 0) {
        await new Promise<void>((r) => this.idleWaiters.push(r));
        continue;
      }
      await this.elsewhere.poll();
      if ((await this.deps.queue.counts()).queued === 0) return;
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
    this.elsewhere.close();
    this.unwatchAdded?.();
    clearInterval(this.heartbeat);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // Nothing waits out a window after close: waiting jobs fail as closed and are handed back below.
    this.batcher.close();
    const held = [...this.leased];
    this.leased.clear();
    await Promise.all(held.map((id) => this.deps.queue.handBack(id, this.deps.instanceId).catch((err) => this.deps.onError(err))));
    this.checkIdle();
  }

  /** Queue (durably) the backstory for a persona that has its bio. Idempotent. */
  enqueue(world: { id: string; fingerprint: string }, record: PersonaRecord, priority: number = JOB_PRIORITY.normal): Promise<void> {
    const write = this.writeJob(world, record, priority);
    // close() waits for these: a persona whose bio was handed out has its job in the store.
    this.enqueues.add(write);
    void write.then(
      () => this.enqueues.delete(write),
      () => this.enqueues.delete(write),
    );
    return write;
  }

  /** Resolves when every backstory job being queued right now is in the store (or failed to be). */
  async whenEnqueued(): Promise<void> {
    await Promise.allSettled([...this.enqueues]);
  }

  private async writeJob(world: { id: string; fingerprint: string }, record: PersonaRecord, priority: number): Promise<void> {
    const cacheKey = handleKey(world.id, world.fingerprint, record.key);
    await this.deps.queue.add({
      id: backstoryJobId(world.id, world.fingerprint, record.key),
      kind: 'backstory',
      world: world.id,
      fingerprint: world.fingerprint,
      key: record.key,
      priority,
    });
    const held = this.deps.handles.get(cacheKey);
    if (held) {
      held.backstoryQueued = true;
      this.elsewhere.wait(cacheKey, held.handle);
    }
    this.kick();
  }

  /** Scheduler priority for a backstory job (boosted when focused). */
  private backstoryPriority(jobId: string, storedPriority: number): number {
    return LANE_PRIORITY.backstory + (this.focused.has(jobId) || storedPriority <= JOB_PRIORITY.focus ? FOCUS_BOOST : 0);
  }

  /** A record was published: once its backstory is done (or it failed), forget focus and waiting for it. */
  settle(record: PersonaRecord): void {
    if (record.backstory === null && record.status !== 'failed') return;
    this.elsewhere.forget(handleKey(record.world, record.fingerprint, record.key));
    this.focused.delete(backstoryJobId(record.world, record.fingerprint, record.key));
  }

  /** A player focused on this persona: its backstory job goes first (queued now if its bio is there). Never throws. */
  prioritize(handle: PersonaHandle): void {
    void this.focus(handle).catch((err) => this.deps.onError(err));
  }

  private async focus(handle: PersonaHandle): Promise<void> {
    const rec = handle.record;
    if (!rec || rec.backstory !== null) return;
    const id = backstoryJobId(rec.world, rec.fingerprint, rec.key);
    this.focused.add(id);
    this.deps.scheduler.boost(id, LANE_PRIORITY.backstory + FOCUS_BOOST);
    await this.deps.queue.prioritize(id, JOB_PRIORITY.focus).catch((err) => this.deps.onError(err));
    const world = { id: rec.world, fingerprint: rec.fingerprint };
    if (rec.bio !== null) await this.enqueue(world, rec, JOB_PRIORITY.focus).catch((err) => this.deps.onError(err));
  }
}
