/**
 * Traits stage: sample a person from the world profile with a seeded PRNG (seed =
 * fingerprint + NPC key), honouring the profile's dependencies, with hints merged in and
 * winning. No model call: name and traits are known at once.
 *   const id = sampleIdentity(profile, fingerprint, 'smith-1', parseHints({ traits: ['gnome'] }));
 *   // { key: 'smith-1', name: 'Maud Fletcher', traits: { age: 41, occupation: 'smith', ... }, hints: ['gnome'] }
 * Dependencies work both ways: a variable's options are filtered by what was sampled before
 * it, and an override's own conditions (an "apprentice" is at most 25) constrain the
 * variables it depends on, so an override never produces a 70-year-old apprentice.
 * Name uniqueness needs the store (see engine); `rerollName` gives the n-th alternative.
 * Cost: one SHA-256 and O(variables x options) work per person; no I/O.
 */
import type { CategoricalVariable, Condition, Profile, Variable } from '../core/profile-schema.js';
import { dependencyOrder } from '../core/profile-schema.js';
import { type Rand, seededRandom, weightedPick } from '../core/random.js';
import type { PersonaIdentity, TraitMap, TraitValue } from '../core/types.js';
import type { ParsedHints } from './hints.js';
import { pickName } from './names.js';

const orderCache = new WeakMap<Profile, Variable[]>();
function orderOf(profile: Profile): Variable[] {
  let order = orderCache.get(profile);
  if (!order) {
    order = dependencyOrder(profile) ?? profile.variables;
    orderCache.set(profile, order);
  }
  return order;
}

/** A condition's `oneOf`, lowercased once (conditions are part of a profile, which does not change). */
const lowerOneOf = new WeakMap<Condition, ReadonlySet<string>>();
function oneOfLower(c: Condition & { oneOf: string[] }): ReadonlySet<string> {
  let set = lowerOneOf.get(c);
  if (!set) {
    set = new Set(c.oneOf.map((v) => v.toLowerCase()));
    lowerOneOf.set(c, set);
  }
  return set;
}

/** Does `value` of a variable satisfy a condition? (Runs for every option of every person: no allocation on the common path.) */
export function conditionHolds(c: Condition, value: TraitValue | undefined): boolean {
  if (value === undefined) return false;
  if (c.oneOf !== null && !oneOfLower(c as Condition & { oneOf: string[] }).has(typeof value === 'string' ? value.toLowerCase() : String(value).toLowerCase())) return false;
  if (c.min !== null && !(typeof value === 'number' && value >= c.min)) return false;
  if (c.max !== null && !(typeof value === 'number' && value <= c.max)) return false;
  return true;
}

export function allHold(conds: readonly Condition[] | null, traits: TraitMap): boolean {
  if (conds === null) return true;
  for (const c of conds) if (!conditionHolds(c, traits[c.variable])) return false;
  return true;
}

/** Constraints implied on other variables by forced values (the conditions of an overridden option). */
interface Constraint {
  oneOf: Set<string> | null;
  min: number;
  max: number;
}

function collectConstraints(profile: Profile, forced: Map<string, TraitValue>): Map<string, Constraint> {
  const out = new Map<string, Constraint>();
  for (const v of profile.variables) {
    if (v.kind !== 'categorical' || !forced.has(v.name)) continue;
    const value = String(forced.get(v.name)).toLowerCase();
    const option = v.options.find((o) => o.value.toLowerCase() === value);
    for (const c of option?.when ?? []) {
      const cur = out.get(c.variable) ?? { oneOf: null, min: -Infinity, max: Infinity };
      if (c.oneOf) {
        const allowed = new Set(c.oneOf.map((s) => s.toLowerCase()));
        cur.oneOf = cur.oneOf ? new Set([...cur.oneOf].filter((s) => allowed.has(s))) : allowed;
      }
      if (c.min !== null) cur.min = Math.max(cur.min, c.min);
      if (c.max !== null) cur.max = Math.min(cur.max, c.max);
      out.set(c.variable, cur);
    }
  }
  return out;
}

function sampleCategorical(v: CategoricalVariable, traits: TraitMap, constraint: Constraint | undefined, rand: Rand): string {
  // The common case (no forced values narrowing it): a weighted pick among the options whose
  // conditions hold, without building the filtered list; the same draw and the same pick as below.
  if (!constraint?.oneOf) {
    const picked = pickWhere(v.options, traits, rand);
    if (picked !== undefined) return picked;
  }
  let options = v.options.filter((o) => allHold(o.when, traits));
  if (constraint?.oneOf) {
    const narrowed = options.filter((o) => constraint.oneOf!.has(o.value.toLowerCase()));
    if (narrowed.length) options = narrowed;
  }
  if (!options.length) options = v.options.filter((o) => !o.when?.length);
  if (!options.length) options = v.options;
  return weightedPick(options, (o) => o.weight, rand).value;
}

/**
 * weightedPick over the options whose conditions hold (in order), without allocating; undefined
 * (and no draw) when none holds.
 */
function pickWhere(options: CategoricalVariable['options'], traits: TraitMap, rand: Rand): string | undefined {
  let total = 0;
  let last: string | undefined;
  for (const o of options) {
    if (!allHold(o.when, traits)) continue;
    total += o.weight;
    last = o.value;
  }
  if (last === undefined) return undefined;
  let roll = rand() * total;
  for (const o of options) {
    if (!allHold(o.when, traits)) continue;
    roll -= o.weight;
    if (roll < 0) return o.value;
  }
  return last;
}

function sampleVariable(v: Variable, traits: TraitMap, constraint: Constraint | undefined, rand: Rand): TraitValue {
  if (v.kind === 'categorical') return sampleCategorical(v, traits, constraint, rand);
  if (v.kind === 'boolean') {
    const override = v.overrides.find((o) => allHold(o.when, traits));
    return rand() < (override ? override.probability : v.probability);
  }
  const range = v.ranges.find((r) => allHold(r.when, traits)) ?? v;
  let lo = range.min;
  let hi = range.max;
  if (constraint) {
    const clo = Math.max(lo, constraint.min);
    const chi = Math.min(hi, constraint.max);
    if (clo <= chi) {
      lo = clo;
      hi = chi;
    } else {
      lo = hi = Number.isFinite(constraint.min) ? constraint.min : constraint.max;
    }
  }
  if (v.integer) {
    const a = Math.ceil(lo);
    const b = Math.max(a, Math.floor(hi));
    return a + Math.floor(rand() * (b - a + 1));
  }
  return Math.round((lo + rand() * (hi - lo)) * 100) / 100;
}

/**
 * Map free-text hints onto variables where they name an option ("miner" -> occupation) or
 * say "variable: value"; structured overrides win over both. Values are coerced to the
 * variable's type (a numeric override given as "42" becomes 42).
 */
export function resolveOverrides(profile: Profile, hints: ParsedHints): Map<string, TraitValue> {
  const forced = new Map<string, TraitValue>();
  const byName = new Map(profile.variables.map((v) => [v.name, v] as const));
  const priority = (v: Variable) => (v.name === 'occupation' ? 0 : 1);
  const categorical = profile.variables.filter((v): v is CategoricalVariable => v.kind === 'categorical').sort((a, b) => priority(a) - priority(b));
  for (const hint of hints.traits) {
    const pair = /^([a-z_][a-z0-9_ ]{0,63}):\s*(.+)$/i.exec(hint);
    if (pair) {
      const name = pair[1]!.trim().toLowerCase().replace(/\s+/g, '_');
      if (byName.has(name)) forced.set(name, pair[2]!.trim());
      continue;
    }
    const lower = hint.toLowerCase();
    for (const v of categorical) {
      if (forced.has(v.name)) continue;
      const option = v.options.find((o) => o.value.toLowerCase() === lower);
      if (option) {
        forced.set(v.name, option.value);
        break;
      }
    }
  }
  for (const [name, value] of hints.overrides) forced.set(name, value);
  for (const [name, value] of forced) {
    const v = byName.get(name);
    if (v?.kind === 'numeric') {
      const n = typeof value === 'number' ? value : Number(value);
      if (Number.isFinite(n)) forced.set(name, v.integer ? Math.round(n) : n);
    } else if (v?.kind === 'boolean' && typeof value === 'string') {
      forced.set(name, /^(true|yes|1)$/i.test(value));
    } else if (v?.kind === 'categorical') {
      const option = v.options.find((o) => o.value.toLowerCase() === String(value).toLowerCase());
      forced.set(name, option ? option.value : String(value));
    }
  }
  return forced;
}

export function traitSeed(fingerprint: string, key: string): string {
  return `${fingerprint}|${key}`;
}

/** Sample every variable in dependency order; forced values (hints) win. */
export function sampleTraits(profile: Profile, fingerprint: string, key: string, hints: ParsedHints): TraitMap {
  const rand = seededRandom(traitSeed(fingerprint, key));
  const forced = resolveOverrides(profile, hints);
  const constraints = collectConstraints(profile, forced);
  const traits: TraitMap = {};
  for (const v of orderOf(profile)) {
    // Draw even when forced, so one override does not shift every later variable's roll.
    const sampled = sampleVariable(v, traits, constraints.get(v.name), rand);
    traits[v.name] = forced.has(v.name) ? forced.get(v.name)! : sampled;
  }
  for (const [name, value] of forced) if (!Object.hasOwn(traits, name)) traits[name] = value;
  return traits;
}

/** The n-th name candidate for a person (n = 0 first); the engine moves on while a name is taken. */
export function rerollName(profile: Profile, fingerprint: string, key: string, traits: TraitMap, attempt: number): string {
  const forcedName = traits.name;
  if (attempt === 0 && typeof forcedName === 'string' && forcedName) return forcedName;
  const rand = seededRandom(`${traitSeed(fingerprint, key)}|name|${attempt}`);
  return pickName(profile.nameCulture, String(traits.gender ?? ''), rand);
}

/** Identity with the first name candidate; use the engine for a world-unique name. */
export function sampleIdentity(profile: Profile, fingerprint: string, key: string, hints: ParsedHints): PersonaIdentity {
  const traits = sampleTraits(profile, fingerprint, key, hints);
  const name = rerollName(profile, fingerprint, key, traits, 0);
  delete traits.name;
  return { key, name, traits, hints: hints.traits };
}
