/**
 * What players may see of an NPC's error: a short generic code, never the raw store or
 * provider message (paths, hosts, SQL, stack fragments). The details stay in the record and
 * go to the server log through the plugin's and the engine's `onError`.
 *   publicError({ status: 'bio', error: 'bio written by the procedural fallback (provider-error)' }) // 'fallback:provider'
 *   publicError({ status: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:6379' })               // 'failed:store'
 * Codes: `fallback:provider`, `fallback:rate-limited`, `fallback:budget`, `fallback:invalid-output`,
 * `fallback:deadline` (the live bio deadline passed),
 * `fallback:other` (text came from the procedural fallback, and why); `failed:store`,
 * `failed:budget`, `failed:profile`, `failed:input`, `failed:closed`, `failed:other` (the persona
 * could not be made: `failed:input` also for an override outside the world's profile); `""` when
 * there is no error.
 * Cost: a few regex tests per record update that carries an error.
 */

export type PublicErrorCode =
  | ''
  | 'fallback:provider'
  | 'fallback:rate-limited'
  | 'fallback:budget'
  | 'fallback:invalid-output'
  | 'fallback:deadline'
  | 'fallback:other'
  | 'failed:store'
  | 'failed:budget'
  | 'failed:profile'
  | 'failed:input'
  | 'failed:closed'
  | 'failed:other';

const FALLBACK = /procedural fallback \(([^)]*)\)/;
const FALLBACK_REASONS: Record<string, PublicErrorCode> = {
  'provider-error': 'fallback:provider',
  provider_error: 'fallback:provider',
  error: 'fallback:provider',
  'rate-limited': 'fallback:rate-limited',
  budget: 'fallback:budget',
  budget_exceeded: 'fallback:budget',
  'invalid-output': 'fallback:invalid-output',
  deadline: 'fallback:deadline',
  invalid_output: 'fallback:invalid-output',
};

/** The generic code for a record's `error` (see the file header). */
export function publicError(rec: { status?: unknown; error?: unknown }): PublicErrorCode {
  const raw = typeof rec.error === 'string' ? rec.error : '';
  if (!raw) return '';
  if (rec.status !== 'failed') {
    const m = FALLBACK.exec(raw);
    return m ? (FALLBACK_REASONS[m[1]!] ?? 'fallback:other') : 'fallback:other';
  }
  if (/budget/i.test(raw)) return 'failed:budget';
  if (/engine is closed|ENGINE_CLOSED/i.test(raw)) return 'failed:closed';
  // Before the profile test: an override outside the world's profile is the caller's input.
  if (/^Invalid (persona key|hints)|already used by another persona/i.test(raw)) return 'failed:input';
  if (/profile/i.test(raw)) return 'failed:profile';
  if (/sqlite|database|redis|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EPIPE|ECONNRESET|connection|store|disk|lock|timed? ?out/i.test(raw))
    return 'failed:store';
  return 'failed:other';
}
