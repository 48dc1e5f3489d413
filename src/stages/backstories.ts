/**
 * Batched backstory stage: first drafts for several people of one world in one call. The
 * world and its terms travel once in the <data> block, then each person's traits, hints and
 * bio under a short `ref` (a hash of the persona key, so it never depends on the order of the
 * batch and carries nothing a player typed). The reply is an array of `{ ref, backstory }`;
 * each entry is matched to its person by ref (never by position) and checked on its own
 * (150-250 words, as in stages/backstory.ts). The schema is strict about the reply's shape
 * but lenient per entry: a person left out, under a wrong ref, or with a text of the wrong
 * length comes back as `null` and is written alone, which costs less than a repair call that
 * re-sends the whole batch and its reply. Regenerations after a contradiction are always
 * single calls (stages/backstory.ts).
 *   const prompt = backstoriesPrompt(world, profile, [{ subject, bio }, { subject: s2, bio: b2 }]);
 *   const texts = pickBackstories(reply, prompt.refs); // (string | null)[], one per person
 * The world brief (summary and era line, stages/world-brief.ts) travels once per call, and the
 * model is asked for a different opening and hook per person. These prompt revisions keep the
 * output shape, so BACKSTORY_PROMPT_VERSION (part of every world's fingerprint, hence every
 * NPC's identity) stays.
 * Cost: ~190 prompt tokens of instructions, schema, world and brief once per call plus ~110 per
 * person; ~330 completion tokens per person; one sha256 of each key.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Profile } from '../core/profile-schema.js';
import { dataBlock, type StructuredPrompt } from '../core/prompt.js';
import type { BackstoryPerson, PersonaIdentity, WorldContext } from '../core/types.js';
import { BACKSTORY_PROMPT_VERSION } from '../core/version.js';
import { BackstoryReplySchema } from './backstory.js';
import { subjectData } from './bio.js';
import { worldBrief } from './world-brief.js';

/** The data block's task; the test server answers it (testing/auto-replies.ts). */
export const BACKSTORIES_TASK = 'backstories' as const;

/** The reply's shape is not repeated here: it travels as the json_schema (json_object and text modes append the schema, structured.ts). */
const BACKSTORIES_SYSTEM = `NPC backstories, 150-250 words each, third person: origins, turning points, place in the world, what they want now.
Keep each one's bio and traits true (exact name, age, occupation); every hint word for word; fit world, era, terms; never mix people up.
Unique opening and hook per person.
One entry per ref.`;

export const BackstoriesReplySchema = z.object({
  backstories: z.array(z.object({ ref: z.string(), backstory: z.string() })).min(1),
});
export type BackstoriesReply = z.infer<typeof BackstoriesReplySchema>;

export interface BackstoriesPrompt extends StructuredPrompt<BackstoriesReply> {
  /** The ref of each person, in the order of the request. */
  refs: string[];
}

/** Completion budget: the single prompt's 700 for one, ~600 a person beyond (a 250-word text is ~330 tokens). */
export function backstoriesMaxTokens(n: number): number {
  return 100 + 600 * n;
}

/** A person's ref: 8 hex characters of sha256(key); stable whatever the batch's order. */
export function backstoryRef(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Refs for a batch: each person's backstoryRef, with `-<i>` added on the rare collision. */
export function backstoryRefs(subjects: readonly PersonaIdentity[]): string[] {
  const seen = new Set<string>();
  return subjects.map((s, i) => {
    let ref = backstoryRef(s.key);
    if (seen.has(ref)) ref = `${ref}-${i}`;
    seen.add(ref);
    return ref;
  });
}

export function backstoriesPrompt(world: WorldContext, profile: Profile, people: readonly BackstoryPerson[]): BackstoriesPrompt {
  const refs = backstoryRefs(people.map((p) => p.subject));
  const brief = worldBrief(world, profile);
  const data = {
    world: world.description,
    summary: brief.summary,
    era: brief.era,
    terms: profile.terms.slice(0, 8),
    // The single prompt's view of a person (subjectData leaves out empty hints).
    people: people.map((p, i) => ({ ref: refs[i], ...subjectData(p.subject), bio: p.bio })),
  };
  return {
    stage: 'backstory',
    schemaName: 'persona_backstories',
    schema: BackstoriesReplySchema,
    version: BACKSTORY_PROMPT_VERSION,
    maxTokens: backstoriesMaxTokens(people.length),
    refs,
    messages: [
      { role: 'system', content: BACKSTORIES_SYSTEM },
      { role: 'user', content: dataBlock(BACKSTORIES_TASK, data) },
    ],
  };
}

/** Why one entry's text is unusable (the single stage's rules), or null when it is fine. */
export function backstoryTextProblem(text: string): string | null {
  const parsed = BackstoryReplySchema.safeParse({ backstory: text });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'invalid backstory');
}

/**
 * One text per ref, in the refs' order: the first usable entry with that ref, else null (left
 * out, wrong ref, or a text that breaks the length rules). Entries under unknown refs are ignored.
 */
export function pickBackstories(reply: BackstoriesReply, refs: readonly string[]): Array<string | null> {
  const byRef = new Map<string, string>();
  for (const entry of reply.backstories) {
    const ref = entry.ref.trim();
    if (!byRef.has(ref) && backstoryTextProblem(entry.backstory) === null) byRef.set(ref, entry.backstory);
  }
  return refs.map((ref) => byRef.get(ref) ?? null);
}
