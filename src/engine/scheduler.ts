/**
 * The scheduler: one per engine (per process), shared by every room. It runs provider calls
 * through a priority queue (p-queue) with a concurrency limit, so live bios go before pool
 * refills and pool refills before backstories; it pauses the queue when a provider answers
 * 429 with Retry-After and retries the call after the pause. Priority alone does not pre-empt
 * a running call, so while there is live demand, background lanes (refill, backstory) may hold
 * at most `concurrency - 1` slots: one is kept free for a live bio, which never waits behind a
 * slow backstory. Live demand is a hold (`holdLive()`: the plugin holds one while a room is
 * open) or a live call in the last `liveDemandMs`; without it every slot runs background work
 * (`reservedForLive: 'auto'`, the default; a number fixes the reservation, 0 for dataset runs).
 * Every background call is paced (core/pacer.ts): it starts only while the event loop's turn has
 * slice left, else in a later turn, so a burst of calls takes turns with timers and I/O instead
 * of running as one long chain of microtasks; a live call starts at once (at most `concurrency`
 * start together, and a player waits on each). `pace(lane)` does the same for other units of work.
 *   const s = new Scheduler({ concurrency: 4 });
 *   await s.run('bio', () => provider.bios(req), { id: 'w:k:bio' });
 *   await s.pace('backstory');   // before a unit of background CPU work
 * Cost: one queue entry per call; a paused queue costs one timer; pacing costs a clock read
 * while the slice lasts and one setImmediate per turn when it does not.
 */
import PQueue from 'p-queue';
import { ProviderError } from '../core/errors.js';
import { PACE, Pacer, sharedPacer } from '../core/pacer.js';

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
  /**
   * Slots kept free for live bios: background lanes (pool refills, backstories) hold at most
   * `concurrency - reservedForLive` slots (at least one), so a live bio never waits behind a slow
   * backstory. `'auto'` (the default) keeps one slot free only while there is live demand: a
   * `holdLive()` is held (the plugin holds one while a room is open) or a live call ran in the
   * last `liveDemandMs`; otherwise every slot runs background work. An integer >= 0 fixes the
   * reservation (0: dataset runs, which never wait on a live bio).
   */
  reservedForLive?: number | 'auto';
  /** With `reservedForLive: 'auto'`: how long after the last live call the slot stays reserved. Default: 10,000 ms. */
  liveDemandMs?: number;
  /**
   * Longest run of the engine's own work per turn of the event loop, in ms; past it, work waits
   * for the next turn so timers and I/O run. Default: 2, shared by every engine in the process
   * (they share one event loop). Setting it gives this engine a pacer of its own; `Infinity`
   * turns pacing off (a batch job with no game loop to keep responsive).
   */
  sliceMs?: number;
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
  private readonly concurrency: number;
  /** Slots reserved while there is live demand (all of the time unless `auto`). */
  private readonly reserved: number;
  private readonly auto: boolean;
  private readonly liveDemandMs: number;
  private liveHolds = 0;
  private liveUntil = 0;
  private liveTimer: NodeJS.Timeout | null = null;
  /** Count of 429 pauses, for metrics. */
  rateLimitPauses = 0;
  /** Told of every new or longer 429 pause (the engine pauses its shared job queue too). Must not throw. */
  onPause: ((ms: number) => void) | null = null;
  /** Paces work across turns of the event loop (see core/core/pacer.ts). */
  readonly pacer: Pacer;

  constructor(options: SchedulerOptions = {}) {
    const concurrency = options.concurrency ?? 4;
    const reserved = options.reservedForLive ?? 'auto';
    if (reserved !== 'auto' && (!Number.isInteger(reserved) || reserved < 0))
      throw new RangeError(`reservedForLive must be 'auto' or an integer >= 0, got ${String(reserved)}`);
    this.concurrency = concurrency;
    this.auto = reserved === 'auto';
    this.reserved = reserved === 'auto' ? 1 : reserved;
    this.liveDemandMs = options.liveDemandMs ?? 10_000;
    this.pacer = options.sliceMs === undefined ? sharedPacer : new Pacer(options.sliceMs);
    this.queue = new PQueue({ concurrency });
    this.background = new PQueue({ concurrency: this.backgroundSlots(!this.auto) });
    this.retries = options.rateLimitRetries ?? 3;
    this.defaultPause = options.defaultRetryAfterMs ?? 1_000;
    this.maxPause = options.maxRetryAfterMs ?? 60_000;
  }

  /** Slots background lanes may hold now (under 'auto', all of them while no live demand is seen). */
  get backgroundConcurrency(): number {
    return this.background.concurrency;
  }

  /** Live demand now: a `holdLive()` is held, or a live call ran in the last `liveDemandMs` (always false with a fixed `reservedForLive`). */
  get liveDemand(): boolean {
    return this.auto && (this.liveHolds > 0 || Date.now() < this.liveUntil);
  }

  /** Whether a live call would start at once: not paused, a slot free and no call waiting for one. */
  get liveSlotFree(): boolean {
    return !this.queue.isPaused && this.queue.pending < this.concurrency && this.queue.size === 0;
  }

  private backgroundSlots(live: boolean): number {
    return Math.max(1, this.concurrency - (live ? this.reserved : 0));
  }

  /**
   * Declare live demand until the returned function is called (idempotent): under 'auto', a slot
   * stays free for live bios meanwhile. The plugin holds one per open room.
   */
  holdLive(): () => void {
    this.liveHolds++;
    this.updateReservation();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.liveHolds--;
      this.updateReservation();
    };
  }

  /** A live call arrived: keep the slot reserved for `liveDemandMs` more. */
  private noteLive(): void {
    if (!this.auto) return;
    this.liveUntil = Date.now() + this.liveDemandMs;
    this.updateReservation();
    if (!this.liveTimer) this.armLiveTimer(this.liveDemandMs);
  }

  private armLiveTimer(ms: number): void {
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      const left = this.liveUntil - Date.now();
      if (left > 0) this.armLiveTimer(left);
      else this.updateReservation();
    }, ms);
    this.liveTimer.unref?.();
  }

  private updateReservation(): void {
    if (!this.auto) return;
    const live = this.liveDemand;
    // p-queue applies a new concurrency at once: raising it starts waiting tasks; lowering it
    // lets running tasks finish and starts no more until under the limit.
    const slots = this.backgroundSlots(live);
    if (this.background.concurrency !== slots) this.background.concurrency = slots;
  }

  /**
   * Wait for this unit's turn: within this turn of the event loop while it has slice left
   * (after the units already waiting, live first), else in a later turn. Call it before a unit
   * of CPU work whose start is a few awaits away; right before synchronous work,
   * `if (pacer.due()) await pace(...)` costs nothing while the slice lasts. `tag` lets others
   * count what is still waiting (the bio batcher waits for its world's spawns).
   */
  pace(lane: Lane | 'continue' | 'liveContinue', tag?: string): Promise<void> {
    return this.pacer.pace(PACE[lane], tag);
  }

  /** Run `task` in `lane`. `id` lets `boost` find it later while it waits. */
  async run<T>(
    lane: Lane,
    task: (signal?: AbortSignal) => Promise<T>,
    options: { id?: string; signal?: AbortSignal; priority?: number } = {},
  ): Promise<T> {
    const priority = options.priority ?? LANE_PRIORITY[lane];
    if (lane === 'live') this.noteLive();
    // The queues above have already ordered the calls by priority; once admitted, a live call
    // starts before background ones, and background calls start in the order admitted.
    const paced = async (signal?: AbortSignal) => {
      // Checked right before the call starts: nothing runs between the check and the work. A
      // live call starts at once: the queue admits at most `concurrency` of them, and a player
      // waits on each, so they never wait for the loop's next turn.
      if (lane !== 'live' && this.pacer.due()) await this.pacer.pace(PACE.backstory);
      if (signal?.aborted) throw signal.reason;
      return task(signal);
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.enqueue(paced, priority, options.id, options.signal, lane !== 'live');
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
  private enqueue<T>(
    task: (signal?: AbortSignal) => Promise<T>,
    priority: number,
    id: string | undefined,
    signal: AbortSignal | undefined,
    background: boolean,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      const run = () =>
        this.queue.add(() => (signal?.aborted ? Promise.reject(abortReason(signal)) : task(signal)), {
          priority,
          id,
          throwOnTimeout: true,
        });
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
    this.onPause?.(pause);
    this.queue.pause();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      this.queue.start();
    }, pause);
    this.resumeTimer.unref?.();
  }

  close(): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.background.clear();
    this.queue.clear();
  }
}

/** Why a signal aborted, as an Error (the engine aborts with one; anything else is wrapped). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}
