/**
 * Bio stage: one or two sentences per person, fast model tier, several people per call.
 * The prompt is versioned data (BIO_PROMPT_VERSION); the world, its brief (summary and era
 * line, stages/world-brief.ts), its terms and the people travel in the <data> block. A batch
 * is asked for a different opening and hook per person; a regeneration carries each person's
 * `fix` and one system line saying what it is. These revisions keep the output shape, so
 * BIO_PROMPT_VERSION (part of every world's fingerprint, hence every NPC's identity) stays.
 *   const prompt = bioPrompt(world, profile, [identity1, identity2]);
 * Cost: ~55 prompt tokens of instructions per call (+7 for a batch line, +13 for a fix line),
 * ~25-45 for the world brief, plus ~45 per person; ~60 completion tokens per person.
 */
import { z } from 'zod';
import type { Profile } from '../core/profile-schema.js';
import { dataBlock, type StructuredPrompt } from '../core/prompt.js';
import type { PersonaIdentity, WorldContext } from '../core/types.js';
import { BIO_PROMPT_VERSION } from '../core/version.js';
import { worldBrief } from './world-brief.js';

export const BIO_MAX_WORDS = 60;

/** The reply's shape is not repeated here: it travels as the json_schema (json_object and text modes append the schema, structured.ts). */
const BIO_SYSTEM = `NPC bios: 1-2 sentences each (max 45 words), third person, present tense.
Exact name, age, occupation, gender; every hint word for word; fit world, era, terms.
One entry per person, in order.`;
/** Only for two or more people (a lone bio has nothing to differ from). */
const BIO_BATCH_LINE = 'Unique opening and hook per person.';
/** Only on a regeneration. */
const BIO_FIX_LINE = '"fix": what that last draft got wrong; avoid it.';

/** Schemas by refs (a batch's refs are "1".."n"), so the JSON schema made from one is cached too. */
const replySchemas = new Map<string, ReturnType<typeof makeBioReplySchema>>();
const MAX_CACHED_SCHEMAS = 256;

/** The reply schema for people with these refs, in this order (memoised). */
export function bioReplySchema(refs: readonly string[]) {
  const id = refs.join('\u0000');
  let schema = replySchemas.get(id);
  if (!schema) {
    if (replySchemas.size >= MAX_CACHED_SCHEMAS) replySchemas.clear();
    schema = makeBioReplySchema([...refs]);
    replySchemas.set(id, schema);
  }
  return schema;
}

// Length rules are checked in the refinement, not declared on the string: refinements are not
// part of the JSON schema sent with every call (fewer prompt tokens; the prompt states the limit).
function makeBioReplySchema(refs: readonly string[]) {
  return z
    .object({
      bios: z
        .array(z.object({ ref: z.string(), bio: z.string() }))
        .min(refs.length)
        .max(refs.length),
    })
    .superRefine((reply, ctx) => {
      reply.bios.forEach((b, i) => {
        if (b.ref !== refs[i])
          ctx.addIssue({ code: 'custom', path: ['bios', i, 'ref'], message: `expected ref "${refs[i]}" at position ${i}` });
        const chars = b.bio.trim().length;
        if (chars < 10 || chars > 700)
          ctx.addIssue({
            code: 'custom',
            path: ['bios', i, 'bio'],
            message: `bio has ${chars} characters; write 1-2 sentences (10-700 characters)`,
          });
        const words = countWords(b.bio);
        if (words > BIO_MAX_WORDS)
          ctx.addIssue({ code: 'custom', path: ['bios', i, 'bio'], message: `bio has ${words} words; keep it under 45` });
      });
    });
}
export type BioReply = z.infer<ReturnType<typeof makeBioReplySchema>>;

/** Compact, prompt-ready view of a person (no `hints` field when there are none: tokens paid per person). */
export function subjectData(s: PersonaIdentity): Record<string, unknown> {
  return s.hints.length ? { name: s.name, traits: s.traits, hints: s.hints } : { name: s.name, traits: s.traits };
}

/**
 * `problems` (the one regeneration after a failed check) has one entry per subject: what its
 * previous draft got wrong, sent as that person's `fix`.
 */
export function bioPrompt(
  world: WorldContext,
  profile: Profile,
  subjects: readonly PersonaIdentity[],
  problems?: ReadonlyArray<readonly string[] | null>,
): StructuredPrompt<BioReply> {
  const refs = subjects.map((_, i) => String(i + 1));
  const brief = worldBrief(world, profile);
  let fixes = false;
  const people = subjects.map((s, i) => {
    const fix = problems?.[i];
    if (!fix?.length) return { ref: refs[i], ...subjectData(s) };
    fixes = true;
    return { ref: refs[i], ...subjectData(s), fix };
  });
  let system = BIO_SYSTEM;
  if (subjects.length > 1) system += `\n${BIO_BATCH_LINE}`;
  if (fixes) system += `\n${BIO_FIX_LINE}`;
  return {
    stage: 'bio',
    schemaName: 'persona_bios',
    schema: bioReplySchema(refs),
    version: BIO_PROMPT_VERSION,
    maxTokens: 60 + 90 * subjects.length,
    messages: [
      { role: 'system', content: system },
      {
        role: 'user',
        content: dataBlock('bios', {
          world: world.description,
          summary: brief.summary,
          era: brief.era,
          terms: profile.terms.slice(0, 8),
          people,
        }),
      },
    ],
  };
}

/** Words as `text.match(/\S+/g).length` counts them (runs of non-whitespace), without building the array. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isJsWhitespace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Exactly the characters JavaScript's `\s` matches (WhiteSpace and LineTerminator). */
function isJsWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
