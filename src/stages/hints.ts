/**
 * Hints: what the game or designer says about a persona before it exists. Free-text hints
 * (the Dria persona factory's `persona_traits: string[]`, e.g. ["gnome", "miner"]) and structured overrides
 * (`{ occupation: "blacksmith" }`). "Traits" are the values sampled for the persona (`record.traits`);
 * hints are what goes in (kept as `record.hints`). Validated here, bounded and typed, before they can reach
 * a prompt. Hints always win over sampling, and free-text hints must show up in the text.
 * Overrides are checked against the world's profile when the identity is sampled
 * (override-check.ts); `extendProfile: true` lets values outside the profile through.
 *   const hints = parseHints({ hints: ['one-eyed'], overrides: { occupation: 'smith' } });
 * Cost: one zod parse per request.
 */
import { z } from 'zod';
import { InvalidInputError, parseOrThrow } from '../core/errors.js';
import { UNSAFE_CHARACTER_MESSAGE, unsafeCharacter } from '../core/text-safety.js';
import type { TraitValue } from '../core/types.js';

export const MAX_HINTS = 12;
export const MAX_HINT_LENGTH = 80;
export const MAX_OVERRIDES = 16;
/** The refusal when free-text hints come under both names, `hints` and its old name `traits`. */
export const HINTS_AND_TRAITS = 'give the free-text hints as `hints` only (`traits` is its old name; not both)';

export const PersonaKeySchema = z
  .string({ error: 'key must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, 'key: 1-128 letters, digits, ".", "_", ":", "@" or "-", starting with a letter or digit');

/** One free-text hint: bounded, no markup, no control/format/bidi/tag characters (src/core/text-safety.ts). */
export const HintTextSchema = z
  .string({ error: 'each hint must be a string' })
  .trim()
  .min(1, 'hints cannot be empty')
  .max(MAX_HINT_LENGTH, `each hint is at most ${MAX_HINT_LENGTH} characters`)
  .regex(/^[^<>{}]*$/, 'hints cannot contain braces or angle brackets')
  .refine((s) => unsafeCharacter(s) === null, {
    error: (iss) => `hints: ${UNSAFE_CHARACTER_MESSAGE} (found ${unsafeCharacter(String(iss.input))})`,
  });
const HintText = HintTextSchema;

const OverrideValue = z.union([HintText, z.number().finite(), z.boolean()]);

export const PersonaHintsSchema = z
  .object({
    hints: z.array(HintText).max(MAX_HINTS, `at most ${MAX_HINTS} hints`).default([]),
    overrides: z
      .array(
        z.object({
          name: z
            .string()
            .regex(/^[a-z][a-z0-9_]{0,63}$/, 'override names are snake_case')
            .refine((n) => !Object.hasOwn(Object.prototype, n), {
              error: (iss) => `override name "${String(iss.input)}" is reserved (a JavaScript object property)`,
            }),
          value: OverrideValue,
        }),
      )
      .max(MAX_OVERRIDES)
      .default([]),
    extendProfile: z.boolean({ error: 'extendProfile must be true or false' }).default(false),
  })
  .strict();

export interface PersonaHints {
  /** Free-text hints that must show up in the persona's text, e.g. ['gnome', 'one-eyed']. */
  hints?: string[];
  /** @deprecated The old name of `hints`, still accepted; giving both is refused. */
  traits?: string[];
  /** Structured values that replace sampling for those variables, e.g. `{ occupation: 'blacksmith' }`. */
  overrides?: Record<string, TraitValue>;
  /**
   * Extend the world's profile for this persona: overrides may name values the profile does not
   * offer (occupation "astronaut" in a medieval village, age 300) or variables it lacks, as long
   * as each has the variable's type. Default false: such overrides are refused with an
   * InvalidInputError that lists what the profile allows.
   */
  extendProfile?: boolean;
}

export interface ParsedHints {
  /** The free-text hints, trimmed and deduplicated. */
  hints: string[];
  overrides: Map<string, TraitValue>;
  /** See PersonaHints.extendProfile; absent means false. */
  extendProfile?: boolean;
}

/**
 * Validate hints; throws InvalidInputError naming every problem.
 * `hints`: free-text hints. `traits`: the old name of `hints`, still accepted (giving both is refused).
 */
export function parseHints(hints: PersonaHints | undefined): ParsedHints {
  if (hints === undefined) return { hints: [], overrides: new Map() };
  if (hints === null || typeof hints !== 'object' || Array.isArray(hints))
    throw new InvalidInputError('Invalid hints: expected an object like { hints: ["gnome"], overrides: { occupation: "miner" } }');
  if (hints.hints !== undefined && hints.traits !== undefined) {
    throw new InvalidInputError(`Invalid hints: ${HINTS_AND_TRAITS}.`);
  }
  const overrides = hints.overrides;
  if (overrides !== undefined && (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides))) {
    throw new InvalidInputError('Invalid hints: overrides must be an object of name -> string | number | boolean');
  }
  const parsed = parseOrThrow(
    PersonaHintsSchema,
    {
      hints: hints.hints ?? hints.traits,
      overrides: overrides ? Object.entries(overrides).map(([name, value]) => ({ name, value })) : undefined,
      extendProfile: hints.extendProfile,
    },
    (message) => new InvalidInputError(message),
    'hints',
  );
  const texts = [...new Set(parsed.hints)];
  return { hints: texts, overrides: new Map(parsed.overrides.map((o) => [o.name, o.value])), extendProfile: parsed.extendProfile };
}

export function parseKey(key: unknown): string {
  const parsed = PersonaKeySchema.safeParse(key);
  if (!parsed.success) throw new InvalidInputError(`Invalid persona key: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
