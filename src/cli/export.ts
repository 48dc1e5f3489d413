/**
 * Dataset export: persona records as JSONL, JSON or CSV with the fields of the Dria persona
 * factory's datasets (the pipeline this project is measured against: `bio`, `backstory`,
 * `model`) plus ours (`id`, `world`, `key`, `name`, `traits`, `source`) and
 * per-text provenance: which model wrote each text, whether it is a provisional fallback and
 * why (`provenance`, `provisional`; in CSV `bio_model`, `bio_source`, `bio_error`, ...).
 *   const text = formatRecords(records.map((r) => toExportRecord(r, 'both')), 'csv');
 * Cost: one serialisation pass over the records.
 */
import { stringify } from 'csv-stringify/sync';
import type { ConsistencyReport, PersonaRecord, TextSource } from '../core/types.js';

export type ExportFormat = 'jsonl' | 'json' | 'csv';
export type ExportStage = 'bio' | 'backstory' | 'both';

/** Where one text came from. */
export interface TextProvenance {
  /** The model that wrote it ("procedural" for templates); null before the text exists. */
  model: string | null;
  source: TextSource | null;
  /** Why the procedural fallback wrote it (the provider's error); null for a final text. */
  error: string | null;
  /** Written by the fallback while the model failed; a rerun with a working model rewrites it. */
  provisional: boolean;
}

export interface ExportRecord {
  id: string;
  world: string;
  description?: string;
  key: string;
  name: string;
  traits: PersonaRecord['traits'];
  hints: string[];
  bio: string | null;
  backstory?: string | null;
  /** The model behind the newest text exported (the Dria persona factory's field); per text in `provenance`. */
  model: string | null;
  source: PersonaRecord['source'];
  status: PersonaRecord['status'];
  /** True when any exported text is provisional (see TextProvenance). */
  provisional?: boolean;
  /** Per text; `backstory` only when the stage writes one. */
  provenance?: { bio: TextProvenance; backstory?: TextProvenance };
  consistency?: PersonaRecord['consistency'];
  /** Per text: what the consistency and near-duplicate checks found (null when not checked). */
  checks?: { bio: ConsistencyReport | null; backstory?: ConsistencyReport | null };
  /** Why a text is a procedural fallback, or why the persona failed; absent when none. */
  error?: string;
}

const provenanceOf = (rec: PersonaRecord, text: 'bio' | 'backstory'): TextProvenance => ({
  model: rec.models[text],
  source: rec.sources[text],
  error: rec.errors[text],
  provisional: rec.provisional[text],
});

/** True when a text the stage exports is provisional (the bio alone for `--stage bio`). */
export function provisionalFor(rec: PersonaRecord, stage: ExportStage): { bio: boolean; backstory: boolean } {
  return { bio: rec.provisional.bio, backstory: stage !== 'bio' && rec.provisional.backstory };
}

export function toExportRecord(rec: PersonaRecord, stage: ExportStage, description?: string): ExportRecord {
  const withBackstory = stage !== 'bio';
  const flags = provisionalFor(rec, stage);
  const out: ExportRecord = {
    id: rec.id,
    world: rec.world,
    ...(description ? { description } : {}),
    key: rec.key,
    name: rec.name,
    traits: rec.traits,
    hints: rec.hints,
    bio: rec.bio,
    ...(withBackstory ? { backstory: rec.backstory } : {}),
    model: withBackstory ? rec.model : rec.models.bio,
    source: withBackstory ? rec.source : rec.sources.bio,
    status: !withBackstory && rec.bio !== null ? 'bio' : rec.status,
    provisional: flags.bio || flags.backstory,
    provenance: withBackstory
      ? { bio: provenanceOf(rec, 'bio'), backstory: provenanceOf(rec, 'backstory') }
      : { bio: provenanceOf(rec, 'bio') },
  };
  if (withBackstory) out.consistency = rec.consistency;
  out.checks = withBackstory ? { bio: rec.checks.bio, backstory: rec.checks.backstory } : { bio: rec.checks.bio };
  // --stage bio: a fallback backstory (not exported) is no reason to show an error.
  const error = !withBackstory && rec.status !== 'failed' && !rec.provisional.bio ? null : rec.error;
  if (error) out.error = error;
  return out;
}

/** CSV columns (`backstory` and its provenance only when the stage writes one), as both encoders pick them. */
function csvColumns(withBackstory: boolean): string[] {
  const text = (t: string) => [`${t}_model`, `${t}_source`, `${t}_error`, `${t}_problems`];
  return [
    'id',
    'world',
    'key',
    'name',
    'traits',
    'hints',
    'bio',
    ...(withBackstory ? ['backstory'] : []),
    'model',
    'source',
    'status',
    'provisional',
    ...text('bio'),
    ...(withBackstory ? text('backstory') : []),
  ];
}

const problems = (check: ConsistencyReport | null | undefined): string => check?.problems.join('; ') ?? '';

/** One CSV row: nested fields flattened (traits as JSON, hints and problems joined with "; "). */
function csvRow(r: ExportRecord): Record<string, unknown> {
  const bio = r.provenance?.bio;
  const story = r.provenance?.backstory;
  return {
    ...r,
    traits: JSON.stringify(r.traits),
    hints: r.hints.join('; '),
    provisional: r.provisional === undefined ? '' : String(r.provisional),
    bio_model: bio?.model,
    bio_source: bio?.source,
    bio_error: bio?.error,
    bio_problems: problems(r.checks?.bio),
    backstory_model: story?.model,
    backstory_source: story?.source,
    backstory_error: story?.error,
    backstory_problems: problems(r.checks?.backstory),
  };
}

export function formatRecords(records: ExportRecord[], format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  if (format === 'jsonl') return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
  const columns = csvColumns(records.some((r) => 'backstory' in r));
  return stringify(records.map(csvRow), { header: true, columns });
}

/**
 * Streaming encoder: the same bytes as formatRecords, one record at a time, so a dataset can
 * be written as it is generated (JSONL and CSV line by line, JSON as an array `[` ... `,` ... `]`).
 *   const enc = recordEncoder('json', 'both'); out.write(enc.record(r)); ...; out.write(enc.end());
 * Cost: one serialisation per record; keeps no records.
 */
export interface RecordEncoder {
  /** The text for one more record (with any header, opening bracket or separator it needs). */
  record(record: ExportRecord): string;
  /** The closing text (for JSON, `]`; an empty array or a CSV header when no record came). */
  end(): string;
}

export function recordEncoder(format: ExportFormat, stage: ExportStage): RecordEncoder {
  let count = 0;
  if (format === 'jsonl') {
    return { record: (r) => (count++, `${JSON.stringify(r)}\n`), end: () => '' };
  }
  if (format === 'json') {
    return {
      record(r) {
        // JSON.stringify escapes newlines inside strings, so every line break is structural.
        const body = JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');
        return `${count++ === 0 ? '[\n' : ',\n'}  ${body}`;
      },
      end: () => (count ? '\n]\n' : '[]\n'),
    };
  }
  const columns = csvColumns(stage !== 'bio');
  return {
    record(r) {
      return stringify([csvRow(r)], { header: count++ === 0, columns });
    },
    end: () => (count ? '' : stringify([], { header: true, columns })),
  };
}
