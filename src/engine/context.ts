/**
 * The engine's shared internals, handed to world handles, the pool and the backstory
 * worker: store, generator, batcher, persona handle cache, metrics, and the two
 * coordination helpers (single-flight across processes, backstory queueing).
 * Generation locks are short (`lockTtlMs`, the job lease) and renewed by the worker's
 * heartbeat while the work runs (`renewLocks`), so a slow call keeps its lock and a crashed
 * holder's lock frees within one lease; a lock held by a process on this host that no longer
 * runs is taken over at once.
 * Cost: one per engine; a flight waiting on another process's lock peeks every `lockPollMs`
 * and asks who holds it at most once per `ownerCheckMs`.
 */
import { LRUCache } from 'lru-cache';
import { EngineClosedError } from '../core/errors.js';
import type { PersonaRecord, PersonaStore, StoredWorld, WorldContext } from '../core/types.js';
import type { Profile } from '../core/profile-schema.js';
import type { BioBatcher } from './bio-batcher.js';
import { type BackstoryWorker, backstoryJobId, JOB_PRIORITY } from './backstory-worker.js';
import type { Generator } from './generator.js';
import type { EngineMetrics } from './metrics.js';
import { isDeadLocalOwner } from './liveness.js';
import { PersonaHandle } from './persona-handle.js';
import type { PoolOptions } from './pool.js';
import { isProvisional } from './records.js';
import { FOCUS_BOOST, LANE_PRIORITY, type Scheduler } from './scheduler.js';
import { upgradePersona } from './upgrade-persona.js';
import type { Upgrader } from './upgrader.js';

export interface ContextOptions {
  pool: Required<PoolOptions>;
  cacheSize: number;
  /** Lock ttl, renewed by the heartbeat while the work runs. */
  lockTtlMs: number;
  /** How often a flight waiting on another process's lock looks for the result. */
  lockPollMs: number;
  /** Take over locks held by a process on this host that no longer runs. */
  takeOverDeadOwners: boolean;
  /** How often a waiting flight asks who holds the lock (to spot a dead holder). */
  ownerCheckMs: number;
}

export class EngineContext {
  closed = false;
  readonly handles: LRUCache<string, PersonaHandle>;
  worker!: BackstoryWorker;
  batcher!: BioBatcher;
  /** Provisional texts waiting for the model (null: upgrades off, or no model to upgrade with). */
  upgrader: Upgrader | null = null;
  /** Called with errors that have no caller to go to (background work). */
  onError: (err: unknown) => void = () => undefined;
  /** Backstory jobs being written to the store (close() lets them land). */
  private readonly enqueues = new Set<Promise<void>>();
  private readonly flights = new Map<string, Promise<unknown>>();
  /** Store locks this engine holds while their work runs (renewed by the heartbeat). */
  private readonly heldLocks = new Set<string>();
  /** The lock renewal under way, if any. */
  private renewal: Promise<void> | undefined;
  /** Backstory job ids a player focused on: they jump the queue when they reach the scheduler. */
  readonly focused = new Set<string>();
  /** Handles waiting for a backstory another process writes (polled through the store). */
  private readonly awaiting = new Map<string, PersonaHandle>();
  private readonly worlds = new Map<string, { context: WorldContext; profile: Profile }>();

  constructor(
    readonly instanceId: string,
    readonly store: PersonaStore,
    /** The same store, paced ahead of background work: the calls of a spawn a player waits on. */
    readonly liveStore: PersonaStore,
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
    const handle = new PersonaHandle(world, key, (h) => void this.prioritize(h).catch((err) => this.onError(err)));
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
    this.noteProvisional(record);
  }

  /** A record with provisional texts was written or read: queue its upgrade (runs when the model answers). */
  noteProvisional(record: PersonaRecord): void {
    const upgrader = this.upgrader;
    if (!upgrader || !isProvisional(record) || record.status === 'failed') return;
    const { world, fingerprint, key } = record;
    upgrader.note(`persona\u0000${world}\u0000${fingerprint}\u0000${key}`, async () => {
      const rec = await upgradePersona(this, world, fingerprint, key);
      return rec !== undefined && isProvisional(rec);
    });
  }

  /**
   * One run of `work` per name across this process (shared promise) and across processes
   * sharing the store (a store lock; the others poll `peek` until the result appears or the
   * lock frees).
   */
  singleFlight<T>(name: string, work: () => Promise<T>, peek: () => Promise<T | undefined>, store: PersonaStore = this.store): Promise<T> {
    const existing = this.flights.get(name) as Promise<T> | undefined;
    if (existing) return existing;
    const run = (async () => {
      let nextOwnerCheck = 0;
      for (;;) {
        this.assertOpen();
        if (await store.acquireLock(name, this.instanceId, this.options.lockTtlMs)) {
          this.heldLocks.add(name);
          try {
            return await work();
          } finally {
            this.heldLocks.delete(name);
            // A renewal already under way could take the lock again after a release: let it end first.
            await this.renewal;
            await store.releaseLock(name, this.instanceId).catch((err) => this.onError(err));
          }
        }
        const done = await peek();
        if (done !== undefined) return done;
        if (this.options.takeOverDeadOwners && Date.now() >= nextOwnerCheck) {
          nextOwnerCheck = Date.now() + this.options.ownerCheckMs;
          const holder = await store.getLock(name);
          // A holder on this host that no longer runs will never finish: free its lock now.
          if (holder && holder.owner !== this.instanceId && isDeadLocalOwner(holder.owner)) {
            await store.releaseLock(name, holder.owner);
            continue;
          }
        }
        await new Promise((r) => setTimeout(r, this.options.lockPollMs));
      }
    })().finally(() => this.flights.delete(name));
    this.flights.set(name, run);
    return run;
  }

  /** Generations running here (bios, profiles) under single-flight. */
  get inFlight(): number {
    return this.flights.size;
  }

  /** Resolves when every flight running now has settled (shutdown drain). */
  async flightsSettled(): Promise<void> {
    await Promise.allSettled([...this.flights.values()]);
  }

  /** The heartbeat: extend every lock held here. A lock found taken over is reported, not retaken. */
  renewLocks(): Promise<void> {
    if (this.renewal) return this.renewal;
    const renewal = (async () => {
      for (const name of [...this.heldLocks]) {
        if (!this.heldLocks.has(name)) continue;
        if (!(await this.store.acquireLock(name, this.instanceId, this.options.lockTtlMs)) && this.heldLocks.has(name)) {
          this.heldLocks.delete(name);
          this.onError(new Error(`Lost the store lock "${name}" (${this.instanceId}): its work stalled past the lock's ttl (${this.options.lockTtlMs} ms), so another process may repeat it.`));
        }
      }
    })()
      .catch((err) => this.onError(err))
      .finally(() => (this.renewal = undefined));
    this.renewal = renewal;
    return renewal;
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
  enqueueBackstory(world: { id: string; fingerprint: string }, record: PersonaRecord, priority: number = JOB_PRIORITY.normal): Promise<void> {
    const write = this.writeBackstoryJob(world, record, priority);
    // close() waits for these: a persona whose bio was handed out has its job in the store.
    this.enqueues.add(write);
    void write.then(
      () => this.enqueues.delete(write),
      () => this.enqueues.delete(write),
    );
    return write;
  }

  /** Resolves when every backstory job being queued right now is in the store (or failed to be). */
  async enqueuesSettled(): Promise<void> {
    await Promise.allSettled([...this.enqueues]);
  }

  private async writeBackstoryJob(world: { id: string; fingerprint: string }, record: PersonaRecord, priority: number): Promise<void> {
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
