/**
 * The scheduler: one per engine (per process), shared by every room. It runs provider calls
 * through a priority queue (p-queue) with a concurrency limit, so live bios go before pool
 * refills and pool refills before backstories; it pauses the queue when a provider answers
 * 429 with Retry-After and retries the call after the pause. Priority alone does not pre-empt
 * a running call, so background lanes (refill, backstory) may hold at most `concurrency - 1`
 * slots: one is always free for a live bio, which never waits behind a slow backstory.
 *   const s = new Scheduler({ concurrency: 4 });
 *   await s.run('bio', () => provider.bios(req), { id: 'w:k:bio' });
 * Cost: one queue entry per call; a paused queue costs one timer.
 */
import PQueue from 'p-queue';
import { ProviderError } from '../core/errors.js';

/** Lanes in priority order: live bios first, then pool refills, then backstories. */
export type Lane = 'live' | 'refill' | 'backstory';
export const LANE_PRIORITY: Record<Lane, number> = { live: 30, refill: 20, backstory: 10 };
/** Added to a backstory when a player starts talking to its NPC. */
export const FOCUS_BOOST = 15;

export interface SchedulerOptions {
  /** Concurrent provider calls. Default: the provider's `concurrency`, else 4. */
  concurrency?: number;
  /** How many times a call answered with 429 is retried after the pause. Default: 3. */
  rateLimitRetries?: number;
  /** Pause used when a 429 carries no Retry-After. Default: 1,000 ms. */
  defaultRetryAfterMs?: number;
  /** Longest pause honoured for one Retry-After. Default: 60,000 ms. */
  maxRetryAfterMs?: number;
  /** Slots kept free for live bios (background lanes use the rest, at least one). Default: 1. */
  reservedForLive?: number;
}

export class Scheduler {
  private readonly queue: PQueue;
  /** Gate for background lanes: at most `concurrency - reservedForLive` of them hold a slot. */
  private readonly background: PQueue;
  private readonly retries: number;
  private readonly defaultPause: number;
  private readonly maxPause: number;
  private resumeTimer: NodeJS.Timeout | null = null;
  private resumeAt = 0;
  /** Count of 429 pauses, for metrics. */
  rateLimitPauses = 0;

  constructor(options: SchedulerOptions = {}) {
    const concurrency = options.concurrency ?? 4;
    this.queue = new PQueue({ concurrency });
    this.background = new PQueue({ concurrency: Math.max(1, concurrency - (options.reservedForLive ?? 1)) });
    this.retries = options.rateLimitRetries ?? 3;
    this.defaultPause = options.defaultRetryAfterMs ?? 1_000;
    this.maxPause = options.maxRetryAfterMs ?? 60_000;
  }

  get pending(): number {
    return this.queue.pending;
  }
  get queued(): number {
    return this.queue.size + this.background.size;
  }

  /** Run `task` in `lane`. `id` lets `boost` find it later while it waits. */
  async run<T>(lane: Lane, task: (signal?: AbortSignal) => Promise<T>, options: { id?: string; signal?: AbortSignal; priority?: number } = {}): Promise<T> {
    const priority = options.priority ?? LANE_PRIORITY[lane];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.enqueue(task, priority, options.id, options.signal, lane !== 'live');
      } catch (err) {
        if (err instanceof ProviderError && (err.status === 429 || err.retryAfterMs !== null) && attempt < this.retries) {
          this.pauseFor(err.retryAfterMs ?? this.defaultPause);
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * Queue one task. Abort is handled here rather than by p-queue's `signal` option, which
   * leaves one listener on the (engine-long) signal per task; ours is removed when it settles.
   */
  private enqueue<T>(task: (signal?: AbortSignal) => Promise<T>, priority: number, id: string | undefined, signal: AbortSignal | undefined, background: boolean): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const run = () => this.queue.add(() => (signal?.aborted ? Promise.reject(signal.reason) : task(signal)), { priority, id, throwOnTimeout: true });
      (background ? this.background.add(run, { priority, id, throwOnTimeout: true }) : run())
        .then(resolve, reject)
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
  }

  /** Move a waiting task up (a player is talking to this NPC). No-op once it runs. */
  boost(id: string, priority: number): void {
    for (const queue of [this.background, this.queue]) {
      try {
        queue.setPriority(id, priority);
      } catch {
        // not waiting in this queue (running, finished, or in the other one): nothing to reorder
      }
    }
  }

  /** Stop starting calls for `ms` (a provider asked us to slow down). */
  pauseFor(ms: number): void {
    const pause = Math.min(Math.max(0, ms), this.maxPause);
    const until = Date.now() + pause;
    this.rateLimitPauses++;
    if (until <= this.resumeAt) return;
    this.resumeAt = until;
    this.queue.pause();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      this.queue.start();
    }, pause);
    this.resumeTimer.unref?.();
  }

  /** Wait until nothing is queued or running. */
  async onIdle(): Promise<void> {
    await this.background.onIdle();
    await this.queue.onIdle();
  }

  close(): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.background.clear();
    this.queue.clear();
  }
}
