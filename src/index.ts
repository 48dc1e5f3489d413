/**
 * colyseus-personas: the engine, providers and stores. This is the whole public surface of
 * the package root (test/public-api.test.ts pins it): what a game server or a custom provider
 * configures and calls, and the types of what it gets back. Everything else is internal.
 *   import { createPersonaEngine } from 'colyseus-personas';
 *   const npc = createPersonaEngine().world({ id: 'neo-tokyo', description: 'A modern neo-Tokyo' }).persona('ramen-cook');
 * The Colyseus room plugin lives at 'colyseus-personas/plugin'; the OpenAI-compatible test
 * server at 'colyseus-personas/testing'.
 * Cost: importing it loads the engine, the providers and the store drivers' wrappers (the
 * SQLite and Redis clients load when a store of that kind is opened).
 */

// The engine. Handles are types: the engine makes them (`engine.world()`, `world.persona()`).
export { createPersonaEngine, type PersonaEngine, type PersonaEngineOptions } from './engine/engine.js';
export type { WorldHandle, PersonaOptions } from './engine/world-handle.js';
export type { PersonaHandle, PersonaEvents } from './engine/persona-handle.js';
export type { MetricsSnapshot } from './engine/metrics.js';
export type { PoolOptions } from './engine/pool.js';
export type { BudgetOptions } from './engine/budget.js';
export type { SchedulerOptions, Lane } from './engine/scheduler.js';
export type { BackstoryWorkerOptions } from './engine/backstory-options.js';
export type { PersonaHints } from './stages/hints.js';

// Errors: catch by `err.code` or `XError.isInstance(err)` (works across two copies of the package).
export {
  PersonaError,
  InvalidWorldError,
  InvalidInputError,
  InvalidProfileError,
  InvalidOutputError,
  BudgetExceededError,
  ProviderError,
  EngineClosedError,
  StoreUnavailableError,
  StoreBusyError,
  type PersonaErrorCode,
} from './core/errors.js';

// Records, worlds and profiles.
export type * from './core/types.js';
export { WorldIdSchema, type World, type WorldInput } from './core/world.js';
export { ProfileSchema, validateProfile, type Profile, type Variable, type Condition, type NameCulture } from './core/profile-schema.js';

// Providers, and the prompt builders a provider of your own can reuse.
export { OpenAIProvider, type OpenAIProviderOptions } from './providers/openai/index.js';
export { ProceduralProvider } from './providers/procedural/index.js';
export { bioPrompt } from './stages/bio.js';
export { backstoryPrompt } from './stages/backstory.js';
export { backstoriesPrompt } from './stages/backstories.js';
export { profilePrompt } from './stages/profile.js';

// Stores (or pass a StoreSpec: `createPersonaEngine({ store: { kind: 'sqlite', path } })`).
export {
  MemoryStore,
  SqliteStore,
  RedisStore,
  type StoreSpec,
  type MemoryStoreOptions,
  type SqliteStoreOptions,
  type SqliteBusyOptions,
  type RedisStoreOptions,
} from './stores/index.js';

// Job queues (the engine picks one from the store; pass `queue` to choose): BullMQ on Redis, or a store's own table.
export { BullJobQueue, StoreJobQueue, type BullJobQueueOptions, type QueueSpec } from './stores/index.js';
