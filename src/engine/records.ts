/**
 * Pure helpers that build and update persona records. Cost: one object copy per change.
 */
import type { ConsistencyReport, PersonaIdentity, PersonaRecord, TextSource } from '../core/types.js';
import type { TextResult } from './generator.js';

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
    consistency: null,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

function overall(sources: PersonaRecord['sources']): TextSource | null {
  if (sources.bio === 'procedural' || sources.backstory === 'procedural') return 'procedural';
  return sources.bio ?? sources.backstory;
}

export function withBio(rec: PersonaRecord, bio: TextResult): PersonaRecord {
  const sources = { ...rec.sources, bio: bio.source };
  return {
    ...rec,
    bio: bio.text,
    status: rec.backstory !== null ? 'complete' : 'bio',
    model: bio.model,
    models: { ...rec.models, bio: bio.model },
    sources,
    source: overall(sources),
    error: bio.fallbackReason ? `bio written by the procedural fallback (${bio.fallbackReason})` : rec.error,
    updatedAt: Date.now(),
  };
}

export function withBackstory(rec: PersonaRecord, story: TextResult & { consistency: ConsistencyReport }): PersonaRecord {
  const sources = { ...rec.sources, backstory: story.source };
  return {
    ...rec,
    backstory: story.text,
    status: 'complete',
    model: story.model,
    models: { ...rec.models, backstory: story.model },
    sources,
    source: overall(sources),
    consistency: story.consistency,
    error: story.fallbackReason ? `backstory written by the procedural fallback (${story.fallbackReason})` : rec.error,
    updatedAt: Date.now(),
  };
}

export function failed(rec: PersonaRecord, err: unknown): PersonaRecord {
  return { ...rec, status: 'failed', error: err instanceof Error ? err.message : String(err), updatedAt: Date.now() };
}
