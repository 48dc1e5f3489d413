/**
 * Consistency check: does a text describe the person its traits say? Run on every bio and
 * every backstory. Both stages: the name (full or given), the stated age (an "N-year-old",
 * "aged N", "N years old" about the person now that disagrees; "at 12 years old", "when she
 * was 12", "her 9-year-old son" are not the person's age now), the occupation and every
 * free-text hint (verbatim, inflected or paraphrased: consistency-words.ts), and gender by
 * pronouns (consistency-gender.ts). Backstories also: marital status and faction
 * (consistency-marital.ts). Every check is conservative: a problem is a clear contradiction
 * or a missing fact, never a guess. Problems come back as sentences the regeneration prompt
 * can show the model.
 *   checkConsistency(identity, text, { stage: 'bio', profile }) // [] or ['states age 58, but ... is 41', ...]
 * Cost: a few linear scans of the text and one word index (~20-60 µs for a backstory); no model call.
 */
import { LRUCache } from 'lru-cache';
import type { Profile } from '../core/profile-schema.js';
import { escapeRegExp } from '../core/strings.js';
import type { PersonaIdentity } from '../core/types.js';
import { binaryGender, genderProblem, genderVariable } from './consistency-gender.js';
import { factionProblem, maritalProblem } from './consistency-marital.js';
import { compilePhrase, phraseIn, textWords } from './consistency-words.js';

const AGE_PATTERNS = [/\b(\d{1,3})[- ]years?[- ]old\b/gi, /\baged? (\d{1,3})\b/gi, /\b(\d{1,3}) years of age\b/gi];

/** One Unicode letter or digit, matched at `lastIndex` (a whole code point). Compiled once. */
const WORD = /[\p{L}\p{N}]/uy;
// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const ASCII = /^[\x00-\x7f]*$/;
/**
 * Characters that stop `toLowerCase` from standing in for the `iu` flags' case folding on an
 * ASCII phrase: U+0130 (lower-cases to two code units) and the long s U+017F (folds onto "s"
 * but lower-cases to itself). Without them, a text's lower case is aligned with it code unit
 * for code unit and has an ASCII character exactly where the text has one the regex would
 * match it with (the Kelvin sign both folds and lower-cases to "k"); test/consistency.test.ts
 * checks this for every code point.
 */
const LOWER_CASE_UNSAFE = /[\u0130\u017f]/;
/** The last text lower-cased (null: unsafe): one backstory is checked for several phrases. */
let lastText = '';
let lastLower: string | null = '';
/** Compiled phrases for the non-ASCII path; names repeat across a world's people and texts. */
const PHRASES = new LRUCache<string, RegExp>({ max: 2_000 });

const isLead = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isTrail = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Is the code point starting at `at` a letter or digit? (false at the end of the text) */
function wordAt(text: string, at: number): boolean {
  if (at >= text.length) return false;
  const c = text.charCodeAt(at);
  if (c < 0x80) return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);
  WORD.lastIndex = at;
  return WORD.test(text);
}

/** Is the code point ending just before `at` a letter or digit? (false at the start) */
function wordBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const start = at >= 2 && isTrail(text.charCodeAt(at - 1)) && isLead(text.charCodeAt(at - 2)) ? at - 2 : at - 1;
  return wordAt(text, start);
}

/** ASCII phrase: find it in the text's lower case, check its ends in the text. */
function mentionsAscii(text: string, lower: string, phrase: string): boolean {
  const needle = phrase.toLowerCase();
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
    if (!wordBefore(text, at) && !wordAt(text, at + needle.length)) return true;
  }
  return false;
}

/** Any phrase: find each case-insensitive occurrence with a literal regex, check its ends. */
function mentionsUnicode(text: string, phrase: string): boolean {
  let re = PHRASES.get(phrase);
  if (!re) PHRASES.set(phrase, (re = new RegExp(escapeRegExp(phrase), 'giu')));
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index;
    if (!wordBefore(text, at) && !wordAt(text, at + m[0].length)) return true;
    // Next start: the following code point (a match never starts inside a surrogate pair).
    re.lastIndex = at + (isLead(text.charCodeAt(at)) && isTrail(text.charCodeAt(at + 1)) ? 2 : 1);
  }
  return false;
}

/**
 * Does `text` name `phrase` as a whole word, ignoring case? Same answer as
 * `new RegExp(\`(^|[^\\p{L}\\p{N}])${escapeRegExp(p)}(?=$|[^\\p{L}\\p{N}])\`, 'iu').test(text)`
 * (p the trimmed phrase), which cost 0.4-0.6 ms per backstory to compile; this compiles nothing
 * for ASCII phrases (`indexOf` on the lower-cased text) and caches the regexes of the rest.
 * An empty phrase is always mentioned. Exported for its equivalence test.
 */
export function mentions(text: string, phrase: string): boolean {
  const p = phrase.trim();
  if (!p) return true;
  if (ASCII.test(p)) {
    if (text !== lastText) {
      lastText = text;
      lastLower = LOWER_CASE_UNSAFE.test(text) ? null : text.toLowerCase();
    }
    if (lastLower !== null) return mentionsAscii(text, lastLower, p);
  }
  return mentionsUnicode(text, p);
}

/** Ages stated in a text, in order (any mention, whoever it is about). */
export function statedAges(text: string): number[] {
  const ages: number[] = [];
  for (const re of AGE_PATTERNS) for (const m of text.matchAll(re)) ages.push(Number(m[1]));
  return ages;
}

/** Words before an age that put it in the past or on someone else ("at 12 years old", "when she was 12"). */
const PAST_BEFORE =
  /(?:^|[^\p{L}\p{N}])(?:at|when|by|until|till|since|from|as|once|turned|turning|was|were|then|age of|aged|before|after|like)(?: (?:a|an|the|just|only|barely|nearly|almost|about|around))?\s*$/iu;
/** Who an "N-year-old" is when it is not the person: "her 9-year-old son". */
const OTHER_AFTER =
  /^[\s-]*(?:daughters?|sons?|child|children|kids?|boys?|girls?|brothers?|sisters?|nephews?|nieces?|grand(?:son|daughter|child)(?:ren|s)?|twins?|siblings?|wife|husband|mother|father|horses?|dogs?|mares?|cats?|self|selves|version)\b/iu;

/** Ages the text states as the person's age now (statedAges minus past and other people's ages). */
export function currentAges(text: string): number[] {
  const ages: number[] = [];
  for (const re of AGE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const at = m.index;
      if (PAST_BEFORE.test(text.slice(Math.max(0, at - 24), at))) continue;
      if (re === AGE_PATTERNS[0] && OTHER_AFTER.test(text.slice(at + m[0].length, at + m[0].length + 24))) continue;
      ages.push(Number(m[1]));
    }
  }
  return ages;
}

export interface ConsistencyOptions {
  /** Which text this is: bios get name, age, occupation, hints and gender; backstories also marital status and faction. Default: 'backstory'. */
  stage?: 'bio' | 'backstory';
  /** The world's profile: needed for the faction check (the other options) and to find the gender variable. */
  profile?: Profile | null;
  /** Require the occupation to be named (verbatim, its head word or paraphrased). Default: true. */
  occupation?: boolean;
}

/** Is a phrase (hint, occupation) in the text: verbatim, or its content words inflected or paraphrased nearby? */
export function phraseMentioned(text: string, phrase: string): boolean {
  if (mentions(text, phrase)) return true;
  const compiled = compilePhrase(phrase);
  if (compiled.unspaced && text.toLowerCase().includes(phrase.trim().toLowerCase())) return true;
  return phraseIn(textWords(text), compiled);
}

export function checkConsistency(identity: PersonaIdentity, text: string, options: ConsistencyOptions = {}): string[] {
  const problems: string[] = [];
  const stage = options.stage ?? 'backstory';
  const given = identity.name.split(/\s+/)[0] ?? identity.name;
  if (!mentions(text, identity.name) && !mentions(text, given)) problems.push(`never names the person: their name is "${identity.name}"`);

  const age = identity.traits.age;
  if (typeof age === 'number') {
    const wrong = currentAges(text).filter((a) => a !== age);
    if (wrong.length) problems.push(`states age ${wrong[0]}, but ${identity.name} is ${age}`);
  }

  const occupation = identity.traits.occupation;
  if ((options.occupation ?? true) && typeof occupation === 'string' && occupation.trim()) {
    const head = occupation.trim().split(/\s+/).at(-1) ?? occupation;
    if (!mentions(text, occupation) && !mentions(text, head) && !phraseMentioned(text, occupation))
      problems.push(`does not say that ${identity.name} is a ${occupation}`);
  }

  for (const hint of identity.hints) {
    if (!phraseMentioned(text, hint)) problems.push(`leaves out the trait "${hint}"`);
  }

  const gender = binaryGender(identity.traits, options.profile);
  if (gender !== null) {
    const value = String(identity.traits[genderVariable(identity.traits, options.profile)!]);
    const problem = genderProblem(gender, identity.name, value, textWords(text));
    if (problem) problems.push(problem);
  }

  if (stage === 'backstory') {
    const marital = maritalProblem(identity, gender, text);
    if (marital) problems.push(marital);
    const faction = factionProblem(identity, options.profile, gender, text, mentions);
    if (faction) problems.push(faction);
  }
  return problems;
}

/** Share of hints the text carries, verbatim or paraphrased (1 when there are none). */
export function hintFidelity(identity: PersonaIdentity, text: string): number {
  if (!identity.hints.length) return 1;
  return identity.hints.filter((h) => phraseMentioned(text, h)).length / identity.hints.length;
}
