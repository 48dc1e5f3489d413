/**
 * Bio batcher: bio requests made in the same turn of the event loop for one world and lane
 * are sent as one batched call (up to `batch` people), so 50 NPCs spawned at once cost a
 * handful of calls, not 50. A lone request goes out alone on the next tick (no added wait
 * on a quiet loop).
 * Spawns are paced (pacer.ts), so a burst reaches the batcher over a few turns. A partial live
 * batch therefore waits a turn more while spawns of its world are still queued in the pacer
 * (at most COALESCE_MS in all), and while started work is still finishing (GRACE_TURNS turns or
 * GRACE_MS after the batch last grew), so pacing does not split a burst into more calls.
 *   const bio = await batcher.request(loadedWorld, identity, 'live');
 * Cost: one array push per request and one setImmediate per flush (per turn while it waits).
 */
import type { Profile } from '../core/profile-schema.js';
import type { PersonaIdentity, WorldContext } from '../core/types.js';
import type { Generator, TextResult } from './generator.js';
import { PACE } from './pacer.js';
import type { Lane } from './scheduler.js';

/** Longest a partial live batch waits for more of a paced burst, in all. */
export const COALESCE_MS = 50;
/** After it last grew, a partial live batch waits this many turns, and at least GRACE_MS, for spawns already started (store calls still to make). */
export const GRACE_TURNS = 2;
export const GRACE_MS = 5;

/** The pacer tag of a world's spawns (world-handle.ts paces each miss with it). */
export function spawnTag(world: { id: string; fingerprint: string }): string {
  return `spawn\u0000${world.id}\u0000${world.fingerprint}`;
}

interface Waiting {
  subject: PersonaIdentity;
  resolve: (r: TextResult) => void;
  reject: (e: unknown) => void;
}

interface Batch {
  world: WorldContext;
  profile: Profile;
  lane: Lane;
  waiting: Waiting[];
  openedAt: number;
  /** Size at the last check, checks since it last grew, and when it last grew. */
  seen: number;
  quiet: number;
  grewAt: number;
}

export class BioBatcher {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly generator: Generator,
    private readonly batchSize: Record<Lane, number>,
  ) {}

  request(world: WorldContext, profile: Profile, subject: PersonaIdentity, lane: Lane): Promise<TextResult> {
    return new Promise((resolve, reject) => {
      const id = `${world.id}\u0000${world.fingerprint}\u0000${lane}`;
      let batch = this.open.get(id);
      if (!batch) {
        batch = { world, profile, lane, waiting: [], openedAt: performance.now(), seen: 0, quiet: 0, grewAt: 0 };
        this.open.set(id, batch);
        this.flushLater(id, batch);
      }
      batch.waiting.push({ subject, resolve, reject });
      if (batch.waiting.length >= this.batchSize[lane]) this.flush(id, batch);
    });
  }

  /** Flush on the next turn, or later while paced spawns may still add to it. */
  private flushLater(id: string, batch: Batch): void {
    setImmediate(() => {
      if (this.open.get(id) !== batch) return; // already sent (it filled up)
      if (this.moreComing(batch)) this.flushLater(id, batch);
      else this.flush(id, batch);
    });
  }

  private moreComing(batch: Batch): boolean {
    if (batch.lane !== 'live') return false; // refills ask for their whole batch at once
    const now = performance.now();
    if (batch.waiting.length > batch.seen) {
      batch.quiet = 0;
      batch.grewAt = now;
    } else batch.quiet++;
    batch.seen = batch.waiting.length;
    if (now - batch.openedAt >= COALESCE_MS) return false;
    const pacer = this.generator.pacer;
    // Spawns of this world not started yet (a burst being paced): wait for them.
    if (pacer.pendingTagged(spawnTag(batch.world)) > 0) return true;
    // Started work still finishing (a spawn's last store calls): a little longer.
    return pacer.pendingIn(PACE.continue) > 0 && (batch.quiet < GRACE_TURNS || now - batch.grewAt < GRACE_MS);
  }

  private flush(id: string, batch: Batch): void {
    if (this.open.get(id) === batch) this.open.delete(id);
    if (!batch.waiting.length) return;
    const waiting = batch.waiting.splice(0);
    this.generator.bios(batch.world, batch.profile, waiting.map((w) => w.subject), batch.lane).then(
      (results) => waiting.forEach((w, i) => w.resolve(results[i]!)),
      (err) => waiting.forEach((w) => w.reject(err)),
    );
  }
}
