/**
 * The world registry: the worlds this process knows (context and profile by id and
 * fingerprint), so background work (backstory jobs, upgrades) finds a job's world even after
 * its world handle is gone, reading it from the store the first time.
 *   worlds.register(stored);
 *   const world = await worlds.load('northern-village', fingerprint); // { context, profile } | undefined
 * Cost: one Map entry per world seen; one store read per world not seen yet.
 */
import type { Profile } from '../core/profile-schema.js';
import type { PersonaStore, StoredWorld, WorldContext } from '../core/types.js';

export interface KnownWorld {
  context: WorldContext;
  profile: Profile;
}

export class WorldRegistry {
  readonly #worlds = new Map<string, KnownWorld>();

  constructor(private readonly store: PersonaStore) {}

  /** Remember a world as stored (the newest profile wins). */
  register(world: StoredWorld): void {
    this.#worlds.set(`${world.id}\u0000${world.fingerprint}`, {
      context: { id: world.id, description: world.description, fingerprint: world.fingerprint },
      profile: world.profile,
    });
  }

  /** A world by id and fingerprint, from memory or the store (jobs may outlive their world handle). */
  async load(id: string, fingerprint: string): Promise<KnownWorld | undefined> {
    const key = `${id}\u0000${fingerprint}`;
    const known = this.#worlds.get(key);
    if (known) return known;
    const stored = await this.store.getWorld(id, fingerprint);
    if (!stored) return undefined;
    this.register(stored);
    return this.#worlds.get(key);
  }
}
