/**
 * PersonaPlugin options, their defaults (applied here, in one place) and their validation.
 *   new PersonaPlugin({ engine, world: (opts) => ({ id: opts.worldId, description: opts.description }) })
 * Cost: once per room.
 */
import type { Client, Room } from '@colyseus/core';
import type { MapSchema } from '@colyseus/schema';
import { z } from 'zod';
import { InvalidInputError } from '../src/core/errors.js';
import type { WorldInput } from '../src/core/world.js';
import type { PersonaEngine } from '../src/engine/engine.js';
import type { PermissionHook, PersonaAction, RateLimit } from './guard.js';
import type { NpcPersona } from './npc-persona.js';

export interface PersonaPluginOptions {
  /** The engine: create one per process and share it with every room. Required. */
  engine: PersonaEngine;
  /**
   * The room's world, from its create options. Default: `{ id: options.worldId, description:
   * options.description }` (join options `{ worldId, description }`).
   */
  world?: (createOptions: unknown, room: Room) => WorldInput;
  /**
   * Where NPCs live in the state: the name of a `t.map(NpcPersona)` field of the state, or a
   * function returning the map. Default: `'npcs'`.
   */
  npcs?: string | ((room: Room) => MapSchema<NpcPersona>);
  /** Start the world's warm pool when the room is created (0 = don't). The pool's size is the engine's `pool.size`. Default: 8. */
  pool?: number;
  /**
   * How long a spawned NPC without a bio waits before it appears in the state anyway (with
   * status "pending", filling in when ready). 0 shows it at once. Default: 250 ms.
   */
  bioDeadlineMs?: number;
  /** Most NPCs a client may have spawned into one room. Default: 200. */
  maxNpcs?: number;
  /** Who may do what: return true to allow, false or a reason to refuse. Default: everyone may. */
  permit?: PermissionHook<Client>;
  /** Per-client limits. Default: spawn 10 per 10 s, focus 30 per 10 s. */
  rateLimits?: Partial<Record<PersonaAction, RateLimit>>;
}

export interface ResolvedPluginOptions {
  engine: PersonaEngine;
  world: (createOptions: unknown, room: Room) => WorldInput;
  npcs: (room: Room) => MapSchema<NpcPersona>;
  pool: number;
  bioDeadlineMs: number;
  maxNpcs: number;
  permit: PermissionHook<Client> | undefined;
  rateLimits: Record<PersonaAction, RateLimit>;
}

const Limit = z.object({ points: z.number().int().positive().max(100_000), durationSeconds: z.number().positive().max(86_400) }).strict();
const Schema = z.object({
  // Duck-typed, not instanceof: an engine from the ESM build and a plugin from the CJS build
  // (the dual-package hazard) are still the same thing.
  engine: z.custom<PersonaEngine>((e) => typeof (e as PersonaEngine | null)?.world === 'function' && typeof (e as PersonaEngine).idle === 'function', 'engine must come from createPersonaEngine()'),
  world: z.function().optional(),
  npcs: z.union([z.string().regex(/^[A-Za-z_$][\w$]*$/, 'npcs: a state field name'), z.function()]).optional(),
  pool: z.number().int().min(0).max(1000).optional(),
  bioDeadlineMs: z.number().int().min(0).max(600_000).optional(),
  maxNpcs: z.number().int().positive().max(100_000).optional(),
  permit: z.function().optional(),
  rateLimits: z.object({ spawn: Limit.optional(), focus: Limit.optional() }).strict().optional(),
});

/** The default: join/create options `{ worldId, description }`. */
export function worldFromOptions(createOptions: unknown): WorldInput {
  const o = (createOptions ?? {}) as { worldId?: unknown; description?: unknown };
  return { id: o.worldId as string, description: o.description as string };
}

function stateField(field: string): (room: Room) => MapSchema<NpcPersona> {
  return (room) => {
    const npcs = (room.state as Record<string, MapSchema<NpcPersona> | undefined> | undefined)?.[field];
    if (!npcs || typeof npcs.set !== 'function') {
      throw new InvalidInputError(`PersonaPlugin: the room state has no \`${field}\` map. Add \`${field}: t.map(NpcPersona)\` to the state, or pass the \`npcs\` option.`);
    }
    return npcs;
  };
}

export function resolvePluginOptions(options: PersonaPluginOptions): ResolvedPluginOptions {
  const parsed = Schema.safeParse(options);
  if (!parsed.success) throw new InvalidInputError(`Invalid PersonaPlugin options:\n${z.prettifyError(parsed.error)}`);
  return {
    engine: options.engine,
    world: options.world ?? worldFromOptions,
    npcs: typeof options.npcs === 'function' ? options.npcs : stateField(options.npcs ?? 'npcs'),
    pool: options.pool ?? 8,
    bioDeadlineMs: options.bioDeadlineMs ?? 250,
    maxNpcs: options.maxNpcs ?? 200,
    permit: options.permit,
    rateLimits: {
      spawn: options.rateLimits?.spawn ?? { points: 10, durationSeconds: 10 },
      focus: options.rateLimits?.focus ?? { points: 30, durationSeconds: 10 },
    },
  };
}
