/**
 * The public API, pinned: the runtime values each entry point exports (a new export, or one
 * gone, fails here first) and the types of what users call and get back (`expectTypeOf`,
 * checked by `tsc` in `npm test` as well as by vitest). Internals (the engine's parts, the
 * CLI's export helpers, the test server's reply writers) are not reachable from here.
 *   npx vitest run test/public-api.test.ts
 * Cost: imports the three entry points once.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as root from '../src/index.js';
import * as plugin from '../plugin/index.js';
import * as testing from '../src/testing/index.js';
import type { NpcPersona, PersonaMessageErrorCode, PersonaPluginOptions, SpawnOptions } from '../plugin/index.js';
import type { LoggedRequest, TestLlmServer, TestLlmServerOptions } from '../src/testing/index.js';
import type {
  JobQueue,
  PersonaEngine,
  PersonaEngineOptions,
  PersonaHandle,
  PersonaHints,
  PersonaOptions,
  PersonaProvider,
  PersonaRecord,
  PersonaStore,
  Profile,
  QueueSpec,
  StoreSpec,
  WorldHandle,
  WorldInput,
} from '../src/index.js';

describe('colyseus-personas (the package root)', () => {
  it('exports exactly these runtime values', () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        'BudgetExceededError',
        'BullJobQueue',
        'EngineClosedError',
        'InvalidInputError',
        'InvalidOutputError',
        'InvalidProfileError',
        'InvalidWorldError',
        'MemoryStore',
        'OpenAIProvider',
        'PersonaError',
        'ProceduralProvider',
        'ProfileSchema',
        'ProviderError',
        'RedisStore',
        'SqliteStore',
        'StoreJobQueue',
        'StoreBusyError',
        'StoreUnavailableError',
        'WorldIdSchema',
        'backstoriesPrompt',
        'backstoryPrompt',
        'bioPrompt',
        'createPersonaEngine',
        'profilePrompt',
        'validateProfile',
      ].sort(),
    );
  });

  it('types what users call and get back', () => {
    expectTypeOf(root.createPersonaEngine).parameter(0).toEqualTypeOf<PersonaEngineOptions | undefined>();
    expectTypeOf(root.createPersonaEngine).returns.toEqualTypeOf<PersonaEngine>();
    expectTypeOf<PersonaEngine['world']>().parameter(0).toEqualTypeOf<WorldInput>();
    expectTypeOf<PersonaEngine['world']>().returns.toEqualTypeOf<WorldHandle>();
    expectTypeOf<WorldHandle['persona']>().parameters.toEqualTypeOf<[key: string, hints?: PersonaHints, options?: PersonaOptions]>();
    expectTypeOf<WorldHandle['persona']>().returns.toEqualTypeOf<PersonaHandle>();
    expectTypeOf<PersonaHandle['bio']>().toEqualTypeOf<Promise<PersonaRecord>>();
    expectTypeOf<PersonaHandle['backstory']>().toEqualTypeOf<Promise<PersonaRecord>>();
    expectTypeOf<PersonaHandle['record']>().toEqualTypeOf<PersonaRecord | null>();
    expectTypeOf<PersonaEngine['queue']>().toEqualTypeOf<JobQueue>();
    expectTypeOf<PersonaEngineOptions['queue']>().toEqualTypeOf<JobQueue | QueueSpec | undefined>();
    expectTypeOf<root.BullJobQueue>().toExtend<JobQueue>();
    expectTypeOf<root.StoreJobQueue>().toExtend<JobQueue>();
    expectTypeOf<WorldHandle['profile']>().toEqualTypeOf<Profile | null>();
    // A provider or a store of your own plugs in where the built-in ones do.
    expectTypeOf<PersonaProvider>().toMatchTypeOf<NonNullable<PersonaEngineOptions['provider']>>();
    expectTypeOf<PersonaStore>().toMatchTypeOf<NonNullable<PersonaEngineOptions['store']>>();
    expectTypeOf<StoreSpec>().toMatchTypeOf<NonNullable<PersonaEngineOptions['store']>>();
    expectTypeOf(root.validateProfile).returns.toEqualTypeOf<Profile>();
    // Handles are made by the engine, never by users.
    expectTypeOf(root).not.toHaveProperty('WorldHandle');
    expectTypeOf(root).not.toHaveProperty('PersonaHandle');
  });

  it('recognises its errors across two copies of the package', () => {
    const err = new root.InvalidInputError('bad');
    expect(root.InvalidInputError.isInstance(err)).toBe(true);
    expect(root.PersonaError.isInstance(err)).toBe(true);
    expect(root.ProviderError.isInstance(err)).toBe(false);
    expect(root.PersonaError.isInstance(new Error('plain'))).toBe(false);
  });
});

describe('colyseus-personas/plugin', () => {
  it('exports exactly these runtime values', () => {
    expect(Object.keys(plugin).sort()).toEqual(
      [
        'ERROR',
        'FOCUS',
        'JOIN_ERROR',
        'NpcPersona',
        'PersonaJoinError',
        'PersonaPlugin',
        'SPAWN',
        'defaultOnError',
        'defaultRateLimitKey',
        'fromSchemaKey',
        'publicError',
        'toSchemaKey',
      ].sort(),
    );
  });

  it('types what a room calls and a client receives', () => {
    expectTypeOf(plugin.PersonaPlugin).constructorParameters.toEqualTypeOf<[options: PersonaPluginOptions]>();
    expectTypeOf<PersonaPluginOptions['engine']>().toEqualTypeOf<PersonaEngine>();
    expectTypeOf<InstanceType<typeof plugin.PersonaPlugin>['spawn']>().parameters.toEqualTypeOf<[options?: SpawnOptions]>();
    expectTypeOf<InstanceType<typeof plugin.PersonaPlugin>['spawn']>().returns.toEqualTypeOf<NpcPersona>();
    expectTypeOf<SpawnOptions['hints']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<'INVALID_MESSAGE'>().toMatchTypeOf<PersonaMessageErrorCode>();
    expectTypeOf<typeof plugin.SPAWN>().toEqualTypeOf<'persona:spawn'>();
  });
});

describe('colyseus-personas/testing', () => {
  it('exports exactly these runtime values', () => {
    expect(Object.keys(testing).sort()).toEqual(['FAULT_KINDS', 'autoReply', 'startTestLlmServer'].sort());
  });

  it('types the server', () => {
    expectTypeOf(testing.startTestLlmServer).parameter(0).toEqualTypeOf<TestLlmServerOptions | undefined>();
    expectTypeOf(testing.startTestLlmServer).returns.toEqualTypeOf<Promise<TestLlmServer>>();
    expectTypeOf<TestLlmServer['requests']>().toEqualTypeOf<LoggedRequest[]>();
    expectTypeOf<TestLlmServer['url']>().toEqualTypeOf<string>();
  });
});
