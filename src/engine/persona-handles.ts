/**
 * The persona-handle cache: the engine's in-memory layer, an LRU of persona handles by world,
 * fingerprint and key, so every request for one persona in this process gets the same handle
 * (and a repeat spawn costs a Map lookup). Each entry also notes whether some caller wants the
 * persona's backstory and whether its job was queued, so a cache hit queues it at most once.
 *   const key = handleKey(world.id, world.fingerprint, 'smith-1');
 *   const held = handles.create(world.id, 'smith-1', key, (h) => backstories.prioritize(h));
 *   handles.publish(record); // a stored record reaches the handle held for it, if any
 * Cost: one LRU entry (the handle, its emitter and three promises) per persona held; `size`
 * entries at most (default 100,000), least recently used out first.
 */
import { LRUCache } from 'lru-cache';
import type { PersonaRecord } from '../core/types.js';
import { PersonaHandle } from './persona-handle.js';

/** A handle held in memory and what the engine knows about its backstory. */
export interface HeldPersona {
  readonly handle: PersonaHandle;
  /** Some caller wants the backstory (a later request can turn this on, never off). */
  backstoryWanted: boolean;
  /** A backstory job was queued for this handle (so cache hits need not queue it again). */
  backstoryQueued: boolean;
}

/** The cache key of a persona: world id, world fingerprint and persona key. */
export function handleKey(world: string, fingerprint: string, key: string): string {
  return `${world}\u0000${fingerprint}\u0000${key}`;
}

export class PersonaHandles {
  readonly #held: LRUCache<string, HeldPersona>;

  constructor(size: number) {
    this.#held = new LRUCache({ max: size });
  }

  get(cacheKey: string): HeldPersona | undefined {
    return this.#held.get(cacheKey);
  }

  /** A new handle, held under `cacheKey` (replacing any other). */
  create(world: string, key: string, cacheKey: string, onPrioritize: (handle: PersonaHandle) => void): HeldPersona {
    const held: HeldPersona = { handle: new PersonaHandle(world, key, onPrioritize), backstoryWanted: true, backstoryQueued: false };
    this.#held.set(cacheKey, held);
    return held;
  }

  /** Drop `handle` (a failed one, so the next request tries again) unless another took its place. */
  forget(cacheKey: string, handle: PersonaHandle): void {
    if (this.#held.get(cacheKey)?.handle === handle) this.#held.delete(cacheKey);
  }

  /** Hand a record to its handle if one is held in memory. */
  publish(record: PersonaRecord): void {
    this.#held.get(handleKey(record.world, record.fingerprint, record.key))?.handle.publish(record);
  }
}
