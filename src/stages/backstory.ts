/**
 * Backstory stage: 150-250 words, slow model tier, one person per call, in the background.
 * It is written from the same traits and the bio's text, so bio and backstory describe one
 * person; after a failed consistency check it is asked once more with the problems named.
 * First drafts of several people of one world may share a call (stages/backstories.ts);
 * regenerations, and people a batched reply left out, always come through here.
 * The world brief (summary and era line, stages/world-brief.ts) travels in the <data> block.
 * These prompt revisions keep the output shape, so BACKSTORY_PROMPT_VERSION (part of every
 * world's fingerprint, hence every NPC's identity) stays.
 *   const prompt = backstoryPrompt(world, profile, identity, bio, null);
 * Cost: ~60 prompt tokens of instructions, ~25-45 for the world brief, plus the person and bio
 * (~120); ~330 completion tokens.
 */
import { z } from 'zod';
import type { Profile } from '../core/profile-schema.js';
import { dataBlock, type StructuredPrompt } from '../core/prompt.js';
import type { PersonaIdentity, WorldContext } from '../core/types.js';
import { BACKSTORY_PROMPT_VERSION } from '../core/version.js';
import { countWords, subjectData } from './bio.js';
import { worldBrief } from './world-brief.js';

export const BACKSTORY_MIN_WORDS = 120;
export const BACKSTORY_MAX_WORDS = 300;

/** The reply's shape is not repeated here: it travels as the json_schema (json_object and text modes append the schema, structured.ts). */
const BACKSTORY_SYSTEM = `NPC backstory, 150-250 words, third person: origins, turning points, place in the world, what they want now.
Keep bio and traits true (exact name, age, occupation); every hint word for word; fit world, era, terms.`;
/** Only on a regeneration. */
const BACKSTORY_FIX_LINE = 'A previous draft contradicted the traits; "fix" lists how. Do not repeat those mistakes.';

// Length rules live in the refinement, which is not part of the JSON schema sent with every call.
export const BackstoryReplySchema = z.object({ backstory: z.string() }).superRefine((reply, ctx) => {
  const chars = reply.backstory.trim().length;
  if (chars < 200 || chars > 4000)
    ctx.addIssue({ code: 'custom', path: ['backstory'], message: `backstory has ${chars} characters; write 150-250 words` });
  const words = countWords(reply.backstory);
  if (words < BACKSTORY_MIN_WORDS || words > BACKSTORY_MAX_WORDS) {
    ctx.addIssue({ code: 'custom', path: ['backstory'], message: `backstory has ${words} words; write 150-250` });
  }
});
export type BackstoryReply = z.infer<typeof BackstoryReplySchema>;

export function backstoryPrompt(
  world: WorldContext,
  profile: Profile,
  subject: PersonaIdentity,
  bio: string,
  problems: readonly string[] | null,
): StructuredPrompt<BackstoryReply> {
  const brief = worldBrief(world, profile);
  const data: Record<string, unknown> = {
    world: world.description,
    summary: brief.summary,
    era: brief.era,
    terms: profile.terms.slice(0, 8),
    person: subjectData(subject),
    bio,
  };
  if (problems?.length) data.fix = problems;
  return {
    stage: 'backstory',
    schemaName: 'persona_backstory',
    schema: BackstoryReplySchema,
    version: BACKSTORY_PROMPT_VERSION,
    maxTokens: 700,
    messages: [
      { role: 'system', content: problems?.length ? `${BACKSTORY_SYSTEM}\n${BACKSTORY_FIX_LINE}` : BACKSTORY_SYSTEM },
      { role: 'user', content: dataBlock('backstory', data) },
    ],
  };
}
