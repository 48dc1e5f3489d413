/**
 * The world sketch reader's tokenizer: splits a description into compromise-tagged tokens,
 * classifies each (content / era / det / prep / adv / verb / other, with place and people cue
 * marks from the cue table), groups content tokens into noun-phrase runs with their named
 * places and trailing place prepositions ("a tavern in the Old Quarter"), and singularises
 * words by rule. sketch.ts reads era, setting, region and phrases out of the runs.
 * sketch.ts passes the cue hits it found; with none, tagger capitals still mark names.
 *   const runs = readRuns(tokenize('A whaling town in 1850s New England', [])); // runs[0].pp 'in New England'
 * Cost: loading compromise ~0.3-1 s once, on the first tokenize (lazily: importing this module
 * costs nothing); tokenizing a one-sentence description ~2-8 ms after the tagger's warm-up.
 */
import { createRequire } from 'node:module';
import type compromise from 'compromise';
import * as D from './sketch-data.js';

/**
 * compromise, loaded on the first sketch (its bundle takes ~0.3-1 s to load): importing the
 * library costs nothing until an offline profile is made. The CommonJS build is one file.
 */
let nlpLoaded: typeof compromise | null = null;
function nlp(): typeof compromise {
  if (!nlpLoaded) {
    // __filename in the CommonJS build, import.meta.url in ESM.
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    nlpLoaded = require('compromise') as typeof compromise;
  }
  return nlpLoaded;
}

// ---- shared helpers (sketch.ts uses these too) ---------------------------------------------
/** An own property of a table, never one inherited from Object.prototype ("constructor"). */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function toFlat(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const c = lower.length === ch.length ? lower : ch;
    out += /[-\u2010-\u2015]/.test(c) ? ' ' : c === '\u2019' || c === '\u2018' ? "'" : c;
  }
  return out;
}

/** Capitalises the words of a place written in lower case ("new england" -> "New England"); leaves direction words and particles. */
export function displayPlace(raw: string): string {
  if (/\p{Lu}/u.test(raw) && /\p{Ll}/u.test(raw)) return raw;
  const s = raw.toLowerCase();
  return s.replace(/(^|[\s-])(\p{L})/gu, (m, sep: string, ch: string, offset: number) => {
    const word = s.slice(offset + sep.length).split(/[\s-]/)[0] ?? '';
    return /^(of|the|de|la|el|al|and|northern|southern|eastern|western|central|upper|lower|north|south|east|west|inner|outer|neo)$/.test(
      word,
    )
      ? m
      : sep + ch.toUpperCase();
  });
}

export interface CueHit {
  cue: D.Cue;
  start: number;
  end: number;
  word: string;
}
export const DEMONYM_SET = new Set(D.DEMONYMS);
const flatText = (h: CueHit): string => h.word;

export const LEX = {
  institution: new Set(D.INSTITUTION_NOUNS),
  activityHead: new Set(D.ACTIVITY_HEADS),
  activity: new Set(D.ACTIVITY_NOUNS),
  place: new Set(D.PLACE_NOUNS),
  resource: new Set(D.RESOURCE_NOUNS),
  resourceHead: new Set(D.RESOURCE_HEADS),
};

// ---- tokens and noun-phrase runs ----------------------------------------------------------
export type TokenClass = 'content' | 'era' | 'det' | 'prep' | 'adv' | 'verb' | 'other';
export interface Token {
  text: string;
  lower: string;
  lemma: string;
  display: string;
  tags: Set<string>;
  cls: TokenClass;
  proper: boolean;
  /** Part of a named place the cue table knows ("Crete", "New England"). */
  placeCue: boolean;
  /** Part of a people or period cue ("Viking", "Mughal"): a modifier, never a place. */
  peopleCue: boolean;
  properPart: boolean;
  sentenceStart: boolean;
  breakAfter: boolean;
}
export interface NamedSub {
  text: string;
  start: number;
  end: number;
  institution: boolean;
  insidePlace: boolean;
}
export interface Run {
  tokens: Token[];
  named: NamedSub[];
  pp: string | null;
  before: string | undefined;
}
export const NON_LOCATIVE = new Set([
  'with',
  'of',
  'for',
  'about',
  'like',
  'against',
  'after',
  'before',
  'during',
  'since',
  'without',
  'than',
]);

const SETS = {
  det: new Set(D.DETERMINERS),
  prep: new Set(D.PREPOSITIONS),
  placePrep: new Set(D.PLACE_PREPOSITIONS),
  conj: new Set(D.CONJUNCTIONS),
  pron: new Set(D.PRONOUNS),
  adv: new Set(D.ADVERBS),
  verb: new Set(D.VERBS),
  ambiguous: new Set(D.AMBIGUOUS_VERBS),
  era: new Set(D.ERA_PHRASE_WORDS),
  pairFirst: new Set(D.ERA_PAIR_FIRST),
  pairHead: new Set(D.ERA_PAIR_HEADS),
  notIng: new Set(D.NOT_ACTIVITY_ING),
  titles: new Set(D.PERSON_TITLES),
  setting: new Set(Object.keys(D.SETTING_NOUNS)),
};
const ALL_NOUNS = new Set([
  ...LEX.institution,
  ...LEX.activityHead,
  ...LEX.activity,
  ...LEX.place,
  ...LEX.resource,
  ...LEX.resourceHead,
  ...SETS.setting,
]);
const NOT_PLURAL = /(ics|ss|us|is|ous|ias|sis)$/;
const IRREGULAR: Record<string, string> = {
  elves: 'elf',
  dwarves: 'dwarf',
  thieves: 'thief',
  wolves: 'wolf',
  men: 'man',
  women: 'woman',
  people: 'person',
  children: 'child',
  lives: 'life',
  knives: 'knife',
  wives: 'wife',
};

/** A plural's singular, by rule (lower case): "guilds" -> "guild", "colonies" -> "colony", "hydroponics" stays. */
export function singular(word: string): string {
  const w = word.toLowerCase();
  const irregular = own(IRREGULAR, w);
  if (irregular) return irregular;
  if (w.length < 4 || !w.endsWith('s') || NOT_PLURAL.test(w) || ALL_NOUNS.has(w)) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes|oes)$/.test(w)) return w.slice(0, -2);
  return w.slice(0, -1);
}

export function activityOrNull(t: Token): string | null {
  return !t.proper && t.lower.length >= 6 && /^\p{L}+ing$/u.test(t.lower) && !SETS.notIng.has(t.lower) ? t.display : null;
}

interface RawTerm {
  text: string;
  post: string;
  pre: string;
  tags: string[];
  start: number;
  sentenceStart: boolean;
}
function rawTerms(text: string): RawTerm[] {
  const out: RawTerm[] = [];
  type Json = { terms?: Array<{ text?: string; post?: string; pre?: string; tags?: string[]; offset?: { start?: number } }> };
  for (const sentence of nlp()(text).json({ offset: true }) as Json[]) {
    (sentence.terms ?? []).forEach((t, i) => {
      const prev = out[out.length - 1];
      const term = {
        text: t.text ?? '',
        post: t.post ?? '',
        pre: t.pre ?? '',
        tags: t.tags ?? [],
        start: t.offset?.start ?? 0,
        sentenceStart: i === 0,
      };
      if (prev && /^[-\u2010-\u2013]$/.test(prev.post) && !term.sentenceStart && term.text) {
        out[out.length - 1] = {
          ...prev,
          text: `${prev.text}-${term.text}`,
          post: term.post,
          tags: ['Hyphenated', ...term.tags.filter((x) => x !== 'Verb')],
        };
      } else if (term.text) out.push(term);
    });
  }
  return out;
}

export function tokenize(text: string, hits: CueHit[]): Token[] {
  const terms = rawTerms(text);
  const words = terms.filter((t) => /^\p{L}{4,}/u.test(t.text));
  const titleMode = words.length >= 3 && words.filter((t) => /^\p{Lu}/u.test(t.text)).length / words.length >= 0.8;
  const tokens = terms.map((term): Token => {
    const lower = toFlat(term.text)
      .replace(/ /g, '-')
      .replace(/[^\p{L}\p{N}'-]+/gu, '');
    const end = term.start + term.text.length;
    const hit = hits.find((h) => term.start < h.end && end > h.start);
    const demonym = Boolean(hit && DEMONYM_SET.has(flatText(hit)));
    const placeCue = Boolean(hit && hit.cue.region !== null && !demonym);
    const peopleCue = Boolean(hit && (hit.cue.region === null || demonym));
    const tags = new Set(term.tags);
    const capital = term.text.split('-').some((seg) => /^\p{Lu}/u.test(seg));
    const proper =
      placeCue ||
      (capital && !titleMode && (!term.sentenceStart || peopleCue || ['ProperNoun', 'Place', 'Organization'].some((x) => tags.has(x))));
    const display = proper ? (placeCue ? displayPlace(term.text) : term.text) : lower;
    return {
      text: term.text,
      lower,
      lemma: singular(lower),
      display,
      tags,
      cls: 'content',
      proper,
      placeCue,
      peopleCue,
      properPart: false,
      sentenceStart: term.sentenceStart,
      breakAfter: /[,;:.!?()"\u201c\u201d\u2014]|\s[-\u2013]\s/.test(term.post) || /[(\u201c"]/.test(term.pre),
    };
  });
  tokens.forEach((t, i) => {
    t.cls = classify(t, tokens[i - 1], tokens[i + 1]);
  });
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.cls === 'content' && SETS.ambiguous.has(t.lower) && prev?.cls === 'content' && !prev.breakAfter) {
      const nextIsEdge = !next || t.breakAfter || ['prep', 'det', 'adv', 'other'].includes(next.cls);
      const prevPlural = prev.lemma !== prev.lower;
      if (next?.lower === 'by' || (prevPlural && !t.lower.endsWith('s')) || (nextIsEdge && t.lower.endsWith('s') && !prevPlural))
        t.cls = 'verb';
    }
    if (
      t.cls === 'content' &&
      prev?.cls === 'content' &&
      SETS.pairHead.has(t.lower) &&
      (SETS.pairFirst.has(prev.lower) || prev.peopleCue)
    ) {
      t.cls = 'era';
      prev.cls = 'era';
    }
  });
  return tokens;
}

function classify(t: Token, prev: Token | undefined, next: Token | undefined): TokenClass {
  const w = t.lower;
  if (!/[\p{L}\p{N}]/u.test(w)) return 'other';
  if (SETS.det.has(w)) return 'det';
  if (SETS.prep.has(w)) return 'prep';
  if (SETS.conj.has(w) || SETS.pron.has(w)) return 'other';
  if (SETS.adv.has(w)) return 'adv';
  if (SETS.verb.has(w)) return 'verb';
  if (
    /^\d/.test(w) ||
    /^(early|mid|late)-\d/.test(w) ||
    SETS.era.has(w) ||
    SETS.era.has(w.split('-').pop() ?? '') ||
    (SETS.pairHead.has(w.split('-').pop() ?? '_') && w.includes('-'))
  )
    return 'era';
  if (SETS.pairFirst.has(w) && next && SETS.pairHead.has(next.lower) && !t.peopleCue) return 'era';
  if (t.placeCue || t.peopleCue || t.proper || t.tags.has('Hyphenated') || activityOrNull(t) || ALL_NOUNS.has(t.lemma) || ALL_NOUNS.has(w))
    return 'content';
  if (t.tags.has('Determiner')) return 'det';
  if (t.tags.has('Preposition')) return 'prep';
  if (['Conjunction', 'QuestionWord', 'Pronoun'].some((x) => t.tags.has(x))) return 'other';
  if (t.tags.has('Verb') && !t.tags.has('Gerund')) {
    const adjectival = (t.tags.has('PastTense') || t.tags.has('Participle')) && !prev?.tags.has('Noun') && next && !next.breakAfter;
    return adjectival ? 'content' : 'verb';
  }
  if (t.tags.has('Adverb') && !t.tags.has('Adjective')) return 'adv';
  return 'content';
}

const PP_ADVERBS = new Set(['halfway', 'just', 'far', 'deep', 'high', 'somewhere', 'right', 'out', 'off']);
export function readRuns(tokens: Token[]): Run[] {
  const runs: Run[] = [];
  const starts = new Map<number, Run>();
  let current: Token[] = [];
  let begin = 0;
  const close = (): void => {
    if (current.length > 0) {
      let k = begin - 1;
      while (tokens[k]?.cls === 'det' || tokens[k]?.cls === 'era') k--;
      const run: Run = { tokens: current, named: [], pp: null, before: tokens[k]?.lower };
      runs.push(run);
      starts.set(begin, run);
    }
    current = [];
  };
  tokens.forEach((t, i) => {
    if (t.cls === 'content') {
      if (current.length === 0) begin = i;
      current.push(t);
    } else close();
    if (t.breakAfter) close();
  });
  close();
  for (const [begin, run] of starts) {
    markNamed(run, tokens[begin - 1], tokens[begin - 2]);
    let j = begin + run.tokens.length;
    if (run.tokens[run.tokens.length - 1]?.breakAfter) continue;
    const adverb = tokens[j] && PP_ADVERBS.has(tokens[j]?.lower ?? '') ? tokens[j++]?.lower : undefined;
    const prep = tokens[j];
    if (!prep || prep.cls !== 'prep' || !SETS.placePrep.has(prep.lower)) continue;
    const words = adverb ? [adverb, prep.lower] : [prep.lower];
    j++;
    while (tokens[j] && (tokens[j]?.cls === 'det' || tokens[j]?.cls === 'era')) {
      if (tokens[j]?.cls === 'det') words.push(tokens[j]?.lower ?? '');
      j++;
    }
    const object = starts.get(j);
    const objectHead = object?.tokens[object.tokens.length - 1];
    if (!object || !objectHead) continue;
    const placey =
      object.tokens.some((t) => t.placeCue || t.proper) || LEX.place.has(objectHead.lemma) || SETS.setting.has(objectHead.lemma);
    if (placey) run.pp = [...words, ...object.tokens.map((t) => t.display)].join(' ');
  }
  return runs;
}

function markNamed(run: Run, before: Token | undefined, before2: Token | undefined): void {
  const toks = run.tokens;
  const byPerson = before?.lower === 'by' || (before2?.lower === 'by' && before?.cls === 'det');
  for (let i = 0; i < toks.length; i++) {
    const nameish = (t: Token | undefined): boolean => Boolean(t && (t.placeCue || (t.proper && !t.peopleCue)));
    if (!nameish(toks[i])) continue;
    let j = i;
    while (j + 1 < toks.length && nameish(toks[j + 1])) j++;
    const sub = toks.slice(i, j + 1);
    const first = sub[0];
    const last = sub[sub.length - 1];
    const titled = i > 0 && SETS.titles.has(toks[i - 1]?.lower ?? '');
    const person = sub.every((t) => !t.placeCue && (t.tags.has('Person') || t.tags.has('FirstName')) && !t.tags.has('Place'));
    const next = toks[j + 1];
    const known = sub.some((t) => t.placeCue || ['Place', 'City', 'Country', 'Region'].some((x) => t.tags.has(x)));
    const placeLike = known || !next || LEX.place.has(next.lemma) || SETS.setting.has(next.lemma) || LEX.institution.has(last?.lemma ?? '');
    if (first && last && placeLike && !titled && !person && !(byPerson && i === 0 && !first.placeCue)) {
      for (const t of sub) t.properPart = true;
      run.named.push({
        text: sub.map((t) => t.display).join(' '),
        start: i,
        end: j,
        institution: LEX.institution.has(last.lemma),
        insidePlace: Boolean(next && j + 1 === toks.length - 1 && LEX.place.has(next.lemma)),
      });
    }
    i = j;
  }
}
