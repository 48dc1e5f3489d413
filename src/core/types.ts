/**
 * The shapes every part of the engine shares: a persona's identity and record, the provider
 * interface (what a model backend implements) and the store interface (where personas,
 * profiles, locks and background jobs live). Cost: types only.
 */
import type { Profile } from './profile-schema.js';

export type Stage = 'profile' | 'bio' | 'backstory';
export type TraitValue = string | number | boolean;
/** Sampled trait values by variable name (age, gender, occupation, whatever the profile defines). */
export type TraitMap = Record<string, TraitValue>;

/** Where a text came from: a language model, or the offline template generator. */
export type TextSource = 'llm' | 'procedural';
export type PersonaStatus = 'pending' | 'bio' | 'complete' | 'failed';

/** Who a persona is, known at once from the profile and the key (no model call). */
export interface PersonaIdentity {
  key: string;
  name: string;
  traits: TraitMap;
  /** Free-text hints from the game or designer that must show up in the text. */
  hints: string[];
}

export interface ConsistencyReport {
  ok: boolean;
  problems: string[];
  /** True when the first draft contradicted the traits (or nearly repeated another bio) and was written again once. */
  regenerated: boolean;
}

/** Per text (bio, backstory): one value each, null before the text exists. */
export interface PerText<T> {
  bio: T;
  backstory: T;
}

/** One persona as stored and exported; the fields of the CLI's records and the plugin's state. */
export interface PersonaRecord extends PersonaIdentity {
  /** Stable id: world id + key. */
  id: string;
  world: string;
  fingerprint: string;
  bio: string | null;
  backstory: string | null;
  status: PersonaStatus;
  /** The model behind the newest text (the Dria persona factory's `model` field); "procedural" for templates. */
  model: string | null;
  /** Overall source: "procedural" if any text is procedural, else "llm" (null before any text). */
  source: TextSource | null;
  models: PerText<string | null>;
  sources: PerText<TextSource | null>;
  /**
   * Per text: written by the fallback while the provider failed (or was skipped by its
   * circuit breaker, or missed the live deadline). A provisional text is rewritten by the model
   * in the background once it answers again; the identity (name, traits) never changes.
   */
  provisional: PerText<boolean>;
  /** Per text: why the fallback wrote it (the provider's error), null for a final text. */
  errors: PerText<string | null>;
  /** The backstory's consistency check (kept under this name for older readers; `checks.backstory` is the same). */
  consistency: ConsistencyReport | null;
  /** Per text: what the consistency and near-duplicate checks found (null before the text, or for a text that was not checked). */
  checks: PerText<ConsistencyReport | null>;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Usage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Replies that were not valid JSON, mended locally (jsonrepair) and then valid: no call paid. Absent means 0. */
  mended?: number;
  /** Calls sent to repair an invalid reply (already included in `calls`). Absent means 0. */
  repairCalls?: number;
}

/** What a provider returns: the value, which model wrote it and what it cost. */
export interface Generated<T> {
  value: T;
  model: string;
  source: TextSource;
  usage: Usage;
}

/** What a provider sees of a world. */
export interface WorldContext {
  id: string;
  description: string;
  fingerprint: string;
}

export interface ProfileRequest {
  world: WorldContext;
  signal?: AbortSignal;
}

export interface BioRequest {
  world: WorldContext;
  profile: Profile;
  /** One or more people; the reply has one bio per subject, in order. */
  subjects: PersonaIdentity[];
  /**
   * Set on the one regeneration after a failed check: per subject, what the previous draft got
   * wrong (null for a subject without problems). Same length as `subjects`.
   */
  problems?: ReadonlyArray<readonly string[] | null>;
  /**
   * Live play: the time (`Date.now()` scale) by which the bio must be there. A provider should
   * not start a model attempt past it and should cut each attempt's timeout to what is left;
   * the engine falls back to procedural text at the deadline either way.
   */
  deadline?: number;
  signal?: AbortSignal;
}

export interface BackstoryRequest {
  world: WorldContext;
  profile: Profile;
  subject: PersonaIdentity;
  /** The bio already shown to players: the backstory must describe the same person. */
  bio: string;
  /** Set on the one regeneration after a failed consistency check: what was contradicted. */
  problems: string[] | null;
  signal?: AbortSignal;
}

/** One person of a batched backstory request: who they are and the bio players have seen. */
export interface BackstoryPerson {
  subject: PersonaIdentity;
  bio: string;
}

export interface BackstoriesRequest {
  world: WorldContext;
  profile: Profile;
  /** Two or more people of one world; the reply has one entry per person, in this order. */
  people: BackstoryPerson[];
  signal?: AbortSignal;
}

/**
 * A model backend. Implement these three methods (and optionally `backstories`) to plug in
 * anything (a local model, a different SDK, a fixed corpus). Throw a ProviderError on
 * failure; the engine retries through its fallbacks and finally the procedural provider.
 */
export interface PersonaProvider {
  /** Shown in metrics and errors, e.g. "openai" or "procedural". */
  readonly name: string;
  /** Max concurrent calls the scheduler allows this provider. Default: 4. */
  readonly concurrency?: number;
  profile(request: ProfileRequest): Promise<Generated<Profile>>;
  bios(request: BioRequest): Promise<Generated<string[]>>;
  backstory(request: BackstoryRequest): Promise<Generated<string>>;
  /**
   * Optional: several backstories of one world in one call (first drafts, never a
   * regeneration). Entry i belongs to `people[i]`; `null` for a person the reply left out or
   * got wrong, whom the engine then writes alone with `backstory()`. Without it the engine
   * calls `backstory()` once per person.
   */
  backstories?(request: BackstoriesRequest): Promise<Generated<Array<string | null>>>;
  /** Optional: the provider's model health (circuit breakers), read by the engine's metrics at each scrape. */
  health?(): ProviderHealth;
}

/** One circuit breaker: an endpoint and model the provider skips while it is open. */
export interface BreakerState {
  endpoint: string;
  model: string;
  /** closed: calls go through; open: skipped until the cool-down ends; half-open: one probe call is in flight. */
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  /** Times this breaker opened, since the provider was made. */
  opens: number;
  /** Calls that skipped this model because its breaker was open. */
  skips: number;
}

export interface ProviderHealth {
  breakers: BreakerState[];
}

export interface StoredWorld {
  id: string;
  fingerprint: string;
  description: string;
  profile: Profile;
  profileModel: string;
  profileSource: TextSource | 'designer';
  /**
   * Why the fallback wrote this profile (the provider's error): the profile is provisional and
   * the model profile is tried again on the world's next load. Absent or null: final.
   */
  profileError?: string | null;
  createdAt: number;
}

export type JobState = 'queued' | 'leased' | 'done' | 'failed';

/**
 * A durable background job: one backstory (`backstory`: the persona has its bio); one whole
 * persona (`persona`: its bio, after which its backstory is queued as a job of its own; what
 * `generate --enqueue` queues for workers on other machines); or the model's rewrite of a
 * persona's provisional texts (`upgrade`, on a queue processes share: any of them may do it);
 * or a refill of a world's shared warm pool (`refill`: `key` is how many entries to make).
 */
export interface JobRecord {
  id: string;
  kind: 'backstory' | 'persona' | 'upgrade' | 'refill';
  world: string;
  fingerprint: string;
  key: string;
  /** Lower runs first. */
  priority: number;
  state: JobState;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: number;
  createdAt: number;
  error: string | null;
}

/**
 * Where worlds, personas, names and locks live (jobs: JobTable, JobQueue). Every method is async so a networked
 * store (Redis) fits the same interface; the embedded ones answer synchronously inside.
 */
export interface PersonaStore {
  readonly kind: string;
  getWorld(id: string, fingerprint: string): Promise<StoredWorld | undefined>;
  putWorld(world: StoredWorld): Promise<void>;
  /** The newest stored version of a world (by creation time), for APIs that know only its id. */
  getLatestWorld(id: string): Promise<StoredWorld | undefined>;

  getPersona(world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined>;
  putPersona(record: PersonaRecord): Promise<void>;
  /** Personas of one world version, oldest first. */
  listPersonas(world: string, fingerprint: string, options?: { limit?: number; offset?: number }): Promise<PersonaRecord[]>;
  countPersonas(world: string, fingerprint: string): Promise<number>;

  /**
   * Reserve `name` for `key` within a world version. True if now held by `key` (fresh or
   * already), false if another key holds it.
   */
  claimName(world: string, fingerprint: string, name: string, key: string): Promise<boolean>;

  /** Try to take a named lock for `ttlMs`; true if `owner` holds it now. */
  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;

  /** Who holds a named lock and until when, or undefined when nobody does (or its ttl has passed). */
  getLock(name: string, now?: number): Promise<{ owner: string; until: number } | undefined>;

  /**
   * Optional, for stores several processes share: call `onFinished` whenever any process stores
   * a persona whose backstory is written (or that failed), so a process waiting for it learns
   * at once instead of at its next poll. Returns a function that stops watching. Stores
   * without it are polled (`backstories.pollMs`).
   */
  watchFinished?(onFinished: (ref: { world: string; fingerprint: string; key: string }) => void): () => void;
  /**
   * Optional, with watchFinished: tell the watching processes that a persona changed in a way
   * `putPersona` does not announce by itself (a provisional text rewritten by the model).
   */
  announce?(ref: { world: string; fingerprint: string; key: string }): Promise<void>;
  /**
   * Optional, for stores several processes share: a warm pool per world version that any
   * process fills (a `refill` job) and any process takes from. `pullPool` gives each entry to
   * one caller only. Without them, each process keeps its own pool.
   */
  pushPool?(world: string, fingerprint: string, records: readonly PersonaRecord[]): Promise<void>;
  pullPool?(world: string, fingerprint: string, max: number): Promise<PersonaRecord[]>;

  close(): Promise<void>;
}

/** A background job as it is queued: what it is for, and how urgent (lower runs first). */
export type NewJob = Pick<JobRecord, 'id' | 'kind' | 'world' | 'fingerprint' | 'key' | 'priority'>;

/**
 * The embedded stores' own job table (MemoryStore, SqliteStore): durable jobs with leases an
 * owner renews. StoreJobQueue puts the JobQueue interface on it; on Redis the queue is BullMQ.
 */
export interface JobTable {
  /** Add a job unless one with the same id is queued or leased; lowers its priority number if the new one is more urgent. */
  enqueueJob(job: Pick<JobRecord, 'id' | 'kind' | 'world' | 'fingerprint' | 'key' | 'priority'>): Promise<void>;
  /** Take up to `limit` queued (or lease-expired) jobs, most urgent first, leased to `owner` for `leaseMs`. */
  leaseJobs(owner: string, limit: number, leaseMs: number, now?: number): Promise<JobRecord[]>;
  /** Change the priority of a queued job (no-op when it is leased or done). */
  reprioritiseJob(id: string, priority: number): Promise<void>;
  completeJob(id: string, owner: string): Promise<void>;
  failJob(id: string, owner: string, error: string, retry: boolean): Promise<void>;
  countJobs(state?: JobState): Promise<number>;
  /** One job by id (any state), for waiting on a job and for diagnostics. */
  getJob(id: string): Promise<JobRecord | undefined>;
  /**
   * The owner's heartbeat: extend the leases `owner` still holds among `ids` to `now + leaseMs`.
   * Returns the ids renewed; an id missing from the answer was finished, handed back or taken
   * over (its lease expired and another owner leased it), so `owner` no longer holds it.
   */
  renewLeases(owner: string, ids: readonly string[], leaseMs: number, now?: number): Promise<string[]>;
  /** Jobs in state 'leased' (live or expired leases), up to `limit` (default 1,000), to spot a dead owner's jobs. */
  leasedJobs(limit?: number): Promise<JobRecord[]>;
}

/** How many jobs are in each state. */
export interface JobCounts {
  /** Waiting to run (retries waiting out their backoff included). */
  queued: number;
  /** Leased by a worker and running. */
  leased: number;
  done: number;
  failed: number;
}

/**
 * The background job queue the engine's workers lease from: one interface, two engines. On
 * one machine the store's own table (StoreJobQueue over SQLite or memory); with Redis, BullMQ
 * (BullJobQueue), so several processes and `colyseus-personas worker` share one queue. Every
 * method is safe to call from several processes at once.
 */
export interface JobQueue {
  /** 'store' (the embedded table) or 'bullmq'. */
  readonly kind: string;
  /** Add a job unless one with the same id is queued, leased or done; a more urgent priority wins while it waits. A failed job added again starts over. */
  add(job: NewJob): Promise<void>;
  /** Take up to `limit` jobs, most urgent first (oldest first among equals), leased to `owner` for `leaseMs`. */
  lease(owner: string, limit: number, leaseMs: number): Promise<JobRecord[]>;
  /** The owner's heartbeat: extend the leases it still holds among `ids`; returns the ids renewed (a missing one was lost). */
  renew(owner: string, ids: readonly string[], leaseMs: number): Promise<string[]>;
  /** The job is done. Ignored when `owner` no longer holds its lease. */
  complete(id: string, owner: string): Promise<void>;
  /** The job failed: queued again when `retry` (after the queue's backoff, if any), else parked as failed. Ignored when `owner` no longer holds it. */
  fail(id: string, owner: string, error: string, retry: boolean): Promise<void>;
  /** Give a leased job back to the queue untouched (a worker closing): another owner runs it. */
  handBack(id: string, owner: string): Promise<void>;
  /** Change the priority of a waiting job (no-op when it is leased, done or unknown). */
  prioritize(id: string, priority: number): Promise<void>;
  /** One job by id (any state). */
  get(id: string): Promise<JobRecord | undefined>;
  counts(): Promise<JobCounts>;
  /**
   * Optional: leased jobs (live or expired) with their owners, so a worker can free those of a
   * dead owner on its host at once (`fail(id, deadOwner, ...)` puts such a job back). Without
   * it, a dead owner's jobs come back when their lease lapses.
   */
  leased?(limit?: number): Promise<JobRecord[]>;
  /** Optional: call `onAdded` when any process adds (or re-queues) a job, so idle workers look at once instead of at their next poll. */
  watchAdded?(onAdded: () => void): () => void;
  /** Optional: the provider asked to slow down (429): no process sharing the queue starts a job for `ms`. */
  pauseAll?(ms: number): Promise<void>;
  close(): Promise<void>;
}
