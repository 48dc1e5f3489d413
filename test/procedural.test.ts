/**
 * The procedural provider: offline profiles that validate and mean something (a child is not
 * a widow), names that are diverse and fit the world, and bios/backstories that carry the
 * name, age, occupation and every hint, stay grounded in the world's terms, are
 * deterministic and rarely near-duplicate each other.
 *   npx vitest run test/procedural.test.ts
 * Cost: ~3 s (thousands of generated texts and one O(n^2) near-duplicate scan).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../src/core/errors.js';
import { type Condition, NAME_CULTURES, type Profile, validateProfile, dependencyOrder } from '../src/core/profile-schema.js';
import { nearDuplicateRate, trigramJaccard } from '../src/core/quality.js';
import { seededRandom } from '../src/core/random.js';
import type { PersonaIdentity, TraitMap, WorldContext } from '../src/core/types.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import { proceduralBackstory, proceduralBio } from '../src/providers/procedural/text.js';
import { sketchWorld } from '../src/stages/sketch/sketch.js';
import { proceduralProfile } from '../src/providers/procedural/world-profile.js';
import { countWords } from '../src/stages/bio.js';
import { statedAges } from '../src/stages/consistency.js';
import { detectCulture } from '../src/stages/name-culture.js';
import { pickName, romaniseKorean, transliterateRussian } from '../src/stages/names.js';

const DESCRIPTIONS = [
  'A medieval village in northern Britain',
  'A modern neo-Tokyo',
  'zzz',
  'A space station orbiting Mars',
  'A pirate port in the Caribbean',
  'A frontier town in the Wild West during the gold rush',
  'After the Collapse: a walled settlement in the wasteland',
  'An elven kingdom where dwarves trade with wizards',
  'Present-day Lagos, busy and loud',
  '!!! ???',
];

/** A small reference sampler for the tests: honours every condition, weights and ranges. */
function sample(profile: Profile, rand: () => number): TraitMap {
  const t: TraitMap = {};
  const holds = (conds: readonly Condition[] | null) =>
    (conds ?? []).every((c) => {
      const v = t[c.variable];
      if (c.oneOf) return c.oneOf.includes(String(v));
      return typeof v === 'number' && (c.min === null || v >= c.min) && (c.max === null || v <= c.max);
    });
  for (const v of dependencyOrder(profile)!) {
    if (v.kind === 'categorical') {
      const opts = v.options.filter((o) => holds(o.when));
      let roll = rand() * opts.reduce((s, o) => s + o.weight, 0);
      t[v.name] = (opts.find((o) => (roll -= o.weight) < 0) ?? opts[opts.length - 1]!).value;
    } else if (v.kind === 'numeric') {
      const r = v.ranges.find((x) => holds(x.when)) ?? v;
      t[v.name] = r.min + Math.floor(rand() * (r.max - r.min + 1));
    } else {
      t[v.name] = rand() < (v.overrides.find((o) => holds(o.when))?.probability ?? v.probability);
    }
  }
  return t;
}

function people(
  description: string,
  n: number,
  hints: (i: number) => string[] = () => [],
): { profile: Profile; subjects: PersonaIdentity[] } {
  const profile = proceduralProfile(description);
  const subjects = Array.from({ length: n }, (_, i) => {
    const rand = seededRandom(`${description}|npc-${i}`);
    const traits = sample(profile, rand);
    return { key: `npc-${i}`, name: pickName(profile.nameCulture, String(traits.gender), rand), traits, hints: hints(i) };
  });
  return { profile, subjects };
}

const world = (description: string): WorldContext => ({ id: 'w', description, fingerprint: 'f' });

describe('procedural profiles', () => {
  it.each(DESCRIPTIONS)('"%s" gives a valid profile with 10-25 occupations and grounded terms', (description) => {
    const profile = proceduralProfile(description);
    expect(() => validateProfile(profile)).not.toThrow();
    const occupation = profile.variables.find((v) => v.name === 'occupation');
    expect(occupation?.kind).toBe('categorical');
    if (occupation?.kind === 'categorical') {
      expect(occupation.options.length).toBeGreaterThanOrEqual(10);
      expect(occupation.options.length).toBeLessThanOrEqual(25);
    }
    for (const name of ['faction', 'faith', 'temperament', 'marital_status']) expect(profile.variables.map((v) => v.name)).toContain(name);
    expect(profile.terms.length).toBeGreaterThanOrEqual(10);
  });

  it('recognises the kind of world and its naming culture', () => {
    expect(sketchWorld('A medieval village in northern Britain')).toMatchObject({ era: 'medieval', setting: 'village' });
    expect(proceduralProfile('A medieval village in northern Britain').nameCulture).toBe('medieval-british');
    expect(sketchWorld('A modern neo-Tokyo').tech).toBe('digital');
    expect(proceduralProfile('A modern neo-Tokyo').nameCulture).toBe('japanese');
    expect(sketchWorld('A space station orbiting Mars')).toMatchObject({ setting: 'station', tech: 'spacefaring' });
    expect(sketchWorld('A pirate port in the Caribbean').setting).toBe('port');
    expect(() => sketchWorld('zzz')).not.toThrow();
    expect(detectCulture('Viking raiders of the fjords')).toBe('norse');
    expect(detectCulture('An elven kingdom where dwarves trade with wizards')).toBe('fantasy');
    expect(detectCulture('zzz')).toBe('english');
  });

  it("uses the description's own words first", () => {
    expect(proceduralProfile('A medieval village in northern Britain').terms.slice(0, 3).join(' | ')).toMatch(/northern Britain/);
    expect(proceduralProfile('A modern neo-Tokyo').terms[0]).toBe('neo-Tokyo');
    expect(proceduralProfile('Rio de Janeiro favelas').terms.slice(0, 3).join(' | ')).toMatch(/Rio de Janeiro/);
    expect(proceduralProfile('Present-day London').terms.slice(0, 3).join(' | ')).toMatch(/London/);
  });

  it('is a pure function of the description', () => {
    for (const d of DESCRIPTIONS) expect(proceduralProfile(d)).toEqual(proceduralProfile(d));
  });

  it('never makes a child a widow: dependencies hold in 2,000 sampled people per world', () => {
    for (const description of DESCRIPTIONS) {
      const { subjects } = people(description, 2000);
      for (const { traits } of subjects) {
        const age = traits.age as number;
        if (traits.marital_status === 'widowed') expect(age).toBeGreaterThanOrEqual(25);
        if (traits.marital_status === 'married') expect(age).toBeGreaterThanOrEqual(16);
        const occ = String(traits.occupation);
        if (/\b(apprentice|student|novice|cadet|kid|powder monkey|stable boy|goose girl|ward of)\b/.test(occ))
          expect(age).toBeLessThanOrEqual(28);
        if (/\b(elder|retired?|retiree|old sea dog|old-world survivor)\b/.test(occ)) expect(age).toBeGreaterThanOrEqual(50);
        if (occ === 'lord of the manor' || occ === 'lady of the manor') expect(traits.standing).toBe('gentry');
        if (occ === 'nun' || occ === 'goose girl') expect(traits.gender).toBe('female');
      }
    }
  });

  it('never throws and always validates, whatever the description', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (description) => {
        expect(() => validateProfile(proceduralProfile(description))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

describe('names', () => {
  it.each([...NAME_CULTURES])('%s: over 1,000 draws of mixed genders, at least 950 distinct full names', (culture) => {
    const rand = seededRandom(`names|${culture}`);
    const genders = ['female', 'male', 'non-binary'];
    const names = Array.from({ length: 1000 }, (_, i) => pickName(culture, genders[i % 3]!, rand));
    expect(new Set(names).size).toBeGreaterThanOrEqual(950);
    for (const name of names) {
      expect(name.split(' ').length).toBeGreaterThanOrEqual(2);
      expect(name).not.toMatch(/[\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u0600-\u06ff]/); // English text: no Cyrillic, kana, Han, Hangul or Arabic script
    }
  });

  it('uses gendered lists and only our PRNG', () => {
    const a = pickName('medieval-british', 'female', seededRandom('same'));
    expect(pickName('medieval-british', 'female', seededRandom('same'))).toBe(a);
    const women = new Set(
      Array.from({ length: 300 }, (_, i) => pickName('medieval-british', 'female', seededRandom(`w${i}`)).split(' ')[0]),
    );
    for (const male of ['Aelfric', 'Godwin', 'Wulfstan', 'Osric']) expect(women.has(male)).toBe(false);
  });

  it('romanises scripts our English text cannot carry', () => {
    expect(transliterateRussian('Агафья Абрамова')).toBe('Agafya Abramova');
    expect(romaniseKorean('가람')).toBe('Ga-ram');
  });
});

const TOKYO = [
  'Tokyo',
  'Shinjuku',
  'Shibuya',
  'Yamanote',
  'Akihabara',
  'Kabukicho',
  'konbini',
  'izakaya',
  'pachinko',
  'shotengai',
  'Sumida',
];
const MEDIEVAL = [
  'manor',
  'parish',
  'mill',
  'common',
  'village',
  'demesne',
  'tithe',
  'alehouse',
  'Lammas',
  'drove',
  'Hadrian',
  'Tyne',
  'Cheviot',
  'Border',
  'Britain',
  'fields',
];

describe('procedural bios', () => {
  it('carry the name, the stated age, the occupation, every hint and (95 % of them) a world term, in 1-3 sentences of at most 45 words', () => {
    for (const description of DESCRIPTIONS) {
      let grounded = 0;
      let bios = 0;
      const { profile, subjects } = people(description, 300, (i) => (i % 3 === 0 ? ['gnome miner', 'walks with a cane'] : []));
      for (const s of subjects) {
        const bio = proceduralBio(world(description), profile, s);
        expect(bio).toContain(s.name);
        expect(statedAges(bio)).toContain(s.traits.age);
        expect(bio).toContain(String(s.traits.occupation));
        for (const hint of s.hints) expect(bio).toContain(hint);
        if (profile.terms.some((t) => bio.includes(t))) grounded++;
        bios++;
        expect(countWords(bio)).toBeLessThanOrEqual(45);
        expect(bio.match(/[.!?](\s|$)/g)?.length ?? 0).toBeLessThanOrEqual(3);
      }
      expect(grounded).toBeGreaterThanOrEqual(0.95 * bios);
    }
  });

  it('are deterministic: the same person gets the same text', () => {
    const { profile, subjects } = people('A modern neo-Tokyo', 50);
    for (const s of subjects) {
      expect(proceduralBio(world('A modern neo-Tokyo'), proceduralProfile('A modern neo-Tokyo'), { ...s })).toBe(
        proceduralBio(world('A modern neo-Tokyo'), profile, s),
      );
    }
    const texts = new Set(subjects.map((s) => proceduralBio(world('A modern neo-Tokyo'), profile, s)));
    expect(texts.size).toBe(subjects.length);
    // Descriptions that normalise alike (as the world fingerprint does) give the same text.
    expect(proceduralBio(world('  a MODERN   neo-tokyo '), profile, subjects[0]!)).toBe(
      proceduralBio(world('A modern neo-Tokyo'), profile, subjects[0]!),
    );
  });

  it('rarely near-duplicate each other: under 5% of 1,000 bios of one world have a trigram-Jaccard twin above 0.5', () => {
    const { profile, subjects } = people('A medieval village in northern Britain', 1000);
    const bios = subjects.map((s) => proceduralBio(world('A medieval village in northern Britain'), profile, s));
    expect(nearDuplicateRate(bios)).toBeLessThan(0.05);
  });

  it('are grounded: neo-Tokyo bios mention Tokyo, medieval ones the manor and the parish', () => {
    const share = (description: string, vocab: string[]) => {
      const { profile, subjects } = people(description, 500);
      const bios = subjects.map((s) => proceduralBio(world(description), profile, s));
      return bios.filter((b) => vocab.some((v) => b.includes(v))).length / bios.length;
    };
    expect(share('A modern neo-Tokyo', TOKYO)).toBeGreaterThan(0.5);
    expect(share('A medieval village in northern Britain', MEDIEVAL)).toBeGreaterThan(0.95);
    expect(share('A medieval village in northern Britain', TOKYO)).toBe(0);
  });

  it('keep pronouns agreeing for people who are neither female nor male', () => {
    const { profile, subjects } = people('A space station orbiting Mars', 400);
    for (const s of subjects) {
      const subject = { ...s, traits: { ...s.traits, gender: 'non-binary' } };
      const bio = proceduralBio(world('x'), profile, subject);
      const story = proceduralBackstory(world('x'), profile, subject, bio);
      expect(`${bio} ${story}`).not.toMatch(/\b[Tt]hey (is|has|was|keeps|wants|says|hopes)\b/);
    }
  });

  it('include any hints made of letters word for word (property)', () => {
    const { profile, subjects } = people('A pirate port in the Caribbean', 20);
    const word = fc.stringMatching(/^[A-Za-z]{1,12}$/);
    const hint = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: subjects.length - 1 }), fc.array(hint, { minLength: 1, maxLength: 3 }), (i, hints) => {
        const s = { ...subjects[i]!, hints };
        const bio = proceduralBio(world('A pirate port in the Caribbean'), profile, s);
        const story = proceduralBackstory(world('A pirate port in the Caribbean'), profile, s, bio);
        for (const h of hints) {
          expect(bio).toContain(h);
          expect(story).toContain(h);
        }
        expect(bio).toContain(s.name);
        const words = countWords(story);
        expect(words).toBeGreaterThanOrEqual(150);
        expect(words).toBeLessThanOrEqual(250);
      }),
      { numRuns: 150 },
    );
  });

  it('stay within 250 words with three long hints: trait sentences give way, the hints stay', () => {
    const { profile, subjects } = people('A pirate port in the Caribbean', 40);
    const hints = [
      'Abcdefghijkl Bcdefghijklm Cdefghijklmn',
      'Defghijklmno Efghijklmnop Fghijklmnopq',
      'Ghijklmnopqr Hijklmnopqrs Ijklmnopqrst',
    ];
    for (const subject of subjects) {
      const s = { ...subject, hints };
      const bio = proceduralBio(world('A pirate port in the Caribbean'), profile, s);
      const story = proceduralBackstory(world('A pirate port in the Caribbean'), profile, s, bio);
      for (const h of hints) expect(story).toContain(h);
      expect(countWords(story)).toBeGreaterThanOrEqual(150);
      expect(countWords(story)).toBeLessThanOrEqual(250);
    }
  });

  it('take any string as a description word, a hint or a trait value: Object.prototype names included', () => {
    for (const w of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      const description = `A ${w} town where ${w} guilds feud over ${w} rights`;
      const profile = proceduralProfile(description);
      expect(() => validateProfile(profile)).not.toThrow();
      const { subjects } = people(description, 3, () => [w, `a ${w}`]);
      for (const subject of subjects) {
        for (const key of ['marital_status', 'faction', 'faith', 'occupation', 'temperament', 'standing', 'heritage']) {
          const s = { ...subject, traits: { ...subject.traits, [key]: w } };
          const bio = proceduralBio(world(description), profile, s);
          const story = proceduralBackstory(world(description), profile, s, bio);
          expect(bio).toContain(s.name);
          expect(story).toContain(s.name);
          expect(story).toContain(w);
        }
      }
    }
  });

  it("work with a designer's profile: unknown variables, thing-like terms, no faction", () => {
    const profile = validateProfile({
      summary: 'Sky-island folk.',
      nameCulture: 'fantasy',
      terms: ['mana', 'the Spire', 'windships'],
      variables: [
        { kind: 'numeric', name: 'age', min: 20, max: 60, integer: true, unit: null, ranges: [] },
        { kind: 'categorical', name: 'gender', options: [{ value: 'woman', weight: 1, when: null }] },
        { kind: 'categorical', name: 'occupation', options: [{ value: 'Cloud Shepherd', weight: 1, when: null }] },
        { kind: 'boolean', name: 'is_cursed', probability: 1, overrides: [] },
        { kind: 'categorical', name: 'home_island', options: [{ value: 'Low Aerie', weight: 1, when: null }] },
      ],
    });
    const s: PersonaIdentity = {
      key: 'k',
      name: 'Ilwen Ashvale',
      traits: { age: 33, gender: 'woman', occupation: 'Cloud Shepherd', is_cursed: true, home_island: 'Low Aerie' },
      hints: [],
    };
    const bio = proceduralBio(world('sky'), profile, s);
    expect(bio).toMatch(/mana|the Spire|windships/);
    expect(bio).toContain('Cloud Shepherd');
    expect(statedAges(bio)).toContain(33);
    const story = proceduralBackstory(world('sky'), profile, s, bio);
    expect(story).toContain('is cursed');
    expect(story).toContain('Low Aerie');
    expect(story).toMatch(/\bshe\b|\bher\b/);
  });
});

describe('procedural backstories', () => {
  it('run 150-250 words, describe the same person as the bio and voice the other traits', () => {
    const voices = (story: string, value: string) =>
      [value, value.replace(/\btheir\b/g, 'his'), value.replace(/\btheir\b/g, 'her')].some((v) => story.includes(v));
    const seen: Record<string, number> = {};
    let stories = 0;
    for (const description of DESCRIPTIONS) {
      const { profile, subjects } = people(description, 120, (i) => (i % 4 === 0 ? ['secretly a spy'] : []));
      for (const s of subjects) {
        const bio = proceduralBio(world(description), profile, s);
        const story = proceduralBackstory(world(description), profile, s, bio);
        const words = countWords(story);
        expect(words).toBeGreaterThanOrEqual(150);
        expect(words).toBeLessThanOrEqual(250);
        expect(story).toContain(s.name);
        expect(statedAges(story).every((a) => a === s.traits.age)).toBe(true);
        expect(story).toContain(String(s.traits.occupation));
        for (const hint of s.hints) expect(story).toContain(hint);
        // A story, not the bio again: no sentence of the bio appears in it.
        for (const sentence of bio.split(/(?<=[.!?])\s+/)) expect(story).not.toContain(sentence);
        // The other traits come through as events (a wedding, a rite, a job with a faction), in the person's pronoun.
        const voiced = ['faction', 'faith', 'temperament', 'marital_status'].filter((key) => voices(story, String(s.traits[key])));
        expect(voiced.length).toBeGreaterThanOrEqual(2);
        for (const key of voiced) seen[key] = (seen[key] ?? 0) + 1;
        stories++;
        expect(proceduralBackstory(world(description), profile, s, bio)).toBe(story);
      }
    }
    for (const key of ['faction', 'faith', 'temperament', 'marital_status']) expect(seen[key] ?? 0).toBeGreaterThanOrEqual(0.75 * stories);
  });

  it('stay in range around a long model-written bio', () => {
    const { profile, subjects } = people('A modern neo-Tokyo', 30);
    const longBio = `${'Under the rain-slick neon signs of the district, this person works long nights and keeps '.repeat(4)}everything to themselves. More follows.`;
    for (const s of subjects) {
      const words = countWords(proceduralBackstory(world('A modern neo-Tokyo'), profile, s, longBio));
      expect(words).toBeGreaterThanOrEqual(150);
      expect(words).toBeLessThanOrEqual(250);
    }
  });
});

describe('ProceduralProvider', () => {
  const provider = new ProceduralProvider();
  const usage = { calls: 0, promptTokens: 0, completionTokens: 0 };

  it('is honest about being template-grade: model and source "procedural", no usage', async () => {
    expect(provider.name).toBe('procedural');
    expect(provider.concurrency).toBe(64);
    const w = world('A medieval village in northern Britain');
    const profile = await provider.profile({ world: w });
    expect(profile).toMatchObject({ model: 'procedural', source: 'procedural', usage });
    expect(profile.value).toEqual(proceduralProfile(w.description));
    const { subjects } = people(w.description, 5);
    const bios = await provider.bios({ world: w, profile: profile.value, subjects });
    expect(bios).toMatchObject({ model: 'procedural', source: 'procedural', usage });
    expect(bios.value).toHaveLength(5);
    bios.value.forEach((bio, i) => expect(bio).toContain(subjects[i]!.name));
    const story = await provider.backstory({
      world: w,
      profile: profile.value,
      subject: subjects[0]!,
      bio: bios.value[0]!,
      problems: null,
    });
    expect(story).toMatchObject({ model: 'procedural', source: 'procedural', usage });
    expect(story.value).toContain(subjects[0]!.name);
    const retry = await provider.backstory({
      world: w,
      profile: profile.value,
      subject: subjects[0]!,
      bio: bios.value[0]!,
      problems: ['age contradicted'],
    });
    expect(retry.value).not.toBe(story.value);
    expect(retry.value).toContain(subjects[0]!.name);
  });

  it('refuses work whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.profile({ world: world('x y z'), signal: controller.signal })).rejects.toBeInstanceOf(ProviderError);
  });
});

describe('quality signals', () => {
  it('trigramJaccard: 1 for the same words, 0 for none shared', () => {
    expect(trigramJaccard('the quick brown fox', 'The quick brown fox')).toBe(1);
    expect(trigramJaccard('the quick brown fox', 'a slow green turtle')).toBe(0);
    expect(trigramJaccard('a b c d', 'a b c e')).toBeCloseTo(1 / 3);
  });

  it('nearDuplicateRate counts every text that has a near twin', () => {
    const base = 'Maud is a weaver near the mill who keeps bees and sings';
    expect(nearDuplicateRate([base, base, 'something else entirely, with no words in common at all'])).toBeCloseTo(2 / 3);
    expect(nearDuplicateRate(['one two three four', 'five six seven eight'])).toBe(0);
    expect(nearDuplicateRate([])).toBe(0);
  });
});
