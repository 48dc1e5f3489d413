/**
 * `generate --enqueue`: put a dataset's work on the shared job queue instead of doing it here,
 * so `colyseus-personas worker` processes on any number of machines share it. It makes each
 * world's profile (one call per world, so every worker sees the same world), then queues one
 * `persona` job per key 1..N that is not complete in the store yet; a worker makes the bio and
 * queues the backstory as a job of its own. Running `generate` again (without --enqueue)
 * collects the output: it reuses every finished persona and makes whatever is still missing.
 *   REDIS_URL=redis://... colyseus-personas generate --instructions worlds.json --enqueue
 *   REDIS_URL=redis://... colyseus-personas worker            # on each machine
 *   REDIS_URL=redis://... colyseus-personas generate --instructions worlds.json --out people.jsonl
 * Cost: one profile call per world not yet stored; per key, one store read and one queue add.
 */
import { InvalidInputError } from '../core/errors.js';
import { worldIdFromDescription } from '../core/world.js';
import { createPersonaEngine, type PersonaEngine } from '../engine/engine.js';
import { JOB_PRIORITY, personaJobId } from '../engine/backstory-options.js';
import { type GenerateOptions, loadInstructions, storeSpec } from './generate.js';

export interface EnqueueSummary {
  worlds: number;
  /** Persona jobs queued now (a job already queued or running is not queued twice). */
  queued: number;
  /** Keys already complete in the store: nothing to do. */
  complete: number;
  /** The queue's kind: 'bullmq' (Redis, any machine) or 'store' (the SQLite file, this host). */
  queue: string;
}

export async function enqueueDataset(
  options: Pick<GenerateOptions, 'world' | 'worldId' | 'instructions' | 'count' | 'hints' | 'stage' | 'db' | 'provider'>,
  engine?: PersonaEngine,
): Promise<EnqueueSummary> {
  const instructions = await loadInstructions(options);
  if (options.stage === 'bio')
    throw new InvalidInputError(
      '--enqueue queues whole personas (bio, then backstory); use --stage both or backstory, or run without --enqueue.',
    );
  if (instructions.some((i) => i.persona_traits?.length))
    throw new InvalidInputError('--enqueue does not carry hints (--hint, persona_traits) to the workers yet; run without --enqueue.');
  const eng =
    engine ??
    // Queues work, runs none of it here.
    createPersonaEngine({ provider: options.provider, store: storeSpec(options), pool: { size: 0 }, backstories: { enabled: false } });
  try {
    const summary: EnqueueSummary = { worlds: instructions.length, queued: 0, complete: 0, queue: eng.queue.kind };
    for (const item of instructions) {
      const world = eng.world({
        id: item.world_id ?? worldIdFromDescription(item.simulation_description),
        description: item.simulation_description,
      });
      const stored = await world.ready;
      for (let k = 1; k <= item.num_of_samples; k++) {
        const key = String(k);
        const rec = await eng.store.getPersona(stored.id, stored.fingerprint, key);
        if (rec && rec.status !== 'failed' && rec.bio !== null && rec.backstory !== null) {
          summary.complete++;
          continue;
        }
        await eng.queue.add({
          id: personaJobId(stored.id, stored.fingerprint, key),
          kind: 'persona',
          world: stored.id,
          fingerprint: stored.fingerprint,
          key,
          priority: JOB_PRIORITY.normal,
        });
        summary.queued++;
      }
    }
    return summary;
  } finally {
    if (!engine) await eng.close();
  }
}
