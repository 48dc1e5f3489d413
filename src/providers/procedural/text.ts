/**
 * Procedural bios and backstories from the authored fragments in fragments.ts: offline,
 * deterministic (seeded by the world description, the NPC key and the name), grounded in the
 * profile's terms and the person's traits, with every hint word for word. Template-grade,
 * and the records say so (source "procedural").
 *   const bio = proceduralBio(world, profile, identity);
 *   const backstory = proceduralBackstory(world, profile, identity, bio);
 * Cost: templates compile once at load; a bio is ~6 µs and a few small strings (~150,000
 * bios/s on one core), a backstory ~22 µs. No I/O, no regex compiled per call.
 */
import { xoroshiro128plus, unsafeUniformIntDistribution, type RandomGenerator } from 'pure-rand';
import type { Profile } from '../../core/profile-schema.js';
import type { PersonaIdentity, TraitValue } from '../../core/types.js';
import { countWords } from '../../stages/bio.js';
import { genderKey } from '../../stages/names.js';
import * as F from './fragments.js';

export const PROCEDURAL_BIO_MAX_WORDS = 45;
export const PROCEDURAL_BACKSTORY_MIN_WORDS = 150;
export const PROCEDURAL_BACKSTORY_MAX_WORDS = 250;

type Rand = () => number;

/** FNV-1a over the parts (lower-cased, whitespace collapsed, NUL-separated), as a 32-bit seed. */
export function seedOf(...parts: string[]): number {
  let h = 0x811c9dc5;
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
        h = Math.imul(h ^ 32, 0x01000193);
        space = false;
      }
      started = true;
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, 0x01000193);
    }
    h = Math.imul(h ^ 0, 0x01000193);
  }
  return h | 0;
}

function generator(seed: number): RandomGenerator {
  const g = xoroshiro128plus(seed);
  for (let i = 0; i < 4; i++) g.unsafeNext(); // mix the seed into all of the state
  return g;
}

// ---- templates ---------------------------------------------------------------------------

const SLOTS = [
  'name', 'first', 'ageOcc', 'aOcc', 'occ', 'W', 'Wc', 'T', 'they', 'They', 'them', 'their', 'Their', 'is', 'has', 'was', 'says',
  'habitS', 'habitP', 'wantS', 'wantP', 'temper', 'faction', 'faith', 'marital', 'hints', 'parents', 'childhood', 'turning', 'eventAge',
  'how', 'bio', 'memory', 'label', 'value', 'aValue', 'turningP',
] as const;
type SlotName = (typeof SLOTS)[number];
const SLOT: Record<SlotName, number> = Object.fromEntries(SLOTS.map((s, i) => [s, i])) as Record<SlotName, number>;
const NEEDS: Partial<Record<SlotName, number>> = { temper: 1, faction: 2, faith: 4, marital: 8 };

interface Tpl {
  /** Literal strings at even indexes, slot ids at odd ones. */
  readonly parts: readonly (string | number)[];
  readonly needs: number;
}

function compile(text: string): Tpl {
  const parts: (string | number)[] = [];
  let needs = 0;
  let at = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    const slot = m[1] as SlotName;
    if (!(slot in SLOT)) throw new Error(`fragment "${text}" uses unknown slot {${slot}}`);
    parts.push(text.slice(at, m.index), SLOT[slot]);
    needs |= NEEDS[slot] ?? 0;
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return { parts, needs };
}
const all = (list: readonly string[]) => list.map(compile);

const IRREGULAR: Record<string, string> = { have: 'has', be: 'is', do: 'does', go: 'goes' };
const ADVERBS = new Set(['never', 'always', 'rarely', 'often', 'still', 'quietly', 'secretly']);
/** "keep a ledger" -> "keeps a ledger"; "never forget" -> "never forgets". */
export function thirdPerson(phrase: string): string {
  const words = phrase.split(' ');
  const i = ADVERBS.has(words[0]!) ? 1 : 0;
  const v = words[i]!;
  words[i] = IRREGULAR[v] ?? (/(s|sh|ch|x|z|o)$/.test(v) ? `${v}es` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ies` : `${v}s`);
  return words.join(' ');
}

const T = {
  openings: all(F.BIO_OPENINGS), character: all(F.BIO_CHARACTER), characterShort: all(F.BIO_CHARACTER_SHORT), hintFrames: all(F.BIO_HINT_FRAMES),
  habitS: all(F.HABITS.map(thirdPerson)), habitP: all(F.HABITS), wantS: all(F.WANTS.map(thirdPerson)), wantP: all(F.WANTS),
  origins: all(F.ORIGINS), parents: all(F.PARENTS), childhoodFrames: all(F.CHILDHOOD_FRAMES), childhood: all(F.CHILDHOOD),
  turningFrames: all(F.TURNING_FRAMES), turning: all(F.TURNING), turningThey: all(F.TURNING.map((t) => t.replace(/^was /, 'were '))),
  workFrames: all(F.WORK_FRAMES), how: all(F.HOW), bioRefs: all(F.BIO_REFERENCES),
  temper: all(F.TEMPER_LINES), faction: all(F.FACTION_LINES), faith: all(F.FAITH_LINES), marital: all(F.MARITAL_LINES), ancestry: all(F.ANCESTRY_LINES),
  trait: all(F.TRAIT_LINES), hints: all(F.HINT_LINES), place: all(F.PLACE_LINES), memoryFrames: all(F.MEMORY_FRAMES), memories: all(F.MEMORIES),
  desires: all(F.DESIRE_LINES), closings: all(F.CLOSINGS), wProper: all(F.W_PROPER), wThe: all(F.W_THE), wThing: all(F.W_THING),
};

// ---- per-profile view ---------------------------------------------------------------------

/** How a term reads: a named place ("Shinjuku"), a "the ..." place ("the mill"), or a thing ("cyberware"). */
const PROPER = 0;
const THE = 1;
const THING = 2;
interface View {
  terms: readonly string[];
  kinds: readonly number[];
}
const FALLBACK_VIEW: View = { terms: ['these parts'], kinds: [THE] };
const views = new WeakMap<Profile, View>();
function viewOf(profile: Profile): View {
  let v = views.get(profile);
  if (!v) {
    const terms = profile.terms.filter((t) => t.trim().length > 0);
    v = terms.length
      ? { terms, kinds: terms.map((t) => (/^the\s/i.test(t) ? THE : /\p{Lu}/u.test(t) ? PROPER : THING)) }
      : FALLBACK_VIEW;
    views.set(profile, v);
  }
  return v;
}

// ---- rendering ----------------------------------------------------------------------------

const ROLE_KEYS = {
  temper: ['temperament', 'personality', 'temper', 'disposition'],
  faction: ['faction', 'allegiance', 'affiliation', 'guild', 'clan', 'gang', 'house', 'party'],
  faith: ['faith', 'religion', 'belief', 'beliefs', 'creed', 'deity'],
  marital: ['marital_status', 'marital', 'marriage', 'relationship_status'],
  ancestry: ['ancestry', 'race', 'species', 'kin', 'heritage', 'lineage'],
} as const;
type Role = keyof typeof ROLE_KEYS;
const ROLE_OF = new Map<string, Role>(Object.entries(ROLE_KEYS).flatMap(([role, keys]) => keys.map((k) => [k, role as Role] as const)));
const CORE = new Set(['name', 'age', 'gender', 'occupation']);

const PRONOUNS = {
  female: ['she', 'She', 'her', 'her', 'Her', 'is', 'has', 'was', 'says'],
  male: ['he', 'He', 'him', 'his', 'His', 'is', 'has', 'was', 'says'],
  any: ['they', 'They', 'them', 'their', 'Their', 'are', 'have', 'were', 'say'],
} as const;

function article(word: string): string {
  const w = word.toLowerCase();
  if (/^(the|a|an|my|our|their|his|her)\s/.test(w)) return '';
  if (/^(uni|use|usu|ure|eu|one)/.test(w)) return 'a ';
  if (/^[aeiou]/.test(w) || /^(hour|honest|heir|honou?r)/.test(w)) return 'an ';
  return 'a ';
}
function ageArticle(age: string): string {
  return age.startsWith('8') || age === '11' || age === '18' ? 'an ' : 'a ';
}
function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
const str = (v: TraitValue | undefined): string | undefined => (v === undefined || v === '' ? undefined : String(v));

class Ctx {
  readonly pron: readonly string[];
  readonly first: string;
  readonly ageOcc: string;
  readonly aOcc: string;
  readonly occ: string;
  readonly age: number | null;
  readonly hints: string;
  readonly roles: Partial<Record<Role, string>> = {};
  readonly available: number;
  eventAge = '';
  bio = '';
  label = '';
  value = '';
  private lastHabit = -1;

  constructor(
    readonly rand: (n: number) => number,
    readonly view: View,
    readonly subject: PersonaIdentity,
  ) {
    const t = subject.traits;
    this.pron = PRONOUNS[genderKey(String(t.gender ?? ''))];
    this.first = subject.name.split(' ')[0] || subject.name;
    this.occ = str(t.occupation) ?? 'local';
    const age = str(t.age);
    this.age = age !== undefined && Number.isFinite(Number(age)) ? Number(age) : null;
    this.aOcc = article(this.occ) + this.occ;
    this.ageOcc = age === undefined ? this.aOcc : `${ageArticle(age)}${age}-year-old ${this.occ}`;
    this.hints = joinList(subject.hints);
    let available = 0;
    for (const key in t) {
      const role = ROLE_OF.get(key.toLowerCase());
      const value = str(t[key]);
      if (!role || value === undefined || this.roles[role] !== undefined) continue;
      this.roles[role] = value;
      available |= role === 'temper' ? 1 : role === 'faction' ? 2 : role === 'faith' ? 4 : role === 'marital' ? 8 : 0;
    }
    this.available = available;
  }

  pick<X>(list: readonly X[]): X {
    return list[this.rand(list.length)]!;
  }
  /** A template whose needed traits this person has (scans on from a random start). */
  tpl(list: readonly Tpl[]): Tpl {
    const start = this.rand(list.length);
    for (let k = 0; k < list.length; k++) {
      const t = list[(start + k) % list.length]!;
      if ((t.needs & ~this.available) === 0) return t;
    }
    return list[start]!;
  }
  /** A term index, favouring the first terms (the description's own, then the place's). */
  termIndex(): number {
    const n = this.view.terms.length;
    const a = this.rand(n);
    const b = this.rand(n);
    return a < b ? a : b;
  }
  where(): string {
    const i = this.termIndex();
    const kind = this.view.kinds[i]!;
    const list = kind === PROPER ? T.wProper : kind === THE ? T.wThe : T.wThing;
    return this.render(this.pick(list), this.view.terms[i]!);
  }
  habit(list: readonly Tpl[]): string {
    let i = this.rand(list.length);
    if (i === this.lastHabit) i = (i + 1) % list.length;
    this.lastHabit = i;
    return this.render(list[i]!);
  }
  slot(id: number, term: string | undefined): string {
    const p = this.pron;
    // they, They, them, their, Their, is, has, was, says: consecutive slots, in PRONOUNS order.
    if (id >= SLOT.they && id <= SLOT.says) return p[id - SLOT.they]!;
    switch (id) {
      case SLOT.name: return this.subject.name;
      case SLOT.first: return this.first;
      case SLOT.ageOcc: return this.ageOcc;
      case SLOT.aOcc: return this.aOcc;
      case SLOT.occ: return this.occ;
      case SLOT.W: return this.where();
      case SLOT.Wc: { const w = this.where(); return w.charAt(0).toUpperCase() + w.slice(1); }
      case SLOT.T: return term ?? this.view.terms[this.termIndex()]!;
      case SLOT.habitS: return this.habit(T.habitS);
      case SLOT.habitP: return this.habit(p === PRONOUNS.any ? T.habitP : T.habitS);
      case SLOT.wantS: return this.render(this.pick(T.wantS));
      case SLOT.wantP: return this.render(this.pick(p === PRONOUNS.any ? T.wantP : T.wantS));
      case SLOT.temper: return this.roles.temper ?? '';
      case SLOT.faction: return this.roles.faction ?? '';
      case SLOT.faith: return this.roles.faith ?? '';
      case SLOT.marital: return this.roles.marital ?? '';
      case SLOT.hints: return this.hints;
      case SLOT.parents: return this.render(this.pick(T.parents));
      case SLOT.childhood: return this.render(this.pick(T.childhood));
      case SLOT.turning: return this.render(this.pick(T.turning));
      case SLOT.turningP: return this.render(this.pick(p === PRONOUNS.any ? T.turningThey : T.turning));
      case SLOT.eventAge: return this.eventAge;
      case SLOT.how: return this.render(this.pick(T.how));
      case SLOT.bio: return this.bio;
      case SLOT.memory: return this.render(this.pick(T.memories));
      case SLOT.label: return this.label;
      case SLOT.value: return this.value;
      case SLOT.aValue: return article(this.value) + this.value;
      default: return '';
    }
  }
  render(t: Tpl, term?: string): string {
    const parts = t.parts;
    let out = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) out += this.slot(parts[i] as number, term) + (parts[i + 1] as string);
    return out;
  }
}

function randFrom(seed: number, rand?: Rand): (n: number) => number {
  if (rand) return (n) => Math.min(n - 1, Math.floor(rand() * n));
  const g = generator(seed);
  return (n) => (n <= 1 ? 0 : unsafeUniformIntDistribution(0, n - 1, g));
}

/**
 * One or two sentences (<= 45 words unless the hints alone are longer) with the name, "<age>-year-old",
 * the occupation, every hint word for word and at least one of the profile's terms.
 * Same (description, key, name) -> same bio, unless `rand` is given.
 */
export function proceduralBio(world: { description: string }, profile: Profile, subject: PersonaIdentity, rand?: Rand): string {
  const c = new Ctx(randFrom(seedOf(world.description, subject.key, subject.name, 'bio'), rand), viewOf(profile), subject);
  const s1 = c.render(c.tpl(T.openings));
  const tail = subject.hints.length ? () => c.render(c.pick(T.hintFrames)) : () => '.';
  let bio = `${s1}. ${c.render(c.tpl(T.character))}${tail()}`;
  if (countWords(bio) > PROCEDURAL_BIO_MAX_WORDS) bio = `${s1}. ${c.render(c.pick(T.characterShort))}${tail()}`;
  if (countWords(bio) > PROCEDURAL_BIO_MAX_WORDS) bio = `${s1}${tail()}`;
  return bio;
}

function booleanLine(c: Ctx, key: string, value: boolean): string {
  const words = key.toLowerCase().split(/[_\s]+/).filter(Boolean);
  const head = words[0];
  const rest = words.slice(1).join(' ');
  let phrase: string;
  if (head === 'is' || head === 'was') phrase = value ? `${head} ${rest}` : `${head} not ${rest}`;
  else if (head === 'has') phrase = value ? `has ${rest}` : `does not have ${rest}`;
  else if (head === 'can') phrase = value ? `can ${rest}` : `cannot ${rest}`;
  else phrase = value ? `is ${words.join(' ')}` : `is not ${words.join(' ')}`;
  return c.rand(2) === 0 ? `${c.first} ${phrase}.` : `It is worth knowing that ${c.first} ${phrase}.`;
}

function traitLines(c: Ctx, subject: PersonaIdentity): string[] {
  const lines: string[] = [];
  const used = new Set<Role>();
  for (const key in subject.traits) {
    if (CORE.has(key.toLowerCase())) continue;
    const raw = subject.traits[key]!;
    const role = ROLE_OF.get(key.toLowerCase());
    if (role && !used.has(role)) {
      used.add(role);
      c.value = String(raw);
      lines.push(c.render(c.pick(T[role])));
    } else if (typeof raw === 'boolean') lines.push(booleanLine(c, key, raw));
    else if (str(raw) !== undefined) {
      c.label = key.replace(/_/g, ' ').toLowerCase();
      c.value = String(raw);
      lines.push(c.render(c.pick(T.trait)));
    }
  }
  return lines;
}

function firstSentence(bio: string): string {
  const text = bio.trim();
  const end = text.search(/[.!?](\s|$)/);
  return end < 0 ? `${text}.` : text.slice(0, end + 1);
}

/**
 * 150-250 words (countWords) about the same person as the bio: it quotes the bio's first
 * sentence, repeats the name, "<age>-year-old", the occupation and every hint, and voices
 * the other traits. Same (description, key, name, bio) -> same text, unless `rand` is given.
 */
export function proceduralBackstory(world: { description: string }, profile: Profile, subject: PersonaIdentity, bio: string, rand?: Rand): string {
  const c = new Ctx(randFrom(seedOf(world.description, subject.key, subject.name, 'backstory'), rand), viewOf(profile), subject);
  const age = c.age;
  if (age !== null) {
    const hi = Math.max(1, Math.floor(age) - 2);
    const lo = Math.min(hi, Math.max(6, Math.floor(age * 0.3)));
    c.eventAge = String(lo + c.rand(hi - lo + 1));
  } else c.eventAge = 'a young age';
  c.bio = firstSentence(bio);

  // Sections in reading order; lower `drop` goes first when the text is too long (0 = keep).
  const parts: { text: string; drop: number }[] = [];
  const add = (text: string, drop: number) => parts.push({ text, drop });
  add(c.render(c.pick(T.origins)), 0);
  add(c.render(c.pick(T.childhoodFrames)), 3);
  add(age !== null && age < 8 ? '' : c.render(c.pick(T.turningFrames)), 4);
  add(c.render(c.pick(T.workFrames)), 5);
  add(c.render(c.pick(T.bioRefs)), 0);
  const traits = traitLines(c, subject);
  traits.forEach((line, i) => add(line, i < 2 ? 0 : 6));
  if (subject.hints.length) add(c.render(c.pick(T.hints)), 0);
  const fillerAt = parts.length;
  const placeLine = c.rand(T.place.length);
  add(c.render(T.place[placeLine]!), 2);
  add(c.render(c.pick(T.desires)), 0);
  add(c.render(c.pick(T.closings)), 7);

  const words = () => parts.reduce((n, p) => n + countWords(p.text), 0);
  let total = words();
  const fillers = [...T.place, ...T.memoryFrames];
  const usedFillers = new Set<number>([placeLine]);
  for (let tries = 0; total < PROCEDURAL_BACKSTORY_MIN_WORDS + 10 && tries < 12; tries++) {
    const k = c.rand(fillers.length);
    if (usedFillers.has(k)) continue;
    usedFillers.add(k);
    const text = c.render(fillers[k]!);
    parts.splice(fillerAt, 0, { text, drop: 1 });
    total += countWords(text);
  }
  for (let level = 1; level <= 7 && total > PROCEDURAL_BACKSTORY_MAX_WORDS; level++) {
    for (let i = parts.length - 1; i >= 0 && total > PROCEDURAL_BACKSTORY_MAX_WORDS; i--) {
      if (parts[i]!.drop !== level) continue;
      total -= countWords(parts[i]!.text);
      parts.splice(i, 1);
    }
  }
  return parts
    .map((p) => p.text)
    .filter(Boolean)
    .join(' ');
}
