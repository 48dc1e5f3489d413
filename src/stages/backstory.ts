/**
 * Backstory stage: 150-250 words, slow model tier, one person per call, in the background.
 * It is written from the same traits and the bio's text, so bio and backstory describe one
 * person; after a failed consistency check it is asked once more with the problems named.
 * First drafts of several people of one world may share a call (stages/backstories.ts);
 * regenerations, and people a batched reply left out, always come through here.
 *   const prompt = backstoryPrompt(world, profile, identity, bio, null);
 * Cost: ~150 prompt tokens of instructions plus the person and bio (~120); ~330 completion tokens.
 */
import { z } from 'zod';
import type { Profile } from '../core/profile-schema.js';
import { dataBlock, type StructuredPrompt } from '../core/prompt.js';
import type { PersonaIdentity, WorldContext } from '../core/types.js';
import { BACKSTORY_PROMPT_VERSION } from '../core/version.js';
import { countWords, subjectData } from './bio.js';

export const BACKSTORY_MIN_WORDS = 120;
export const BACKSTORY_MAX_WORDS = 300;

const BACKSTORY_SYSTEM = `You write backstories for game NPCs. Write 150-250 words, third person, about the person in the data: origins, what shaped them, their place in the world, what they want now.
It must agree with the bio and traits: the same name, age and occupation; include every hint word for word; contradict nothing. Use the world's terms.
Reply as JSON: {"backstory":"<text>"}.`;

export const BackstoryReplySchema = z
  .object({ backstory: z.string().min(200).max(4000) })
  .superRefine((reply, ctx) => {
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
  const data: Record<string, unknown> = { world: world.description, terms: profile.terms.slice(0, 8), person: subjectData(subject), bio };
  if (problems?.length) data.fix = problems;
  return {
    stage: 'backstory',
    schemaName: 'persona_backstory',
    schema: BackstoryReplySchema,
    version: BACKSTORY_PROMPT_VERSION,
    maxTokens: 700,
    messages: [
      { role: 'system', content: problems?.length ? `${BACKSTORY_SYSTEM}\nA previous draft contradicted the traits; "fix" lists how. Do not repeat those mistakes.` : BACKSTORY_SYSTEM },
      { role: 'user', content: dataBlock('backstory', data) },
    ],
  };
}
