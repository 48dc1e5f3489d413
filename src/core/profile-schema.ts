/**
 * The world profile: the typed trait variables a world's people are drawn from, with
 * dependencies between them (a child is not a widow; a serf does not own the castle).
 * The schema is strict-json_schema friendly (every field required, `.nullable()` instead of
 * `.optional()`, no records), so the same zod object drives the model's `response_format`
 * and the validation of what comes back. `validateProfile` adds the semantic checks a JSON
 * schema cannot express (references resolve, no cycles, required variables present).
 * Cost: validation is O(variables x options); run once per world.
 */
import { z } from 'zod';
import { InvalidProfileError, parseOrThrow } from './errors.js';
import { unsafeCharacter } from './text-safety.js';

/**
 * Names a trait variable may not have: Object.prototype's own properties (`constructor`,
 * `__proto__`, `toString`...). Traits are plain objects and schema maps on the client; such a
 * name would shadow or replace the prototype instead of being a trait.
 */
const RESERVED_VARIABLE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export const NAME_CULTURES = [
  'english',
  'medieval-british',
  'celtic',
  'norse',
  'german',
  'french',
  'italian',
  'spanish',
  'portuguese',
  'russian',
  'japanese',
  'chinese',
  'korean',
  'indian',
  'arabic',
  'yoruba',
  'vietnamese',
  'turkish',
  'igbo',
  'hausa',
  'edo',
  'ancient-greek',
  'latin',
  'persian',
  'mongolian',
  'nahuatl',
  'quechua',
  'swahili',
  'polynesian',
  'hebrew',
  'fantasy',
  'futuristic',
] as const;
export type NameCulture = (typeof NAME_CULTURES)[number];

/** A condition on another variable's sampled value. All set fields must hold. */
export const ConditionSchema = z.object({
  variable: z.string().min(1).max(64).describe('name of another variable, sampled before this one'),
  oneOf: z
    .array(z.string().max(80))
    .max(32)
    .nullable()
    .describe('categorical or boolean ("true"/"false") values that satisfy the condition'),
  min: z.number().nullable().describe('numeric lower bound (inclusive)'),
  max: z.number().nullable().describe('numeric upper bound (inclusive)'),
});
export type Condition = z.infer<typeof ConditionSchema>;

export const CategoricalOptionSchema = z.object({
  value: z.string().min(1).max(80),
  weight: z.number().positive().max(1000),
  when: z.array(ConditionSchema).max(4).nullable().describe('the option is only available when every condition holds'),
});

export const CategoricalVariableSchema = z.object({
  kind: z.literal('categorical'),
  name: z.string().min(1).max(64),
  options: z.array(CategoricalOptionSchema).min(1).max(64),
});

export const NumericRangeSchema = z.object({
  min: z.number(),
  max: z.number(),
  when: z.array(ConditionSchema).max(4),
});

export const NumericVariableSchema = z.object({
  kind: z.literal('numeric'),
  name: z.string().min(1).max(64),
  min: z.number(),
  max: z.number(),
  integer: z.boolean(),
  unit: z.string().max(32).nullable(),
  ranges: z.array(NumericRangeSchema).max(8).describe('first range whose conditions hold replaces min/max'),
});

export const BooleanOverrideSchema = z.object({
  probability: z.number().min(0).max(1),
  when: z.array(ConditionSchema).max(4),
});

export const BooleanVariableSchema = z.object({
  kind: z.literal('boolean'),
  name: z.string().min(1).max(64),
  probability: z.number().min(0).max(1),
  overrides: z.array(BooleanOverrideSchema).max(8).describe('first override whose conditions hold replaces probability'),
});

export const VariableSchema = z.discriminatedUnion('kind', [CategoricalVariableSchema, NumericVariableSchema, BooleanVariableSchema]);
export type Variable = z.infer<typeof VariableSchema>;
export type CategoricalVariable = z.infer<typeof CategoricalVariableSchema>;
export type NumericVariable = z.infer<typeof NumericVariableSchema>;
export type BooleanVariable = z.infer<typeof BooleanVariableSchema>;

/** What a model (or a designer) writes. `age`, `gender` and `occupation` are required variables. */
export const ProfileSchema = z.object({
  summary: z.string().min(1).max(400).describe("one sentence on the world's people"),
  nameCulture: z.enum(NAME_CULTURES).describe('naming tradition for given and family names'),
  terms: z.array(z.string().min(1).max(40)).max(24).describe("the world's own words (places, institutions, slang) a bio can use"),
  variables: z.array(VariableSchema).min(3).max(24),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const REQUIRED_VARIABLES = ['age', 'gender', 'occupation'] as const;

/** Semantic problems a JSON schema cannot catch. Empty when the profile is usable. */
export function profileProblems(profile: Profile): string[] {
  const problems: string[] = [];
  const byName = new Map<string, Variable>();
  for (const v of profile.variables) {
    if (byName.has(v.name)) problems.push(`variable "${v.name}" is defined twice`);
    byName.set(v.name, v);
  }
  for (const req of REQUIRED_VARIABLES) {
    if (!byName.has(req)) problems.push(`required variable "${req}" is missing`);
  }
  const age = byName.get('age');
  if (age && age.kind !== 'numeric') problems.push('variable "age" must be numeric');
  for (const key of ['gender', 'occupation'] as const) {
    const v = byName.get(key);
    if (v && v.kind !== 'categorical') problems.push(`variable "${key}" must be categorical`);
  }
  if (byName.has('name')) problems.push('variable "name" is reserved: names come from nameCulture');
  for (const v of profile.variables) {
    if (RESERVED_VARIABLE_NAMES.has(v.name))
      problems.push(`variable name "${v.name}" is reserved (a JavaScript object property); choose another`);
    const bad = unsafeCharacter(v.name);
    if (bad) problems.push(`variable name ${JSON.stringify(v.name)} contains an invisible or control character (${bad})`);
  }

  const deps = new Map<string, Set<string>>();
  const checkConditions = (owner: string, conds: readonly Condition[] | null) => {
    for (const c of conds ?? []) {
      const target = byName.get(c.variable);
      if (!target) {
        problems.push(`variable "${owner}" depends on unknown variable "${c.variable}"`);
        continue;
      }
      if (c.variable === owner) problems.push(`variable "${owner}" depends on itself`);
      if (c.oneOf === null && c.min === null && c.max === null) problems.push(`a condition of "${owner}" on "${c.variable}" tests nothing`);
      if (target.kind === 'numeric' && c.oneOf !== null) problems.push(`"${owner}" tests numeric "${c.variable}" with oneOf; use min/max`);
      if (target.kind !== 'numeric' && (c.min !== null || c.max !== null))
        problems.push(`"${owner}" tests non-numeric "${c.variable}" with min/max; use oneOf`);
      if (target.kind === 'categorical' && c.oneOf) {
        const known = new Set(target.options.map((o) => o.value));
        for (const val of c.oneOf) if (!known.has(val)) problems.push(`"${owner}" tests "${c.variable}" for unknown value "${val}"`);
      }
      deps.get(owner)!.add(c.variable);
    }
  };
  for (const v of profile.variables) {
    deps.set(v.name, new Set());
    if (v.kind === 'categorical') {
      const seen = new Set<string>();
      for (const o of v.options) {
        if (seen.has(o.value)) problems.push(`variable "${v.name}" lists option "${o.value}" twice`);
        seen.add(o.value);
        checkConditions(v.name, o.when);
      }
      if (!v.options.some((o) => o.when === null || o.when.length === 0)) {
        problems.push(`variable "${v.name}" has no unconditional option, so some people could have no value`);
      }
    } else if (v.kind === 'numeric') {
      if (v.min > v.max) problems.push(`variable "${v.name}" has min > max`);
      for (const r of v.ranges) {
        if (r.min > r.max) problems.push(`a range of "${v.name}" has min > max`);
        checkConditions(v.name, r.when);
      }
    } else {
      for (const o of v.overrides) checkConditions(v.name, o.when);
    }
  }
  if (problems.length === 0 && dependencyOrder(profile) === null) problems.push('the variables depend on each other in a cycle');
  return problems;
}

/** Variables in an order where each comes after everything its conditions read; null on a cycle. */
export function dependencyOrder(profile: Profile): Variable[] | null {
  const byName = new Map(profile.variables.map((v) => [v.name, v] as const));
  const reads = (v: Variable): string[] => {
    const conds =
      v.kind === 'categorical'
        ? v.options.flatMap((o) => o.when ?? [])
        : v.kind === 'numeric'
          ? v.ranges.flatMap((r) => r.when)
          : v.overrides.flatMap((o) => o.when);
    return [...new Set(conds.map((c) => c.variable))];
  };
  const order: Variable[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (v: Variable): boolean => {
    const s = state.get(v.name);
    if (s === 2) return true;
    if (s === 1) return false;
    state.set(v.name, 1);
    for (const dep of reads(v)) {
      const d = byName.get(dep);
      if (d && !visit(d)) return false;
    }
    state.set(v.name, 2);
    order.push(v);
    return true;
  };
  for (const v of profile.variables) if (!visit(v)) return null;
  return order;
}

/** Validate shape and semantics; throws InvalidProfileError listing every problem. */
export function validateProfile(input: unknown): Profile {
  const profile = parseOrThrow(ProfileSchema, input, (message) => new InvalidProfileError(message), 'profile');
  const problems = profileProblems(profile);
  if (problems.length) throw new InvalidProfileError(`Invalid profile:\n- ${problems.join('\n- ')}`);
  return profile;
}
