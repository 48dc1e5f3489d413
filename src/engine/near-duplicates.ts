/**
 * The online near-duplicate check: each world's model-written bios as sets of word trigrams,
 * with an inverted index, so a new bio is compared with the world's cast before it is kept.
 * Similarity is the Jaccard index of the two trigram sets (core/quality.ts's shingles and
 * measure, which the benchmark reports): above the
 * threshold (0.5 by default) the text writer writes the bio again once, then flags it.
 *   const index = new NearDuplicateIndex({ threshold: 0.5 });
 *   index.nearest('w\u0000fp', text, 'smith-1'); // { key: 'baker-2', similarity: 0.62 } | null
 *   index.add('w\u0000fp', 'smith-1', text);
 * It holds what this process has seen (bios written here, and bios read back from the store
 * for personas it served), up to `perWorld` bios per world and `worlds` worlds (oldest out).
 * Shingling is small and specific enough to write here (MinHash libraries on npm are
 * unmaintained, and exact trigram sets are cheap at a world's size).
 * Cost: a check is O(trigrams x postings) integer work, ~20-100 us for a 40-word bio against a
 * 1,000-bio cast; memory ~1 KiB per bio.
 */
import { LRUCache } from 'lru-cache';
import { TRIGRAM_WORD } from '../core/quality.js';
import { FNV_OFFSET, FNV_PRIME, fnv1aMix as mix } from '../core/strings.js';

const WORD = new RegExp(TRIGRAM_WORD.source, TRIGRAM_WORD.flags);

export interface NearDuplicateOptions {
  /** Jaccard similarity above which two bios are near-duplicates. Default: 0.5. */
  threshold?: number;
  /** Bios kept per world (oldest forgotten first). Default: 5,000. */
  perWorld?: number;
  /** Worlds kept (least recently used forgotten). Default: 256. */
  worlds?: number;
}

export interface NearestBio {
  key: string;
  similarity: number;
}

/** One world's bios: slots (small integers) so a check counts shared trigrams in a typed array. */
class WorldCast {
  /** Trigram hash -> the slot, or slots, whose bio has it (most trigrams are in one bio: a bare number). */
  readonly postings = new Map<number, number | number[]>();
  /** Key -> slot, in insertion order (a Map keeps it: oldest first). */
  readonly slots = new Map<string, number>();
  keys: string[] = [];
  sets: Array<Uint32Array | undefined> = [];
  free: number[] = [];
  /** Shared-trigram counts per slot, reused by every check (zeroed after use). */
  counts = new Int32Array(64);
}

const SPACE = 32;

/**
 * The text's distinct word trigrams, hashed (FNV-1a of "w1 w2 w3": the same shingles as
 * core/quality.ts's wordTrigrams, hashed without building the trigram strings), sorted.
 */
export function trigramSet(text: string): Uint32Array {
  const words = text.toLowerCase().match(WORD) ?? [];
  if (words.length < 3) return words.length ? Uint32Array.of(mix(FNV_OFFSET, words.join(' ')) >>> 0) : new Uint32Array(0);
  const hashes = new Uint32Array(words.length - 2);
  for (let i = 0; i + 2 < words.length; i++) {
    let h = mix(FNV_OFFSET, words[i]!);
    h = Math.imul(h ^ SPACE, FNV_PRIME);
    h = mix(h, words[i + 1]!);
    h = Math.imul(h ^ SPACE, FNV_PRIME);
    hashes[i] = mix(h, words[i + 2]!) >>> 0;
  }
  hashes.sort();
  let n = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[n - 1]) hashes[n++] = hashes[i]!;
  return hashes.subarray(0, n);
}

export class NearDuplicateIndex {
  readonly threshold: number;
  private readonly perWorld: number;
  private readonly casts: LRUCache<string, WorldCast>;
  /** The last text shingled (a bio is checked, then added). */
  private last: { text: string; set: Uint32Array } = { text: '', set: new Uint32Array(0) };

  constructor(options: NearDuplicateOptions = {}) {
    this.threshold = options.threshold ?? 0.5;
    this.perWorld = options.perWorld ?? 5_000;
    this.casts = new LRUCache({ max: options.worlds ?? 256 });
  }

  /** The most similar bio of `world`'s cast above the threshold (another key than `self`), or null. */
  nearest(world: string, text: string, self?: string): NearestBio | null {
    const cast = this.casts.get(world);
    if (!cast) return null;
    const mine = this.shingles(text);
    if (!mine.length) return null;
    const skip = self === undefined ? -1 : (cast.slots.get(self) ?? -1);
    const { counts } = cast;
    const touched: number[] = [];
    for (const t of mine) {
      const slots = cast.postings.get(t);
      if (slots === undefined) continue;
      if (typeof slots === 'number') {
        const n = counts[slots]!;
        counts[slots] = n + 1;
        if (n === 0) touched.push(slots);
        continue;
      }
      for (const slot of slots) {
        const n = counts[slot]!;
        counts[slot] = n + 1;
        if (n === 0) touched.push(slot);
      }
    }
    let best: NearestBio | null = null;
    for (const slot of touched) {
      const n = counts[slot]!;
      counts[slot] = 0;
      if (slot === skip) continue;
      const other = cast.sets[slot]!;
      const similarity = n / (mine.length + other.length - n);
      if (similarity > this.threshold && (!best || similarity > best.similarity)) best = { key: cast.keys[slot]!, similarity };
    }
    return best;
  }

  /** Remember `key`'s bio in `world`'s cast (replacing its earlier bio). */
  add(world: string, key: string, text: string): void {
    let cast = this.casts.get(world);
    if (!cast) this.casts.set(world, (cast = new WorldCast()));
    this.remove(cast, key);
    const set = this.shingles(text);
    if (!set.length) return;
    const slot = cast.free.pop() ?? cast.keys.length;
    if (slot >= cast.counts.length) {
      const grown = new Int32Array(cast.counts.length * 2);
      grown.set(cast.counts);
      cast.counts = grown;
    }
    cast.keys[slot] = key;
    cast.sets[slot] = set;
    cast.slots.set(key, slot);
    for (const t of set) {
      const slots = cast.postings.get(t);
      if (slots === undefined) cast.postings.set(t, slot);
      else if (typeof slots === 'number') cast.postings.set(t, [slots, slot]);
      else slots.push(slot);
    }
    if (cast.slots.size > this.perWorld) {
      const oldest = cast.slots.keys().next().value;
      if (oldest !== undefined) this.remove(cast, oldest);
    }
  }

  /** Bios held for `world`. */
  size(world: string): number {
    return this.casts.get(world)?.slots.size ?? 0;
  }

  private shingles(text: string): Uint32Array {
    if (this.last.text !== text) this.last = { text, set: trigramSet(text) };
    return this.last.set;
  }

  private remove(cast: WorldCast, key: string): void {
    const slot = cast.slots.get(key);
    if (slot === undefined) return;
    const set = cast.sets[slot]!;
    cast.slots.delete(key);
    cast.sets[slot] = undefined;
    cast.free.push(slot);
    for (const t of set) {
      const slots = cast.postings.get(t);
      if (slots === undefined) continue;
      if (typeof slots === 'number') {
        if (slots === slot) cast.postings.delete(t);
        continue;
      }
      const at = slots.indexOf(slot);
      if (at < 0) continue;
      slots[at] = slots[slots.length - 1]!;
      slots.pop();
      if (slots.length === 1) cast.postings.set(t, slots[0]!);
    }
  }
}
