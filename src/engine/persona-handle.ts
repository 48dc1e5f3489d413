/**
 * A persona handle: returned at once by `world.persona(key)` and `world.take()`, before any
 * model call finishes. It holds the newest record and tells you as the text arrives:
 *   const npc = world.persona('smith-1', { hints: ['one-eyed'] });
 *   npc.on('update', (rec) => console.log(rec.status));   // pending -> bio -> complete
 *   const { bio } = await npc.bio; const { backstory } = await npc.backstory;
 * Promises never reject: a persona whose generation failed resolves with status "failed"
 * and `error` set. The engine makes handles (persona-handles.ts) and settles a backstory
 * nobody wants through `settleBackstory(handle)`, which is not a method: users see only the
 * members below. Cost: one EventEmitter and three promises per persona held in memory.
 */
import { EventEmitter } from 'node:events';
import type { PersonaRecord } from '../core/types.js';

export interface PersonaEvents {
  /** Name and traits are known (no model call needed). */
  identity: [PersonaRecord];
  bio: [PersonaRecord];
  backstory: [PersonaRecord];
  /** Any change of the record. */
  update: [PersonaRecord];
  failed: [PersonaRecord];
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Settles a handle's backstory promise with its record as is (set by the class below). */
let settle: (handle: PersonaHandle) => void;

export class PersonaHandle extends EventEmitter<PersonaEvents> {
  /** `${world}:${key}`: the persona's id in records, state and the HTTP API. */
  readonly id: string;
  readonly world: string;
  readonly key: string;
  #current: PersonaRecord | null = null;
  readonly #d = { identity: deferred<PersonaRecord>(), bio: deferred<PersonaRecord>(), backstory: deferred<PersonaRecord>() };
  readonly #onPrioritize: (handle: PersonaHandle) => void;
  /** Resolves when name and traits are known. */
  readonly identity = this.#d.identity.promise;
  /** Resolves when the bio is written (or the persona failed). */
  readonly bio = this.#d.bio.promise;
  /** Resolves when the backstory is written (or the persona failed, or backstories are off for it). */
  readonly backstory = this.#d.backstory.promise;

  static {
    settle = (handle) => {
      if (handle.#current) handle.#d.backstory.resolve(handle.#current);
    };
  }

  /** @internal Made by the engine (`world.persona(key)`, `world.take()`), never by users. */
  constructor(world: string, key: string, onPrioritize: (handle: PersonaHandle) => void) {
    super();
    // Every room showing this NPC listens to it (the plugin adds two listeners per room).
    this.setMaxListeners(0);
    this.world = world;
    this.key = key;
    this.#onPrioritize = onPrioritize;
    this.id = `${world}:${key}`;
  }

  /** The newest record, or null while the world's profile is still loading. */
  get record(): PersonaRecord | null {
    return this.#current;
  }

  get status(): PersonaRecord['status'] {
    return this.#current?.status ?? 'pending';
  }

  /** Move this persona's backstory to the front of the queue (a player started talking to it). */
  prioritize(): void {
    this.#onPrioritize(this);
  }

  /**
   * @internal Engine-only: publish a new record and fire the matching events. (Public only
   * because test/plugin-provenance.test.ts publishes what an upgrade would.)
   */
  publish(record: PersonaRecord): void {
    const before = this.#current;
    this.#current = record;
    if (!before) {
      this.#d.identity.resolve(record);
      this.emit('identity', record);
    }
    if (record.bio !== null && before?.bio == null) {
      this.#d.bio.resolve(record);
      this.emit('bio', record);
    }
    if (record.backstory !== null && before?.backstory == null) {
      this.#d.backstory.resolve(record);
      this.emit('backstory', record);
    }
    if (record.status === 'failed') {
      this.#d.identity.resolve(record);
      this.#d.bio.resolve(record);
      this.#d.backstory.resolve(record);
      if (before?.status !== 'failed') this.emit('failed', record);
    }
    this.emit('update', record);
  }
}

/** Backstories are not wanted for this persona: settle its backstory promise with the record as is. */
export function settleBackstory(handle: PersonaHandle): void {
  settle(handle);
}
