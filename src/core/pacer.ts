/**
 * Cooperative pacing: the engine's own CPU work (procedural text, consistency checks, store
 * calls, pool refills, a burst of spawns, the continuations of provider calls) runs in slices
 * of about `sliceMs` per turn of the event loop. Past the slice, work waits for a later turn
 * (setImmediate), so timers (a room's simulation tick), I/O (players' messages) and patches run
 * between slices: a burst of 500 spawns or 500 queued backstories holds the loop for a slice
 * plus about one unit of work at a time, with any provider and any store.
 *   await pacer.pace(PACE.backstory);                  // before a unit whose work is a few awaits away
 *   await pacer.pace(PACE.live, worldKey);             // tagged: pendingTagged(worldKey) counts it
 *   if (pacer.due()) await pacer.pace(PACE.continue);  // right before synchronous work (a loop)
 * `pace()` always queues, and units are let go one per microtask round with the clock read in
 * between, so even a burst that arrives all at once (500 spawns from one synchronous loop)
 * is spread over turns; `due()` is a clock read for code whose work follows at once.
 * Ordering: highest priority first, first come first served within a priority. Pacing only
 * moves work in time; it never reorders two units of one priority and changes no value, so
 * the same key gives the same person and the same text as before.
 * One pacer per process (`sharedPacer`) since every engine shares the one event loop.
 * Cost: per paced unit one promise, a clock read and a microtask or two; per turn one
 * setImmediate; `due()` is one clock read.
 */

/**
 * Pacing priorities. A player waits on live work, so it goes before everything in the
 * background: a started live unit's continuation (a spawn's store calls and bio checks), then
 * new live units (spawns), then a started background unit's continuation, then the
 * background lanes. The slice is the same for all: priority only orders the units of a turn.
 */
export const PACE = { liveContinue: 130, live: 120, continue: 100, refill: 20, backstory: 10 } as const;

/** Default longest run of paced work per turn of the event loop. */
export const DEFAULT_SLICE_MS = 2;

interface Waiter {
  resolve: () => void;
  tag: string | undefined;
}

interface Bucket {
  priority: number;
  waiting: Waiter[];
  head: number;
}

const RELEASED: Waiter = { resolve: () => undefined, tag: undefined };
const RESOLVED: Promise<void> = Promise.resolve();

export class Pacer {
  private turnStart = -1;
  private turnGen = 0;
  /** Waiters by priority, highest first. */
  private readonly buckets: Bucket[] = [];
  private waiting = 0;
  /** Waiting units per tag (e.g. spawns of one world, which the bio batcher waits for). */
  private readonly tagged = new Map<string, number>();
  private pumping = false;
  /** Times paced work was deferred to a later turn (for tests and metrics). */
  deferrals = 0;

  /**
   * @param sliceMs longest run of paced work per turn of the event loop; 0 yields at every
   * unit, Infinity never yields (a batch job with no timers to keep: pace() resolves at once).
   */
  constructor(readonly sliceMs: number = DEFAULT_SLICE_MS) {
    if (!(sliceMs >= 0)) throw new RangeError(`sliceMs must be a number >= 0 (or Infinity), got ${String(sliceMs)}`);
  }

  /** Units waiting for a later turn. */
  get pending(): number {
    return this.waiting;
  }

  /** Units waiting with a priority in [min, max]. */
  pendingIn(min: number, max: number = Infinity): number {
    let n = 0;
    for (const b of this.buckets) if (b.priority >= min && b.priority <= max) n += b.waiting.length - b.head;
    return n;
  }

  /** Units waiting that were paced with this tag. */
  pendingTagged(tag: string): number {
    return this.tagged.get(tag) ?? 0;
  }

  /**
   * True when this turn's slice is spent: a unit that is already running (a synchronous loop
   * over many items) should `await pace(PACE.continue)` before its next item. Opens a turn
   * when none is open.
   */
  due(): boolean {
    return this.sliceMs !== Infinity && this.elapsed() >= this.sliceMs;
  }

  /**
   * Resolves when this unit may run: in this turn (a few microtasks later) while the turn has
   * slice left, else in a later turn; by priority (PACE), first come first served within one.
   * Units are let go one per microtask round with the clock read in between, so even a burst
   * that arrives all at once (500 spawns in one synchronous loop) is spread over turns.
   */
  pace(priority: number = PACE.backstory, tag?: string): Promise<void> {
    if (this.sliceMs === Infinity) return RESOLVED;
    return new Promise<void>((resolve) => {
      this.enqueue(priority, { resolve, tag });
      if (this.pumping) return;
      this.pumping = true;
      if (this.elapsed() < this.sliceMs) queueMicrotask(this.step);
      else {
        this.deferrals++;
        setImmediate(this.onTurn);
      }
    });
  }

  /** Milliseconds of paced work in this turn so far. */
  private elapsed(): number {
    const now = performance.now();
    if (this.turnStart < 0) this.openTurn(now);
    return now - this.turnStart;
  }

  /**
   * A turn lasts until the loop reaches its next check phase (where this immediate runs).
   * Work done by other macrotasks of the same loop iteration counts against the slice too,
   * which only ever makes pacing yield sooner.
   */
  private openTurn(now: number): void {
    this.turnStart = now;
    const gen = ++this.turnGen;
    setImmediate(() => {
      if (this.turnGen === gen) this.turnStart = -1;
    }).unref();
  }

  /** A new turn: at least one unit runs in it, whatever the slice. */
  private readonly onTurn = (): void => {
    this.openTurn(performance.now());
    this.release();
  };

  /** Between units: the next one runs in this turn only while the slice lasts. */
  private readonly step = (): void => {
    if (this.waiting > 0 && this.elapsed() >= this.sliceMs) {
      this.deferrals++;
      setImmediate(this.onTurn);
      return;
    }
    this.release();
  };

  /**
   * Let one unit go, then check the clock in a microtask queued after the unit's continuation
   * (so its first synchronous segment, usually the work itself, is counted before the next).
   */
  private release(): void {
    if (this.waiting === 0) {
      this.pumping = false;
      return;
    }
    this.shift()();
    queueMicrotask(this.step);
  }

  private enqueue(priority: number, waiter: Waiter): void {
    let i = 0;
    while (i < this.buckets.length && this.buckets[i]!.priority > priority) i++;
    let bucket = this.buckets[i];
    if (!bucket || bucket.priority !== priority) {
      bucket = { priority, waiting: [], head: 0 };
      this.buckets.splice(i, 0, bucket);
    }
    bucket.waiting.push(waiter);
    this.waiting++;
    if (waiter.tag !== undefined) this.tagged.set(waiter.tag, (this.tagged.get(waiter.tag) ?? 0) + 1);
  }

  private shift(): () => void {
    for (const bucket of this.buckets) {
      if (bucket.head < bucket.waiting.length) {
        const next = bucket.waiting[bucket.head]!;
        bucket.waiting[bucket.head++] = RELEASED;
        if (bucket.head === bucket.waiting.length) {
          bucket.waiting.length = 0;
          bucket.head = 0;
        }
        this.waiting--;
        if (next.tag !== undefined) {
          const n = this.tagged.get(next.tag)! - 1;
          if (n > 0) this.tagged.set(next.tag, n);
          else this.tagged.delete(next.tag);
        }
        return next.resolve;
      }
    }
    throw new Error('Pacer: nothing to release');
  }
}

/** The process's pacer: every engine and procedural provider in a process shares one event loop, so one slice. */
export const sharedPacer = new Pacer();
