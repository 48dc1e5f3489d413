/**
 * The stores and a factory that opens one from a small, validated spec (as written in engine
 * options or a CLI flag).
 *
 *   const store = openStore({ kind: 'sqlite', path: './personas.db' });
 *   const scratch = openStore('memory');
 *   const shared = openStore({ kind: 'redis', url: process.env.REDIS_URL, prefix: 'personas:' });
 *   const fromEnv = openStoreFromEnv({ defaultSqlitePath: '.personas/personas.db' });
 *
 * Cost: openStore validates the spec once and opens the store (for SQLite: opens the file
 * and creates the tables if missing; for Redis: starts connecting, without waiting); nothing
 * per call afterwards.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { InvalidInputError, parseOrThrow } from '../core/errors.js';
import type { PersonaStore } from '../core/types.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import { SqliteStore } from './sqlite-store.js';

export { BullJobQueue, type BullJobQueueOptions } from './bull-job-queue.js';
export { hasJobTable, StoreJobQueue } from './store-job-queue.js';
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

/**
 * A job queue by name: 'store' (the store's own job table) or BullMQ on a Redis. The engine's
 * default follows the store (BullMQ on a RedisStore's Redis, else the table).
 */
export const QueueSpecSchema = z.union([
  z.literal('store'),
  z.strictObject({
    kind: z.literal('bullmq'),
    url: z.string().min(1).optional(),
    prefix: z.string().min(1).optional(),
    name: z
      .string()
      .regex(/^[^:]+$/, 'a BullMQ queue name cannot contain ":"')
      .optional(),
    attempts: z.number().int().min(1).optional(),
    backoffMs: z.number().min(0).optional(),
    keepDoneMs: z.number().min(0).optional(),
    keepFailedMs: z.number().min(0).optional(),
    limiter: z.strictObject({ max: z.number().int().min(1), duration: z.number().int().min(1) }).optional(),
  }),
]);
export type QueueSpec = z.infer<typeof QueueSpecSchema>;
export const QUEUE_SPEC_HINT =
  "queue spec (expected 'store' or { kind: 'bullmq', url?: string, prefix?: string, name?: string, attempts?: whole number, backoffMs?: ms, keepDoneMs?: ms, keepFailedMs?: ms, limiter?: { max, duration } })";

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

/**
 * The store the environment asks for, as the engine's default and the demo server read it:
 * Redis when REDIS_URL is set (several processes share one cast; PERSONAS_REDIS_PREFIX
 * namespaces its keys), otherwise SQLite at `sqlitePath`, else PERSONAS_DB, else
 * `defaultSqlitePath`.
 */
export function storeSpecFromEnv(
  options: { defaultSqlitePath: string; sqlitePath?: string },
  env: NodeJS.ProcessEnv = process.env,
): { kind: 'redis'; url: string; prefix: string | undefined } | { kind: 'sqlite'; path: string } {
  if (env.REDIS_URL) return { kind: 'redis', url: env.REDIS_URL, prefix: env.PERSONAS_REDIS_PREFIX || undefined };
  return { kind: 'sqlite', path: options.sqlitePath ?? (env.PERSONAS_DB || options.defaultSqlitePath) };
}

/** Open storeSpecFromEnv's store, creating the SQLite file's folder when it is missing. */
export function openStoreFromEnv(
  options: { defaultSqlitePath: string; sqlitePath?: string },
  env: NodeJS.ProcessEnv = process.env,
): PersonaStore {
  const spec = storeSpecFromEnv(options, env);
  if (spec.kind === 'sqlite' && spec.path !== ':memory:') mkdirSync(dirname(spec.path), { recursive: true });
  return openStore(spec);
}
