/**
 * PersonaPlugin options, their defaults (applied here, in one place) and their validation.
 *   new PersonaPlugin({ engine, worlds: [{ id: 'neo-tokyo', description: 'A modern neo-Tokyo' }] })
 * Cost: once per room.
 */
import type { Client, Room } from '@colyseus/core';
import type { MapSchema } from '@colyseus/schema';
import { z } from 'zod';
import { InvalidInputError } from '../src/core/errors.js';
import type { PersonaEngine } from '../src/engine/engine.js';
import { defaultRateLimitKey, type PermissionHook, type PersonaAction, type RateLimit, type RateLimitKey } from './guard.js';
import type { NpcPersona } from './npc-persona.js';
import type { ServerWorlds, WorldPolicy, WorldRequest } from './world-identity.js';

/** Where a reported error came from. */
export type PluginErrorSource = 'encode' | 'restore' | 'message' | 'persona' | 'join' | 'permit';

export interface PluginErrorInfo {
  where: PluginErrorSource;
  roomId: string;
}

/** Budget for creating worlds nobody has described yet (each costs a profile call and a pool of bios). */
export interface NewWorldBudget {
  /** Per client key (see `rateLimitKey`; charged in onJoin, so `client.auth` is what the room's onAuth returned). Default: 3 per hour. */
  perClient?: RateLimit | false;
  /** Per IP. Default: 10 per hour. */
  perIp?: RateLimit | false;
}

export interface PersonaPluginOptions {
  /** The engine: create one per process and share it with every room. Required. */
  engine: PersonaEngine;
  /**
   * The world a room's create options (and a client's join options) ask for. Default:
   * `{ id: options.worldId, description: options.description }`. The description may be
   * missing: then the room joins the world as it exists.
   */
  world?: (options: unknown, room: Room) => WorldRequest;
  /** The server's own worlds (a list, or a lookup by id): their descriptions win over any client's. Default: none. */
  worlds?: ServerWorlds;
  /**
   * `'fixed'` (default): a world's description is fixed by whoever made it first; a room or
   * join with the same id and another description is refused (409). `'versioned'`: another
   * description makes a new version of the world under the same id (then filter rooms by
   * `['worldId', 'description']`).
   */
  worldPolicy?: WorldPolicy;
  /** Refuse joins whose options carry no world id (400), so `joinOrCreate('world', {})` never lands in a random room. Default: true. */
  requireWorldOnJoin?: boolean;
  /** Budget for new worlds, charged to the first client that joins a room of a new world; `false` = unlimited. */
  newWorlds?: NewWorldBudget | false;
  /**
   * Where NPCs live in the state: the name of a `t.map(NpcPersona)` field of the state, or a
   * function returning the map. Default: `'npcs'`.
   */
  npcs?: string | ((room: Room) => MapSchema<NpcPersona>);
  /** Start the world's warm pool when the room is created (0 = don't). The pool's size is the engine's `pool.size`. Default: 8. */
  pool?: number;
  /** Bring back up to this many NPCs of the world's stored cast when a room is created (store reads only). Default: 0. */
  restore?: number;
  /**
   * How long a spawned NPC without a bio waits before it appears in the state anyway (with
   * status "pending", filling in when ready). 0 shows it at once. Default: 250 ms.
   */
  bioDeadlineMs?: number;
  /**
   * A client's `persona:spawn` of a new NPC is refused (ROOM_FULL) once the room holds this many
   * NPCs, counting every NPC in it however it came (server `spawn()`, restored cast, clients).
   * Server code's `spawn()` is not limited. Default: 200.
   */
  maxNpcs?: number;
  /** Who may do what: return true to allow, false or a reason to refuse. Default: everyone may. */
  permit?: PermissionHook<Client>;
  /** Per client key, across rooms and rejoins; invalid messages count too. Default: spawn 10 per 10 s, focus 30 per 10 s. */
  rateLimits?: Partial<Record<PersonaAction, RateLimit>>;
  /** The key limits are counted under. Default: `auth:<client.auth.id | userId | uid | _id | sub>`, else `ip:<ip>`. */
  rateLimitKey?: RateLimitKey<Client>;
  /** Take the client IP from X-Real-IP / X-Forwarded-For (only behind a proxy that sets them). Default: false (the socket's address). */
  trustProxy?: boolean;
  /** Longest wait for the store when a room is created; past it the join is refused with 503. Default: 5000 ms. */
  storeTimeoutMs?: number;
  /** Errors with no client to go to (encode failures, skipped stored personas, failed NPCs' details). Default: console.warn, one line. */
  onError?: (err: unknown, info: PluginErrorInfo) => void;
}

export interface ResolvedPluginOptions {
  engine: PersonaEngine;
  world: (options: unknown, room: Room) => WorldRequest;
  worlds: ServerWorlds | undefined;
  worldPolicy: WorldPolicy;
  requireWorldOnJoin: boolean;
  newWorlds: { perClient: RateLimit | false; perIp: RateLimit | false } | false;
  npcs: (room: Room) => MapSchema<NpcPersona>;
  pool: number;
  restore: number;
  bioDeadlineMs: number;
  maxNpcs: number;
  permit: PermissionHook<Client> | undefined;
  rateLimits: Record<PersonaAction, RateLimit>;
  rateLimitKey: RateLimitKey<Client>;
  trustProxy: boolean;
  storeTimeoutMs: number;
  onError: (err: unknown, info: PluginErrorInfo) => void;
}

export const DEFAULTS = {
  pool: 8,
  restore: 0,
  bioDeadlineMs: 250,
  maxNpcs: 200,
  worldPolicy: 'fixed' as WorldPolicy,
  requireWorldOnJoin: true,
  rateLimits: { spawn: { points: 10, durationSeconds: 10 }, focus: { points: 30, durationSeconds: 10 } },
  newWorlds: { perClient: { points: 3, durationSeconds: 3600 }, perIp: { points: 10, durationSeconds: 3600 } },
  trustProxy: false,
  storeTimeoutMs: 5000,
} as const;

const Limit = z.object({ points: z.number().int().positive().max(1_000_000), durationSeconds: z.number().positive().max(86_400) }).strict();
const Schema = z.object({
  // Duck-typed, not instanceof: an engine from the ESM build and a plugin from the CJS build
  // (the dual-package hazard) are still the same thing.
  engine: z.custom<PersonaEngine>(
    (e) => typeof (e as PersonaEngine | null)?.world === 'function' && typeof (e as PersonaEngine).idle === 'function',
    'engine must come from createPersonaEngine()',
  ),
  world: z.function().optional(),
  worlds: z.union([z.array(z.object({ id: z.string(), description: z.string() }).loose()), z.function()]).optional(),
  worldPolicy: z.enum(['fixed', 'versioned']).optional(),
  requireWorldOnJoin: z.boolean().optional(),
  newWorlds: z
    .union([
      z.literal(false),
      z.object({ perClient: z.union([Limit, z.literal(false)]).optional(), perIp: z.union([Limit, z.literal(false)]).optional() }).strict(),
    ])
    .optional(),
  npcs: z.union([z.string().regex(/^[A-Za-z_$][\w$]*$/, 'npcs: a state field name'), z.function()]).optional(),
  pool: z.number().int().min(0).max(1000).optional(),
  restore: z.number().int().min(0).max(10_000).optional(),
  bioDeadlineMs: z.number().int().min(0).max(600_000).optional(),
  maxNpcs: z.number().int().positive().max(100_000).optional(),
  permit: z.function().optional(),
  rateLimits: z.object({ spawn: Limit.optional(), focus: Limit.optional() }).strict().optional(),
  rateLimitKey: z.function().optional(),
  trustProxy: z.boolean().optional(),
  storeTimeoutMs: z.number().int().positive().max(120_000).optional(),
  onError: z.function().optional(),
});

/** The default: join/create options `{ worldId, description }`. */
export function worldFromOptions(options: unknown): WorldRequest {
  const o = (options && typeof options === 'object' ? options : {}) as { worldId?: unknown; description?: unknown };
  return { id: o.worldId, description: o.description };
}

/** One line on stderr; no stack (it is in `err.cause` for a custom `onError`). */
export function defaultOnError(err: unknown, info: PluginErrorInfo): void {
  console.warn(`[personas] ${info.where} (room ${info.roomId}): ${err instanceof Error ? err.message : String(err)}`);
}

function stateField(field: string): (room: Room) => MapSchema<NpcPersona> {
  return (room) => {
    const npcs = (room.state as Record<string, MapSchema<NpcPersona> | undefined> | undefined)?.[field];
    if (!npcs || typeof npcs.set !== 'function') {
      throw new InvalidInputError(
        `PersonaPlugin: the room state has no \`${field}\` map. Add \`${field}: t.map(NpcPersona)\` to the state, or pass the \`npcs\` option.`,
      );
    }
    return npcs;
  };
}

export function resolvePluginOptions(options: PersonaPluginOptions): ResolvedPluginOptions {
  const parsed = Schema.safeParse(options);
  if (!parsed.success) throw new InvalidInputError(`Invalid PersonaPlugin options:\n${z.prettifyError(parsed.error)}`);
  const budget = options.newWorlds;
  return {
    engine: options.engine,
    world: options.world ?? worldFromOptions,
    worlds: options.worlds,
    worldPolicy: options.worldPolicy ?? DEFAULTS.worldPolicy,
    requireWorldOnJoin: options.requireWorldOnJoin ?? DEFAULTS.requireWorldOnJoin,
    newWorlds:
      budget === false
        ? false
        : { perClient: budget?.perClient ?? DEFAULTS.newWorlds.perClient, perIp: budget?.perIp ?? DEFAULTS.newWorlds.perIp },
    npcs: typeof options.npcs === 'function' ? options.npcs : stateField(options.npcs ?? 'npcs'),
    pool: options.pool ?? DEFAULTS.pool,
    restore: options.restore ?? DEFAULTS.restore,
    bioDeadlineMs: options.bioDeadlineMs ?? DEFAULTS.bioDeadlineMs,
    maxNpcs: options.maxNpcs ?? DEFAULTS.maxNpcs,
    permit: options.permit,
    rateLimits: {
      spawn: options.rateLimits?.spawn ?? DEFAULTS.rateLimits.spawn,
      focus: options.rateLimits?.focus ?? DEFAULTS.rateLimits.focus,
    },
    rateLimitKey: options.rateLimitKey ?? defaultRateLimitKey,
    trustProxy: options.trustProxy ?? DEFAULTS.trustProxy,
    storeTimeoutMs: options.storeTimeoutMs ?? DEFAULTS.storeTimeoutMs,
    onError: options.onError ?? defaultOnError,
  };
}
