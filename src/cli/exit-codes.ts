/**
 * Exit codes of the `colyseus-personas` command line, and the error that carries one. The
 * command never exits 0 unless it wrote everything it was asked for, every text from the model
 * (or the procedural provider on purpose), unless `--allow-fallback` accepts fallback texts.
 *   throw new CliExit(EXIT.incomplete, '2 of 20 personas could not be completed ...');
 * Cost: none.
 */
import {
  InvalidInputError,
  InvalidProfileError,
  InvalidWorldError,
  PersonaError,
  StoreBusyError,
  StoreUnavailableError,
} from '../core/errors.js';

export const EXIT = {
  /** Every persona asked for was written. */
  ok: 0,
  /** An unexpected error (a bug): the message and its stack go to stderr. */
  failed: 1,
  /** Bad options, instructions file, world or profile: nothing was generated. */
  usage: 2,
  /** The store cannot be opened or reached, or stayed locked (SQLite file, Redis at REDIS_URL). */
  store: 3,
  /** Some personas could not be completed: the output is written with them marked `failed`. */
  incomplete: 4,
  /**
   * Everything was written, but some records are provisional: a text was written by the
   * procedural fallback because the model failed. Running the same command again with a working
   * model rewrites those texts in place (same keys, names and traits). `--allow-fallback` makes
   * such a run exit 0. Failed records (4) win over provisional ones.
   */
  provisional: 5,
  /** Interrupted by SIGINT (Ctrl-C); finished personas are cached and a rerun resumes. */
  interrupted: 130,
  /** Stopped by SIGTERM; as SIGINT. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure that ends the command with a given exit code and a message that says what to do. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliExit';
  }
}

/** The exit code for an error that ended the command. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof CliExit) return err.exitCode;
  if (err instanceof StoreUnavailableError || err instanceof StoreBusyError) return EXIT.store;
  if (err instanceof InvalidInputError || err instanceof InvalidWorldError || err instanceof InvalidProfileError) return EXIT.usage;
  return EXIT.failed;
}

/** What to print for an error: our own errors by message alone, anything else with its stack. */
export function describeError(err: unknown): string {
  if (err instanceof CliExit || err instanceof PersonaError) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
