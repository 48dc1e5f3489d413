/**
 * Traits stage: sample a person from the world profile with a seeded PRNG (seed =
 * fingerprint + NPC key), honouring the profile's dependencies, with hints merged in and
 * winning. No model call: name and traits are known at once.
 *   const id = sampleIdentity(profile, fingerprint, 'smith-1', parseHints({ hints: ['gnome'] }));
 *   // { key: 'smith-1', name: 'Maud Fletcher', traits: { age: 41, occupation: 'smith', ... }, hints: ['gnome'] }
 * Dependencies work both ways: a variable's options are filtered by what was sampled before
 * it, and an override's own conditions (an "apprentice" is at most 25) constrain the
 * variables it depends on, so an override never produces a 70-year-old apprentice.
 * Name uniqueness needs the store (see engine); `rerollName` gives the n-th alternative.
 * `sampleIdentity` refuses overrides outside the profile (override-check.ts) unless the hints
 * say `extendProfile: true`.
 * Cost: one SHA-256 and O(variables x options) work per person; no I/O.
 */
import type { CategoricalVariable, Condition, NameCulture, Profile, Variable } from '../core/profile-schema.js';
import { dependencyOrder } from '../core/profile-schema.js';
import { type Rand, seededRandom, weightedPick } from '../core/random.js';
import type { PersonaIdentity, TraitMap, TraitValue } from '../core/types.js';
import type { ParsedHints } from './hints.js';
import { checkOverrides } from './override-check.js';
import { asNameCulture, pickName } from './names.js';
import { matchKey, minimumAgeFor, roleFromHint } from './role-words.js';

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
  if (
    c.oneOf !== null &&
    !oneOfLower(c as Condition & { oneOf: string[] }).has(typeof value === 'string' ? value.toLowerCase() : String(value).toLowerCase())
  )
    return false;
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

/** Which variable a hint that names an option of several sets: occupation, then class, then faction, then the rest in profile order. */
const HINT_PRIORITY = ['occupation', 'class', 'faction'];
const hintPriority = (v: Variable) => {
  const i = HINT_PRIORITY.indexOf(v.name);
  return i < 0 ? HINT_PRIORITY.length : i;
};

/** Per categorical variable (in hint priority order), its options by matching key ("miners" and "a miner" -> "miner"). */
const optionKeysCache = new WeakMap<Profile, Array<{ v: CategoricalVariable; byKey: Map<string, string> }>>();
function optionKeys(profile: Profile): Array<{ v: CategoricalVariable; byKey: Map<string, string> }> {
  let keys = optionKeysCache.get(profile);
  if (!keys) {
    const categorical = profile.variables
      .filter((v): v is CategoricalVariable => v.kind === 'categorical')
      .sort((a, b) => hintPriority(a) - hintPriority(b));
    keys = categorical.map((v) => {
      const byKey = new Map<string, string>();
      for (const o of v.options) if (!byKey.has(o.value.toLowerCase())) byKey.set(o.value.toLowerCase(), o.value);
      for (const o of v.options) if (!byKey.has(matchKey(o.value))) byKey.set(matchKey(o.value), o.value);
      return { v, byKey };
    });
    optionKeysCache.set(profile, keys);
  }
  return keys;
}

/** Forced values from hints and overrides, and the occupation a role hint added to the world (null when none). */
interface ResolvedHints {
  forced: Map<string, TraitValue>;
  addedRole: string | null;
}

/**
 * Hints that set traits: "variable: value"; a hint naming one of a categorical variable's
 * options (any case, singular or plural, with or without an article: "the Miners" -> "miner");
 * else a hint that names a role ("samurai", "lamplighter": role-words.ts) sets the occupation,
 * extending the world's options for this persona. Structured overrides win over all of them.
 */
function resolveHints(profile: Profile, hints: ParsedHints): ResolvedHints {
  const forced = new Map<string, TraitValue>();
  const byName = new Map(profile.variables.map((v) => [v.name, v] as const));
  const unmatched: string[] = [];
  for (const hint of hints.hints) {
    const pair = /^([a-z_][a-z0-9_ ]{0,63}):\s*(.+)$/i.exec(hint);
    if (pair) {
      const name = pair[1]!.trim().toLowerCase().replace(/\s+/g, '_');
      if (byName.has(name)) forced.set(name, pair[2]!.trim());
      continue;
    }
    const lower = hint.toLowerCase();
    const key = matchKey(hint);
    let matched = false;
    for (const { v, byKey } of optionKeys(profile)) {
      if (forced.has(v.name)) continue;
      const value = byKey.get(lower) ?? byKey.get(key);
      if (value !== undefined) {
        forced.set(v.name, value);
        matched = true;
        break;
      }
    }
    if (!matched) unmatched.push(hint);
  }
  let addedRole: string | null = null;
  if (!forced.has('occupation') && !hints.overrides.has('occupation')) {
    for (const hint of unmatched) {
      addedRole = roleFromHint(hint);
      if (addedRole) {
        forced.set('occupation', addedRole);
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
  return { forced, addedRole };
}

/**
 * Map free-text hints onto variables where they name an option ("miner" -> occupation), say
 * "variable: value", or name a role the world lacks ("samurai" -> occupation); structured
 * overrides win over all. Values are coerced to the variable's type ("42" -> 42).
 */
export function resolveOverrides(profile: Profile, hints: ParsedHints): Map<string, TraitValue> {
  return resolveHints(profile, hints).forced;
}

/**
 * A role a hint added has no option conditions: keep its holder old enough (16, or 10 for a
 * cabin boy). Only an age below that moves, mirrored above it (6 -> 26 for 16), with no extra
 * draw, so every other trait of the person stays as it was sampled.
 */
function youngestFor(profile: Profile, role: string | null): number | null {
  if (role === null) return null;
  const age = profile.variables.find((v) => v.name === 'age');
  if (age?.kind !== 'numeric') return null;
  const min = minimumAgeFor(role);
  return age.max >= min ? min : null;
}
function liftAge(age: number, youngest: number, max: number): number {
  return age >= youngest ? age : Math.min(max, 2 * youngest - age);
}

export function traitSeed(fingerprint: string, key: string): string {
  return `${fingerprint}|${key}`;
}

/** Sample every variable in dependency order; forced values (hints) win. */
export function sampleTraits(profile: Profile, fingerprint: string, key: string, hints: ParsedHints): TraitMap {
  const rand = seededRandom(traitSeed(fingerprint, key));
  const { forced, addedRole } = resolveHints(profile, hints);
  const constraints = collectConstraints(profile, forced);
  const youngest = forced.get('occupation') === addedRole ? youngestFor(profile, addedRole) : null;
  const traits: TraitMap = {};
  for (const v of orderOf(profile)) {
    // Draw even when forced, so one override does not shift every later variable's roll.
    let sampled = sampleVariable(v, traits, constraints.get(v.name), rand);
    if (youngest !== null && v.kind === 'numeric' && v.name === 'age' && typeof sampled === 'number')
      sampled = liftAge(sampled, youngest, v.max);
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
  return pickName(nameCultureOf(profile, traits), String(traits.gender ?? ''), rand);
}

/**
 * A mixed cast: when the profile has a categorical `heritage` variable whose value is a naming
 * culture ("igbo", "Hausa"), the person is named in it; otherwise in the profile's nameCulture.
 */
export function nameCultureOf(profile: Profile, traits: TraitMap): NameCulture {
  if (traits.heritage === undefined || !profile.variables.some((v) => v.name === 'heritage' && v.kind === 'categorical'))
    return profile.nameCulture;
  return asNameCulture(traits.heritage) ?? profile.nameCulture;
}

/**
 * Identity with the first name candidate; use the engine for a world-unique name. Structured
 * overrides are checked against the profile first (override-check.ts): one outside it throws
 * InvalidInputError unless `hints.extendProfile`. (`sampleTraits` itself does not check.)
 */
export function sampleIdentity(profile: Profile, fingerprint: string, key: string, hints: ParsedHints): PersonaIdentity {
  const overrides = hints.overrides.size ? checkOverrides(profile, hints) : hints.overrides;
  const traits = sampleTraits(profile, fingerprint, key, overrides === hints.overrides ? hints : { ...hints, overrides });
  const name = rerollName(profile, fingerprint, key, traits, 0);
  delete traits.name;
  return { key, name, traits, hints: hints.hints };
}
