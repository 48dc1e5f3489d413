/**
 * Warm pool: per world, N ready personas (identity + bio) made in the background with
 * batched bio calls, so an unkeyed spawn is instant. Entries live in memory until taken; a
 * taken entry becomes a stored persona and gets its backstory queued.
 *   world.warm();                 // start filling
 *   const npc = world.take();     // ready at once when the pool has one
 * Identities are made one paced unit at a time (see core/pacer.ts); their bios go out as one batch.
 * Refills wait for a full batch's worth of room, or for the low-water mark: the number of takes
 * expected while a refill is under way (recent take rate x recent refill time, at least 1), so
 * the pool is topped up ahead of demand in whole batches instead of one call per take.
 * Cost: N records in memory per world; refills cost about one bio call per `batch` takes.
 */
import { randomUUID } from 'node:crypto';
import type { Profile } from '../core/profile-schema.js';
import type { PersonaRecord } from '../core/types.js';
import type { EngineContext } from './context.js';
import { withBio } from './records.js';
import type { WorldHandle } from './world-handle.js';

export interface PoolOptions {
  /** Ready personas kept per world. Default: 8. */
  size?: number;
  /** Bios requested per model call when refilling. Default: 8. */
  batch?: number;
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
    private readonly ctx: EngineContext,
    private readonly world: WorldHandle,
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
    if (this.ctx.closed || this.size <= 0) return;
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

  /**
   * Make the identities of the queued refills, one at a time (each a paced unit), and send each
   * refill's bios as one batched call as soon as its identities exist. One such loop per pool:
   * a big refill never holds many started units at once, which would run ahead of live spawns
   * (started work goes first, core/pacer.ts).
   */
  private async make(): Promise<void> {
    this.making = true;
    try {
      const stored = await this.world.ready;
      for (let n = this.toMake.shift(); n !== undefined; n = this.toMake.shift()) {
        const started = performance.now();
        const records: PersonaRecord[] = [];
        try {
          for (let i = 0; i < n; i++) {
            await this.ctx.scheduler.pace('refill');
            if (this.ctx.closed) return;
            records.push(await this.world.identityFor(`npc-${randomUUID().slice(0, 12)}`, { traits: [], overrides: new Map() }));
          }
        } catch (err) {
          this.inflight -= n;
          throw err;
        }
        void this.finish(stored.profile, records, started);
      }
    } catch (err) {
      for (const n of this.toMake.splice(0)) this.inflight -= n;
      this.ctx.onError(err);
    } finally {
      this.making = false;
    }
  }

  /** Ask for one refill's bios (together, so one batched call) and add the entries. Never throws. */
  private async finish(profile: Profile, records: PersonaRecord[], started: number): Promise<void> {
    try {
      const bios = await Promise.all(records.map((r) => this.ctx.batcher.request(this.world.context, profile, r, 'refill')));
      if (this.ctx.closed) return;
      records.forEach((r, i) => {
        this.ctx.metrics.created();
        this.ready.push(withBio(r, bios[i]!));
      });
    } catch (err) {
      this.ctx.onError(err);
    } finally {
      this.inflight -= records.length;
      this.refillMs = EWMA * (performance.now() - started) + (1 - EWMA) * this.refillMs;
    }
  }
}
