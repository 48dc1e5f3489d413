/**
 * Consistency check: does a text describe the person its traits say? Run on every backstory
 * (and used as hint fidelity on bios). It looks for the name, the age (any "N-year-old",
 * "aged N", "N years old" that disagrees is a contradiction), the occupation and every
 * free-text hint. Problems come back as sentences the regeneration prompt can show the model.
 *   checkConsistency(identity, text) // [] or ['states age 58, but the person is 41', ...]
 * Cost: a few linear scans of the text; no model call.
 */
import type { PersonaIdentity } from '../core/types.js';

const AGE_PATTERNS = [
  /\b(\d{1,3})[- ]years?[- ]old\b/gi,
  /\baged? (\d{1,3})\b/gi,
  /\b(\d{1,3}) years of age\b/gi,
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function mentions(text: string, phrase: string): boolean {
  const p = phrase.trim();
  if (!p) return true;
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(p)}(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

/** Ages stated in a text, in order. */
export function statedAges(text: string): number[] {
  const ages: number[] = [];
  for (const re of AGE_PATTERNS) for (const m of text.matchAll(re)) ages.push(Number(m[1]));
  return ages;
}

export interface ConsistencyOptions {
  /** Require the occupation to be named (on for backstories). Default: true. */
  occupation?: boolean;
}

export function checkConsistency(identity: PersonaIdentity, text: string, options: ConsistencyOptions = {}): string[] {
  const problems: string[] = [];
  const given = identity.name.split(/\s+/)[0] ?? identity.name;
  if (!mentions(text, identity.name) && !mentions(text, given)) problems.push(`never names the person: their name is "${identity.name}"`);

  const age = identity.traits.age;
  if (typeof age === 'number') {
    const wrong = statedAges(text).filter((a) => a !== age);
    if (wrong.length) problems.push(`states age ${wrong[0]}, but ${identity.name} is ${age}`);
  }

  const occupation = identity.traits.occupation;
  if ((options.occupation ?? true) && typeof occupation === 'string' && occupation) {
    const head = occupation.split(/\s+/).at(-1) ?? occupation;
    if (!mentions(text, occupation) && !mentions(text, head)) problems.push(`does not say that ${identity.name} is a ${occupation}`);
  }

  for (const hint of identity.hints) {
    if (!mentions(text, hint)) problems.push(`leaves out the trait "${hint}"`);
  }
  return problems;
}

/** Share of hints that appear verbatim (1 when there are none). */
export function hintFidelity(identity: PersonaIdentity, text: string): number {
  if (!identity.hints.length) return 1;
  return identity.hints.filter((h) => mentions(text, h)).length / identity.hints.length;
}
