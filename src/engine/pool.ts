/**
 * Warm pool: per world, N ready personas (identity + bio) made in the background with
 * batched bio calls, so an unkeyed spawn is instant. Entries live in memory until taken; a
 * taken entry becomes a stored persona and gets its backstory queued.
 *   world.warm();                 // start filling
 *   const npc = world.take();     // ready at once when the pool has one
 * Identities are made one paced unit at a time (see pacer.ts); their bios go out as one batch.
 * Cost: N records in memory per world; refills cost ceil(N / batch) bio calls.
 */
import { randomUUID } from 'node:crypto';
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

export class WarmPool {
  private readonly ready: PersonaRecord[] = [];
  private inflight = 0;
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

  /** Take a ready entry (and top the pool up), or undefined when it is empty. */
  take(): PersonaRecord | undefined {
    const entry = this.ready.shift();
    this.fill();
    return entry;
  }

  /** Top up to `size` in the background. Never throws. */
  fill(): void {
    if (this.ctx.closed || this.size <= 0) return;
    while (this.ready.length + this.inflight < this.size) {
      const n = Math.min(this.batch, this.size - this.ready.length - this.inflight);
      this.inflight += n;
      void this.refill(n).finally(() => (this.inflight -= n));
    }
  }

  private async refill(n: number): Promise<void> {
    try {
      const stored = await this.world.ready;
      // One identity at a time, each a paced unit: a big pool (or many worlds warming at once)
      // fills across turns of the event loop instead of in one long run of microtasks.
      const records: PersonaRecord[] = [];
      for (let i = 0; i < n; i++) {
        await this.ctx.scheduler.pace('refill');
        if (this.ctx.closed) return;
        records.push(await this.world.identityFor(`npc-${randomUUID().slice(0, 12)}`, { traits: [], overrides: new Map() }));
      }
      // Requested together, so they go out as one batched call.
      const bios = await Promise.all(records.map((r) => this.ctx.batcher.request(this.world.context, stored.profile, r, 'refill')));
      if (this.ctx.closed) return;
      records.forEach((r, i) => {
        this.ctx.metrics.created();
        this.ready.push(withBio(r, bios[i]!));
      });
    } catch (err) {
      this.ctx.onError(err);
    }
  }
}
