/**
 * The template compiler behind procedural bios and backstories: a fragment ("{first} [keeps]
 * {their} nets on {P}.") compiles once into three variants (she / he / they: pronouns and
 * [verbs] fixed at load) of literal strings and slot ids; pools of predicates are registered
 * under slot names. The renderer (text-render.ts) fills the slots for one person.
 *   const HOOKS_T = compileAll(F.HOOKS); registerPool('habit', pool(F.HABITS));
 * Cost: compiling is a one-off at load (a few regex passes per fragment); no work per persona.
 */
import { pluralLead, plural } from './text-words.js';

export const SLOTS = [
  'name',
  'first',
  'age',
  'ageOcc',
  'occNP',
  'aOccNP',
  'P',
  'place',
  'inst',
  'instOne',
  'act',
  'res',
  'home',
  'msg',
  'msgs',
  'money',
  'tally',
  'light',
  'faction',
  'faith',
  'temper',
  'temperCap',
  'temperOr',
  'marital',
  'aClass',
  'eventAge',
  'laterAge',
  'hint',
  'aHint',
  // pools: registered by the text modules (registerPool adds their names)
  'habit',
  'habitTwo',
] as const;
export type SlotName = (typeof SLOTS)[number];
export const SLOT = Object.fromEntries(SLOTS.map((s, i) => [s, i])) as Record<SlotName, number>;
/** Every slot name by id: the fixed ones, then pools registered under new names. */
export const SLOT_NAMES: string[] = [...SLOTS];
export const SLOT_IDS = new Map<string, number>(SLOTS.map((s, i) => [s, i]));

/** What a template needs from the world or the person. */
export const NEED = { inst: 1, act: 2, res: 4, faction: 8, faith: 16, marital: 32, temper: 64, class: 128 } as const;
const SLOT_NEEDS: Partial<Record<SlotName, number>> = {
  inst: NEED.inst,
  instOne: NEED.inst,
  act: NEED.act,
  res: NEED.res,
  faction: NEED.faction,
  faith: NEED.faith,
  marital: NEED.marital,
  temper: NEED.temper,
  temperCap: NEED.temper,
  aClass: NEED.class,
};

export interface Variant {
  /** Literal strings at even indexes, slot ids at odd ones. */
  readonly parts: readonly (string | number)[];
}
/** A fragment compiled for she (0), he (1) and they (2). */
export interface Tpl {
  readonly v: readonly [Variant, Variant, Variant];
  readonly needs: number;
}
/** A pool of predicates: `lead` holds the they-variants with the first verb made plural. */
export interface Pool {
  readonly items: readonly Tpl[];
  readonly lead: readonly Variant[];
}

export const PRONOUNS = [
  { they: 'she', They: 'She', them: 'her', their: 'her', Their: 'Her', theirs: 'hers', themselves: 'herself' },
  { they: 'he', They: 'He', them: 'him', their: 'his', Their: 'His', theirs: 'his', themselves: 'himself' },
  { they: 'they', They: 'They', them: 'them', their: 'their', Their: 'Their', theirs: 'theirs', themselves: 'themselves' },
] as const;

function variant(text: string, g: 0 | 1 | 2): { variant: Variant; needs: number } {
  const p = PRONOUNS[g];
  const fixed = text
    .replace(/\{(they|They|them|their|Their|theirs|themselves)\}/g, (_, k: keyof (typeof PRONOUNS)[0]) => p[k])
    .replace(/\[([^\]]+)\]/g, (_, verb: string) => (g === 2 ? plural(verb) : verb));
  const parts: (string | number)[] = [];
  let needs = 0;
  let at = 0;
  for (const m of fixed.matchAll(/\{(\w+)\}/g)) {
    const slot = m[1]!;
    const id = SLOT_IDS.get(slot);
    if (id === undefined) throw new Error(`fragment "${text}" uses unknown slot {${slot}}`);
    parts.push(fixed.slice(at, m.index), id);
    needs |= SLOT_NEEDS[slot as SlotName] ?? 0;
    at = m.index + m[0].length;
  }
  parts.push(fixed.slice(at));
  return { variant: { parts }, needs };
}

export function compile(text: string): Tpl {
  const a = variant(text, 0);
  return { v: [a.variant, variant(text, 1).variant, variant(text, 2).variant], needs: a.needs };
}
export const compileAll = (list: readonly string[]): Tpl[] => list.map(compile);
export function pool(list: readonly string[]): Pool {
  return { items: compileAll(list), lead: list.map((t) => variant(pluralLead(t), 2).variant) };
}

export const pools: Array<{ pool: Pool; lead: boolean } | undefined> = [];
/**
 * Makes {slot} draw from `p` (a new slot name is added); `lead` true: the first verb agrees
 * with a pronoun subject. Register before compiling the fragments that use the slot.
 */
export function registerPool(slot: string, p: Pool, lead = false): void {
  let id = SLOT_IDS.get(slot);
  if (id === undefined) {
    id = SLOT_NAMES.length;
    SLOT_NAMES.push(slot);
    SLOT_IDS.set(slot, id);
  }
  pools[id] = { pool: p, lead };
}

/** Upper-cases the first letter (sentences that open on a slot). */
export function cap(s: string): string {
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122 ? String.fromCharCode(c - 32) + s.slice(1) : s;
}
