/**
 * Backstory checks of the consistency contract beyond the core traits: marital status and
 * faction. Conservative by design (explicit phrases about the person only, target: no false
 * alarm on a good text):
 * - marital status, when the traits have one (a variable named like "marital_status"):
 *   widowed vs "<person> never married" / "<person> is unmarried"; single vs "his wife" /
 *   "her husband" (the person's own possessive, not "late"/"former"/"future"), "<person> is
 *   married", "<person>, a widower"; married vs "<person> is widowed", "<person>, a widow",
 *   "<person> never married"; divorced vs "<person> never married".
 * - faction, when the profile has a faction-like categorical variable: the text says the
 *   person belongs to another option ("<person> ... loyal to / a member of / sworn to ...
 *   <other option>") and never names the person's own.
 *   maritalProblem(identity, 'male', text) // null or 'says "he is a widower", but ... is single'
 * Cost: a few precompiled regexes and indexOf scans per text; nothing compiled per person.
 */
import { LRUCache } from 'lru-cache';
import type { Profile } from '../core/profile-schema.js';
import { escapeRegExp } from '../core/strings.js';
import type { PersonaIdentity } from '../core/types.js';
import type { BinaryGender } from './consistency-gender.js';

type Status = 'single' | 'married' | 'widowed' | 'divorced';

/** The variable holding marital status ("marital_status", "marital", "married"...), or null. */
export function maritalVariable(identity: PersonaIdentity): string | null {
  for (const n of Object.keys(identity.traits)) if (/marital|marriage|spouse/i.test(n)) return n;
  return null;
}

function statusOf(value: string): Status | null {
  const v = value.trim().toLowerCase();
  if (/widow/.test(v)) return 'widowed';
  if (/divorc/.test(v)) return 'divorced';
  if (/^(?:single|unmarried|never married|never-married|unwed|bachelor|spinster)$/.test(v)) return 'single';
  if (/^(?:married|contract-married|wed|wedded)$/.test(v)) return 'married';
  return null;
}

/** Claims about a person, found with fixed regexes; the words just before a claim must name the person. */
const NEVER_MARRIED =
  /,? (?:has |had )?(?:never (?:been )?(?:married|wed)|(?:is|was|remains|remained|has always been|stayed) (?:unmarried|unwed|a bachelor|a spinster))(?![\p{L}\p{N}])/giu;
const IS_MARRIED = / (?:is|has been) (?:happily )?married(?![\p{L}\p{N}])/giu;
const IS_WIDOWED =
  /,? (?:(?:is|was|has been|became) (?:widowed|a widow|a widower)|a (?:widow|widower)|(?:lost|buried) (?:his|her|their) (?:wife|husband|spouse))(?![\p{L}\p{N}])/giu;
const SPOUSE_AFTER =
  /^ (?!(?:late|former|dead|deceased|first|future|ex|would-be|intended|betrothed|lost)(?![\p{L}\p{N}]))(?:wife|husband|spouse)(?![\p{L}\p{N}-])/iu;
const WORDISH = /[\p{L}\p{N}]/u;

/** Does `before` end with one of `subjects` as a whole word (case-insensitive)? */
function endsWithSubject(before: string, subjects: readonly string[]): boolean {
  const lower = before.toLowerCase();
  return subjects.some((s) => lower.endsWith(s) && !WORDISH.test(before.charAt(before.length - s.length - 1)));
}

/** The first claim of `re` made about the person (subjects lower-cased), or null. */
function claim(text: string, re: RegExp, subjects: readonly string[]): string | null {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (endsWithSubject(text.slice(Math.max(0, m.index - 80), m.index), subjects)) return m[0].replace(/^,? /, '');
  }
  return null;
}

/** "his wife" / "her husband" (own possessive, not late/former/future...), or null. */
function ownSpouse(text: string, gender: BinaryGender | null): string | null {
  if (gender === null) return null;
  const possessive = gender === 'female' ? 'her' : 'his';
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(possessive); at >= 0; at = lower.indexOf(possessive, at + 1)) {
    if (at > 0 && WORDISH.test(text.charAt(at - 1))) continue;
    const m = SPOUSE_AFTER.exec(text.slice(at + possessive.length, at + possessive.length + 40));
    if (m) return `${text.slice(at, at + possessive.length)}${m[0]}`;
  }
  return null;
}

/** The marital-status problem of a backstory, or null. */
export function maritalProblem(identity: PersonaIdentity, gender: BinaryGender | null, text: string): string | null {
  const variable = maritalVariable(identity);
  if (variable === null) return null;
  const value = identity.traits[variable];
  if (typeof value !== 'string') return null;
  const status = statusOf(value);
  if (status === null) return null;
  const given = identity.name.split(/\s+/)[0] ?? identity.name;
  const subjects = [identity.name.toLowerCase(), given.toLowerCase(), ...(gender === 'female' ? ['she'] : gender === 'male' ? ['he'] : [])];
  let said: string | null = null;
  if (status === 'widowed' || status === 'married' || status === 'divorced') said = claim(text, NEVER_MARRIED, subjects);
  if (said === null && status === 'married') said = claim(text, IS_WIDOWED, subjects);
  if (said === null && status === 'single')
    said = claim(text, IS_MARRIED, subjects) ?? claim(text, IS_WIDOWED, subjects) ?? ownSpouse(text, gender);
  return said === null ? null : `says "${said}", but ${identity.name} is ${value}`;
}

const FACTION_NAME = /(?:^|_)(?:factions?|allegiances?|loyalty|loyalties|affiliations?|guild|clan|party|side)(?:_|$)/i;
const CUES =
  '(?:a member of|members of|loyal to|sworn to|belongs to|belonged to|joined|sides with|sided with|fights for|fought for|allegiance to|one of|runs with|answers to|stands with)';

interface FactionPatterns {
  variable: string;
  options: string[];
}

/** The profile's faction-like categorical variable that this person has a value for, or null. */
function factionOf(profile: Profile, identity: PersonaIdentity): FactionPatterns | null {
  for (const v of profile.variables) {
    if (v.kind !== 'categorical' || !FACTION_NAME.test(v.name) || !Object.hasOwn(identity.traits, v.name)) continue;
    return { variable: v.name, options: v.options.map((o) => o.value) };
  }
  return null;
}

const bare = (option: string) => option.replace(/^the\s+/i, '').trim();
const OPTION_RES = new LRUCache<string, RegExp>({ max: 2_000 });

/** "<cue> (the )?<option>" as a whole phrase. */
function optionRe(option: string): RegExp {
  let re = OPTION_RES.get(option);
  if (!re) {
    re = new RegExp(`${CUES} (?:the )?${escapeRegExp(bare(option))}(?![\\p{L}\\p{N}])`, 'iu');
    OPTION_RES.set(option, re);
  }
  return re;
}

/** The faction problem of a backstory, or null (needs the profile for the other options). */
export function factionProblem(
  identity: PersonaIdentity,
  profile: Profile | null | undefined,
  gender: BinaryGender | null,
  text: string,
  mentions: (text: string, phrase: string) => boolean,
): string | null {
  if (!profile) return null;
  const faction = factionOf(profile, identity);
  if (!faction) return null;
  const own = identity.traits[faction.variable];
  if (typeof own !== 'string' || !bare(own)) return null;
  if (mentions(text, own) || mentions(text, bare(own))) return null;
  const given = identity.name.split(/\s+/)[0] ?? identity.name;
  const subjects = [identity.name, given, ...(gender === 'female' ? ['she'] : gender === 'male' ? ['he'] : [])];
  for (const option of faction.options) {
    if (option === own || bare(option).toLowerCase() === bare(own).toLowerCase() || !bare(option)) continue;
    // The own value's words inside another option ("the elders" in "the village elders") do not count.
    const m = optionRe(option).exec(text);
    if (!m) continue;
    // The claim must be about the person: their name or own pronoun earlier in the same sentence.
    const start =
      Math.max(
        text.lastIndexOf('.', m.index),
        text.lastIndexOf('!', m.index),
        text.lastIndexOf('?', m.index),
        text.lastIndexOf('\n', m.index),
      ) + 1;
    const before = text.slice(start, m.index);
    if (!subjects.some((s) => mentions(before, s))) continue;
    return `says ${identity.name} is with ${option}, but ${identity.name}'s ${faction.variable.replace(/_/g, ' ')} is ${own}`;
  }
  return null;
}
