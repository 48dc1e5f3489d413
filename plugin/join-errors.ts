/**
 * Join refusals: a Colyseus `ServerError` with a numeric code and a clear message, thrown from
 * the plugin's onCreate or onAuth, so `client.joinOrCreate(...)` rejects with that code and
 * message (not "524 seat reservation expired"). Codes are HTTP statuses because a refusal
 * from onCreate travels as the matchmaking response's HTTP status (Colyseus requires 200-599
 * there), and they avoid Colyseus's own 520-526.
 *   throw new PersonaJoinError('WORLD_MISMATCH', 'World "x" is described differently ...');
 *   // client: err.code === 409, err.message === 'World "x" ...'
 * Cost: none until thrown.
 */
import { ServerError } from '@colyseus/core';

/** Why a join was refused, and the numeric code the client sees. */
export const JOIN_ERROR = {
  /** The join options carry no world id. */
  WORLD_REQUIRED: 400,
  /** No world with this id exists and no description was given to create it. */
  UNKNOWN_WORLD: 404,
  /** The world exists with another description (its description is fixed by its creator). */
  WORLD_MISMATCH: 409,
  /** The world id or description is malformed (too long, control characters...). */
  INVALID_WORLD: 422,
  /** This client (or IP) has created its quota of new worlds for now. */
  NEW_WORLD_LIMIT: 429,
  /** The store did not answer in time, or the room could not be set up. */
  UNAVAILABLE: 503,
} as const;
export type JoinErrorReason = keyof typeof JOIN_ERROR;
export type JoinErrorCode = (typeof JOIN_ERROR)[JoinErrorReason];

export class PersonaJoinError extends ServerError {
  /** The symbolic reason, e.g. 'WORLD_MISMATCH' (the client sees `code`, e.g. 409). */
  readonly reason: JoinErrorReason;
  constructor(reason: JoinErrorReason, message: string) {
    super(JOIN_ERROR[reason], message);
    this.reason = reason;
    this.name = 'PersonaJoinError';
  }
}
