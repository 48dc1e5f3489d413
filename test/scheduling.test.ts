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
const nameIn = (server: TestLlmServer, i: number) =>
  (readDataBlock(server.requests[i]!.messages.at(-1)!.content)!.person as { name: string }).name;

describe('scheduler', () => {
  it('honours 429 Retry-After: pauses, retries the same call, and the bio still comes from the model', async () => {
    const { engine, server } = await llmEngine();
    cleanup.push(
      () => server.close(),
      () => engine.close(),
    );
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
    const provider = new OpenAIProvider({
      baseURL: server.url,
      apiKey: 't',
      maxRetries: 0,
      concurrency: 1,
      models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
    });
    // One call per job (batch: 1) to see the order; focus with batching: backstory-batching.test.ts.
    const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 0 }, liveBatch: 8, backstories: { batch: 1 } });
    cleanup.push(
      () => server.close(),
      () => engine.close(),
    );
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
        provider: new OpenAIProvider({
          baseURL: server.url,
          apiKey: 't',
          maxRetries: 0,
          models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
        }),
        store: new SqliteStore({ path }),
        pool: { size: 0 },
      });
    const a = make();
    const b = make();
    cleanup.push(
      () => server.close(),
      () => a.close(),
      () => b.close(),
    );
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
    scheduler.holdLive(); // live demand (an open room): the default 'auto' reservation applies
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
  async function mostAtOnce(scheduler: { reservedForLive?: number | 'auto' } | undefined): Promise<{ most: number; total: number }> {
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

  it("default ('auto', right after live bios): backstories run 3 at a time of 4; reservedForLive 1 the same; 0: all 4", async () => {
    // The personas' bios were live calls a moment ago: live demand, so one slot stays free.
    expect(await mostAtOnce(undefined)).toEqual({ most: 3, total: 3 });
    expect(await mostAtOnce({ reservedForLive: 1 })).toEqual({ most: 3, total: 3 });
    expect(await mostAtOnce({ reservedForLive: 0 })).toEqual({ most: 4, total: 4 });
  });

  /** Start `n` background tasks that wait on a gate; returns how many started and the release. */
  function gated(scheduler: Scheduler, n: number) {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const state = { started: 0, running: 0 };
    const done = Promise.all(
      Array.from({ length: n }, () =>
        scheduler.run('backstory', async () => {
          state.started++;
          state.running++;
          await gate;
          state.running--;
        }),
      ),
    );
    return { state, release, done };
  }
  const turn = () => new Promise((r) => setTimeout(r, 5));

  it("'auto': no live demand, every slot runs background work; a hold keeps one free, and releasing it gives it back", async () => {
    // liveDemandMs 0: only the hold counts as live demand here (the next test covers the window).
    const scheduler = new Scheduler({ concurrency: 3, liveDemandMs: 0 });
    expect(scheduler.backgroundConcurrency).toBe(3);
    const first = gated(scheduler, 3);
    await turn();
    expect(first.state.started).toBe(3);
    const release = scheduler.holdLive();
    expect(scheduler.backgroundConcurrency).toBe(2);
    // A live call while background work holds every slot waits for one (it arrived after them)...
    first.release();
    await first.done;
    const second = gated(scheduler, 4);
    await turn();
    // ...but with the hold, background work leaves one slot: a live call starts at once.
    expect(second.state.running).toBe(2);
    let liveStarted = false;
    const live = scheduler.run('live', async () => {
      liveStarted = true;
    });
    await live;
    expect(liveStarted).toBe(true);
    release();
    release(); // idempotent
    await turn();
    expect(scheduler.backgroundConcurrency).toBe(3);
    expect(second.state.running).toBe(3);
    second.release();
    await second.done;
    expect(second.state.started).toBe(4);
    scheduler.close();
  });

  it("'auto': a live call reserves the slot for liveDemandMs, then background work gets it back", async () => {
    const scheduler = new Scheduler({ concurrency: 2, liveDemandMs: 30 });
    await scheduler.run('live', async () => undefined);
    expect(scheduler.backgroundConcurrency).toBe(1);
    const work = gated(scheduler, 2);
    await turn();
    expect(work.state.running).toBe(1);
    // No more live calls: the reservation lapses and the second background task starts.
    while (scheduler.backgroundConcurrency !== 2) await turn();
    await turn();
    expect(work.state.running).toBe(2);
    work.release();
    await work.done;
    scheduler.close();
  });

  it('the plugin-style hold through the engine: holdLive() on the engine reaches its scheduler', async () => {
    const { provider, calls, release } = slowBackstories();
    const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 0 }, scheduler: { liveDemandMs: 0 } });
    cleanup.push(() => engine.close());
    const world = engine.world(VILLAGE);
    // liveDemandMs 0: the bios' live calls reserve nothing, so backstories may take all 4 slots...
    const backstories = Array.from({ length: 8 }, (_, i) => world.persona(`npc-${i}`).backstory);
    while (calls.active < 4) await turn();
    expect(calls.most).toBe(4);
    release();
    await Promise.all(backstories);
    // ...and a hold (an open room) keeps one back.
    const { provider: p2, calls: c2, release: r2 } = slowBackstories();
    const held = createPersonaEngine({ provider: p2, store: 'memory', pool: { size: 0 }, scheduler: { liveDemandMs: 0 } });
    cleanup.push(() => held.close());
    const unhold = held.holdLive();
    const w2 = held.world(VILLAGE);
    const more = Array.from({ length: 8 }, (_, i) => w2.persona(`npc-${i}`).backstory);
    while (held.inFlight.backstories < 8 || c2.active < 3) await turn();
    await new Promise((r) => setTimeout(r, 50));
    expect(c2.most).toBe(3);
    unhold();
    r2();
    await Promise.all(more);
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
    for (const bad of [-1, 0.5, Number.NaN, 'always' as never]) expect(() => new Scheduler({ reservedForLive: bad })).toThrow(RangeError);
    for (const bad of [-1, 1.5, '1', 'always'])
      expect(() => createPersonaEngine({ store: 'memory', scheduler: { reservedForLive: bad as never } })).toThrow(InvalidInputError);
    expect(() => createPersonaEngine({ store: 'memory', scheduler: { bogus: 1 } as never })).toThrow(InvalidInputError);
    const infinite = createPersonaEngine({
      provider: 'procedural',
      store: 'memory',
      pool: { size: 0 },
      scheduler: { sliceMs: Infinity, reservedForLive: 0 },
    });
    await infinite.close();
  });
});
