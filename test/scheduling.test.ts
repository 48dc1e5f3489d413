import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDataBlock } from '../src/core/prompt.js';
import { createPersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import type { PersonaProvider } from '../src/core/types.js';
import { InvalidInputError } from '../src/core/errors.js';
import { Scheduler } from '../src/engine/scheduler.js';
import { SqliteStore } from '../src/stores/sqlite-store.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { llmEngine, tempDir, TOKYO, VILLAGE } from './support.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
const nameIn = (server: TestLlmServer, i: number) => (readDataBlock(server.requests[i]!.messages.at(-1)!.content)!.person as { name: string }).name;

describe('scheduler', () => {
  it('honours 429 Retry-After: pauses, retries the same call, and the bio still comes from the model', async () => {
    const { engine, server } = await llmEngine();
    cleanup.push(() => server.close(), () => engine.close());
    const world = engine.world(TOKYO);
    await world.ready;
    server.script({ fault: 'http429', retryAfterSeconds: 1, task: 'bios' });
    const rec = await world.persona('patient', undefined, { backstory: false }).bio;
    const bios = server.requests.filter((r) => r.task === 'bios');
    expect(bios.map((r) => r.status)).toEqual([429, 200]);
    expect(rec.sources.bio).toBe('llm');
    expect(engine.metrics.snapshot().rateLimitPauses).toBe(1);
    expect(engine.metrics.snapshot().fallbacks.total).toBe(0);
  });

  it('prioritize() moves a backstory ahead of the ones still waiting', async () => {
    const server = await startTestLlmServer({ latencyMs: 40 });
    const provider = new OpenAIProvider({ baseURL: server.url, apiKey: 't', maxRetries: 0, concurrency: 1, models: { profile: ['p'], bio: ['b'], backstory: ['s'] } });
    const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 0 }, liveBatch: 8 });
    cleanup.push(() => server.close(), () => engine.close());
    const world = engine.world(VILLAGE);
    const handles = Array.from({ length: 6 }, (_, i) => world.persona(`n${i}`));
    await Promise.all(handles.map((h) => h.bio));
    const last = handles[5]!;
    last.prioritize();
    await Promise.all(handles.map((h) => h.backstory));
    const order = server.requests.map((r, i) => (r.task === 'backstory' ? nameIn(server, i) : null)).filter((n): n is string => n !== null);
    expect(order).toHaveLength(6);
    // At most one backstory was already running when the player focused the last NPC.
    expect(order.indexOf(last.record!.name)).toBeLessThanOrEqual(1);
  });

  it('two engines sharing one SQLite file make one generation for one key (single-flight across processes)', async () => {
    const server = await startTestLlmServer({ latencyMs: 30 });
    const path = join(tempDir(), 'shared.db');
    const make = () =>
      createPersonaEngine({
        provider: new OpenAIProvider({ baseURL: server.url, apiKey: 't', maxRetries: 0, models: { profile: ['p'], bio: ['b'], backstory: ['s'] } }),
        store: new SqliteStore({ path }),
        pool: { size: 0 },
      });
    const a = make();
    const b = make();
    cleanup.push(() => server.close(), () => a.close(), () => b.close());
    const [ra, rb] = await Promise.all([a.world(VILLAGE).persona('shared').backstory, b.world(VILLAGE).persona('shared').backstory]);
    expect(rb).toEqual(ra);
    expect(server.requests.filter((r) => r.task === 'profile')).toHaveLength(1);
    expect(server.requests.filter((r) => r.task === 'bios')).toHaveLength(1);
    expect(server.requests.filter((r) => r.task === 'backstory')).toHaveLength(1);
  });
});

describe('scheduler lanes', () => {
  it('a live bio never waits behind background calls: one slot stays free for it', async () => {
    const scheduler = new Scheduler({ concurrency: 3 });
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const background = Array.from({ length: 6 }, (_, i) =>
      scheduler.run(i % 2 ? 'refill' : 'backstory', async () => {
        started.push(`bg${i}`);
        await gate;
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toHaveLength(2); // concurrency 3 minus the live reservation
    await scheduler.run('live', async () => {
      started.push('live');
    });
    expect(started).toEqual(['bg0', 'bg1', 'live']);
    release();
    await Promise.all(background);
    expect(started.filter((s) => s.startsWith('bg'))).toHaveLength(6);
    // Refills (priority 20) went before backstories (10) once slots freed.
    expect(started.slice(3, 5).every((s) => ['bg3', 'bg5'].includes(s))).toBe(true);
  });
});

describe('slots reserved for live bios (scheduler.reservedForLive)', () => {
  /** A provider whose backstory calls hang until released; counts how many run at once. */
  function slowBackstories() {
    const inner = new ProceduralProvider();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls = { active: 0, most: 0, total: 0 };
    const provider: PersonaProvider = {
      name: 'slow-backstories',
      concurrency: 4,
      profile: (req) => inner.profile(req),
      bios: (req) => inner.bios(req),
      backstory: async (req) => {
        calls.total++;
        calls.most = Math.max(calls.most, ++calls.active);
        await gate;
        calls.active--;
        return inner.backstory(req);
      },
    };
    return { provider, calls, release };
  }

  /** 8 backstories queued (the worker leases 8 jobs) against provider concurrency 4: how many run at once? */
  async function mostAtOnce(scheduler: { reservedForLive?: number } | undefined): Promise<{ most: number; total: number }> {
    const { provider, calls, release } = slowBackstories();
    const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 0 }, scheduler });
    cleanup.push(() => engine.close());
    const world = engine.world(VILLAGE);
    const backstories = Array.from({ length: 8 }, (_, i) => world.persona(`npc-${i}`).backstory);
    // Wait until all 8 jobs are taken up by the worker and the provider holds what it will get.
    while (engine.inFlight.backstories < 8 || calls.active < 3) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    const seen = { most: calls.most, total: calls.total };
    release();
    const done = await Promise.all(backstories);
    expect(done.every((r) => r.backstory)).toBe(true);
    expect(calls.total).toBe(8);
    return seen;
  }

  it('default (1): backstories run 3 at a time of 4; reservedForLive 0: all 4', async () => {
    expect(await mostAtOnce(undefined)).toEqual({ most: 3, total: 3 });
    expect(await mostAtOnce({ reservedForLive: 1 })).toEqual({ most: 3, total: 3 });
    expect(await mostAtOnce({ reservedForLive: 0 })).toEqual({ most: 4, total: 4 });
  });

  it('Scheduler: with reservedForLive 0 background lanes take every slot; a bad value is refused', async () => {
    const scheduler = new Scheduler({ concurrency: 3, reservedForLive: 0 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const background = Array.from({ length: 6 }, () =>
      scheduler.run('backstory', async () => {
        started++;
        await gate;
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toBe(3);
    release();
    await Promise.all(background);
    expect(started).toBe(6);
    for (const bad of [-1, 0.5, Number.NaN]) expect(() => new Scheduler({ reservedForLive: bad })).toThrow(RangeError);
    for (const bad of [-1, 1.5, '1']) expect(() => createPersonaEngine({ store: 'memory', scheduler: { reservedForLive: bad as never } })).toThrow(InvalidInputError);
    expect(() => createPersonaEngine({ store: 'memory', scheduler: { bogus: 1 } as never })).toThrow(InvalidInputError);
    const infinite = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, scheduler: { sliceMs: Infinity, reservedForLive: 0 } });
    await infinite.close();
  });
});
