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
