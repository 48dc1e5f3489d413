/**
 * Issue #8 item 5, validated overrides: an override outside the world's profile (an unknown
 * option, a number out of range, a mistyped boolean, a variable the profile lacks) is refused
 * with an error that lists what is allowed, unless the caller extends the profile for that
 * persona (`extendProfile: true`). Valid overrides keep their behaviour (the profile's
 * spelling, an override's own conditions constrain what it depends on).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/core/errors.js';
import type { Profile } from '../src/core/profile-schema.js';
import { createPersonaEngine, type PersonaEngine } from '../src/index.js';
import { parseHints } from '../src/stages/hints.js';
import { checkOverrides, listSome } from '../src/stages/override-check.js';
import { sampleIdentity } from '../src/stages/traits.js';
import { FEUDAL_PROFILE } from './fixtures.js';

const VILLAGE = { id: 'override-village', description: 'A medieval village in northern Britain' };
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

const engines: PersonaEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});
function engine(): PersonaEngine {
  const e = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
  engines.push(e);
  return e;
}

/** A designer profile whose options and ranges exercise the check: prototype-named options, a conditional range past the base one. */
const cond = (variable: string, c: { oneOf?: string[]; min?: number; max?: number }) => ({
  variable,
  oneOf: c.oneOf ?? null,
  min: c.min ?? null,
  max: c.max ?? null,
});
const ODD_PROFILE: Profile = {
  summary: 'Builders and elders of an odd town.',
  nameCulture: 'english',
  terms: [],
  variables: [
    { kind: 'boolean', name: 'elder', probability: 0.1, overrides: [] },
    {
      kind: 'numeric',
      name: 'age',
      min: 16,
      max: 60,
      integer: true,
      unit: 'years',
      ranges: [{ min: 60, max: 99, when: [cond('elder', { oneOf: ['true'] })] }],
    },
    {
      kind: 'categorical',
      name: 'gender',
      options: [
        { value: 'woman', weight: 1, when: null },
        { value: 'man', weight: 1, when: null },
      ],
    },
    {
      kind: 'categorical',
      name: 'occupation',
      options: [
        { value: 'constructor', weight: 3, when: null },
        { value: 'toString', weight: 1, when: null },
        { value: 'Town Crier', weight: 1, when: [cond('age', { min: 30 })] },
      ],
    },
    { kind: 'numeric', name: 'height', min: 1.4, max: 2.1, integer: false, unit: 'm', ranges: [] },
  ],
};

describe('overrides outside the profile are refused (engine)', () => {
  it('an astronaut in a medieval village fails with the options the profile offers and how to extend it', async () => {
    const world = engine().world(VILLAGE);
    const rec = await world.persona('spaceman', { overrides: { occupation: 'astronaut' } }).bio;
    expect(rec.status).toBe('failed');
    expect(rec.bio).toBeNull();
    expect(rec.error).toMatch(/^Invalid hints: an override does not fit this world's profile/);
    expect(rec.error).toContain('override occupation = "astronaut" is not an option');
    // What is allowed: the profile's own occupations.
    const { profile } = await world.ready;
    const occupations = profile.variables.find((v) => v.name === 'occupation');
    expect(occupations?.kind).toBe('categorical');
    const first = occupations!.kind === 'categorical' ? occupations!.options[0]!.value : '';
    expect(rec.error).toContain(JSON.stringify(first));
    expect(rec.error).toContain('extendProfile: true');
    // Nothing was stored; the same key with a valid override works afterwards.
    expect(await world.list()).toHaveLength(0);
    const ok = await world.persona('spaceman', { overrides: { occupation: first } }).bio;
    expect(ok.status).toBe('bio');
    expect(ok.traits.occupation).toBe(first);
  });

  it('age 300 fails with the range the profile allows', async () => {
    const world = engine().world(VILLAGE);
    const { profile } = await world.ready;
    const age = profile.variables.find((v) => v.name === 'age');
    if (age?.kind !== 'numeric') throw new Error('the village profile has a numeric age');
    const rec = await world.persona('methuselah', { overrides: { age: 300 } }).bio;
    expect(rec.status).toBe('failed');
    expect(rec.error).toContain("override age = 300 is outside this world's range");
    expect(rec.error).toContain(`age is ${age.min} to ${age.max} years, whole numbers`);
  });

  it("every bad override is named at once; an unknown variable lists the profile's variables", async () => {
    const world = engine().world(VILLAGE);
    const rec = await world.persona('muddle', { overrides: { occupation: 'astronaut', age: 300, eye_colour: 'green', owns_land: 'maybe' } })
      .bio;
    expect(rec.status).toBe('failed');
    expect(rec.error).toMatch(/^Invalid hints: 4 overrides do not fit/);
    expect(rec.error).toContain('"eye_colour" is not a variable of this world\'s profile');
    expect(rec.error).toMatch(/the profile's variables: [^)]*\bage\b[^)]*\boccupation\b/);
    expect(rec.error).toContain('override owns_land = "maybe": owns_land is true or false');
  });

  it('mistyped values are refused even with extendProfile', async () => {
    const world = engine().world(VILLAGE);
    const cases: Array<[Record<string, string | number | boolean>, string]> = [
      [{ age: 'old' }, 'override age = "old": age takes a number'],
      [{ occupation: 42 }, 'override occupation = 42: occupation takes text'],
      [{ owns_land: 3 }, 'override owns_land = 3: owns_land is true or false'],
      [{ name: 7 }, 'override name = 7: a name is text'],
    ];
    for (const [i, [overrides, message]] of cases.entries()) {
      const rec = await world.persona(`typo-${i}`, { overrides, extendProfile: true }).bio;
      expect(rec.status, JSON.stringify(overrides)).toBe('failed');
      expect(rec.error).toContain(message);
    }
  });

  it('a malformed extendProfile throws at once, like any malformed hint', () => {
    const world = engine().world(VILLAGE);
    expect(() => world.persona('k', { overrides: { age: 30 }, extendProfile: 'yes' as never })).toThrow(InvalidInputError);
    expect(() => world.persona('k', { overrides: { age: 30 }, extendProfile: 'yes' as never })).toThrow(
      /extendProfile must be true or false/,
    );
  });
});

describe('valid overrides and extendProfile (engine)', () => {
  it("valid overrides pass in the profile's spelling; numbers and booleans from text are coerced", async () => {
    const world = engine().world(VILLAGE);
    const { profile } = await world.ready;
    const occupation = profile.variables.find((v) => v.name === 'occupation');
    if (occupation?.kind !== 'categorical') throw new Error('categorical occupation');
    const option = occupation.options.find((o) => o.when === null)!.value;
    const rec = await world.persona('valid', {
      overrides: { occupation: option.toUpperCase(), age: '40' as never, owns_land: 'yes', name: 'Ada Brook' },
    }).bio;
    expect(rec.status).toBe('bio');
    expect(rec.name).toBe('Ada Brook');
    expect(rec.traits).toMatchObject({ occupation: option, age: 40, owns_land: true });
    expect(rec.traits).not.toHaveProperty('name');
  });

  it('extendProfile lets an astronaut aged 300 with a new variable into the village', async () => {
    const world = engine().world(VILLAGE);
    const rec = await world.persona('starfarer', {
      overrides: { occupation: 'astronaut', age: 300, eye_colour: 'green' },
      extendProfile: true,
    }).bio;
    expect(rec.status).toBe('bio');
    expect(rec.traits).toMatchObject({ occupation: 'astronaut', age: 300, eye_colour: 'green' });
    expect(rec.bio).toMatch(/\S/);
  });

  it('prototype names as values: refused outside the profile, kept as given with extendProfile, matched when the profile has them', async () => {
    const e = engine();
    const village = e.world(VILLAGE);
    const odd = e.world({ id: 'odd-town', description: 'An odd town of builders', profile: ODD_PROFILE });
    for (const name of PROTOTYPE_NAMES) {
      const refused = await village.persona(`proto-no-${name.replace(/_/g, 'u')}`, { overrides: { occupation: name } }).bio;
      expect(refused.status, name).toBe('failed');
      expect(refused.error).toContain(`override occupation = ${JSON.stringify(name)} is not an option`);
      const extended = await village.persona(`proto-ext-${name.replace(/_/g, 'u')}`, {
        overrides: { occupation: name },
        extendProfile: true,
      }).bio;
      expect(extended.status, name).toBe('bio');
      expect(extended.traits.occupation).toBe(name);
      expect(Object.hasOwn(extended.traits, 'occupation')).toBe(true);
    }
    const builder = await odd.persona('builder', { overrides: { occupation: 'CONSTRUCTOR' } }).bio;
    expect(builder.traits.occupation).toBe('constructor');
    const crier = await odd.persona('crier', { overrides: { occupation: 'tostring' } }).bio;
    expect(crier.traits.occupation).toBe('toString');
    const other = await odd.persona('other', { overrides: { occupation: 'hasOwnProperty' } }).bio;
    expect(other.error).toContain('occupation is one of "constructor", "toString", "Town Crier" (3 options)');
  });
});

describe('checkOverrides (unit)', () => {
  const check = (overrides: Record<string, string | number | boolean>, extendProfile = false) =>
    checkOverrides(ODD_PROFILE, parseHints({ overrides, extendProfile }));

  it('an option under any condition counts; a number in the widest range across conditions counts', () => {
    expect(check({ occupation: 'town crier', age: 95, height: 2.05 })).toEqual(
      new Map<string, string | number>([
        ['occupation', 'Town Crier'],
        ['age', 95],
        ['height', 2.05],
      ]),
    );
    expect(() => check({ age: 100 })).toThrow(/age is 16 to 99 years, whole numbers/);
    expect(() => check({ age: 15 })).toThrow(InvalidInputError);
    expect(() => check({ height: 2.2 })).toThrow(/height is 1.4 to 2.1 m\b/);
    // Whole-number variables are rounded before the check, as sampling rounds them.
    expect(check({ age: 98.6 }).get('age')).toBe(99);
    expect(() => check({ age: 99.6 })).toThrow(/outside this world's range/);
  });

  it('booleans: true/false and their words; name: any text', () => {
    expect(check({ elder: true }).get('elder')).toBe(true);
    expect(check({ elder: 'No' }).get('elder')).toBe(false);
    expect(check({ elder: '1' }).get('elder')).toBe(true);
    expect(() => check({ elder: 'perhaps' })).toThrow(/elder is true or false/);
    expect(check({ name: 'Zed Quill' }).get('name')).toBe('Zed Quill');
  });

  it('a long options list is cut with a count of the rest, so the message fits a client error', () => {
    const many: Profile = {
      ...ODD_PROFILE,
      variables: ODD_PROFILE.variables.map((v) =>
        v.name === 'occupation' && v.kind === 'categorical'
          ? {
              ...v,
              options: Array.from({ length: 64 }, (_, i) => ({
                value: `a rather long occupation name number ${i}`,
                weight: 1,
                when: null,
              })),
            }
          : v,
      ),
    };
    let message = '';
    try {
      checkOverrides(many, parseHints({ overrides: { occupation: 'astronaut' } }));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('"a rather long occupation name number 0"');
    expect(message).toMatch(/\.\.\. and \d+ more \(64 options\)/);
    expect(message.length).toBeLessThan(600);
    expect(listSome(['a', 'b'])).toBe('"a", "b"');
  });

  it('valid overrides sample exactly as before (the check only normalises), dependencies included', () => {
    for (let i = 0; i < 100; i++) {
      const id = sampleIdentity(FEUDAL_PROFILE, 'fp', `k${i}`, parseHints({ overrides: { occupation: 'Apprentice' } }));
      expect(id.traits.occupation).toBe('apprentice');
      expect(id.traits.age as number).toBeGreaterThanOrEqual(10);
      expect(id.traits.age as number).toBeLessThanOrEqual(25);
    }
    // extendProfile does not move anyone's other traits: the same key, the same draws.
    const plain = sampleIdentity(FEUDAL_PROFILE, 'fp', 'same', parseHints({ overrides: { occupation: 'smith' } }));
    const extended = sampleIdentity(FEUDAL_PROFILE, 'fp', 'same', parseHints({ overrides: { occupation: 'smith' }, extendProfile: true }));
    expect(extended).toEqual(plain);
    expect(() => sampleIdentity(FEUDAL_PROFILE, 'fp', 'x', parseHints({ overrides: { occupation: 'blacksmith' } }))).toThrow(/"smith"/);
  });
});
