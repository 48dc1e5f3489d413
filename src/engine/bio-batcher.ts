/**
 * Bio batcher: bio requests for one world are sent as one batched call (up to `batch` people),
 * so 50 NPCs spawned at once cost a handful of calls, not 50; requests from every room of the
 * process share the batches of their world. A lone request goes out alone once the code that
 * made it has run (a microtask: no added wait, not even for the loop's next turn).
 * A batch takes more people until its call starts, not just until it is sent: while a live call
 * waits for a provider slot (the provider is busy), later live misses of its world join it, and
 * when it starts it also carries people of that world's pool refills still waiting for a slot
 * (up to the live batch size; the refill then asks only for the rest, or makes no call). Under
 * load the live path thus costs about what the batch path does, with no added wait.
 * Spawns are paced (core/pacer.ts), so a burst reaches the batcher over a few turns. A partial live
 * batch therefore waits a turn more while spawns of its world are on their way: queued in the
 * pacer, or started and not yet at their bio request (`expect()`: store reads, name claims); at
 * most COALESCE_MS in all. A lone miss with nothing on its way goes out at once.
 *   const bio = await batcher.request(loadedWorld, identity, 'live');
 * Cost: one array push per request, one microtask per batch, and one setImmediate per turn while
 * it waits for spawns on their way.
 */
import type { Profile } from '../core/profile-schema.js';
import type { PersonaIdentity, WorldContext } from '../core/types.js';
import type { TextResult } from './text-results.js';
import type { TextWriter } from './text-writer.js';
import type { Lane } from './scheduler.js';

/** Longest a partial live batch waits for more of a paced burst, in all. */
export const COALESCE_MS = 50;

/** The pacer tag of a world's spawns (world-handle.ts paces each miss with it). */
export function spawnTag(world: { id: string; fingerprint: string }): string {
  return `spawn\u0000${world.id}\u0000${world.fingerprint}`;
}

interface Waiting {
  subject: PersonaIdentity;
  /** A refill's person carried by a live call (seal()): no player waits on it. */
  carried?: boolean;
  resolve: (r: TextResult) => void;
  reject: (e: unknown) => void;
}

interface Batch {
  world: WorldContext;
  profile: Profile;
  lane: Lane;
  /** Who the call is for; fixed once the call starts (seal()). */
  waiting: Waiting[];
  openedAt: number;
  /** Live batches: when the first of its spawns must have a bio (Date.now() scale). */
  deadline: number | undefined;
}

export class BioBatcher {
  /** Batches still collecting, by world and lane. */
  private readonly open = new Map<string, Batch>();
  /** Batches handed to the text writer whose call has not started, by world (both lanes). */
  private readonly queued = new Map<string, Batch[]>();
  /** Live spawns started and not yet at their bio request, by world. */
  private readonly coming = new Map<string, number>();

  constructor(
    private readonly writer: TextWriter,
    private readonly batchSize: Record<Lane, number>,
    /** Live bios: ms from the request to the fallback's answer (null: no deadline). */
    private readonly deadlineMs: number | null = null,
  ) {}

  request(world: WorldContext, profile: Profile, subject: PersonaIdentity, lane: Lane): Promise<TextResult> {
    return new Promise((resolve, reject) => {
      const waiter: Waiting = { subject, resolve, reject };
      // A live call of this world still waiting for a slot takes one more.
      if (lane === 'live') {
        const waitingCall = this.queued
          .get(worldKey(world))
          ?.find((b) => b.lane === 'live' && b.profile === profile && b.waiting.length < this.batchSize.live);
        if (waitingCall) {
          waitingCall.waiting.push(waiter);
          return;
        }
      }
      const id = `${worldKey(world)}\u0000${lane}`;
      let batch = this.open.get(id);
      if (!batch) {
        const created: Batch = {
          world,
          profile,
          lane,
          waiting: [],
          openedAt: performance.now(),
          deadline: lane === 'live' && this.deadlineMs !== null ? Date.now() + this.deadlineMs : undefined,
        };
        batch = created;
        this.open.set(id, created);
        // Requests made in this same run of code join it; then, with no spawn of its world on
        // its way, it goes at once (a microtask), not after the loop's next check phase.
        queueMicrotask(() => {
          if (this.open.get(id) !== created) return; // already sent (it filled up)
          if (this.moreComing(created)) this.flushLater(id, created);
          else this.flush(id, created);
        });
      }
      batch.waiting.push(waiter);
      if (batch.waiting.length >= this.batchSize[lane]) this.flush(id, batch);
    });
  }

  /**
   * A live spawn of `world` has started and may ask for a bio soon: its world's partial live batch
   * waits for it (within COALESCE_MS). Call the returned function (idempotent) when it asks, or
   * when it will not (a store hit, a failure).
   */
  expect(world: WorldContext): () => void {
    const key = worldKey(world);
    this.coming.set(key, (this.coming.get(key) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.coming.get(key) ?? 1) - 1;
      if (left > 0) this.coming.set(key, left);
      else this.coming.delete(key);
    };
  }

  /** Flush on the next turn, or later while spawns of its world are on their way. */
  private flushLater(id: string, batch: Batch): void {
    setImmediate(() => {
      if (this.open.get(id) !== batch) return; // already sent (it filled up)
      if (this.moreComing(batch)) this.flushLater(id, batch);
      else this.flush(id, batch);
    });
  }

  private moreComing(batch: Batch): boolean {
    if (batch.lane !== 'live') return false; // refills ask for their whole batch at once
    if (performance.now() - batch.openedAt >= COALESCE_MS) return false;
    // Spawns of this world not started yet (a burst being paced), or started and still on their
    // way to their bio request.
    return this.writer.pacer.pendingTagged(spawnTag(batch.world)) > 0 || (this.coming.get(worldKey(batch.world)) ?? 0) > 0;
  }

  private flush(id: string, batch: Batch): void {
    if (this.open.get(id) === batch) this.open.delete(id);
    if (!batch.waiting.length) return;
    const key = worldKey(batch.world);
    const list = this.queued.get(key);
    if (list) list.push(batch);
    else this.queued.set(key, [batch]);
    // A bio that passed its checks goes out at once, not after another one's regeneration.
    const onReady = (i: number, result: TextResult) => batch.waiting[i]?.resolve(result);
    const carried = (i: number) => batch.waiting[i]?.carried === true;
    this.writer
      .bios(
        batch.world,
        batch.profile,
        () => this.seal(batch),
        batch.lane,
        batch.deadline === undefined ? { onReady, carried } : { deadline: batch.deadline, onReady, carried },
      )
      .then(
        (results) => batch.waiting.forEach((w, i) => w.resolve(results[i]!)),
        (err) => {
          this.unqueue(batch);
          batch.waiting.forEach((w) => w.reject(err));
        },
      );
  }

  /** The call is starting: fix who it is for. A live call also carries waiting refills of its world. */
  private seal(batch: Batch): PersonaIdentity[] {
    this.unqueue(batch);
    if (batch.lane === 'live') {
      for (const refill of this.queued.get(worldKey(batch.world)) ?? []) {
        const room = this.batchSize.live - batch.waiting.length;
        if (room <= 0) break;
        if (refill.lane !== 'refill' || refill.profile !== batch.profile) continue;
        for (const w of refill.waiting.splice(0, room)) {
          w.carried = true;
          batch.waiting.push(w);
        }
      }
    }
    return batch.waiting.map((w) => w.subject);
  }

  private unqueue(batch: Batch): void {
    const key = worldKey(batch.world);
    const list = this.queued.get(key);
    if (!list) return;
    const at = list.indexOf(batch);
    if (at >= 0) list.splice(at, 1);
    if (!list.length) this.queued.delete(key);
  }
}

function worldKey(world: WorldContext): string {
  return `${world.id}\u0000${world.fingerprint}`;
}
