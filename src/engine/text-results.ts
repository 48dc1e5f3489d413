/**
 * The results and work items the text writer (text-writer.ts) trades in: a written text with
 * its provenance, a backstory with its consistency report, and one backstory to write. Types
 * only, so the checks, batchers and record helpers can name them without importing the writer.
 *   const result: TextResult = { text, model: 'gpt-4o-mini', source: 'llm', fallbackReason: null };
 * Cost: none at run time.
 */
import type { ConsistencyReport, PersonaIdentity, TextSource } from '../core/types.js';

export interface TextResult {
  text: string;
  model: string;
  source: TextSource;
  /** Why the procedural fallback wrote this text, when it did (the text is then provisional). */
  fallbackReason: string | null;
  /** What the bio's checks found (consistency and near-duplicates); absent for texts that were not checked. */
  check?: ConsistencyReport | null;
}

export interface BackstoryResult extends TextResult {
  /** The consistency check's report; null for procedural text (not checked). */
  consistency: ConsistencyReport | null;
}

/** One backstory to write: who, from which bio, under which scheduler id and priority. */
export interface BackstoryItem {
  subject: PersonaIdentity;
  bio: string;
  /** Scheduler id of its single calls (the job id: a focus boosts it). */
  id: string;
  /** Scheduler priority, read when a call is queued (a focused job's is higher). */
  priority?: () => number;
  /** False: rethrow provider failures instead of writing the fallback's text (upgrades). Default: true. */
  fallback?: boolean;
}
