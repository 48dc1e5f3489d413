/**
 * The engine's shared internals, handed to world handles, the pool and the backstory
 * worker: store, generator, batcher, persona handle cache, metrics, and the two
 * coordination helpers (single-flight across processes, backstory queueing).
 * Cost: one per engine.
 */
import { LRUCache } from 'lru-cache';
import { EngineClosedError } from '../core/errors.js';
import type { PersonaRecord, PersonaStore, StoredWorld, WorldContext } from '../core/types.js';
import type { Profile } from '../core/profile-schema.js';
import type { BioBatcher } from './bio-batcher.js';
import { type BackstoryWorker, backstoryJobId, JOB_PRIORITY } from './backstory-worker.js';
import type { Generator } from './generator.js';
import type { EngineMetrics } from './metrics.js';
import { PersonaHandle } from './persona-handle.js';
import type { PoolOptions } from './pool.js';
import { FOCUS_BOOST, LANE_PRIORITY, type Scheduler } from './scheduler.js';

export interface ContextOptions {
  pool: Required<PoolOptions>;
  cacheSize: number;
  lockTtlMs: number;
  lockPollMs: number;
}

export class EngineContext {
  closed = false;
  readonly handles: LRUCache<string, PersonaHandle>;
  worker!: BackstoryWorker;
  batcher!: BioBatcher;
  /** Called with errors that have no caller to go to (background work). */
  onError: (err: unknown) => void = () => undefined;
  private readonly flights = new Map<string, Promise<unknown>>();
  /** Backstory job ids a player focused on: they jump the queue when they reach the scheduler. */
  readonly focused = new Set<string>();
  /** Handles waiting for a backstory another process writes (polled through the store). */
  private readonly awaiting = new Map<string, PersonaHandle>();
  private readonly worlds = new Map<string, { context: WorldContext; profile: Profile }>();

  constructor(
    readonly instanceId: string,
    readonly store: PersonaStore,
    readonly generator: Generator,
    readonly scheduler: Scheduler,
    readonly metrics: EngineMetrics,
    readonly options: ContextOptions,
  ) {
    this.handles = new LRUCache({ max: options.cacheSize });
  }

  assertOpen(): void {
    if (this.closed) throw new EngineClosedError();
  }

  cacheKey(world: string, fingerprint: string, key: string): string {
    return `${world}\u0000${fingerprint}\u0000${key}`;
  }

  newHandle(world: string, key: string, cacheKey: string): PersonaHandle {
    const handle = new PersonaHandle(world, key, (h) => void this.prioritize(h));
    this.handles.set(cacheKey, handle);
    return handle;
  }

  forget(cacheKey: string, handle: PersonaHandle): void {
    if (this.handles.get(cacheKey) === handle) this.handles.delete(cacheKey);
  }

  /** Publish a record to its handle if one is held in memory. */
  published(record: PersonaRecord): void {
    this.handles.get(this.cacheKey(record.world, record.fingerprint, record.key))?.publish(record);
    if (record.backstory !== null || record.status === 'failed') this.settled(record);
  }

  /**
   * One run of `work` per name across this process (shared promise) and across processes
   * sharing the store (a store lock; the others poll `peek` until the result appears or the
   * lock frees).
   */
  singleFlight<T>(name: string, work: () => Promise<T>, peek: () => Promise<T | undefined>): Promise<T> {
    const existing = this.flights.get(name) as Promise<T> | undefined;
    if (existing) return existing;
    const run = (async () => {
      for (;;) {
        this.assertOpen();
        if (await this.store.acquireLock(name, this.instanceId, this.options.lockTtlMs)) {
          try {
            return await work();
          } finally {
            await this.store.releaseLock(name, this.instanceId).catch(() => undefined);
          }
        }
        const done = await peek();
        if (done !== undefined) return done;
        await new Promise((r) => setTimeout(r, this.options.lockPollMs));
      }
    })().finally(() => this.flights.delete(name));
    this.flights.set(name, run);
    return run;
  }

  registerWorld(world: StoredWorld): void {
    this.worlds.set(`${world.id}\u0000${world.fingerprint}`, { context: { id: world.id, description: world.description, fingerprint: world.fingerprint }, profile: world.profile });
  }

  /** A world by id and fingerprint, from memory or the store (jobs may outlive their world handle). */
  async loadWorld(id: string, fingerprint: string): Promise<{ context: WorldContext; profile: Profile } | undefined> {
    const key = `${id}\u0000${fingerprint}`;
    const known = this.worlds.get(key);
    if (known) return known;
    const stored = await this.store.getWorld(id, fingerprint);
    if (!stored) return undefined;
    this.registerWorld(stored);
    return this.worlds.get(key);
  }

  /** Queue (durably) the backstory for a persona that has its bio. Idempotent. */
  async enqueueBackstory(world: { id: string; fingerprint: string }, record: PersonaRecord, priority: number = JOB_PRIORITY.normal): Promise<void> {
    const cacheKey = this.cacheKey(world.id, world.fingerprint, record.key);
    await this.store.enqueueJob({ id: backstoryJobId(world.id, world.fingerprint, record.key), kind: 'backstory', world: world.id, fingerprint: world.fingerprint, key: record.key, priority });
    const handle = this.handles.get(cacheKey);
    if (handle) {
      handle.backstoryQueued = true;
      this.awaiting.set(cacheKey, handle);
    }
    this.worker.kick();
  }

  /**
   * Deliver backstories written elsewhere (another process sharing the store, or a job that
   * was already done) to handles held here. Called on the worker's poll and when it idles.
   */
  async pollAwaiting(): Promise<void> {
    for (const [cacheKey, handle] of this.awaiting) {
      if (handle.record?.backstory != null || handle.status === 'failed') {
        this.awaiting.delete(cacheKey);
        continue;
      }
      const rec = await this.store.getPersona(handle.world, handle.record?.fingerprint ?? '', handle.key);
      if (rec && (rec.backstory !== null || rec.status === 'failed')) {
        this.awaiting.delete(cacheKey);
        handle.publish(rec);
      }
    }
  }

  /** Scheduler priority for a backstory job (boosted when focused). */
  backstoryPriority(jobId: string, storedPriority: number): number {
    return LANE_PRIORITY.backstory + (this.focused.has(jobId) || storedPriority <= JOB_PRIORITY.focus ? FOCUS_BOOST : 0);
  }

  /** The job finished: forget focus and waiting for it. */
  settled(record: PersonaRecord): void {
    const cacheKey = this.cacheKey(record.world, record.fingerprint, record.key);
    this.awaiting.delete(cacheKey);
    this.focused.delete(backstoryJobId(record.world, record.fingerprint, record.key));
  }

  private async prioritize(handle: PersonaHandle): Promise<void> {
    const rec = handle.record;
    if (!rec || rec.backstory !== null) return;
    const id = backstoryJobId(rec.world, rec.fingerprint, rec.key);
    this.focused.add(id);
    this.scheduler.boost(id, LANE_PRIORITY.backstory + FOCUS_BOOST);
    await this.store.reprioritiseJob(id, JOB_PRIORITY.focus).catch((err) => this.onError(err));
    if (rec.bio !== null) await this.enqueueBackstory(rec, rec, JOB_PRIORITY.focus).catch((err) => this.onError(err));
  }
}
