/**
 * The world brief every bio and backstory request carries, so a model does not drift out of
 * the world: the profile's summary (its first sentence, at most SUMMARY_MAX_CHARS) and one
 * short line naming the era and the technology level, read from the world description by the
 * offline world sketch (stages/sketch/sketch.ts: the same era and tech the procedural
 * provider writes from). Both travel in the prompt's <data> block (keys `summary` and `era`).
 *   worldBrief(world, profile) // { summary: 'Whalers and their families...', era: '1850s, industrial age; steam power, no cars' }
 * Cost: the first sketch in a process loads compromise (~0.2-1 s, once; call worldBrief when a
 * world loads to keep that off the live path), a new world's sketch ~1-10 ms; then memoised per
 * world fingerprint (LRU, 256 worlds): a repeat is one map lookup and two string compares.
 * About 20-30 prompt tokens per call (summary ~12-40, era line ~8-12).
 */
import { LRUCache } from 'lru-cache';
import type { Profile } from '../core/profile-schema.js';
import type { WorldContext } from '../core/types.js';
import { sketchWorld } from './sketch/sketch.js';
import type { EraId, TechLevel, WorldSketch } from './sketch/sketch-types.js';

export interface WorldBrief {
  /** The profile's summary: its first sentence, whitespace collapsed, at most SUMMARY_MAX_CHARS. */
  summary: string;
  /** Era and technology in one line, e.g. "1850s, industrial age; steam power, no cars". */
  era: string;
}

export const SUMMARY_MAX_CHARS = 160;
const MEMO_WORLDS = 256;

const ERA_LABEL: Readonly<Record<EraId, string>> = {
  prehistoric: 'prehistoric',
  'bronze-age': 'Bronze Age',
  'iron-age': 'Iron Age',
  classical: 'classical antiquity',
  medieval: 'medieval',
  'early-modern': 'early modern',
  industrial: 'industrial age',
  'early-20th': 'early 20th century',
  'mid-20th': 'mid 20th century',
  'late-20th': 'late 20th century',
  contemporary: 'present day',
  'near-future': 'near future',
  'far-future': 'far future',
};

/** Each level with its ceiling, so nothing later slips in (no engines in a medieval village). */
const TECH_LABEL: Readonly<Record<TechLevel, string>> = {
  stone: 'stone tools, no metal',
  bronze: 'bronze tools, no iron',
  iron: 'iron tools, no engines',
  'pre-industrial': 'hand tools, no engines',
  steam: 'steam power, no cars',
  electric: 'electricity, no computers',
  digital: 'computers, phones',
  spacefaring: 'spaceflight',
};

interface Entry {
  description: string;
  era: string;
  summarySource: string;
  summary: string;
}
const memo = new LRUCache<string, Entry>({ max: MEMO_WORLDS });

/**
 * The brief for this world and profile. Memoised by fingerprint; the description and summary
 * are compared on a hit, so a fingerprint reused for another description (tests) or a profile
 * replaced under the same fingerprint (a provisional profile upgraded) is never served stale.
 */
export function worldBrief(world: WorldContext, profile: Profile): WorldBrief {
  const source = typeof profile.summary === 'string' ? profile.summary : '';
  let entry = memo.get(world.fingerprint);
  if (!entry || entry.description !== world.description) {
    entry = {
      description: world.description,
      era: eraLine(sketchWorld(world.description)),
      summarySource: source,
      summary: briefSummary(source),
    };
    memo.set(world.fingerprint, entry);
  } else if (entry.summarySource !== source) {
    entry.summarySource = source;
    entry.summary = briefSummary(source);
  }
  return { summary: entry.summary, era: entry.era };
}

/** "1850s, industrial age; steam power, no cars"; "medieval, with magic; hand tools, no engines". */
export function eraLine(sketch: Pick<WorldSketch, 'era' | 'year' | 'tech' | 'fantasy' | 'ruined'>): string {
  const year = yearLabel(sketch.year);
  // "1920s" already says "early 20th century".
  const when = year && sketch.era.endsWith('-20th') ? year : [year, ERA_LABEL[sketch.era]].filter(Boolean).join(', ');
  const layers = `${sketch.fantasy ? ', with magic' : ''}${sketch.ruined ? ', after a collapse' : ''}`;
  return `${when}${layers}; ${TECH_LABEL[sketch.tech]}`;
}

/** 1855 -> "1850s" (1800-2099), 1250 -> "13th century", -450 -> "5th century BC", 2350 -> "24th century"; null -> "". */
function yearLabel(year: number | null): string {
  if (year === null || !Number.isFinite(year) || year === 0) return '';
  if (year >= 1800 && year < 2100) return `${Math.floor(year / 10) * 10}s`;
  const century = Math.floor((Math.abs(year) - 1) / 100) + 1;
  return `${ordinal(century)} century${year < 0 ? ' BC' : ''}`;
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Control, format (bidi, zero-width), separator and tag characters: never sent on, whatever the profile says. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{E0000}-\u{E007F}]+/gu;
/** A sentence end: . ! or ? followed by a space, at least 20 characters in (so "St. Ives" does not end one). */
const SENTENCE_END = /[.!?](?=\s)/g;

/** The summary's first sentence, cleaned and cut at a word boundary to SUMMARY_MAX_CHARS (with "…"). */
export function briefSummary(summary: string): string {
  let text = summary.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  SENTENCE_END.lastIndex = 20;
  const end = SENTENCE_END.exec(text);
  if (end) text = text.slice(0, end.index + 1);
  if (text.length <= SUMMARY_MAX_CHARS) return text;
  let cut = text.slice(0, SUMMARY_MAX_CHARS - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_MAX_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
