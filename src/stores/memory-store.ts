/**
 * The in-process store: personas in an LRU, worlds, names, locks and jobs in Maps. For tests
 * and ephemeral servers; nothing survives a restart and nothing is shared between processes.
 *
 *   const store = new MemoryStore({ maxPersonas: 10_000 });
 *   await store.putPersona(record); await store.getPersona(record.world, record.fingerprint, record.key);
 *
 * Cost: every record in and out is copied (callers cannot mutate stored state): objects and
 * arrays are new, strings are shared (they are immutable), so a copy costs its shells, not its
 * text.
 * get/put/claim/lock/renew are O(1) per id; listPersonas is O(personas of that world x log);
 * leaseJobs, leasedJobs and countJobs scan every job ever enqueued (done jobs are kept so a repeated enqueue does
 * not re-run them). Names and jobs are never evicted; only personas are bounded.
 */
import { LRUCache } from 'lru-cache';
import { InvalidInputError } from '../core/errors.js';
import type { JobRecord, JobState, JobTable, PersonaRecord, PersonaStore, StoredWorld } from '../core/types.js';

export interface MemoryStoreOptions {
  /** Personas kept before the least recently used is dropped. Default: 100_000. */
  maxPersonas?: number;
}

interface PersonaEntry {
  record: PersonaRecord;
  /** Insertion order: breaks createdAt ties in listPersonas. */
  seq: number;
}

interface JobEntry {
  job: JobRecord;
  /** Insertion order: breaks (priority, createdAt) ties in leaseJobs. */
  seq: number;
}

/** One map key per (world, fingerprint, ...) tuple; NUL cannot appear in a sane id. */
const tupleKey = (...parts: string[]): string => parts.join('\u0000');

/** Names compare case-insensitively (and independent of Unicode composition). */
export const normaliseName = (name: string): string => name.normalize('NFC').toLowerCase();

export class MemoryStore implements PersonaStore, JobTable {
  readonly kind = 'memory';
  private readonly worlds = new Map<string, StoredWorld>();
  private readonly personas: LRUCache<string, PersonaEntry>;
  /** world-version key -> persona map keys, kept in step with LRU evictions. */
  private readonly byWorld = new Map<string, Set<string>>();
  private readonly names = new Map<string, string>();
  private readonly locks = new Map<string, { owner: string; until: number }>();
  private readonly jobs = new Map<string, JobEntry>();
  private personaSeq = 0;
  private jobSeq = 0;

  constructor(options: MemoryStoreOptions = {}) {
    const maxPersonas = options.maxPersonas ?? 100_000;
    if (!Number.isInteger(maxPersonas) || maxPersonas < 1) {
      throw new InvalidInputError(`MemoryStore maxPersonas must be a positive integer, got ${String(maxPersonas)}.`);
    }
    this.personas = new LRUCache<string, PersonaEntry>({
      max: maxPersonas,
      dispose: (entry, mapKey, reason) => {
        // 'set' means the same key was overwritten: it is still present.
        if (reason === 'set') return;
        const worldKey = tupleKey(entry.record.world, entry.record.fingerprint);
        const keys = this.byWorld.get(worldKey);
        keys?.delete(mapKey);
        if (keys?.size === 0) this.byWorld.delete(worldKey);
      },
    });
  }

  async getWorld(id: string, fingerprint: string): Promise<StoredWorld | undefined> {
    const world = this.worlds.get(tupleKey(id, fingerprint));
    return world === undefined ? undefined : copyData(world);
  }

  async getLatestWorld(id: string): Promise<StoredWorld | undefined> {
    let latest: StoredWorld | undefined;
    for (const w of this.worlds.values()) if (w.id === id && (!latest || w.createdAt >= latest.createdAt)) latest = w;
    return latest === undefined ? undefined : copyData(latest);
  }

  async putWorld(world: StoredWorld): Promise<void> {
    this.worlds.set(tupleKey(world.id, world.fingerprint), copyData(world));
  }

  async getPersona(world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined> {
    const entry = this.personas.get(tupleKey(world, fingerprint, key));
    return entry === undefined ? undefined : copyData(entry.record);
  }

  async putPersona(record: PersonaRecord): Promise<void> {
    const mapKey = tupleKey(record.world, record.fingerprint, record.key);
    const existing = this.personas.peek(mapKey);
    const seq = existing?.seq ?? ++this.personaSeq;
    this.personas.set(mapKey, { record: copyData(record), seq });
    const worldKey = tupleKey(record.world, record.fingerprint);
    let keys = this.byWorld.get(worldKey);
    if (keys === undefined) this.byWorld.set(worldKey, (keys = new Set()));
    keys.add(mapKey);
  }

  async listPersonas(world: string, fingerprint: string, options: { limit?: number; offset?: number } = {}): Promise<PersonaRecord[]> {
    const offset = options.offset ?? 0;
    const limit = options.limit ?? Infinity;
    const entries: PersonaEntry[] = [];
    for (const mapKey of this.byWorld.get(tupleKey(world, fingerprint)) ?? []) {
      // peek: listing is not "use" and must not reorder the LRU.
      const entry = this.personas.peek(mapKey);
      if (entry !== undefined) entries.push(entry);
    }
    entries.sort((a, b) => a.record.createdAt - b.record.createdAt || a.seq - b.seq);
    return entries.slice(offset, offset + limit).map((e) => copyData(e.record));
  }

  async countPersonas(world: string, fingerprint: string): Promise<number> {
    return this.byWorld.get(tupleKey(world, fingerprint))?.size ?? 0;
  }

  async claimName(world: string, fingerprint: string, name: string, key: string): Promise<boolean> {
    const nameKey = tupleKey(world, fingerprint, normaliseName(name));
    const holder = this.names.get(nameKey);
    if (holder === undefined) {
      this.names.set(nameKey, key);
      return true;
    }
    return holder === key;
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const lock = this.locks.get(name);
    // Expired once `until` is in the past, the same rule as job leases.
    if (lock !== undefined && lock.owner !== owner && lock.until >= now) return false;
    this.locks.set(name, { owner, until: now + ttlMs });
    return true;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    if (this.locks.get(name)?.owner === owner) this.locks.delete(name);
  }

  async enqueueJob(job: Pick<JobRecord, 'id' | 'kind' | 'world' | 'fingerprint' | 'key' | 'priority'>): Promise<void> {
    const existing = this.jobs.get(job.id);
    if (existing !== undefined && existing.job.state !== 'failed') {
      // Queued or leased: only ever more urgent. Done: stays done, never re-run.
      if (existing.job.state !== 'done' && job.priority < existing.job.priority) existing.job.priority = job.priority;
      return;
    }
    const fresh: JobRecord = {
      id: job.id,
      kind: job.kind,
      world: job.world,
      fingerprint: job.fingerprint,
      key: job.key,
      priority: job.priority,
      state: 'queued',
      attempts: 0,
      leaseOwner: null,
      leaseUntil: 0,
      createdAt: Date.now(),
      error: null,
    };
    // A failed job enqueued again starts over but keeps its place among equal (priority, createdAt).
    this.jobs.set(job.id, { job: fresh, seq: existing?.seq ?? ++this.jobSeq });
  }

  async leaseJobs(owner: string, limit: number, leaseMs: number, now: number = Date.now()): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const runnable: JobEntry[] = [];
    for (const entry of this.jobs.values()) {
      const { state, leaseUntil } = entry.job;
      if (state === 'queued' || (state === 'leased' && leaseUntil < now)) runnable.push(entry);
    }
    runnable.sort((a, b) => a.job.priority - b.job.priority || a.job.createdAt - b.job.createdAt || a.seq - b.seq);
    return runnable.slice(0, limit).map(({ job }) => {
      job.state = 'leased';
      job.leaseOwner = owner;
      job.leaseUntil = now + leaseMs;
      job.attempts += 1;
      return copyData(job);
    });
  }

  async reprioritiseJob(id: string, priority: number): Promise<void> {
    const job = this.jobs.get(id)?.job;
    if (job?.state === 'queued') job.priority = priority;
  }

  async completeJob(id: string, owner: string): Promise<void> {
    const job = this.leasedBy(id, owner);
    if (job === undefined) return;
    job.state = 'done';
    job.leaseUntil = 0;
  }

  async failJob(id: string, owner: string, error: string, retry: boolean): Promise<void> {
    const job = this.leasedBy(id, owner);
    if (job === undefined) return;
    job.error = error;
    job.leaseUntil = 0;
    if (retry) {
      job.state = 'queued';
      job.leaseOwner = null;
    } else {
      job.state = 'failed';
    }
  }

  async countJobs(state?: JobState): Promise<number> {
    if (state === undefined) return this.jobs.size;
    let n = 0;
    for (const { job } of this.jobs.values()) if (job.state === state) n += 1;
    return n;
  }

  async getJob(id: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(id)?.job;
    return job === undefined ? undefined : copyData(job);
  }

  async renewLeases(owner: string, ids: readonly string[], leaseMs: number, now: number = Date.now()): Promise<string[]> {
    const renewed: string[] = [];
    for (const id of ids) {
      const job = this.leasedBy(id, owner);
      if (job === undefined) continue;
      job.leaseUntil = now + leaseMs;
      renewed.push(id);
    }
    return renewed;
  }

  async leasedJobs(limit = 1_000): Promise<JobRecord[]> {
    const out: JobRecord[] = [];
    for (const { job } of this.jobs.values()) {
      if (out.length >= limit) break;
      if (job.state === 'leased') out.push(copyData(job));
    }
    return out;
  }

  async getLock(name: string, now: number = Date.now()): Promise<{ owner: string; until: number } | undefined> {
    const lock = this.locks.get(name);
    return lock !== undefined && lock.until >= now ? { ...lock } : undefined;
  }

  async close(): Promise<void> {
    this.personas.clear();
    this.byWorld.clear();
    this.worlds.clear();
    this.names.clear();
    this.locks.clear();
    this.jobs.clear();
  }

  /** The live job if `owner` holds its lease; a stale owner (lease taken over) gets nothing. */
  private leasedBy(id: string, owner: string): JobRecord | undefined {
    const job = this.jobs.get(id)?.job;
    return job?.state === 'leased' && job.leaseOwner === owner ? job : undefined;
  }
}

/**
 * A deep copy of JSON-shaped data (what stores keep: records, worlds, jobs). Objects and arrays
 * are copied; strings, numbers, booleans and null are shared, as they are immutable. Own keys
 * only, and "__proto__" as a plain key, never as the prototype.
 */
export function copyData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = copyData((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}
