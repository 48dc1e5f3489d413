import { phraseMentioned } from '../src/stages/consistency.js';
import { jsonrepair } from 'jsonrepair';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { validateProfile } from '../src/core/profile-schema.js';
import type { StructuredPrompt } from '../src/core/prompt.js';
import type { PersonaIdentity, WorldContext } from '../src/core/types.js';
import { BackstoryReplySchema, backstoryPrompt } from '../src/stages/backstory.js';
import { bioPrompt, countWords } from '../src/stages/bio.js';
import { profilePrompt } from '../src/stages/profile.js';
import { InvalidInputError } from '../src/core/errors.js';
import { autoProfile } from '../src/testing/auto-profile.js';
import { type ReplyRequest, startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';

const world: WorldContext = {
  id: 'neo-tokyo',
  description: 'A rain-soaked neo-Tokyo where megacorps own the towers and street samurai trade favours in Shibuya.',
  fingerprint: 'test',
};
const profile = autoProfile(world.description);
const people: PersonaIdentity[] = [
  {
    key: 'a',
    name: 'Aiko Tanaka',
    traits: { age: 34, gender: 'woman', occupation: 'courier' },
    hints: ['has a scar over one eye', 'owes money to a loan shark'],
  },
  { key: 'b', name: 'Kenji Mori', traits: { age: 80, gender: 'man', occupation: 'noodle cook' }, hints: [] },
  { key: 'c', name: 'Yui Sato', traits: { age: 18, gender: 'woman', occupation: 'street samurai' }, hints: ['hates the rain'] },
];
const aiko = people[0]!;

type Format = 'json_schema' | 'json_object' | 'none';
function request<T>(prompt: StructuredPrompt<T>, format: Format = 'json_schema', model = 'test-model') {
  const response_format =
    format === 'json_schema'
      ? {
          type: 'json_schema' as const,
          json_schema: { name: prompt.schemaName, schema: z.toJSONSchema(prompt.schema) as Record<string, unknown>, strict: true },
        }
      : format === 'json_object'
        ? { type: 'json_object' as const }
        : undefined;
  return { model, messages: prompt.messages, max_completion_tokens: prompt.maxTokens, ...(response_format ? { response_format } : {}) };
}

const jaccard = (a: string, b: string) => {
  const wa = new Set(a.toLowerCase().split(/\W+/));
  const wb = new Set(b.toLowerCase().split(/\W+/));
  return [...wa].filter((w) => wb.has(w)).length / new Set([...wa, ...wb]).size;
};

let server: TestLlmServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startTestLlmServer({ models: ['test-model', 'model-a', 'model-b'] });
  client = new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function content<T>(prompt: StructuredPrompt<T>, format: Format = 'json_schema', model?: string) {
  const completion = await client.chat.completions.create(request(prompt, format, model));
  return { text: completion.choices[0]!.message.content ?? '', completion };
}

describe('auto replies', () => {
  it('writes one bio per person, in order, with name, age, occupation, hints and a world term', async () => {
    const prompt = bioPrompt(world, profile, people);
    const { text } = await content(prompt);
    const { bios } = prompt.schema.parse(JSON.parse(text));
    expect(bios.map((b) => b.ref)).toEqual(['1', '2', '3']);
    bios.forEach(({ bio }, i) => {
      const p = people[i]!;
      expect(bio).toContain(p.name);
      expect(bio).toContain(`${p.traits.age}-year-old`);
      expect(bio).toContain(String(p.traits.occupation));
      for (const hint of p.hints) expect(phraseMentioned(bio, hint)).toBe(true); // verbatim or paraphrased
      expect(profile.terms.slice(0, 8).some((t) => bio.includes(t))).toBe(true);
      expect(countWords(bio)).toBeGreaterThanOrEqual(20);
      expect(countWords(bio)).toBeLessThanOrEqual(45);
    });
    expect(bios[1]!.bio).toContain('an 80-year-old');
    for (let i = 0; i < bios.length; i++)
      for (let j = i + 1; j < bios.length; j++) expect(jaccard(bios[i]!.bio, bios[j]!.bio)).toBeLessThan(0.6);
  });

  it('answers the same request with the same text', async () => {
    const prompt = bioPrompt(world, profile, people);
    expect((await content(prompt)).text).toBe((await content(prompt)).text);
  });

  it('writes a 160-230 word backstory that agrees with the traits and quotes the bio', async () => {
    const bio = 'Aiko Tanaka, a 34-year-old courier, runs packages through Shibuya and never asks what is inside.';
    const { text } = await content(backstoryPrompt(world, profile, aiko, bio, null));
    const { backstory } = BackstoryReplySchema.parse(JSON.parse(text));
    expect(countWords(backstory)).toBeGreaterThanOrEqual(160);
    expect(countWords(backstory)).toBeLessThanOrEqual(230);
    for (const part of ['Aiko Tanaka', '34-year-old', 'courier', ...aiko.hints, bio]) expect(backstory).toContain(part);
  });

  it('writes a profile that passes validateProfile, with age-dependent options and a culture from keywords', async () => {
    const { text } = await content(profilePrompt(world));
    const p = validateProfile(JSON.parse(text));
    expect(p.nameCulture).toBe('japanese');
    const occupation = p.variables.find((v) => v.name === 'occupation');
    expect(occupation?.kind === 'categorical' && occupation.options.length).toBeGreaterThanOrEqual(8);
    const option = (variable: string, value: string) => {
      const v = p.variables.find((x) => x.name === variable);
      return v?.kind === 'categorical' ? v.options.find((o) => o.value === value) : undefined;
    };
    expect(option('occupation', 'apprentice')?.when).toEqual([{ variable: 'age', oneOf: null, min: null, max: 25 }]);
    expect(option('occupation', 'elder')?.when).toEqual([{ variable: 'age', oneOf: null, min: 60, max: null }]);
    expect(option('marital_status', 'widowed')?.when).toEqual([{ variable: 'age', oneOf: null, min: 25, max: null }]);
    for (const term of p.terms) expect(world.description).toContain(term);

    const village = await content(profilePrompt({ ...world, description: 'A medieval fishing village on the coast of Britain' }));
    expect(validateProfile(JSON.parse(village.text)).nameCulture).toBe('medieval-british');
    const town = await content(profilePrompt({ ...world, description: 'A quiet suburb in Ohio' }));
    expect(validateProfile(JSON.parse(town.text)).nameCulture).toBe('english');
  });

  it('sends bare JSON for json_object and wraps it in prose and a ```json fence without response_format', async () => {
    const prompt = backstoryPrompt(world, profile, aiko, 'A courier.', null);
    const bare = (await content(prompt, 'json_object')).text;
    const prose = (await content(prompt, 'none')).text;
    const fenced = /```json\n([\s\S]*?)\n```/.exec(prose);
    expect(prose.startsWith('```')).toBe(false);
    expect(fenced).not.toBeNull();
    expect(JSON.parse(fenced![1]!)).toEqual(JSON.parse(bare));
  });

  it('fills any json_schema minimally when there is no data block, and says "OK" to plain text', async () => {
    const schema = z.object({
      title: z.string().min(12),
      count: z.number().int().min(3),
      tags: z.array(z.enum(['red', 'blue'])).min(2),
      nested: z.object({ ok: z.boolean(), note: z.string().nullable() }),
    });
    const messages = [{ role: 'user' as const, content: 'Describe something.' }];
    const completion = await client.chat.completions.create({
      model: 'test-model',
      messages,
      response_format: { type: 'json_schema', json_schema: { name: 'thing', schema: z.toJSONSchema(schema), strict: true } },
    });
    const value = schema.parse(JSON.parse(completion.choices[0]!.message.content!));
    expect(value.tags).toHaveLength(2);
    expect(value.count).toBe(3);
    const plain = await client.chat.completions.create({ model: 'test-model', messages });
    expect(plain.choices[0]!.message.content).toBe('OK');
  });

  it('reports usage as ceil(chars / 4) and lists configured models', async () => {
    const { text, completion } = await content(bioPrompt(world, profile, people));
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.completion_tokens).toBe(Math.ceil(text.length / 4));
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    const models = [];
    for await (const m of client.models.list()) models.push(m.id);
    expect(models).toEqual(['test-model', 'model-a', 'model-b']);
  });
});

describe('streaming', () => {
  it('streams the same content in several chunks, then a usage chunk', async () => {
    const prompt = bioPrompt(world, profile, people);
    const whole = (await content(prompt)).text;
    const stream = await client.chat.completions.create({ ...request(prompt), stream: true, stream_options: { include_usage: true } });
    let text = '';
    let pieces = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined = null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        text += choice.delta.content;
        pieces++;
      }
      finish = choice?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(whole);
    expect(pieces).toBeGreaterThan(3);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(Math.ceil(whole.length / 4));
    expect(server.requests.at(-1)?.stream).toBe(true);
  });
});

describe('faults', () => {
  const backstory = () => backstoryPrompt(world, profile, aiko, 'Aiko Tanaka, a 34-year-old courier.', null);

  it('http500 fails with status 500', async () => {
    server.script({ fault: 'http500' });
    await expect(content(backstory())).rejects.toMatchObject({ status: 500 });
    expect(server.requests[0]).toMatchObject({ status: 500, fault: 'http500', scripted: true });
    expect((await content(backstory())).completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('http429 fails with status 429 and a retry-after header', async () => {
    server.script({ fault: 'http429', retryAfterSeconds: 7 });
    const err: unknown = await content(backstory()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('7');
  });

  it('hang never answers, so the client times out; the server notes that the client left', async () => {
    server.script({ fault: 'hang' });
    await expect(client.chat.completions.create(request(backstory()), { timeout: 300 })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
    await vi.waitFor(() => expect(server.requests[0]?.status).toBe(499));
  });

  it('malformed sends content that is not JSON', async () => {
    server.script({ fault: 'malformed' });
    const { text } = await content(backstory());
    expect(text.startsWith('{"backstory":')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('sloppy-json sends the whole reply with unquoted keys and trailing commas, which jsonrepair reads back', async () => {
    const whole = (await content(backstory())).text;
    server.script({ fault: 'sloppy-json' });
    const { text } = await content(backstory());
    expect(text.startsWith('{backstory: "')).toBe(true);
    expect(text.endsWith('",}')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(JSON.parse(jsonrepair(text))).toEqual(JSON.parse(whole));
    expect(server.requests.at(-1)).toMatchObject({ fault: 'sloppy-json', status: 200 });
  });

  it('wrong-schema sends valid JSON with the wrong fields', async () => {
    server.script({ fault: 'wrong-schema' });
    const { text } = await content(backstory());
    expect(BackstoryReplySchema.safeParse(JSON.parse(text)).success).toBe(false);
  });

  it("length truncates the content and says finish_reason 'length'", async () => {
    server.script({ fault: 'length' });
    const { text, completion } = await content(backstory());
    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('refuse-json-schema rejects json_schema with 400 while json_object works', async () => {
    server.script({ fault: 'refuse-json-schema' });
    expect((await content(backstory(), 'json_object')).text).toContain('"backstory"');
    expect(server.pendingScripts).toBe(1);
    await expect(content(backstory())).rejects.toMatchObject({ status: 400, message: expect.stringContaining('json_schema') });
    expect(server.pendingScripts).toBe(0);

    server.configure({ refuseJsonSchema: true });
    await expect(content(backstory())).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(content(backstory())).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect(BackstoryReplySchema.safeParse(JSON.parse((await content(backstory(), 'json_object')).text)).success).toBe(true);
  });

  it('contradict writes a valid backstory that states a different age', async () => {
    server.script({ fault: 'contradict', task: 'backstory' });
    const { backstory: text } = BackstoryReplySchema.parse(JSON.parse((await content(backstory())).text));
    expect(text).toContain('51-year-old');
    expect(text).not.toContain('34-year-old');
    expect(text).toContain('Aiko Tanaka');
  });

  it('scripted entries wait for the model and task they name; replies can be fixed text or JSON', async () => {
    server.script(
      { task: 'backstory', fault: 'http500' },
      { model: 'model-b', reply: { backstory: 'scripted' } },
      { reply: 'verbatim', finishReason: 'content_filter' },
    );
    expect((await content(bioPrompt(world, profile, people))).text).toBe('verbatim');
    expect(server.pendingScripts).toBe(2);
    await expect(content(backstory())).rejects.toMatchObject({ status: 500 });
    expect((await content(backstory(), 'none', 'model-b')).text).toContain('```json\n{\n  "backstory": "scripted"\n}\n```');
    expect(server.pendingScripts).toBe(0);
  });

  it('failModels fails one model every time so a fallback list can be tested; reset clears it', async () => {
    server.configure({ failModels: { 'model-a': 'http500' } });
    await expect(content(backstory(), 'json_schema', 'model-a')).rejects.toMatchObject({ status: 500 });
    await expect(content(backstory(), 'json_schema', 'model-a')).rejects.toMatchObject({ status: 500 });
    expect((await content(backstory(), 'json_schema', 'model-b')).text).toContain('Aiko Tanaka');
    server.reset();
    expect((await content(backstory(), 'json_schema', 'model-a')).text).toContain('Aiko Tanaka');
  });

  it('strictModels answers 404 model_not_found for unknown models', async () => {
    await expect(content(backstory(), 'json_schema', 'nope')).resolves.toBeTruthy();
    server.configure({ strictModels: true });
    await expect(content(backstory(), 'json_schema', 'nope')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    server.configure({ strictModels: false });
  });
});

describe('request log', () => {
  it('records model, task, response format, messages, stream, token budget and status', async () => {
    const prompt = bioPrompt(world, profile, people);
    await content(prompt, 'json_schema', 'model-b');
    await content(profilePrompt(world), 'none');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]).toMatchObject({
      model: 'model-b',
      task: 'bios',
      responseFormatType: 'json_schema',
      stream: false,
      maxTokens: prompt.maxTokens,
      status: 200,
      fault: null,
      scripted: false,
    });
    expect(server.requests[0]!.messages).toEqual(prompt.messages);
    expect(server.requests[0]!.jsonSchema).toMatchObject({ name: prompt.schemaName, strict: true, schema: { type: 'object' } });
    expect(server.requests[1]!.jsonSchema).toBeNull();
    expect(server.requests.every((r) => r.doneAt !== null && r.doneAt >= r.at)).toBe(true);
    expect(server.requests[1]).toMatchObject({ task: 'profile', responseFormatType: null, status: 200 });
    server.reset();
    expect(server.requests).toHaveLength(0);
  });
});

describe('pacing per output token', () => {
  it('waits latency + msPerOutputToken x completion tokens, so a long reply sent first finishes after a short one', async () => {
    const own = await startTestLlmServer({ latencyMs: 5, msPerOutputToken: 1 });
    const c = new OpenAI({ baseURL: own.url, apiKey: 'test', maxRetries: 0 });
    try {
      const finished: string[] = [];
      const long = c.chat.completions
        .create(request(backstoryPrompt(world, profile, aiko, 'A courier.', null)))
        .then(() => finished.push('backstory'));
      await vi.waitFor(() => expect(own.requests).toHaveLength(1));
      const short = c.chat.completions.create(request(bioPrompt(world, profile, [people[1]!]))).then(() => finished.push('bio'));
      await Promise.all([long, short]);
      expect(finished).toEqual(['bio', 'backstory']);
      for (const r of own.requests) {
        expect(r.completionTokens).toBe(Math.ceil(r.content!.length / 4));
        expect(r.delayMs).toBe(5 + r.completionTokens);
        expect(r.doneAt).toBeGreaterThanOrEqual(r.at);
      }
      // A stream carries the same text, paced over its chunks; an error waits the latency only.
      const stream = await c.chat.completions.create({ ...request(bioPrompt(world, profile, [aiko])), stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe(own.requests.at(-1)!.content);
      expect(own.requests.at(-1)).toMatchObject({ stream: true, status: 200, delayMs: 5 + Math.ceil(text.length / 4) });
      own.script({ fault: 'http500' });
      await expect(c.chat.completions.create(request(bioPrompt(world, profile, [aiko])))).rejects.toMatchObject({ status: 500 });
      expect(own.requests.at(-1)).toMatchObject({ completionTokens: 0, delayMs: 5, content: null });
    } finally {
      await own.close();
    }
  });

  it('refuses a negative or non-finite msPerOutputToken', () => {
    expect(() => server.configure({ msPerOutputToken: -1 })).toThrow(InvalidInputError);
    expect(() => server.configure({ msPerOutputToken: Number.NaN })).toThrow(InvalidInputError);
    expect(server.config.msPerOutputToken).toBe(0);
  });
});

describe('fault mix', () => {
  const backstory = () => backstoryPrompt(world, profile, aiko, 'Aiko Tanaka, a 34-year-old courier.', null);
  const mix = { rate: { malformed: 0.1, http429: 0.05, contradict: 0.05 }, seed: 7, retryAfterMs: 0 };
  async function faults(n: number): Promise<Array<string | null>> {
    const start = server.requests.length;
    const body = request(backstory());
    for (let i = 0; i < n; i++) await client.chat.completions.create(body).catch(() => undefined);
    return server.requests.slice(start).map((r) => r.fault);
  }

  it('draws faults per request from a seeded PRNG: the same seed gives the same faults, at about the rates asked', async () => {
    server.configure({ faultMix: mix });
    const first = await faults(200);
    server.configure({ faultMix: mix }); // configuring restarts the stream from the seed
    expect(await faults(200)).toEqual(first);
    const count = (kind: string) => first.filter((f) => f === kind).length;
    expect(count('malformed')).toBeGreaterThan(8);
    expect(count('malformed')).toBeLessThan(35);
    expect(count('http429')).toBeGreaterThan(2);
    expect(count('http429')).toBeLessThan(20);
    expect(count('contradict')).toBeGreaterThan(2);
    expect(count('contradict')).toBeLessThan(20);
    expect(first.filter((f) => f === null).length).toBe(200 - count('malformed') - count('http429') - count('contradict'));
    const logged = server.requests.slice(0, 200);
    expect(logged.filter((r) => r.mixed).map((r) => r.fault)).toEqual(first.filter((f) => f !== null));
    expect(logged.filter((r) => r.fault === 'http429').every((r) => r.status === 429 && r.content === null)).toBe(true);
    expect(logged.filter((r) => r.fault === 'malformed').every((r) => r.status === 200 && r.content!.startsWith('{"backstory":'))).toBe(
      true,
    );
    server.configure({ faultMix: { ...mix, seed: 8 } });
    expect(await faults(200)).not.toEqual(first);
  });

  it('a mixed-in 429 carries retry-after-ms and retry-after in whole seconds', async () => {
    server.configure({ faultMix: { rate: { http429: 1 }, retryAfterMs: 1250 } });
    const err: unknown = await content(backstory()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const headers = (err as InstanceType<typeof OpenAI.APIError>).headers;
    expect(headers?.get('retry-after-ms')).toBe('1250');
    expect(headers?.get('retry-after')).toBe('2');
    expect(server.requests[0]).toMatchObject({ fault: 'http429', mixed: true, scripted: false, status: 429 });
  });

  it('scripted and persistent faults come first; refuse-json-schema only hits json_schema requests; reset clears the mix', async () => {
    server.configure({ faultMix: { rate: { 'refuse-json-schema': 1 } } });
    expect((await content(backstory(), 'json_object')).text).toContain('"backstory"');
    await expect(content(backstory())).rejects.toMatchObject({ status: 400 });
    server.script({ reply: { backstory: 'scripted' } });
    expect((await content(backstory())).text).toBe('{"backstory":"scripted"}');
    expect(server.requests.map((r) => [r.fault, r.mixed, r.scripted])).toEqual([
      [null, false, false],
      ['refuse-json-schema', true, false],
      [null, false, true],
    ]);
    server.reset();
    expect(server.config.faultMix).toBeNull();
    expect((await content(backstory())).text).toContain('Aiko Tanaka');
  });

  it('refuses unknown kinds, rates outside [0, 1] and rates adding up to more than 1', () => {
    expect(() => server.configure({ faultMix: { rate: { nope: 0.1 } as never } })).toThrow(InvalidInputError);
    expect(() => server.configure({ faultMix: { rate: { malformed: 1.5 } } })).toThrow(InvalidInputError);
    expect(() => server.configure({ faultMix: { rate: { malformed: 0.6, http500: 0.6 } } })).toThrow(/at most 1/);
    expect(server.config.faultMix).toBeNull();
  });
});

describe('replies hook', () => {
  const plain = (text: string) =>
    client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: text }], max_tokens: 99 });
  afterAll(() => server.configure({ replies: null }));

  it('answers prompts without a data block; null falls through; prompts with one keep their auto reply', async () => {
    const seen: ReplyRequest[] = [];
    server.configure({
      replies: (req) => {
        seen.push(req);
        const last = req.messages.at(-1)!.content;
        if (last.includes('<json-text>')) return { text: '{"a": 1}' };
        return last.includes('<story>')
          ? { text: `A story, ${req.contradict ? 'contradicting' : 'as asked'}.` }
          : last.includes('<list>')
            ? { json: { items: [1, 2] } }
            : null;
      },
    });
    expect((await plain('Write <story>x</story>')).choices[0]!.message.content).toBe('A story, as asked.');
    expect((await plain('Give a <list>')).choices[0]!.message.content).toContain('"items": [\n    1,');
    expect((await plain('Anything else')).choices[0]!.message.content).toBe('OK');
    expect((await content(backstoryPrompt(world, profile, aiko, 'A courier.', null))).text).toContain('Aiko Tanaka');
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject({ model: 'test-model', responseFormatType: null, maxTokens: 99, contradict: false });

    server.script({ fault: 'contradict' }, { fault: 'malformed' });
    expect((await plain('Write <story>x</story>')).choices[0]!.message.content).toBe('A story, contradicting.');
    const cut = (await plain('Write <story>x</story>')).choices[0]!.message.content!;
    expect('A story, as asked.'.startsWith(cut)).toBe(true);
    expect(cut.length).toBeLessThan('A story, as asked.'.length);
    // sloppy-json: JSON replies (also text that parses as JSON) get the slips; other text is sent as it is.
    server.script({ fault: 'sloppy-json' }, { fault: 'sloppy-json' }, { fault: 'sloppy-json' });
    expect((await plain('Give a <list>')).choices[0]!.message.content).toBe('{items: [1, 2,],}');
    expect((await plain('Give <json-text>')).choices[0]!.message.content).toBe('{a: 1,}');
    expect((await plain('Write <story>x</story>')).choices[0]!.message.content).toBe('A story, as asked.');
  });
});

describe('close', () => {
  it('ends hanging and delayed requests instead of waiting for them', async () => {
    const own = await startTestLlmServer({ script: [{ fault: 'hang' }], modelLatencyMs: { slow: 600_000 } });
    const c = new OpenAI({ baseURL: own.url, apiKey: 'test', maxRetries: 0 });
    const hanging = c.chat.completions.create(request(backstoryPrompt(world, profile, aiko, 'A courier.', null)));
    const delayed = c.chat.completions.create(request(bioPrompt(world, profile, people), 'json_schema', 'slow'));
    await vi.waitFor(() => expect(own.requests).toHaveLength(2));
    await own.close();
    const [h, d] = await Promise.allSettled([hanging, delayed]);
    expect(h.status === 'rejected' && h.reason).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(d.status === 'rejected' && d.reason).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(own.requests.map((r) => r.status)).toEqual([499, 499]);
  });
});
