/**
 * Naming cultures added for issue 9 (Igbo, Hausa, Edo, ancient Greek, Latin, Persian,
 * Mongolian, Nahuatl, Quechua, Swahili, Polynesian, Hebrew) and mixed casts named by a
 * `heritage` trait.
 *   npx vitest run test/name-cultures.test.ts
 * Cost: ~1 s (12 x 1,000 names plus 1,000 identities).
 */
import { describe, expect, it } from 'vitest';
import type { NameCulture, Profile } from '../src/core/profile-schema.js';
import { validateProfile } from '../src/core/profile-schema.js';
import { seededRandom } from '../src/core/random.js';
import { parseHints } from '../src/stages/hints.js';
import { asNameCulture, nameLists, pickName } from '../src/stages/names.js';
import { nameCultureOf, rerollName, sampleIdentity } from '../src/stages/traits.js';
import { FEUDAL_PROFILE } from './fixtures.js';

/** Each culture's family part must show its own pattern. */
const FAMILY_PATTERN: Record<string, RegExp> = {
  igbo: /^\S+( \S+)?$/,
  hausa: /^(dan \S+|'yar \S+|\S+)$/,
  edo: /^\S+( \S+)?$/,
  swahili: /^(bin \S+|binti \S+|\S+)$/,
  'ancient-greek': /^((son|daughter) of \S+( of \S+)?|of \S+)$/,
  latin: /^\S+( \S+)?$/,
  nahuatl: /^(\S+ \S+|of \S+)$/,
  quechua: /^(\S+|of the \S+ ayllu|\S+ of the \S+ ayllu)$/,
  persian: /^(\S+|(ibn|bint) \S+( \S+)?|\S+zadeh)$/,
  mongolian: /^((son|daughter) of \S+( of the \S+)?|of the \S+)$/,
  hebrew: /^((ben|bat) \S+( of .+)?|\S+)$/,
  polynesian: /^(\S+|of .+)$/,
};
const NEW_CULTURES = Object.keys(FAMILY_PATTERN) as NameCulture[];

function profileFor(culture: NameCulture, extra: Profile['variables'] = []): Profile {
  return validateProfile({
    summary: 'Test people.',
    nameCulture: culture,
    terms: ['the port'],
    variables: [
      { kind: 'numeric', name: 'age', min: 16, max: 80, integer: true, unit: 'years', ranges: [] },
      {
        kind: 'categorical',
        name: 'gender',
        options: [
          { value: 'female', weight: 1, when: null },
          { value: 'male', weight: 1, when: null },
        ],
      },
      { kind: 'categorical', name: 'occupation', options: [{ value: 'trader', weight: 1, when: null }] },
      ...extra,
    ],
  });
}

/** The engine's rule: move to the next candidate while a name is taken. */
function uniqueCast(profile: Profile, n: number): { names: string[]; firstTryDuplicates: number; genders: string[] } {
  const taken = new Set<string>();
  const names: string[] = [];
  const genders: string[] = [];
  let firstTryDuplicates = 0;
  for (let i = 0; i < n; i++) {
    const id = sampleIdentity(profile, 'fp', `p${i}`, parseHints(undefined));
    let name = id.name;
    if (taken.has(name.toLowerCase())) firstTryDuplicates++;
    for (let attempt = 1; taken.has(name.toLowerCase()) && attempt < 50; attempt++)
      name = rerollName(profile, 'fp', `p${i}`, id.traits, attempt);
    taken.add(name.toLowerCase());
    names.push(name);
    genders.push(String(id.traits.gender));
  }
  return { names, firstTryDuplicates, genders };
}

describe('new naming cultures', () => {
  it.each(NEW_CULTURES)('%s: >= 40 given names per gender, all single words', (culture) => {
    const { female, male } = nameLists(culture);
    expect(female.length).toBeGreaterThanOrEqual(40);
    expect(male.length).toBeGreaterThanOrEqual(40);
    for (const g of [...female, ...male]) expect(g).toMatch(/^[A-Z][\p{L}'-]+$/u);
  });

  it.each(NEW_CULTURES)('%s: 1,000 people, 0 duplicates, given names from the culture, family pattern present', (culture) => {
    const { names, firstTryDuplicates, genders } = uniqueCast(profileFor(culture), 1000);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(1000);
    // The source is large: first candidates rarely collide, so re-rolls are few.
    expect(firstTryDuplicates).toBeLessThan(60);
    const lists = nameLists(culture);
    names.forEach((name, i) => {
      const [given, ...rest] = name.split(' ');
      const list = genders[i] === 'female' ? lists.female : lists.male;
      expect(list).toContain(given);
      expect(rest.join(' ')).toMatch(FAMILY_PATTERN[culture]!);
    });
  });

  it("patterns show up: dan/'yar, son/daughter of, ben/bat, tria nomina, ayllu", () => {
    const many = (c: NameCulture, g: string) => Array.from({ length: 300 }, (_, i) => pickName(c, g, seededRandom(`${c}${g}${i}`)));
    expect(many('hausa', 'male').some((n) => / dan /.test(n))).toBe(true);
    expect(many('hausa', 'female').some((n) => / 'yar /.test(n))).toBe(true);
    expect(many('ancient-greek', 'female').some((n) => / daughter of /.test(n))).toBe(true);
    expect(many('ancient-greek', 'male').some((n) => / of Knossos$/.test(n))).toBe(true);
    expect(many('hebrew', 'female').some((n) => / bat /.test(n))).toBe(true);
    expect(many('persian', 'male').some((n) => /zadeh$/.test(n))).toBe(true);
    expect(many('quechua', 'male').some((n) => / ayllu$/.test(n))).toBe(true);
    // Latin men carry three names, women two (a feminine gentilicium and a cognomen).
    for (const n of many('latin', 'male')) expect(n.split(' ')).toHaveLength(3);
    for (const n of many('latin', 'female')) {
      expect(n.split(' ')).toHaveLength(2);
      expect(n.split(' ')[0]).toMatch(/a$/);
    }
    // A second name never repeats the first.
    for (const n of many('quechua', 'female')) expect(n.split(' ')[1]).not.toBe(n.split(' ')[0]);
  });

  it('asNameCulture reads trait values as cultures', () => {
    expect(asNameCulture('Igbo')).toBe('igbo');
    expect(asNameCulture('Ancient Greek')).toBe('ancient-greek');
    expect(asNameCulture('martian')).toBeNull();
    expect(asNameCulture(3)).toBeNull();
  });
});

describe('mixed casts: a heritage trait picks the naming culture', () => {
  const heritage = {
    kind: 'categorical' as const,
    name: 'heritage',
    options: [
      { value: 'yoruba', weight: 5, when: null },
      { value: 'Igbo', weight: 3, when: null },
      { value: 'hausa', weight: 2, when: null },
    ],
  };

  it('names come from each heritage in roughly the weights', () => {
    const profile = profileFor('english', [heritage]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const id = sampleIdentity(profile, 'lagos', `p${i}`, parseHints(undefined));
      const culture = asNameCulture(id.traits.heritage)!;
      expect(nameCultureOf(profile, id.traits)).toBe(culture);
      const lists = nameLists(culture);
      expect(id.traits.gender === 'female' ? lists.female : lists.male).toContain(id.name.split(' ')[0]);
      counts[culture] = (counts[culture] ?? 0) + 1;
    }
    expect(counts.yoruba! / 1000).toBeGreaterThan(0.42);
    expect(counts.yoruba! / 1000).toBeLessThan(0.58);
    expect(counts.igbo! / 1000).toBeGreaterThan(0.23);
    expect(counts.igbo! / 1000).toBeLessThan(0.37);
    expect(counts.hausa! / 1000).toBeGreaterThan(0.14);
    expect(counts.hausa! / 1000).toBeLessThan(0.26);
  });

  it('a heritage value that is not a culture falls back to the profile culture', () => {
    const profile = profileFor('swahili', [
      { kind: 'categorical', name: 'heritage', options: [{ value: 'sea folk', weight: 1, when: null }] },
    ]);
    const id = sampleIdentity(profile, 'fp', 'k', parseHints(undefined));
    expect(nameLists('swahili').female.concat(nameLists('swahili').male)).toContain(id.name.split(' ')[0]);
  });

  it('without a heritage variable, names are drawn exactly as before (same rand stream, same culture)', () => {
    for (let i = 0; i < 200; i++) {
      const id = sampleIdentity(FEUDAL_PROFILE, 'fp', `k${i}`, parseHints(undefined));
      expect(nameCultureOf(FEUDAL_PROFILE, id.traits)).toBe(FEUDAL_PROFILE.nameCulture);
      expect(id.name).toBe(pickName(FEUDAL_PROFILE.nameCulture, String(id.traits.gender), seededRandom(`fp|k${i}|name|0`)));
    }
  });
});
