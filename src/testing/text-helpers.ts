/**
 * Small deterministic text helpers for the loopback LLM test server's auto replies: a stable
 * string hash, hash-driven picks and shuffles, word counting, "a"/"an" and the content words
 * of a world description. Nothing random: the same input always gives the same text.
 *   pick(['a', 'b', 'c'], 'Aiko Tanaka', 'opener') // always the same entry for that name
 * Cost: linear in the input strings; no state.
 */
import { fnv1a } from '../core/strings.js';

/** FNV-1a, 32 bit (core/strings.ts). Stable across runs and platforms. */
export function hashString(text: string): number {
  return fnv1a(text);
}

/** One entry of `items`, chosen by `key` and `salt` (different salts pick independently). */
export function pick<T>(items: readonly T[], key: string, salt: string): T {
  if (items.length === 0) throw new RangeError('pick() needs at least one item');
  return items[hashString(`${key}|${salt}`) % items.length]!;
}

/** A copy of `items` in an order fixed by `key`. */
export function shuffleBy<T>(items: readonly T[], key: string, salt: string): T[] {
  return items
    .map((item, i) => ({ item, rank: hashString(`${key}|${salt}|${i}`) }))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.item);
}

export function wordCount(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}

/** "a" or "an" for the word that follows ("an 18-year-old", "an 80-year-old", "a 34-year-old"). */
export function article(next: string): 'a' | 'an' {
  const digits = /^(\d+)/.exec(next)?.[1];
  if (digits) return digits.startsWith('8') || digits === '11' || digits === '18' ? 'an' : 'a';
  return /^[aeiou]/i.test(next) ? 'an' : 'a';
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const STOP_WORDS = new Set(
  (
    'the and with where which that this from into their there they them have has had been were was are for but not ' +
    "its it's over under than then when what who whom whose your you our all any some each every only also very much many " +
    'more most such upon onto about after before while between against through during without within world people game ' +
    'here just like will would could should shall must being other these those among across around along ' +
    'rule rules ruled sell sells sold live lives lived make makes made keep keeps kept take takes took give gives gave ' +
    'come comes came know knows knew find finds found tell tells told seem seems become becomes still even ever never'
  ).split(' '),
);

/**
 * The description's content words, in order of first use, without duplicates (case-insensitive):
 * at least four letters and not a stop word. "A rain-soaked neo-Tokyo where megacorps rule"
 * gives ["rain-soaked", "neo-Tokyo", "megacorps", "rule"].
 */
export function worldWords(description: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const m of description.matchAll(/\p{L}[\p{L}\p{N}'’-]*/gu)) {
    const word = m[0].replace(/['’-]+$/u, '');
    const lower = word.toLowerCase();
    if (word.length < 4 || STOP_WORDS.has(lower) || seen.has(lower)) continue;
    seen.add(lower);
    words.push(word.slice(0, 40));
  }
  return words;
}

/** Two distinct world words for `key`, with fallbacks when the description has too few. */
export function worldPair(description: string, key: string): [string, string] {
  const words = worldWords(description);
  const fallback = ['the old streets', 'the market'];
  if (words.length === 0) return [fallback[0]!, fallback[1]!];
  if (words.length === 1) return [words[0]!, fallback[1]!];
  const first = hashString(`${key}|w1`) % words.length;
  const step = 1 + (hashString(`${key}|w2`) % (words.length - 1));
  return [words[first]!, words[(first + step) % words.length]!];
}

/** Pronouns of a person by gender ('female', 'male', or anything else: they/them/their). */
export interface Pronouns {
  obj: string;
  pos: string;
  self: string;
}
export function pronounsFor(gender: 'female' | 'male' | null): Pronouns {
  if (gender === 'female') return { obj: 'her', pos: 'her', self: 'herself' };
  if (gender === 'male') return { obj: 'him', pos: 'his', self: 'himself' };
  return { obj: 'them', pos: 'their', self: 'themselves' };
}
