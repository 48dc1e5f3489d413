/**
 * Pure helpers that build and update persona records, and bring records stored by an older
 * version up to the current shape (per-text provenance: provisional flags, errors, checks).
 * Cost: one object copy per change.
 */
import type { ConsistencyReport, PersonaIdentity, PersonaRecord, TextSource } from '../core/types.js';
import type { TextResult } from './text-results.js';

export function newRecord(world: string, fingerprint: string, identity: PersonaIdentity, now = Date.now()): PersonaRecord {
  return {
    id: `${world}:${identity.key}`,
    world,
    fingerprint,
    key: identity.key,
    name: identity.name,
    traits: identity.traits,
    hints: identity.hints,
    bio: null,
    backstory: null,
    status: 'pending',
    model: null,
    source: null,
    models: { bio: null, backstory: null },
    sources: { bio: null, backstory: null },
    provisional: { bio: false, backstory: false },
    errors: { bio: null, backstory: null },
    consistency: null,
    checks: { bio: null, backstory: null },
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

function overall(sources: PersonaRecord['sources']): TextSource | null {
  if (sources.bio === 'procedural' || sources.backstory === 'procedural') return 'procedural';
  return sources.bio ?? sources.backstory;
}

/** The record-level `error`: a failure, else the first provisional text's reason. */
function summaryError(errors: PersonaRecord['errors']): string | null {
  if (errors.bio) return `bio written by the procedural fallback (${errors.bio})`;
  if (errors.backstory) return `backstory written by the procedural fallback (${errors.backstory})`;
  return null;
}

/** True when any text of the record is provisional (written by the fallback, waiting for the model). */
export function isProvisional(rec: PersonaRecord): boolean {
  return rec.provisional.bio || rec.provisional.backstory;
}

export function withBio(rec: PersonaRecord, bio: TextResult): PersonaRecord {
  const sources = { ...rec.sources, bio: bio.source };
  const errors = { ...rec.errors, bio: bio.fallbackReason };
  return {
    ...rec,
    bio: bio.text,
    status: rec.backstory !== null ? 'complete' : 'bio',
    model: bio.model,
    models: { ...rec.models, bio: bio.model },
    sources,
    source: overall(sources),
    provisional: { ...rec.provisional, bio: bio.fallbackReason !== null },
    errors,
    checks: { ...rec.checks, bio: bio.check ?? null },
    error: rec.status === 'failed' ? rec.error : summaryError(errors),
    updatedAt: Date.now(),
  };
}

export function withBackstory(rec: PersonaRecord, story: TextResult & { consistency: ConsistencyReport | null }): PersonaRecord {
  const sources = { ...rec.sources, backstory: story.source };
  const errors = { ...rec.errors, backstory: story.fallbackReason };
  return {
    ...rec,
    backstory: story.text,
    status: 'complete',
    model: story.model,
    models: { ...rec.models, backstory: story.model },
    sources,
    source: overall(sources),
    provisional: { ...rec.provisional, backstory: story.fallbackReason !== null },
    errors,
    consistency: story.consistency,
    checks: { ...rec.checks, backstory: story.consistency },
    error: rec.status === 'failed' ? rec.error : summaryError(errors),
    updatedAt: Date.now(),
  };
}

export function failed(rec: PersonaRecord, err: unknown): PersonaRecord {
  return { ...rec, status: 'failed', error: err instanceof Error ? err.message : String(err), updatedAt: Date.now() };
}

export { normaliseRecord } from '../core/record-shape.js';
