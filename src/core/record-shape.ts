/**
 * Records stored by an older version, brought up to the current shape (per-text provenance:
 * provisional flags, errors, checks). Stores call it on every read. Cost: a regex test and one
 * object copy for an old record; nothing for a current one.
 */
import type { PersonaRecord } from './types.js';

const FALLBACK_PREFIX = /^(bio|backstory) written by the procedural fallback \((.*)\)$/s;

/**
 * A record as stored by any version, in the current shape. Records written before per-text
 * provenance existed carry the fallback's reason only in `error` ("bio written by the
 * procedural fallback (provider-error)"): that text is provisional, so an outage cached by an
 * older version is still upgraded. Returns the same object when nothing is missing.
 */
export function normaliseRecord(rec: PersonaRecord): PersonaRecord {
  const r = rec as Partial<PersonaRecord> & PersonaRecord;
  if (r.provisional && r.errors && r.checks) return rec;
  const errors: PersonaRecord['errors'] = r.errors ?? { bio: null, backstory: null };
  if (!r.errors && typeof r.error === 'string') {
    const m = FALLBACK_PREFIX.exec(r.error);
    if (m) errors[m[1] as 'bio' | 'backstory'] = m[2] ?? 'unknown';
  }
  const sources = r.sources ?? { bio: null, backstory: null };
  return {
    ...rec,
    models: r.models ?? { bio: null, backstory: null },
    sources,
    errors,
    provisional: r.provisional ?? {
      bio: errors.bio !== null && sources.bio === 'procedural',
      backstory: errors.backstory !== null && sources.backstory === 'procedural',
    },
    checks: r.checks ?? { bio: null, backstory: r.consistency ?? null },
  };
}
