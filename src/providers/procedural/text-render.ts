/**
 * The template renderer behind procedural bios and backstories: a PersonRenderer fills the
 * {slots} of templates compiled by text-template.ts from the person (name, age, occupation,
 * traits, hints) and the world view (the description's own phrases by role, and per-tech-level
 * words). Deterministic: all choices come from the seeded `rand`.
 *   const r = new PersonRenderer(rand, view, identity, true); r.render(r.tpl(HOOKS_T));
 * Cost: building a renderer is a pass over the person's traits and hints; rendering is string
 * concatenation (~1 µs a sentence).
 */
import type { PersonaIdentity, TraitValue } from '../../core/types.js';
import { genderKey } from '../../stages/names.js';
import type { WorldView } from './text-world.js';
import { article, hintKind, type HintKind } from './text-words.js';
import { NEED, pools, PRONOUNS, SLOT, SLOT_IDS, SLOT_NAMES, type Tpl, type Variant } from './text-template.js';

const ROLE_KEYS = {
  temper: ['temperament', 'personality', 'temper', 'disposition', 'mood'],
  faction: ['faction', 'allegiance', 'affiliation', 'guild', 'clan', 'gang', 'house', 'party', 'loyalty'],
  faith: ['faith', 'religion', 'belief', 'beliefs', 'creed', 'deity', 'god', 'gods'],
  marital: ['marital_status', 'marital', 'marriage', 'relationship_status', 'relationship'],
  class: ['class', 'standing', 'station', 'caste', 'rank', 'status', 'social_class', 'estate', 'tier', 'social_standing', 'social_status'],
  ancestry: ['ancestry', 'race', 'species', 'kin', 'heritage', 'lineage', 'ethnicity', 'origin'],
} as const;
export type Role = keyof typeof ROLE_KEYS;
export const ROLE_OF = new Map<string, Role>(
  Object.entries(ROLE_KEYS).flatMap(([role, keys]) => keys.map((k) => [k, role as Role] as const)),
);
const ROLE_NEED: Partial<Record<Role, number>> = {
  temper: NEED.temper,
  faction: NEED.faction,
  faith: NEED.faith,
  marital: NEED.marital,
  class: NEED.class,
};
export const CORE_TRAITS = new Set(['name', 'age', 'gender', 'occupation']);
/** Values that say "no faith" or "no side": quoted, never woven as if they were a church or a party. */
export const NONE_VALUE =
  /^(none|no\b|nothing|nobody|no one|neutral|independent|unaligned|non-|atheis|secular|agnostic|irreligious|lapsed|unbeliev|little\b|scant|not much|whatever)/i;

export const str = (v: TraitValue | undefined): string | undefined => (v === undefined || v === '' ? undefined : String(v));

export interface ClassifiedHint {
  text: string;
  kind: HintKind;
}

/** Per template list, the templates that fit each mask of what is available (built lazily). */
const fitting = new WeakMap<readonly Tpl[], Map<number, readonly Tpl[]>>();

/**
 * Renders compiled templates for one person in one world: holds what the person's traits and
 * hints give the slots (pronoun variant, first name, occupation phrase, roles such as faction
 * or faith, loose hints), the world view, and the per-text state (places already used,
 * whether the description's own phrases were written).
 */
export class PersonRenderer {
  readonly g: 0 | 1 | 2;
  readonly first: string;
  readonly occ: string;
  readonly age: string;
  readonly ageNum: number | null;
  readonly occNP: string;
  readonly aOccNP: string;
  readonly ageOcc: string;
  readonly roles: Partial<Record<Role, string>> = {};
  readonly available: number;
  /** Hints that still need a sentence (adjectives and one suffix go into the occupation in bios). */
  readonly looseHints: ClassifiedHint[] = [];
  eventAge = '';
  laterAge = '';
  hint = '';
  /** Set when a phrase of the description itself (not only a profile term) was written. */
  ownUsed = false;
  /** While set, places come from the description's own phrases. */
  forceOwn = false;
  /** Set when any world phrase (the description's or a profile place term) was written. */
  worldUsed = false;
  /** Slots drawn from another pool for this person ({parents} from {classParents}). */
  redirect: Partial<Record<string, string>> = {};
  private lastPool = -1;
  private lastPlace = -1;
  /** Range of {laterAge}: each use draws an age in [lo, hi] (events between the turning point and now). */
  laterLo = 0;
  laterHi = -1;

  constructor(
    readonly rand: (n: number) => number,
    readonly world: WorldView,
    readonly subject: PersonaIdentity,
    /** Bios fold adjective hints into the occupation ("a one-eyed ferryman"). */
    foldHints: boolean,
  ) {
    const t = subject.traits;
    const gk = genderKey(String(t.gender ?? ''));
    this.g = gk === 'female' ? 0 : gk === 'male' ? 1 : 2;
    this.first = subject.name.split(' ')[0] || subject.name;
    this.occ = str(t.occupation) ?? 'local';
    const age = str(t.age);
    this.age = age ?? '';
    this.ageNum = age !== undefined && Number.isFinite(Number(age)) ? Number(age) : null;
    const adjs: string[] = [];
    let suffix = '';
    for (const text of subject.hints) {
      const kind = hintKind(text);
      if (foldHints && kind === 'adj') adjs.push(text);
      else if (foldHints && kind === 'suffix' && !suffix) suffix = text;
      else this.looseHints.push({ text, kind });
    }
    const head = adjs.length ? `${adjs.join(', ')} ${this.occ}` : this.occ;
    this.occNP = suffix ? `${head} ${suffix}` : head;
    this.aOccNP = article(this.occNP) + this.occNP;
    this.ageOcc = age === undefined ? this.aOccNP : `${article(age)}${age}-year-old ${this.occNP}`;
    let available = world.available;
    for (const key in t) {
      const role = ROLE_OF.get(key.toLowerCase());
      const raw = str(t[key]);
      if (!role || raw === undefined || this.roles[role] !== undefined) continue;
      // "their own family" as a faction reads "her own family" for her.
      const value = this.g === 2 ? raw : raw.replace(/\btheir\b/g, PRONOUNS[this.g].their);
      this.roles[role] = value;
      // "none to speak of" is no faith to keep close and no side to stand with.
      if ((role !== 'faith' && role !== 'faction') || !NONE_VALUE.test(value)) available |= ROLE_NEED[role] ?? 0;
    }
    // A faction that is a real group stands in for the world's institutions when it names none.
    const faction = this.roles.faction;
    if (!(available & NEED.inst) && faction && !NONE_VALUE.test(faction)) available |= NEED.inst;
    this.available = available;
  }

  pick<X>(list: readonly X[]): X {
    return list[this.rand(list.length)]!;
  }
  /** A template whose needs this person and world meet, uniformly among those that do. */
  tpl(list: readonly Tpl[]): Tpl {
    let byMask = fitting.get(list);
    if (!byMask) {
      byMask = new Map();
      fitting.set(list, byMask);
    }
    let fit = byMask.get(this.available);
    if (!fit) {
      const mask = this.available;
      fit = list.filter((t) => (t.needs & ~mask) === 0);
      if (!fit.length) fit = list.filter((t) => t.needs === 0);
      if (!fit.length) fit = list;
      byMask.set(mask, fit);
    }
    return fit[this.rand(fit.length)]!;
  }
  fits(t: Tpl): boolean {
    return (t.needs & ~this.available) === 0;
  }
  private fromPool(id: number, pronounSubject: boolean, avoidLast = false): string {
    const entry = pools[id];
    if (!entry) return '';
    const items = entry.pool.items;
    let i = this.rand(items.length);
    if (avoidLast && i === this.lastPool) i = (i + 1) % items.length;
    for (let k = 0; k < items.length && !this.fits(items[i]!); k++) i = (i + 1) % items.length;
    this.lastPool = i;
    const v = pronounSubject && this.g === 2 ? entry.pool.lead[i]! : items[i]!.v[this.g];
    return this.fill(v);
  }
  private placeIndex(): number {
    let i = this.forceOwn && this.world.namedPlaces ? this.rand(this.world.namedPlaces) : this.world.place(this.rand);
    // Not the same place twice in a row when the world has others.
    if (i === this.lastPlace && this.world.places.length > 1) i = this.world.place(this.rand);
    if (i === this.lastPlace && this.world.places.length > 1) i = (i + 1) % this.world.places.length;
    this.lastPlace = i;
    this.worldUsed = true;
    if (i < this.world.namedPlaces) this.ownUsed = true;
    return i;
  }
  private institution(): string {
    const w = this.world;
    if (w.insts.length) {
      const i = this.rand(w.insts.length);
      this.worldUsed = true;
      if (w.instSaid[i]) this.ownUsed = true;
      return w.insts[i]!;
    }
    return this.roles.faction ?? 'the people in charge';
  }
  slot(id: number): string {
    const w = this.world;
    switch (id) {
      case SLOT.name:
        return this.subject.name;
      case SLOT.first:
        return this.first;
      case SLOT.age:
        return this.age;
      case SLOT.ageOcc:
        return this.ageOcc;
      case SLOT.occNP:
        return this.occNP;
      case SLOT.aOccNP:
        return this.aOccNP;
      case SLOT.P:
        return w.places[this.placeIndex()]!;
      case SLOT.place:
        return w.placeNPs[this.placeIndex()]!;
      case SLOT.inst:
        return this.institution();
      case SLOT.instOne: {
        const inst = this.institution();
        return /s$/.test(inst) && !/(ss|us)$/.test(inst) ? `one of ${inst}` : inst;
      }
      case SLOT.act: {
        const i = this.rand(w.acts.length);
        this.worldUsed = true;
        if (w.actSaid[i]) this.ownUsed = true;
        return w.acts[i] ?? '';
      }
      case SLOT.res: {
        const i = this.rand(w.res.length);
        this.worldUsed = true;
        if (w.resSaid[i]) this.ownUsed = true;
        return w.res[i] ?? '';
      }
      case SLOT.home:
        return w.home;
      case SLOT.msg:
        return w.lex.msg;
      case SLOT.msgs:
        return w.lex.msgs;
      case SLOT.money:
        return w.lex.money;
      case SLOT.tally:
        return w.lex.tally;
      case SLOT.light:
        return w.lex.light;
      case SLOT.faction:
        return this.roles.faction ?? '';
      case SLOT.faith:
        return this.roles.faith ?? '';
      case SLOT.temper:
        return this.roles.temper ?? '';
      case SLOT.temperCap: {
        const t = this.roles.temper ?? '';
        return t.charAt(0).toUpperCase() + t.slice(1);
      }
      case SLOT.temperOr:
        return this.roles.temper ?? 'hard to read';
      case SLOT.marital:
        return this.roles.marital ?? '';
      case SLOT.aClass: {
        const c = this.roles.class ?? '';
        return article(c) + c;
      }
      case SLOT.eventAge:
        return this.eventAge;
      case SLOT.laterAge:
        return this.laterHi < this.laterLo ? this.laterAge : String(this.laterLo + this.rand(this.laterHi - this.laterLo + 1));
      case SLOT.hint:
        return this.hint;
      case SLOT.aHint:
        return article(this.hint) + this.hint;
      case SLOT.habitTwo:
        return this.fromPool(SLOT.habit, false, true);
      default: {
        const to = this.redirect[SLOT_NAMES[id]!];
        const pid = to === undefined ? id : SLOT_IDS.get(to)!;
        return this.fromPool(pid, pools[pid]?.lead ?? false);
      }
    }
  }
  private fill(v: Variant): string {
    const parts = v.parts;
    let out = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) out += this.slot(parts[i] as number) + (parts[i + 1] as string);
    return out;
  }
  render(t: Tpl): string {
    return this.fill(t.v[this.g]);
  }
}
