/**
 * createPersonaEngine: the one object a game server (or the CLI) holds. It owns the
 * provider, the fallback, the store, the scheduler, budgets, metrics and the backstory
 * worker, and hands out world handles; all rooms of a process share it.
 *   const engine = createPersonaEngine({ store: 'memory' });
 *   const npc = engine.world({ id: 'northern-village', description: 'A medieval village in northern Britain' }).persona('smith');
 *   console.log((await npc.bio).bio);
 * Cost: one scheduler, two worker timers (poll and heartbeat, unref'd), one handle LRU
 * (default 100,000 entries).
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import type { JobQueue, PersonaProvider, PersonaRecord, PersonaStore } from '../core/types.js';
import { resolveWorld, type WorldInput } from '../core/world.js';
import { OpenAIProvider } from '../providers/openai/index.js';
import { openAIOptionsFromEnv } from '../providers/openai/env.js';
import { ProceduralProvider } from '../providers/procedural/index.js';
import { openStore, openStoreFromEnv, type QueueSpec, type StoreSpec } from '../stores/index.js';
import { BioBatcher } from './bio-batcher.js';
import { type BackstoryWorkerOptions, resolveWorkerOptions } from './backstory-options.js';
import { makePersonaFromJob, queueUpgradeJob, refillFromJob, resolveQueue, sharedPoolsFor, upgradeFromJob } from './job-tasks.js';
import { BackstoryWorker } from './backstory-worker.js';
import { BudgetBook, type BudgetOptions } from './budget.js';
import { NearDuplicateIndex } from './near-duplicates.js';
import { pacedStore } from './paced-store.js';
import { PACE } from '../core/pacer.js';
import { localOwnerId } from './liveness.js';
import { EngineMetrics } from './metrics.js';
import { PersonaHandles } from './persona-handles.js';
import type { PoolOptions } from './pool.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';
import { assertOpen } from './shutdown.js';
import { SingleFlight } from './single-flight.js';
import { TextWriter } from './text-writer.js';
import { PersonaUpgrades } from './upgrade-persona.js';
import { Upgrader } from './upgrader.js';
import { openWorldHandle, type WorldHandle, type WorldParts } from './world-handle.js';
import { WorldRegistry } from './world-registry.js';

export interface PersonaEngineOptions {
  /**
   * Where text comes from. Default: an OpenAI-compatible provider when OPENAI_API_KEY or
   * OPENAI_BASE_URL is set (models from PERSONAS_MODELS_*), else the procedural provider.
   */
  provider?: PersonaProvider | 'procedural' | 'env';
  /** Last fallback when the provider fails or the budget is spent. Default: procedural. */
  fallback?: PersonaProvider;
  /**
   * Where personas live. Default: Redis at REDIS_URL when set (key prefix PERSONAS_REDIS_PREFIX,
   * default "personas:"), else SQLite at PERSONAS_DB, else `.personas/personas.db` under the
   * working directory. `'memory'` keeps everything in an LRU (tests, ephemeral use).
   */
  store?: PersonaStore | StoreSpec;
  /** Warm pool per world. Default: `{ size: 8, batch: 8 }`. */
  pool?: PoolOptions;
  /** People per batched bio call for live (on-demand) requests made in the same tick. Default: 4. */
  liveBatch?: number;
  /**
   * Scheduler: concurrency per provider, 429 handling, slots reserved for live bios
   * (`reservedForLive`: 'auto' by default, a slot kept free while there is live demand; 0 for
   * dataset runs with no game server attached).
   */
  scheduler?: SchedulerOptions;
  /** Calls and tokens per world per period. Default: unlimited. */
  budgets?: BudgetOptions;
  /** Background backstory jobs. */
  backstories?: BackstoryWorkerOptions;
  /**
   * Where background jobs queue. Default: the store's own job table (SQLite, memory) on one
   * machine; BullMQ on the store's Redis (same URL, the store prefix's hash tag) when the store
   * is Redis, so every process and `colyseus-personas worker` share one queue. A JobQueue you
   * pass is yours: close() leaves it open.
   */
  queue?: JobQueue | QueueSpec;
  /** Persona handles kept in memory (the cache-hit layer). Default: 100,000. */
  cacheSize?: number;
  /** Name of this process in locks and job leases. Default: `engine-<random>@<host>#<pid>` (lets a rerun take over a dead process's leases). */
  instanceId?: string;
  /**
   * Live play: how long a spawn waits for its bio (from the request, batching and a provider
   * slot included) before the procedural fallback answers; that text is provisional and is
   * rewritten by the model in the background. Default: 2,000 ms. `false`: no deadline (the
   * `generate` command: a dataset waits for its model). Not the plugin's `bioDeadlineMs`, which
   * is how long a room waits before it shows an NPC without a bio as pending.
   */
  liveBioDeadlineMs?: number | false;
  /**
   * Provisional texts (written by the fallback while the model failed) are rewritten by the
   * model once it answers again: at most `concurrency` at a time, in the background lane after
   * live work and backstories. `false` turns it off. Default: `{ concurrency: 1 }`.
   */
  upgrades?: { concurrency?: number } | false;
  /**
   * Online near-duplicate check on model bios: a bio whose word trigrams overlap another bio of
   * the world's cast by more than `threshold` (Jaccard) is written again once, then flagged.
   * `false` turns it off. Default: `{ threshold: 0.5 }`.
   */
  nearDuplicates?: { threshold?: number } | false;
  /** Called with errors from background work (nothing else would see them). Default: ignore. */
  onError?: (err: unknown) => void;
}

const PositiveInt = z.number().int().positive();
const BATCH_ERROR = 'backstories.batch must be a whole number from 1 to 8 (people per backstory call; 1 = one call per persona)';
const WINDOW_ERROR = 'backstories.batchWindowMs must be a whole number of ms from 0 to 10,000 (how long a backstory waits to share a call)';
const OptionsSchema = z.object({
  pool: z
    .object({ size: z.number().int().min(0).max(1000).optional(), batch: PositiveInt.max(64).optional() })
    .strict()
    .optional(),
  liveBatch: PositiveInt.max(64).optional(),
  liveBioDeadlineMs: z.union([z.literal(false), z.number().int().min(1).max(600_000)]).optional(),
  upgrades: z.union([z.literal(false), z.object({ concurrency: PositiveInt.max(64).optional() }).strict()]).optional(),
  nearDuplicates: z.union([z.literal(false), z.object({ threshold: z.number().gt(0).max(1).optional() }).strict()]).optional(),
  cacheSize: PositiveInt.optional(),
  instanceId: z.string().min(1).max(128).optional(),
  scheduler: z
    .object({
      concurrency: PositiveInt.optional(),
      rateLimitRetries: z.number().int().min(0).optional(),
      defaultRetryAfterMs: z.number().min(0).optional(),
      maxRetryAfterMs: z.number().min(0).optional(),
      reservedForLive: z.union([z.number().int().min(0), z.literal('auto')]).optional(),
      liveDemandMs: z.number().min(0).optional(),
      sliceMs: z.union([z.number().min(0), z.literal(Infinity)]).optional(),
    })
    .strict()
    .optional(),
  budgets: z
    .object({ calls: z.number().min(0).optional(), tokens: z.number().min(0).optional(), periodMs: PositiveInt.optional() })
    .strict()
    .optional(),
  backstories: z
    .object({
      enabled: z.boolean().optional(),
      concurrency: PositiveInt.max(256).optional(),
      leaseMs: PositiveInt.optional(),
      heartbeatMs: PositiveInt.optional(),
      pollMs: PositiveInt.optional(),
      maxAttempts: PositiveInt.optional(),
      takeOverDeadOwners: z.boolean().optional(),
      batch: z.number(BATCH_ERROR).int(BATCH_ERROR).min(1, BATCH_ERROR).max(8, BATCH_ERROR).optional(),
      batchWindowMs: z.number(WINDOW_ERROR).int(WINDOW_ERROR).min(0, WINDOW_ERROR).max(10_000, WINDOW_ERROR).optional(),
    })
    .strict()
    .refine((b) => b.heartbeatMs === undefined || b.heartbeatMs < (b.leaseMs ?? 15_000), {
      message: 'backstories.heartbeatMs must be shorter than backstories.leaseMs (default 15,000 ms), or leases lapse between heartbeats',
    })
    .optional(),
});

export const DEFAULT_DB_PATH = join('.personas', 'personas.db');
/** How long a live spawn waits for its bio before the fallback answers (provisional). */
export const DEFAULT_BIO_DEADLINE_MS = 2_000;

function resolveStore(spec: PersonaEngineOptions['store']): PersonaStore {
  if (spec && typeof spec === 'object' && 'getPersona' in spec) return spec;
  // No spec: Redis when REDIS_URL is set (scale-out: every process shares worlds, names, locks
  // and jobs), else SQLite at PERSONAS_DB or the default path.
  if (spec === undefined) return openStoreFromEnv({ defaultSqlitePath: DEFAULT_DB_PATH });
  return openStore(spec);
}

function resolveProvider(spec: PersonaEngineOptions['provider'], fallback: PersonaProvider): PersonaProvider {
  if (spec && typeof spec === 'object') return spec;
  if (spec === 'procedural') return fallback;
  const env = openAIOptionsFromEnv();
  return env ? new OpenAIProvider(env) : fallback;
}

export class PersonaEngine {
  readonly provider: PersonaProvider;
  readonly store: PersonaStore;
  /** Where background jobs queue (see the `queue` option). */
  readonly queue: JobQueue;
  readonly metrics: EngineMetrics;
  /** Close the queue with the engine (false for one the caller passed). */
  private readonly ownsQueue: boolean;
  /** Aborted once by close(): every part stops through it. */
  private readonly abort = new AbortController();
  private readonly worlds = new Map<string, WorldHandle>();
  private readonly scheduler: Scheduler;
  private readonly writer: TextWriter;
  private readonly flights: SingleFlight;
  private readonly backstories: BackstoryWorker;
  private readonly upgrader: Upgrader | null;
  /** The parts every world handle uses. */
  private readonly parts: WorldParts;
  readonly #instanceId: string;

  constructor(options: PersonaEngineOptions = {}) {
    // JavaScript callers can pass anything; `null` means "defaults" like undefined does.
    if (options === null) options = {};
    if (typeof options !== 'object' || Array.isArray(options))
      throw new InvalidInputError('Invalid persona engine options: expected an object like { store: "memory" }.');
    const parsed = OptionsSchema.safeParse({
      pool: options.pool,
      liveBatch: options.liveBatch,
      cacheSize: options.cacheSize,
      instanceId: options.instanceId,
      scheduler: options.scheduler,
      budgets: options.budgets,
      backstories: options.backstories,
      liveBioDeadlineMs: options.liveBioDeadlineMs,
      upgrades: options.upgrades,
      nearDuplicates: options.nearDuplicates,
    });
    if (!parsed.success) throw new InvalidInputError(`Invalid persona engine options:\n${z.prettifyError(parsed.error)}`);
    const { signal } = this.abort;
    // Every queued call listens on the engine's abort signal until it settles; many at once is normal.
    setMaxListeners(0, signal);
    const fallback = options.fallback ?? new ProceduralProvider();
    this.provider = resolveProvider(options.provider, fallback);
    this.store = resolveStore(options.store);
    this.metrics = new EngineMetrics();
    this.#instanceId = options.instanceId ?? localOwnerId();
    const report = options.onError;
    // Work that close() cut off (aborted calls, a closed engine) is the shutdown doing its job, not an error.
    const onError = report
      ? (err: unknown): void => {
          if (signal.aborted && isShutdownAbort(err)) return;
          report(err);
        }
      : (): void => undefined;
    const scheduler = (this.scheduler = new Scheduler({ concurrency: this.provider.concurrency ?? 4, ...options.scheduler }));
    const upgrader = (this.upgrader =
      options.upgrades !== false && this.provider !== fallback
        ? new Upgrader({ concurrency: options.upgrades?.concurrency ?? 1, onError })
        : null);
    const nearDuplicates =
      options.nearDuplicates === false ? null : new NearDuplicateIndex({ threshold: options.nearDuplicates?.threshold });
    const writer = (this.writer = new TextWriter({
      provider: this.provider,
      fallback,
      scheduler,
      budgets: new BudgetBook(options.budgets),
      metrics: this.metrics,
      signal,
      nearDuplicates,
      // The worker is made below (it needs the writer); it exists before any call can ask.
      moreStoriesWaiting: () => this.backstories.saturated,
      ...(upgrader ? { onAnswered: () => upgrader.answered(), onFailed: () => upgrader.failed() } : {}),
    }));
    this.metrics.watchProvider(this.provider);
    const pool = { size: options.pool?.size ?? 8, batch: options.pool?.batch ?? 8 };
    // A provider that batches backstories gets jobs enough to fill its slots with full batches.
    const work = resolveWorkerOptions(
      options.backstories,
      this.provider.concurrency ?? 4,
      this.provider !== fallback && typeof this.provider.backstories === 'function',
    );
    // The engine's own store calls are paced units (paced-store.ts): a burst never holds the event loop.
    const store = pacedStore(this.store, scheduler.pacer);
    const { queue, owned } = resolveQueue(options.queue, this.store, store, work.maxAttempts);
    this.queue = queue;
    this.ownsQueue = owned;
    // A 429 pauses every process sharing the queue, not just this scheduler.
    scheduler.onPause = (ms) => void queue.pauseAll?.(ms).catch(onError);
    const flights = (this.flights = new SingleFlight({
      instanceId: this.#instanceId,
      store,
      // Generation locks live as long as job leases and share their heartbeat.
      lockTtlMs: work.leaseMs,
      lockPollMs: 25,
      takeOverDeadOwners: work.takeOverDeadOwners,
      ownerCheckMs: work.pollMs,
      signal,
      onError,
    }));
    const handles = new PersonaHandles(options.cacheSize ?? 100_000);
    const worlds = new WorldRegistry(store);
    // A stored record reaches its handle, the backstory bookkeeping and the upgrader. (Called
    // only once the parts below exist: by jobs and upgrades, which start after construction.)
    const publish = (record: PersonaRecord): void => {
      handles.publish(record);
      backstories.settle(record);
      upgrades.note(record);
    };
    const upgrades = new PersonaUpgrades({
      store,
      writer,
      flights,
      worlds,
      metrics: this.metrics,
      upgrader,
      publish,
      onError,
      // On a queue processes share, an upgrade is also a durable job: any process may do it, and it outlives this one.
      ...(upgrader && queue.kind !== 'store' ? { queueUpgrade: (rec: PersonaRecord) => queueUpgradeJob(queue, rec) } : {}),
    });
    const jobWorlds = { store: this.store, world: (input: WorldInput) => this.world(input) };
    const backstories = (this.backstories = new BackstoryWorker(
      {
        instanceId: this.#instanceId,
        store,
        queue,
        writer,
        scheduler,
        handles,
        worlds,
        flights,
        publish,
        signal,
        onError,
        onJobEnded: (outcome) => this.metrics.jobFinished(outcome),
        makePersona: (job) => makePersonaFromJob(job, jobWorlds),
        refillPool: (job) => refillFromJob(job, jobWorlds),
        upgradePersona: (job) => upgradeFromJob(job, upgrades),
      },
      work,
    ));
    const liveBioDeadline = options.liveBioDeadlineMs === false ? null : (options.liveBioDeadlineMs ?? DEFAULT_BIO_DEADLINE_MS);
    const batcher = new BioBatcher(writer, { live: options.liveBatch ?? 4, refill: pool.batch, backstory: 1 }, liveBioDeadline);
    const liveStore = pacedStore(this.store, scheduler.pacer, PACE.liveContinue);
    this.parts = {
      signal,
      store,
      liveStore,
      writer,
      scheduler,
      batcher,
      metrics: this.metrics,
      handles,
      flights,
      worlds,
      backstories,
      upgrades,
      upgrader,
      pool,
      sharedPool: sharedPoolsFor(queue, store),
      onError,
    };
    if (upgrader) this.metrics.pendingUpgrades(() => upgrader.pending);
    this.metrics.poolReady = () => [...this.worlds.values()].reduce((n, w) => n + w.poolSize, 0);
    this.metrics.rateLimitPauses = () => scheduler.rateLimitPauses;
    this.metrics.watchJobs(queue, () => backstories.running);
    // Resume backstory jobs left by an earlier run (or a crashed process).
    backstories.kick();
  }

  /** Id of this engine in locks and leases. */
  get instanceId(): string {
    return this.#instanceId;
  }

  /**
   * The handle for a world (validated at once; throws InvalidWorldError). The profile loads
   * or is made in the background; `await world.ready` to wait for it.
   */
  world(input: WorldInput): WorldHandle {
    assertOpen(this.abort.signal);
    const world = resolveWorld(input);
    const key = `${world.id}\u0000${world.fingerprint}`;
    let handle = this.worlds.get(key);
    if (!handle) {
      handle = openWorldHandle(this.parts, world);
      this.worlds.set(key, handle);
    }
    return handle;
  }

  /** A world's cast by id alone (its newest stored version), oldest first; [] for an unknown world. */
  async cast(worldId: string, options?: { limit?: number; offset?: number }): Promise<PersonaRecord[]> {
    const world = await this.store.getLatestWorld(worldId);
    return world ? this.store.listPersonas(world.id, world.fingerprint, options) : [];
  }

  /**
   * Wait for a turn of the engine's pacer at live priority (see `scheduler.sliceMs`): code that
   * does a burst of engine work from one poll phase (the plugin's message handlers, a host's own
   * loop of spawns) takes turns with timers and I/O instead of holding the loop. Resolves within
   * a microtask or two while the loop is quiet.
   */
  pace(): Promise<void> {
    return this.scheduler.pace('live');
  }

  /**
   * Declare live demand (players may be waiting on bios) until the returned function is called:
   * under `scheduler.reservedForLive: 'auto'` (the default) one provider slot stays free for live
   * bios meanwhile, and background work takes every slot when nobody holds one and no live call
   * ran recently. The plugin holds one per open room; call it from a game loop of your own.
   */
  holdLive(): () => void {
    return this.scheduler.holdLive();
  }

  /**
   * Resolves when no upgrade of a provisional text runs and none can start now (the queue is
   * empty, or paused until the model answers again). Tests and tools that wait for upgrades.
   */
  upgradesSettled(): Promise<void> {
    return this.upgrader?.settled() ?? Promise.resolve();
  }

  /** Resolves when no backstory job is queued or running (CLI, tests, shutdown). */
  idle(): Promise<void> {
    return this.backstories.idle();
  }

  /** The last provider error that caused a fallback, if any. */
  get lastProviderError(): unknown {
    return this.writer.lastError;
  }

  /** Model calls running here now: backstory jobs and single-flight generations (bios, profiles). */
  get inFlight(): { backstories: number; generations: number } {
    return { backstories: this.backstories.running, generations: this.flights.inFlight };
  }

  /**
   * Shutdown, first half: lease no new backstory job and wait up to `ms` for the backstories
   * and generations running now to finish and be stored. Resolves early when they have;
   * `inFlight` afterwards says how many a close would cut off. Then call close().
   */
  async drain(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const work = Promise.all([this.backstories.drain(ms), this.flights.whenSettled()]);
    await Promise.race([work, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /**
   * Stop background work, hand leased jobs back to the queue, close the queue (one the engine
   * made) and the store. With `drainMs`,
   * first start nothing new and give the calls already running up to that long to finish and
   * be stored (a call cut off is paid and asked again by whoever resumes the job).
   */
  async close(options: { closeStore?: boolean; drainMs?: number } = {}): Promise<void> {
    const { signal } = this.abort;
    if (signal.aborted) return;
    if (options.drainMs) await this.drain(options.drainMs);
    if (signal.aborted) return;
    // A persona whose bio resolved has its backstory job queued durably, even if close() came
    // right after (the job write is a paced store call, a turn or two away).
    await this.backstories.whenEnqueued();
    if (signal.aborted) return;
    this.abort.abort();
    this.upgrader?.close();
    this.scheduler.close();
    await this.backstories.close();
    if (this.ownsQueue) await this.queue.close();
    if (options.closeStore ?? true) await this.store.close();
  }
}

/** True for an error that only says the work was aborted or the engine closed (anywhere in its cause chain). */
function isShutdownAbort(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, code } = e as { name?: unknown; code?: unknown };
    if (name === 'AbortError' || name === 'APIUserAbortError' || code === 'ENGINE_CLOSED') return true;
  }
  return false;
}

export function createPersonaEngine(options: PersonaEngineOptions = {}): PersonaEngine {
  return new PersonaEngine(options);
}
