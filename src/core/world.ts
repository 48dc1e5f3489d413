/**
 * A world: `{ id, description, profile? }` and its fingerprint. The fingerprint hashes the
 * normalised description, the designer's profile (if any) and the prompt version, so changing
 * a world's description starts a fresh, consistent cast instead of mixing two worlds.
 *   const world = resolveWorld({ id: 'neo-tokyo', description: 'A modern neo-Tokyo' });
 *   world.fingerprint // '3f1c9a0e4b2d7c55'
 * Cost: one SHA-256 over the description; call once per world, not per NPC.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidWorldError, parseOrThrow } from './errors.js';
import { type Profile, ProfileSchema, profileProblems } from './profile-schema.js';
import { UNSAFE_CHARACTER_MESSAGE, unsafeCharacter } from './text-safety.js';
import { PROMPT_VERSION } from './version.js';

export const MAX_DESCRIPTION_LENGTH = 4000;

export const WorldIdSchema = z
  .string({ error: 'world id must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, 'world id: 1-80 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');

export const WorldInputSchema = z.object({
  id: WorldIdSchema,
  description: z
    .string({ error: 'world description must be a string' })
    .trim()
    .min(3, 'world description is empty or too short (at least 3 characters)')
    .max(MAX_DESCRIPTION_LENGTH, `world description is over ${MAX_DESCRIPTION_LENGTH} characters`)
    // Tab and newlines are fine (collapsed before fingerprinting); invisible and bidi characters are not.
    .refine((s) => unsafeCharacter(s, { allowWhitespace: true }) === null, {
      error: (iss) =>
        `world description: ${UNSAFE_CHARACTER_MESSAGE} (found ${unsafeCharacter(String(iss.input), { allowWhitespace: true })})`,
    }),
  profile: ProfileSchema.nullish(),
});
export type WorldInput = z.input<typeof WorldInputSchema>;

export interface World {
  readonly id: string;
  /** The description as given (trimmed). */
  readonly description: string;
  /** A designer-given profile, if any; otherwise the engine makes one once per world. */
  readonly designerProfile: Profile | null;
  readonly fingerprint: string;
}

/** Lower-case, Unicode-normalised, whitespace collapsed: "A  Medieval village " == "a medieval village". */
export function normaliseDescription(description: string): string {
  return description.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function fingerprintOf(description: string, profile: Profile | null): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: PROMPT_VERSION, d: normaliseDescription(description), p: profile }))
    .digest('hex')
    .slice(0, 16);
}

/** Validate a world input; throws InvalidWorldError with every problem listed. */
export function resolveWorld(input: unknown): World {
  const parsed = parseOrThrow(WorldInputSchema, input, (message) => new InvalidWorldError(message), 'world');
  const profile = parsed.profile ?? null;
  if (profile) {
    const problems = profileProblems(profile);
    if (problems.length) throw new InvalidWorldError(`Invalid world profile:\n- ${problems.join('\n- ')}`);
  }
  return {
    id: parsed.id,
    description: parsed.description,
    designerProfile: profile,
    fingerprint: fingerprintOf(parsed.description, profile),
  };
}

/** A stable id for a world known only by its description (the CLI's `--world`): slug + hash. */
export function worldIdFromDescription(description: string): string {
  const norm = normaliseDescription(description);
  const slug =
    norm
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'world';
  const hash = createHash('sha256').update(norm).digest('hex').slice(0, 8);
  return `${slug}-${hash}`;
}
