/**
 * Profile stage: once per world, the profile model tier turns the world description into
 * typed trait variables with dependencies (see core/profile-schema.ts). The reply is
 * validated by zod and by `profileProblems`; a broken profile gets one repair retry and is
 * otherwise rejected, never half-used.
 *   const prompt = profilePrompt(world);
 * Cost: ~350 prompt tokens, ~1,500 completion tokens, once per world version.
 */
import { dataBlock, type StructuredPrompt } from '../core/prompt.js';
import { NAME_CULTURES, type Profile, ProfileSchema, profileProblems } from '../core/profile-schema.js';
import type { WorldContext } from '../core/types.js';
import { PROFILE_PROMPT_VERSION } from '../core/version.js';

const PROFILE_SYSTEM = `You design the population of a game world. From the world description, list the trait variables its people vary in, as JSON matching the schema.
Required: "age" (numeric, integer), "gender" (categorical), "occupation" (categorical, 8-30 occupations that exist in this world, weighted by how common they are). Add 3-8 more that matter here (faction, faith, class, home district, temperament, a skill...).
Each variable is categorical (weighted options), numeric (min/max, integer) or boolean (probability).
Use dependencies: an option's "when" conditions restrict it to people whose earlier variables match (oneOf for categorical/boolean values "true"/"false", min/max for numbers). Examples: "widowed" only when age min 25; "apprentice" only when age max 25; "owns the castle" only for nobles. Numeric "ranges" and boolean "overrides" depend on other variables the same way. Every categorical variable needs at least one option with when = null. No cycles.
nameCulture: one of ${NAME_CULTURES.join(', ')}. terms: up to 12 of the world's own words. summary: one sentence.`;

export function profilePrompt(world: WorldContext): StructuredPrompt<Profile> {
  return {
    stage: 'profile',
    schemaName: 'world_profile',
    schema: ProfileSchema.superRefine((profile, ctx) => {
      for (const problem of profileProblems(profile)) ctx.addIssue({ code: 'custom', message: problem });
    }),
    version: PROFILE_PROMPT_VERSION,
    maxTokens: 3000,
    messages: [
      { role: 'system', content: PROFILE_SYSTEM },
      { role: 'user', content: dataBlock('profile', { world: world.description }) },
    ],
  };
}
