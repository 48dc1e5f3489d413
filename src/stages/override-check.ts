/**
 * Override check: structured overrides (`{ occupation: 'smith', age: 44 }`) must fit the world's
 * profile. A categorical value must be one of the variable's options (under any condition; any
 * case, returned in the profile's spelling), a number must lie in the variable's widest range,
 * a boolean must be a boolean, and the variable must exist. `extendProfile: true` lets any
 * well-typed value through (the caller extends the profile for that persona); `name` is not a
 * profile variable and only has to be text.
 *   checkOverrides(profile, parseHints({ overrides: { occupation: 'Smith' } })) // Map { occupation => 'smith' }
 *   checkOverrides(profile, parseHints({ overrides: { age: 300 } }))           // throws InvalidInputError
 * Cost: O(overrides x options) per sampled identity; no I/O.
 */
import { InvalidInputError } from '../core/errors.js';
import type { Profile, Variable } from '../core/profile-schema.js';
import type { TraitValue } from '../core/types.js';
import type { ParsedHints } from './hints.js';

/** Shown lists (options, variables) stop after this many entries or characters. */
const MAX_LISTED = 20;
const MAX_LIST_CHARS = 240;

/** `"a", "b", "c" ... and 12 more`: bounded, so an error fits a client message. */
export function listSome(items: readonly string[], quote = true): string {
  const shown: string[] = [];
  let chars = 0;
  for (const item of items) {
    const s = quote ? JSON.stringify(item) : item;
    if (shown.length >= MAX_LISTED || (shown.length > 0 && chars + s.length > MAX_LIST_CHARS)) break;
    shown.push(s);
    chars += s.length + 2;
  }
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} ... and ${rest} more` : shown.join(', ');
}

/** The widest range a numeric variable allows, across its conditional ranges. */
function widest(v: Variable & { kind: 'numeric' }): { min: number; max: number } {
  let min = v.min;
  let max = v.max;
  for (const r of v.ranges) {
    min = Math.min(min, r.min);
    max = Math.max(max, r.max);
  }
  return { min, max };
}

/** Every option of a categorical variable, first spelling wins, by lowercased value. */
const optionCache = new WeakMap<Variable, Map<string, string>>();
function optionsOf(v: Variable & { kind: 'categorical' }): Map<string, string> {
  let byLower = optionCache.get(v);
  if (!byLower) {
    byLower = new Map();
    for (const o of v.options) if (!byLower.has(o.value.toLowerCase())) byLower.set(o.value.toLowerCase(), o.value);
    optionCache.set(v, byLower);
  }
  return byLower;
}

const shown = (value: TraitValue): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

const BOOLEAN_WORDS = new Map<string, boolean>([
  ['true', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['0', false],
]);

type Checked = { ok: true; value: TraitValue } | { ok: false; problem: string };

/** One override of a variable the profile has: its normalised value, or what is wrong with it. */
function checkOne(v: Variable, value: TraitValue, extend: boolean): Checked {
  if (v.kind === 'categorical') {
    if (typeof value !== 'string')
      return {
        ok: false,
        problem: `override ${v.name} = ${shown(value)}: ${v.name} takes text, one of ${listSome([...optionsOf(v).values()])}`,
      };
    const option = optionsOf(v).get(value.trim().toLowerCase());
    if (option !== undefined) return { ok: true, value: option };
    if (extend) return { ok: true, value };
    const all = [...optionsOf(v).values()];
    return {
      ok: false,
      problem: `override ${v.name} = ${shown(value)} is not an option of this world's profile; ${v.name} is one of ${listSome(all)} (${all.length} option${all.length === 1 ? '' : 's'})`,
    };
  }
  if (v.kind === 'numeric') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    const { min, max } = widest(v);
    const unit = v.unit ? ` ${v.unit}` : '';
    const allowed = `${min} to ${max}${unit}${v.integer ? ', whole numbers' : ''}`;
    if (!Number.isFinite(n)) return { ok: false, problem: `override ${v.name} = ${shown(value)}: ${v.name} takes a number (${allowed})` };
    const normal = v.integer ? Math.round(n) : n;
    if (extend || (normal >= min && normal <= max)) return { ok: true, value: normal };
    return { ok: false, problem: `override ${v.name} = ${shown(value)} is outside this world's range; ${v.name} is ${allowed}` };
  }
  if (typeof value === 'boolean') return { ok: true, value };
  const word = typeof value === 'string' ? BOOLEAN_WORDS.get(value.trim().toLowerCase()) : undefined;
  if (word !== undefined) return { ok: true, value: word };
  return { ok: false, problem: `override ${v.name} = ${shown(value)}: ${v.name} is true or false` };
}

/**
 * Check `hints.overrides` against `profile`: the overrides with values normalised (the profile's
 * spelling of an option, numbers from numeric text, rounded for whole-number variables,
 * booleans from "true"/"yes"/"1" and "false"/"no"/"0"), in the caller's order. Throws one
 * InvalidInputError naming every bad override, what is allowed and how to extend the profile.
 */
export function checkOverrides(profile: Profile, hints: Pick<ParsedHints, 'overrides' | 'extendProfile'>): Map<string, TraitValue> {
  const extend = hints.extendProfile === true;
  const byName = new Map(profile.variables.map((v) => [v.name, v] as const));
  const out = new Map<string, TraitValue>();
  const problems: string[] = [];
  const refused: Array<[string, TraitValue]> = [];
  let unknown = false;
  for (const [name, value] of hints.overrides) {
    if (name === 'name') {
      if (typeof value === 'string') out.set(name, value);
      else {
        problems.push(`override name = ${shown(value)}: a name is text`);
        refused.push([name, value]);
      }
      continue;
    }
    const v = byName.get(name);
    if (!v) {
      if (extend) out.set(name, value);
      else {
        problems.push(`override ${name} = ${shown(value)}: "${name}" is not a variable of this world's profile`);
        refused.push([name, value]);
        unknown = true;
      }
      continue;
    }
    const checked = checkOne(v, value, extend);
    if (checked.ok) out.set(name, checked.value);
    else {
      problems.push(checked.problem);
      refused.push([name, value]);
    }
  }
  if (problems.length === 0) return out;
  const lines = problems.map((p) => `- ${p}`);
  if (unknown) lines.push(`  (the profile's variables: ${listSome([...byName.keys()], false)}; "name" sets the name)`);
  const example =
    refused
      .slice(0, 3)
      .map(([n, v]) => `${n}: ${shown(v)}`)
      .join(', ') + (refused.length > 3 ? ', ...' : '');
  throw new InvalidInputError(
    `Invalid hints: ${problems.length === 1 ? 'an override does' : `${problems.length} overrides do`} not fit this world's profile:\n${lines.join('\n')}\n` +
      `Use a value the profile allows, or extend the profile for this persona with { overrides: { ${example} }, extendProfile: true } ` +
      '(the value must still have the right type).',
  );
}
