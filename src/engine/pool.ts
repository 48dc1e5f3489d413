/**
 * Warm pool: per world, N ready personas (identity + bio) made in the background with
 * batched bio calls, so an unkeyed spawn is instant. Entries live in memory until taken; a
 * taken entry becomes a stored persona and gets its backstory queued.
 *   world.warm();                 // start filling
 *   const npc = world.take();     // ready at once when the pool has one
 * Identities are made one paced unit at a time (see core/pacer.ts) by the world's
 * `makeIdentity(key)` (a world-unique name claimed in the store); their bios go out as one batch.
 * Refills wait for a full batch's worth of room, or for the low-water mark: the number of takes
 * expected while a refill is under way (recent take rate x recent refill time, at least 1), so
 * the pool is topped up ahead of demand in whole batches instead of one call per take.
 * With a store and queue several processes share (Redis, BullMQ), the pool is shared: refills
 * are `refill` jobs any process's worker runs (`produce`), their entries go to a list in the
 * store, and each process pulls ready entries into its own (takes stay synchronous).
 * Cost: N records in memory per world; refills cost about one bio call per `batch` takes; a
 * shared pool adds one store pull per fill and one queue add per refill.
 */
import type { Profile } from '../core/profile-schema.js';
import { freshPersonaKey } from '../core/strings.js';
import type { PersonaRecord, StoredWorld, WorldContext } from '../core/types.js';
import type { BioBatcher } from './bio-batcher.js';
import type { EngineMetrics } from './metrics.js';
import { withBio } from './records.js';
import type { Scheduler } from './scheduler.js';

export interface PoolOptions {
  /** Ready personas kept per world. Default: 8. */
  size?: number;
  /** Bios requested per model call when refilling. Default: 8. */
  batch?: number;
}

/** What a pool needs from its world and the engine. */
export interface WarmPoolDeps {
  world: WorldContext;
  /** The world as stored (loads it on first use). */
  ready: () => Promise<StoredWorld>;
  /** A new persona with a world-unique name claimed in the store (no bio yet). */
  makeIdentity: (key: string) => Promise<PersonaRecord>;
  batcher: Pick<BioBatcher, 'request'>;
  scheduler: Pick<Scheduler, 'pace'>;
  metrics: Pick<EngineMetrics, 'created'>;
  /** The engine's shutdown signal: aborted, the pool makes nothing more. */
  signal: AbortSignal;
  onError: (err: unknown) => void;
  /**
   * A pool shared by processes (a Redis store and the BullMQ queue): instead of making entries
   * here, the pool pulls ready ones from the shared list and asks for a `refill` job when it
   * runs low; whichever process's worker runs it makes the entries (`produce`). Absent: entries
   * are made here.
   */
  shared?: SharedPoolSource;
}

/** The shared list of one world version's ready entries, and a way to ask for more. */
export interface SharedPoolSource {
  /** Take up to `max` ready entries (each goes to one process). */
  pull(max: number): Promise<PersonaRecord[]>;
  /** Queue a refill job that makes `n` entries into the shared list; resolves with its id. */
  request(n: number): Promise<string>;
  /** Whether that job has ended (done, failed or gone): its entries, if any, are in the list. */
  ended(id: string): Promise<boolean>;
}

/** Weight of the newest sample in the take-rate and refill-time averages. */
const EWMA = 0.3;
/** Refill time assumed before the first refill is measured, in ms. */
const FIRST_REFILL_MS = 1_000;

export class WarmPool {
  private readonly ready: PersonaRecord[] = [];
  private inflight = 0;
  /** Recent takes per ms and refill duration in ms (moving averages), for the low-water mark. */
  private takeRate = 0;
  private lastTake = 0;
  private refillMs = FIRST_REFILL_MS;
  private fillPending = false;
  /** Refills waiting for their identities (sizes), and whether the loop making them runs. */
  private readonly toMake: number[] = [];
  private making = false;
  private readonly size: number;
  private readonly batch: number;

  constructor(
    private readonly deps: WarmPoolDeps,
    options: Required<PoolOptions>,
  ) {
    this.size = options.size;
    this.batch = options.batch;
  }

  get length(): number {
    return this.ready.length;
  }

  /** Take a ready entry (and top the pool up when it runs low), or undefined when it is empty. */
  take(): PersonaRecord | undefined {
    const now = performance.now();
    if (this.lastTake) this.takeRate = EWMA * (1 / Math.max(1, now - this.lastTake)) + (1 - EWMA) * this.takeRate;
    this.lastTake = now;
    const entry = this.ready.shift();
    // Once per turn, so takes made together are refilled together.
    if (!this.fillPending) {
      this.fillPending = true;
      setImmediate(() => {
        this.fillPending = false;
        this.fill();
      });
    }
    return entry;
  }

  /**
   * Entries left (ready or on the way) at which a refill starts even without room for a whole
   * batch: the takes expected during one refill, at least 1, and leaving room for half a batch.
   */
  get lowWater(): number {
    const ceiling = Math.max(1, this.size - Math.ceil(Math.min(this.batch, this.size) / 2));
    return Math.min(ceiling, Math.max(1, Math.ceil(this.takeRate * this.refillMs)));
  }

  /** Top up in the background: in whole batches, or all that is missing once at the low-water mark. Never throws. */
  fill(): void {
    if (this.deps.signal.aborted || this.size <= 0) return;
    if (this.deps.shared) {
      void this.fillShared(this.deps.shared);
      return;
    }
    const whole = Math.min(this.batch, this.size);
    for (;;) {
      const have = this.ready.length + this.inflight;
      const room = this.size - have;
      if (room <= 0 || (room < whole && have > this.lowWater)) break;
      const n = Math.min(this.batch, room);
      this.inflight += n;
      this.toMake.push(n);
    }
    if (this.toMake.length && !this.making) void this.make();
  }

  private pulling = false;
  /** The refill job this pool asked for and is waiting on (null: none), and when it asked. */
  private pendingJob: string | null = null;
  private requestedAt = 0;
  private pollTimer: NodeJS.Timeout | null = null;

  /**
   * The shared pool: pull what is ready into this process's entries (takes stay synchronous),
   * and ask for a refill job when short, one at a time: another only once it has ended (its
   * entries may have gone to another process). While short, look again every quarter of the
   * expected refill time.
   */
  private async fillShared(shared: SharedPoolSource): Promise<void> {
    if (this.pulling) return;
    this.pulling = true;
    try {
      // The world is stored before anyone is asked to make entries of it.
      await this.deps.ready();
      if (this.deps.signal.aborted) return;
      const room = this.size - this.ready.length;
      if (room > 0) this.ready.push(...(await shared.pull(room)));
      if (this.deps.signal.aborted) return;
      if (this.pendingJob && (await shared.ended(this.pendingJob))) {
        this.refillMs = EWMA * (Date.now() - this.requestedAt) + (1 - EWMA) * this.refillMs;
        this.pendingJob = null;
      }
      const left = this.size - this.ready.length;
      const short = left > 0 && (left >= Math.min(this.batch, this.size) || this.ready.length <= this.lowWater);
      if (short && !this.pendingJob) {
        this.requestedAt = Date.now();
        this.pendingJob = await shared.request(Math.min(this.batch, left));
      }
      if ((short || this.pendingJob) && !this.pollTimer) {
        this.pollTimer = setTimeout(
          () => {
            this.pollTimer = null;
            this.fill();
          },
          Math.max(25, this.refillMs / 4),
        );
        this.pollTimer.unref();
      }
    } catch (err) {
      this.pendingJob = null;
      this.deps.onError(err);
    } finally {
      this.pulling = false;
    }
  }

  /**
   * Make `n` ready entries (identities, then their bios in one batch) and hand them over
   * instead of keeping them: a `refill` job of the shared pool, run by any process.
   */
  async produce(n: number): Promise<PersonaRecord[]> {
    const stored = await this.deps.ready();
    const records: PersonaRecord[] = [];
    for (let i = 0; i < n; i++) {
      await this.deps.scheduler.pace('refill');
      if (this.deps.signal.aborted) throw new Error('engine closed');
      records.push(await this.deps.makeIdentity(freshPersonaKey()));
    }
    const bios = await Promise.all(records.map((r) => this.deps.batcher.request(this.deps.world, stored.profile, r, 'refill')));
    return records.map((r, i) => {
      this.deps.metrics.created();
      return withBio(r, bios[i]!);
    });
  }

  /**
   * Make the identities of the queued refills, one at a time (each a paced unit), and send each
   * refill's bios as one batched call as soon as its identities exist. One such loop per pool:
   * a big refill never holds many started units at once, which would run ahead of live spawns
   * (started work goes first, core/pacer.ts).
   */
  private async make(): Promise<void> {
    this.making = true;
    try {
      const stored = await this.deps.ready();
      for (let n = this.toMake.shift(); n !== undefined; n = this.toMake.shift()) {
        const started = performance.now();
        const records: PersonaRecord[] = [];
        try {
          for (let i = 0; i < n; i++) {
            await this.deps.scheduler.pace('refill');
            if (this.deps.signal.aborted) return;
            records.push(await this.deps.makeIdentity(freshPersonaKey()));
          }
        } catch (err) {
          this.inflight -= n;
          throw err;
        }
        void this.finish(stored.profile, records, started);
      }
    } catch (err) {
      for (const n of this.toMake.splice(0)) this.inflight -= n;
      this.deps.onError(err);
    } finally {
      this.making = false;
    }
  }

  /** Ask for one refill's bios (together, so one batched call) and add the entries. Never throws. */
  private async finish(profile: Profile, records: PersonaRecord[], started: number): Promise<void> {
    try {
      const bios = await Promise.all(records.map((r) => this.deps.batcher.request(this.deps.world, profile, r, 'refill')));
      if (this.deps.signal.aborted) return;
      records.forEach((r, i) => {
        this.deps.metrics.created();
        this.ready.push(withBio(r, bios[i]!));
      });
    } catch (err) {
      this.deps.onError(err);
    } finally {
      this.inflight -= records.length;
      this.refillMs = EWMA * (performance.now() - started) + (1 - EWMA) * this.refillMs;
    }
  }
}
