/**
 * Batched backstories: keyed NPCs requested one at a time share backstory calls (counted in
 * the loopback server's request log), `batch: 1` restores one call per persona, a focused job
 * goes out at once, every text is still checked on its own (a contradicted one, or one the
 * reply left out or mis-keyed, is written alone while the others are kept), close() never
 * waits out a window, and the procedural path still works.
 *   npx vitest run test/backstory-batching.test.ts
 * Cost: a few seconds (loopback server, windows of up to a second).
 */
import { checkConsistency } from '../src/stages/consistency.js';
import { afterEach, describe, expect, it } from 'vitest';
import { readDataBlock } from '../src/core/prompt.js';
import type { PersonaRecord, PersonaStore } from '../src/core/types.js';
import type { PersonaHandle } from '../src/engine/persona-handle.js';
import { createPersonaEngine } from '../src/engine/engine.js';
import { resolveWorkerOptions } from '../src/engine/backstory-worker.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import { backstoriesMaxTokens, backstoryRef } from '../src/stages/backstories.js';
import { MemoryStore } from '../src/stores/memory-store.js';
import { backstoryText, readPerson } from '../src/testing/auto-replies.js';
import { startTestLlmServer, type LoggedRequest, type TestLlmServer } from '../src/testing/index.js';
import { llmEngine, TOKYO, VILLAGE } from './support.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function withLlm(opts: Parameters<typeof llmEngine>[0] = {}) {
  const out = await llmEngine(opts);
  cleanup.push(() => out.server.close());
  cleanup.push(() => out.engine.close());
  return out;
}

const tasks = (server: TestLlmServer, task: string) => server.requests.filter((r) => r.task === task);
const dataOf = (r: LoggedRequest) => readDataBlock(r.messages.at(-1)!.content)!;
const peopleIn = (r: LoggedRequest) => (dataOf(r).people as Array<{ name: string; ref: string; bio: string }>).map((p) => p.name);
const personIn = (r: LoggedRequest) => (dataOf(r).person as { name: string }).name;

/** The text the test server writes for a person, optionally contradicting their age. */
function storyFor(rec: PersonaRecord, world: string, terms: string[], contradict = false): string {
  return backstoryText(
    readPerson({ name: rec.name, traits: rec.traits, hints: rec.hints }, 0),
    rec.bio!,
    world,
    terms.slice(0, 8),
    contradict,
  );
}

/** A handle's backstory, also when it was first made without one (its `backstory` promise settled then). */
function storyOf(h: PersonaHandle): Promise<PersonaRecord> {
  if (h.record?.backstory != null || h.status === 'failed') return Promise.resolve(h.record!);
  return new Promise((resolve) => {
    h.once('backstory', resolve);
    h.once('failed', resolve);
  });
}

/** Make `keys` with bios only, one at a time (each its own bio call). */
async function biosOneByOne(
  world: ReturnType<Awaited<ReturnType<typeof llmEngine>>['engine']['world']>,
  keys: string[],
): Promise<PersonaRecord[]> {
  const recs: PersonaRecord[] = [];
  for (const key of keys) recs.push(await world.persona(key, undefined, { backstory: false }).bio);
  return recs;
}

describe('on-demand keyed personas share backstory calls', () => {
  it('N personas requested one at a time within the window cost ceil(N / batch) calls', async () => {
    const { engine, server } = await withLlm({ backstories: { batch: 4, batchWindowMs: 1_000 } });
    const world = engine.world(TOKYO);
    await world.ready;
    const handles = [];
    // One at a time: each persona's bio arrives before the next is asked for.
    for (let i = 0; i < 6; i++) {
      const h = world.persona(`walk-in-${i}`);
      await h.bio;
      handles.push(h);
    }
    const recs = await Promise.all(handles.map((h) => h.backstory));

    const batched = tasks(server, 'backstories');
    expect(batched).toHaveLength(Math.ceil(6 / 4));
    expect(tasks(server, 'backstory')).toHaveLength(0);
    expect(batched.map((r) => peopleIn(r).length)).toEqual([4, 2]);
    expect(batched.map((r) => r.maxTokens)).toEqual([backstoriesMaxTokens(4), backstoriesMaxTokens(2)]);
    // The world travels once per call; each person carries their own bio.
    const first = dataOf(batched[0]!);
    expect(first.world).toBe(TOKYO.description);
    for (const p of first.people as Array<{ name: string; bio: string }>) expect(p.bio).toBe(recs.find((r) => r.name === p.name)!.bio);
    for (const rec of recs) {
      expect(rec.status).toBe('complete');
      expect(rec.consistency).toEqual({ ok: true, problems: [], regenerated: false });
      expect(rec.backstory).toBe(storyFor(rec, TOKYO.description, world.profile!.terms));
    }
    const snap = engine.metrics.snapshot();
    expect(snap.consistency).toEqual({ passed: 6, regenerated: 0, flagged: 0 });
  });

  it('batch: 1 gives one backstory call per persona', async () => {
    const { engine, server } = await withLlm({ backstories: { batch: 1, batchWindowMs: 1_000 } });
    const world = engine.world(VILLAGE);
    const handles = Array.from({ length: 5 }, (_, i) => world.persona(`single-${i}`));
    const recs = await Promise.all(handles.map((h) => h.backstory));
    expect(tasks(server, 'backstories')).toHaveLength(0);
    expect(tasks(server, 'backstory')).toHaveLength(5);
    expect(new Set(tasks(server, 'backstory').map(personIn))).toEqual(new Set(recs.map((r) => r.name)));
  });

  it('a batch of one takes the single prompt', async () => {
    const { engine, server } = await withLlm({ backstories: { batch: 4, batchWindowMs: 50 } });
    const rec = await engine.world(VILLAGE).persona('loner').backstory;
    expect(tasks(server, 'backstories')).toHaveLength(0);
    expect(tasks(server, 'backstory').map(personIn)).toEqual([rec.name]);
  });

  it('a full batch goes out without waiting out the window', async () => {
    // A 10 s window: the test would time out if the full batch waited for it.
    const { engine, server } = await withLlm({ backstories: { batch: 3, batchWindowMs: 10_000 } });
    const world = engine.world(VILLAGE);
    const recs = await Promise.all(['a', 'b', 'c'].map((k) => world.persona(`full-${k}`).backstory));
    expect(recs.every((r) => r.status === 'complete')).toBe(true);
    expect(tasks(server, 'backstories').map(peopleIn)).toEqual([expect.arrayContaining(recs.map((r) => r.name))]);
  });

  it('a focused job sends its batch at once', async () => {
    const { engine, server } = await withLlm({ backstories: { batch: 4, batchWindowMs: 10_000 } });
    const world = engine.world(TOKYO);
    const recs = await biosOneByOne(world, ['quiet', 'talked-to']);
    const quiet = world.persona('quiet');
    const talked = world.persona('talked-to');
    // Both jobs are waiting for company (the 10 s window); a player starts talking to one.
    while (engine.inFlight.backstories < 2) await new Promise((r) => setTimeout(r, 5));
    // Leased jobs reach the batcher after a store read or two: give them a moment to be waiting.
    await new Promise((r) => setTimeout(r, 100));
    expect(tasks(server, 'backstories')).toHaveLength(0);
    const focusedAt = Date.now();
    talked.prioritize();
    const [a, b] = await Promise.all([storyOf(quiet), storyOf(talked)]);
    expect([a.status, b.status]).toEqual(['complete', 'complete']);
    const [call] = tasks(server, 'backstories');
    expect(tasks(server, 'backstories')).toHaveLength(1);
    expect(peopleIn(call!).sort()).toEqual(recs.map((r) => r.name).sort());
    expect(call!.at - focusedAt).toBeLessThan(10_000);
  });

  it('a job already focused when it reaches the batcher goes out at once', async () => {
    const { engine, server } = await withLlm({ backstories: { batch: 4, batchWindowMs: 10_000 } });
    const world = engine.world(TOKYO);
    await biosOneByOne(world, ['urgent']);
    const h = world.persona('urgent');
    h.prioritize();
    expect((await storyOf(h)).status).toBe('complete');
    expect(tasks(server, 'backstory')).toHaveLength(1);
  });
});

describe('each batched backstory is checked on its own', () => {
  async function scripted(keys: string[]) {
    const out = await withLlm({ backstories: { batch: 4, batchWindowMs: 200 } });
    const world = out.engine.world(VILLAGE);
    const recs = await biosOneByOne(world, keys);
    return { ...out, world, recs, terms: world.profile!.terms };
  }

  it('a contradicted item is regenerated alone and the others are kept', async () => {
    const { engine, server, world, recs, terms } = await scripted(['miller', 'weaver', 'liar']);
    const liar = recs[2]!;
    const reply = {
      backstories: recs.map((r) => ({ ref: backstoryRef(r.key), backstory: storyFor(r, VILLAGE.description, terms, r === liar) })),
    };
    server.script({ task: 'backstories', reply });
    const done = await Promise.all(recs.map((r) => storyOf(world.persona(r.key))));

    expect(tasks(server, 'backstories')).toHaveLength(1);
    const singles = tasks(server, 'backstory');
    expect(singles.map(personIn)).toEqual([liar.name]);
    expect(String(dataOf(singles[0]!).fix)).toMatch(/states age \d+, but .* is \d+/);
    for (const [i, rec] of done.entries()) {
      if (i === 2) {
        expect(rec.consistency).toEqual({ ok: true, problems: [], regenerated: true });
        expect(rec.backstory).not.toBe(reply.backstories[2]!.backstory);
      } else {
        expect(rec.consistency).toEqual({ ok: true, problems: [], regenerated: false });
        expect(rec.backstory).toBe(reply.backstories[i]!.backstory);
      }
    }
    expect(engine.metrics.snapshot().consistency).toEqual({ passed: 3, regenerated: 1, flagged: 0 });
  });

  it('a reply missing one person and mis-keying another keeps the rest and writes those two alone', async () => {
    const { server, world, recs, terms } = await scripted(['baker', 'cooper', 'fletcher', 'tanner']);
    const entries = recs.map((r) => ({ ref: backstoryRef(r.key), backstory: storyFor(r, VILLAGE.description, terms) }));
    // Reversed order (matched by ref, not position); fletcher left out; tanner under a wrong ref.
    const reply = { backstories: [{ ...entries[3]!, ref: 'not-a-ref' }, entries[1]!, entries[0]!] };
    server.script({ task: 'backstories', reply });
    const done = await Promise.all(recs.map((r) => storyOf(world.persona(r.key))));

    expect(tasks(server, 'backstories')).toHaveLength(1);
    expect(tasks(server, 'backstory').map(personIn).sort()).toEqual([recs[2]!.name, recs[3]!.name].sort());
    expect(done.map((r) => r.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(done[0]!.backstory).toBe(entries[0]!.backstory);
    expect(done[1]!.backstory).toBe(entries[1]!.backstory);
    for (const rec of done) expect(rec.consistency?.ok).toBe(true);
    for (const rec of done) expect(rec.sources.backstory).toBe('llm');
  });

  it('an entry that breaks the length rules is written alone', async () => {
    const { server, world, recs, terms } = await scripted(['potter', 'thatcher']);
    const reply = {
      backstories: [
        { ref: backstoryRef(recs[0]!.key), backstory: storyFor(recs[0]!, VILLAGE.description, terms) },
        { ref: backstoryRef(recs[1]!.key), backstory: `${recs[1]!.name} lives here. Nothing more is known about this person at all.` },
      ],
    };
    server.script({ task: 'backstories', reply });
    const done = await Promise.all(recs.map((r) => storyOf(world.persona(r.key))));
    expect(tasks(server, 'backstory').map(personIn)).toEqual([recs[1]!.name]);
    expect(done[0]!.backstory).toBe(reply.backstories[0]!.backstory);
    expect(done[1]!.backstory).not.toBe(reply.backstories[1]!.backstory);
  });

  it('a malformed batch reply is repaired once and every person kept', async () => {
    const { engine, server, world, recs } = await scripted(['cartwright', 'chandler']);
    server.script({ fault: 'malformed', task: 'backstories' });
    const done = await Promise.all(recs.map((r) => storyOf(world.persona(r.key))));
    const batched = tasks(server, 'backstories');
    expect(batched.map((r) => r.fault)).toEqual(['malformed', null]);
    expect(tasks(server, 'backstory')).toHaveLength(0);
    for (const rec of done) {
      expect(rec.sources.backstory).toBe('llm');
      expect(rec.consistency).toEqual({ ok: true, problems: [], regenerated: false });
    }
    expect(engine.metrics.snapshot().calls.backstory).toBe(2);
  });

  it('a failed batch call falls back to procedural text for every person (provisional; template text is not checked, it is made from the traits)', async () => {
    const { engine, server } = await withLlm({ backstories: { batch: 4, batchWindowMs: 200 } });
    const world = engine.world(VILLAGE);
    const recs = await biosOneByOne(world, ['reeve', 'smith']);
    server.configure({ failModels: { 'story-model': 'http500' } });
    const done = await Promise.all(recs.map((r) => storyOf(world.persona(r.key))));
    expect(tasks(server, 'backstories')).toHaveLength(1);
    expect(tasks(server, 'backstory')).toHaveLength(0);
    for (const rec of done) {
      expect(rec.sources.backstory).toBe('procedural');
      expect(rec.backstory).toContain(rec.name.split(' ')[0]!);
      expect(rec.provisional.backstory).toBe(true);
      expect(rec.consistency).toBeNull();
      expect(checkConsistency(rec, rec.backstory!, { stage: 'backstory' })).toEqual([]); // it would pass
    }
    expect(engine.metrics.snapshot().fallbacks).toEqual({ total: 2, byReason: { 'provider-error': 2 } });
  });
});

describe('providers', () => {
  it('the OpenAI provider ties entries to people by ref and reports nulls for the rest', async () => {
    const server = await startTestLlmServer();
    cleanup.push(() => server.close());
    const provider = new OpenAIProvider({
      baseURL: server.url,
      apiKey: 't',
      maxRetries: 0,
      models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
    });
    const engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
    cleanup.push(() => engine.close());
    const world = engine.world(TOKYO);
    const [x, y, z] = await Promise.all(['x', 'y', 'z'].map((k) => world.persona(k).bio));
    const people = [x!, y!, z!].map((r) => ({ subject: r, bio: r.bio! }));
    const out = await provider.backstories({ world: world.context, profile: world.profile!, people });
    expect(out.value.map((t, i) => t?.includes(people[i]!.subject.name))).toEqual([true, true, true]);
    expect(out.usage.calls).toBe(1);

    server.script({
      task: 'backstories',
      reply: {
        backstories: [
          { ref: backstoryRef('z'), backstory: out.value[2]! },
          { ref: backstoryRef('x'), backstory: out.value[0]! },
        ],
      },
    });
    const partial = await provider.backstories({ world: world.context, profile: world.profile!, people });
    expect(partial.value).toEqual([out.value[0], null, out.value[2]]);
  });

  it('the procedural provider batches by mapping its single backstory', async () => {
    const procedural = new ProceduralProvider();
    const engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
    cleanup.push(() => engine.close());
    const world = engine.world(VILLAGE);
    const recs = await Promise.all(['p', 'q'].map((k) => world.persona(k).bio));
    const request = { world: world.context, profile: world.profile! };
    const batch = await procedural.backstories({ ...request, people: recs.map((r) => ({ subject: r, bio: r.bio! })) });
    const singles = await Promise.all(recs.map((r) => procedural.backstory({ ...request, subject: r, bio: r.bio!, problems: null })));
    expect(batch.value).toEqual(singles.map((s) => s.value));
    expect(batch.source).toBe('procedural');
  });

  it('an engine on the procedural provider writes backstories without waiting for company', async () => {
    const engine = createPersonaEngine({
      provider: 'procedural',
      store: 'memory',
      pool: { size: 0 },
      backstories: { batch: 4, batchWindowMs: 10_000 },
    });
    cleanup.push(() => engine.close());
    const world = engine.world(VILLAGE);
    const recs = await Promise.all(Array.from({ length: 6 }, (_, i) => world.persona(`villager-${i}`).backstory));
    for (const rec of recs) {
      expect(rec.status).toBe('complete');
      expect(rec.sources.backstory).toBe('procedural');
      expect(rec.consistency).toBeNull(); // not checked at run time ...
      expect(checkConsistency(rec, rec.backstory!, { stage: 'backstory' })).toEqual([]); // ... and it would pass
    }
  });

  it('a custom provider without backstories() gets one backstory() call per person', async () => {
    const server = await startTestLlmServer();
    cleanup.push(() => server.close());
    const inner = new OpenAIProvider({
      baseURL: server.url,
      apiKey: 't',
      maxRetries: 0,
      models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
    });
    const custom = {
      name: 'custom',
      profile: inner.profile.bind(inner),
      bios: inner.bios.bind(inner),
      backstory: inner.backstory.bind(inner),
    };
    const engine = createPersonaEngine({
      provider: custom,
      store: 'memory',
      pool: { size: 0 },
      backstories: { batch: 4, batchWindowMs: 10_000 },
    });
    cleanup.push(() => engine.close());
    const world = engine.world(TOKYO);
    const recs = await Promise.all(['m', 'n', 'o'].map((k) => world.persona(k).backstory));
    expect(recs.every((r) => r.status === 'complete')).toBe(true);
    expect(tasks(server, 'backstory')).toHaveLength(3);
    expect(tasks(server, 'backstories')).toHaveLength(0);
  });
});

describe('the tail of a backlog', () => {
  /** 40 bios first, then all 40 backstories asked for at once; the people in each backstory call. */
  async function backlog(concurrency: number, options: { live?: boolean } = {}) {
    // A dataset run (the CLI's reservation: none); `live` holds live demand as an open room does.
    const { engine, server } = await withLlm({
      backstories: { batch: 4, batchWindowMs: 1_000 },
      scheduler: { concurrency, reservedForLive: options.live ? 'auto' : 0 },
      serverOptions: { latencyMs: 20 },
    });
    if (options.live) cleanup.push(engine.holdLive());
    const world = engine.world(VILLAGE);
    const keys = Array.from({ length: 40 }, (_, i) => `backlog-${i}`);
    await Promise.all(keys.map((k) => world.persona(k, undefined, { backstory: false }).bio));
    const recs = await Promise.all(keys.map((k) => storyOf(world.persona(k))));
    const calls = server.requests
      .filter((r) => r.task === 'backstories' || r.task === 'backstory')
      .map((r) => (r.task === 'backstory' ? [personIn(r)] : peopleIn(r)));
    return { recs, calls };
  }

  it('splits into smaller calls at the end so every slot works, writing each person once', async () => {
    const { recs, calls } = await backlog(4);
    expect(recs.every((r) => r.status === 'complete' && r.backstory)).toBe(true);
    // Every person in exactly one call.
    expect(calls.flat().sort()).toEqual(recs.map((r) => r.name).sort());
    // Full batches while the backlog lasts, smaller ones at its end.
    expect(calls[0]).toHaveLength(4);
    expect(calls.some((c) => c.length < 4)).toBe(true);
    expect(calls.length).toBeGreaterThan(10);
    // Where the tail starts depends on when slots free (machine load: 18 calls here, 21 on a
    // loaded CI machine), so the test holds the rule's guarantees, not one run's count: the
    // first round fills every slot with a full batch, no call is larger than a batch, and the
    // tail still shares calls (fewer calls than people).
    const slots = 4;
    const batch = 4;
    expect(calls.every((c) => c.length <= batch)).toBe(true);
    expect(calls.slice(0, slots).map((c) => c.length)).toEqual(Array.from({ length: slots }, () => batch));
    expect(calls.length).toBeLessThan(recs.length);
  });

  it('never splits while players are around (live demand): backstories are background work there', async () => {
    const { recs, calls } = await backlog(4, { live: true });
    expect(calls.map((c) => c.length)).toEqual(Array.from({ length: 10 }, () => 4));
    expect(calls.flat().sort()).toEqual(recs.map((r) => r.name).sort());
  });

  it('never splits with one slot (nothing would run alongside)', async () => {
    const { recs, calls } = await backlog(1);
    expect(calls.map((c) => c.length)).toEqual(Array.from({ length: 10 }, () => 4));
    expect(calls.flat().sort()).toEqual(recs.map((r) => r.name).sort());
  });
});

describe('shutdown and options', () => {
  async function waiting(store: PersonaStore) {
    const out = await llmEngine({ store, backstories: { batch: 4, batchWindowMs: 10_000 } });
    cleanup.push(() => out.server.close());
    cleanup.push(() => out.engine.close({ closeStore: false }));
    const world = out.engine.world(TOKYO);
    await world.persona('waiting', undefined, { backstory: false }).bio;
    const h = world.persona('waiting');
    while (out.engine.inFlight.backstories < 1) await new Promise((r) => setTimeout(r, 5));
    return { ...out, h };
  }

  it('close() with a batch waiting in its window returns, and hands the job back', async () => {
    const store = new MemoryStore();
    const { engine, server } = await waiting(store);
    await engine.close({ closeStore: false });
    expect(tasks(server, 'backstories').length + tasks(server, 'backstory').length).toBe(0);
    expect(await store.countJobs('queued')).toBe(1);
    await store.close();
  });

  it('close({ drainMs }) sends a waiting batch at once and stores its backstory', async () => {
    const store = new MemoryStore();
    const { engine, server, h } = await waiting(store);
    await engine.close({ closeStore: false, drainMs: 5_000 });
    expect(tasks(server, 'backstory')).toHaveLength(1);
    const rec = await store.getPersona(TOKYO.id, h.record!.fingerprint, 'waiting');
    expect(rec?.backstory).toBeTruthy();
    expect(await store.countJobs('queued')).toBe(0);
    await store.close();
  });

  it('job concurrency grows with the batch size when the provider batches', () => {
    expect(resolveWorkerOptions({}, 4, true)).toMatchObject({ concurrency: 32, batch: 4, batchWindowMs: 500 });
    expect(resolveWorkerOptions({}, 4, false).concurrency).toBe(8);
    expect(resolveWorkerOptions({ batch: 1 }, 4, true).concurrency).toBe(8);
    expect(resolveWorkerOptions({ batch: 2, concurrency: 3 }, 4, true).concurrency).toBe(3);
  });

  it('refuses bad batch options with clear errors', () => {
    for (const [backstories, message] of [
      [{ batch: 0 }, /backstories\.batch must be a whole number from 1 to 8/],
      [{ batch: 2.5 }, /backstories\.batch must be a whole number from 1 to 8/],
      [{ batch: 9 }, /backstories\.batch must be a whole number from 1 to 8/],
      [{ batchWindowMs: -1 }, /backstories\.batchWindowMs must be a whole number of ms from 0 to 10,000/],
      [{ batchWindowMs: 'soon' }, /backstories\.batchWindowMs must be a whole number of ms from 0 to 10,000/],
    ] as const) {
      expect(() => createPersonaEngine({ provider: 'procedural', store: 'memory', backstories: backstories as never })).toThrow(message);
    }
  });
});
