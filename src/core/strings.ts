/**
 * Small string helpers shared across layers: FNV-1a hashing (seeds, shingles, stable picks),
 * regex escaping, and fresh persona keys for NPCs spawned without one.
 *   fnv1a('Aiko Tanaka')                 // 32-bit unsigned, stable across runs and platforms
 *   new RegExp(escapeRegExp('a.b (c)'))  // matches the text literally
 *   freshPersonaKey()                    // 'npc-1f3a9c0d2b4e'
 * Cost: linear in the input; freshPersonaKey draws 6 random bytes.
 */
import { randomUUID } from 'node:crypto';

/** FNV-1a's offset basis and prime (32 bit). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** Continue an FNV-1a hash `h` over the UTF-16 units of `text` (not yet made unsigned: finish with `>>> 0`). */
export function fnv1aMix(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** FNV-1a, 32 bit, unsigned. Stable across runs and platforms. */
export function fnv1a(text: string): number {
  return fnv1aMix(FNV_OFFSET, text) >>> 0;
}

/** `text` with every regex metacharacter escaped, for `new RegExp(...)`. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A fresh key for an NPC spawned without one (pool entries, unkeyed spawns). */
export function freshPersonaKey(): string {
  return `npc-${randomUUID().slice(0, 12)}`;
}
