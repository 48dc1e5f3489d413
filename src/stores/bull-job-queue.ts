/**
 * The shared job queue on BullMQ, for several processes behind one Redis (game servers and
 * `colyseus-personas worker`). BullMQ keeps the jobs; this class gives them the engine's
 * JobQueue shape by processing them manually (BullMQ's documented `getNextJob` /
 * `extendLock` / `moveToCompleted` / `moveToFailed`), so the engine's worker keeps batching
 * jobs of one world into one model call:
 * - a lease is a BullMQ job lock (`lockDuration` = the lease), renewed by the worker's
 *   heartbeat; a lock not renewed lapses, and BullMQ's stalled-job checker (every `leaseMs`, in
 *   each process that has leased) queues the job again at its next run, so another owner gets
 *   it one to two leases after the lapse, never while the lock is renewed (stalls past
 *   `attempts` fail the job);
 * - a failure with retry goes back after an exponential backoff (`backoffMs`, doubling); one
 *   without becomes an UnrecoverableError (failed, kept `keepFailedMs` for a dashboard);
 * - priority is BullMQ's (1 = first; ours + 1), and `prioritize` (a player's focus) moves a
 *   waiting job (a retry waiting out its backoff too) up with `changePriority`;
 * - `pauseAll` (a provider's 429) is BullMQ's queue-wide rate limit: no process starts a job.
 *   BullMQ honours it only in workers with a limiter, so every worker has one (`limiter`, or
 *   one that never limits by itself);
 * - `watchAdded` listens to BullMQ's own event stream (QueueEvents), not polling;
 * - `leased` lists running jobs with the owner in their lock, so a worker can put back at once
 *   the jobs of a dead process on its host (`fail` by that owner moves them to wait).
 * Keys are `<prefix>:<queue name>:...`; the default prefix `{personas}` is a Redis Cluster
 * hash tag, so every key of the queue lives in one slot (BullMQ's own Cluster rule). Job ids
 * are ours made safe for BullMQ (no ':'): `j.` + encodeURIComponent(id).
 *
 *   const queue = new BullJobQueue({ url: process.env.REDIS_URL });
 *   await queue.add({ id: 'backstory:w:f:k', kind: 'backstory', world: 'w', fingerprint: 'f', key: 'k', priority: 10 });
 *   const jobs = await queue.lease('worker-1', 4, 15_000);
 *
 * Cost: three Redis connections (queue, worker, events) plus BullMQ's blocking one, opened on
 * first use; one script call per job transition, one per renewed job per heartbeat, and the
 * stalled checker's one call per `leaseMs`.
 */
import { randomUUID } from 'node:crypto';
import { type Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../core/errors.js';
import type { JobCounts, JobQueue, JobRecord, JobState, NewJob } from '../core/types.js';

export interface BullJobQueueOptions {
  /** Where Redis listens. Ignored when `client` is given. Default: 'redis://127.0.0.1:6379'. */
  url?: string;
  /** Open the queue's connections with this client's options (duplicates; the client itself is never used or closed). */
  client?: Redis;
  /** BullMQ's key prefix. Keep a `{hash tag}` in it for Redis Cluster. Default: '{personas}'. */
  prefix?: string;
  /** The BullMQ queue's name (what a dashboard shows). Default: 'persona-jobs'. */
  name?: string;
  /** Runs of a job before it fails for good (failures and stalls). Default: 3. */
  attempts?: number;
  /** First retry's delay; each next one doubles. Default: 1,000 ms. */
  backoffMs?: number;
  /** How long a done job is kept: adding it again meanwhile does nothing. Default: 24 h. */
  keepDoneMs?: number;
  /** How long a failed job is kept for inspection (adding it again restarts it at once). Default: 7 days. */
  keepFailedMs?: number;
  /** Optional BullMQ limiter: at most `max` jobs started per `duration` ms across every process. */
  limiter?: { max: number; duration: number };
  /**
   * How long a call waits for the first connection to Redis before it fails with
   * StoreUnavailableError naming the URL; once a connection attempt has failed, calls fail at
   * once until Redis is back (the engine's worker reports it and retries with backoff). A call
   * already sent when Redis drops waits for it to return. Default: 2,000 ms.
   */
  unavailableAfterMs?: number;
}

interface Held {
  job: Job<NewJob>;
  token: string;
  owner: string;
}

/** BullMQ refuses ':' in a custom id and an id that is a whole number. */
const bullId = (id: string): string => `j.${encodeURIComponent(id)}`;
/** Ours: 0 = focus (most urgent). BullMQ's: 1 is the most urgent prioritised job. */
const toBullPriority = (p: number): number => Math.min(2_097_152, Math.max(1, Math.round(p) + 1));
/**
 * The limiter a worker gets when none is configured. BullMQ checks the queue-wide pause that
 * `queue.rateLimit` sets only for a worker with a limiter (its `max` is compared with the
 * pause's counter), so `pauseAll` would do nothing without one; this one never limits by itself
 * (2^31 starts per minute) and costs one INCR per started job.
 */
const PAUSE_ONLY_LIMITER = { max: 2 ** 31, duration: 60_000 };
/** States in which a job waits to run: its priority may still change. */
const WAITING = new Set(['waiting', 'prioritized', 'delayed']);
/** A lost lock, or a job no longer active: the lease is gone, nothing to do. */
const isLostLease = (err: unknown): boolean =>
  err instanceof Error && /Missing lock|Missing key|not in the active state|Lock mismatch/i.test(err.message);

export class BullJobQueue implements JobQueue {
  readonly kind = 'bullmq';
  readonly name: string;
  readonly prefix: string;
  private readonly url: string;
  private readonly attempts: number;
  private readonly options: BullJobQueueOptions;
  private readonly client: Redis;
  private readonly queue: Queue<NewJob>;
  /** One manual worker per lease length (BullMQ's lockDuration is a worker option). */
  private readonly workers = new Map<number, Worker<NewJob>>();
  private events: QueueEvents | null = null;
  private readonly held = new Map<string, Held>();
  private readonly clients = new Set<Redis>();
  private closed = false;
  /** The main connection's last error, named when a call gives up on Redis. */
  private lastError: Error | null = null;
  private readonly unavailableAfterMs: number;

  constructor(options: BullJobQueueOptions = {}) {
    this.options = options;
    const given = options.client?.options;
    this.url = given ? `redis://${given.host ?? '127.0.0.1'}:${given.port ?? 6379}` : (options.url ?? 'redis://127.0.0.1:6379');
    this.prefix = options.prefix ?? '{personas}';
    this.name = options.name ?? 'persona-jobs';
    this.attempts = options.attempts ?? 3;
    this.unavailableAfterMs = options.unavailableAfterMs ?? 2_000;
    this.client = this.connect();
    this.client.on('error', (err: Error) => (this.lastError = err));
    this.client.on('ready', () => (this.lastError = null));
    this.queue = new Queue<NewJob>(this.name, {
      connection: this.client,
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 1_000 },
        removeOnComplete: { age: Math.ceil((options.keepDoneMs ?? 86_400_000) / 1000) },
        removeOnFail: { age: Math.ceil((options.keepFailedMs ?? 7 * 86_400_000) / 1000) },
      },
    });
    this.queue.on('error', () => {}); // every call rejects on its own; this only keeps an 'error' event from throwing
  }

  /** BullMQ needs `maxRetriesPerRequest: null` on its connections (a worker waits out a Redis restart). */
  private connect(): Redis {
    const base = this.options.client;
    const client = base ? base.duplicate({ maxRetriesPerRequest: null }) : new Redis(this.url, { maxRetriesPerRequest: null });
    client.on('error', () => {}); // reported by the call that needed it
    this.clients.add(client);
    return client;
  }

  private worker(leaseMs: number): Worker<NewJob> {
    let worker = this.workers.get(leaseMs);
    if (!worker) {
      worker = new Worker<NewJob>(this.name, null, {
        connection: this.connect(),
        prefix: this.prefix,
        autorun: false,
        lockDuration: leaseMs,
        stalledInterval: leaseMs,
        maxStalledCount: this.attempts,
        limiter: this.options.limiter ?? PAUSE_ONLY_LIMITER,
      });
      worker.on('error', () => {});
      // Manual processing runs no stalled checker by itself: a dead process's jobs come back through this one.
      void worker.startStalledCheckTimer().catch(() => {});
      this.workers.set(leaseMs, worker);
    }
    return worker;
  }

  /** Resolves once the main connection is up; fails with StoreUnavailableError after `unavailableAfterMs` without it. */
  private async ready(): Promise<void> {
    if (this.client.status === 'ready') return;
    if (this.closed) throw new StoreUnavailableError('redis', this.url, `The Redis job queue at ${this.url} is closed.`);
    const client = this.client;
    // A connection attempt has failed already: say so now (the worker backs off and retries) instead of making every call wait.
    const up =
      !this.lastError &&
      (await new Promise<boolean>((resolve) => {
        const done = (ok: boolean): void => {
          clearTimeout(timer);
          client.off('ready', onReady).off('error', onError);
          resolve(ok);
        };
        const onReady = (): void => done(true);
        // The attempt under way failed (refused, unknown host): no use waiting out the timeout.
        const onError = (): void => done(false);
        const timer = setTimeout(() => done(false), this.unavailableAfterMs);
        client.on('ready', onReady).on('error', onError);
      }));
    if (up) return;
    const why = this.lastError?.message ?? `not connected after ${this.unavailableAfterMs} ms`;
    throw new StoreUnavailableError(
      'redis',
      this.url,
      `Cannot reach the Redis job queue at ${this.url} (${why}). Start Redis there, fix REDIS_URL (or the queue's url), or unset REDIS_URL to use the embedded SQLite file.`,
      { cause: this.lastError ?? undefined },
    );
  }

  async add(job: NewJob): Promise<void> {
    await this.ready();
    const id = bullId(job.id);
    const existing = await this.queue.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed') await existing.remove();
      else {
        const priority = toBullPriority(job.priority);
        if (WAITING.has(state) && priority < (existing.priority || Infinity)) {
          await existing.changePriority({ priority }).catch(() => {}); // started meanwhile: it runs at its old priority
        }
        return;
      }
    }
    const data: NewJob = {
      id: job.id,
      kind: job.kind,
      world: job.world,
      fingerprint: job.fingerprint,
      key: job.key,
      priority: job.priority,
    };
    await this.queue.add(job.kind, data, { jobId: id, priority: toBullPriority(job.priority) });
  }

  async lease(owner: string, limit: number, leaseMs: number): Promise<JobRecord[]> {
    await this.ready();
    if (this.closed || limit <= 0) return [];
    const worker = this.worker(leaseMs);
    const out: JobRecord[] = [];
    while (out.length < limit) {
      const token = `${owner}~${randomUUID()}`;
      let job: Job<NewJob> | undefined;
      try {
        job = (await worker.getNextJob(token, { block: false })) as Job<NewJob> | undefined;
      } catch (err) {
        if (out.length === 0) throw err;
        break; // return the jobs already leased (else they would sit locked until their lease lapses); the next lease meets the error
      }
      if (!job) break;
      this.held.set(job.data.id, { job, token, owner });
      out.push(this.record(job, 'leased', owner, Date.now() + leaseMs));
    }
    return out;
  }

  async renew(owner: string, ids: readonly string[], leaseMs: number): Promise<string[]> {
    await this.ready();
    const kept = await Promise.all(
      ids.map(async (id) => {
        const h = this.held.get(id);
        if (!h || h.owner !== owner) return null;
        return (await h.job.extendLock(h.token, leaseMs)) ? id : null;
      }),
    );
    return kept.filter((id): id is string => id !== null);
  }

  complete(id: string, owner: string): Promise<void> {
    return this.settle(id, owner, (h) => h.job.moveToCompleted('done', h.token, false));
  }

  fail(id: string, owner: string, error: string, retry: boolean): Promise<void> {
    return this.settle(id, owner, (h) => h.job.moveToFailed(retry ? new Error(error) : new UnrecoverableError(error), h.token, false));
  }

  handBack(id: string, owner: string): Promise<void> {
    return this.settle(id, owner, (h) => h.job.moveToWait(h.token));
  }

  /** Run one transition of a job leased here by `owner`; a lease lost meanwhile makes it a no-op. */
  private async settle(id: string, owner: string, step: (h: Held) => Promise<unknown>): Promise<void> {
    await this.ready();
    const h = this.held.get(id);
    if (!h) {
      // Not leased here: a worker freeing the job of a dead owner on its host (see `leased`).
      await this.takeOver(id, owner);
      return;
    }
    if (h.owner !== owner) return;
    this.held.delete(id);
    try {
      await step(h);
    } catch (err) {
      if (!isLostLease(err)) throw err;
    }
  }

  async prioritize(id: string, priority: number): Promise<void> {
    await this.ready();
    const job = await this.queue.getJob(bullId(id));
    if (!job) return;
    const state = await job.getState();
    if (!WAITING.has(state)) return;
    await job.changePriority({ priority: toBullPriority(priority) }).catch((err: unknown) => {
      if (!(err instanceof Error && /not exist|not in/i.test(err.message))) throw err;
    });
  }

  async get(id: string): Promise<JobRecord | undefined> {
    await this.ready();
    const job = (await this.queue.getJob(bullId(id))) as Job<NewJob> | undefined;
    if (!job) return undefined;
    const state = await job.getState();
    if (state === 'active') return this.activeRecord(job);
    const mapped: JobState = state === 'completed' ? 'done' : state === 'failed' ? 'failed' : 'queued';
    return this.record(job, mapped, null, 0);
  }

  /** A running job as a lease: its owner and expiry read from BullMQ's lock (`<owner>~<nonce>`). */
  private async activeRecord(job: Job<NewJob>): Promise<JobRecord> {
    const { token, ttl } = await this.lockOf(job);
    return this.record(job, 'leased', token ? token.slice(0, token.lastIndexOf('~')) : null, ttl > 0 ? Date.now() + ttl : 0);
  }

  private async lockOf(job: Job<NewJob>): Promise<{ token: string | null; ttl: number }> {
    const key = `${this.queue.toKey(job.id ?? '')}:lock`;
    const [token, ttl] = await Promise.all([this.client.get(key), this.client.pttl(key)]);
    return { token, ttl };
  }

  /**
   * Running jobs (BullMQ's active list, up to `limit`) with their owners, so a worker can free
   * at once those of a process on its host that no longer runs instead of waiting out the lease.
   */
  async leased(limit = 1_000): Promise<JobRecord[]> {
    await this.ready();
    const active = (await this.queue.getActive(0, Math.max(0, limit - 1))) as Array<Job<NewJob> | undefined>;
    return Promise.all(active.filter((j): j is Job<NewJob> => j !== undefined).map((j) => this.activeRecord(j)));
  }

  /** Put a job leased by `owner` (a dead process) back to wait, with the lock token it left behind; a no-op if someone else holds it now. */
  private async takeOver(id: string, owner: string): Promise<void> {
    const job = (await this.queue.getJob(bullId(id))) as Job<NewJob> | undefined;
    if (!job) return;
    const { token } = await this.lockOf(job);
    if (!token || token.slice(0, token.lastIndexOf('~')) !== owner) return;
    try {
      await job.moveToWait(token);
    } catch (err) {
      if (!isLostLease(err)) throw err;
    }
  }

  private record(job: Job<NewJob>, state: JobState, owner: string | null, leaseUntil: number): JobRecord {
    const d = job.data;
    return {
      id: d.id,
      kind: d.kind,
      world: d.world,
      fingerprint: d.fingerprint,
      key: d.key,
      priority: job.priority ? job.priority - 1 : d.priority,
      state,
      attempts: job.attemptsStarted,
      leaseOwner: owner,
      leaseUntil,
      createdAt: job.timestamp,
      error: job.failedReason || null,
    };
  }

  async counts(): Promise<JobCounts> {
    await this.ready();
    // BullMQ 6 has no 'paused' job type (a paused queue's jobs stay in 'waiting'), and this class never pauses the queue.
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    return {
      queued: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0),
      leased: c.active ?? 0,
      done: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  watchAdded(onAdded: () => void): () => void {
    const listeners = this.addedListeners;
    listeners.add(onAdded);
    // The event stream opens once Redis answers (a QueueEvents made earlier would reconnect forever on its own connection).
    if (this.client.status === 'ready') this.openEvents();
    else this.client.once('ready', () => this.openEvents());
    return () => {
      listeners.delete(onAdded);
    };
  }

  private readonly addedListeners = new Set<() => void>();

  private openEvents(): void {
    if (this.events || this.closed) return;
    const events = (this.events = new QueueEvents(this.name, { connection: this.connect(), prefix: this.prefix }));
    events.on('error', () => {});
    events.on('waiting', () => {
      for (const l of this.addedListeners) l();
    });
  }

  async pauseAll(ms: number): Promise<void> {
    await this.ready();
    if (ms > 0) await this.queue.rateLimit(ms);
  }

  /** Close BullMQ's workers, events and queue, then the connections opened here. Jobs still leased stay leased until their lock lapses: hand them back first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // With Redis gone, BullMQ's closes would wait for it: give them a moment, then cut the connections.
    const closing = (async () => {
      await Promise.allSettled([...this.workers.values()].map((w) => w.close(true)));
      await Promise.allSettled([this.events?.close(), this.queue.close()]);
      await Promise.allSettled([...this.clients].map((c) => c.quit()));
    })();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      closing.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.client.status === 'ready' ? 5_000 : 200))),
    ]);
    clearTimeout(timer);
    if (!finished) {
      // BullMQ's own (blocking) connections would keep reconnecting and hold the process open.
      const parts: Array<{ disconnect(): Promise<void> }> = [...this.workers.values(), this.queue];
      if (this.events) parts.push(this.events);
      await Promise.allSettled(parts.map((q) => q.disconnect()));
    }
    for (const c of this.clients) c.disconnect();
  }

  /** Delete every key of this queue (tests and `--fresh` runs). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}
