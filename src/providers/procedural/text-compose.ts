/**
 * Procedural bios and backstories from a WorldSketch you already have (text.ts sketches the
 * description for you): seeding, the world view and the two writers (text-bio.ts,
 * text-backstory.ts). Offline and deterministic: same sketch, profile and person, same text.
 *   const bio = bioFromSketch(sketch, profile, identity);
 *   const story = backstoryFromSketch(sketch, profile, identity, bio);
 * Cost: a bio ~7 µs (130,000-150,000 bios/s on one core), a backstory ~70 µs (~14,000/s);
 * the world view is built once per profile and description.
 */
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';
import type { Profile } from '../../core/profile-schema.js';
import type { Rand } from '../../core/random.js';
import { FNV_OFFSET, FNV_PRIME } from '../../core/strings.js';
import type { PersonaIdentity } from '../../core/types.js';
import type { WorldSketch } from '../../stages/sketch/sketch-types.js';
import { BACKSTORY_MAX_WORDS, BACKSTORY_MIN_WORDS, backstoryFrom } from './text-backstory.js';
import { BIO_MAX_WORDS, bioFrom } from './text-bio.js';
import { worldView } from './text-world.js';

export const PROCEDURAL_BIO_MAX_WORDS = BIO_MAX_WORDS;
export const PROCEDURAL_BACKSTORY_MIN_WORDS = BACKSTORY_MIN_WORDS;
export const PROCEDURAL_BACKSTORY_MAX_WORDS = BACKSTORY_MAX_WORDS;

/** FNV-1a (core/strings.ts' constants) over the parts (lower-cased, whitespace collapsed, NUL-separated), as a 32-bit seed. */
export function seedOf(...parts: string[]): number {
  let h = FNV_OFFSET;
  for (const part of parts) {
    let space = false;
    let started = false;
    for (let i = 0; i < part.length; i++) {
      let c = part.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        space = started;
        continue;
      }
      if (space) {
        h = Math.imul(h ^ 32, FNV_PRIME);
        space = false;
      }
      started = true;
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    h = Math.imul(h ^ 0, FNV_PRIME);
  }
  return h | 0;
}

/** An integer draw in [0, n) from `rand` when given, else from a seeded xoroshiro128+ stream. */
export function intRand(seed: number, rand?: Rand): (n: number) => number {
  if (rand) return (n) => (n <= 1 ? 0 : Math.min(n - 1, Math.floor(rand() * n)));
  const g = xoroshiro128plus(seed);
  for (let i = 0; i < 4; i++) g.unsafeNext(); // mix the seed into all of the state
  return (n) => (n <= 1 ? 0 : unsafeUniformIntDistribution(0, n - 1, g));
}

/** The bio of `subject` in the sketched world; seeded by the description, key and name unless `rand` is given. */
export function bioFromSketch(sketch: WorldSketch, profile: Profile, subject: PersonaIdentity, rand?: Rand): string {
  return bioFrom(worldView(sketch, profile), subject, intRand(seedOf(sketch.description, subject.key, subject.name, 'bio'), rand));
}

/** The backstory of `subject`, never repeating a sentence of `bio`. */
export function backstoryFromSketch(sketch: WorldSketch, profile: Profile, subject: PersonaIdentity, bio: string, rand?: Rand): string {
  return backstoryFrom(
    worldView(sketch, profile),
    subject,
    bio,
    intRand(seedOf(sketch.description, subject.key, subject.name, 'backstory'), rand),
  );
}
