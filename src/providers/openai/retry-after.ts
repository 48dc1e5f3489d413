/**
 * Retry-After parsing for rate-limit and overload replies (429, 503): the pause the engine's
 * scheduler waits before calling the endpoint again.
 *   parseRetryAfter(new Headers({ 'retry-after': '2' })) // 2000
 * Cost: a few header reads and number parses.
 */

/** `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP date), else null. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
