/**
 * The world sketch reader: turns a free-text world description into a WorldSketch (era,
 * year, technology, setting, fantasy/ruined flags, region, weighted naming cultures and the
 * description's own phrases sorted into institutions, activities, places and resources).
 * Pure and deterministic; the last 64 descriptions are memoised. Language tooling shared by
 * the world brief (stages/world-brief.ts) and the procedural provider, hence a stage module.
 * Rules, in order:
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
 * The tokenizer and noun-phrase runs the setting, region and phrases are read from: sketch-tokens.ts.
 *   const s = sketchWorld('A whaling town in 1850s New England'); // s.era 'industrial', s.year 1855
 * Cost: loading compromise ~0.3-1 s once, on the first sketch (lazily: importing this module costs nothing); the first call
 * ~40-200 ms (tagger warm-up), later uncached calls ~2-8 ms for a one-sentence description,
 * memoised repeats ~3 µs (a copy of the cached sketch). Once per world, never per persona.
 */
import type { NameCulture } from '../../core/profile-schema.js';
import * as D from './sketch-data.js';
import {
  activityOrNull,
  type CueHit,
  DEMONYM_SET,
  displayPlace,
  LEX,
  NON_LOCATIVE,
  own,
  readRuns,
  type Run,
  type Token,
  tokenize,
  toFlat,
} from './sketch-tokens.js';
import { type EraId, ERAS, type SettingId, type SketchPhrases, type TechLevel, TECH_LEVELS, type WorldSketch } from './sketch-types.js';

export { singular } from './sketch-tokens.js';

const MEMO_SIZE = 64;
const MAX_ANALYSED_CHARS = 1000;
const MAX_DESCRIPTION_CHARS = 4000;
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
  return (
    raw
      .normalize('NFKC')
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_DESCRIPTION_CHARS)
  );
}

function cloneSketch(s: WorldSketch): WorldSketch {
  const p = s.phrases;
  return {
    ...s,
    cultures: s.cultures.map((c) => ({ ...c })),
    phrases: { institutions: [...p.institutions], activities: [...p.activities], places: [...p.places], resources: [...p.resources] },
  };
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
const has = (re: RegExp, s: string): boolean => {
  re.lastIndex = 0;
  return re.test(s);
};
const countOf = (re: RegExp, s: string): number => (s.match(re) ?? []).length;

function findCues(flat: string): CueHit[] {
  const hits: CueHit[] = [];
  for (const m of flat.matchAll(CUE_RE)) {
    const cue = CUE_BY_WORD.get(m[0]);
    if (cue) hits.push({ cue, start: m.index, end: m.index + m[0].length, word: m[0] });
  }
  return hits;
}

// ---- years ----------------------------------------------------------------------------------
const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
  'twenty first',
  'twenty second',
  'twenty third',
  'twenty fourth',
  'twenty fifth',
];
const BC = String.raw`(?:\s*(bc|bce|b\.c\.|ad|ce|a\.d\.)(?![\p{L}]))?`;
const CENTURY_RE = new RegExp(String.raw`(?<![\p{L}\p{N}])(early|mid|middle|late)?\s*(\d{1,2})(?:st|nd|rd|th)\s+centur(?:y|ies)` + BC, 'u');
const CENTURY_WORD_RE = new RegExp(String.raw`(?<![\p{L}])(early|mid|middle|late)?\s*(${ORDINALS.join('|')})\s+centur(?:y|ies)` + BC, 'u');
const DECADE_RE = /(?<![\p{L}\p{N}])(early|mid|late)?\s*(the\s+|')?(\d{1,3})0'?s(?![\p{L}\p{N}])/u;
const YEAR_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:(in|around|circa|c\.|ca\.|year|by|from|since|about|ad|a\.d\.)\s+)?(\d{1,5})(?![\p{N}]|[.,]\p{N}|s(?![\p{L}]))` +
    BC +
    String.raw`(?:\s+([\p{L}-]+))?`,
  'gu',
);
const COUNT_NOUN =
  /^(people|souls|inhabitants|residents|colonists|settlers|men|women|ships|years|light|km|miles|meters|metres|feet|ft|m|tons|tonnes|credits|families|crew|strong|of|percent|%|days|hours|deep|kilometres|kilometers)$/;
const SHIFT: Record<string, number> = { early: 20, mid: 50, middle: 50, late: 80 };

interface YearHit {
  year: number;
  at: number;
}
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
    const plausible =
      (digits.length === 4 && n >= 1000) ||
      (digits.length === 3 && marked) ||
      (digits.length <= 2 && Boolean(era)) ||
      (digits.length === 5 && lead === 'year');
    if (!plausible) continue;
    found.push({ year: era && /^b/.test(era) ? -n : n, at: m.index });
  }
  found.sort((a, b) => a.at - b.at);
  return found[0] ?? null;
}

// ---- era, tech, setting -----------------------------------------------------------------
interface EraPick {
  era: EraId;
  strength: number;
  at: number;
}
function pickEra(candidates: EraPick[]): EraPick {
  let best: EraPick = { era: 'medieval', strength: 0, at: Infinity };
  for (const c of candidates) if (c.strength > best.strength || (c.strength === best.strength && c.at < best.at)) best = c;
  return best;
}

function pickSetting(runs: Run[], cues: CueHit[], spaceContext: boolean, flat: string): SettingId {
  const settingOf = (t: Token): SettingId | undefined =>
    (spaceContext ? (own(D.SPACE_SETTING, t.lemma) ?? own(D.SPACE_SETTING, t.lower)) : undefined) ??
    own(D.SETTING_NOUNS, t.lemma) ??
    own(D.SETTING_NOUNS, t.lower);
  for (const run of runs) {
    const head = run.tokens[run.tokens.length - 1];
    const s = head && !head.placeCue && !NON_LOCATIVE.has(run.before ?? '') ? settingOf(head) : undefined;
    if (s) return s;
  }
  for (const run of runs)
    for (const t of run.tokens) {
      const s = t.placeCue || NON_LOCATIVE.has(run.before ?? '') ? undefined : settingOf(t);
      if (s) return s;
    }
  if (/(?<![\p{L}])neo-\p{L}/u.test(flat)) return 'city';
  if (cues.some((h) => h.cue.kind === 'city') || runs.some((r) => r.tokens.some((t) => t.tags.has('City')))) return 'city';
  if (cues.some((h) => h.cue.kind === 'islands')) return 'archipelago';
  return 'settlement';
}

function pickTech(era: EraId, eraStrength: number, flat: string, spaceCue: boolean, ruined: boolean): TechLevel {
  const base = D.ERA_TECH[era];
  let named: TechLevel | null = spaceCue ? 'spacefaring' : null;
  for (const [level, re] of TECH_RES)
    if (has(re, flat) && (named === null || TECH_LEVELS.indexOf(level) > TECH_LEVELS.indexOf(named))) named = level;
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
    else if (era === 'near-future')
      for (const [c, w] of [
        ['english', 0.5],
        ['futuristic', 0.2],
        ['chinese', 0.1],
        ['spanish', 0.1],
        ['indian', 0.1],
      ] as const)
        sum.set(c, w);
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
    const show = (from: number, to: number): string =>
      toks
        .slice(from, to + 1)
        .map((t) => t.display)
        .join(' ');
    let lead = 0;
    while (lead < n - 1 && toks[lead]?.placeCue) lead++;
    for (const sub of run.named)
      if (sub.institution) add(out.institutions, sub.text);
      else if (!sub.insidePlace) add(out.places, sub.text);
    const headIs = (set: ReadonlySet<string>): boolean => set.has(head.lemma) || set.has(head.lower);
    toks.forEach((t, i) => {
      if (t.properPart) return;
      const is = (set: ReadonlySet<string>): boolean => set.has(t.lemma) || set.has(t.lower);
      if (is(LEX.institution) && !(i < n - 1 && is(LEX.place) && !settingHit(head))) add(out.institutions, show(lead, i));
      if (is(LEX.activityHead) && (i > lead || i === n - 1) && !is(LEX.institution)) add(out.activities, show(lead, i));
      if (is(LEX.resourceHead) && i > lead) add(out.resources, show(lead, i));
      const activity = activityOrNull(t);
      if ((activity || is(LEX.activity)) && !headIs(LEX.activityHead))
        add(out.activities, i === n - 1 && i > lead ? show(lead, i) : t.display);
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

// ---- the reader ---------------------------------------------------------------------------
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

  const settingHit = (t: Token): boolean =>
    !t.placeCue && (own(D.SETTING_NOUNS, t.lemma) !== undefined || own(D.SETTING_NOUNS, t.lower) !== undefined);
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
