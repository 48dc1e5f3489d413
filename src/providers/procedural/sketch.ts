/**
 * The world sketch reader: turns a free-text world description into a WorldSketch (era,
 * year, technology, setting, fantasy/ruined flags, region, weighted naming cultures and the
 * description's own phrases sorted into institutions, activities, places and resources).
 * Pure and deterministic; the last 64 descriptions are memoised. Rules, in order:
 *   era: explicit year / decade / century (100) > time words "present-day", "near future",
 *     "cyberpunk", "neo-<city>" (50) > "modern" (45) > space setting (40) > named periods and
 *     peoples "Bronze Age", "Viking", "Mughal" (~30) > "ancient" (15) > fantasy -> medieval
 *     (18) > ruined -> near-future (17) > modern vs pre-modern words (10) > setting default
 *     (5, SETTING_DEFAULT_ERA). Year -> era: YEAR_ERAS in sketch-data.ts.
 *   tech: ERA_TECH[era]; the highest explicit tech word wins when higher, or when lower and the
 *     era is only implied (< 45); ruined drops one level from steam upwards.
 *   setting: the first noun-phrase head that is a setting noun ("court city" -> city: the head
 *     wins), then any setting word, then a named city -> city, islands -> archipelago, else settlement.
 * See sketch-data.ts for the word tables and the place / people / period cue table.
 *   const s = sketchWorld('A whaling town in 1850s New England'); // s.era 'industrial', s.year 1855
 * Cost: loading compromise ~0.3-1 s once, on the first sketch (lazily: importing this module costs nothing); the first call
 * ~40-200 ms (tagger warm-up), later uncached calls ~2-8 ms for a one-sentence description,
 * memoised repeats ~3 µs (a copy of the cached sketch). Once per world, never per persona.
 */
import { createRequire } from 'node:module';
import type compromise from 'compromise';
import type { NameCulture } from '../../core/profile-schema.js';
import * as D from './sketch-data.js';
import { type EraId, ERAS, type SettingId, type SketchPhrases, type TechLevel, TECH_LEVELS, type WorldSketch } from './sketch-types.js';

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

const MEMO_SIZE = 64;
const MAX_ANALYSED_CHARS = 1000;
const MAX_DESCRIPTION_CHARS = 4000;
/** An own property of a table, never one inherited from Object.prototype ("constructor"). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
const MAX_PHRASES = 8;
const memo = new Map<string, WorldSketch>();

/** Reads a world description into a sketch. Never throws; any string (or non-string) gives a valid sketch. */
export function sketchWorld(description: string): WorldSketch {
  const text = normalise(description);
  let sketch = memo.get(text);
  if (sketch) {
    memo.delete(text);
  } else {
    sketch = readSketch(text);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  }
  memo.set(text, sketch);
  return cloneSketch(sketch);
}

function normalise(description: unknown): string {
  const raw = typeof description === 'string' ? description : '';
  // eslint-disable-next-line no-control-regex
  return raw.normalize('NFKC').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_DESCRIPTION_CHARS);
}

function cloneSketch(s: WorldSketch): WorldSketch {
  const p = s.phrases;
  return { ...s, cultures: s.cultures.map((c) => ({ ...c })), phrases: { institutions: [...p.institutions], activities: [...p.activities], places: [...p.places], resources: [...p.resources] } };
}

// ---- compiled tables ----------------------------------------------------------------------
function wordsRegExp(words: readonly string[]): RegExp {
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  const alts = sorted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}
const CUE_BY_WORD = new Map<string, D.Cue>();
for (const cue of D.CUES) for (const w of cue.words) if (!CUE_BY_WORD.has(w)) CUE_BY_WORD.set(w, cue);
const CUE_RE = wordsRegExp([...CUE_BY_WORD.keys()]);
const SPACE_RE = wordsRegExp(D.SPACE_WORDS);
const FANTASY_RE = wordsRegExp(D.FANTASY_WORDS);
const RUINED_RE = wordsRegExp(D.RUINED_WORDS);
const MODERN_RE = wordsRegExp(D.MODERN_WORDS);
const PREMODERN_RE = wordsRegExp(D.PREMODERN_WORDS);
const TECH_RES = TECH_LEVELS.map((level) => [level, wordsRegExp(D.TECH_WORDS[level] ?? ['\u0000'])] as const);
const has = (re: RegExp, s: string): boolean => { re.lastIndex = 0; return re.test(s); };
const countOf = (re: RegExp, s: string): number => (s.match(re) ?? []).length;

interface CueHit { cue: D.Cue; start: number; end: number; word: string }
const DEMONYM_SET = new Set(D.DEMONYMS);
const flatText = (h: CueHit): string => h.word;
function findCues(flat: string): CueHit[] {
  const hits: CueHit[] = [];
  for (const m of flat.matchAll(CUE_RE)) {
    const cue = CUE_BY_WORD.get(m[0]);
    if (cue) hits.push({ cue, start: m.index, end: m.index + m[0].length, word: m[0] });
  }
  return hits;
}

// ---- years ----------------------------------------------------------------------------------
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'twenty first', 'twenty second', 'twenty third', 'twenty fourth', 'twenty fifth'];
const BC = String.raw`(?:\s*(bc|bce|b\.c\.|ad|ce|a\.d\.)(?![\p{L}]))?`;
const CENTURY_RE = new RegExp(String.raw`(?<![\p{L}\p{N}])(early|mid|middle|late)?\s*(\d{1,2})(?:st|nd|rd|th)\s+centur(?:y|ies)` + BC, 'u');
const CENTURY_WORD_RE = new RegExp(String.raw`(?<![\p{L}])(early|mid|middle|late)?\s*(${ORDINALS.join('|')})\s+centur(?:y|ies)` + BC, 'u');
const DECADE_RE = /(?<![\p{L}\p{N}])(early|mid|late)?\s*(the\s+|')?(\d{1,3})0'?s(?![\p{L}\p{N}])/u;
const YEAR_RE = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(?:(in|around|circa|c\.|ca\.|year|by|from|since|about|ad|a\.d\.)\s+)?(\d{1,5})(?![\p{N}]|[.,]\p{N}|s(?![\p{L}]))` + BC + String.raw`(?:\s+([\p{L}-]+))?`, 'gu');
const COUNT_NOUN = /^(people|souls|inhabitants|residents|colonists|settlers|men|women|ships|years|light|km|miles|meters|metres|feet|ft|m|tons|tonnes|credits|families|crew|strong|of|percent|%|days|hours|deep|kilometres|kilometers)$/;
const SHIFT: Record<string, number> = { early: 20, mid: 50, middle: 50, late: 80 };

interface YearHit { year: number; at: number }
function findYear(flat: string): YearHit | null {
  const found: YearHit[] = [];
  const century = CENTURY_RE.exec(flat) ?? CENTURY_WORD_RE.exec(flat);
  if (century) {
    const n = /\d/.test(century[2] ?? '') ? Number(century[2]) : ORDINALS.indexOf(century[2] ?? '') + 1;
    const shift = own(SHIFT, century[1] ?? 'mid') ?? 50;
    const bc = /^b/.test(century[3] ?? '');
    if (n >= 1 && n <= 30) found.push({ year: bc ? -((n - 1) * 100 + (100 - shift)) : (n - 1) * 100 + shift, at: century.index });
  }
  const decade = DECADE_RE.exec(flat);
  if (decade) {
    const digits = decade[3] ?? '';
    if (digits.length >= 2 || decade[2]) {
      const base = digits.length === 1 ? 1900 + Number(digits) * 10 : Number(digits) * 10;
      found.push({ year: base + (own<number>({ early: 2, mid: 5, late: 8 }, decade[1] ?? 'mid') ?? 5), at: decade.index });
    }
  }
  for (const m of flat.matchAll(YEAR_RE)) {
    const [, lead, digits = '', era, next] = m;
    const n = Number(digits);
    const marked = Boolean(era) || (lead !== undefined && lead !== 'by' && lead !== 'from' && lead !== 'about');
    if (next && COUNT_NOUN.test(next) && !era) continue;
    const plausible = (digits.length === 4 && n >= 1000) || (digits.length === 3 && marked) || (digits.length <= 2 && Boolean(era)) || (digits.length === 5 && lead === 'year');
    if (!plausible) continue;
    found.push({ year: era && /^b/.test(era) ? -n : n, at: m.index });
  }
  found.sort((a, b) => a.at - b.at);
  return found[0] ?? null;
}

// ---- era, tech, setting -----------------------------------------------------------------
interface EraPick { era: EraId; strength: number; at: number }
function pickEra(candidates: EraPick[]): EraPick {
  let best: EraPick = { era: 'medieval', strength: 0, at: Infinity };
  for (const c of candidates) if (c.strength > best.strength || (c.strength === best.strength && c.at < best.at)) best = c;
  return best;
}

function pickSetting(runs: Run[], cues: CueHit[], spaceContext: boolean, flat: string): SettingId {
  const settingOf = (t: Token): SettingId | undefined => (spaceContext ? own(D.SPACE_SETTING, t.lemma) ?? own(D.SPACE_SETTING, t.lower) : undefined) ?? own(D.SETTING_NOUNS, t.lemma) ?? own(D.SETTING_NOUNS, t.lower);
  for (const run of runs) {
    const head = run.tokens[run.tokens.length - 1];
    const s = head && !head.placeCue && !NON_LOCATIVE.has(run.before ?? '') ? settingOf(head) : undefined;
    if (s) return s;
  }
  for (const run of runs) for (const t of run.tokens) { const s = t.placeCue || NON_LOCATIVE.has(run.before ?? '') ? undefined : settingOf(t); if (s) return s; }
  if (/(?<![\p{L}])neo-\p{L}/u.test(flat)) return 'city';
  if (cues.some((h) => h.cue.kind === 'city') || runs.some((r) => r.tokens.some((t) => t.tags.has('City')))) return 'city';
  if (cues.some((h) => h.cue.kind === 'islands')) return 'archipelago';
  return 'settlement';
}

function pickTech(era: EraId, eraStrength: number, flat: string, spaceCue: boolean, ruined: boolean): TechLevel {
  const base = D.ERA_TECH[era];
  let named: TechLevel | null = spaceCue ? 'spacefaring' : null;
  for (const [level, re] of TECH_RES) if (has(re, flat) && (named === null || TECH_LEVELS.indexOf(level) > TECH_LEVELS.indexOf(named))) named = level;
  const rank = (t: TechLevel): number => TECH_LEVELS.indexOf(t);
  if (named && (rank(named) > rank(base) || eraStrength < 45)) return named;
  if (ruined && !named && rank(base) >= rank('steam')) return TECH_LEVELS[rank(base) - 1] ?? base;
  return base;
}

// ---- cultures ------------------------------------------------------------------------------
function cultureMix(hits: CueHit[], era: EraId, flat: string, fantasy: boolean): Array<{ culture: NameCulture; weight: number }> {
  const sum = new Map<NameCulture, number>();
  const seen = new Set<D.Cue>();
  let futuristic = false;
  for (const { cue } of hits) {
    if (seen.has(cue) || Object.keys(cue.cultures).length === 0) continue;
    seen.add(cue);
    let mix = cue.cultures;
    const ctx = cue.byContext?.find((c) => c.words.some((w) => has(wordsRegExp([w]), flat)));
    if (ctx) mix = ctx.cultures;
    else mix = cue.byEra?.find((b) => b.eras.includes(era))?.cultures ?? mix;
    const total = Object.values(mix).reduce((a, b) => a + (b ?? 0), 0) || 1;
    for (const [c, w] of Object.entries(mix) as [NameCulture, number][]) sum.set(c, (sum.get(c) ?? 0) + w / total);
    if (cue.kind === 'space') futuristic = true;
  }
  const earthly = [...sum.keys()].some((c) => c !== 'futuristic' && c !== 'fantasy');
  if (sum.size === 0) {
    if (era === 'far-future') sum.set('futuristic', 1);
    else if (fantasy) sum.set('fantasy', 1);
    else if (era === 'near-future') for (const [c, w] of [['english', 0.5], ['futuristic', 0.2], ['chinese', 0.1], ['spanish', 0.1], ['indian', 0.1]] as const) sum.set(c, w);
    else sum.set(ERAS.indexOf(era) <= ERAS.indexOf('medieval') ? 'medieval-british' : 'english', 1);
  } else if (earthly && !futuristic && era === 'far-future') {
    scale(sum, 0.75).set('futuristic', 0.25);
  } else if (earthly && fantasy && !sum.has('fantasy')) {
    scale(sum, 0.7).set('fantasy', 0.3);
  }
  return finishWeights(sum);
}

function scale(m: Map<NameCulture, number>, k: number): Map<NameCulture, number> {
  const total = [...m.values()].reduce((a, b) => a + b, 0) || 1;
  for (const [c, w] of m) m.set(c, (w / total) * k);
  return m;
}

function finishWeights(m: Map<NameCulture, number>): Array<{ culture: NameCulture; weight: number }> {
  const total = [...m.values()].reduce((a, b) => a + b, 0) || 1;
  let list = [...m].map(([culture, w]) => ({ culture, weight: w / total })).filter((c) => c.weight >= 0.03);
  list.sort((a, b) => b.weight - a.weight || a.culture.localeCompare(b.culture));
  const kept = list.reduce((a, c) => a + c.weight, 0) || 1;
  list = list.map((c) => ({ culture: c.culture, weight: Math.round((c.weight / kept) * 1000) / 1000 }));
  const drift = 1 - list.reduce((a, c) => a + c.weight, 0);
  if (list[0]) list[0].weight = Math.round((list[0].weight + drift) * 1000) / 1000;
  return list.length > 0 ? list : [{ culture: 'english', weight: 1 }];
}

// ---- region -------------------------------------------------------------------------------
const DIRECTION = /(?:^|\s)((?:north|south|east|west)(?:ern)?|central|upper|lower|inner|outer)\s$/;
function pickRegion(hits: CueHit[], text: string, flat: string, runs: Run[]): string | null {
  const hit = hits.find((h) => h.cue.region !== null && !DEMONYM_SET.has(h.word));
  if (hit) {
    const ctx = hit.cue.byContext?.find((c) => c.region && c.words.some((w) => has(wordsRegExp([w]), flat)));
    if (ctx?.region) return ctx.region;
    let start = hit.start;
    const dir = DIRECTION.exec(flat.slice(Math.max(0, start - 12), start));
    if (dir?.[1]) start -= dir[1].length + 1;
    const neo = /neo-$/.exec(text.slice(Math.max(0, start - 4), start).toLowerCase());
    if (neo) start -= 4;
    return displayPlace(text.slice(start, hit.end)).replace(/^the\s+/i, '');
  }
  for (const run of runs) for (const sub of run.named) if (!sub.institution) return sub.text;
  return null;
}

/** Capitalises the words of a place written in lower case ("new england" -> "New England"); leaves direction words and particles. */
function displayPlace(raw: string): string {
  if (/\p{Lu}/u.test(raw) && /\p{Ll}/u.test(raw)) return raw;
  const s = raw.toLowerCase();
  return s.replace(/(^|[\s-])(\p{L})/gu, (m, sep: string, ch: string, offset: number) => {
    const word = s.slice(offset + sep.length).split(/[\s-]/)[0] ?? '';
    return /^(of|the|de|la|el|al|and|northern|southern|eastern|western|central|upper|lower|north|south|east|west|inner|outer|neo)$/.test(word) ? m : sep + ch.toUpperCase();
  });
}

// ---- phrases ------------------------------------------------------------------------------
function readPhrases(runs: Run[], settingHit: (t: Token) => boolean): SketchPhrases {
  const out: SketchPhrases = { institutions: [], activities: [], places: [], resources: [] };
  const add = (list: string[], phrase: string): void => {
    const p = phrase.trim();
    if (p && p.length <= 80 && list.length < MAX_PHRASES && !list.some((x) => x.toLowerCase() === p.toLowerCase())) list.push(p);
  };
  for (const run of runs) {
    const toks = run.tokens;
    const n = toks.length;
    const head = toks[n - 1];
    if (!head) continue;
    const show = (from: number, to: number): string => toks.slice(from, to + 1).map((t) => t.display).join(' ');
    let lead = 0;
    while (lead < n - 1 && toks[lead]?.placeCue) lead++;
    for (const sub of run.named) if (sub.institution) add(out.institutions, sub.text); else if (!sub.insidePlace) add(out.places, sub.text);
    const headIs = (set: ReadonlySet<string>): boolean => set.has(head.lemma) || set.has(head.lower);
    toks.forEach((t, i) => {
      if (t.properPart) return;
      const is = (set: ReadonlySet<string>): boolean => set.has(t.lemma) || set.has(t.lower);
      if (is(LEX.institution) && !(i < n - 1 && is(LEX.place) && !settingHit(head))) add(out.institutions, show(lead, i));
      if (is(LEX.activityHead) && (i > lead || i === n - 1) && !is(LEX.institution)) add(out.activities, show(lead, i));
      if (is(LEX.resourceHead) && i > lead) add(out.resources, show(lead, i));
      const activity = activityOrNull(t);
      if ((activity || is(LEX.activity)) && !headIs(LEX.activityHead)) add(out.activities, i === n - 1 && i > lead ? show(lead, i) : t.display);
      if (is(LEX.resource) && !(i === n - 1 && headIs(LEX.activityHead))) add(out.resources, i === n - 1 ? show(lead, i) : t.display);
      const derived = i === n - 1 ? own(D.SETTING_ACTIVITY, t.lower) : undefined;
      if (derived) add(out.activities, derived);
    });
    const isPlaceHead = LEX.place.has(head.lemma) || LEX.place.has(head.lower);
    const isSettingHead = settingHit(head);
    if ((isPlaceHead && !isSettingHead && !run.named.some((s) => s.end === n - 1)) || (isSettingHead && (n > 1 || run.pp))) {
      const core = show(0, n - 1);
      add(out.places, run.pp ? `${core} ${run.pp}` : core);
    }
  }
  return out;
}

const LEX = {
  institution: new Set(D.INSTITUTION_NOUNS),
  activityHead: new Set(D.ACTIVITY_HEADS),
  activity: new Set(D.ACTIVITY_NOUNS),
  place: new Set(D.PLACE_NOUNS),
  resource: new Set(D.RESOURCE_NOUNS),
  resourceHead: new Set(D.RESOURCE_HEADS),
};

// ---- the reader ---------------------------------------------------------------------------
function toFlat(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const c = lower.length === ch.length ? lower : ch;
    out += /[-\u2010-\u2015]/.test(c) ? ' ' : c === '\u2019' || c === '\u2018' ? "'" : c;
  }
  return out;
}

function readSketch(description: string): WorldSketch {
  const text = description.slice(0, MAX_ANALYSED_CHARS);
  const flat = toFlat(text);
  const hits = findCues(flat);
  const tokens = tokenize(text, hits);
  const runs = readRuns(tokens);
  const spaceCue = hits.some((h) => h.cue.kind === 'space');
  const spaceContext = spaceCue || has(SPACE_RE, flat);
  const setting = pickSetting(runs, hits, spaceContext, text.toLowerCase());
  const fantasy = has(FANTASY_RE, flat);
  const ruined = has(RUINED_RE, flat);

  const candidates: EraPick[] = [];
  const year = findYear(flat);
  if (year) candidates.push({ era: D.yearToEra(year.year), strength: 100, at: year.at });
  for (const h of hits) if (h.cue.era) candidates.push({ era: h.cue.era, strength: h.cue.strength ?? 30, at: h.start });
  const neo = /(?<![\p{L}])neo-\p{L}/u.exec(text.toLowerCase());
  if (neo) candidates.push({ era: 'near-future', strength: 50, at: neo.index });
  if (spaceContext) candidates.push({ era: 'far-future', strength: 40, at: 0 });
  if (fantasy) candidates.push({ era: 'medieval', strength: 18, at: 0 });
  if (ruined) candidates.push({ era: 'near-future', strength: 17, at: 0 });
  const modern = countOf(MODERN_RE, flat);
  const premodern = countOf(PREMODERN_RE, flat);
  if (modern !== premodern) candidates.push({ era: modern > premodern ? 'contemporary' : 'medieval', strength: 10, at: 0 });
  candidates.push({ era: spaceContext ? 'far-future' : D.SETTING_DEFAULT_ERA[setting], strength: 5, at: 0 });
  const era = pickEra(candidates);

  const settingHit = (t: Token): boolean => !t.placeCue && (own(D.SETTING_NOUNS, t.lemma) !== undefined || own(D.SETTING_NOUNS, t.lower) !== undefined);
  return {
    description,
    era: era.era,
    year: year ? year.year : null,
    tech: pickTech(era.era, era.strength, flat, spaceCue, ruined),
    setting,
    fantasy,
    ruined,
    region: pickRegion(hits, text, flat, runs),
    cultures: cultureMix(hits, era.era, flat, fantasy),
    phrases: readPhrases(runs, settingHit),
  };
}

// ---- tokens and noun-phrase runs ----------------------------------------------------------
type TokenClass = 'content' | 'era' | 'det' | 'prep' | 'adv' | 'verb' | 'other';
interface Token {
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
interface NamedSub { text: string; start: number; end: number; institution: boolean; insidePlace: boolean }
interface Run { tokens: Token[]; named: NamedSub[]; pp: string | null; before: string | undefined }
const NON_LOCATIVE = new Set(['with', 'of', 'for', 'about', 'like', 'against', 'after', 'before', 'during', 'since', 'without', 'than']);

const SETS = {
  det: new Set(D.DETERMINERS), prep: new Set(D.PREPOSITIONS), placePrep: new Set(D.PLACE_PREPOSITIONS), conj: new Set(D.CONJUNCTIONS),
  pron: new Set(D.PRONOUNS), adv: new Set(D.ADVERBS), verb: new Set(D.VERBS), ambiguous: new Set(D.AMBIGUOUS_VERBS),
  era: new Set(D.ERA_PHRASE_WORDS), pairFirst: new Set(D.ERA_PAIR_FIRST), pairHead: new Set(D.ERA_PAIR_HEADS),
  notIng: new Set(D.NOT_ACTIVITY_ING), titles: new Set(D.PERSON_TITLES), setting: new Set(Object.keys(D.SETTING_NOUNS)),
};
const ALL_NOUNS = new Set([...LEX.institution, ...LEX.activityHead, ...LEX.activity, ...LEX.place, ...LEX.resource, ...LEX.resourceHead, ...SETS.setting]);
const NOT_PLURAL = /(ics|ss|us|is|ous|ias|sis)$/;
const IRREGULAR: Record<string, string> = { elves: 'elf', dwarves: 'dwarf', thieves: 'thief', wolves: 'wolf', men: 'man', women: 'woman', people: 'person', children: 'child', lives: 'life', knives: 'knife', wives: 'wife' };

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

function activityOrNull(t: Token): string | null {
  return !t.proper && t.lower.length >= 6 && /^\p{L}+ing$/u.test(t.lower) && !SETS.notIng.has(t.lower) ? t.display : null;
}

interface RawTerm { text: string; post: string; pre: string; tags: string[]; start: number; sentenceStart: boolean }
function rawTerms(text: string): RawTerm[] {
  const out: RawTerm[] = [];
  type Json = { terms?: Array<{ text?: string; post?: string; pre?: string; tags?: string[]; offset?: { start?: number } }> };
  for (const sentence of nlp()(text).json({ offset: true }) as Json[]) {
    (sentence.terms ?? []).forEach((t, i) => {
      const prev = out[out.length - 1];
      const term = { text: t.text ?? '', post: t.post ?? '', pre: t.pre ?? '', tags: t.tags ?? [], start: t.offset?.start ?? 0, sentenceStart: i === 0 };
      if (prev && /^[-\u2010-\u2013]$/.test(prev.post) && !term.sentenceStart && term.text) {
        out[out.length - 1] = { ...prev, text: `${prev.text}-${term.text}`, post: term.post, tags: ['Hyphenated', ...term.tags.filter((x) => x !== 'Verb')] };
      } else if (term.text) out.push(term);
    });
  }
  return out;
}

function tokenize(text: string, hits: CueHit[]): Token[] {
  const terms = rawTerms(text);
  const words = terms.filter((t) => /^\p{L}{4,}/u.test(t.text));
  const titleMode = words.length >= 3 && words.filter((t) => /^\p{Lu}/u.test(t.text)).length / words.length >= 0.8;
  const tokens = terms.map((term): Token => {
    const lower = toFlat(term.text).replace(/ /g, '-').replace(/[^\p{L}\p{N}'-]+/gu, '');
    const end = term.start + term.text.length;
    const hit = hits.find((h) => term.start < h.end && end > h.start);
    const demonym = Boolean(hit && DEMONYM_SET.has(flatText(hit)));
    const placeCue = Boolean(hit && hit.cue.region !== null && !demonym);
    const peopleCue = Boolean(hit && (hit.cue.region === null || demonym));
    const tags = new Set(term.tags);
    const capital = term.text.split('-').some((seg) => /^\p{Lu}/u.test(seg));
    const proper = placeCue || (capital && !titleMode && (!term.sentenceStart || peopleCue || ['ProperNoun', 'Place', 'Organization'].some((x) => tags.has(x))));
    const display = proper ? (placeCue ? displayPlace(term.text) : term.text) : lower;
    return { text: term.text, lower, lemma: singular(lower), display, tags, cls: 'content', proper, placeCue, peopleCue, properPart: false, sentenceStart: term.sentenceStart, breakAfter: /[,;:.!?()"\u201c\u201d\u2014]|\s[-\u2013]\s/.test(term.post) || /[(\u201c"]/.test(term.pre) };
  });
  tokens.forEach((t, i) => { t.cls = classify(t, tokens[i - 1], tokens[i + 1]); });
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.cls === 'content' && SETS.ambiguous.has(t.lower) && prev?.cls === 'content' && !prev.breakAfter) {
      const nextIsEdge = !next || t.breakAfter || ['prep', 'det', 'adv', 'other'].includes(next.cls);
      const prevPlural = prev.lemma !== prev.lower;
      if (next?.lower === 'by' || (prevPlural && !t.lower.endsWith('s')) || (nextIsEdge && t.lower.endsWith('s') && !prevPlural)) t.cls = 'verb';
    }
    if (t.cls === 'content' && prev?.cls === 'content' && SETS.pairHead.has(t.lower) && (SETS.pairFirst.has(prev.lower) || prev.peopleCue)) { t.cls = 'era'; prev.cls = 'era'; }
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
  if (/^\d/.test(w) || /^(early|mid|late)-\d/.test(w) || SETS.era.has(w) || SETS.era.has(w.split('-').pop() ?? '') || SETS.pairHead.has(w.split('-').pop() ?? '_') && w.includes('-')) return 'era';
  if (SETS.pairFirst.has(w) && next && SETS.pairHead.has(next.lower) && !t.peopleCue) return 'era';
  if (t.placeCue || t.peopleCue || t.proper || t.tags.has('Hyphenated') || activityOrNull(t) || ALL_NOUNS.has(t.lemma) || ALL_NOUNS.has(w)) return 'content';
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
function readRuns(tokens: Token[]): Run[] {
  const runs: Run[] = [];
  const starts = new Map<number, Run>();
  let current: Token[] = [];
  let begin = 0;
  const close = (): void => {
    if (current.length > 0) { let k = begin - 1;
      while (tokens[k]?.cls === 'det' || tokens[k]?.cls === 'era') k--;
      const run: Run = { tokens: current, named: [], pp: null, before: tokens[k]?.lower }; runs.push(run); starts.set(begin, run); }
    current = [];
  };
  tokens.forEach((t, i) => {
    if (t.cls === 'content') { if (current.length === 0) begin = i; current.push(t); } else close();
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
    while (tokens[j] && (tokens[j]?.cls === 'det' || tokens[j]?.cls === 'era')) { if (tokens[j]?.cls === 'det') words.push(tokens[j]?.lower ?? ''); j++; }
    const object = starts.get(j);
    const objectHead = object?.tokens[object.tokens.length - 1];
    if (!object || !objectHead) continue;
    const placey = object.tokens.some((t) => t.placeCue || t.proper) || LEX.place.has(objectHead.lemma) || SETS.setting.has(objectHead.lemma);
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
