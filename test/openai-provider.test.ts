/**
 * The OpenAI-compatible provider against the loopback LLM test server: structured output
 * modes, repair and length retries, model fallback, 429, abort, usage and env parsing.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError, InvalidOutputError, ProviderError } from '../src/core/errors.js';
import type { PersonaIdentity, WorldContext } from '../src/core/types.js';
import { openAIOptionsFromEnv } from '../src/providers/openai/env.js';
import { OpenAIProvider, type OpenAIProviderOptions } from '../src/providers/openai/index.js';
import { structuredCompletion, structuredModeCache, structuredModeKey } from '../src/providers/openai/structured.js';
import { backstoryPrompt } from '../src/stages/backstory.js';
import { bioPrompt } from '../src/stages/bio.js';
import { autoProfile } from '../src/testing/auto-profile.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';

const world: WorldContext = { id: 'northern-village', description: 'A medieval village in northern Britain', fingerprint: 'test' };
const profile = autoProfile(world.description);
const people: PersonaIdentity[] = [
  { key: 'a', name: 'Edith Marsh', traits: { age: 41, gender: 'woman', occupation: 'brewer' }, hints: ['limps since the flood'] },
  { key: 'b', name: 'Osric Hale', traits: { age: 19, gender: 'man', occupation: 'shepherd' }, hints: [] },
];
const edith = people[0]!;
const edithBio = 'Edith Marsh is a 41-year-old brewer who limps since the flood and knows every kirk in the dale.';
/**
 * A valid bios reply, scripted for repair turns: the test server writes its auto reply from the
 * data block of the last user message, and a repair turn's last user message is the error text.
 */
const goodBios = {
  bios: [
    { ref: '1', bio: edithBio },
    { ref: '2', bio: 'Osric Hale is a 19-year-old shepherd on the fells above the village.' },
  ],
};

let server: TestLlmServer;
/** Every request body the SDK sent, as JSON (the server's log keeps only a summary). */
const bodies: Array<Record<string, unknown>> = [];
/** When true, `usage` is stripped from replies, like servers that report none. */
let dropUsage = false;

const recordingFetch: typeof fetch = async (input, init) => {
  if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body) as Record<string, unknown>);
  const response = await fetch(input, init);
  if (!dropUsage || !response.ok) return response;
  const json = (await response.json()) as Record<string, unknown>;
  delete json.usage;
  return new Response(JSON.stringify(json), { status: response.status, headers: { 'content-type': 'application/json' } });
};

function client(): OpenAI {
  return new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0, fetch: recordingFetch });
}

function provider(models: Partial<OpenAIProviderOptions['models']>, extra: Partial<OpenAIProviderOptions> = {}): OpenAIProvider {
  return new OpenAIProvider({
    client: client(),
    maxRetries: 0,
    models: { profile: ['model-a'], bio: ['model-a'], backstory: ['model-a'], ...models },
    ...extra,
  });
}

const tokens = (chars: number) => Math.ceil(chars / 4);
const lastUser = (i: number) => server.requests[i]!.messages.filter((m) => m.role === 'user').at(-1)!.content;

beforeAll(async () => {
  server = await startTestLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  structuredModeCache.clear();
  bodies.length = 0;
  dropUsage = false;
});

describe('structured output', () => {
  it('asks for strict json_schema built from the zod schema and returns bios in subject order', async () => {
    const result = await provider({ bio: ['model-a'] }).bios({ world, profile, subjects: people });

    expect(result.value).toHaveLength(2);
    expect(result.value[0]).toContain('Edith Marsh');
    expect(result.value[1]).toContain('Osric Hale');
    expect(result).toMatchObject({ model: 'model-a', source: 'llm', usage: { calls: 1 } });
    const format = bodies[0]!.response_format as {
      type: string;
      json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({
      name: 'persona_bios',
      strict: true,
      schema: {
        type: 'object',
        required: ['bios'],
        additionalProperties: false,
        properties: { bios: { type: 'array', minItems: 2, maxItems: 2 } },
      },
    });
    expect(bodies[0]!.max_tokens).toBe(60 + 90 * 2);
  });

  it('sends the profile schema strict-ready: discriminated unions as anyOf, every object closed', async () => {
    const result = await provider({ profile: ['model-a'] }).profile({ world });

    expect(result.value.variables.map((v) => v.name)).toEqual(expect.arrayContaining(['age', 'gender', 'occupation']));
    const schema = (bodies[0]!.response_format as { json_schema: { strict: boolean; schema: Record<string, unknown> } }).json_schema;
    expect(schema.strict).toBe(true);
    const variables = (schema.schema.properties as Record<string, { items: Record<string, unknown> }>).variables!.items;
    expect(variables.oneOf).toBeUndefined();
    expect(variables.anyOf).toHaveLength(3);
    expect(schema.schema.$schema).toBeUndefined();
  });

  it('falls back to json_object with the schema in the prompt when json_schema is refused, and remembers it', async () => {
    server.configure({ refuseJsonSchema: true });
    const p = provider({ backstory: ['model-a'] });

    const first = await p.backstory({ world, profile, subject: edith, bio: edithBio, problems: null });
    expect(server.requests.map((r) => [r.responseFormatType, r.status])).toEqual([
      ['json_schema', 400],
      ['json_object', 200],
    ]);
    expect(first.value).toContain('Edith Marsh');
    expect(first.usage.calls).toBe(2);
    const system = server.requests[1]!.messages.find((m) => m.role === 'system')!.content;
    expect(system).toContain('JSON schema');
    expect(system).toContain('"backstory"');
    expect(structuredModeCache.get(structuredModeKey(p.options.client, 'model-a'))).toBe('json_object');

    const second = await p.backstory({ world, profile, subject: edith, bio: edithBio, problems: null });
    expect(server.requests.map((r) => r.responseFormatType)).toEqual(['json_schema', 'json_object', 'json_object']);
    expect(second.usage.calls).toBe(1);
  });

  it('in text mode reads the JSON out of a prose reply with a ```json fence', async () => {
    const result = await structuredCompletion(client(), 'model-a', bioPrompt(world, profile, people), { mode: 'text' });

    expect(server.requests[0]!.responseFormatType).toBeNull();
    expect(server.requests[0]!.content).toContain('```json');
    expect(result.mode).toBe('text');
    expect(result.value.bios.map((b) => b.ref)).toEqual(['1', '2']);
  });

  it('repairs malformed JSON with one retry that shows the model its error', async () => {
    server.script({ fault: 'malformed' }, { reply: goodBios });
    const result = await provider({ bio: ['model-a'] }).bios({ world, profile, subjects: people });

    expect(server.requests).toHaveLength(2);
    const repair = server.requests[1]!.messages;
    expect(repair.at(-2)).toEqual({ role: 'assistant', content: server.requests[0]!.content });
    expect(lastUser(1)).toContain('not valid JSON');
    expect(lastUser(1)).toContain('corrected JSON');
    expect(result.value).toEqual([goodBios.bios[0]!.bio, goodBios.bios[1]!.bio]);
    expect(result.usage.calls).toBe(2);
  });

  it("shows zod's error summary when the JSON has the wrong shape", async () => {
    server.script({ reply: { bios: [{ ref: '2', bio: 'Far too short' }] } }, { reply: goodBios });
    const result = await provider({ bio: ['model-a'] }).bios({ world, profile, subjects: people });

    expect(lastUser(1)).toContain('✖');
    expect(lastUser(1)).toContain('bios');
    expect(result.value).toHaveLength(2);
  });

  it('throws InvalidOutputError with the raw reply when the repair is still wrong', async () => {
    server.configure({ failModels: { 'model-a': 'wrong-schema' } });
    const error = await structuredCompletion(client(), 'model-a', bioPrompt(world, profile, people)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidOutputError);
    expect((error as InvalidOutputError).model).toBe('model-a');
    expect((error as InvalidOutputError).raw).toContain('not what the schema asked for');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a reply cut by finish_reason length once with double the max_tokens', async () => {
    server.script({ fault: 'length' });
    const result = await provider({ backstory: ['model-a'] }).backstory({ world, profile, subject: edith, bio: edithBio, problems: null });

    expect(server.requests.map((r) => r.maxTokens)).toEqual([700, 1400]);
    expect(server.requests[1]!.messages).toEqual(server.requests[0]!.messages);
    expect(result.value).toContain('Edith Marsh');
  });

  it('reports a reply still cut after the bigger budget as a ProviderError about the token limit', async () => {
    server.configure({ failModels: { 'model-a': 'length' } });
    const error = await structuredCompletion(client(), 'model-a', bioPrompt(world, profile, people)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain('token limit');
    expect(server.requests.map((r) => r.maxTokens)).toEqual([240, 480]);
  });
});

describe('model fallback', () => {
  it('answers from the second model when the first fails with HTTP 500', async () => {
    server.configure({ failModels: { 'model-a': 'http500' } });
    const result = await provider({ bio: ['model-a', 'model-b'] }).bios({ world, profile, subjects: people });

    expect(result.model).toBe('model-b');
    expect(server.requests.map((r) => [r.model, r.status])).toEqual([
      ['model-a', 500],
      ['model-b', 200],
    ]);
  });

  it('retries a 5xx on the same model maxRetries times before moving on', async () => {
    server.configure({ failModels: { 'model-a': 'http500' } });
    const result = await provider({ bio: ['model-a', 'model-b'] }, { maxRetries: 1 }).bios({ world, profile, subjects: people });

    expect(result.model).toBe('model-b');
    expect(server.requests.map((r) => r.model)).toEqual(['model-a', 'model-a', 'model-b']);
  });

  it('moves on after an output still invalid after its repair, counting every call', async () => {
    server.configure({ failModels: { 'model-a': 'wrong-schema' } });
    const result = await provider({ bio: ['model-a', 'model-b'] }).bios({ world, profile, subjects: people });

    expect(result.model).toBe('model-b');
    expect(server.requests.map((r) => r.model)).toEqual(['model-a', 'model-a', 'model-b']);
    expect(result.usage).toEqual({
      calls: 3,
      repairCalls: 1,
      promptTokens: server.requests.reduce((n, r) => n + tokens(r.messages.reduce((c, m) => c + m.content.length, 0)), 0),
      completionTokens: server.requests.reduce((n, r) => n + tokens(r.content!.length), 0),
    });
  });

  it('names every model tried and why when all fail', async () => {
    server.configure({ failModels: { 'model-a': 'http500', 'model-b': 'wrong-schema' } });
    const error = await provider({ bio: ['model-a', 'model-b'] })
      .bios({ world, profile, subjects: people })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    const message = (error as ProviderError).message;
    expect(message).toContain('model-a: Model "model-a" failed with HTTP 500');
    expect(message).toMatch(/model-b: Model "model-b" gave an invalid bio reply/);
    expect((error as ProviderError).provider).toBe('openai');
    expect((error as ProviderError).cause).toBeInstanceOf(InvalidOutputError);
  });

  it('moves on when a model does not answer within its timeout', async () => {
    server.configure({ failModels: { 'model-a': 'hang' } });
    const result = await provider({ bio: ['model-a', 'model-b'] }, { timeoutMs: 300 }).bios({ world, profile, subjects: people });

    expect(result.model).toBe('model-b');
    expect(server.requests.map((r) => r.model)).toEqual(['model-a', 'model-b']);
  });

  it('stops at a 429 with retryAfterMs instead of trying the next model', async () => {
    server.configure({ failModels: { 'model-a': { fault: 'http429', retryAfterSeconds: 7 } } });
    const error = await provider({ bio: ['model-a', 'model-b'] }, { maxRetries: 2 })
      .bios({ world, profile, subjects: people })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7000, model: 'model-a', provider: 'openai' });
    expect(server.requests.map((r) => r.model)).toEqual(['model-a']);
  });
});

describe('abort and usage', () => {
  it('rejects with an AbortError when the caller aborts a hanging call, and calls nothing else', async () => {
    server.configure({ failModels: { 'model-a': 'hang' } });
    const controller = new AbortController();
    const pending = provider({ bio: ['model-a', 'model-b'] }, { maxRetries: 2 }).bios({
      world,
      profile,
      subjects: people,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests.map((r) => r.model)).toEqual(['model-a']);
  });

  it('makes no call when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider({}).bios({ world, profile, subjects: people, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('estimates tokens at four characters each when the server reports no usage', async () => {
    dropUsage = true;
    const prompt = backstoryPrompt(world, profile, edith, edithBio, null);
    const result = await structuredCompletion(client(), 'model-a', prompt);

    expect(result.usage).toEqual({
      calls: 1,
      promptTokens: tokens(prompt.messages.reduce((n, m) => n + m.content.length, 0)),
      completionTokens: tokens(result.raw.length),
    });
  });
});

describe('options', () => {
  it('rejects an empty model list with InvalidInputError', () => {
    expect(() => new OpenAIProvider({ baseURL: server.url, models: { profile: ['a'], bio: [], backstory: ['a'] } })).toThrow(
      InvalidInputError,
    );
  });

  it('applies the defaults in one place', () => {
    const p = new OpenAIProvider({ baseURL: server.url, models: { profile: ['a'], bio: ['b'], backstory: ['c'] } });
    expect(p.concurrency).toBe(4);
    expect(p.options).toMatchObject({ maxRetries: 1, timeoutMs: { profile: 120_000, bio: 30_000, backstory: 120_000 } });
  });

  it('reads the environment: null without key or base URL, trimmed fallback lists, defaults', () => {
    expect(openAIOptionsFromEnv({})).toBeNull();
    expect(openAIOptionsFromEnv({ PERSONAS_MODELS_BIO: 'x' })).toBeNull();
    expect(openAIOptionsFromEnv({ OPENAI_API_KEY: 'sk-test' })).toEqual({
      apiKey: 'sk-test',
      models: { profile: ['gpt-4o'], bio: ['gpt-4o-mini'], backstory: ['gpt-4o-mini'] },
    });
    expect(
      openAIOptionsFromEnv({
        OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
        PERSONAS_MODELS_BIO: ' llama3.2 , ,qwen2.5:7b,',
        PERSONAS_MODELS_BACKSTORY: ' , ',
        PERSONAS_MODELS_PROFILE: 'qwen2.5:14b',
      }),
    ).toEqual({
      apiKey: 'not-needed',
      baseURL: 'http://127.0.0.1:11434/v1',
      models: { profile: ['qwen2.5:14b'], bio: ['llama3.2', 'qwen2.5:7b'], backstory: ['gpt-4o-mini'] },
    });
  });
});
