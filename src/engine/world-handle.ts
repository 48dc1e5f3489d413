/**
 * A world handle: the engine's view of one world version (id + fingerprint). It loads or
 * makes the world's profile once, hands out persona handles (cache hit: a Map lookup),
 * keeps the warm pool, and creates personas on a miss: identity at once, bio through the
 * batcher, backstory as a durable background job.
 *   const world = engine.world({ id: 'neo-tokyo', description: 'A modern neo-Tokyo' });
 *   const npc = world.persona('ramen-cook');  const spare = world.take();
 * Cost: a cache hit is one key check and one LRU lookup; a miss is one store read, one
 * name claim, one store write and a share of one batched bio call.
 */
import type { Profile } from '../core/profile-schema.js';
import { freshPersonaKey } from '../core/strings.js';
import type { PersonaRecord, PersonaStore, StoredWorld, WorldContext } from '../core/types.js';
import type { World } from '../core/world.js';
import { InvalidInputError } from '../core/errors.js';
import { type PersonaHints, parseHints, parseKey } from '../stages/hints.js';
import { rerollName, sampleIdentity } from '../stages/traits.js';
import type { BackstoryWorker } from './backstory-worker.js';
import { type BioBatcher, spawnTag } from './bio-batcher.js';
import type { EngineMetrics } from './metrics.js';
import { settleBackstory, type PersonaHandle } from './persona-handle.js';
import { type HeldPersona, handleKey, type PersonaHandles } from './persona-handles.js';
import { type PoolOptions, type SharedPoolSource, WarmPool } from './pool.js';
import { failed, newRecord, withBio } from './records.js';
import type { Scheduler } from './scheduler.js';
import { assertOpen } from './shutdown.js';
import type { SingleFlight } from './single-flight.js';
import type { TextWriter } from './text-writer.js';
import { type PersonaUpgrades, UPGRADE_PRIORITY } from './upgrade-persona.js';
import type { Upgrader } from './upgrader.js';
import type { WorldRegistry } from './world-registry.js';
import { worldBrief } from '../stages/world-brief.js';

const MAX_NAME_ATTEMPTS = 64;

export interface PersonaOptions {
  /** Write a backstory in the background. Default: true. */
  backstory?: boolean;
}

/** The engine's parts a world handle uses (one set per engine, shared by its worlds). */
export interface WorldParts {
  /** The engine's shutdown signal. */
  signal: AbortSignal;
  /** The store, paced behind live work (engine.ts). */
  store: PersonaStore;
  /** The same store, paced ahead of background work: the calls of a spawn a player waits on. */
  liveStore: PersonaStore;
  writer: Pick<TextWriter, 'usesFallbackOnly' | 'profile' | 'noteBio'>;
  scheduler: Pick<Scheduler, 'pace'>;
  batcher: Pick<BioBatcher, 'expect' | 'request'>;
  metrics: EngineMetrics;
  handles: PersonaHandles;
  flights: Pick<SingleFlight, 'run'>;
  worlds: Pick<WorldRegistry, 'register'>;
  backstories: Pick<BackstoryWorker, 'enqueue' | 'prioritize'>;
  upgrades: Pick<PersonaUpgrades, 'note' | 'upgrade'>;
  /** Provisional work waiting for the model (null: upgrades off, or no model to upgrade with). */
  upgrader: Upgrader | null;
  pool: Required<PoolOptions>;
  /** The warm pool processes share (a Redis store with the BullMQ queue), or null: each world's pool is this process's. */
  sharedPool: SharedPools | null;
  onError: (err: unknown) => void;
}

/** The shared warm pools of every world: pull ready entries, ask for a refill job. */
export interface SharedPools {
  pull(world: WorldContext, max: number): Promise<PersonaRecord[]>;
  /** Queue a refill job; resolves with its id. */
  request(world: WorldContext, n: number): Promise<string>;
  /** Whether a refill job has ended (done, failed or gone). */
  ended(id: string): Promise<boolean>;
}

/** Makes world handles (engine.ts); set by the class below, whose constructor is private. */
let make: (parts: WorldParts, world: World) => WorldHandle;

/** A world handle over the engine's parts (the engine keeps one per world version). */
export function openWorldHandle(parts: WorldParts, world: World): WorldHandle {
  return make(parts, world);
}

export class WorldHandle {
  readonly id: string;
  readonly fingerprint: string;
  readonly description: string;
  readonly context: WorldContext;
  readonly #parts: WorldParts;
  readonly #world: World;
  #loading: Promise<StoredWorld> | null = null;
  #loaded: StoredWorld | null = null;
  readonly #pool: WarmPool;

  static {
    make = (parts, world) => new WorldHandle(parts, world);
  }

  private constructor(parts: WorldParts, world: World) {
    this.id = world.id;
    this.fingerprint = world.fingerprint;
    this.description = world.description;
    this.context = { id: world.id, description: world.description, fingerprint: world.fingerprint };
    this.#parts = parts;
    this.#world = world;
    this.#pool = new WarmPool(
      {
        world: this.context,
        ready: () => this.ready,
        makeIdentity: (key) => this.#identityFor(key, parseHints(undefined)),
        batcher: parts.batcher,
        scheduler: parts.scheduler,
        metrics: parts.metrics,
        signal: parts.signal,
        onError: parts.onError,
        ...(parts.sharedPool ? { shared: sharedSource(parts.sharedPool, this.context) } : {}),
      },
      parts.pool,
    );
  }

  /**
   * Resolves when the profile is loaded or made; rejects if it cannot be (invalid designer
   * profile). Lazy: the load starts on first use (this getter, persona(), take(), warm()), so
   * a handle costs nothing until something asks for a person (the Colyseus plugin holds a new
   * world's handle while the first client's budget is checked).
   */
  get ready(): Promise<StoredWorld> {
    if (!this.#loading) {
      this.#loading = this.#load(this.#world);
      this.#loading.catch(() => undefined);
    }
    return this.#loading;
  }

  /** The profile once loaded (null before). */
  get profile(): Profile | null {
    return this.#loaded?.profile ?? null;
  }

  /** Ready personas waiting in the pool. */
  get poolSize(): number {
    return this.#pool.length;
  }

  async #load(world: World): Promise<StoredWorld> {
    const stored = await this.#loadStored(world);
    // The world brief every model prompt carries (profile summary, era line) reads the description
    // once; the first read in a process loads the sketcher (~0.2-0.3 s of CPU). Pay it here, before
    // any spawn's bio deadline runs, not inside the first bio call.
    if (!this.#parts.writer.usesFallbackOnly) worldBrief(this.context, stored.profile);
    return stored;
  }

  async #loadStored(world: World): Promise<StoredWorld> {
    const { store, writer } = this.#parts;
    const existing = await store.getWorld(world.id, world.fingerprint);
    if (existing) {
      this.#parts.worlds.register(existing);
      this.#loaded = existing;
      this.#retryProfileIfProvisional(existing);
      return existing;
    }
    // Made and stored under one lock, so two processes never store two different profiles.
    const stored = await this.#parts.flights.run(
      `profile:${world.id}:${world.fingerprint}`,
      async () => {
        const again = await store.getWorld(world.id, world.fingerprint);
        if (again) return again;
        let made: StoredWorld;
        if (world.designerProfile) {
          made = {
            id: world.id,
            fingerprint: world.fingerprint,
            description: world.description,
            profile: world.designerProfile,
            profileModel: 'designer',
            profileSource: 'designer',
            createdAt: Date.now(),
          };
        } else {
          const out = await writer.profile(this.context);
          made = {
            id: world.id,
            fingerprint: world.fingerprint,
            description: world.description,
            profile: out.profile,
            profileModel: out.model,
            profileSource: out.source,
            profileError: out.fallbackReason,
            createdAt: Date.now(),
          };
        }
        await store.putWorld(made);
        return made;
      },
      () => store.getWorld(world.id, world.fingerprint),
    );
    this.#parts.worlds.register(stored);
    this.#loaded = stored;
    // Made by the fallback just now: the model gets another go when it answers (the world's next load in another process too).
    this.#retryProfileIfProvisional(stored);
    return stored;
  }

  /**
   * A profile the fallback wrote (the model failed on the world's first load; or, stored by
   * an older version, any procedural profile while a model is configured) is made again by the
   * model in the background, lowest priority, when the model answers. Personas made under the
   * provisional profile keep their identities (they are stored); new ones are drawn from the
   * model's profile.
   */
  #retryProfileIfProvisional(stored: StoredWorld): void {
    const { upgrader } = this.#parts;
    if (!upgrader || !this.#profileProvisional(stored)) return;
    upgrader.note(`profile\u0000${stored.id}\u0000${stored.fingerprint}`, async () =>
      this.#profileProvisional(await this.upgradeProfile()),
    );
  }

  #profileProvisional(stored: StoredWorld): boolean {
    if (this.#parts.writer.usesFallbackOnly) return false;
    return stored.profileError != null || (stored.profileError === undefined && stored.profileSource === 'procedural');
  }

  /**
   * Make a provisional profile again with the model now (lowest priority), and resolve with
   * the world as stored afterwards (unchanged when the model fails again, or when the profile
   * is final: a designer's, a model's, or procedural by choice). Personas already made keep
   * their identities; new ones are drawn from the new profile.
   */
  async upgradeProfile(): Promise<StoredWorld> {
    const stored = await this.ready;
    if (!this.#profileProvisional(stored)) return stored;
    const { writer, store, metrics } = this.#parts;
    try {
      const out = await writer.profile(this.context, { fallback: false, lane: 'backstory', priority: UPGRADE_PRIORITY });
      const made: StoredWorld = { ...stored, profile: out.profile, profileModel: out.model, profileSource: out.source, profileError: null };
      await store.putWorld(made);
      this.#parts.worlds.register(made);
      this.#loaded = made;
      this.#loading = Promise.resolve(made);
      metrics.provisional('upgraded', 'profile');
      return made;
    } catch (err) {
      metrics.provisional('upgrade-failed', 'profile');
      this.#parts.onError(err);
      return stored;
    }
  }

  /**
   * The persona for `key`: the same person for the same key, forever. Returns at once; the
   * record fills in through events and promises. Hints (`{ hints: ['one-eyed'], overrides }`)
   * apply when the persona is first made; for a persona that exists they are ignored.
   */
  persona(key: string, hints?: PersonaHints, options: PersonaOptions = {}): PersonaHandle {
    assertOpen(this.#parts.signal);
    const k = parseKey(key);
    const cacheKey = handleKey(this.id, this.fingerprint, k);
    const cached = this.#parts.handles.get(cacheKey);
    if (cached) {
      this.#parts.metrics.hit('memory');
      // Made earlier with { backstory: false } and now wanted: queue it once (never on a plain hit).
      // If its bio is still on the way, resolve() sees the flag and queues it then.
      if (options.backstory !== false && !cached.backstoryWanted) {
        cached.backstoryWanted = true;
        const { record } = cached.handle;
        if (!cached.backstoryQueued && record?.bio != null && record.backstory === null) {
          void this.#parts.backstories.enqueue(this, record).catch((err) => this.#parts.onError(err));
        }
      }
      return cached.handle;
    }
    const parsed = parseHints(hints);
    const held = this.#hold(k, cacheKey);
    held.backstoryWanted = options.backstory !== false;
    void this.#resolve(held, parsed).catch((err) => this.#fail(held.handle, err));
    return held.handle;
  }

  /** A ready persona from the warm pool (bio included), or a fresh one when the pool is empty. */
  take(options: PersonaOptions = {}): PersonaHandle {
    assertOpen(this.#parts.signal);
    const entry = this.#pool.take();
    if (!entry) {
      this.#parts.metrics.pool(false);
      return this.persona(freshPersonaKey(), undefined, options);
    }
    this.#parts.metrics.pool(true);
    const held = this.#hold(entry.key, handleKey(this.id, this.fingerprint, entry.key));
    const { handle } = held;
    held.backstoryWanted = options.backstory !== false;
    handle.publish(entry);
    this.#parts.upgrades.note(entry);
    // Persist after returning: a take stays a few microseconds, the write happens next turn.
    setImmediate(() => {
      void this.#parts.store
        .putPersona(entry)
        .then(() => (held.backstoryWanted ? this.#parts.backstories.enqueue(this, entry) : settleBackstory(handle)))
        .catch((err) => this.#fail(handle, err));
    });
    return handle;
  }

  /** @internal A `refill` job of the shared pool: make `n` ready entries for whichever process pulls them. */
  producePoolEntries(n: number): Promise<PersonaRecord[]> {
    assertOpen(this.#parts.signal);
    return this.#pool.produce(n);
  }

  /** Start (or top up) the warm pool in the background. */
  warm(): void {
    this.#pool.fill();
  }

  /** The stored record for `key`, if the persona exists. */
  async get(key: string): Promise<PersonaRecord | undefined> {
    const k = parseKey(key);
    const held = this.#parts.handles.get(handleKey(this.id, this.fingerprint, k));
    return held?.handle.record ?? this.#parts.store.getPersona(this.id, this.fingerprint, k);
  }

  /**
   * Rewrite `key`'s provisional texts (written by the fallback while the model failed) with
   * the model now, and resolve with the record (still provisional when the model fails
   * again). Identity never changes. Undefined when the persona does not exist.
   */
  async upgrade(key: string): Promise<PersonaRecord | undefined> {
    const k = parseKey(key);
    await this.ready;
    return this.#parts.upgrades.upgrade(this.id, this.fingerprint, k);
  }

  /** This world's cast, oldest first. */
  list(options?: { limit?: number; offset?: number }): Promise<PersonaRecord[]> {
    return this.#parts.store.listPersonas(this.id, this.fingerprint, options);
  }

  /** A new handle for `key`, held in the engine's cache; a focus on it goes to the backstory worker. */
  #hold(key: string, cacheKey: string): HeldPersona {
    return this.#parts.handles.create(this.id, key, cacheKey, (h) => this.#parts.backstories.prioritize(h));
  }

  /** Sample an identity with a world-unique name (claimed in the store). */
  async #identityFor(key: string, hints: ReturnType<typeof parseHints>, store: PersonaStore = this.#parts.store): Promise<PersonaRecord> {
    // The newest profile (a provisional one may have been replaced by the model's since the load).
    const { profile } = await this.ready;
    const identity = sampleIdentity(profile, this.fingerprint, key, hints);
    const forcedName = hints.overrides.get('name');
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const name = attempt === 0 ? identity.name : rerollName(profile, this.fingerprint, key, identity.traits, attempt);
      if (await store.claimName(this.id, this.fingerprint, name, key)) return newRecord(this.id, this.fingerprint, { ...identity, name });
      if (typeof forcedName === 'string')
        throw new InvalidInputError(
          `The name "${forcedName}" is already used by another persona in world "${this.id}"; names are unique within a world.`,
        );
    }
    // Every candidate taken (a tiny name pool): disambiguate deterministically with the key.
    const name = `${identity.name} (${key})`;
    await store.claimName(this.id, this.fingerprint, name, key);
    return newRecord(this.id, this.fingerprint, { ...identity, name });
  }

  async #resolve(held: HeldPersona, hints: ReturnType<typeof parseHints>): Promise<void> {
    const { profile } = await this.ready;
    // A burst of spawns takes turns with the room's tick: each miss is a paced unit (live first),
    // tagged with the world so the bio batcher waits for the rest of the burst (bio-batcher.ts).
    await this.#parts.scheduler.pace('live', spawnTag(this.context));
    // From here until it asks for its bio, the batch of this world waits for it (bio-batcher.ts).
    const arrived = this.#parts.batcher.expect(this.context);
    try {
      await this.#resolveStarted(held, hints, profile, arrived);
    } finally {
      arrived();
    }
  }

  async #resolveStarted(held: HeldPersona, hints: ReturnType<typeof parseHints>, profile: Profile, arrived: () => void): Promise<void> {
    // A spawn a player waits on: its store calls go before background work in a busy turn.
    const { liveStore: store, metrics } = this.#parts;
    const { handle } = held;
    const key = handle.key;
    let rec = await store.getPersona(this.id, this.fingerprint, key);
    if (rec?.bio != null) {
      metrics.hit('store');
    } else {
      // One bio per (world, key) across processes: the lock holder writes it, others wait for it.
      rec = await this.#parts.flights.run(
        `persona:${this.id}:${this.fingerprint}:${key}`,
        async () => {
          const again = await store.getPersona(this.id, this.fingerprint, key);
          if (again?.bio != null) return again;
          let base = again;
          let pendingWrite: Promise<void> = Promise.resolve();
          if (!base) {
            base = await this.#identityFor(key, hints, store);
            metrics.created();
            // Written while the bio is generated, not before: off the spawn's critical path.
            pendingWrite = store.putPersona(base);
            pendingWrite.catch(() => undefined); // awaited below; this only stops an unhandled rejection if the bio throws first
          }
          handle.publish(base);
          arrived();
          const bio = await this.#parts.batcher.request(this.context, profile, base, 'live');
          const withText = withBio(base, bio);
          await pendingWrite;
          await store.putPersona(withText);
          return withText;
        },
        async () => {
          const other = await store.getPersona(this.id, this.fingerprint, key);
          return other?.bio != null ? other : undefined;
        },
        store,
      );
    }
    handle.publish(rec);
    if (rec.bio !== null && rec.sources.bio === 'llm') this.#parts.writer.noteBio(this.context, key, rec.bio);
    this.#parts.upgrades.note(rec);
    if (rec.backstory !== null) return;
    if (held.backstoryWanted) await this.#parts.backstories.enqueue(this, rec);
    else settleBackstory(handle);
  }

  #fail(handle: PersonaHandle, err: unknown): void {
    const base = handle.record ?? newRecord(this.id, this.fingerprint, { key: handle.key, name: '', traits: {}, hints: [] });
    // Forget the failed handle so the next request for this key tries again.
    this.#parts.handles.forget(handleKey(this.id, this.fingerprint, handle.key), handle);
    handle.publish(failed(base, err));
    this.#parts.onError(err);
  }
}

/** One world's view of the shared pools. */
function sharedSource(pools: SharedPools, world: WorldContext): SharedPoolSource {
  return { pull: (max) => pools.pull(world, max), request: (n) => pools.request(world, n), ended: (id) => pools.ended(id) };
}
