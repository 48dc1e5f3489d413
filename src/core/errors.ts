/**
 * Typed errors: one class per failure kind, each with a message that says what was wrong
 * and what to do. Catch by `err.code`, or by class with `isInstance`, which also knows an error
 * made by another copy of this package (the ESM and the CJS build loaded side by side, where
 * `instanceof` says no):
 *   if (BudgetExceededError.isInstance(err)) wait(err.resetsAt);
 *   if (PersonaError.isInstance(err)) log(err.code);   // any persona error
 * Cost: none until thrown; `isInstance` is a property read and a string compare.
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
  | 'STORE_BUSY'
  /** The personas plugin was used before its room's onCreate gave it a world. */
  | 'NOT_READY'
  /** The personas plugin's room is disposed: it spawns nothing more. */
  | 'ROOM_DISPOSED';

/**
 * Marks persona errors in the process-wide symbol registry, so every copy of the package
 * (ESM, CJS, a second install) recognises the others' errors. On the prototype: it is not an
 * own property, so it never shows in a serialised or compared error.
 */
const PERSONA_ERROR: unique symbol = Symbol.for('colyseus-personas.error');

/** A constructor of persona errors (the `this` of `isInstance`). */
type PersonaErrorClass<T extends PersonaError> = (abstract new (...args: never[]) => T) & { readonly code: PersonaErrorCode | undefined };

export class PersonaError extends Error {
  /** The code every error of this class carries; undefined for PersonaError itself (any code). */
  static readonly code: PersonaErrorCode | undefined = undefined;

  /**
   * True when `err` is an error of this class, also from another copy of the package:
   * `PersonaError.isInstance(err)` for any persona error, `InvalidInputError.isInstance(err)`
   * for one with the code `INVALID_INPUT` (a `new PersonaError('INVALID_INPUT', ...)` too).
   */
  static isInstance<T extends PersonaError>(this: PersonaErrorClass<T>, err: unknown): err is T {
    return isPersonaError(err, this.code);
  }

  readonly code: PersonaErrorCode;
  constructor(code: PersonaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
Object.defineProperty(PersonaError.prototype, PERSONA_ERROR, { value: true });

/**
 * True when `err` is a persona error from any copy of the package (see `PersonaError.isInstance`),
 * and, when `code` is given, carries that code.
 */
function isPersonaError(err: unknown, code?: PersonaErrorCode): err is PersonaError {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { [PERSONA_ERROR]?: unknown; code?: unknown };
  if (e[PERSONA_ERROR] !== true || typeof e.code !== 'string') return false;
  return code === undefined || e.code === code;
}

/** The world id or description is missing, empty, too long or not a string. */
export class InvalidWorldError extends PersonaError {
  static override readonly code = 'INVALID_WORLD' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_WORLD', message, options);
  }
}

/** A key, hint, override or option is malformed. Nothing was generated or stored. */
export class InvalidInputError extends PersonaError {
  static override readonly code = 'INVALID_INPUT' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}

/** A world profile (designer-given or model-made) failed validation and could not be repaired. */
export class InvalidProfileError extends PersonaError {
  static override readonly code = 'INVALID_PROFILE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_PROFILE', message, options);
  }
}

/** A model reply did not match the schema, even after the repair retry. Carries the raw text. */
export class InvalidOutputError extends PersonaError {
  static override readonly code = 'INVALID_OUTPUT' as const;
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
  static override readonly code = 'BUDGET_EXCEEDED' as const;
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
  static override readonly code = 'PROVIDER_ERROR' as const;
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
  static override readonly code = 'ENGINE_CLOSED' as const;
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
  static override readonly code = 'STORE_UNAVAILABLE' as const;
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
  static override readonly code = 'STORE_BUSY' as const;
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
