/**
 * The offline quality benchmark of issue 9 and its measures, shared with
 * test/offline-quality.test.ts: per public world (test/fixtures/wrong-world.ts), 200 procedural
 * personas with bio and backstory made through the engine, as users get them, and:
 * - grounding: share of bios / backstories with a GROUNDING TERM as a whole word. The terms
 *   come from the description alone (not the provider): its content words (compromise tags
 *   Noun, Adjective, ProperNoun, or an "-ing" word; minus STOP and GENERIC words), years and
 *   decades ("1850s"), runs of 2-3 content words ("water rights", "13th century"), and derived
 *   forms: singular/plural, an -ing word's verb and doer ("whaling" -> whale, whaler), a
 *   noun's doer and adjective (-er, -ist, -ian, -an, -al: miner, colonist, musician, suburban),
 *   "-ment" (settlement -> settler), "-al" stripped (orbital -> orbit), compass words
 *   (northern <-> north, northerner) and demonyms (Lagos -> Lagosian, Crete -> Cretan, plus a
 *   table of irregular ones: Britain -> British). Derived forms are filtered like the words.
 * - wrong world: hits of the fixture's lists for the world (whole words or phrases, plural
 *   -s/-es allowed, case-insensitive) in bios and backstories with the persona's name removed.
 * - variety: the FRAME of a bio is its first sentence cut to its first 8 tokens after
 *   replacing name parts with {name}, hints with {hint}, every trait value with {trait},
 *   profile.terms (with or without "the") with {term}, numbers with {n} and personal
 *   pronouns with {pron} (so a gender does not make a new frame); repeats of one placeholder
 *   collapse. The opening is the frame's first 3 tokens; reported: the most common opening's
 *   share and the number of distinct frames.
 * - repetition: backstories containing a bio sentence of 4+ words (normalised: lower case,
 *   spaces collapsed, end punctuation dropped); and per backstory, the sentences that only
 *   restate a trait: they hold a trait value (a string value, the age, or for a boolean trait
 *   its name's words: has_children -> "children") and at most 3 other content words once
 *   name parts, pronouns, trait values, numbers, "year(s)"/"old" and STOP words are removed.
 * - names: share whose given name (first word) is in nameLists(culture) of an expected culture
 *   (src/stages/names.ts); duplicates among 1,000 engine names (plus "(key)" fallbacks).
 * - speed: ProceduralProvider.bios on one core, 20,000 bios (median of 4 runs) after 5,000 of warm-up.
 *   const report = await qualityBench({ log: console.error }); report.table.forEach((l) => console.log(l));
 * Cost: ~15-30 s for 16 worlds (engine with memory store; compromise once per world).
 */
import nlp from 'compromise';
import { NAME_CULTURES, type NameCulture, type Profile } from '../src/core/profile-schema.js';
import type { PersonaIdentity, PersonaRecord, TraitValue } from '../src/core/types.js';
import {
  DEMONYMS,
  GENERIC_WORDS,
  QUALITY_WORLDS,
  type QualityWorld,
  STOP_WORDS,
  type WrongWorldList,
  wrongWorldListsFor,
} from '../test/fixtures/wrong-world.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole-word, case-insensitive matcher for literal words/phrases, longest first (suffix: e.g. "(?:e?s)?"). */
export function literalMatcher(words: Iterable<string>, flags = 'iu', suffix = ''): RegExp | null {
  const list = [...new Set([...words].map((w) => w.toLowerCase().trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!list.length) return null;
  return new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${list.map((w) => esc(w).replace(/\s+/g, '\\s+')).join('|')})${suffix}(?![\\p{L}\\p{N}])`,
    flags,
  );
}

// ---- grounding ---------------------------------------------------------------------------------

const STOP: ReadonlySet<string> = STOP_WORDS;
/** Content words too common to show that a text belongs to a world. */
export const GENERIC: ReadonlySet<string> = GENERIC_WORDS;
const REVERSE_DEMONYMS = new Map(Object.entries(DEMONYMS).flatMap(([place, ds]) => ds.map((d) => [d, place] as const)));
const COMPASS = ['north', 'south', 'east', 'west'];

function plurals(w: string): string[] {
  if (/(s|x|z|ch|sh)$/.test(w)) return [`${w}es`];
  if (/[^aeiou]y$/.test(w)) return [`${w.slice(0, -1)}ies`];
  return [`${w}s`];
}
function singulars(w: string): string[] {
  if (/ies$/.test(w)) return [`${w.slice(0, -3)}y`];
  if (/(ss|us|is)$/.test(w)) return [];
  if (/(s|x|z|ch|sh)es$/.test(w)) return [w.slice(0, -2), w.slice(0, -1)];
  return w.endsWith('s') ? [w.slice(0, -1)] : [];
}
/** "-er"/"-ist"/"-ian"/"-an"/"-al" forms of a noun (and their plurals): miner, colonist, musician, suburban. */
function nounDerivations(w: string): string[] {
  const stem = w.replace(/[ey]$/, '');
  const out = [w.endsWith('e') ? `${w}r` : `${w}er`, `${stem}ist`, `${stem}ian`, `${w}an`, `${stem}al`, `${stem}ial`];
  if (w.endsWith('ic')) out.push(`${w}ian`);
  if (w.endsWith('ment')) out.push(w.slice(0, -4), `${w.slice(0, -4)}r`, `${w.slice(0, -4)}er`);
  return [...out, ...out.flatMap(plurals)];
}
function ingDerivations(w: string): string[] {
  let base = nlp(w).verbs().toInfinitive().text().toLowerCase().trim();
  if (!base || base === w || base.includes(' ')) base = w.slice(0, -3);
  const doer = base.endsWith('e') ? `${base}r` : `${w.slice(0, -3)}er`;
  return [base, ...plurals(base), doer, ...plurals(doer)];
}
function properDerivations(w: string): string[] {
  const stem = w.replace(/[aeiouy]$/, '');
  const out = [
    `${w}n`,
    `${w}an`,
    `${w}ian`,
    `${w}ite`,
    `${w}ese`,
    `${stem}an`,
    `${stem}ian`,
    `${stem}ese`,
    `${stem}ic`,
    `${w}er`,
    `${w}ic`,
  ];
  out.push(...(DEMONYMS[w] ?? []));
  const place = REVERSE_DEMONYMS.get(w);
  if (place) out.push(place);
  return [...out, ...out.flatMap(plurals)];
}
function compassDerivations(w: string): string[] {
  const c = COMPASS.find((d) => w.endsWith(d) || w.endsWith(`${d}ern`));
  if (!c) return [];
  const base = w.endsWith('ern') ? w.slice(0, -3) : w;
  return [base, `${base}ern`, `${base}erner`, `${base}erners`, `${base}ward`];
}

type Token = { lower: string; tags: string[]; proper: boolean; hyphen: boolean; breakAfter: boolean };
function tokens(description: string): Token[] {
  const out: Token[] = [];
  const parsed = nlp(description).json() as Array<{ terms: Array<{ text: string; tags: string[]; post: string }> }>;
  let glue = false; // the previous term ended in "-": "neo-" + "Tokyo", "dried-" + "up"
  for (const s of parsed) {
    for (const t of s.terms) {
      const text = t.text.replace(/['’]s$/u, '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (!text) continue;
      const prev = out[out.length - 1];
      if (glue && prev) {
        prev.lower += `-${text.toLowerCase()}`;
        prev.proper ||= /^\p{Lu}/u.test(text);
        prev.breakAfter = /[,;:.!?()]/.test(t.post);
      } else {
        out.push({
          lower: text.toLowerCase(),
          tags: t.tags,
          proper: /^\p{Lu}/u.test(text) && out.length > 0,
          hyphen: false,
          breakAfter: /[,;:.!?()]/.test(t.post),
        });
      }
      glue = t.post.trim() === '-' || /-$/.test(t.text);
      if (glue) out[out.length - 1]!.hyphen = true;
    }
    if (out.length) out[out.length - 1]!.breakAfter = true;
  }
  return out;
}
const isYear = (w: string) => /^\d{3,4}s?$/.test(w);
const NOT_CONTENT_TAGS = new Set([
  'PastTense',
  'Participle',
  'Adverb',
  'Preposition',
  'Conjunction',
  'Determiner',
  'Pronoun',
  'QuestionWord',
  'Auxiliary',
  'Copula',
  'Modal',
]);
const keep = (w: string) => w.length >= 3 && !STOP.has(w) && !GENERIC.has(w) && !/^\d/.test(w);
function isContent(t: Token): boolean {
  if (isYear(t.lower)) return true;
  if (t.hyphen) return t.lower.split('-').some(keep);
  return keep(t.lower) && (t.proper || !t.tags.some((g) => NOT_CONTENT_TAGS.has(g)));
}

/** Grounding terms of a description (lower case, as whole words), see the header for the rule. */
export function groundingTerms(description: string): string[] {
  const toks = tokens(description);
  const terms = new Set<string>();
  let run: Token[] = [];
  const flush = () => {
    for (let i = 0; i < run.length; i++)
      for (let n = 2; n <= 3 && i + n <= run.length; n++)
        terms.add(
          run
            .slice(i, i + n)
            .map((t) => t.lower)
            .join(' '),
        );
    run = [];
  };
  toks.forEach((t, i) => {
    if (/^\d+(st|nd|rd|th)$/.test(t.lower) && toks[i + 1] && !t.breakAfter) terms.add(`${t.lower} ${toks[i + 1]!.lower}`);
    if (!isContent(t)) return flush();
    run.push(t);
    if (t.breakAfter) flush();
    terms.add(t.lower);
    if (isYear(t.lower)) return;
    for (const w of t.lower.split('-').filter(keep)) {
      const singular = t.proper ? [] : singulars(w);
      const forms = [w, ...(singular.length ? singular : plurals(w)), ...compassDerivations(w)];
      if (t.proper) forms.push(...properDerivations(w));
      else if (w.endsWith('ing')) forms.push(...ingDerivations(w));
      else if (t.tags.includes('Adjective') && w.endsWith('al') && w.length >= 7) forms.push(w.slice(0, -2), ...plurals(w.slice(0, -2)));
      else if (t.tags.includes('Noun')) forms.push(...(singular.length ? singular : [w]).flatMap(nounDerivations));
      for (const f of forms) if (keep(f)) terms.add(f);
    }
  });
  flush();
  return [...terms].sort();
}

export const isGrounded = (text: string, matcher: RegExp | null) => matcher !== null && matcher.test(text);

// ---- wrong world -------------------------------------------------------------------------------

export interface WrongWorldHit {
  list: string;
  word: string;
}
/** Matchers for lists (compile once per world): whole words/phrases, plural allowed, case-insensitive. */
export function wrongWorldMatchers(lists: readonly WrongWorldList[]): Array<{ list: string; re: RegExp }> {
  return lists.flatMap((l) => {
    const re = literalMatcher(l.words, 'giu', '(?:e?s)?');
    return re ? [{ list: l.id, re }] : [];
  });
}
/** Name parts of a person (for removal): the full name and every word of it of 2+ letters. */
export function nameParts(name: string): string[] {
  return [name, ...name.split(/\s+/).filter((p) => p.length >= 2)];
}
export function wrongWorldHits(text: string, matchers: ReturnType<typeof wrongWorldMatchers>, name = ''): WrongWorldHit[] {
  const nameRe = name ? literalMatcher(nameParts(name), 'giu') : null;
  const clean = nameRe ? text.replace(nameRe, ' ') : text;
  const hits: WrongWorldHit[] = [];
  const seen = new Set<number>(); // a word in several lists is one hit
  for (const { list, re } of matchers) {
    for (const m of clean.matchAll(re)) {
      if (seen.has(m.index)) continue;
      seen.add(m.index);
      hits.push({ list, word: m[0].toLowerCase() });
    }
  }
  return hits;
}

// ---- variety -------------------------------------------------------------------------------------

export type Person = Pick<PersonaIdentity, 'name' | 'traits' | 'hints'>;
const PRONOUNS = ['he', 'she', 'they', 'him', 'her', 'them', 'his', 'hers', 'their', 'theirs', 'himself', 'herself', 'themselves'];
const PRONOUN_RE = literalMatcher(PRONOUNS, 'giu')!;
const stringValues = (traits: Record<string, TraitValue>) =>
  Object.values(traits).filter((v): v is string => typeof v === 'string' && v.trim().length >= 2);

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?]["”’)]?)\s+(?=["“‘(]?[\p{Lu}\p{N}])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The bio's opening frame (see header): first sentence, placeholders, first `maxTokens` tokens, lower case. */
export function openingFrame(bio: string, person: Person, terms: readonly string[], maxTokens = 8): string {
  let s = sentences(bio)[0] ?? '';
  // Lowest priority first: a word that is both a term and a name part becomes {name}.
  const groups: Array<[string, Iterable<string>]> = [
    ['{term}', terms.flatMap((t) => [t, t.replace(/^the\s+/i, '')])],
    ['{trait}', stringValues(person.traits)],
    ['{hint}', person.hints],
    ['{name}', nameParts(person.name).filter((p) => /^\p{Lu}/u.test(p) || p === person.name)],
  ];
  const byWord = new Map<string, string>();
  for (const [ph, words] of groups)
    for (const w of words) if (w.trim().length >= 2) byWord.set(w.toLowerCase().trim().replace(/\s+/g, ' '), ph);
  // One pass with every literal, longest first, so a trait inside a term does not split it.
  const re = literalMatcher(byWord.keys(), 'giu');
  if (re) s = s.replace(re, (m) => ` ${byWord.get(m.toLowerCase().replace(/\s+/g, ' ')) ?? '{trait}'} `);
  s = s.replace(PRONOUN_RE, ' {pron} ').replace(/\d+(?:[.,]\d+)*/g, ' {n} ');
  const toks = s
    .toLowerCase()
    .replace(/\s*-\s*(?=\{|year)/g, '-')
    .replace(/\}\s*-/g, '}-')
    .split(/\s+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}{]+|[^\p{L}\p{N}}]+$/gu, ''))
    .filter(Boolean);
  const out: string[] = [];
  for (const t of toks) if (!(t.startsWith('{') && out[out.length - 1] === t)) out.push(t);
  return out.slice(0, maxTokens).join(' ');
}
export const openingWords = (frame: string, n = 3) => frame.split(' ').slice(0, n).join(' ');

/** The most common value's share and the number of distinct values. */
export function spread(values: readonly string[]): { topShare: number; top: string; distinct: number } {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let top = '';
  let n = 0;
  for (const [v, c] of counts) if (c > n) [top, n] = [v, c];
  return { topShare: values.length ? n / values.length : 0, top, distinct: counts.size };
}

// ---- repetition ------------------------------------------------------------------------------------

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?;:,"”’]+$/u, '')
    .trim();
/** Does the backstory contain one of the bio's sentences (4+ words) verbatim? */
export function repeatsBioSentence(bio: string, backstory: string): boolean {
  const story = norm(backstory);
  return sentences(bio).some((s) => s.split(/\s+/).length >= 4 && story.includes(norm(s)));
}
/** A sentence with a trait value and at most this many other content words only restates the trait. */
export const RESTATING_MAX_OTHER_WORDS = 3;
/** The sentences of a text that only restate a trait (see header). */
export function traitRestatingSentences(text: string, person: Person, maxOtherWords = RESTATING_MAX_OTHER_WORDS): string[] {
  const values = stringValues(person.traits);
  const numbers = Object.values(person.traits)
    .filter((v): v is number => typeof v === 'number')
    .map(String);
  const flags = Object.entries(person.traits)
    .filter(([, v]) => typeof v === 'boolean')
    .flatMap(([k]) => k.split(/_+/).filter((w) => w.length >= 3 && !['has', 'have', 'was', 'can'].includes(w)));
  const traitRe = literalMatcher([...values, ...numbers, ...flags], 'iu');
  const stripRe = literalMatcher([...values, ...numbers, ...flags, ...nameParts(person.name), ...PRONOUNS], 'giu');
  if (!traitRe || !stripRe) return [];
  return sentences(text).filter((s) => {
    if (!traitRe.test(s)) return false;
    const rest = s
      .replace(stripRe, ' ')
      .toLowerCase()
      .split(/[^\p{L}'’]+/u)
      .filter((w) => w.length >= 2 && !STOP.has(w) && !['year', 'years', 'old'].includes(w));
    return rest.length <= maxOtherWords;
  });
}

// ---- names -----------------------------------------------------------------------------------------

type NameListsFn = (culture: NameCulture) => { female: readonly string[]; male: readonly string[] };
/** The given-name lists of src/stages/names.ts. */
export async function loadNameLists(): Promise<NameListsFn> {
  return (await import('../src/stages/names.js')).nameLists;
}
export function givenNameSet(cultures: readonly NameCulture[], lists: NameListsFn): Set<string> {
  return new Set(cultures.flatMap((c) => [...lists(c).female, ...lists(c).male]).map((n) => n.toLowerCase()));
}
export const givenName = (name: string) => name.trim().split(/\s+/)[0] ?? '';
export function duplicateNames(names: readonly string[]): number {
  const lower = names.map((n) => n.toLowerCase());
  return lower.length - new Set(lower).size + lower.filter((n) => /\(.+\)$/.test(n)).length;
}

// ---- generation and the benchmark ------------------------------------------------------------------

export interface WorldSample {
  profile: Profile;
  records: PersonaRecord[];
  context: { id: string; description: string; fingerprint: string };
}
/** `count` procedural personas (keys "1".."count") through the engine, with or without backstories. */
export async function generateWorld(
  world: Pick<QualityWorld, 'id' | 'description'>,
  count: number,
  backstory = true,
): Promise<WorldSample> {
  // Imported here, not at the top, so the measures load (and their unit tests run) on their own.
  const { createPersonaEngine } = await import('../src/engine/engine.js');
  const engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: backstory } });
  try {
    const handle = engine.world({ id: world.id, description: world.description });
    const keys = Array.from({ length: count }, (_, i) => String(i + 1));
    const records = await Promise.all(
      keys.map((k) => (backstory ? handle.persona(k).backstory : handle.persona(k, undefined, { backstory: false }).bio)),
    );
    return { profile: handle.profile!, records, context: handle.context };
  } finally {
    await engine.close();
  }
}
/**
 * Procedural bios per second on this core: `warm` bios of warm-up, then `n` timed in 4 runs
 * (batches of the sample's people); the median run's rate, so one run slowed by another
 * process on the machine does not decide the figure.
 */
export async function biosPerSecond(sample: WorldSample, n = 20_000, warm = 5_000): Promise<number> {
  const [{ ProceduralProvider }, { Pacer }] = await Promise.all([
    import('../src/providers/procedural/index.js'),
    import('../src/core/pacer.js'),
  ]);
  const provider = new ProceduralProvider({ pacer: new Pacer(Infinity) });
  const subjects = sample.records.map(({ key, name, traits, hints }) => ({ key, name, traits, hints }));
  const run = async (count: number) => {
    for (let done = 0; done < count; done += subjects.length) {
      await provider.bios({
        world: sample.context,
        profile: sample.profile,
        subjects: subjects.slice(0, Math.min(subjects.length, count - done)),
      });
    }
  };
  await run(warm);
  const rates: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await run(n / 4);
    rates.push(n / 4 / ((performance.now() - t) / 1000));
  }
  rates.sort((x, y) => x - y);
  return Math.round((rates[1]! + rates[2]!) / 2);
}

export const TARGETS = {
  groundedBios: { min: 0.95 },
  groundedBackstories: { min: 1 },
  wrongWorldHits: { max: 0 },
  topOpeningShare: { max: 0.05 },
  distinctFramesPer200: { min: 150 },
  backstoriesRepeatingBio: { max: 0 },
  maxRestatingSentences: { max: 1 },
  namesFitCulture: { min: 0.9 },
  duplicateNamesIn1000: { max: 0 },
  biosPerSecond: { min: 50_000 },
} as const;
export type FigureName = keyof typeof TARGETS;
export type WorldFigures = Record<FigureName, number | null> & { topOpening: string; wrongWords: string[]; restateExample: string | null };

export function missesOf(f: WorldFigures): FigureName[] {
  return (Object.keys(TARGETS) as FigureName[]).filter((k) => {
    const v = f[k];
    const t = TARGETS[k] as { min?: number; max?: number };
    return v !== null && ((t.min !== undefined && v < t.min) || (t.max !== undefined && v > t.max));
  });
}

/** Every figure but names-in-1000 and speed for one world's sample. */
export function measureSample(world: QualityWorld, sample: WorldSample, lists: NameListsFn | null): WorldFigures {
  const { records, profile } = sample;
  const grounding = literalMatcher(groundingTerms(world.description));
  const matchers = wrongWorldMatchers(wrongWorldListsFor(world));
  const stories = records.filter((r) => r.backstory !== null);
  const wrong = records.flatMap((r) => [r.bio ?? '', r.backstory ?? ''].flatMap((t) => wrongWorldHits(t, matchers, r.name)));
  const frames = records.map((r) => openingFrame(r.bio ?? '', r, profile.terms));
  const openings = spread(frames.map((f) => openingWords(f)));
  const restating = stories.map((r) => traitRestatingSentences(r.backstory!, r));
  const worst = restating.reduce((a, b) => (b.length > a.length ? b : a), [] as string[]);
  // A world that may hold anyone (a space colony) still gets names from some culture's lists, not made-up strings.
  const fits = lists ? givenNameSet(world.cultures === 'any' ? NAME_CULTURES : world.cultures, lists) : null;
  return {
    groundedBios: records.filter((r) => isGrounded(r.bio ?? '', grounding)).length / records.length,
    groundedBackstories: stories.length ? stories.filter((r) => isGrounded(r.backstory!, grounding)).length / stories.length : null,
    wrongWorldHits: wrong.length,
    wrongWords: [...new Set(wrong.map((h) => h.word))].slice(0, 8),
    topOpeningShare: openings.topShare,
    topOpening: openings.top,
    distinctFramesPer200: Math.round((spread(frames).distinct * 200) / records.length),
    backstoriesRepeatingBio: stories.filter((r) => repeatsBioSentence(r.bio ?? '', r.backstory!)).length,
    maxRestatingSentences: stories.length ? worst.length : null,
    restateExample: [...worst].sort((a, b) => a.length - b.length)[0] ?? null,
    namesFitCulture: fits ? records.filter((r) => fits.has(givenName(r.name).toLowerCase())).length / records.length : null,
    duplicateNamesIn1000: null,
    biosPerSecond: null,
  };
}

export interface QualityReport {
  worlds: Array<{ id: string; description: string; figures: WorldFigures; misses: FigureName[] }>;
  samples: Array<{ world: string; bios: string[]; backstory: string }>;
  notes: string[];
  table: string[];
}
export interface QualityOptions {
  worlds?: readonly QualityWorld[];
  perWorld?: number;
  namesPerWorld?: number;
  speedBios?: number;
  sampleWorlds?: readonly string[];
  log?: (...a: unknown[]) => void;
}

export async function qualityBench(options: QualityOptions = {}): Promise<QualityReport> {
  const { worlds = QUALITY_WORLDS, perWorld = 200, namesPerWorld = 1000, speedBios = 20_000, log = () => undefined } = options;
  const sampleWorlds = options.sampleWorlds ?? ['tau-ceti-ship', 'lagos-1970s', 'nakasendo-1600'];
  const lists = await loadNameLists();
  const report: QualityReport = { worlds: [], samples: [], notes: [], table: [] };
  for (const world of worlds) {
    log(`quality: ${world.id} ...`);
    const sample = await generateWorld(world, perWorld, true);
    const figures = measureSample(world, sample, lists);
    figures.duplicateNamesIn1000 = duplicateNames((await generateWorld(world, namesPerWorld, false)).records.map((r) => r.name));
    figures.biosPerSecond = await biosPerSecond(sample, speedBios);
    report.worlds.push({ id: world.id, description: world.description, figures, misses: missesOf(figures) });
    if (sampleWorlds.includes(world.id)) {
      report.samples.push({
        world: world.description,
        bios: sample.records.slice(0, 3).map((r) => r.bio ?? ''),
        backstory: sample.records[0]?.backstory ?? '',
      });
    }
  }
  report.table = formatTable(report);
  return report;
}

const COLUMNS: Array<[FigureName, string, (v: number) => string]> = [
  ['groundedBios', 'bio grnd >=95%', (v) => `${(v * 100).toFixed(1)}%`],
  ['groundedBackstories', 'story grnd =100%', (v) => `${(v * 100).toFixed(1)}%`],
  ['wrongWorldHits', 'wrong =0', String],
  ['topOpeningShare', 'top3 <=5%', (v) => `${(v * 100).toFixed(1)}%`],
  ['distinctFramesPer200', 'frames >=150', String],
  ['backstoriesRepeatingBio', 'bio-in-story =0', String],
  ['maxRestatingSentences', 'restate <=1', String],
  ['namesFitCulture', 'names >=90%', (v) => `${(v * 100).toFixed(1)}%`],
  ['duplicateNamesIn1000', 'dupes/1k =0', String],
  ['biosPerSecond', 'bios/s >=50k', (v) => `${Math.round(v / 1000)}k`],
];

export function formatTable(report: Pick<QualityReport, 'worlds' | 'samples' | 'notes'>): string[] {
  const head = ['world', ...COLUMNS.map(([, h]) => h)];
  const rows = report.worlds.map((w) => [
    w.id,
    ...COLUMNS.map(([k, , fmt]) => {
      const v = w.figures[k];
      return v === null ? 'n/a' : `${fmt(v)}${w.misses.includes(k) ? ' !' : ''}`;
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), ...rows.map(line), '', '"!" = misses its target (issue 9).'];
  const missed = report.worlds.reduce((n, w) => n + w.misses.length, 0);
  out.push(`${missed} misses over ${report.worlds.length} worlds.`, ...report.notes);
  for (const w of report.worlds) {
    if (w.figures.wrongWords.length) out.push(`  ${w.id}: wrong-world words: ${w.figures.wrongWords.join(', ')}`);
  }
  for (const w of report.worlds)
    out.push(
      `  ${w.id}: top opening "${w.figures.topOpening}"${w.figures.restateExample ? `; restates: "${w.figures.restateExample}"` : ''}`,
    );
  for (const s of report.samples) {
    out.push('', `== ${s.world}`, ...s.bios.map((b) => `  bio: ${b}`), `  backstory: ${s.backstory}`);
  }
  return out;
}
