/**
 * Issue 8, every text checked: wrong bios are caught; gender, marital and faction
 * contradictions are caught; paraphrased hints pass; the test server's good replies are never
 * flagged (personas sampled from real profiles of several worlds) and its 'contradict'
 * replies always are, for bios and backstories.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../src/core/profile-schema.js';
import type { PersonaIdentity } from '../src/core/types.js';
import { nearDuplicateRate } from '../src/core/quality.js';
import { checkConsistency, hintFidelity } from '../src/stages/consistency.js';
import { autoProfile } from '../src/testing/auto-profile.js';
import { bioText, contradictionsFor, paraphrase, readPerson } from '../src/testing/auto-replies.js';
import { CHECK_WORLDS, type CheckSample, checkSamples, runChecks } from '../bench/checks.js';

const bart: PersonaIdentity = {
  key: 'b',
  name: 'Bartholomew Brook',
  traits: { age: 43, occupation: 'farmer', gender: 'male', marital_status: 'widowed' },
  hints: ['one-eyed'],
};

describe('wrong texts are caught', () => {
  it('a bio about someone else', () => {
    const problems = checkConsistency(bart, 'Agnes, a cheerful 90-year-old baker, sells her bread at dawn and sings to her hens.', {
      stage: 'bio',
    });
    expect(problems).toEqual([
      'never names the person: their name is "Bartholomew Brook"',
      'states age 90, but Bartholomew Brook is 43',
      'does not say that Bartholomew Brook is a farmer',
      'leaves out the trait "one-eyed"',
      'calls Bartholomew Brook "her", but Bartholomew Brook is male: use he/him/his',
    ]);
  });

  it('gender by pronouns, conservatively', () => {
    const wrong = 'Bartholomew Brook is a 43-year-old one-eyed farmer. She rises early and her fields are the best in the valley.';
    expect(checkConsistency(bart, wrong, { stage: 'bio' })).toEqual([
      'calls Bartholomew Brook "she", "her", but Bartholomew Brook is male: use he/him/his',
    ]);
    // His own pronoun anywhere, a single stray "her", or a woman in the text: not judged.
    expect(checkConsistency(bart, `${wrong} His dog follows.`, { stage: 'bio' })).toEqual([]);
    expect(
      checkConsistency(bart, 'Bartholomew Brook is a 43-year-old one-eyed farmer who buys from Maria and pays her well.', { stage: 'bio' }),
    ).toEqual([]);
    expect(checkConsistency(bart, `${wrong.replace('She', 'His mother says she')}`, { stage: 'bio' })).toEqual([]);
    for (const gender of ['non-binary', 'unknown', 'other'])
      expect(checkConsistency({ ...bart, traits: { ...bart.traits, gender } }, wrong, { stage: 'bio' })).toEqual([]);
    expect(
      checkConsistency({ ...bart, traits: { ...bart.traits, gender: 'Woman' } }, wrong.replace(/She/, 'He').replace('her', 'his'), {
        stage: 'bio',
      })[0],
    ).toMatch(/calls .* "he", "his"/);
  });

  it('marital status in backstories only, explicit phrases about the person', () => {
    const base = 'Bartholomew Brook is a 43-year-old one-eyed farmer.';
    expect(checkConsistency(bart, `${base} Bartholomew has never married.`)).toEqual([
      'says "has never married", but Bartholomew Brook is widowed',
    ]);
    expect(checkConsistency(bart, `${base} Bartholomew has never married.`, { stage: 'bio' })).toEqual([]);
    expect(checkConsistency(bart, `${base} He was widowed young; his wife died of fever. His sister never married.`)).toEqual([]);
    const single = { ...bart, traits: { ...bart.traits, marital_status: 'single' } };
    expect(checkConsistency(single, `${base} His wife keeps the books.`)).toEqual(['says "His wife", but Bartholomew Brook is single']);
    expect(checkConsistency(single, `${base} He is a widower.`)).toEqual(['says "is a widower", but Bartholomew Brook is single']);
    expect(checkConsistency(single, `${base} His future wife lives in town; her husband-to-be is him. The miller is married.`)).toEqual([]);
    const married = { ...bart, traits: { ...bart.traits, marital_status: 'married' } };
    expect(checkConsistency(married, `${base} Bartholomew, a widower, lives alone.`)).toEqual([
      'says "a widower", but Bartholomew Brook is married',
    ]);
  });

  it("faction: another option claimed as the person's own, never their own", () => {
    const profile: Profile = {
      ...autoProfile('A harbour town'),
      variables: [
        ...autoProfile('A harbour town').variables,
        {
          kind: 'categorical',
          name: 'faction',
          options: ['the harbour guild', 'the crown', 'the smugglers'].map((value) => ({ value, weight: 1, when: null })),
        },
      ],
    };
    const p = { ...bart, traits: { ...bart.traits, faction: 'the crown' } };
    const base = 'Bartholomew Brook is a 43-year-old one-eyed farmer.';
    expect(checkConsistency(p, `${base} He is sworn to the smugglers.`, { profile })).toEqual([
      "says Bartholomew Brook is with the smugglers, but Bartholomew Brook's faction is the crown",
    ]);
    expect(checkConsistency(p, `${base} He is sworn to the smugglers.`, { profile, stage: 'bio' })).toEqual([]);
    expect(checkConsistency(p, `${base} He is loyal to the crown, though his brother joined the smugglers.`, { profile })).toEqual([]);
    expect(checkConsistency(p, `${base} The smugglers owe him money.`, { profile })).toEqual([]);
  });
});

describe('hints: inflections and paraphrase', () => {
  it('accepts natural paraphrase of content words and refuses their absence', () => {
    const p = (hints: string[]): PersonaIdentity => ({ ...bart, hints });
    const base = 'Bartholomew Brook is a 43-year-old farmer';
    expect(checkConsistency(p(['one-eyed']), `${base} who lost an eye in the war.`)).toEqual([]);
    expect(checkConsistency(p(['one-eyed']), `${base} with only one eye.`)).toEqual([]);
    expect(checkConsistency(p(['gnome miner']), `${base}, a gnome who mines on Sundays.`)).toEqual([]);
    expect(checkConsistency(p(['fears snakes']), `${base} who has always feared snakes.`)).toEqual([]);
    expect(checkConsistency(p(['owes money to the guild']), `${base}; he owed money to the guild once.`)).toEqual([]);
    expect(checkConsistency(p(['scarred face']), `${base} with a scar across his face.`)).toEqual([]);
    expect(checkConsistency(p(['one-eyed']), `${base} with keen sight.`)).toEqual(['leaves out the trait "one-eyed"']);
    // Content words far apart do not make the hint.
    expect(
      checkConsistency(
        p(['gnome miner']),
        `${base}. A gnome once visited. ${'Many years passed quietly in the valley and nobody spoke of it again until'.repeat(1)} the mines closed.`,
      ),
    ).toEqual(['leaves out the trait "gnome miner"']);
    expect(hintFidelity(p(['one-eyed', 'fears snakes']), 'He lost an eye.')).toBe(0.5);
    for (const h of ['one-eyed', 'one-legged', 'gnome miner', 'fears snakes'])
      expect(checkConsistency(p([h]), `${base}, ${paraphrase(h)}.`)).toEqual([]);
  });

  it('regeneration requests with fix get a good bio', () => {
    const person = readPerson({ ref: '1', name: 'Bartholomew Brook', traits: bart.traits, hints: bart.hints, fix: ['states age 90'] }, 0);
    expect(checkConsistency(bart, bioText(person, 'A farming valley', []), { stage: 'bio' })).toEqual([]);
  });
});

describe('the test server against the check', () => {
  let samples: CheckSample[];
  beforeAll(async () => {
    samples = await checkSamples(CHECK_WORLDS.slice(0, 4), 60);
  });

  it('good replies are never flagged (0 false positives)', () => {
    expect(samples.length).toBe(480);
    const flagged = runChecks(samples, false).filter((r) => r.bioProblems.length || r.backstoryProblems.length);
    expect(flagged.map((r) => [r.sample.identity.name, r.bioProblems, r.backstoryProblems])).toEqual([]);
  });

  it("the contradict fault's replies are always flagged, for both stages", () => {
    const results = runChecks(samples, true);
    expect(results.filter((r) => !r.bioProblems.length || !r.backstoryProblems.length)).toEqual([]);
  });

  it('each kind of contradiction is caught on its own', () => {
    const rate = (
      kind: Parameters<typeof contradictionsFor>[1] & unknown[],
      stage: 'bio' | 'backstory',
      cond: (s: CheckSample) => boolean = () => true,
    ) => {
      const applicable = samples.filter((s) => contradictionsFor(s.person, kind, stage).size > 0 && cond(s));
      const results = runChecks(applicable, kind);
      return {
        n: applicable.length,
        caught: results.filter((r) => (stage === 'bio' ? r.bioProblems : r.backstoryProblems).length > 0).length,
      };
    };
    for (const stage of ['bio', 'backstory'] as const) {
      for (const kind of ['name', 'age'] as const) {
        const r = rate([kind], stage);
        expect(r.n).toBeGreaterThan(100);
        expect(r.caught).toBe(r.n);
      }
      // An occupation a hint repeats ("gnome miner") stays named by the hint.
      const occ = rate(['occupation'], stage, (s) => !s.identity.hints.some((h) => h.includes(String(s.identity.traits.occupation))));
      expect(occ.caught / occ.n).toBeGreaterThan(0.97);
      const gender = rate(['gender'], stage);
      expect(gender.caught / gender.n).toBeGreaterThan(0.9);
      const hints = rate(['hints'], stage);
      expect(hints.caught / hints.n).toBeGreaterThan(0.8);
    }
    const marital = rate(['marital'], 'backstory');
    expect(marital.n).toBeGreaterThan(100);
    expect(marital.caught).toBe(marital.n);
  });

  it('good bios of one world are varied: < 1 % near-duplicates over 1,000 personas', async () => {
    const many = await checkSamples([CHECK_WORLDS[0]!], 500);
    const bios = many.map((s) => bioText(s.person, s.world, s.terms));
    expect(bios).toHaveLength(1_000);
    expect(nearDuplicateRate(bios)).toBeLessThan(0.01);
  });
});
