/**
 * colyseus-personas: the engine, providers and stores.
 *   import { createPersonaEngine } from 'colyseus-personas';
 *   const npc = createPersonaEngine().world({ id: 'neo-tokyo', description: 'A modern neo-Tokyo' }).persona('ramen-cook');
 * The Colyseus room plugin lives at 'colyseus-personas/plugin'; the OpenAI-compatible test
 * server at 'colyseus-personas/testing'.
 */
export { createPersonaEngine, PersonaEngine, DEFAULT_DB_PATH, type PersonaEngineOptions } from './engine/engine.js';
export { WorldHandle, type PersonaOptions } from './engine/world-handle.js';
export { PersonaHandle, type PersonaEvents } from './engine/persona-handle.js';
export type { MetricsSnapshot } from './engine/metrics.js';
export type { PoolOptions } from './engine/pool.js';
export type { BudgetOptions } from './engine/budget.js';
export type { SchedulerOptions, Lane } from './engine/scheduler.js';
export type { BackstoryWorkerOptions } from './engine/backstory-worker.js';
export * from './core/errors.js';
export * from './core/types.js';
export { resolveWorld, fingerprintOf, normaliseDescription, worldIdFromDescription, WorldIdSchema, type World, type WorldInput } from './core/world.js';
export { ProfileSchema, validateProfile, profileProblems, NAME_CULTURES, type Profile, type Variable, type Condition, type NameCulture } from './core/profile-schema.js';
export { PROMPT_VERSION, BIO_PROMPT_VERSION, BACKSTORY_PROMPT_VERSION, PROFILE_PROMPT_VERSION } from './core/version.js';
export { parseHints, parseKey, type PersonaHints } from './stages/hints.js';
export { sampleIdentity, sampleTraits } from './stages/traits.js';
export { checkConsistency, hintFidelity } from './stages/consistency.js';
export { bioPrompt } from './stages/bio.js';
export { backstoryPrompt } from './stages/backstory.js';
export { backstoriesPrompt } from './stages/backstories.js';
export { profilePrompt } from './stages/profile.js';
export { OpenAIProvider, type OpenAIProviderOptions } from './providers/openai/index.js';
export { openAIOptionsFromEnv } from './providers/openai/env.js';
export { ProceduralProvider } from './providers/procedural/index.js';
export { MemoryStore, SqliteStore, RedisStore, openStore, type StoreSpec } from './stores/index.js';
export { formatRecords, toExportRecord, type ExportRecord } from './cli/export.js';
