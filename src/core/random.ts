/**
 * Seeded randomness: a PRNG stream from a string seed (pure-rand's xoroshiro128+), so the
 * same (world fingerprint, NPC key) gives the same person on any machine, forever.
 *   const rand = seededRandom(`${fingerprint}|${key}`);
 *   rand() // 0.4173... in [0, 1)
 * Cost: one SHA-256 per stream; each draw is a few integer operations.
 */
import { createHash } from 'node:crypto';
import { xoroshiro128plus } from 'pure-rand';

/** A float in [0, 1) per call, deterministic for a given seed string. */
export type Rand = () => number;

export function seededRandom(seed: string): Rand {
  const digest = createHash('sha256').update(seed).digest();
  const rng = xoroshiro128plus(digest.readInt32LE(0) ^ digest.readInt32LE(4));
  return () => (rng.unsafeNext() >>> 0) / 4294967296;
}

/** Pick by weight; `items` must be non-empty with positive weights. */
export function weightedPick<T>(items: readonly T[], weight: (item: T) => number, rand: Rand): T {
  let total = 0;
  for (const item of items) total += weight(item);
  let roll = rand() * total;
  for (const item of items) {
    roll -= weight(item);
    if (roll < 0) return item;
  }
  return items[items.length - 1]!;
}
