/**
 * The loopback LLM test server's automatic answers: read the prompt's <data> block (see
 * core/prompt.ts) and write a reply that satisfies the stage's schema and rules, the way a
 * well-behaved model would. Bios and backstories name the person, their exact age
 * ("34-year-old"), occupation and every hint (verbatim, or now and then paraphrased: "one-eyed"
 * as "only one eye"), use the pronouns of the person's gender (they/them when it is not
 * clearly female or male), and agree with marital status and faction; bios vary opening and
 * structure by person, deterministically. A bio request's `people[i].fix` (a regeneration)
 * gets another good bio, worded differently from the first, as a model asked again would write. A batched backstory request ('backstories') gets one entry per
 * person under that person's ref, each the text a single 'backstory' request would get.
 * The 'contradict' fault (faults.ts) writes texts that the consistency check must catch:
 * always a wrong age (a wrong name when the traits have no age) plus, chosen by the person,
 * a wrong occupation, the other gender's pronouns, the hints left out or (backstories) the
 * wrong marital status; tests can ask for exact contradictions with `contradict: ['name']`.
 *   autoReply(readDataBlock(lastUserMessage), jsonSchema) // { json: { bios: [...] } }
 *   bioText(person, world, terms) // one bio, 20-45 words
 * Cost: a few string templates per person; well under a millisecond per reply.
 */
import { binaryGender } from '../stages/consistency-gender.js';
import { compilePhrase } from '../stages/consistency-words.js';
import { autoProfile } from './auto-profile.js';
import { sampleJsonSchema } from './json-schema-sample.js';
import { article, capitalise, hashString, pick, type Pronouns, pronounsFor, shuffleBy, wordCount, worldPair } from './text-helpers.js';

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
  /** 'female' or 'male' when the traits clearly say so, else null (written as they/them). */
  gender?: 'female' | 'male' | null;
  /** The marital status trait's value, if any ("widowed"). */
  marital?: string | null;
  /** The faction trait's value, if any ("the harbour guild"). */
  faction?: string | null;
  /** A flavour trait (temperament, standing, wealth...) for variety, if any. */
  flavour?: string | null;
  /** Other short string traits as [label, value] ("faith", "the parish church"), for variety. */
  extras?: Array<[string, string]>;
  /** The request names problems of an earlier draft (`fix`): write another variant. */
  redo?: boolean;
}

/** What the 'contradict' fault can get wrong. */
export type ContradictKind = 'name' | 'age' | 'occupation' | 'gender' | 'hints' | 'marital';
export const CONTRADICT_KINDS: readonly ContradictKind[] = ['name', 'age', 'occupation', 'gender', 'hints', 'marital'];
/** false: a good text; true: the fault's deterministic mix; a list: exactly those contradictions (where they apply). */
export type Contradict = boolean | readonly ContradictKind[];

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
      return { json: { backstories: people.map(({ person, bio }) => ({ ref: person.ref, backstory: backstoryText(person, bio, world, terms, contradict) })) } };
    }
    case 'profile':
      return { json: autoProfile(world) };
    default:
      return jsonSchema !== undefined && jsonSchema !== null ? { json: sampleJsonSchema(jsonSchema) } : { text: 'OK' };
  }
}

const FACTION_KEY = /(?:^|_)(?:factions?|allegiances?|loyalty|loyalties|affiliations?|guild|clan|party|side)(?:_|$)/i;
const FLAVOUR_KEYS = ['temperament', 'personality', 'demeanour', 'demeanor', 'mood', 'standing', 'wealth', 'class', 'faith'];

/** Read `{ ref?, name, traits: { age, occupation, gender, ... }, hints }` leniently (missing fields get neutral stand-ins). */
export function readPerson(raw: unknown, index: number): PromptPerson {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const traits = (r.traits && typeof r.traits === 'object' && !Array.isArray(r.traits) ? r.traits : {}) as Record<string, unknown>;
  const age = Object.hasOwn(traits, 'age') ? traits.age : undefined;
  const occupation = Object.hasOwn(traits, 'occupation') ? traits.occupation : undefined;
  const strings = new Map<string, string>();
  for (const [k, v] of Object.entries(traits)) if (typeof v === 'string' && v.trim()) strings.set(k, v.trim());
  const keyOf = (test: (k: string) => boolean) => [...strings.keys()].find(test);
  const maritalKey = keyOf((k) => /marital|marriage|spouse/i.test(k));
  const factionKey = keyOf((k) => FACTION_KEY.test(k));
  const flavourKey = FLAVOUR_KEYS.find((k) => strings.has(k));
  return {
    ref: typeof r.ref === 'string' ? r.ref : String(index + 1),
    ...(Array.isArray(r.fix) && r.fix.length ? { redo: true } : {}),
    name: typeof r.name === 'string' && r.name.trim() ? r.name : 'Someone',
    age: typeof age === 'number' || (typeof age === 'string' && age.trim() !== '') ? String(age) : null,
    occupation: typeof occupation === 'string' && occupation ? occupation : 'resident',
    hints: Array.isArray(r.hints) ? r.hints.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [],
    gender: binaryGender(Object.fromEntries(strings)),
    marital: maritalKey ? strings.get(maritalKey)! : null,
    faction: factionKey ? strings.get(factionKey)! : null,
    flavour: flavourKey ? strings.get(flavourKey)! : null,
    extras: [...strings]
      .filter(([k, v]) => k !== flavourKey && k !== maritalKey && k !== 'occupation' && k !== 'name' && !/gender|sex/i.test(k) && v.length <= 40)
      .map(([k, v]): [string, string] => [k.replace(/_/g, ' '), v]),
  };
}

/** A batched backstory person's bio (`people[i].bio`), or "" when missing. */
function bioOf(raw: unknown): string {
  const bio = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).bio : undefined;
  return typeof bio === 'string' ? bio : '';
}

type MaritalStatus = 'single' | 'married' | 'widowed' | 'divorced' | null;
function maritalStatus(value: string | null | undefined): MaritalStatus {
  const v = (value ?? '').trim().toLowerCase();
  if (v.includes('widow')) return 'widowed';
  if (v.includes('divorc')) return 'divorced';
  if (v === 'single' || v === 'unmarried') return 'single';
  if (v === 'married' || v === 'contract-married') return 'married';
  return null;
}

/** The contradictions a text about `p` carries (empty for a good text). */
export function contradictionsFor(p: PromptPerson, contradict: Contradict, stage: 'bio' | 'backstory'): Set<ContradictKind> {
  if (contradict === false) return new Set();
  const ageOk = p.age !== null && Number.isFinite(Number(p.age));
  const applies = (k: ContradictKind) =>
    k === 'age' ? ageOk : k === 'gender' ? !!p.gender : k === 'hints' ? p.hints.length > 0 : k === 'marital' ? stage === 'backstory' && maritalStatus(p.marital) !== null : true;
  if (contradict !== true) return new Set(contradict.filter(applies));
  const extras = (['occupation', 'gender', 'hints', 'marital'] as const).filter(applies);
  return new Set<ContradictKind>([ageOk ? 'age' : 'name', pick(extras, p.name, `contradict-${stage}`)]);
}

const WRONG_NAMES = {
  female: ['Agnes Thornbury', 'Marguerite Vossberg', 'Philippa Quillon', 'Rosalind Achterberg'],
  male: ['Bartholomew Quillon', 'Ignatius Vossberg', 'Cornelius Thornbury', 'Leopold Achterberg'],
};
const WRONG_OCCUPATIONS = ['lighthouse keeper', 'clockmaker', 'glassblower', 'chimney sweep', 'beekeeper', 'cartographer', 'rope maker', 'puppeteer'];

/** How a text is written: the person as the text presents them (wrong where it contradicts). */
interface View {
  name: string;
  first: string;
  age: string | null;
  occupation: string;
  hints: string[];
  pro: Pronouns;
  /** The marital status the text states (null: say nothing). */
  marital: MaritalStatus;
  kinds: Set<ContradictKind>;
}

function viewOf(p: PromptPerson, contradict: Contradict, stage: 'bio' | 'backstory'): View {
  const kinds = contradictionsFor(p, contradict, stage);
  const words = new Set(p.name.toLowerCase().split(/\s+/));
  const names = WRONG_NAMES[p.gender ?? 'female'].filter((n) => !n.toLowerCase().split(/\s+/).some((w) => words.has(w)));
  const name = kinds.has('name') ? pick(names, p.name, 'wrong-name') : p.name;
  const own = new Set(compilePhrase(p.occupation).stems);
  const occupations = WRONG_OCCUPATIONS.filter((o) => !compilePhrase(o).stems.some((st) => own.has(st)));
  const flipped = p.gender === 'female' ? 'male' : p.gender === 'male' ? 'female' : null;
  const status = maritalStatus(p.marital);
  return {
    name,
    first: name.split(/\s+/)[0] ?? name,
    age: p.age !== null && kinds.has('age') ? String(Number(p.age) + 17) : p.age,
    occupation: kinds.has('occupation') ? pick(occupations, p.name, 'wrong-occupation') : p.occupation,
    hints: kinds.has('hints') ? [] : p.hints,
    pro: pronounsFor(kinds.has('gender') ? flipped : (p.gender ?? null)),
    marital: kinds.has('marital') ? (status === 'single' ? 'married' : 'single') : status,
    kinds,
  };
}

const ageWord = (v: View) => (v.age === null ? 'grown' : `${v.age}-year-old`);

/** Join hints, ending with one full stop; some are paraphrased (the check must accept both). */
function hintList(hints: readonly string[], key: string): string {
  const joined = hints.map((h) => (hashString(`${key}|para|${h}`) % 3 === 0 ? paraphrase(h) : h)).join('; ');
  return /[.!?]$/.test(joined) ? joined : `${joined}.`;
}

const VERBS = new Map([['fears', 'has always feared'], ['hates', 'has long hated'], ['loves', 'has always loved'], ['owes', 'still owed'], ['collects', 'has collected'], ['hunts', 'once hunted']]);
const AGENTS = new Map([['miner', 'mines'], ['farmer', 'farms'], ['baker', 'bakes'], ['hunter', 'hunts'], ['trader', 'trades'], ['smuggler', 'smuggles'], ['singer', 'sings'], ['weaver', 'weaves'], ['brewer', 'brews'], ['healer', 'heals'], ['gambler', 'gambles']]);

/** A natural paraphrase of a hint ("one-eyed" -> "only one eye", "gnome miner" -> "a gnome who mines"), or the hint itself. */
export function paraphrase(hint: string): string {
  const h = hint.trim();
  const one = /^one-([a-z]+)ed$/i.exec(h);
  if (one) {
    let base = one[1]!;
    if (base.length > 2 && base.at(-1) === base.at(-2)) base = base.slice(0, -1);
    return `only one ${base.toLowerCase() === 'ey' ? 'eye' : base}`;
  }
  const words = h.split(/\s+/);
  const verb = VERBS.get(words[0]!.toLowerCase());
  if (verb && words.length > 1) return `${verb} ${words.slice(1).join(' ')}`;
  const agent = words.length === 2 ? AGENTS.get(words[1]!.toLowerCase()) : undefined;
  if (agent) return `${article(words[0]!)} ${words[0]} who ${agent}`;
  return h;
}

/** One bio: 1-2 sentences (and the hints), 20-45 words, with name, "<age>-year-old", occupation, hints, pronouns, a term and world words. */
export function bioText(p: PromptPerson, world: string, terms: readonly string[], contradict: Contradict = false): string {
  const key = personKey(p);
  const v = viewOf(p, contradict, 'bio');
  const [x, y] = worldPair(world, key);
  const age = ageWord(v);
  const a = article(age);
  const { name, first, occupation: occ, pro } = v;
  const { pos, obj } = pro;
  const Pos = capitalise(pos);
  const term = terms.length ? pick(terms, key, 'term') : 'the changing times';
  const aged = v.age === null ? `${a} ${age}` : `aged ${v.age}`;
  const openers = [
    `${name} is ${a} ${age} ${occ} from ${x}`,
    `${name}, ${a} ${age} ${occ}, has lived near ${x} all ${pos} life`,
    `Everyone around ${x} knows ${name}, the ${age} ${occ}`,
    `Meet ${name}: ${a} ${age} ${occ} with deep roots in ${x}`,
    `${name}, ${aged}, earns ${pos} keep as ${article(occ)} ${occ} in ${x}`,
    `${capitalise(a)} ${age} ${occ} named ${name} keeps ${pos} own counsel in ${x}`,
    `Need ${article(occ)} ${occ} in ${x}? Ask for ${name}, the ${age} everyone trusts`,
    `Down by ${x} works ${name}, ${a} ${age} ${occ}`,
    `The ${age} ${occ} ${name} rarely strays far from ${x}`,
    `${name} makes a living as ${article(occ)} ${occ}, and ${pos} ${age} bones know every corner of ${x}`,
    `Ask about the ${age} ${occ} of ${x} and you will hear the name ${name}`,
    `${name} has become the ${age} ${occ} that ${x} leans on`,
    `There is no ${occ} in ${x} quite like ${name}, ${a} ${age} with opinions on everything`,
    `${name} (${a} ${age} ${occ}) is a fixture of ${x}`,
    `In ${x}, ${name} is simply the ${age} ${occ} with the open door`,
    `${name} never planned to be ${a} ${age} ${occ} in ${x}, yet here we are`,
    `Of everyone working as ${article(occ)} ${occ} in ${x}, ${name} (${a} ${age}) is the one people remember`,
    `${name} came to be ${a} ${age} ${occ} by way of ${x}`,
    `Hard work made ${name} the ${age} ${occ} of ${x}`,
    `${name}, ${aged} and ${article(occ)} ${occ} by trade, calls ${x} home`,
  ];
  const flavour = p.flavour && /^[\p{L}-]+$/u.test(p.flavour) ? p.flavour.toLowerCase() : null;
  const tails = flavour
    ? [
        `${first} is known for ${pos} ${flavour} streak`,
        `friends call ${obj} ${flavour} and mean it kindly`,
        `${pos} ${flavour} manner makes ${obj} easy to remember`,
        `${article(flavour)} ${flavour} temper has served ${obj} better than most expect`,
        `neighbours find ${obj} ${flavour}, and ${pos} rivals agree`,
        `even ${pos} critics admit ${obj} ${flavour} to the bone`,
        `the ${flavour} look in ${pos} eyes tells strangers enough about ${obj}`,
        `${pos} ${flavour} ways are the talk of ${y}`,
      ]
    : [
        `${pos} word is trusted and ${pos} door is rarely shut`,
        `people learn quickly not to underestimate ${obj}`,
        `${pos} patience is famous and ${pos} temper is not`,
        `few would cross ${obj} twice`,
        `${pos} advice is free and usually right`,
        `nobody in ${y} has a bad word for ${obj}`,
      ];
  const closers = [
    `${Pos} evenings go to ${y} and long talks about ${term}.`,
    `Lately ${term} has kept ${obj} awake at night.`,
    `Nobody has ever seen ${obj} turn away a stranger from ${y}.`,
    `${Pos} hands are rarely still, and ${pos} views on ${term} are rarely quiet.`,
    `Some say ${pos} luck ran out in ${y}; ${first} says otherwise.`,
    `${first} keeps a list of everyone in ${y} who owes ${obj} a favour.`,
    `Talk of ${term} brings out ${pos} sharpest jokes.`,
    `${Pos} oldest friend lives out past ${y}.`,
    `The children of ${y} follow ${obj} around for stories.`,
    `${first} trusts ${term} about as far as ${pos} shadow reaches.`,
    `${Pos} one extravagance is a good pair of boots for the road to ${y}.`,
    `Rumour ties ${obj} to ${term}, which ${first} neither confirms nor denies.`,
    `On market days ${first} haggles near ${y} with ${pos} neighbours.`,
    `${first} learned ${pos} trade the hard way, somewhere around ${y}.`,
    `A quiet debt to someone in ${y} still weighs on ${obj}.`,
    `${Pos} laugh carries the length of ${y}.`,
    `${first} hums while working, a habit ${pos} regulars tease ${obj} about.`,
    `Whatever comes of ${term}, ${first} means to be ready, and ${pos} plans show it.`,
    `Strangers from ${y} find ${obj} gruff at first.`,
    `${first} still writes ${pos} letters to a cousin in ${y}.`,
    `Every spring ${first} swears ${pos} roof will be fixed before the rains.`,
    `${Pos} dog is better known in ${y} than ${obj}.`,
    `No one has beaten ${obj} at dice in ${y} for years.`,
    `A faded map of ${y} hangs above ${pos} bed.`,
    `Bad news about ${term} always seems to reach ${obj} first.`,
    `${first} would sooner walk to ${y} barefoot than break ${pos} word.`,
    `${Pos} bread, ${pos} gossip and ${pos} grudges are all homemade.`,
    `Travellers from ${y} ask for ${obj} by name.`,
  ];
  const extra = p.extras?.length ? pick(p.extras, key, 'extra') : null;
  const facts = extra
    ? [
        ` In matters of ${extra[0]}, ${first} answers to ${extra[1]}.`,
        ` Ask ${obj} about ${extra[0]} and the answer is ${extra[1]}.`,
        ` ${Pos} ${extra[0]}? ${capitalise(extra[1])}, and no apology for it.`,
        ` On ${extra[0]}, ${pos} answer is ${extra[1]}.`,
        ` For ${first}, ${extra[0]} means ${extra[1]}.`,
        ` ${capitalise(extra[1])} sums up ${pos} ${extra[0]}.`,
      ]
    : [''];
  const fact = pick(facts, key, 'fact');
  const leads = ['Worth knowing:', 'Rumour adds:', `${Pos} friends would add:`, 'Notably:', 'People also mention:', 'Less obvious:'];
  const joiner = pick(['; ', ', and ', ' - '], key, 'joiner');
  const opener = pick(openers, key, 'opener');
  const tail = pick(tails, key, 'tail');
  const lead = pick(['', '', 'These days ', 'By all accounts ', 'Word is that ', 'In truth ', 'Lately ', 'As it happens ', 'Oddly enough '], key, 'closer-lead');
  const picked = pick(closers, key, 'closer');
  const closer = lead && !picked.startsWith('Lately') ? `${lead}${picked.charAt(0) === first.charAt(0) && picked.startsWith(first) ? picked : picked.charAt(0).toLowerCase() + picked.slice(1)}` : picked;
  const hintsSentence = v.hints.length ? ` ${pick(leads, key, 'hint-lead')} ${hintList(v.hints, key)}` : '';
  const candidates = [
    `${opener}${joiner}${tail}.${fact} ${closer}${hintsSentence}`,
    `${opener}.${fact} ${closer}${hintsSentence}`,
    `${opener}${joiner}${tail}. ${closer}${hintsSentence}`,
    `${opener}. ${closer}${hintsSentence}`, `${opener}${joiner}${tail}.${hintsSentence}`, `${opener}.${hintsSentence}`];
  return candidates.find((t) => wordCount(t) <= 45) ?? candidates.at(-1)!;
}

/** What varies a person's text: the name and the facts sent with it (names repeat across worlds and in samples). */
function personKey(p: PromptPerson): string {
  return [p.name, p.age ?? '', p.occupation, p.flavour ?? '', p.marital ?? '', ...p.hints, p.redo ? 'redo' : ''].join('|');
}

/** The sentence about marital status a text states (nothing when the traits have none). */
function maritalSentence(v: View, raw: string | null | undefined): string | null {
  const { first, pro } = v;
  switch (v.marital) {
    case 'single':
      return `${first} has never married and says the work leaves no time for it.`;
    case 'married':
      return `${first} is happily married, and ${pro.pos} spouse keeps the household accounts.`;
    case 'widowed':
      return `${first} was widowed some years ago and still keeps ${pro.pos} late spouse's chair by the fire.`;
    case 'divorced':
      return `${first} divorced young and speaks of it only rarely.`;
    default:
      return raw ? `Of ${pro.pos} private life, people know only that ${first} is ${raw}.` : null;
  }
}

/**
 * One backstory of 160-230 words: name, "<age>-year-old", occupation, every hint, pronouns,
 * marital status and faction when the traits have them, the bio quoted (whole when it has at
 * most 45 words), world words and terms. Under a contradiction the text states the wrong
 * facts throughout and leaves the (correct) bio out.
 */
export function backstoryText(p: PromptPerson, bio: string, world: string, terms: readonly string[], contradict: Contradict = false): string {
  const key = p.name;
  const v = viewOf(p, contradict, 'backstory');
  const [x, y] = worldPair(world, key);
  const age = ageWord(v);
  const a = article(age);
  const { name, first: f, occupation: occ, pro } = v;
  const occA = `${article(occ)} ${occ}`;

  let quote = bio.trim().split(/\s+/).filter(Boolean);
  if (quote.length > 45) quote = [...quote.slice(0, 40), '…'];
  const quoted = v.kinds.size ? '' : quote.join(' ');

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
  const hintsSentence = v.hints.length
    ? `${pick(['A few things about', 'Some things about', 'Certain facts about'], key, 'hints')} ${f} matter more than the rest: ${hintList(v.hints, key)}`
    : '';
  const pronounSentence = `${capitalise(pro.pos)} neighbours trust ${pro.obj} with small things and, lately, with a few large ones.`;
  const marital = maritalSentence(v, p.marital);
  const faction = p.faction ? `In the quarrels of the day ${f} stands with ${p.faction}, whatever it costs.` : null;
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
  const required = [intro, bioSentence, pronounSentence, hintsSentence, marital, faction, ...termSentences, want].filter((s): s is string => !!s);
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
  const first = [intro, ...chosen.slice(0, half), bioSentence, pronounSentence].filter(Boolean).join(' ');
  const second = [hintsSentence, marital, faction, ...termSentences, ...chosen.slice(half), want].filter(Boolean).join(' ');
  return `${first}\n\n${second}`;
}
