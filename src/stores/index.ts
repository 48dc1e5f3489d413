/**
 * The stores and a factory that opens one from a small, validated spec (as written in engine
 * options or a CLI flag).
 *
 *   const store = openStore({ kind: 'sqlite', path: './personas.db' });
 *   const scratch = openStore('memory');
 *   const shared = openStore({ kind: 'redis', url: process.env.REDIS_URL, prefix: 'personas:' });
 *
 * Cost: openStore validates the spec once and opens the store (for SQLite: opens the file
 * and creates the tables if missing; for Redis: starts connecting, without waiting); nothing
 * per call afterwards.
 */
import { z } from 'zod';
import { InvalidInputError, parseOrThrow } from '../core/errors.js';
import type { PersonaStore } from '../core/types.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import { SqliteStore } from './sqlite-store.js';

export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
export { SqliteStore, SQLITE_SCHEMA_VERSION, type SqliteBusyOptions, type SqliteStoreOptions } from './sqlite-store.js';

export const StoreSpecSchema = z.union([
  z.literal('memory'),
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('memory'), maxPersonas: z.number().int().positive().optional() }),
    z.strictObject({
      kind: z.literal('sqlite'),
      path: z.string().min(1),
      busyTimeoutMs: z.number().min(0).optional(),
      busyRetryMs: z.number().min(0).optional(),
    }),
    z.strictObject({
      kind: z.literal('redis'),
      url: z.string().min(1).optional(),
      prefix: z.string().optional(),
      maxRetriesPerRequest: z.number().int().min(0).optional(),
    }),
  ]),
]);
export type StoreSpec = z.infer<typeof StoreSpecSchema>;

/** Open the store a spec names. Throws InvalidInputError when the spec is malformed. */
export function openStore(spec: StoreSpec): PersonaStore {
  const parsed = parseOrThrow(
    StoreSpecSchema,
    spec,
    (message) => new InvalidInputError(message),
    "store spec (expected 'memory', { kind: 'memory', maxPersonas?: positive integer }, { kind: 'sqlite', path: string, busyTimeoutMs?: ms, busyRetryMs?: ms } or { kind: 'redis', url?: string, prefix?: string, maxRetriesPerRequest?: whole number })",
  );
  if (parsed === 'memory') return new MemoryStore();
  if (parsed.kind === 'memory') return new MemoryStore({ maxPersonas: parsed.maxPersonas });
  if (parsed.kind === 'sqlite') return new SqliteStore(parsed);
  return new RedisStore(parsed);
}
