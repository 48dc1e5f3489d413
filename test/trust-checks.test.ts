/**
 * Every model bio is checked before it is kept: against its persona (name, age, occupation,
 * hints, gender) and against the world's cast (near-duplicates by word trigrams). A failing
 * bio is written again once with its problems named; a second failure is kept and flagged
 * (`checks.bio.ok: false`). A provider of our own shows what the engine asks for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BioRequest, Generated, PersonaIdentity, PersonaProvider } from '../src/core/types.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { trigramJaccard } from '../src/core/quality.js';
import { NearDuplicateIndex } from '../src/engine/near-duplicates.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import { VILLAGE } from './support.js';

type BioWriter = (s: PersonaIdentity, problems: readonly string[] | null, call: number) => string;

class ScriptedBios implements PersonaProvider {
  readonly name = 'scripted';
  readonly concurrency = 4;
  readonly requests: BioRequest[] = [];
  private readonly proc = new ProceduralProvider();
  constructor(private readonly write: BioWriter) {}
  async profile(r: Parameters<PersonaProvider['profile']>[0]) {
    return { ...(await this.proc.profile(r)), source: 'llm' as const, model: 'scripted' };
  }
  async bios(r: BioRequest): Promise<Generated<string[]>> {
    this.requests.push(r);
    const call = this.requests.length;
    return {
      value: r.subjects.map((s, i) => this.write(s, r.problems?.[i] ?? null, call)),
      model: 'scripted',
      source: 'llm',
      usage: { calls: 1, promptTokens: 10, completionTokens: 10 },
    };
  }
  async backstory(r: Parameters<PersonaProvider['backstory']>[0]) {
    return { ...(await this.proc.backstory(r)), source: 'llm' as const, model: 'scripted' };
  }
}

const occ = (s: PersonaIdentity) => String(s.traits.occupation);
const SAME = (s: PersonaIdentity) =>
  `${s.name}, ${occ(s)}, keeps to the old ways of the valley and trades wool at the market every week, saving coins for a stone house by the river.`;
const DISTINCT = (s: PersonaIdentity) =>
  `${s.name}, ${occ(s)}, remembers the winter of ${s.key} when the ${s.key} bell cracked and every ${s.key} lantern went dark.`;

let engines: PersonaEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
});

function engineWith(write: BioWriter, nearDuplicates?: false) {
  const provider = new ScriptedBios(write);
  const engine = createPersonaEngine({
    provider,
    store: 'memory',
    pool: { size: 0 },
    liveBatch: 1,
    backstories: { enabled: false },
    ...(nearDuplicates === false ? { nearDuplicates } : {}),
  });
  engines.push(engine);
  return { engine, provider };
}

describe('near-duplicate bios', () => {
  it('the index measures word-trigram Jaccard and finds the nearest other bio', () => {
    const a = 'Ada Brook, miller, keeps to the old ways of the valley and trades wool at the market every week.';
    const b = 'Tom Reed, smith, keeps to the old ways of the valley and trades wool at the market every week.';
    expect(trigramJaccard(a, b)).toBeGreaterThan(0.5);
    expect(trigramJaccard(a, 'Something else entirely, written for another person of the world.')).toBe(0);
    const index = new NearDuplicateIndex({ threshold: 0.5 });
    index.add('w', 'ada', a);
    expect(index.nearest('w', b, 'tom')?.key).toBe('ada');
    expect(index.nearest('w', a, 'ada')).toBeNull(); // never its own earlier bio
    expect(index.nearest('other-world', b)).toBeNull();
    index.add('w', 'constructor', b);
    index.add('w', '__proto__', b);
    expect(index.size('w')).toBe(3);
  });

  it("the index's similarity is exactly the measure's Jaccard, through replacements and evictions", () => {
    const texts = [
      'Ada Brook, miller, keeps to the old ways of the valley and trades wool at the market every week.',
      'Tom Reed, smith, keeps to the old ways of the valley and trades wool at the market every week.',
      'Tom Reed, smith, keeps to the old ways; the old ways of the valley keep him, and the valley keeps him.',
      'Ōno Haruki, ramen cook in Shinjuku, works nights and keeps to the old ways of the valley.',
      "O'Neill-Smith trades wool at the market every week and keeps to the old ways of the valley.",
      'Two words',
      'Three words here',
    ];
    const index = new NearDuplicateIndex({ threshold: 0, perWorld: 4 });
    // Every text against the cast held (the 4 most recently added keys), as keys are replaced and the oldest evicted.
    const held: number[] = [];
    for (let round = 0; round < 3; round++) {
      texts.forEach((text, i) => {
        const expected = Math.max(0, ...held.filter((j) => j !== i).map((j) => trigramJaccard(text, texts[j]!)));
        const near = index.nearest('w', text, `k${i}`);
        if (expected > 0) expect(near?.similarity).toBeCloseTo(expected, 12);
        else expect(near).toBeNull();
        index.add('w', `k${i}`, text);
        if (held.includes(i)) held.splice(held.indexOf(i), 1);
        held.push(i);
        if (held.length > 4) held.shift();
      });
    }
    expect(index.size('w')).toBe(4);
  });

  it('a near-duplicate of the cast is written again once, naming the problem', async () => {
    const { engine, provider } = engineWith((s, problems) => (problems ? DISTINCT(s) : SAME(s)));
    const world = engine.world(VILLAGE);
    const first = await world.persona('first').bio;
    const second = await world.persona('second').bio;
    expect(first.checks.bio).toEqual({ ok: true, problems: [], regenerated: false });
    expect(second.checks.bio?.ok).toBe(true);
    expect(second.checks.bio?.regenerated).toBe(true);
    expect(second.bio).toBe(DISTINCT({ key: 'second', name: second.name, traits: second.traits, hints: [] }));
    const redo = provider.requests.find((r) => r.problems);
    expect(redo?.problems?.[0]?.join(' ')).toMatch(/reads almost like another bio/);
    expect(provider.requests).toHaveLength(3);
  });

  it('a second near-duplicate is kept and flagged; with the check off nothing is asked again', async () => {
    const { engine } = engineWith((s) => SAME(s));
    const world = engine.world(VILLAGE);
    await world.persona('one').bio;
    const two = await world.persona('two').bio;
    expect(two.checks.bio?.ok).toBe(false);
    expect(two.checks.bio?.regenerated).toBe(true);
    expect(two.checks.bio?.problems.join(' ')).toMatch(/reads almost like/);
    expect(JSON.stringify(engine.metrics.snapshot())).toMatch(/flagged/);

    const off = engineWith((s) => SAME(s), false);
    const w2 = off.engine.world(VILLAGE);
    await w2.persona('one').bio;
    const plain = await w2.persona('two').bio;
    expect(plain.checks.bio).toEqual({ ok: true, problems: [], regenerated: false });
    expect(off.provider.requests).toHaveLength(2);
  });
});

describe('bio consistency', () => {
  it('a bio that passed goes out without waiting for the regeneration of another bio of its call', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const provider = new ScriptedBios((s, problems) =>
      s.key === 'liar' && !problems ? 'Agnes, a cheerful 90-year-old baker, sells bread by the well.' : DISTINCT(s),
    );
    const slowRedo: PersonaProvider = {
      name: provider.name,
      concurrency: 4,
      profile: (r) => provider.profile(r),
      backstory: (r) => provider.backstory(r),
      bios: async (r) => {
        if (r.problems) await held;
        return provider.bios(r);
      },
    };
    const engine = createPersonaEngine({
      provider: slowRedo,
      store: 'memory',
      pool: { size: 0 },
      liveBatch: 2,
      backstories: { enabled: false },
    });
    engines.push(engine);
    const world = engine.world(VILLAGE);
    await world.ready;
    const honest = world.persona('honest');
    const liar = world.persona('liar');
    const first = await honest.bio;
    expect(first.checks.bio).toEqual({ ok: true, problems: [], regenerated: false });
    expect(liar.record?.bio ?? null).toBeNull(); // still being written again
    expect(provider.requests.map((r) => r.subjects.length)).toEqual([2]); // one shared call so far; the redo is held
    release();
    const fixed = await liar.bio;
    expect(fixed.checks.bio).toMatchObject({ ok: true, regenerated: true });
  });

  it('a bio that names someone else is regenerated with the problem named', async () => {
    const { engine, provider } = engineWith((s, problems) =>
      problems ? DISTINCT(s) : `Agnes, a cheerful 90-year-old baker, sells bread by the ${s.key} well.`,
    );
    const rec = await engine.world(VILLAGE).persona('brook', { hints: [] }).bio;
    expect(rec.checks.bio).toMatchObject({ ok: true, regenerated: true });
    const redo = provider.requests.find((r) => r.problems)!;
    expect(redo.problems?.[0]?.join(' ')).toMatch(/name/i);
  });

  it('a bio that stays wrong is kept, flagged and visible on the record', async () => {
    const { engine } = engineWith(() => 'Agnes, a cheerful 90-year-old baker, sells bread by the well every morning.');
    const rec = await engine.world(VILLAGE).persona('brook').bio;
    expect(rec.checks.bio?.ok).toBe(false);
    expect(rec.checks.bio?.problems.length).toBeGreaterThan(0);
    expect(rec.status).toBe('bio');
  });
});

describe('the contradict fault, end to end', () => {
  it('no contradicting bio or backstory goes out unflagged (both stages, every persona)', async () => {
    const { llmEngine } = await import('./support.js');
    const { server, engine } = await llmEngine({
      serverOptions: { failModels: { 'bio-model': 'contradict', 'story-model': 'contradict' } },
    });
    engines.push(engine);
    try {
      const world = engine.world(VILLAGE);
      const recs = await Promise.all(
        Array.from({ length: 12 }, (_, i) => world.persona(`liar-${i}`, i % 3 === 0 ? { hints: ['one-eyed'] } : undefined).backstory),
      );
      for (const r of recs) {
        expect(r.sources).toEqual({ bio: 'llm', backstory: 'llm' });
        expect(r.checks.bio).toMatchObject({ ok: false, regenerated: true });
        expect(r.checks.backstory).toMatchObject({ ok: false, regenerated: true });
        expect(r.checks.bio!.problems.length).toBeGreaterThan(0);
      }
      const snap = engine.metrics.snapshot();
      expect(snap.consistencyByStage.bio.flagged).toBe(12);
      expect(snap.consistencyByStage.backstory.flagged).toBe(12);
    } finally {
      await server.close();
    }
  });
});
