/**
 * Designer hints that set traits (issue 9): a hint naming an option sets that variable (any
 * case, singular or plural, with an article), a hint naming a role the world lacks sets the
 * occupation (extending the world for that persona), quirks stay text-only hints.
 *   npx vitest run test/hint-roles.test.ts
 * Cost: < 1 s.
 */
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../src/core/profile-schema.js';
import { parseHints } from '../src/stages/hints.js';
import { isRoleWord, matchKey, roleFromHint, singularize } from '../src/stages/role-words.js';
import { sampleIdentity, sampleTraits } from '../src/stages/traits.js';
import { FEUDAL_PROFILE } from './fixtures.js';

const cond = (variable: string, c: { oneOf?: string[]; min?: number; max?: number }) => ({
  variable,
  oneOf: c.oneOf ?? null,
  min: c.min ?? null,
  max: c.max ?? null,
});
const COLONY = validateProfile({
  summary: 'Miners and cartel men on a dry world.',
  nameCulture: 'futuristic',
  terms: ['the dome'],
  variables: [
    { kind: 'numeric', name: 'age', min: 8, max: 80, integer: true, unit: 'years', ranges: [] },
    {
      kind: 'categorical',
      name: 'gender',
      options: [
        { value: 'female', weight: 1, when: null },
        { value: 'male', weight: 1, when: null },
      ],
    },
    {
      kind: 'categorical',
      name: 'class',
      options: [
        { value: 'contract worker', weight: 5, when: null },
        { value: 'shareholder', weight: 1, when: null },
        { value: 'smuggler', weight: 1, when: null },
      ],
    },
    {
      kind: 'categorical',
      name: 'faction',
      options: [
        { value: 'the water cartel', weight: 1, when: null },
        { value: 'smuggler', weight: 1, when: null },
        { value: 'union', weight: 1, when: null },
      ],
    },
    {
      kind: 'categorical',
      name: 'occupation',
      options: [
        { value: 'ice driller', weight: 3, when: null },
        { value: 'miner', weight: 3, when: [cond('age', { min: 16 })] },
        { value: 'water broker', weight: 1, when: [cond('age', { min: 30 }), cond('class', { oneOf: ['shareholder'] })] },
        { value: 'runner', weight: 1, when: [cond('age', { max: 15 })] },
      ],
    },
  ],
});
const FP = 'cafe';
const traits = (profile = COLONY, hints: Parameters<typeof parseHints>[0], key = 'k') => sampleTraits(profile, FP, key, parseHints(hints));

describe('a hint naming an option sets that variable', () => {
  it('"miner" sets occupation miner, and the option\'s age condition holds', () => {
    for (let i = 0; i < 200; i++) {
      const t = traits(COLONY, { hints: ['miner'] }, `k${i}`);
      expect(t.occupation).toBe('miner');
      expect(t.age as number).toBeGreaterThanOrEqual(16);
    }
  });

  it('casing, plurals and articles: "Miners", "the miners", "a Water Broker"', () => {
    expect(traits(COLONY, { hints: ['Miners'] }).occupation).toBe('miner');
    expect(traits(COLONY, { hints: ['the miners'] }).occupation).toBe('miner');
    const broker = traits(COLONY, { hints: ['a Water Broker'] });
    expect(broker.occupation).toBe('water broker');
    // Its conditions constrain what it depends on, as a structured override's do.
    expect(broker.class).toBe('shareholder');
    expect(broker.age as number).toBeGreaterThanOrEqual(30);
  });

  it('a hint matching a class option sets class; occupation, then class, then faction win ties', () => {
    expect(traits(COLONY, { hints: ['shareholders'] }).class).toBe('shareholder');
    expect(traits(COLONY, { hints: ['Union'] }).faction).toBe('union');
    // "smuggler" is both a class and a faction option: class is preferred.
    const t = traits(COLONY, { hints: ['smuggler'] });
    expect(t.class).toBe('smuggler');
    expect(t.occupation).not.toBe('smuggler');
  });

  it('structured overrides still win over free-text hints', () => {
    const t = traits(COLONY, { hints: ['miner', 'samurai'], overrides: { occupation: 'ice driller' } });
    expect(t.occupation).toBe('ice driller');
    expect(traits(FEUDAL_PROFILE, { hints: ['samurai'], overrides: { occupation: 'farmer' } }).occupation).toBe('farmer');
  });
});

describe('a hint naming a role the world lacks sets the occupation', () => {
  it('"samurai" on a feudal English profile: occupation samurai, the hint kept for the text', () => {
    const id = sampleIdentity(FEUDAL_PROFILE, FP, 'ronin-1', parseHints({ hints: ['samurai', 'scarred cheek'] }));
    expect(id.traits.occupation).toBe('samurai');
    expect(id.hints).toEqual(['samurai', 'scarred cheek']);
  });

  it('casing and plural: "Blacksmiths" -> blacksmith, "The Lamplighters" -> lamplighter', () => {
    expect(traits(FEUDAL_PROFILE, { hints: ['Blacksmiths'] }).occupation).toBe('blacksmith');
    expect(traits(FEUDAL_PROFILE, { hints: ['The Lamplighters'] }).occupation).toBe('lamplighter');
    expect(traits(COLONY, { hints: ['beekeeper'] }).occupation).toBe('beekeeper');
    expect(traits(COLONY, { hints: ['Nakasendo courier'] }).occupation).toBe('Nakasendo courier');
  });

  it('an option match beats a role word in another hint', () => {
    expect(traits(COLONY, { hints: ['harpooner', 'miner'] }).occupation).toBe('miner');
  });

  it('a hint-set role is held by someone old enough (the profile allows 8-year-olds)', () => {
    for (let i = 0; i < 300; i++) {
      expect(traits(COLONY, { hints: ['centurion'] }, `k${i}`).age as number).toBeGreaterThanOrEqual(16);
      expect(traits(COLONY, { hints: ['cabin boy'] }, `k${i}`).age as number).toBeGreaterThanOrEqual(10);
    }
  });

  it('only the occupation (and a too-young age) changes: every other trait is sampled as before', () => {
    for (let i = 0; i < 100; i++) {
      const plain = traits(COLONY, undefined, `k${i}`);
      const hinted = traits(COLONY, { hints: ['samurai'] }, `k${i}`);
      expect(hinted.gender).toBe(plain.gender);
      expect(hinted.class).toBe(plain.class);
      if ((plain.age as number) >= 16) expect(hinted.age).toBe(plain.age);
    }
  });
});

describe('quirks stay free text', () => {
  it.each(['one-eyed', 'scarred cheek', 'gnome', 'tattooed', 'walks with a cane', 'heavy smoker', 'optimist', 'clever', 'stranger'])(
    '"%s" leaves the traits alone',
    (quirk) => {
      for (let i = 0; i < 20; i++) {
        expect(traits(COLONY, { hints: [quirk] }, `k${i}`)).toEqual(traits(COLONY, undefined, `k${i}`));
      }
      const id = sampleIdentity(COLONY, FP, 'q', parseHints({ hints: [quirk] }));
      expect(id.hints).toEqual([quirk]);
    },
  );
});

describe('role words', () => {
  it('knows roles across eras and settings, and compounds by their ending', () => {
    for (const w of [
      'samurai',
      'ronin',
      'blacksmith',
      'harpooner',
      'bandleader',
      'hacker',
      'priestess',
      'centurion',
      'shaman',
      'scribe',
      'courier',
      'medic',
      'pilot',
      'engineer',
      'smuggler',
    ]) {
      expect(isRoleWord(w)).toBe(true);
    }
    for (const w of [
      'lamplighter',
      'beekeeper',
      'saltmonger',
      'wainwright',
      'ferryman',
      'fisherwoman',
      'harbourmaster',
      'goatherd',
      'oboist',
      'ropemaker',
    ])
      expect(isRoleWord(w)).toBe(true);
    for (const w of ['woman', 'human', 'german', 'optimist', 'smoker', 'tower', 'clever', 'happier', 'leather', 'gnome'])
      expect(isRoleWord(w)).toBe(false);
  });

  it('singular forms and matching keys', () => {
    expect(['miners', 'ferries', 'fishermen', 'thieves', 'alewives', 'witches', 'samurai', 'bus'].map(singularize)).toEqual([
      'miner',
      'ferry',
      'fisherman',
      'thief',
      'alewife',
      'witch',
      'samurai',
      'bus',
    ]);
    expect(matchKey('  The  Ice Drillers ')).toBe('ice driller');
    expect(roleFromHint('one-eyed')).toBeNull();
    expect(roleFromHint('class: noble')).toBeNull();
    expect(roleFromHint('Master Brewer')).toBe('master brewer');
  });
});
