/**
 * colyseus-personas/plugin: the Colyseus 0.18 room plugin and the NpcPersona schema.
 *   import { PersonaPlugin, NpcPersona } from 'colyseus-personas/plugin';
 */
export { PersonaPlugin, type SpawnOptions, type PersonaPluginEvents } from './persona-plugin.js';
export { NpcPersona, applyRecord } from './npc-persona.js';
export { type PersonaPluginOptions, worldFromOptions } from './options.js';
export { SPAWN, FOCUS, ERROR, SpawnMessageSchema, FocusMessageSchema, type PersonaMessageError, type PersonaErrorCode, type SpawnMessage, type FocusMessage } from './messages.js';
export type { PermissionHook, PersonaAction, RateLimit } from './guard.js';
