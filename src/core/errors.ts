/**
 * Typed errors: one class per failure kind, each with a message that says what was wrong
 * and what to do. Catch by class (`err instanceof BudgetExceededError`) or by `err.code`.
 * Cost: none until thrown.
 */
import { z } from 'zod';

export type PersonaErrorCode =
  | 'INVALID_WORLD'
  | 'INVALID_INPUT'
  | 'INVALID_PROFILE'
  | 'INVALID_OUTPUT'
  | 'BUDGET_EXCEEDED'
  | 'PROVIDER_ERROR'
  | 'ENGINE_CLOSED'
  | 'STORE_UNAVAILABLE'
  | 'STORE_BUSY';

export class PersonaError extends Error {
  readonly code: PersonaErrorCode;
  constructor(code: PersonaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The world id or description is missing, empty, too long or not a string. */
export class InvalidWorldError extends PersonaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_WORLD', message, options);
  }
}

/** A key, hint, override or option is malformed. Nothing was generated or stored. */
export class InvalidInputError extends PersonaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}

/** A world profile (designer-given or model-made) failed validation and could not be repaired. */
export class InvalidProfileError extends PersonaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_PROFILE', message, options);
  }
}

/** A model reply did not match the schema, even after the repair retry. Carries the raw text. */
export class InvalidOutputError extends PersonaError {
  readonly raw: string;
  readonly model: string;
  constructor(message: string, raw: string, model: string, options?: { cause?: unknown }) {
    super('INVALID_OUTPUT', message, options);
    this.raw = raw;
    this.model = model;
  }
}

/** A world's call or token budget for the current period is spent. */
export class BudgetExceededError extends PersonaError {
  readonly worldId: string;
  readonly limit: 'calls' | 'tokens';
  readonly resetsAt: number;
  constructor(worldId: string, limit: 'calls' | 'tokens', resetsAt: number) {
    super(
      'BUDGET_EXCEEDED',
      `World "${worldId}" has spent its ${limit} budget for this period; it resets at ${new Date(resetsAt).toISOString()}. ` +
        'Raise `budgets` in the engine options or wait for the reset.',
    );
    this.worldId = worldId;
    this.limit = limit;
    this.resetsAt = resetsAt;
  }
}

/** A provider call failed (network, HTTP status, timeout) after its retries. */
export class ProviderError extends PersonaError {
  readonly provider: string;
  readonly model: string | null;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** Calls and tokens spent before the failure (billed all the same), when the provider knows. */
  usage: { calls: number; promptTokens: number; completionTokens: number } | null;
  constructor(
    message: string,
    details: {
      provider: string;
      model?: string | null;
      status?: number | null;
      retryAfterMs?: number | null;
      usage?: { calls: number; promptTokens: number; completionTokens: number } | null;
      cause?: unknown;
    },
  ) {
    super('PROVIDER_ERROR', message, { cause: details.cause });
    this.provider = details.provider;
    this.model = details.model ?? null;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.usage = details.usage ?? null;
  }
}

/** The engine was closed; create a new one. */
export class EngineClosedError extends PersonaError {
  constructor() {
    super('ENGINE_CLOSED', 'The persona engine is closed; create a new engine with createPersonaEngine().');
  }
}

/**
 * The persona store cannot be opened or reached: an SQLite file that cannot be opened (missing
 * folder, no permission, not a database) or a Redis that does not answer. `location` is the
 * file path or Redis URL; the message says what to do.
 */
export class StoreUnavailableError extends PersonaError {
  readonly store: string;
  readonly location: string;
  constructor(store: string, location: string, message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
    this.store = store;
    this.location = location;
  }
}

/** Another connection held the SQLite write lock for longer than the store waits (`busyRetryMs`). Nothing was written. */
export class StoreBusyError extends PersonaError {
  readonly location: string;
  readonly waitedMs: number;
  constructor(location: string, waitedMs: number, options?: { cause?: unknown }) {
    super(
      'STORE_BUSY',
      `The SQLite persona store ${location} stayed locked by another connection for ${Math.round(waitedMs)} ms; nothing was written. ` +
        'Find the process holding a long write transaction on that file, or raise `busyRetryMs` in the SqliteStore options.',
      options,
    );
    this.location = location;
    this.waitedMs = waitedMs;
  }
}

/** Parse `value` with `schema` or throw `make(message)` with zod's readable summary of what was wrong. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, make: (message: string) => Error, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw make(`Invalid ${what}:\n${z.prettifyError(result.error)}`);
  return result.data;
}
