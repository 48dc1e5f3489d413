/**
 * Procedural text people want to read (issue 9): bios open in many different ways, stay
 * grounded in the world's own phrases, carry name, age, occupation and every hint woven in;
 * backstories are 150-250-word stories that never repeat a bio sentence; pronouns agree;
 * fragments carry no period vocabulary of their own. Worlds are hand-built WorldSketches
 * (independent of the sketcher), 200 personas each.
 *   npx vitest run test/procedural-text.test.ts
 * Cost: ~2-4 s (a few thousand bios and backstories).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Profile, validateProfile } from '../src/core/profile-schema.js';
import type { PersonaIdentity } from '../src/core/types.js';
import * as FB from '../src/providers/procedural/fragments-backstory.js';
import * as F from '../src/providers/procedural/fragments.js';
import type { WorldSketch } from '../src/stages/sketch/sketch-types.js';
import {
  backstoryFromSketch,
  bioFromSketch,
  PROCEDURAL_BACKSTORY_MAX_WORDS,
  PROCEDURAL_BACKSTORY_MIN_WORDS,
  PROCEDURAL_BIO_MAX_WORDS,
} from '../src/providers/procedural/text-compose.js';
import { hintKind } from '../src/providers/procedural/text-words.js';
import { worldView } from '../src/providers/procedural/text-world.js';
import { countWords } from '../src/stages/bio.js';
import { checkConsistency, mentions, statedAges } from '../src/stages/consistency.js';
import { sampleIdentity } from '../src/stages/traits.js';
import { parseHints } from '../src/stages/hints.js';

const base = { fantasy: false, ruined: false, cultures: [{ culture: 'english' as const, weight: 1 }] };
const sketch = (s: Omit<WorldSketch, 'fantasy' | 'ruined' | 'cultures'>): WorldSketch => ({ ...base, ...s });
const WORLDS: WorldSketch[] = [
  sketch({
    description: 'A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights',
    era: 'far-future',
    year: null,
    tech: 'spacefaring',
    setting: 'ship',
    region: null,
    phrases: {
      institutions: ['hydroponics guilds'],
      activities: ['hydroponics'],
      places: ['Tau Ceti'],
      resources: ['water rights', 'water'],
    },
  }),
  sketch({
    description: 'Feudal Japan in 1600, a post town on the Nakasendo road',
    era: 'early-modern',
    year: 1600,
    tech: 'pre-industrial',
    setting: 'town',
    region: 'Japan',
    phrases: { institutions: [], activities: [], places: ['post town on the Nakasendo road'], resources: [] },
  }),
  sketch({
    description: 'A 1970s Lagos highlife music scene',
    era: 'late-20th',
    year: 1975,
    tech: 'electric',
    setting: 'city',
    region: 'Lagos',
    phrases: { institutions: [], activities: ['highlife music scene'], places: ['Lagos'], resources: [] },
  }),
  sketch({
    description: 'A Roman legion fort on Hadrian’s Wall',
    era: 'classical',
    year: 130,
    tech: 'iron',
    setting: 'camp',
    region: null,
    phrases: { institutions: ['legion'], activities: [], places: ['Hadrian’s Wall', 'legion fort'], resources: [] },
  }),
  sketch({
    description: 'A wasteland settlement built around a dried-up reservoir',
    era: 'near-future',
    year: null,
    tech: 'digital',
    setting: 'settlement',
    region: null,
    phrases: { institutions: [], activities: [], places: ['the reservoir', 'wasteland settlement'], resources: ['water'] },
  }),
];

const opts = (values: string[]) => values.map((value) => ({ value, weight: 1, when: null }));
function profileFor(terms: string[]): Profile {
  return validateProfile({
    summary: 'The people of this world.',
    nameCulture: 'english',
    terms,
    variables: [
      { kind: 'numeric', name: 'age', min: 16, max: 82, integer: true, unit: 'years', ranges: [] },
      { kind: 'categorical', name: 'gender', options: [...opts(['female', 'male']), { value: 'non-binary', weight: 0.25, when: null }] },
      {
        kind: 'categorical',
        name: 'occupation',
        options: opts([
          'ferry pilot',
          'weaver',
          'tea seller',
          'water steward',
          'bandleader',
          'healer',
          'cook',
          'clerk',
          'scavenger',
          'guard',
        ]),
      },
      { kind: 'categorical', name: 'standing', options: opts(['working folk', 'middling', 'well-off', 'poor']) },
      { kind: 'categorical', name: 'faction', options: opts(['the council', 'the old families', 'none']) },
      { kind: 'categorical', name: 'faith', options: opts(['the old gods', 'none to speak of', 'the ancestors']) },
      { kind: 'categorical', name: 'marital_status', options: opts(['single', 'married', 'widowed', 'divorced']) },
      { kind: 'categorical', name: 'temperament', options: opts(['stubborn', 'warm-hearted', 'shrewd', 'anxious', 'blunt', 'curious']) },
      { kind: 'boolean', name: 'has_children', probability: 0.4, overrides: [] },
    ],
  });
}
const PROFILES = new Map<WorldSketch, Profile>(
  WORLDS.map((w, i) => [w, profileFor(i % 2 ? ['the market', 'Old Quarter'] : ['the commons'])]),
);
const HINTS = [
  ['one-eyed'],
  ['samurai'],
  ['walks with a cane'],
  ['secretly a spy'],
  ['with a scarred cheek'],
  ['a former soldier'],
  ['gnome miner', 'red-haired'],
];

function people(world: WorldSketch, n: number, withHints = false): PersonaIdentity[] {
  const profile = PROFILES.get(world)!;
  return Array.from({ length: n }, (_, i) => {
    const id = sampleIdentity(profile, world.description, `npc-${i}`, parseHints(undefined));
    return withHints && i % 3 === 0 ? { ...id, hints: HINTS[(i / 3) % HINTS.length]! } : id;
  });
}
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean);

/** The opening frame: the first sentence with names, numbers, trait values and world phrases as placeholders. */
function frame(bio: string, s: PersonaIdentity, world: WorldSketch): string {
  let f = sentences(bio)[0]!;
  const view = worldView(world, PROFILES.get(world)!);
  const values = [
    s.name,
    s.name.split(' ')[0]!,
    ...Object.values(s.traits).map(String),
    ...s.hints,
    ...view.places,
    ...view.placeNPs,
    ...view.insts,
    ...view.acts,
    ...view.res,
  ];
  for (const v of values.filter((x) => x.length > 1).sort((a, b) => b.length - a.length)) f = f.split(v).join('<X>');
  return f.replace(/\d+/g, '<N>');
}

describe('procedural bios', () => {
  for (const world of WORLDS) {
    const subjects = people(world, 200);
    const profile = PROFILES.get(world)!;
    const bios = subjects.map((s) => bioFromSketch(world, profile, s));

    it(`vary their openings: ${world.description}`, () => {
      const openings = new Map<string, number>();
      for (const b of bios) {
        const key = b.toLowerCase().split(/\s+/).slice(0, 3).join(' ');
        openings.set(key, (openings.get(key) ?? 0) + 1);
      }
      expect(Math.max(...openings.values()) / bios.length).toBeLessThanOrEqual(0.05);
      const frames = new Set(bios.map((b, i) => frame(b, subjects[i]!, world)));
      expect(frames.size).toBeGreaterThanOrEqual(150);
      // The old frame "<Name>, a N-year-old <occupation>" does not dominate.
      expect(bios.filter((b, i) => b.startsWith(`${subjects[i]!.name}, a`)).length).toBeLessThan(10);
      // With placeholders too, no 3-word opening passes 5 %.
      const framed = new Map<string, number>();
      for (const [i, b] of bios.entries()) {
        const key = frame(b, subjects[i]!, world).split(/\s+/).slice(0, 3).join(' ');
        framed.set(key, (framed.get(key) ?? 0) + 1);
      }
      expect(Math.max(...framed.values()) / bios.length).toBeLessThanOrEqual(0.05);
    });

    it(`name the person, state the age, name the occupation and a world phrase, in 2-3 sentences: ${world.description}`, () => {
      const grounding = worldView(world, profile).grounding;
      let grounded = 0;
      for (const [i, bio] of bios.entries()) {
        const s = subjects[i]!;
        expect(checkConsistency(s, bio)).toEqual([]);
        expect(bio).toContain(s.name);
        // The age in a form the consistency checker reads ("34-year-old", "aged 34", "34 years old").
        expect(statedAges(bio)).toContain(s.traits.age);
        expect(bio).toContain(String(s.traits.occupation));
        expect(countWords(bio)).toBeLessThanOrEqual(PROCEDURAL_BIO_MAX_WORDS);
        const n = sentences(bio).length;
        expect(n).toBeGreaterThanOrEqual(2);
        expect(n).toBeLessThanOrEqual(3);
        if (grounding.some((g) => bio.toLowerCase().includes(g))) grounded++;
      }
      expect(grounded / bios.length).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('are deterministic and distinct', () => {
    const world = WORLDS[0]!;
    const subjects = people(world, 50);
    const a = subjects.map((s) => bioFromSketch(world, PROFILES.get(world)!, s));
    const b = subjects.map((s) => bioFromSketch({ ...world }, profileFor(['the commons']), { ...s }));
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });
});

describe('procedural backstories', () => {
  for (const world of WORLDS) {
    it(`are 150-250-word stories, grounded, consistent, never repeating the bio: ${world.description}`, () => {
      const profile = PROFILES.get(world)!;
      const grounding = worldView(world, profile).grounding;
      for (const s of people(world, 200, true)) {
        const bio = bioFromSketch(world, profile, s);
        const story = backstoryFromSketch(world, profile, s, bio);
        const words = countWords(story);
        expect(words).toBeGreaterThanOrEqual(PROCEDURAL_BACKSTORY_MIN_WORDS);
        expect(words).toBeLessThanOrEqual(PROCEDURAL_BACKSTORY_MAX_WORDS);
        expect(checkConsistency(s, story)).toEqual([]);
        expect(story).toContain(s.name);
        expect(story).toContain(String(s.traits.occupation));
        expect(statedAges(story)).toContain(s.traits.age);
        for (const sentence of sentences(bio)) expect(story).not.toContain(sentence);
        expect(grounding.some((g) => story.toLowerCase().includes(g))).toBe(true);
        // Traits are woven, not listed: no "Her standing is ..." / "She is married." lines.
        expect(story).not.toMatch(/\b(Her|His|Their) (standing|loyalty|faith|temperament) (is|lies)\b/);
        expect(story).not.toMatch(
          new RegExp(`(^|\\. )(She|He|They|${s.name.split(' ')[0]}) (is|are) (married|single|widowed|divorced)\\.`),
        );
        expect(backstoryFromSketch(world, profile, s, bio)).toBe(story);
      }
    });
  }

  it('stay in range and avoid the sentences of a long model-written bio', () => {
    const world = WORLDS[1]!;
    const profile = PROFILES.get(world)!;
    for (const s of people(world, 30)) {
      const longBio = `${'Under the lanterns this person works long hours and keeps '.repeat(4)}everything to themselves. Some days that seems within reach.`;
      const story = backstoryFromSketch(world, profile, s, longBio);
      expect(countWords(story)).toBeGreaterThanOrEqual(PROCEDURAL_BACKSTORY_MIN_WORDS - 10);
      expect(countWords(story)).toBeLessThanOrEqual(PROCEDURAL_BACKSTORY_MAX_WORDS);
      expect(story).not.toContain('Some days that seems within reach.');
    }
  });
});

describe('hints and pronouns', () => {
  it('classify hints by how they fit a sentence', () => {
    expect(hintKind('one-eyed')).toBe('adj');
    expect(hintKind('samurai')).toBe('noun');
    expect(hintKind('walks with a cane')).toBe('pred');
    expect(hintKind('secretly a spy')).toBe('isPred');
    expect(hintKind('with a scarred cheek')).toBe('suffix');
    expect(hintKind('a former soldier')).toBe('np');
  });

  it('weave every hint in verbatim, in bio and backstory, never as a bolted-on list', () => {
    const world = WORLDS[2]!;
    const profile = PROFILES.get(world)!;
    const [s] = people(world, 1);
    for (const hints of [...HINTS, ['Xyzzy plover'], ['loud', 'with a limp', 'ex-convict']]) {
      const subject = { ...s!, hints };
      const bio = bioFromSketch(world, profile, subject);
      const story = backstoryFromSketch(world, profile, subject, bio);
      for (const h of hints) {
        expect(mentions(bio, h)).toBe(true);
        expect(mentions(story, h)).toBe(true);
      }
      expect(`${bio} ${story}`).not.toMatch(/people mention|worth knowing:|noted:/);
    }
    const oneEyed = bioFromSketch(world, profile, { ...s!, hints: ['one-eyed'] });
    expect(oneEyed).toContain(`one-eyed ${s!.traits.occupation}`);
  });

  it('agree pronouns with gender: she, he, and they with plural verbs', () => {
    const world = WORLDS[0]!;
    const profile = PROFILES.get(world)!;
    for (const s of people(world, 120)) {
      for (const gender of ['female', 'male', 'non-binary']) {
        const subject = { ...s, traits: { ...s.traits, gender } };
        const bio = bioFromSketch(world, profile, subject);
        const text = `${bio} ${backstoryFromSketch(world, profile, subject, bio)}`;
        if (gender === 'non-binary') {
          expect(text).not.toMatch(/\b[Tt]hey (is|has|was|keeps|wants|says|hopes|knows|claims|lets|works)\b/);
          expect(text).not.toMatch(/\b(she|he|her|him|his|hers|herself|himself)\b/i);
        } else {
          expect(text).not.toMatch(/\b[Tt]hey (are|were|have)\b/);
          expect(text).not.toMatch(gender === 'female' ? /\b(he|him|his|himself)\b/i : /\b(she|her|hers|herself)\b/i);
        }
      }
    }
  });
});

describe('era-neutral fragments', () => {
  const PERIOD =
    /\b(phones?|software|computers?|internet|online|church|parish|rivers?|bridges?|harvest|tavern|inn|starships?|spaceships?|robots?|cars?|trains?|guns?|swords?|sea|forests?|fields?|snow|winter|summer|dawn|dusk|coins?|credits?|dollars?|emails?|apps?|radio|television|tv|pub|bars?|castle|king|queen|priest|temple|shrine|mosque|saints?|farm|cattle|horses?|dogs?|garden|weather|rain)\b/i;
  // The tech level's own words (credit, coin) may appear in the text, never in the fragments.
  const OTHER_WORLDS = new RegExp(PERIOD.source.replace('coins?|credits?|', ''), 'i');
  it('carry no period vocabulary of their own (the world and the tech-level words supply it)', () => {
    const all = [...Object.values(F), ...Object.values(FB)].flatMap((v) =>
      Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v).flat() : [],
    );
    expect(all.length).toBeGreaterThan(300);
    for (const text of all) expect(String(text)).not.toMatch(PERIOD);
  });

  it('give a generation ship and a post town only their own words', () => {
    for (const world of WORLDS.slice(0, 2)) {
      const profile = PROFILES.get(world)!;
      for (const s of people(world, 100)) {
        const bio = bioFromSketch(world, profile, s);
        const story = backstoryFromSketch(world, profile, s, bio);
        expect(`${bio} ${story}`).not.toMatch(OTHER_WORLDS);
      }
    }
  });
});

describe('the public API', () => {
  it.skipIf(!existsSync(new URL('../src/stages/sketch/sketch.ts', import.meta.url)))(
    'sketches the description once and writes the same text as from the sketch',
    async () => {
      const { proceduralBio, proceduralBackstory, sketchOf } = await import('../src/providers/procedural/text.js');
      const description = 'A whaling town in 1850s New England';
      const profile = profileFor(['the harbour']);
      const sketched = sketchOf(description);
      for (const s of people(WORLDS[0]!, 20)) {
        const bio = proceduralBio({ description }, profile, s);
        expect(bio).toBe(bioFromSketch(sketched, profile, s));
        expect(proceduralBackstory({ description }, profile, s, bio)).toBe(backstoryFromSketch(sketched, profile, s, bio));
      }
    },
  );
});
