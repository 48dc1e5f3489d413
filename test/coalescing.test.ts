/**
 * Live misses share calls: a live bio call takes more people of its world until it starts (while
 * the provider is busy), and when it starts it carries that world's pool refills still waiting
 * for a slot. Counted in provider calls and people per call, never in time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPersonaEngine } from '../src/engine/engine.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import type { BioRequest, PersonaProvider } from '../src/core/types.js';
import { VILLAGE } from './support.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
const turn = () => new Promise((r) => setTimeout(r, 5));

/** A provider with one slot whose bio calls wait on a gate we open; records who each call was for. */
function gatedProvider() {
  const inner = new ProceduralProvider();
  const calls: string[][] = [];
  let open = false;
  let waiters: Array<() => void> = [];
  const provider: PersonaProvider = {
    name: 'gated',
    concurrency: 1,
    profile: (req) => inner.profile(req),
    bios: async (req: BioRequest) => {
      calls.push(req.subjects.map((s) => s.key));
      if (!open) await new Promise<void>((r) => waiters.push(r));
      const out = await inner.bios(req);
      return { ...out, model: 'gated-model', source: 'llm' };
    },
    backstory: (req) => inner.backstory(req),
  };
  return {
    provider,
    calls,
    /** Let every waiting call and all later ones finish. */
    openGate() {
      open = true;
      for (const w of waiters.splice(0)) w();
    },
    /** Let the calls waiting now finish; later ones wait again. */
    step() {
      const now = waiters;
      waiters = [];
      for (const w of now) w();
    },
    get waiting() {
      return waiters.length;
    },
  };
}

/**
 * One provider slot, held by a "blocker" miss; the pool (size = batch = `poolSize`) asks for its
 * bios behind it; then a "miss" arrives; then the gate opens. Resolves once the pool is full.
 */
async function missDuringRefill(poolSize: number) {
  const gated = gatedProvider();
  const engine = createPersonaEngine({
    provider: gated.provider,
    store: 'memory',
    pool: { size: poolSize, batch: poolSize },
    backstories: { enabled: false },
  });
  cleanup.push(() => engine.close());
  const world = engine.world(VILLAGE);
  await world.ready;
  const blocker = world.persona('blocker', undefined, { backstory: false }).bio;
  while (gated.waiting < 1) await turn();
  world.warm();
  for (let i = 0; i < 5; i++) await turn();
  const miss = world.persona('miss', undefined, { backstory: false }).bio;
  await turn();
  gated.openGate();
  const [, rec] = await Promise.all([blocker, miss]);
  while (world.poolSize < poolSize) await turn();
  return { gated, engine, world, rec };
}

describe('live misses coalesce while the provider is busy', () => {
  it('misses made one at a time while a call runs join the next call (4 per call), not one call each', async () => {
    const gated = gatedProvider();
    const engine = createPersonaEngine({ provider: gated.provider, store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
    cleanup.push(() => engine.close());
    const world = engine.world(VILLAGE);
    await world.ready;
    const first = world.persona('first', undefined, { backstory: false }).bio;
    while (gated.waiting < 1) await turn();
    // Nine more misses, each in its own turn, as players in different rooms would make them.
    const later = [];
    for (let i = 0; i < 9; i++) {
      later.push(world.persona(`later-${i}`, undefined, { backstory: false }).bio);
      await turn();
    }
    expect(gated.calls).toEqual([['first']]);
    gated.openGate();
    const recs = await Promise.all([first, ...later]);
    expect(recs.every((r) => r.bio && r.sources.bio === 'llm')).toBe(true);
    // 1 + ceil(9 / 4): the waiting call took people until it started, up to liveBatch (4).
    expect(gated.calls.map((c) => c.length)).toEqual([1, 4, 4, 1]);
    expect(gated.calls.flat().sort()).toEqual(['first', ...Array.from({ length: 9 }, (_, i) => `later-${i}`)].sort());
  });

  it('on a quiet provider a lone miss goes out at once, alone', async () => {
    const gated = gatedProvider();
    gated.openGate();
    const engine = createPersonaEngine({ provider: gated.provider, store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
    cleanup.push(() => engine.close());
    const world = engine.world(VILLAGE);
    await world.ready;
    for (let i = 0; i < 3; i++) await world.persona(`solo-${i}`, undefined, { backstory: false }).bio;
    expect(gated.calls).toEqual([['solo-0'], ['solo-1'], ['solo-2']]);
  });

  it("a live call carries the world's pool refill that waits for a slot; the refill then asks only for the rest", async () => {
    // The miss's call starts before the refill's (live first) and takes 3 of its 6 people.
    const { gated, world, rec } = await missDuringRefill(6);
    expect(rec.bio).toBeTruthy();
    const sizes = gated.calls.map((c) => c.length);
    expect(gated.calls[0]).toEqual(['blocker']);
    expect(gated.calls[1]![0]).toBe('miss');
    expect(sizes).toEqual([1, 4, 3]);
    // Every pool entry got a bio and the pool entries were asked for exactly once.
    const pooled = gated.calls
      .slice(1)
      .flat()
      .filter((k) => k !== 'miss');
    expect(new Set(pooled).size).toBe(6);
    const taken = Array.from({ length: 6 }, () => world.take({ backstory: false }));
    expect(taken.every((h) => h.record?.bio)).toBe(true);
  });

  it('a refill whose people were all carried by live calls makes no call', async () => {
    const { gated, engine } = await missDuringRefill(2);
    await engine.idle();
    // blocker alone, then the miss with both pool people; the refill's own call never went out.
    expect(gated.calls.map((c) => c.length)).toEqual([1, 3]);
  });
});

describe('regenerating what a live call carried', () => {
  it("a carried pool person's regeneration runs in the refill lane, leaving the live slot to players", async () => {
    // One slot; a blocker holds it while the pool asks for 3 and a miss arrives; the miss's call
    // carries the pool's people. The first draft of one carried person names the wrong person (the
    // check fails), so it is written again, naming the problem: no player waits on it.
    const inner = new ProceduralProvider();
    let open = false;
    const waiters: Array<() => void> = [];
    let lane = '';
    const calls: Array<{ lane: string; keys: string[]; regeneration: boolean }> = [];
    const provider: PersonaProvider = {
      name: 'lanes',
      concurrency: 1,
      profile: (req) => inner.profile(req),
      bios: async (req: BioRequest) => {
        const regeneration = Boolean(req.problems);
        calls.push({ lane, keys: req.subjects.map((x) => x.key), regeneration });
        if (!open) await new Promise<void>((r) => waiters.push(r));
        const out = await inner.bios(req);
        const carried = req.subjects.findIndex((x) => x.key.startsWith('npc-'));
        const value = out.value.map((text, i) => {
          const wrong = !regeneration && req.subjects.some((x) => x.key === 'miss') && i === carried;
          // Every part of the name replaced: the bio no longer names its person.
          return wrong ? req.subjects[i]!.name.split(' ').reduce((t, part) => t.replaceAll(part, 'Zebulon'), text) : text;
        });
        return { ...out, value, model: 'lanes-model', source: 'llm' };
      },
      backstory: (req) => inner.backstory(req),
    };
    const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 3, batch: 3 }, backstories: { enabled: false } });
    cleanup.push(() => engine.close());
    // Which lane each provider call ran in (the task starts the call synchronously).
    const scheduler = (
      engine as unknown as { scheduler: { run: (l: string, task: (s?: AbortSignal) => Promise<unknown>, o?: object) => Promise<unknown> } }
    ).scheduler;
    const run = scheduler.run.bind(scheduler);
    scheduler.run = (l, task, o) =>
      run(
        l,
        (signal) => {
          lane = l;
          return task(signal);
        },
        o,
      );
    const world = engine.world(VILLAGE);
    await world.ready;
    const blocker = world.persona('blocker', undefined, { backstory: false }).bio;
    while (waiters.length < 1) await turn();
    world.warm();
    for (let i = 0; i < 5; i++) await turn();
    const miss = world.persona('miss', undefined, { backstory: false }).bio;
    await turn();
    open = true;
    for (const w of waiters.splice(0)) w();
    const [, rec] = await Promise.all([blocker, miss]);
    while (world.poolSize < 3) await turn();
    await engine.idle();
    expect(rec.checks.bio).toMatchObject({ ok: true, regenerated: false });
    const first = calls.find((c) => c.keys.includes('miss') && !c.regeneration)!;
    expect(first.lane).toBe('live');
    expect(first.keys.filter((k) => k.startsWith('npc-')).length).toBeGreaterThan(0); // it carried the pool's people
    const redos = calls.filter((c) => c.regeneration);
    expect(redos).toHaveLength(1);
    expect(redos[0]!.keys).toEqual([first.keys.find((k) => k.startsWith('npc-'))]);
    expect(redos[0]!.lane).toBe('refill');
    // The pool person's second draft passed: in the pool, checked and regenerated once.
    const taken = Array.from({ length: 3 }, () => world.take({ backstory: false }).record!);
    const redone = taken.find((r) => r.key === redos[0]!.keys[0]);
    expect(redone?.checks.bio).toMatchObject({ ok: true, regenerated: true });
  });
});

describe('the warm pool refills ahead of demand, in whole batches', () => {
  it('takes made together are refilled by one call; occasional takes wait for the low-water mark', async () => {
    const gated = gatedProvider();
    gated.openGate();
    const engine = createPersonaEngine({
      provider: gated.provider,
      store: 'memory',
      pool: { size: 8, batch: 8 },
      backstories: { enabled: false },
    });
    cleanup.push(() => engine.close());
    const world = engine.world(VILLAGE);
    world.warm();
    while (world.poolSize < 8) await turn();
    expect(gated.calls.map((c) => c.length)).toEqual([8]);
    // Five takes in one turn (a burst of unkeyed spawns): one refill call for the five.
    for (let i = 0; i < 5; i++) expect(world.take({ backstory: false }).record?.bio).toBeTruthy();
    while (world.poolSize < 8) await turn();
    expect(gated.calls.map((c) => c.length)).toEqual([8, 5]);
    // Occasional takes (one every 100 ms): no call per take; one refill once the pool runs low.
    const before = gated.calls.length;
    let takes = 0;
    while (gated.calls.length === before) {
      expect(world.take({ backstory: false }).record?.bio).toBeTruthy();
      takes++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(takes).toBeGreaterThanOrEqual(4); // at least half a batch taken before the refill
    expect(gated.calls.at(-1)!.length).toBe(takes);
    while (world.poolSize < 8) await turn();
    expect(gated.calls.length).toBe(before + 1);
  });
});
