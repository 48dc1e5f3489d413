/**
 * The loopback LLM test server's automatic answers: read the prompt's <data> block (see
 * core/prompt.ts) and write a reply that satisfies the stage's schema and rules, the way a
 * well-behaved model would: bios (bio-text.ts), backstories (backstory-text.ts), batched
 * backstories ('backstories': one entry per person under that person's ref, each the text a
 * single 'backstory' request would get) and world profiles (auto-profile.ts); any other
 * task gets a minimal value of the json_schema sent. The 'contradict' fault (faults.ts)
 * writes texts that the consistency check must catch (prompt-person.ts says which facts go
 * wrong); tests can ask for exact contradictions with `contradict: ['name']`.
 *   autoReply(readDataBlock(lastUserMessage), jsonSchema) // { json: { bios: [...] } }
 *   bioText(person, world, terms) // one bio, 20-45 words
 * Cost: a few string templates per person; well under a millisecond per reply.
 */
import { autoProfile } from './auto-profile.js';
import { backstoryText } from './backstory-text.js';
import { bioText } from './bio-text.js';
import { sampleJsonSchema } from './json-schema-sample.js';
import { type Contradict, readPerson } from './prompt-person.js';

export { backstoryText } from './backstory-text.js';
export { bioText } from './bio-text.js';
export {
  CONTRADICT_KINDS,
  type Contradict,
  type ContradictKind,
  contradictionsFor,
  paraphrase,
  type PromptPerson,
  readPerson,
} from './prompt-person.js';

/** A parsed data block: `{ task, ...data }`. */
export type DataBlockValue = { task: string } & Record<string, unknown>;

/** What the server should say: a JSON value (formatted per response_format) or plain text. */
export type AutoReply = { json: unknown } | { text: string };

export interface AutoReplyOptions {
  /** Contradict the persona (the 'contradict' fault): see `Contradict`. Default: false. */
  contradict?: Contradict;
}

/**
 * The reply for a data block. Known tasks (bios, backstory, backstories, profile) get their stage's reply;
 * anything else gets a minimal value of `jsonSchema` when one was sent, else the text "OK".
 */
export function autoReply(data: DataBlockValue | null, jsonSchema: unknown, options: AutoReplyOptions = {}): AutoReply {
  const contradict = options.contradict ?? false;
  const world = typeof data?.world === 'string' ? data.world : '';
  const terms = Array.isArray(data?.terms) ? data.terms.filter((t): t is string => typeof t === 'string' && t.length > 0) : [];
  switch (data?.task) {
    case 'bios': {
      const people = (Array.isArray(data.people) ? data.people : []).map((raw, i) => readPerson(raw, i));
      return { json: { bios: people.map((p) => ({ ref: p.ref, bio: bioText(p, world, terms, contradict) })) } };
    }
    case 'backstory': {
      const person = readPerson(data.person, 0);
      const bio = typeof data.bio === 'string' ? data.bio : '';
      return { json: { backstory: backstoryText(person, bio, world, terms, contradict) } };
    }
    case 'backstories': {
      const people = (Array.isArray(data.people) ? data.people : []).map((raw, i) => ({ person: readPerson(raw, i), bio: bioOf(raw) }));
      return {
        json: {
          backstories: people.map(({ person, bio }) => ({
            ref: person.ref,
            backstory: backstoryText(person, bio, world, terms, contradict),
          })),
        },
      };
    }
    case 'profile':
      return { json: autoProfile(world) };
    default:
      return jsonSchema !== undefined && jsonSchema !== null ? { json: sampleJsonSchema(jsonSchema) } : { text: 'OK' };
  }
}

/** A batched backstory person's bio (`people[i].bio`), or "" when missing. */
function bioOf(raw: unknown): string {
  const bio = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).bio : undefined;
  return typeof bio === 'string' ? bio : '';
}
