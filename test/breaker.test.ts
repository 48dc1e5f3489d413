/**
 * Model health: the circuit breaker per endpoint and model (closed, open, half-open) on its own
 * with a fake clock, and inside the OpenAI provider against the loopback test server (a dead
 * first model, a hanging one under a live bio deadline, 429s and invalid output that must not
 * open it, `breaker: false`, health(), options and environment).
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError, ProviderError } from '../src/core/errors.js';
import type { PersonaIdentity, WorldContext } from '../src/core/types.js';
import { BreakerRegistry } from '../src/providers/openai/breaker.js';
import { breakerFromEnv, openAIOptionsFromEnv } from '../src/providers/openai/env.js';
import { OpenAIProvider, type OpenAIProviderOptions } from '../src/providers/openai/index.js';
import { structuredModeCache } from '../src/providers/openai/structured.js';
import { autoProfile } from '../src/testing/auto-profile.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';

const world: WorldContext = { id: 'northern-village', description: 'A medieval village in northern Britain', fingerprint: 'test' };
const profile = autoProfile(world.description);
const people: PersonaIdentity[] = [
  { key: 'a', name: 'Edith Marsh', traits: { age: 41, gender: 'woman', occupation: 'brewer' }, hints: [] },
];

let server: TestLlmServer;
/** The breakers' fake clock. */
let clock = 1_000_000;
const now = () => clock;

function provider(bio: string[], extra: Partial<OpenAIProviderOptions> = {}): OpenAIProvider {
  return new OpenAIProvider({
    client: new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 }),
    maxRetries: 0,
    models: { profile: ['good-model'], bio, backstory: ['good-model'] },
    breaker: { now },
    ...extra,
  });
}
const requestsFor = (model: string) => server.requests.filter((r) => r.model === model).length;
const bios = (p: OpenAIProvider, extra: { deadline?: number } = {}) => p.bios({ world, profile, subjects: people, ...extra });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e as ProviderError,
  );

beforeAll(async () => {
  server = await startTestLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  structuredModeCache.clear();
  clock = 1_000_000;
});

describe('BreakerRegistry (fake clock)', () => {
  const e = 'http://x/v1';

  it('goes closed -> open -> half-open -> closed', () => {
    const b = new BreakerRegistry({ failures: 3, cooldownMs: 1000, now });
    for (let i = 0; i < 3; i++) {
      const t = b.acquire(e, 'm');
      expect(t).toMatchObject({ skip: false, probe: false });
      b.record(t, 'failure');
    }
    expect(b.states()).toEqual([{ endpoint: e, model: 'm', state: 'open', consecutiveFailures: 3, opens: 1, skips: 0 }]);
    clock += 400;
    expect(b.acquire(e, 'm')).toMatchObject({ skip: true, retryInMs: 600 });
    clock += 600;
    const probe = b.acquire(e, 'm');
    expect(probe).toMatchObject({ skip: false, probe: true });
    expect(b.states()[0]!.state).toBe('half-open');
    expect(b.acquire(e, 'm')).toMatchObject({ skip: true }); // concurrent calls keep skipping
    b.record(probe, 'success');
    expect(b.states()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0, opens: 1, skips: 2 });
    expect(b.acquire(e, 'm')).toMatchObject({ skip: false, probe: false });
  });

  it('goes half-open -> open for another cool-down when the probe fails', () => {
    const b = new BreakerRegistry({ failures: 1, cooldownMs: 1000, now });
    b.record(b.acquire(e, 'm'), 'failure');
    clock += 1000;
    const probe = b.acquire(e, 'm');
    b.record(probe, 'failure');
    expect(b.states()[0]).toMatchObject({ state: 'open', opens: 2, consecutiveFailures: 2 });
    clock += 999;
    expect(b.acquire(e, 'm')).toEqual({ skip: true, retryInMs: 1, key: expect.any(String) });
    clock += 1;
    expect(b.acquire(e, 'm')).toMatchObject({ skip: false, probe: true });
  });

  it('hands the probe back on a neutral outcome, and counts only consecutive failures', () => {
    const b = new BreakerRegistry({ failures: 2, cooldownMs: 1000, now });
    b.record(b.acquire(e, 'm'), 'failure');
    b.record(b.acquire(e, 'm'), 'success');
    b.record(b.acquire(e, 'm'), 'failure');
    b.record(b.acquire(e, 'm'), 'neutral');
    expect(b.states()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 1, opens: 0 });
    b.record(b.acquire(e, 'm'), 'failure');
    clock += 1000;
    b.record(b.acquire(e, 'm'), 'neutral');
    expect(b.states()[0]!.state).toBe('open');
    expect(b.acquire(e, 'm')).toMatchObject({ skip: false, probe: true });
  });

  it('keeps endpoints and models apart, prototype names included, and does not extend a cool-down on late failures', () => {
    const b = new BreakerRegistry({ failures: 1, cooldownMs: 1000, now });
    const early = b.acquire(e, '__proto__');
    b.record(b.acquire(e, '__proto__'), 'failure');
    clock += 900;
    b.record(early, 'failure'); // a call started before the breaker opened
    expect(b.acquire(e, '__proto__')).toMatchObject({ skip: true, retryInMs: 100 });
    expect(b.acquire('http://y/v1', '__proto__')).toMatchObject({ skip: false });
    expect(b.acquire(e, 'constructor')).toMatchObject({ skip: false });
    expect(b.states().map((s) => [s.endpoint, s.model, s.state])).toEqual([
      [e, '__proto__', 'open'],
      ['http://y/v1', '__proto__', 'closed'],
      [e, 'constructor', 'closed'],
    ]);
  });
});

describe('OpenAIProvider with breakers', () => {
  it('tries a dead first model `failures` times, then skips it for the cool-down; one probe per cool-down', async () => {
    server.configure({ failModels: { 'bad-model': 'http500' } });
    const p = provider(['bad-model', 'good-model']);

    for (let i = 0; i < 20; i++) expect((await bios(p)).model).toBe('good-model');
    expect(requestsFor('bad-model')).toBe(3);
    expect(requestsFor('good-model')).toBe(20);
    expect(p.health()).toEqual({
      breakers: [
        { endpoint: server.url, model: 'bad-model', state: 'open', consecutiveFailures: 3, opens: 1, skips: 17 },
        { endpoint: server.url, model: 'good-model', state: 'closed', consecutiveFailures: 0, opens: 0, skips: 0 },
      ],
    });

    clock += 30_000; // cool-down over: one probe, which fails and reopens the breaker
    for (let i = 0; i < 10; i++) expect((await bios(p)).model).toBe('good-model');
    expect(requestsFor('bad-model')).toBe(4);
    expect(p.health().breakers[0]).toMatchObject({ state: 'open', opens: 2, skips: 26 });

    server.configure({ failModels: {} }); // the model recovers: the next probe closes the breaker
    clock += 30_000;
    expect((await bios(p)).model).toBe('bad-model');
    expect((await bios(p)).model).toBe('bad-model');
    expect(requestsFor('bad-model')).toBe(6);
    expect(p.health().breakers[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0, opens: 2 });
  });

  it('notes the skip in the failure list when a later model is called and fails', async () => {
    server.configure({ failModels: { 'bad-model': 'http500', 'other-model': 'wrong-schema' } });
    const p = provider(['bad-model', 'other-model'], { breaker: { failures: 1, cooldownMs: 5000, now } });
    const first = await failure(bios(p));
    expect(first.message).toContain('bad-model: Model "bad-model" failed with HTTP 500');

    const second = await failure(bios(p));
    expect(second.message).toMatch(/^Every bio model failed \(bad-model, other-model\):/);
    expect(second.message).toContain('- bad-model: skipped: circuit open (next probe in 5.0 s)');
    expect(second.message).toMatch(/- other-model: Model "other-model" gave an invalid bio reply/);
    expect(requestsFor('bad-model')).toBe(1);
  });

  it('fails at once, without HTTP, when every model of the stage is skipped, and says when the next probe is', async () => {
    server.configure({ failModels: { 'bad-model': 'http500' } });
    const p = provider(['bad-model'], { breaker: { failures: 2, cooldownMs: 10_000, now } });
    await failure(bios(p));
    await failure(bios(p));
    expect(server.requests).toHaveLength(2);
    clock += 2500;

    const error = await failure(bios(p));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe(
      `Every bio model's circuit is open (bad-model at ${server.url}): each failed 2 times in a row, so none was called. ` +
        'Next probe in 7.5 s. The engine falls back to procedural text (provisional, upgraded later); check the endpoint and the models (PERSONAS_MODELS_BIO).',
    );
    expect(error).toMatchObject({ provider: 'openai', model: 'bad-model', status: null, retryAfterMs: null, usage: { calls: 0 } });
    expect(server.requests).toHaveLength(2);
  });

  it('lets exactly one probe through when calls arrive together after the cool-down', async () => {
    server.configure({ failModels: { 'bad-model': 'http500' }, modelLatencyMs: { 'bad-model': 30 } });
    const p = provider(['bad-model', 'good-model'], { breaker: { failures: 1, cooldownMs: 1000, now } });
    await bios(p);
    clock += 1000;
    const results = await Promise.all(Array.from({ length: 6 }, () => bios(p)));
    server.configure({ modelLatencyMs: {} });

    expect(results.every((r) => r.model === 'good-model')).toBe(true);
    expect(requestsFor('bad-model')).toBe(2);
    expect(p.health().breakers[0]).toMatchObject({ state: 'open', opens: 2, skips: 5 });
  });

  it('does not open on 429s: the pause goes to the engine and the model stays closed', async () => {
    server.configure({ failModels: { 'bad-model': { fault: 'http429', retryAfterMs: 50 } } });
    const p = provider(['bad-model', 'good-model']);
    for (let i = 0; i < 6; i++) expect(await failure(bios(p))).toMatchObject({ status: 429, retryAfterMs: 50 });
    expect(requestsFor('bad-model')).toBe(6);
    expect(p.health().breakers).toEqual([
      { endpoint: server.url, model: 'bad-model', state: 'closed', consecutiveFailures: 0, opens: 0, skips: 0 },
    ]);
  });

  it('does not open on invalid output: the model answered', async () => {
    server.configure({ failModels: { 'bad-model': 'wrong-schema' } });
    const p = provider(['bad-model', 'good-model']);
    for (let i = 0; i < 6; i++) expect((await bios(p)).model).toBe('good-model');
    expect(requestsFor('bad-model')).toBe(12); // first try and one repair call each time
    expect(p.health().breakers[0]).toMatchObject({ model: 'bad-model', state: 'closed', consecutiveFailures: 0, opens: 0 });
  });

  it('with breaker: false tries the dead model every time and reports no breakers', async () => {
    server.configure({ failModels: { 'bad-model': 'http500' } });
    const p = provider(['bad-model', 'good-model'], { breaker: false });
    for (let i = 0; i < 20; i++) expect((await bios(p)).model).toBe('good-model');
    expect(requestsFor('bad-model')).toBe(20);
    expect(p.health()).toEqual({ breakers: [] });
    expect(p.breakers).toBeNull();
  });

  it('keeps stages apart by model only: a model shared by stages shares its breaker', async () => {
    server.configure({ failModels: { 'good-model': 'http500' } });
    const p = provider(['good-model'], { breaker: { failures: 1, cooldownMs: 1000, now } });
    await failure(p.profile({ world }));
    const error = await failure(bios(p));
    expect(error.message).toMatch(/circuit is open/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('live bio deadline', () => {
  it('returns by the deadline with a hanging first model, and skips that model after `failures` such calls', async () => {
    server.configure({ failModels: { 'hang-model': 'hang' } });
    const p = provider(['hang-model', 'good-model'], { timeoutMs: 60_000, breaker: {} });

    for (let i = 1; i <= 3; i++) {
      const error = await failure(bios(p, { deadline: Date.now() + 150 }));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.message).toMatch(/^The live deadline passed \(\d+ ms ago\) before calling model "good-model" for the bio/);
      expect(error.message).toMatch(
        /hang-model: Model "hang-model" timed out: no complete answer within \d+ ms, the time left before the live deadline\./,
      );
      expect(requestsFor('hang-model')).toBe(i);
    }
    expect(requestsFor('good-model')).toBe(0);
    expect(p.health().breakers[0]).toMatchObject({ model: 'hang-model', state: 'open', consecutiveFailures: 3, opens: 1 });

    const result = await bios(p, { deadline: Date.now() + 5_000 });
    expect(result.model).toBe('good-model');
    expect(requestsFor('hang-model')).toBe(3);
  });

  it('starts no call once the deadline has passed', async () => {
    const p = provider(['good-model']);
    const error = await failure(bios(p, { deadline: Date.now() - 5 }));
    expect(error.message).toMatch(/^The live deadline passed \(\d+ ms ago\) before calling model "good-model" for the bio/);
    expect(error.usage).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0 });
    expect(server.requests).toHaveLength(0);
    expect(p.health().breakers).toEqual([]);
  });

  it('answers normally well within the deadline and rejects a deadline that is not a number', async () => {
    const p = provider(['good-model']);
    expect((await bios(p, { deadline: Date.now() + 10_000 })).model).toBe('good-model');
    await expect(bios(p, { deadline: Number.NaN })).rejects.toThrow(InvalidInputError);
  });

  it('sends the regeneration problems in the bio prompt', async () => {
    const p = provider(['good-model']);
    await p.bios({ world, profile, subjects: people, problems: [['the bio gave her age as 90']] });
    const user = server.requests[0]!.messages.filter((m) => m.role === 'user').at(-1)!.content;
    expect(user).toContain('the bio gave her age as 90');
  });
});

describe('breaker options and environment', () => {
  it('applies the defaults and validates the options', () => {
    const p = new OpenAIProvider({ baseURL: server.url, models: { profile: ['a'], bio: ['b'], backstory: ['c'] } });
    expect(p.options.breaker).toMatchObject({ failures: 3, cooldownMs: 30_000 });
    const make = (breaker: unknown) => () =>
      new OpenAIProvider({ baseURL: server.url, models: { profile: ['a'], bio: ['b'], backstory: ['c'] }, breaker: breaker as false });
    expect(make({ failures: 0 })).toThrow(/breaker/);
    expect(make({ cooldownMs: -1 })).toThrow(InvalidInputError);
    expect(make({ now: 5 })).toThrow(/expected a function/);
    expect(make(true)).toThrow(/expected false or \{ failures\?, cooldownMs\?, now\? \}/);
    expect(make({ failures: 0 })).toThrow(/breaker.failures/);
  });

  it('reads PERSONAS_BREAKER_FAILURES and PERSONAS_BREAKER_COOLDOWN_MS', () => {
    const base = { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' };
    expect(openAIOptionsFromEnv(base)).not.toHaveProperty('breaker');
    expect(openAIOptionsFromEnv({ ...base, PERSONAS_BREAKER_FAILURES: ' 5 ', PERSONAS_BREAKER_COOLDOWN_MS: '1000' })?.breaker).toEqual({
      failures: 5,
      cooldownMs: 1000,
    });
    expect(breakerFromEnv({ PERSONAS_BREAKER_COOLDOWN_MS: '0' })).toEqual({ cooldownMs: 0 });
    expect(breakerFromEnv({ PERSONAS_BREAKER_FAILURES: 'off' })).toBe(false);
    expect(() => breakerFromEnv({ PERSONAS_BREAKER_FAILURES: '0' })).toThrow(
      'PERSONAS_BREAKER_FAILURES must be a whole number from 1 to 1000 or "off", got "0".',
    );
    expect(() => breakerFromEnv({ PERSONAS_BREAKER_COOLDOWN_MS: '2.5' })).toThrow(
      /PERSONAS_BREAKER_COOLDOWN_MS must be a whole number from 0 to 86400000/,
    );
  });
});
