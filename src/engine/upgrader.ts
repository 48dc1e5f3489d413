/**
 * The upgrader: provisional work (texts and profiles the fallback wrote while the model
 * failed) waiting to be redone by the model. Jobs are noted as provisional records are
 * written or read back; they run in the background, `concurrency` at a time, in the lowest
 * scheduler priority (after live bios, refills and backstories), and only while the model
 * answers: a failed upgrade puts its job back and pauses the queue (5 s, doubling to 5 min),
 * and any call that the provider answers meanwhile (a live bio, a backstory) resumes it at once.
 *   upgrader.note('persona:w:fp:smith-1', () => world.upgrade('smith-1').then(isProvisional));
 * Bounded: at most `max` jobs wait (the oldest is dropped: a persona still provisional is
 * noted again when it is next served, and the CLI upgrades what it exports). Jobs are not
 * durable: a restart finds provisional records again as they are read.
 * Cost: one Map entry per waiting job; one model call (or two: bio, backstory) per upgrade.
 */

/** Runs one upgrade; resolves true when the work is still provisional (the model failed again). */
export type UpgradeJob = () => Promise<boolean>;

export interface UpgraderOptions {
  /** Upgrades running at once. Default: 1. */
  concurrency?: number;
  /** Jobs waiting at most. Default: 10,000. */
  max?: number;
  /** First pause after a failed upgrade, doubled each time up to `maxBackoffMs`. Default: 5,000. */
  backoffMs?: number;
  /** Longest pause. Default: 300,000. */
  maxBackoffMs?: number;
  onError?: (err: unknown) => void;
}

export class Upgrader {
  private readonly waiting = new Map<string, UpgradeJob>();
  private readonly running = new Set<string>();
  private readonly concurrency: number;
  private readonly max: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private pausedUntil = 0;
  private backoff: number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly options: UpgraderOptions = {}) {
    this.concurrency = options.concurrency ?? 1;
    this.max = options.max ?? 10_000;
    this.backoffMs = options.backoffMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 300_000;
    this.backoff = this.backoffMs;
  }

  /** Jobs waiting or running. */
  get pending(): number {
    return this.waiting.size + this.running.size;
  }

  /** Queue an upgrade under `id` (a job already waiting or running under it is kept). */
  note(id: string, job: UpgradeJob): void {
    if (this.closed || this.running.has(id) || this.waiting.has(id)) return;
    if (this.waiting.size >= this.max) {
      const oldest = this.waiting.keys().next().value;
      if (oldest !== undefined) this.waiting.delete(oldest);
    }
    this.waiting.set(id, job);
    this.drain();
  }

  /** The model answered a call: resume a paused queue now. */
  answered(): void {
    if (this.pausedUntil === 0 || !this.waiting.size) return;
    this.pausedUntil = 0;
    this.backoff = this.backoffMs;
    this.drain();
  }

  /** A call just failed over to the fallback: hold upgrades back (as after a failed upgrade) until the model answers again. */
  failed(): void {
    if (Date.now() >= this.pausedUntil) this.pause();
  }

  /** Resolves when nothing runs and nothing can start (the queue is empty, or paused after a failure). */
  settled(): Promise<void> {
    if (this.quiet()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private quiet(): boolean {
    return this.closed || (!this.running.size && (!this.waiting.size || Date.now() < this.pausedUntil));
  }

  close(): void {
    this.closed = true;
    this.waiting.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wake();
  }

  private drain(): void {
    if (this.closed || Date.now() < this.pausedUntil) {
      this.wake();
      return;
    }
    while (this.running.size < this.concurrency && this.waiting.size) {
      const [id, job] = this.waiting.entries().next().value as [string, UpgradeJob];
      this.waiting.delete(id);
      this.running.add(id);
      void this.run(id, job);
    }
    this.wake();
  }

  private async run(id: string, job: UpgradeJob): Promise<void> {
    let still = true;
    try {
      still = await job();
    } catch (err) {
      this.options.onError?.(err);
    }
    this.running.delete(id);
    if (still && !this.closed) {
      // The model failed again: keep the job (at the back) and pause until it answers.
      if (!this.waiting.has(id) && this.waiting.size < this.max) this.waiting.set(id, job);
      this.pause();
    } else {
      this.backoff = this.backoffMs;
    }
    this.drain();
  }

  private pause(): void {
    this.pausedUntil = Date.now() + this.backoff;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.maxBackoffMs);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pausedUntil = 0;
      this.drain();
    }, wait);
    this.timer.unref();
  }

  private wake(): void {
    if (!this.quiet()) return;
    const waiters = this.idle;
    this.idle = [];
    for (const resolve of waiters) resolve();
  }
}
