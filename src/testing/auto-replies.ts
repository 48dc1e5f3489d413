/**
 * The loopback LLM test server's automatic answers: read the prompt's <data> block (see
 * core/prompt.ts) and write a reply that satisfies the stage's schema and rules, the way a
 * well-behaved model would. Bios and backstories name the person, their exact age
 * ("34-year-old"), occupation and every hint; wording varies by name, deterministically.
 * A batched backstory request ('backstories') gets one entry per person under that person's
 * ref, each the text a single 'backstory' request for that person would get.
 *   autoReply(readDataBlock(lastUserMessage), jsonSchema) // { json: { bios: [...] } }
 *   bioText(person, world, terms) // one bio, 20-45 words
 * Cost: a few string templates per person; well under a millisecond per reply.
 */
import { autoProfile } from './auto-profile.js';
import { sampleJsonSchema } from './json-schema-sample.js';
import { article, capitalise, pick, shuffleBy, wordCount, worldPair } from './text-helpers.js';

/** A parsed data block: `{ task, ...data }`. */
export type DataBlockValue = { task: string } & Record<string, unknown>;

/** What the server should say: a JSON value (formatted per response_format) or plain text. */
export type AutoReply = { json: unknown } | { text: string };

/** A person as the bio and backstory prompts send them. */
export interface PromptPerson {
  ref: string;
  name: string;
  /** The age exactly as in the traits ("34"), or null when the traits have none. */
  age: string | null;
  occupation: string;
  hints: string[];
}

export interface AutoReplyOptions {
  /** State an age 17 years off the traits (the 'contradict' fault). Default: false. */
  contradict?: boolean;
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
      return { json: { backstories: people.map(({ person, bio }) => ({ ref: person.ref, backstory: backstoryText(person, bio, world, terms, contradict) })) } };
    }
    case 'profile':
      return { json: autoProfile(world) };
    default:
      return jsonSchema !== undefined && jsonSchema !== null ? { json: sampleJsonSchema(jsonSchema) } : { text: 'OK' };
  }
}

/** Read `{ ref?, name, traits: { age, occupation }, hints }` leniently (missing fields get neutral stand-ins). */
export function readPerson(raw: unknown, index: number): PromptPerson {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const traits = (r.traits && typeof r.traits === 'object' ? r.traits : {}) as Record<string, unknown>;
  const age = traits.age;
  return {
    ref: typeof r.ref === 'string' ? r.ref : String(index + 1),
    name: typeof r.name === 'string' && r.name.trim() ? r.name : 'Someone',
    age: typeof age === 'number' || (typeof age === 'string' && age.trim() !== '') ? String(age) : null,
    occupation: typeof traits.occupation === 'string' && traits.occupation ? traits.occupation : 'resident',
    hints: Array.isArray(r.hints) ? r.hints.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [],
  };
}

/** A batched backstory person's bio (`people[i].bio`), or "" when missing. */
function bioOf(raw: unknown): string {
  const bio = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).bio : undefined;
  return typeof bio === 'string' ? bio : '';
}

/** The age a text states: the traits' age, or 17 years more under the 'contradict' fault. */
function statedAge(p: PromptPerson, contradict: boolean): string | null {
  if (p.age === null || !contradict) return p.age;
  const n = Number(p.age);
  return Number.isFinite(n) ? String(n + 17) : '77';
}

function ageWord(p: PromptPerson, contradict: boolean): string {
  const age = statedAge(p, contradict);
  return age === null ? 'grown' : `${age}-year-old`;
}

const firstName = (p: PromptPerson) => p.name.split(/\s+/)[0] ?? p.name;
/** Join hints verbatim, ending with one full stop. */
const hintList = (hints: readonly string[]) => {
  const joined = hints.join('; ');
  return /[.!?]$/.test(joined) ? joined : `${joined}.`;
};

/** One bio: 1-2 sentences, 20-45 words, with name, "<age>-year-old", occupation, hints, a term and world words. */
export function bioText(p: PromptPerson, world: string, terms: readonly string[], contradict = false): string {
  const key = p.name;
  const [x, y] = worldPair(world, key);
  const age = ageWord(p, contradict);
  const a = article(age);
  const { name, occupation: occ } = p;
  const openers = [
    `${name} is ${a} ${age} ${occ} who knows ${x} and ${y} better than most`,
    `${capitalise(a)} ${age} ${occ}, ${name} has spent years among ${x} and ${y}`,
    `Most locals know ${name}, ${a} ${age} ${occ} shaped by ${x} and ${y}`,
    `${name}, ${a} ${age} ${occ}, keeps a close eye on ${x} and ${y}`,
    `Ask about ${name} and you hear of ${a} ${age} ${occ} who never tires of ${x} or ${y}`,
    `${name} is the ${age} ${occ} everyone around ${x} and ${y} seems to owe a favour`,
    `Few can match ${name}, ${a} ${age} ${occ} with deep roots in ${x} and ${y}`,
  ];
  const term = terms.length ? pick(terms, key, 'term') : null;
  const termClause = term
    ? pick([`, and talks often of ${term}`, `, never far from ${term}`, `, with firm opinions about ${term}`, `, and trusts ${term} less each year`], key, 'term-clause')
    : '';
  const fillers = [
    'rarely passes a neighbour without a word or two',
    'keeps odd hours and a long memory',
    'is slow to anger and quick to laugh',
    'has a habit of turning up wherever news is breaking',
  ];
  const hintsSentence = p.hints.length
    ? ` ${pick(['Worth knowing:', 'Rumour adds:', 'Friends would add:', 'Notably:'], key, 'hint-lead')} ${hintList(p.hints)}`
    : '';
  let first = pick(openers, key, 'opener') + termClause;
  let text = `${first}.${hintsSentence}`;
  for (const filler of shuffleBy(fillers, key, 'filler')) {
    if (wordCount(text) >= 20) break;
    first += `; ${firstName(p)} ${filler}`;
    text = `${first}.${hintsSentence}`;
  }
  if (wordCount(text) > 45) text = `${name} is ${a} ${age} ${occ}${term ? ` tied to ${term}` : ''} in ${x}.${hintsSentence}`;
  return text;
}

/**
 * One backstory of 160-230 words: name, "<age>-year-old", occupation, every hint, the bio
 * quoted (whole when it has at most 45 words), world words and terms. Under `contradict` the
 * stated age is 17 years off, in the quote too.
 */
export function backstoryText(p: PromptPerson, bio: string, world: string, terms: readonly string[], contradict = false): string {
  const key = p.name;
  const [x, y] = worldPair(world, key);
  const age = ageWord(p, contradict);
  const a = article(age);
  const f = firstName(p);
  const { name, occupation: occ } = p;
  const occA = `${article(occ)} ${occ}`;

  let quote = bio.trim().split(/\s+/).filter(Boolean);
  if (quote.length > 45) quote = [...quote.slice(0, 40), '…'];
  let quoted = quote.join(' ');
  const stated = statedAge(p, contradict);
  if (contradict && p.age !== null && stated !== null) quoted = quoted.replace(new RegExp(`\\b${escapeRegExp(p.age)}\\b`, 'g'), stated);

  const intro = pick(
    [
      `${name} is ${a} ${age} ${occ} whose life has been bound up with ${x} and ${y} for as long as anyone can remember.`,
      `Long before ${name} became the ${age} ${occ} people know today, ${f} was a restless child growing up between ${x} and ${y}.`,
      `Today ${name} is ${a} ${age} ${occ}, but the road there wound through ${x}, ${y} and more than one hard winter.`,
    ],
    key,
    'intro',
  );
  const bioSentence = quoted
    ? pick(
        [`The short version most people tell goes like this: "${quoted}"`, `Ask around and you will hear it put simply: "${quoted}"`, `Neighbours sum ${f} up in a few words: "${quoted}"`],
        key,
        'bio',
      )
    : '';
  const hintsSentence = p.hints.length
    ? `${pick(['A few things about', 'Some things about', 'Certain facts about'], key, 'hints')} ${f} matter more than the rest: ${hintList(p.hints)}`
    : '';
  const termSentences = shuffleBy(terms, key, 'terms')
    .slice(0, 2)
    .map((t, i) => (i === 0 ? `Talk of ${t} has followed ${f} for years, for better and for worse.` : `${f} has firm opinions about ${t} and shares them freely.`));
  const want = pick(
    [
      `What ${f} wants now is simple to say and hard to get: a little security, a little respect, and time to enjoy both.`,
      `These days ${f} wants to leave something behind in ${x} that outlasts the gossip.`,
      `Now ${f} hopes for one good chance to prove that the years in ${y} were not wasted.`,
    ],
    key,
    'want',
  );
  const fillers = shuffleBy(
    [
      `The early years were lean, and ${f} learned to read people long before learning to read letters.`,
      `Work as ${occA} came slowly at first, through odd jobs, borrowed tools and a great deal of patience.`,
      `${f} still remembers the first real success, a small one, and the stubborn pride it brought.`,
      `Not every choice was a wise one, and a few old debts of trust have never quite been repaid.`,
      `Around ${x}, ${f} is known for keeping promises and for remembering who kept theirs.`,
      `There were seasons when ${f} considered leaving for good, yet something always pulled ${f} back.`,
      `Friends describe a dry sense of humour that surfaces at exactly the wrong moments.`,
      `Rivals admit, if pressed, that ${f} is hard to outwork and harder to fool.`,
      `Evenings are for mending what the day broke, whether tools, plans or friendships.`,
      `${f} keeps a small collection of keepsakes from ${y}, each with a story attached.`,
      `Strangers who earn the trust of ${f} find a loyal ally; those who waste it rarely get a second chance.`,
      `Every morning starts the same way, with a walk past ${x} and a quiet look at how things have changed.`,
      `The work of ${occA} is rarely glamorous, but ${f} takes real pride in doing it well.`,
      `Old neighbours still tell stories about ${f} that grow a little taller with every telling.`,
    ],
    key,
    'fillers',
  );
  const required = [intro, bioSentence, hintsSentence, ...termSentences, want].filter(Boolean);
  let words = wordCount(required.join(' '));
  const chosen: string[] = [];
  for (const s of fillers) {
    if (words >= 175) break;
    const w = wordCount(s);
    if (words + w > 225) continue;
    chosen.push(s);
    words += w;
  }
  const half = Math.ceil(chosen.length / 2);
  const first = [intro, ...chosen.slice(0, half), bioSentence].filter(Boolean).join(' ');
  const second = [hintsSentence, ...termSentences, ...chosen.slice(half), want].filter(Boolean).join(' ');
  return `${first}\n\n${second}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
