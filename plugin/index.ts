/**
 * colyseus-personas/plugin: the Colyseus 0.18 room plugin and the NpcPersona schema, the
 * message and error names clients see, and the helpers a host uses to configure the plugin
 * (the default rate-limit key and error handler, the public error codes of a record, the
 * schema-key escaping of NPC ids). test/public-api.test.ts pins this surface.
 *   import { PersonaPlugin, NpcPersona } from 'colyseus-personas/plugin';
 * Cost: importing it loads the engine and @colyseus/core.
 */
export { PersonaPlugin, type SpawnOptions, type PersonaPluginEvents } from './persona-plugin.js';
export { NpcPersona } from './npc-persona.js';
export { type PersonaPluginOptions, type NewWorldBudget, type PluginErrorInfo, type PluginErrorSource, defaultOnError } from './options.js';
export {
  SPAWN,
  FOCUS,
  ERROR,
  type PersonaMessageError,
  type PersonaMessageErrorCode,
  type SpawnMessage,
  type FocusMessage,
} from './messages.js';
export {
  defaultRateLimitKey,
  type ClientContext,
  type PermissionHook,
  type PersonaAction,
  type RateLimit,
  type RateLimitKey,
} from './guard.js';
export { JOIN_ERROR, PersonaJoinError, type JoinErrorCode, type JoinErrorReason } from './join-errors.js';
export { toSchemaKey, fromSchemaKey } from './schema-key.js';
export { publicError, type PublicErrorCode } from './public-error.js';
export type { ServerWorlds, WorldPolicy, WorldRequest } from './world-identity.js';
