/**
 * Text quality signals the project computes about itself (how alike its texts are): word-trigram
 * Jaccard similarity and the near-duplicate rate of a set of texts (e.g. the bios of one
 * world). The engine's metrics, the benchmark and the tests reuse these.
 *   trigramJaccard('a b c d', 'a b c e'); // 0.333...
 *   nearDuplicateRate(bios);               // 0.004: 0.4% of bios have a near twin
 * Cost: trigramJaccard is O(words); nearDuplicateRate is O(n^2 x trigrams): ~0.5 s for
 * 1,000 bios of ~35 words. Use it on samples, not on every request.
 */

/** A word, for word trigrams (engine/near-duplicates.ts hashes the same shingles). */
export const TRIGRAM_WORD = /[\p{L}\p{N}'’-]+/gu;

/** Lower-cased word trigrams (words are runs of letters, digits, apostrophes and hyphens). */

export function wordTrigrams(text: string): Set<string> {
  const words = text.toLowerCase().match(TRIGRAM_WORD) ?? [];
  const grams = new Set<string>();
  if (words.length < 3) {
    if (words.length) grams.add(words.join(' '));
    return grams;
  }
  for (let i = 0; i + 2 < words.length; i++) grams.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return grams;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const g of small) if (large.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}

/** |shared trigrams| / |all trigrams| of two texts: 1 for identical wording, 0 for none shared. */
export function trigramJaccard(a: string, b: string): number {
  return jaccard(wordTrigrams(a), wordTrigrams(b));
}

/**
 * Share of texts (0-1) that have at least one other text in the set with trigram Jaccard
 * above `threshold`, i.e. how many would be flagged as a near-duplicate of another.
 */
export function nearDuplicateRate(texts: readonly string[], threshold = 0.5): number {
  if (texts.length < 2) return 0;
  const grams = texts.map(wordTrigrams);
  const flagged = new Uint8Array(texts.length);
  for (let i = 0; i < grams.length; i++) {
    for (let j = i + 1; j < grams.length; j++) {
      if (flagged[i] && flagged[j]) continue;
      if (jaccard(grams[i]!, grams[j]!) > threshold) flagged[i] = flagged[j] = 1;
    }
  }
  let n = 0;
  for (const f of flagged) n += f;
  return n / texts.length;
}
