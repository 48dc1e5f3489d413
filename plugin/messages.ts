/**
 * Client messages the plugin answers, their zod schemas, and the error shape sent back.
 * Everything a client sends is validated here before it reaches the engine (and, through
 * it, a prompt): keys and hints are bounded and typed, unknown fields are refused.
 *   const parsed = SpawnMessageSchema.safeParse(payload);
 * Cost: one zod parse per message.
 */
import { z } from 'zod';
import { HINTS_AND_TRAITS, HintTextSchema, MAX_HINTS, PersonaKeySchema } from '../src/stages/hints.js';

export const SPAWN = 'persona:spawn';
export const FOCUS = 'persona:focus';
/** Sent to a client whose fire-and-forget (`room.send`) message was refused. */
export const ERROR = 'persona:error';

const SpawnHints = z.array(HintTextSchema).max(MAX_HINTS, `at most ${MAX_HINTS} hints`);

/**
 * `persona:spawn`: `{ key?, hints? }`. `traits` is the old name of `hints` and is still accepted
 * (giving both is refused); the parsed message, which the permission hook also sees, always says
 * `hints`. Hints use the engine's own schema: bounded, no markup, no control/bidi/invisible characters.
 */
export const SpawnMessageSchema = z
  .object({
    key: PersonaKeySchema.optional(),
    hints: SpawnHints.optional(),
    /** @deprecated The old name of `hints`. */
    traits: SpawnHints.optional(),
  })
  .strict()
  .refine((m) => m.hints === undefined || m.traits === undefined, { error: HINTS_AND_TRAITS })
  .transform(({ key, hints, traits }): { key?: string; hints?: string[] } => {
    const given = hints ?? traits;
    return { ...(key !== undefined && { key }), ...(given !== undefined && { hints: given }) };
  });
export type SpawnMessage = z.output<typeof SpawnMessageSchema>;

export const FocusMessageSchema = z.object({ id: z.string().min(1).max(160) }).strict();
export type FocusMessage = z.infer<typeof FocusMessageSchema>;

/**
 * Why a client's message was refused (the `code` of a PersonaMessageError; distinct from the
 * engine's `PersonaErrorCode`, which server code sees on thrown errors):
 * `INVALID_MESSAGE` (not a valid message: bad shape, unknown field, unknown type),
 * `INVALID_INPUT` (well-formed, but the key or hints were refused, e.g. a key already
 * used by another persona), `FORBIDDEN` (the permission hook said no), `RATE_LIMITED`,
 * `NOT_FOUND` (no NPC with that id in the room), `ROOM_FULL` (the room holds `maxNpcs` NPCs),
 * `UNAVAILABLE` (the room is closing, or something failed on the server; details go to onError).
 */
export type PersonaMessageErrorCode =
  'INVALID_MESSAGE' | 'FORBIDDEN' | 'RATE_LIMITED' | 'NOT_FOUND' | 'ROOM_FULL' | 'UNAVAILABLE' | 'INVALID_INPUT';

/** What a refused message gets back (as the request's rejection, or a `persona:error` message). */
export interface PersonaMessageError {
  type: string;
  code: PersonaMessageErrorCode;
  message: string;
}

/** Parse a message or return a clear error; never throws. */
export function parseMessage<T>(
  schema: z.ZodType<T>,
  type: string,
  payload: unknown,
): { ok: true; value: T } | { ok: false; error: PersonaMessageError } {
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const detail = z.prettifyError(parsed.error).slice(0, 500);
  return { ok: false, error: { type, code: 'INVALID_MESSAGE', message: `Invalid ${type} message:\n${detail}` } };
}
