/**
 * The person behind the loopback LLM test server's bios and backstories: read a prompt's
 * person leniently (`readPerson`), decide which facts a 'contradict' fault gets wrong
 * (`contradictionsFor`), and build the view a text is written from (`viewOf`: the person as
 * the text presents them, wrong where it contradicts), plus the hint phrasing both texts share
 * (`hintList`, `paraphrase`: "one-eyed" as "only one eye").
 *   const v = viewOf(readPerson(data.person, 0), true, 'bio'); // v.age is 17 years off
 * Cost: a few string operations per person; no state.
 */
import { binaryGender } from '../stages/consistency-gender.js';
import { compilePhrase } from '../stages/consistency-words.js';
import { article, hashString, pick, type Pronouns, pronounsFor } from './text-helpers.js';

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
      .filter(
        ([k, v]) => k !== flavourKey && k !== maritalKey && k !== 'occupation' && k !== 'name' && !/gender|sex/i.test(k) && v.length <= 40,
      )
      .map(([k, v]): [string, string] => [k.replace(/_/g, ' '), v]),
  };
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
    k === 'age'
      ? ageOk
      : k === 'gender'
        ? !!p.gender
        : k === 'hints'
          ? p.hints.length > 0
          : k === 'marital'
            ? stage === 'backstory' && maritalStatus(p.marital) !== null
            : true;
  if (contradict !== true) return new Set(contradict.filter(applies));
  const extras = (['occupation', 'gender', 'hints', 'marital'] as const).filter(applies);
  return new Set<ContradictKind>([ageOk ? 'age' : 'name', pick(extras, p.name, `contradict-${stage}`)]);
}

const WRONG_NAMES = {
  female: ['Agnes Thornbury', 'Marguerite Vossberg', 'Philippa Quillon', 'Rosalind Achterberg'],
  male: ['Bartholomew Quillon', 'Ignatius Vossberg', 'Cornelius Thornbury', 'Leopold Achterberg'],
};
const WRONG_OCCUPATIONS = [
  'lighthouse keeper',
  'clockmaker',
  'glassblower',
  'chimney sweep',
  'beekeeper',
  'cartographer',
  'rope maker',
  'puppeteer',
];

/** How a text is written: the person as the text presents them (wrong where it contradicts). */
export interface View {
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

export function viewOf(p: PromptPerson, contradict: Contradict, stage: 'bio' | 'backstory'): View {
  const kinds = contradictionsFor(p, contradict, stage);
  const words = new Set(p.name.toLowerCase().split(/\s+/));
  const names = WRONG_NAMES[p.gender ?? 'female'].filter(
    (n) =>
      !n
        .toLowerCase()
        .split(/\s+/)
        .some((w) => words.has(w)),
  );
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

export const ageWord = (v: View) => (v.age === null ? 'grown' : `${v.age}-year-old`);

/** Join hints, ending with one full stop; some are paraphrased (the check must accept both). */
export function hintList(hints: readonly string[], key: string): string {
  const joined = hints.map((h) => (hashString(`${key}|para|${h}`) % 3 === 0 ? paraphrase(h) : h)).join('; ');
  return /[.!?]$/.test(joined) ? joined : `${joined}.`;
}

const VERBS = new Map([
  ['fears', 'has always feared'],
  ['hates', 'has long hated'],
  ['loves', 'has always loved'],
  ['owes', 'still owed'],
  ['collects', 'has collected'],
  ['hunts', 'once hunted'],
]);
const AGENTS = new Map([
  ['miner', 'mines'],
  ['farmer', 'farms'],
  ['baker', 'bakes'],
  ['hunter', 'hunts'],
  ['trader', 'trades'],
  ['smuggler', 'smuggles'],
  ['singer', 'sings'],
  ['weaver', 'weaves'],
  ['brewer', 'brews'],
  ['healer', 'heals'],
  ['gambler', 'gambles'],
]);

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
