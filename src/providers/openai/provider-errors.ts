/**
 * Error mapping for the OpenAI-compatible provider: an SDK error (HTTP status, connection
 * failure, timeout) becomes a ProviderError with the model, status and Retry-After and a hint
 * what to check; also the live-deadline error and which errors are worth one more try.
 *   throw toProviderError(err, 'gpt-4o-mini', timedOut ? callMs : null);
 * Cost: builds one error object; no I/O.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai/error';
import { ProviderError } from '../../core/errors.js';
import { parseRetryAfter } from './retry-after.js';

/** The provider name every ProviderError of this provider carries. */
export const PROVIDER = 'openai';

/** Worth one more try on the same model: a connection failure, 408, 409 or 5xx without Retry-After. */
export function isTransient(err: ProviderError): boolean {
  if (err.retryAfterMs !== null) return false;
  if (err.status === null) return err.cause instanceof APIConnectionError;
  return err.status === 408 || err.status === 409 || err.status >= 500;
}

/**
 * The ProviderError for a call that would start with less than 1 ms left before the live
 * deadline (`leftMs`: the time left, below 1 and usually <= 0). `retry`: a retry or repair call of a
 * model that was already called (else no call was made).
 */
export function deadlinePassed(model: string, stage: string, leftMs: number, retry: boolean): ProviderError {
  const late = Math.max(0, Math.round(-leftMs));
  return new ProviderError(
    `The live deadline passed (${late} ms ago) before ${retry ? 'another call to' : 'calling'} model "${model}" for the ${stage}; ` +
      'the engine answers with the procedural fallback (provisional, upgraded later).',
    { provider: PROVIDER, model },
  );
}

/**
 * Map an SDK error to a ProviderError with the model, status and Retry-After. `atDeadline`:
 * the call's timeout was cut to the live deadline (the message says so).
 */
export function toProviderError(err: unknown, model: string, timedOutAfterMs: number | null, atDeadline = false): ProviderError {
  if (err instanceof ProviderError) return err;
  if (timedOutAfterMs !== null || err instanceof APIConnectionTimeoutError) {
    const limit = timedOutAfterMs !== null ? `${timedOutAfterMs} ms` : 'the SDK timeout';
    const advice = atDeadline ? ', the time left before the live deadline.' : '. Raise timeoutMs or use a faster model.';
    return new ProviderError(`Model "${model}" timed out: no complete answer within ${limit}${advice}`, {
      provider: PROVIDER,
      model,
      cause: err,
    });
  }
  if (err instanceof APIConnectionError) {
    return new ProviderError(
      `Could not reach the endpoint for model "${model}": ${err.message} Check OPENAI_BASE_URL and that the server runs.`,
      {
        provider: PROVIDER,
        model,
        cause: err,
      },
    );
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(err.headers as Headers | undefined) : null;
    const hint =
      status === 401 || status === 403
        ? ' Check OPENAI_API_KEY.'
        : status === 404
          ? ' Check the model name and OPENAI_BASE_URL.'
          : status === 429
            ? ' The endpoint is rate limiting; wait and retry.'
            : '';
    const detail = err.message.replace(new RegExp(`^${status}\\s*`), '').replace(/\.$/, '') || 'no body';
    return new ProviderError(`Model "${model}" failed with HTTP ${status}: ${detail}.${hint}`, {
      provider: PROVIDER,
      model,
      status,
      retryAfterMs,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError(`Model "${model}" call failed: ${message}`, { provider: PROVIDER, model, cause: err });
}
