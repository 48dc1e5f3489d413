/**
 * Consistency-check benchmark (issue 8): the false-positive rate of checkConsistency on the
 * loopback test server's good replies, and the share of its 'contradict' replies the check
 * catches, for bios and backstories. Personas are sampled from real profiles (the procedural
 * provider's and the test server's own, autoProfile) of several worlds, some with free-text
 * hints; the replies come from the auto-reply functions directly (no HTTP).
 *   const r = await checksBench(); // { falsePositiveRate: { bio: 0, backstory: 0 }, contradictCaught: { bio: 1, backstory: 1 }, samples: 4000 }
 *   node --import tsx bench/checks.ts   // prints that JSON
 * Cost: ~1-3 s for 8 worlds x 250 personas x 2 profiles (one procedural profile per world, compromise loaded once).
 */
import type { Profile } from '../src/core/profile-schema.js';
import type { PersonaIdentity } from '../src/core/types.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import { checkConsistency } from '../src/stages/consistency.js';
import { parseHints } from '../src/stages/hints.js';
import { sampleIdentity } from '../src/stages/traits.js';
import { autoProfile } from '../src/testing/auto-profile.js';
import { backstoryText, bioText, type Contradict, type PromptPerson, readPerson } from '../src/testing/auto-replies.js';

export const CHECK_WORLDS: readonly string[] = [
  'A medieval village in northern Britain',
  'A modern neo-Tokyo',
  'A generation ship halfway to Tau Ceti, where hydroponics guilds feud over water rights',
  'A whaling town in 1850s New England',
  'A 1970s Lagos highlife music scene',
  'A Mars mining colony run by a water cartel',
  'A Viking settlement in Iceland around 950',
  'A Mughal court city in 1650',
];

/** Free-text hints a game might send (some are paraphrased by the good replies). */
export const CHECK_HINTS: readonly string[] = [
  'one-eyed',
  'gnome miner',
  'fears snakes',
  'owes money to the guild',
  'secretly a poet',
  'walks with a limp',
  'one-legged',
  'loves horses',
  'hates the sea',
  'former soldier',
  'missing two fingers',
  'collects old coins',
  'elf farmer',
  'speaks in riddles',
  'scarred face',
];

export interface CheckSample {
  world: string;
  profile: Profile;
  identity: PersonaIdentity;
  person: PromptPerson;
  terms: string[];
}

/** `perWorld` personas of each world under both profiles (procedural and the test server's), a third with 1-2 hints. */
export async function checkSamples(worlds: readonly string[], perWorld: number): Promise<CheckSample[]> {
  const provider = new ProceduralProvider();
  const out: CheckSample[] = [];
  for (const [w, world] of worlds.entries()) {
    const procedural = (await provider.profile({ world: { id: `w${w}`, description: world, fingerprint: `f${w}` } })).value;
    for (const [kind, profile] of [
      ['p', procedural],
      ['a', autoProfile(world)],
    ] as const) {
      for (let i = 0; i < perWorld; i++) {
        const hints =
          i % 3 === 0
            ? [CHECK_HINTS[(i / 3) % CHECK_HINTS.length]!, ...(i % 2 ? [CHECK_HINTS[(i * 7 + 3) % CHECK_HINTS.length]!] : [])]
            : [];
        const identity = sampleIdentity(profile, `${kind}${w}`, `npc-${i}`, parseHints({ traits: hints }));
        const person = readPerson({ ref: '1', name: identity.name, traits: identity.traits, hints: identity.hints }, 0);
        out.push({ world, profile, identity, person, terms: profile.terms.slice(0, 8) });
      }
    }
  }
  return out;
}

export interface CheckResult {
  sample: CheckSample;
  bio: string;
  backstory: string;
  bioProblems: string[];
  backstoryProblems: string[];
}

/** Write a bio and a backstory for each sample (good, or contradicting) and check both. */
export function runChecks(samples: readonly CheckSample[], contradict: Contradict): CheckResult[] {
  return samples.map((sample) => {
    const { world, profile, identity, person, terms } = sample;
    const goodBio = bioText(person, world, terms);
    const bio = contradict === false ? goodBio : bioText(person, world, terms, contradict);
    const backstory = backstoryText(person, goodBio, world, terms, contradict);
    return {
      sample,
      bio,
      backstory,
      bioProblems: checkConsistency(identity, bio, { stage: 'bio', profile }),
      backstoryProblems: checkConsistency(identity, backstory, { stage: 'backstory', profile }),
    };
  });
}

const share = (results: readonly CheckResult[], flagged: (r: CheckResult) => boolean) =>
  results.length ? results.filter(flagged).length / results.length : 0;

export async function checksBench(): Promise<{
  falsePositiveRate: { bio: number; backstory: number };
  contradictCaught: { bio: number; backstory: number };
  samples: number;
}> {
  const samples = await checkSamples(CHECK_WORLDS, 250);
  const good = runChecks(samples, false);
  const bad = runChecks(samples, true);
  return {
    falsePositiveRate: { bio: share(good, (r) => r.bioProblems.length > 0), backstory: share(good, (r) => r.backstoryProblems.length > 0) },
    contradictCaught: { bio: share(bad, (r) => r.bioProblems.length > 0), backstory: share(bad, (r) => r.backstoryProblems.length > 0) },
    samples: samples.length,
  };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  checksBench()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
