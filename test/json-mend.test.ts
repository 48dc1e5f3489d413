/**
 * Mend before you pay: a reply that is not valid JSON is mended locally (jsonrepair) and
 * validated with the prompt's zod schema before any repair call is paid. Runs against the
 * loopback test server with verbatim scripted replies and checks the server's request count,
 * the usage counters (`mended`, `repairCalls`) and the engine's metrics.
 */
import { jsonrepair } from 'jsonrepair';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidOutputError } from '../src/core/errors.js';
import type { PersonaIdentity, Usage, WorldContext } from '../src/core/types.js';
import { structuredCompletion, structuredModeCache, type StructuredMode } from '../src/providers/openai/structured.js';
import { bioPrompt, bioReplySchema } from '../src/stages/bio.js';
import { autoProfile } from '../src/testing/auto-profile.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { parseHints } from '../src/stages/hints.js';
import { sampleIdentity } from '../src/stages/traits.js';
import { llmEngine, VILLAGE } from './support.js';

const world: WorldContext = { id: 'northern-village', description: 'A medieval village in northern Britain', fingerprint: 'test' };
const profile = autoProfile(world.description);
const people: PersonaIdentity[] = [
  { key: 'a', name: 'Edith Marsh', traits: { age: 41, gender: 'woman', occupation: 'brewer' }, hints: [] },
  { key: 'b', name: 'Osric Hale', traits: { age: 19, gender: 'man', occupation: 'shepherd' }, hints: [] },
];
const EDITH = 'Edith Marsh is a 41-year-old brewer who knows every kirk in the dale.';
const OSRIC = 'Osric Hale is a 19-year-old shepherd on the fells above the village.';

let server: TestLlmServer;
const client = () => new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
const bios = (mode: StructuredMode = 'json_schema', subjects = people, usage?: Usage) =>
  structuredCompletion(client(), 'model-a', bioPrompt(world, profile, subjects), { mode, maxRetries: 0, usage });
const lastUser = (i: number) => server.requests[i]!.messages.filter((m) => m.role === 'user').at(-1)!.content;

beforeAll(async () => {
  server = await startTestLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  structuredModeCache.clear();
});

describe('mended locally, no repair call', () => {
  const malformed: Array<[string, string]> = [
    ['trailing commas', `{"bios": [{"ref": "1", "bio": "${EDITH}",}, {"ref": "2", "bio": "${OSRIC}",},],}`],
    ['single quotes', `{'bios': [{'ref': '1', 'bio': '${EDITH}'}, {'ref': '2', 'bio': '${OSRIC}'}]}`],
    ['unquoted keys', `{bios: [{ref: "1", bio: "${EDITH}"}, {ref: "2", bio: "${OSRIC}"}]}`],
    ['comments', `{"bios": [ // both people\n{"ref": "1", "bio": "${EDITH}"}, /* second */ {"ref": "2", "bio": "${OSRIC}"}]}`],
    ['only the closing brackets missing', `{"bios": [{"ref": "1", "bio": "${EDITH}"}, {"ref": "2", "bio": "${OSRIC}"}`],
  ];

  it.each(malformed)('%s (json_schema mode)', async (_name, reply) => {
    expect(() => JSON.parse(reply)).toThrow();
    server.script({ reply });
    const result = await bios('json_schema');

    expect(result.value.bios).toEqual([
      { ref: '1', bio: EDITH },
      { ref: '2', bio: OSRIC },
    ]);
    expect(server.requests).toHaveLength(1);
    expect(result.usage).toMatchObject({ calls: 1, mended: 1 });
    expect(result.usage.repairCalls).toBeUndefined();
    expect(result.raw).toBe(reply);
  });

  it('a fenced reply with prose around it in text mode', async () => {
    server.script({
      reply: `Here are the bios:\n\`\`\`json\n{bios: [{ref: '1', bio: '${EDITH}',}, {ref: '2', bio: '${OSRIC}',}],}\n\`\`\`\nHope that helps!`,
    });
    const result = await bios('text');

    expect(server.requests.map((r) => r.responseFormatType)).toEqual([null]);
    expect(result.value.bios.map((b) => b.bio)).toEqual([EDITH, OSRIC]);
    expect(result.usage).toMatchObject({ calls: 1, mended: 1 });
  });

  it('json_object mode, a trailing comma', async () => {
    server.script({ reply: `{"bios": [{"ref": "1", "bio": "${EDITH}"}, {"ref": "2", "bio": "${OSRIC}"},]}` });
    const result = await bios('json_object');

    expect(server.requests.map((r) => r.responseFormatType)).toEqual(['json_object']);
    expect(result.value.bios).toHaveLength(2);
    expect(result.usage).toMatchObject({ calls: 1, mended: 1 });
  });

  it('adds both counters to the caller accumulator, and a valid reply sets neither', async () => {
    const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
    await bios('json_schema', people, usage);
    expect(usage).toEqual({ calls: 1, promptTokens: expect.any(Number), completionTokens: expect.any(Number) });

    server.script({ reply: `{bios: [{ref: '1', bio: '${EDITH}'}, {ref: '2', bio: '${OSRIC}'}]}` });
    await bios('json_schema', people, usage);
    expect(usage).toMatchObject({ calls: 2, mended: 1 });
    expect(usage.repairCalls).toBeUndefined();
  });
});

describe('what cannot be mended costs exactly one repair call', () => {
  it('valid JSON missing a required field', async () => {
    server.script({ reply: '{"bios": [{"ref": "1"}, {"ref": "2"}]}' });
    const result = await bios();

    expect(server.requests).toHaveLength(2);
    expect(lastUser(1)).toContain('bio');
    expect(result.value.bios.map((b) => b.ref)).toEqual(['1', '2']);
    expect(result.usage).toMatchObject({ calls: 2, repairCalls: 1 });
    expect(result.usage.mended).toBeUndefined();
  });

  it('a mended value that violates the schema (too short, missing field) is not accepted', async () => {
    server.script({ reply: `{bios: [{ref: '1', bio: 'Too short'}, {ref: '2'},],}` });
    const result = await bios();

    expect(server.requests).toHaveLength(2);
    expect(lastUser(1)).toContain('not valid JSON');
    expect(lastUser(1)).toContain('Read leniently, it still does not match the schema');
    expect(result.value.bios.every((b) => b.bio !== 'Too short')).toBe(true);
    expect(result.usage).toMatchObject({ calls: 2, repairCalls: 1 });
    expect(result.usage.mended).toBeUndefined();
  });

  it('a reply cut after one of two items: the mend has too few, so zod refuses it', async () => {
    server.script({ reply: `{"bios": [{"ref": "1", "bio": "${EDITH}"},` });
    const result = await bios();

    expect(server.requests).toHaveLength(2);
    expect(lastUser(1)).toMatch(/bios/);
    expect(result.value.bios).toHaveLength(2);
    expect(result.usage).toMatchObject({ calls: 2, repairCalls: 1 });
  });

  it('a reply cut inside a string is never mended, though jsonrepair would make it pass zod', async () => {
    const cut = `{"bios": [{"ref": "1", "bio": "${EDITH.slice(0, 40)}`;
    expect(bioReplySchema(['1']).safeParse(JSON.parse(jsonrepair(cut))).success).toBe(true);
    server.script({ reply: cut });
    const result = await bios('json_schema', [people[0]!]);

    expect(server.requests).toHaveLength(2);
    expect(result.value.bios[0]!.bio).not.toBe(EDITH.slice(0, 40));
    expect(result.usage).toMatchObject({ calls: 2, repairCalls: 1 });
    expect(result.usage.mended).toBeUndefined();
  });

  it('a reply cut inside a number is never mended', async () => {
    // zod drops the unknown key, so only the cut check stops this mend.
    const cut = `{"bios": [{"ref": "1", "bio": "${EDITH}"}], "age": 4`;
    expect(bioReplySchema(['1']).safeParse(JSON.parse(jsonrepair(cut))).success).toBe(true);
    server.script({ reply: cut });
    const result = await bios('json_schema', [people[0]!]);

    expect(server.requests).toHaveLength(2);
    expect(result.usage).toMatchObject({ repairCalls: 1 });
  });

  it('a repair reply that is itself malformed is mended: one repair call, one mend', async () => {
    server.script({ reply: '{"bios": []}' }, { reply: `{bios: [{ref: '1', bio: '${EDITH}'}, {ref: '2', bio: '${OSRIC}'},],}` });
    const result = await bios();

    expect(server.requests).toHaveLength(2);
    expect(result.value.bios.map((b) => b.bio)).toEqual([EDITH, OSRIC]);
    expect(result.usage).toMatchObject({ calls: 2, repairCalls: 1, mended: 1 });
  });

  it('still invalid after the repair: InvalidOutputError, and the accumulator has the repair call', async () => {
    server.script({ reply: '{"bios": [{"ref": "1"}]}' }, { reply: `{bios: [{ref: '1', bio: 'Too short'},],}` });
    const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
    const error = await bios('json_schema', people, usage).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidOutputError);
    expect(server.requests).toHaveLength(2);
    expect(usage).toMatchObject({ calls: 2, repairCalls: 1 });
    expect(usage.mended).toBeUndefined();
  });
});

describe('length cut-offs and refusals keep their own paths', () => {
  it('a reply cut by finish_reason length is not mended but retried with a doubled budget', async () => {
    // Only the closing brackets are missing: a stop reply like this would be mended.
    server.script({ reply: `{"bios": [{"ref": "1", "bio": "${EDITH}"}, {"ref": "2", "bio": "${OSRIC}"}`, finishReason: 'length' });
    const result = await bios();

    expect(server.requests.map((r) => r.maxTokens)).toEqual([240, 480]);
    expect(result.usage.calls).toBe(2);
    expect(result.usage.mended).toBeUndefined();
    expect(result.usage.repairCalls).toBeUndefined();
  });

  it('a content-filtered reply is not mended and costs no repair call', async () => {
    server.script({ reply: `{bios: [{ref: '1', bio: '${EDITH}'}, {ref: '2', bio: '${OSRIC}'}]}`, finishReason: 'content_filter' });
    const error = await bios().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidOutputError);
    expect((error as Error).message).toContain('declined');
    expect(server.requests).toHaveLength(1);
  });
});

describe('engine metrics', () => {
  it('count mended replies and repair calls per stage, in the snapshot and in Prometheus', async () => {
    const { server: llm, engine } = await llmEngine();
    try {
      const village = engine.world(VILLAGE);
      await village.ready;
      // The bio must pass the consistency check (name, age, occupation), or it would be written again.
      const who = sampleIdentity(village.profile!, village.fingerprint, 'mended', parseHints(undefined));
      const bio = `${who.name}, a ${String(who.traits.age)}-year-old ${String(who.traits.occupation)}, mends nets by the river every morning.`;
      llm.script({ model: 'bio-model', reply: `{bios: [{ref: '1', bio: '${bio.replace(/'/g, "\\'")}',},],}` });
      const first = await village.persona('mended', undefined, { backstory: false }).bio;
      expect(first.bio).toBe(bio);
      expect(first.checks.bio).toEqual({ ok: true, problems: [], regenerated: false });

      llm.script({ model: 'bio-model', reply: '{"bios": [{"ref": "1"}]}' });
      const second = await village.persona('repaired', undefined, { backstory: false }).bio;
      expect(second.bio).toBeTruthy();

      const bioRequests = llm.requests.filter((r) => r.model === 'bio-model');
      expect(bioRequests).toHaveLength(3);
      const snap = engine.metrics.snapshot();
      expect(snap.calls.bio).toBe(3);
      expect(snap.repairs).toEqual({ mended: { profile: 0, bio: 1, backstory: 0 }, calls: { profile: 0, bio: 1, backstory: 0 } });
      expect(snap.texts.bio.llm).toBe(2);

      const text = await engine.metrics.prometheus();
      expect(text).toContain('personas_replies_mended_total{stage="bio"} 1');
      expect(text).toContain('personas_repair_calls_total{stage="bio"} 1');
      expect(text).toContain('personas_repair_calls_total{stage="profile"} 0');
    } finally {
      await engine.close();
      await llm.close();
    }
  });
});
