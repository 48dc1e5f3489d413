/**
 * Procedural backstories: 150-250 words that read as a story (origin, a turning point at an
 * age, the work, the world's own institutions and quarrels, a want or a secret), with the
 * traits woven into events (a marriage at an age, a rite or a doubt, a job with a faction)
 * and every hint verbatim. Never repeats a sentence of the bio; states the age as
 * "age N" / "N-year-old" only for the real age.
 *   const story = backstoryFrom(view, identity, bio, rand);
 * Cost: ~70 µs a backstory (~14,000/s on one core), most of it the thin-sentence check.
 */
import type { PersonaIdentity } from '../../core/types.js';
import { countWords } from '../../stages/bio.js';
import * as B from './fragments-backstory.js';
import { type ClassifiedHint, CORE_TRAITS, NONE_VALUE, PersonRenderer, ROLE_OF, str } from './text-render.js';
import { compileAll, NEED, pool, registerPool, type Tpl } from './text-template.js';
import type { WorldView } from './text-world.js';
import { article, plural } from './text-words.js';

export const BACKSTORY_MIN_WORDS = 150;
export const BACKSTORY_MAX_WORDS = 250;

registerPool('parents', pool(B.PARENTS));
registerPool('childhood', pool(B.CHILDHOOD));
registerPool('turning', pool(B.TURNING));
registerPool('turningP', pool(B.TURNING), true);
registerPool('how', pool(B.HOW));
registerPool('memory', pool(B.MEMORIES));
registerPool('secret', pool(B.SECRETS));
registerPool('secretP', pool(B.SECRETS), true);
registerPool('spouse', pool(B.SPOUSES));
registerPool('goal', pool(B.WANTS));
registerPool('classParents', pool(B.CLASS_PARENTS));

const T = {
  origins: compileAll(B.ORIGINS),
  childhood: compileAll(B.CHILDHOOD_FRAMES),
  turning: compileAll(B.TURNING_FRAMES),
  work: compileAll(B.WORK_FRAMES),
  inst: compileAll(B.WORLD_INST),
  act: compileAll(B.WORLD_ACT),
  res: compileAll(B.WORLD_RES),
  place: compileAll(B.WORLD_PLACE),
  faction: compileAll(B.FACTION_EVENTS),
  factionNone: compileAll(B.FACTION_NONE),
  faith: compileAll(B.FAITH_EVENTS),
  faithNone: compileAll(B.FAITH_NONE),
  // A Map: the key is a trait value, and any string can be one ("constructor" included).
  marital: new Map(Object.entries(B.MARITAL_EVENTS).map(([k, v]) => [k, compileAll(v)])),
  maritalOther: compileAll(B.MARITAL_OTHER),
  temper: compileAll(B.TEMPER_EVENTS),
  memory: compileAll(B.MEMORY_FRAMES),
  now: compileAll(B.NOW_FRAMES),
  flag: compileAll([
    '{first} {hint}, which has shaped more of {their} life than most people know.',
    'That {first} {hint} matters more {P} than outsiders think.',
    'It is no small thing {P} that {first} {hint}, and {they} [knows] it.',
  ]),
  nowNoAge: compileAll(['These days {first} {goal}.']),
  secret: compileAll(B.SECRET_FRAMES),
  closing: compileAll(B.CLOSINGS),
};

const HINT_FRAMES: Record<ClassifiedHint['kind'], Tpl[]> = {
  noun: compileAll([
    'Long before {first} became {aOccNP}, {they} [was] {aHint}, and some of that has never worn off.',
    'The years as {aHint} left marks on {first} that still show.',
    'Part of {first} will always be the {hint} {they} [was] at {laterAge}.',
  ]),
  np: compileAll([
    'Few people {P} know that {first} is {hint}, and {first} prefers it that way.',
    'It took {first} years to admit, even privately, that {they} [is] {hint}.',
  ]),
  pred: compileAll([
    'Anyone who spends a day with {first} learns that {first} {hint}.',
    'It is no secret {P} that {first} {hint}.',
    'By now it is plain to everyone that {first} {hint}.',
  ]),
  isPred: compileAll(['Only a handful of people know that {first} is {hint}.', 'What few suspect is that {first} is {hint}.']),
  adj: compileAll([
    '{first} has been {hint} since {they} [was] {laterAge}, and has long stopped minding the stares.',
    'Being {hint} has shaped how people {P} treat {first}, for better and worse.',
    'Some people remember {first} before {they} [was] {hint}; most only know {them} this way.',
  ]),
  suffix: compileAll(['Everyone {P} knows {first} as the one {hint}.', 'To strangers, {first} is simply the one {hint}.']),
};

const PARTICIPLES = /^(been|done|seen|known|spent|won|lost|fought|made|gone|taken|held|\w+ed)$/;
const DETERMINERS = /^(the|a|an|their|his|her|its|some|every|no)$/;

/** A yes/no trait as a predicate: "has_been_to_sea" false -> "has never been to sea". */
export function flagPhrase(key: string, value: boolean, possessive = 'their'): string {
  const words = key
    .toLowerCase()
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((w) => (w === 'their' ? possessive : w));
  const head = words[0] ?? '';
  const next = words[1] ?? '';
  const rest = words.slice(1).join(' ');
  if (!rest) return value ? `is ${head}` : `is not ${head}`;
  if (head === 'is' || head === 'was') return value ? `${head} ${rest}` : `${head} not ${rest}`;
  if (head === 'has') return value ? `has ${rest}` : PARTICIPLES.test(next) ? `has never ${rest}` : `does not have ${rest}`;
  if (head === 'can') return value ? `can ${rest}` : `cannot ${rest}`;
  if (head === 'born' || words[words.length - 1] === 'born') return value ? `was ${words.join(' ')}` : `was not ${words.join(' ')}`;
  // "owns_land", "speaks_latin": a verb already.
  if (/[^s]s$/.test(head) && head.length > 3) return value ? `${head} ${rest}` : `does not ${plural(head)} ${rest}`;
  // "helped_build_the_place" (a past verb) or "certified_saturation_diver" (a title).
  if (/ed$/.test(head)) {
    if (DETERMINERS.test(words[2] ?? '')) return value ? `${head} ${rest}` : `never ${head} ${rest}`;
    return value ? `is ${article(head)}${head} ${rest}` : `is not ${article(head)}${head} ${rest}`;
  }
  return value ? `is ${words.join(' ')}` : `is not ${words.join(' ')}`;
}

/** Ages for events: a turning point well before now, a later event between it and now. */
function eventAges(c: PersonRenderer): void {
  const age = c.ageNum;
  if (age === null) {
    c.eventAge = 'twelve';
    c.laterAge = 'twenty';
    return;
  }
  const now = Math.floor(age);
  const hi = Math.max(1, now - 3);
  const lo = Math.min(hi, Math.max(6, Math.floor(now * 0.3)));
  const e = lo + c.rand(hi - lo + 1);
  const lLo = Math.min(now - 1, Math.max(e + 1, Math.min(18, now - 1)));
  const lHi = Math.max(lLo, now - 1);
  c.eventAge = String(e);
  c.laterLo = lLo;
  c.laterHi = lHi;
}

interface Part {
  text: string;
  /** 0: keep; higher levels are dropped first when the text runs long. */
  drop: number;
}

/** The traits, each woven into an event; plain facts (unknown variables, ancestry) share one sentence. */
/** Drop level of the trait sentences: after every other optional part (levels 1-7), before the core (0: name, age, occupation, hints). */
const TRAIT_DROP = 8;

/** A heritage value (a naming culture id such as "medieval-british") as a word a reader knows. */
const HERITAGE_LABELS: Readonly<Record<string, string>> = {
  'medieval-british': 'English',
  english: 'English',
  'ancient-greek': 'Greek',
  latin: 'Roman',
  futuristic: 'mixed',
  fantasy: 'old',
  celtic: 'Irish',
  indian: 'Indian',
  arabic: 'Arab',
};
function heritageLabel(value: string): string {
  const known = Object.hasOwn(HERITAGE_LABELS, value) ? HERITAGE_LABELS[value] : undefined;
  if (known) return known;
  return value
    .split(/[-_\s]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function traitParts(c: PersonRenderer, subject: PersonaIdentity, add: (text: string, drop: number) => void): void {
  const facts: string[] = [];
  const seen = new Set<string>();
  for (const key in subject.traits) {
    const lower = key.toLowerCase();
    if (CORE_TRAITS.has(lower)) continue;
    const raw = subject.traits[key]!;
    const value = str(raw);
    if (value === undefined) continue;
    const role = ROLE_OF.get(lower);
    if (role && !seen.has(role)) {
      seen.add(role);
      // Traits as events go last when a story runs long (long hints): TRAIT_DROP.
      if (role === 'faction') add(c.render(c.pick(NONE_VALUE.test(value) ? T.factionNone : T.faction)), TRAIT_DROP);
      else if (role === 'faith') add(c.render(c.pick(NONE_VALUE.test(value) ? T.faithNone : T.faith)), TRAIT_DROP);
      else if (role === 'marital') add(c.render(c.pick(T.marital.get(value.toLowerCase()) ?? T.maritalOther)), TRAIT_DROP);
      else if (role === 'temper') add(c.render(c.pick(T.temper)), TRAIT_DROP);
      else if (role === 'ancestry')
        facts.push(`${c.first} comes of ${heritageLabel(value)} stock, and the family has never let anyone forget it`);
      // class: woven into the origin (CLASS_PARENTS)
    } else if (typeof raw === 'boolean') {
      c.hint = flagPhrase(key, raw, c.g === 0 ? 'her' : c.g === 1 ? 'his' : 'their');
      add(c.render(c.pick(T.flag)), TRAIT_DROP);
    } else if (!role) {
      facts.push(`${c.g === 0 ? 'her' : c.g === 1 ? 'his' : 'their'} ${lower.replace(/_/g, ' ')} is ${value}`);
    }
  }
  if (facts.length) {
    const text = facts.length === 1 ? facts[0]! : `${facts.slice(0, -1).join(', ')} and ${facts[facts.length - 1]}`;
    add(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`, 0);
  }
}

/** Function words: they do not make a sentence say anything beyond a trait. */
const STOP = new Set(
  (
    'a an the and or but nor so yet of in on at to for from by with without into onto over under above below around about across after before behind beyond ' +
    'near far off out up down through between among halfway where when while which who whom whose what that this these those is are was were be been being am ' +
    'has have had do does did not no never only also just still now then than too very there here it its he she they him her them his hers their theirs we us ' +
    'our you your i me my one ones some any each every all both either neither would could should might must may can will shall as if because though although ' +
    'once ever again more most much many few other such same own how why whether until since upon within against along per via toward towards today days say ' +
    'says said get got go goes went year years old'
  ).split(' '),
);
/** Clauses that give a thin trait sentence something more to say (4+ content words each). */
const ENRICH = [
  ', which colours many conversations with close friends and rivals',
  ', a story told differently by every person who knows it',
  ', whatever the neighbours whisper about it behind closed doors',
  ', something that shaped countless small choices since then',
] as const;
/** Lower-case words of the trait values and yes/no trait names (what a reader would call "the trait"). */
function traitWords(subject: PersonaIdentity): Set<string> {
  const words = new Set<string>();
  for (const [key, value] of Object.entries(subject.traits)) {
    if (typeof value === 'boolean') {
      for (const w of key.toLowerCase().split(/_+/)) if (w.length >= 3 && !['has', 'have', 'was', 'can'].includes(w)) words.add(w);
    } else if (typeof value === 'string') {
      // Stop words ("the", "of") are no trait: they would match every sentence.
      for (const w of value.toLowerCase().split(/[^\p{L}'’]+/u)) if (w.length >= 3 && !STOP.has(w)) words.add(w);
    }
  }
  return words;
}
/** The numbers among the traits (the age), as strings. */
function traitNumbers(subject: PersonaIdentity): string[] {
  return Object.values(subject.traits)
    .filter((v): v is number => typeof v === 'number')
    .map(String);
}
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Does `text` contain `n` as a whole number? */
function hasNumber(text: string, n: string): boolean {
  for (let at = text.indexOf(n); at >= 0; at = text.indexOf(n, at + 1)) {
    if (!isDigit(text.charCodeAt(at - 1)) && !isDigit(text.charCodeAt(at + n.length))) return true;
  }
  return false;
}
/** Does the sentence name a trait and say at most three other content words? */
function thin(text: string, traits: ReadonlySet<string>, numbers: readonly string[], names: ReadonlySet<string>): boolean {
  const lower = text.toLowerCase();
  let hit = numbers.some((n) => hasNumber(text, n));
  // Most sentences name no trait: a substring scan settles them before any split.
  if (!hit) {
    let maybe = false;
    for (const w of traits) if (lower.includes(w)) maybe = true;
    if (!maybe) return false;
  }
  let other = 0;
  for (const w of lower.split(/[^\p{L}'’]+/u)) {
    if (w.length < 2 || names.has(w.replace(/['’]s$/, ''))) continue;
    if (traits.has(w)) hit = true;
    else if (!STOP.has(w)) other++;
  }
  return hit && other <= 3;
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 12);
}

/** A backstory for one person: 150-250 words, never a sentence of `bio`. `rand(n)` is an integer in [0, n). */
export function backstoryFrom(view: WorldView, subject: PersonaIdentity, bio: string, rand: (n: number) => number): string {
  const c = new PersonRenderer(rand, view, subject, false);
  eventAges(c);
  const parts: Part[] = [];
  const add = (text: string, drop: number) => {
    if (text) parts.push({ text, drop });
  };
  // The standing woven into the origin ("born ... to a villein family") two times in three.
  if (c.roles.class && rand(3) > 0) c.redirect = { parents: 'classParents' };
  // The origin is placed in the description's own words, so every backstory is grounded.
  c.forceOwn = true;
  add(c.render(c.pick(T.origins)), 0);
  c.forceOwn = false;
  c.redirect = {};
  add(c.render(c.pick(T.childhood)), 4);
  add(c.ageNum !== null && c.ageNum < 10 ? '' : c.render(c.pick(T.turning)), 5);
  add(c.render(c.pick(T.work)), 0);
  const world: Tpl[][] = [];
  if (c.available & NEED.inst) world.push(T.inst);
  if (c.available & NEED.act) world.push(T.act);
  if (c.available & NEED.res) world.push(T.res);
  if (!world.length) world.push(T.place);
  const first = rand(world.length);
  add(c.render(c.tpl(world[first]!)), 0);
  // Traits as events, in a seeded order, with the world's second quarrel somewhere among them.
  const events: Part[] = [];
  traitParts(c, subject, (text, drop) => {
    if (text) events.splice(rand(events.length + 1), 0, { text, drop });
  });
  if (world.length > 1) events.splice(rand(events.length + 1), 0, { text: c.render(c.tpl(world[(first + 1) % world.length]!)), drop: 3 });
  parts.push(...events);
  for (const h of c.looseHints) {
    c.hint = h.text;
    add(c.render(c.pick(HINT_FRAMES[h.kind])), 0);
  }
  const fillerAt = parts.length;
  add(c.render(c.pick(c.ageNum === null ? T.nowNoAge : T.now)), 0);
  add(c.render(c.pick(T.secret)), 6);
  add(c.render(c.pick(T.closing)), 7);

  let total = parts.reduce((n, p) => n + countWords(p.text), 0);
  const fillers = [...T.memory, ...T.place];
  const used = new Set<number>();
  for (let tries = 0; total < BACKSTORY_MIN_WORDS + 10 && tries < 16; tries++) {
    const k = rand(fillers.length);
    if (used.has(k)) continue;
    used.add(k);
    const text = c.render(fillers[k]!);
    parts.splice(fillerAt, 0, { text, drop: 1 });
    total += countWords(text);
  }
  // Never a sentence of the bio (a model-written bio could share a stock phrase).
  const bioSentences = sentencesOf(bio);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (bioSentences.some((s) => parts[i]!.text.includes(s))) {
      total -= countWords(parts[i]!.text);
      parts.splice(i, 1);
    }
  }
  // A sentence that names a trait must say more than the trait: enrich or drop thin ones.
  const traits = traitWords(subject);
  const numbers = traitNumbers(subject);
  const names = new Set(subject.name.toLowerCase().split(/\s+/));
  let enriched = rand(ENRICH.length);
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (!thin(p.text, traits, numbers, names)) continue;
    // A filler that says too little goes; a core or trait sentence is enriched instead.
    if (p.drop > 0 && p.drop !== TRAIT_DROP) {
      total -= countWords(p.text);
      parts.splice(i, 1);
    } else {
      const clause = ENRICH[enriched++ % ENRICH.length]!;
      p.text = `${p.text.slice(0, -1)}${clause}${p.text.slice(-1)}`;
      total += countWords(clause);
    }
  }
  for (let level = 1; level <= TRAIT_DROP && total > BACKSTORY_MAX_WORDS; level++) {
    for (let i = parts.length - 1; i >= 0 && total > BACKSTORY_MAX_WORDS; i--) {
      if (parts[i]!.drop !== level) continue;
      total -= countWords(parts[i]!.text);
      parts.splice(i, 1);
    }
  }
  return parts.map((p) => p.text).join(' ');
}
