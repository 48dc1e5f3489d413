/**
 * colyseus-personas/plugin: the Colyseus 0.18 room plugin and the NpcPersona schema.
 *   import { PersonaPlugin, NpcPersona } from 'colyseus-personas/plugin';
 */
export { PersonaPlugin, type SpawnOptions, type PersonaPluginEvents } from './persona-plugin.js';
export { NpcPersona, applyRecord } from './npc-persona.js';
export {
  type PersonaPluginOptions,
  type NewWorldBudget,
  type PluginErrorInfo,
  type PluginErrorSource,
  worldFromOptions,
  defaultOnError,
} from './options.js';
export {
  SPAWN,
  FOCUS,
  ERROR,
  SpawnMessageSchema,
  FocusMessageSchema,
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
export { toSchemaKey, fromSchemaKey, isReservedKey, SCHEMA_KEY_ESCAPE } from './schema-key.js';
export { publicError, type PublicErrorCode } from './public-error.js';
export { guardStateEncoding, STATE_ENCODE_CLOSE_CODE } from './patch-guard.js';
export type { ServerWorlds, WorldPolicy, WorldRequest } from './world-identity.js';
