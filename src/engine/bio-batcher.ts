/**
 * Bio batcher: bio requests made in the same turn of the event loop for one world and lane
 * are sent as one batched call (up to `batch` people), so 50 NPCs spawned at once cost a
 * handful of calls, not 50. A lone request goes out alone on the next tick (no added wait).
 *   const bio = await batcher.request(loadedWorld, identity, 'live');
 * Cost: one array push per request and one setImmediate per flush.
 */
import type { Profile } from '../core/profile-schema.js';
import type { PersonaIdentity, WorldContext } from '../core/types.js';
import type { Generator, TextResult } from './generator.js';
import type { Lane } from './scheduler.js';

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
        batch = { world, profile, lane, waiting: [] };
        this.open.set(id, batch);
        const b = batch;
        setImmediate(() => this.flush(id, b));
      }
      batch.waiting.push({ subject, resolve, reject });
      if (batch.waiting.length >= this.batchSize[lane]) this.flush(id, batch);
    });
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
