/**
 * World identity, owned by the server. A room's world comes from its create options, but a
 * client does not get to redefine a world that exists:
 * - a world in the server's own list (`worlds` option) is that world; a client description
 *   that differs is refused;
 * - otherwise the store decides: the newest stored version of the id is the world, and a
 *   description that differs from it is refused (policy `'fixed'`, the default) or makes a
 *   new version of the world (policy `'versioned'`, for servers that let players redefine
 *   worlds); a join without a description joins the world as it is;
 * - an id nobody has described yet needs a description, and making it is a *new world* (one
 *   profile call and a pool of bios), which the plugin charges to the first client's budget.
 * Descriptions are compared normalised (case, Unicode form and whitespace do not matter).
 *   const w = await resolveRoomWorld(engine.store, { id: 'x', description: 'A port' }, settings);
 *   w.input  // what engine.world() gets;  w.isNew // nothing stored for it yet
 * Cost: one or two store reads per room creation (none for a server-listed world); nothing per join.
 */
import { z } from 'zod';
import type { Profile } from '../src/core/profile-schema.js';
import type { PersonaStore, StoredWorld } from '../src/core/types.js';
import { normaliseDescription, resolveWorld, type World, WorldIdSchema, type WorldInput } from '../src/core/world.js';
import { PersonaJoinError } from './join-errors.js';

/** `'fixed'`: a world's description is fixed by whoever made it first. `'versioned'`: another description makes a new version of the world. */
export type WorldPolicy = 'fixed' | 'versioned';

/** What a room (or a join) asks for: an id, and a description when it means to describe the world. */
export interface WorldRequest {
  id?: unknown;
  description?: unknown;
  profile?: Profile | null;
}

/** The server's own worlds: a list, or a lookup by id (may be async). */
export type ServerWorlds = ReadonlyArray<WorldInput> | ((id: string) => WorldInput | undefined | Promise<WorldInput | undefined>);

export interface RoomWorld {
  /** What the room's world handle is made from. */
  input: WorldInput;
  /** Resolved (id, description, fingerprint). */
  world: World;
  /** No version of this world is stored yet and it is not a server world: making it costs a profile call. */
  isNew: boolean;
  /** The world came from the server's list. */
  serverDefined: boolean;
}

export interface WorldSettings {
  policy: WorldPolicy;
  worlds: ServerWorlds | undefined;
  storeTimeoutMs: number;
}

/** A store read that gives up after `ms` (a dead Redis must not hold a join for half a minute). */
export async function withTimeout<T>(what: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PersonaJoinError('UNAVAILABLE', 'The persona store did not answer in time; try again shortly.')),
      ms,
    );
    timer.unref?.();
  });
  try {
    return await Promise.race([what, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sameDescription = (a: string, b: string) => normaliseDescription(a) === normaliseDescription(b);

/** The request's id (refused when missing or malformed) and description (undefined when not given). */
export function readRequest(request: WorldRequest): { id: string; description: string | undefined } {
  const id = request.id;
  if (id === undefined || id === null || id === '')
    throw new PersonaJoinError('WORLD_REQUIRED', 'Join with a world id: { worldId: "..." } (and a description to create a new world).');
  const parsed = WorldIdSchema.safeParse(id);
  if (!parsed.success) throw new PersonaJoinError('INVALID_WORLD', `Invalid world id: ${z.prettifyError(parsed.error)}`);
  const d = request.description;
  if (d !== undefined && d !== null && typeof d !== 'string')
    throw new PersonaJoinError('INVALID_WORLD', 'The world description must be a string.');
  return { id: parsed.data, description: typeof d === 'string' && d.trim() ? d : undefined };
}

function validated(input: WorldInput): World {
  try {
    return resolveWorld(input);
  } catch (err) {
    throw new PersonaJoinError('INVALID_WORLD', err instanceof Error ? err.message.slice(0, 1000) : 'Invalid world.');
  }
}

async function serverWorld(worlds: ServerWorlds | undefined, id: string): Promise<WorldInput | undefined> {
  if (!worlds) return undefined;
  if (typeof worlds === 'function') return worlds(id);
  return worlds.find((w) => w.id === id);
}

/** The stored world as an input that gives the same fingerprint (a designer profile travels with it). */
function fromStored(stored: StoredWorld): WorldInput {
  return { id: stored.id, description: stored.description, profile: stored.profileSource === 'designer' ? stored.profile : undefined };
}

/** Decide a new room's world (see the file header). Throws PersonaJoinError with the reason. */
export async function resolveRoomWorld(store: PersonaStore, request: WorldRequest, settings: WorldSettings): Promise<RoomWorld> {
  const { id, description } = readRequest(request);
  const listed = await withTimeout(Promise.resolve(serverWorld(settings.worlds, id)), settings.storeTimeoutMs);
  if (listed) {
    if (description !== undefined && !sameDescription(description, listed.description)) {
      throw new PersonaJoinError(
        'WORLD_MISMATCH',
        `World "${id}" is defined by this server as "${listed.description.slice(0, 200)}"; join it without a description, or use another world id.`,
      );
    }
    return { input: listed, world: validated(listed), isNew: false, serverDefined: true };
  }
  const latest = await withTimeout(store.getLatestWorld(id), settings.storeTimeoutMs);
  if (description === undefined) {
    if (!latest)
      throw new PersonaJoinError('UNKNOWN_WORLD', `There is no world "${id}" yet: join with { worldId, description } to describe it.`);
    const input = fromStored(latest);
    return { input, world: validated(input), isNew: false, serverDefined: false };
  }
  const asked: WorldInput = { id, description, profile: request.profile ?? undefined };
  const world = validated(asked);
  if (latest && sameDescription(latest.description, description)) {
    const input = request.profile ? asked : fromStored(latest);
    return { input, world: request.profile ? world : validated(input), isNew: false, serverDefined: false };
  }
  if (latest && settings.policy === 'fixed') {
    throw new PersonaJoinError(
      'WORLD_MISMATCH',
      `World "${id}" already exists with another description ("${latest.description.slice(0, 200)}"); a world's description is fixed by its creator. Join it without a description, or pick another world id.`,
    );
  }
  const stored = latest ? await withTimeout(store.getWorld(id, world.fingerprint), settings.storeTimeoutMs) : undefined;
  return { input: asked, world, isNew: !stored, serverDefined: false };
}

/**
 * Check a joining client's options against the room's world: the same id, and (when it gives
 * one) the same description. Throws PersonaJoinError; `requireId` refuses joins without an id.
 */
export function checkJoin(room: RoomWorld, request: WorldRequest, requireId: boolean): void {
  if (!requireId && (request.id === undefined || request.id === null || request.id === '')) return;
  const { id, description } = readRequest(request);
  if (id !== room.world.id) throw new PersonaJoinError('WORLD_MISMATCH', `This room hosts world "${room.world.id}", not "${id}".`);
  if (description !== undefined && !sameDescription(description, room.world.description)) {
    throw new PersonaJoinError(
      'WORLD_MISMATCH',
      `World "${id}" is described as "${room.world.description.slice(0, 200)}"; join it without a description, or use another world id.`,
    );
  }
}
