/**
 * Dataset export: persona records as JSONL, JSON or CSV with the seed's fields (`bio`,
 * `backstory`, `model`) plus ours (`id`, `world`, `key`, `name`, `traits`, `source`).
 *   const text = formatRecords(records, 'csv', 'both');
 * Cost: one serialisation pass over the records.
 */
import { stringify } from 'csv-stringify/sync';
import type { PersonaRecord } from '../core/types.js';

export type ExportFormat = 'jsonl' | 'json' | 'csv';
export type ExportStage = 'bio' | 'backstory' | 'both';

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
  model: string | null;
  source: PersonaRecord['source'];
  status: PersonaRecord['status'];
  consistency?: PersonaRecord['consistency'];
  /** Why a text is a procedural fallback, or why the persona failed; absent when none. */
  error?: string;
}

export function toExportRecord(rec: PersonaRecord, stage: ExportStage, description?: string): ExportRecord {
  const out: ExportRecord = {
    id: rec.id,
    world: rec.world,
    ...(description ? { description } : {}),
    key: rec.key,
    name: rec.name,
    traits: rec.traits,
    hints: rec.hints,
    bio: rec.bio,
    model: stage === 'bio' ? rec.models.bio : rec.model,
    source: stage === 'bio' ? rec.sources.bio : rec.source,
    status: stage === 'bio' && rec.bio !== null ? 'bio' : rec.status,
  };
  if (stage !== 'bio') {
    out.backstory = rec.backstory;
    out.consistency = rec.consistency;
  }
  if (rec.error) out.error = rec.error;
  return out;
}

export function formatRecords(records: ExportRecord[], format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  if (format === 'jsonl') return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
  const withBackstory = records.some((r) => 'backstory' in r);
  const columns = ['id', 'world', 'key', 'name', 'traits', 'hints', 'bio', ...(withBackstory ? ['backstory'] : []), 'model', 'source', 'status'];
  const rows = records.map((r) => ({ ...r, traits: JSON.stringify(r.traits), hints: r.hints.join('; ') }));
  return stringify(rows, { header: true, columns });
}

/** CSV columns for a stage (`backstory` only when the stage writes one), as formatRecords picks them. */
function csvColumns(stage: ExportStage): string[] {
  return ['id', 'world', 'key', 'name', 'traits', 'hints', 'bio', ...(stage !== 'bio' ? ['backstory'] : []), 'model', 'source', 'status'];
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
  const columns = csvColumns(stage);
  return {
    record(r) {
      const row = { ...r, traits: JSON.stringify(r.traits), hints: r.hints.join('; ') };
      return stringify([row], { header: count++ === 0, columns });
    },
    end: () => (count ? '' : stringify([], { header: true, columns })),
  };
}
