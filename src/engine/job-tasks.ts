/**
 * The engine's job plumbing: which queue an engine uses (resolveQueue), and the jobs other
 * than backstories that its worker runs: a whole persona (`generate --enqueue`), and, on a
 * queue processes share, the model's rewrite of a persona's provisional texts and a refill of
 * a world's shared warm pool (sharedPoolsFor).
 *   const { queue, owned } = resolveQueue(options.queue, store, pacedStore, work.maxAttempts);
 *   await makePersonaFromJob(job, { store, world: (input) => engine.world(input) });
 * Cost: resolveQueue opens the queue (BullMQ: its connections); a persona job costs a bio, an
 * upgrade job one or two model calls.
 */
import { randomUUID } from 'node:crypto';
import { InvalidInputError, parseOrThrow } from '../core/errors.js';
import type { JobQueue, JobRecord, PersonaRecord, PersonaStore } from '../core/types.js';
import type { WorldInput } from '../core/world.js';
import {
  BullJobQueue,
  type BullJobQueueOptions,
  hasJobTable,
  QUEUE_SPEC_HINT,
  type QueueSpec,
  QueueSpecSchema,
  StoreJobQueue,
} from '../stores/index.js';
import { JOB_PRIORITY, refillJobId, upgradeJobId } from './backstory-options.js';
import { isProvisional } from './records.js';
import type { PersonaUpgrades } from './upgrade-persona.js';
import type { SharedPools, WorldHandle } from './world-handle.js';

/**
 * The job queue for a store: a given JobQueue as is, else BullMQ on the store's Redis (or as
 * specified), else the store's own job table (paced like the engine's other store calls).
 */
export function resolveQueue(
  spec: JobQueue | QueueSpec | undefined,
  store: PersonaStore,
  paced: PersonaStore,
  attempts: number,
): { queue: JobQueue; owned: boolean } {
  if (spec && typeof spec === 'object' && 'lease' in spec) return { queue: spec, owned: false };
  const parsed = spec === undefined ? undefined : parseOrThrow(QueueSpecSchema, spec, (m) => new InvalidInputError(m), QUEUE_SPEC_HINT);
  if (parsed && parsed !== 'store') return { queue: new BullJobQueue({ attempts, ...parsed }), owned: true };
  if (parsed === undefined && isRedisBacked(store)) return { queue: new BullJobQueue({ attempts, ...store.queueOptions() }), owned: true };
  if (hasJobTable(paced)) return { queue: new StoreJobQueue(paced), owned: true };
  throw new InvalidInputError(
    `The store (${store.kind}) keeps no jobs of its own: pass a queue, e.g. { queue: { kind: 'bullmq', url: 'redis://127.0.0.1:6379' } }.`,
  );
}

/** A store on Redis that names the BullMQ connection for its jobs (RedisStore). */
function isRedisBacked(store: PersonaStore): store is PersonaStore & { queueOptions(): BullJobQueueOptions } {
  return typeof (store as { queueOptions?: unknown }).queueOptions === 'function';
}

/** What a job needs to reach its world: the store, and the engine's world handles. */
export interface JobWorlds {
  store: Pick<PersonaStore, 'getWorld' | 'pushPool'>;
  world: (input: WorldInput) => WorldHandle;
}

/** A `persona` job (generate --enqueue): the persona's bio in its stored world; its handle queues the backstory job. */
export async function makePersonaFromJob(job: JobRecord, deps: JobWorlds): Promise<void> {
  const world = await worldOfJob(job, deps);
  const rec = await world.persona(job.key).bio;
  if (rec.status === 'failed') throw new Error(`persona ${job.key}: ${rec.error ?? 'its bio failed'}`);
}

/** A `refill` job of a shared warm pool: make `key` (1-64) ready entries and add them to the store's shared list. */
export async function refillFromJob(job: JobRecord, deps: JobWorlds): Promise<void> {
  const { store } = deps;
  if (!store.pushPool) throw new Error(`the ${String((store as { kind?: string }).kind)} store keeps no shared pool`);
  const n = Math.min(64, Math.max(1, Math.floor(Number(job.key)) || 1));
  const world = await worldOfJob(job, deps);
  await store.pushPool(job.world, job.fingerprint, await world.producePoolEntries(n));
}

/** The engine's handle of a job's world version, from the stored world. */
async function worldOfJob(job: JobRecord, deps: JobWorlds): Promise<WorldHandle> {
  const stored = await deps.store.getWorld(job.world, job.fingerprint);
  if (!stored) throw new Error(`world ${job.world} (${job.fingerprint}) is not in the store`);
  const world = deps.world({
    id: stored.id,
    description: stored.description,
    ...(stored.profileSource === 'designer' ? { profile: stored.profile } : {}),
  });
  if (world.fingerprint !== job.fingerprint)
    throw new Error(`world ${job.world}: its stored description no longer gives fingerprint ${job.fingerprint}`);
  return world;
}

/** The shared warm pools, when the store and the queue are shared by processes (Redis and BullMQ); else null. */
export function sharedPoolsFor(queue: Pick<JobQueue, 'kind' | 'add' | 'get'>, store: PersonaStore): SharedPools | null {
  if (queue.kind === 'store' || !store.pullPool || !store.pushPool) return null;
  return {
    pull: (world, max) => store.pullPool!(world.id, world.fingerprint, max),
    request: async (world, n) => {
      const id = refillJobId(world.id, world.fingerprint, randomUUID());
      await queue.add({
        id,
        kind: 'refill',
        world: world.id,
        fingerprint: world.fingerprint,
        key: String(n),
        priority: JOB_PRIORITY.refill,
      });
      return id;
    },
    ended: async (id) => {
      const job = await queue.get(id);
      return !job || job.state === 'done' || job.state === 'failed';
    },
  };
}

/** An `upgrade` job: the model rewrites the persona's provisional texts; rejects while they stay provisional (the queue retries with backoff). */
export async function upgradeFromJob(job: JobRecord, upgrades: Pick<PersonaUpgrades, 'upgrade'>): Promise<void> {
  const rec = await upgrades.upgrade(job.world, job.fingerprint, job.key);
  if (rec && rec.status !== 'failed' && isProvisional(rec))
    throw new Error(`persona ${job.key}: still provisional, the model did not write it (retried later)`);
}

/** Queue the durable upgrade job of a provisional record (idempotent while it waits or runs). */
export function queueUpgradeJob(queue: Pick<JobQueue, 'add'>, rec: PersonaRecord): Promise<void> {
  return queue.add({
    id: upgradeJobId(rec.world, rec.fingerprint, rec.key, rec.provisional),
    kind: 'upgrade',
    world: rec.world,
    fingerprint: rec.fingerprint,
    key: rec.key,
    priority: JOB_PRIORITY.upgrade,
  });
}
