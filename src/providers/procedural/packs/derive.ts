/**
 * Occupations, factions, places and stakes derived from the description's own phrases: each
 * institution becomes a faction ("hydroponics guilds" -> "the hydroponics guilds"), each
 * phrase word found in the lexicon brings its trades and places, a "<thing> rights" phrase
 * gives an arbiter and, when the description names a conflict, a stake ("the feud over water
 * rights") and the lexicon's rival faction; an unknown "-ing" activity gives its doer
 * ("brewing" -> "brewer"). The whole description is scanned last, so a phrase the sketch
 * missed still counts.
 *   const d = derive(sketch, 'space'); d.factions[0][0] // 'the hydroponics guilds'
 * Cost: a few hundred string comparisons per world; no regex compiled per call.
 */
import type { WorldSketch } from '../../../stages/sketch/sketch-types.js';
import { type LexEntry, LEXICON } from './lexicon.js';
import { type Band, type Flag, fitsBand, type Opt } from './types.js';

export interface Derived {
  occupations: Opt[];
  factions: Opt[];
  places: string[];
  stakes: string[];
  flag: Flag | null;
}

const CONFLICT =
  /\b(feud|feuds|feuding|war|wars|warring|fight|fights|fighting|dispute|disputes|rivalry|rivals|struggle|struggles|conflict|battle|battles|contest|contested|clash|clashes|vendetta)\b/i;
const CONFLICT_NOUN: Record<string, string> = {
  feuds: 'feud',
  feuding: 'feud',
  wars: 'war',
  warring: 'war',
  fights: 'fight',
  fighting: 'fight',
  disputes: 'dispute',
  rivals: 'rivalry',
  struggles: 'struggle',
  battles: 'battle',
  contested: 'contest',
  clashes: 'clash',
};
const CLAIM_HEADS = new Set([
  'rights',
  'right',
  'claims',
  'claim',
  'access',
  'quota',
  'quotas',
  'rations',
  'ration',
  'shares',
  'allotments',
  'licences',
  'licenses',
]);
const NOT_DOERS = new Set([
  'building',
  'during',
  'nothing',
  'something',
  'everything',
  'morning',
  'evening',
  'ceiling',
  'spring',
  'string',
  'king',
  'thing',
  'wing',
  'ring',
  'sibling',
  'darling',
  'setting',
  'clothing',
  'housing',
  'wedding',
  'pudding',
  'bring',
  'sing',
  'swing',
  'ping',
  'being',
]);

function words(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .split(/[^\p{L}\p{N}'*-]+/u)
    .flatMap((w) => w.split('-'))
    .filter(Boolean);
}

function keyMatches(key: string, word: string): boolean {
  if (key.endsWith('*')) return word.startsWith(key.slice(0, -1));
  return word === key || word === `${key}s` || word === `${key}es`;
}

const entryCache = new Map<string, LexEntry[]>();
/** Lexicon entries any word of the phrase names, in lexicon order. */
export function entriesFor(phrase: string): LexEntry[] {
  let hit = entryCache.get(phrase);
  if (!hit) {
    const ws = words(phrase);
    hit = LEXICON.filter((e) => e.keys.some((k) => ws.some((w) => keyMatches(k, w))));
    if (entryCache.size > 2048) entryCache.clear();
    entryCache.set(phrase, hit);
  }
  return hit;
}

function withThe(phrase: string): string {
  return /^(the|a|an)\s/i.test(phrase) ? phrase.replace(/^(a|an)\s/i, 'the ') : `the ${phrase}`;
}

/** Everything the description's phrases imply, most specific first. */
export function derive(sketch: WorldSketch, band: Band): Derived {
  const occupations: Opt[] = [];
  const factions: Opt[] = [];
  const places: string[] = [];
  const stakes: string[] = [];
  let flag: Flag | null = null;
  const seenOcc = new Set<string>();
  const seenFaction = new Set<string>();
  const addOcc = (o: Opt) => {
    if (!fitsBand(o, band) || seenOcc.has(o[0])) return;
    seenOcc.add(o[0]);
    occupations.push(o);
  };
  const addFaction = (name: string, weight: number) => {
    const key = name.toLowerCase();
    if (seenFaction.has(key) || name.length > 80) return;
    seenFaction.add(key);
    factions.push([name, weight]);
  };
  const conflict = CONFLICT.exec(sketch.description);
  const conflictNoun = conflict ? (CONFLICT_NOUN[conflict[1]!.toLowerCase()] ?? conflict[1]!.toLowerCase()) : null;
  const used = new Set<LexEntry>();
  const rivals: string[] = [];
  const apply = (entry: LexEntry) => {
    if (used.has(entry)) return;
    used.add(entry);
    entry.occupations.forEach(addOcc);
    for (const f of entry.factions ?? []) if (fitsBand(f, band)) addFaction(f[0], f[1]);
    for (const p of entry.places ?? []) if (fitsBand(p, band)) places.push(p[0]);
    if (entry.rivals) rivals.push(...entry.rivals);
    if (!flag && entry.flag) flag = entry.flag;
  };

  const { institutions, activities, places: ownPlaces, resources } = sketch.phrases;
  institutions.forEach((phrase, i) => addFaction(withThe(phrase), Math.max(2, 5 - i)));
  for (const phrase of [...institutions, ...activities, ...resources, ...ownPlaces]) {
    const ws = words(phrase);
    const head = ws[ws.length - 1];
    if (head && CLAIM_HEADS.has(head) && ws.length > 1) {
      const mod = ws.slice(0, -1).join(' ');
      addOcc([`${mod}-${head === 'right' ? 'rights' : head} arbiter`, 2, { minAge: 30 }]);
      stakes.push(conflictNoun ? `the ${conflictNoun} over ${phrase}` : withThe(phrase));
    }
    const hits = entriesFor(phrase);
    hits.forEach(apply);
    if (!hits.length && activities.includes(phrase)) {
      for (const w of ws) {
        if (w.length > 5 && w.endsWith('ing') && !NOT_DOERS.has(w)) addOcc([`${w.slice(0, -3)}er`, 3]);
      }
    }
  }
  if (conflictNoun) {
    for (const r of rivals) addFaction(r, 2);
    if (!stakes.length && institutions.length) stakes.push(`the ${conflictNoun} of ${withThe(institutions[0]!).slice(4)}`);
  }
  // Whatever the phrases missed: lexicon words anywhere in the description.
  entriesFor(sketch.description).forEach(apply);
  return { occupations, factions, places, stakes, flag };
}
