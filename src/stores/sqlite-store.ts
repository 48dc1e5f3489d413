/**
 * The embedded, durable store over better-sqlite3: a restart keeps every world's cast and
 * resumes its background jobs. Several processes may share one file (WAL); job leasing runs
 * in a BEGIN IMMEDIATE transaction so no two ever lease one job.
 *
 *   const store = new SqliteStore({ path: './personas.db' }); // or ':memory:'
 *   const jobs = await store.leaseJobs('worker-1', 4, 15_000);
 *
 * The event loop never waits long on another connection's lock: SQLite's own busy wait (which
 * blocks the thread) is a few ms (`busyTimeoutMs`), and a locked operation is retried
 * asynchronously with backoff (timers keep firing meanwhile) for up to `busyRetryMs`, then
 * fails with a StoreBusyError. Opening waits longer (5 s, once, at start-up) so processes
 * opening one new file together do not fail, and a file that cannot be opened is a
 * StoreUnavailableError naming the path and what to do.
 *
 * Cost: one prepared statement per call (index lookups, a JSON parse/stringify per record);
 * claimName is two. Writes made in one turn (records, name claims, lock takes and releases,
 * job enqueues and completions) share one commit (sqlite-group-commit.ts), and a record
 * written twice in one turn is written once; leaseJobs and renewLeases are one short write
 * transaction each (leaseJobs walks a partial index of runnable jobs). A locked call costs
 * one timer per retry.
 */
import { normaliseRecord } from '../core/record-shape.js';
import Database from 'better-sqlite3';
import { InvalidInputError, PersonaError, StoreBusyError, StoreUnavailableError } from '../core/errors.js';
import type { JobRecord, JobState, JobTable, PersonaRecord, PersonaStore, StoredWorld } from '../core/types.js';
import { normaliseName } from './memory-store.js';
import { GroupCommit } from './sqlite-group-commit.js';

/** How the store waits on another connection's lock. */
export interface SqliteBusyOptions {
  /** SQLite's own busy wait per attempt; it blocks the thread, so keep it short. Default: 5 ms. */
  busyTimeoutMs?: number;
  /** How long a locked operation is retried (asynchronously, with backoff) before a StoreBusyError. Default: 10,000 ms. */
  busyRetryMs?: number;
}

export type SqliteStoreOptions = SqliteBusyOptions &
  (
    | /** A file path (created if missing) or ':memory:'. The store opens and closes it. */ { path: string }
    | /** An open database the caller owns: pragmas are left alone and close() keeps it open. */ { database: Database.Database }
  );

const BUSY_DEFAULTS: Required<SqliteBusyOptions> = { busyTimeoutMs: 5, busyRetryMs: 10_000 };
/** Busy wait while opening and migrating (start-up only, never on a game tick). */
const OPEN_BUSY_TIMEOUT_MS = 5_000;
/** Backoff between retries of a locked operation: doubles from 1 ms up to this, with jitter. */
const MAX_RETRY_DELAY_MS = 50;
/** Queued operations resumed per turn of the event loop once a lock is released. */
const RESUME_PER_TURN = 8;

const sqliteCode = (err: unknown): string => (err && typeof err === 'object' && 'code' in err ? String(err.code) : '');
const isBusy = (err: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(err));

/** A typed, actionable error for a file that cannot be opened as the persona store. */
function openError(path: string, err: unknown): StoreUnavailableError {
  const code = sqliteCode(err);
  const detail = `${code ? `${code}: ` : ''}${err instanceof Error ? err.message : String(err)}`;
  const fix =
    code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
      ? 'The file is not a persona database (or is damaged): move it away or point the store at another file'
      : code === 'SQLITE_READONLY'
        ? 'The file or its folder is read-only: make both writable or point the store at another file'
        : isBusy(err)
          ? 'Another process holds a long lock on it: stop that process or point the store at another file'
          : 'Check that the folder exists and is writable, or point the store at another file';
  return new StoreUnavailableError(
    'sqlite',
    path,
    `Cannot open the SQLite persona store at "${path}" (${detail}). ${fix} (--db, PERSONAS_DB, or { kind: 'sqlite', path }).`,
    { cause: err },
  );
}

/** Bump with a migration in `migrate` whenever the tables change. */
export const SQLITE_SCHEMA_VERSION = 1;

const SCHEMA_V1 = `
  CREATE TABLE IF NOT EXISTS worlds (
    id TEXT NOT NULL, fingerprint TEXT NOT NULL, json TEXT NOT NULL, created_at INTEGER NOT NULL,
    PRIMARY KEY (id, fingerprint)
  );
  CREATE TABLE IF NOT EXISTS personas (
    world TEXT NOT NULL, fingerprint TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL,
    created_at INTEGER NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (world, fingerprint, key)
  );
  CREATE UNIQUE INDEX IF NOT EXISTS personas_seq ON personas (seq);
  CREATE INDEX IF NOT EXISTS personas_order ON personas (world, fingerprint, created_at, seq);
  CREATE TABLE IF NOT EXISTS names (
    world TEXT NOT NULL, fingerprint TEXT NOT NULL, name_lower TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (world, fingerprint, name_lower)
  );
  CREATE TABLE IF NOT EXISTS locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, world TEXT NOT NULL, fingerprint TEXT NOT NULL, key TEXT NOT NULL,
    priority REAL NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, lease_owner TEXT,
    lease_until INTEGER NOT NULL, created_at INTEGER NOT NULL, error TEXT
  );
  CREATE INDEX IF NOT EXISTS jobs_runnable ON jobs (priority, created_at) WHERE state IN ('queued', 'leased');
  CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state);
`;

interface JobRow {
  id: string;
  kind: JobRecord['kind'];
  world: string;
  fingerprint: string;
  key: string;
  priority: number;
  state: JobState;
  attempts: number;
  lease_owner: string | null;
  lease_until: number;
  created_at: number;
  error: string | null;
}

const toJob = (row: JobRow): JobRecord => ({
  id: row.id,
  kind: row.kind,
  world: row.world,
  fingerprint: row.fingerprint,
  key: row.key,
  priority: row.priority,
  state: row.state,
  attempts: row.attempts,
  leaseOwner: row.lease_owner,
  leaseUntil: row.lease_until,
  createdAt: row.created_at,
  error: row.error,
});

/** Create or upgrade the tables; safe when several processes open a new file at once. */
function migrate(db: Database.Database, where: string): void {
  const run = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_SCHEMA_VERSION) {
      throw new InvalidInputError(
        `The persona database ${where} has schema version ${version}, but this colyseus-personas reads up to ` +
          `version ${SQLITE_SCHEMA_VERSION}. Upgrade colyseus-personas or point the store at another file.`,
      );
    }
    if (version < 1) db.exec(SCHEMA_V1);
    if (version < SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  });
  run.immediate();
}

export class SqliteStore implements PersonaStore, JobTable {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private readonly where: string;
  private readonly busy: Required<SqliteBusyOptions>;
  private readonly stmt;
  private readonly enqueueTx;
  private readonly leaseTx;
  private readonly renewTx;
  /** Simple writes of one turn share one commit (sqlite-group-commit.ts). */
  private readonly group: GroupCommit;
  /** True while the file is known to be locked by another connection and one operation probes it. */
  private locked = false;
  /** Operations waiting for the lock to be released, in arrival order. */
  private readonly waiting: Array<() => void> = [];

  constructor(options: SqliteStoreOptions) {
    this.busy = {
      busyTimeoutMs: options.busyTimeoutMs ?? BUSY_DEFAULTS.busyTimeoutMs,
      busyRetryMs: options.busyRetryMs ?? BUSY_DEFAULTS.busyRetryMs,
    };
    for (const [name, value] of Object.entries(this.busy)) {
      if (!Number.isFinite(value) || value < 0)
        throw new InvalidInputError(`SqliteStore ${name} must be a number of ms >= 0, got ${String(value)}.`);
    }
    if ('database' in options) {
      this.db = options.database;
      this.ownsDb = false;
      this.where = 'passed to SqliteStore';
      migrate(this.db, this.where);
    } else {
      this.where = `at "${options.path}"`;
      try {
        this.db = new Database(options.path);
      } catch (err) {
        throw openError(options.path, err);
      }
      this.ownsDb = true;
      try {
        this.db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
        this.db.pragma('journal_mode = WAL');
        migrate(this.db, this.where);
        // From here on the thread never blocks long on a lock: short waits, retried asynchronously.
        this.db.pragma(`busy_timeout = ${Math.round(this.busy.busyTimeoutMs)}`);
      } catch (err) {
        this.db.close();
        throw err instanceof PersonaError ? err : openError(options.path, err);
      }
    }
    const db = this.db;
    this.stmt = {
      getWorld: db.prepare<[string, string], { json: string }>('SELECT json FROM worlds WHERE id = ? AND fingerprint = ?'),
      getLatestWorld: db.prepare<[string], { json: string }>(
        'SELECT json FROM worlds WHERE id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
      ),
      putWorld: db.prepare<[string, string, string, number]>(
        `INSERT INTO worlds (id, fingerprint, json, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id, fingerprint) DO UPDATE SET json = excluded.json, created_at = excluded.created_at`,
      ),
      getPersona: db.prepare<[string, string, string], { json: string }>(
        'SELECT json FROM personas WHERE world = ? AND fingerprint = ? AND key = ?',
      ),
      // seq is taken once, on first insert, so a rewrite keeps the persona's place in the list.
      putPersona: db.prepare<[string, string, string, string, number]>(
        `INSERT INTO personas (world, fingerprint, key, json, created_at, seq)
         VALUES (?, ?, ?, ?, ?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM personas))
         ON CONFLICT (world, fingerprint, key) DO UPDATE SET json = excluded.json, created_at = excluded.created_at`,
      ),
      listPersonas: db.prepare<[string, string, number, number], { json: string }>(
        `SELECT json FROM personas WHERE world = ? AND fingerprint = ?
         ORDER BY created_at, seq LIMIT ? OFFSET ?`,
      ),
      countPersonas: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM personas WHERE world = ? AND fingerprint = ?'),
      insertName: db.prepare<[string, string, string, string]>(
        'INSERT INTO names (world, fingerprint, name_lower, key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      nameHolder: db.prepare<[string, string, string], { key: string }>(
        'SELECT key FROM names WHERE world = ? AND fingerprint = ? AND name_lower = ?',
      ),
      // One statement: insert, or take over when held by the same owner or expired (until < now).
      acquireLock: db.prepare<{ name: string; owner: string; until: number; now: number }>(
        `INSERT INTO locks (name, owner, until) VALUES (@name, @owner, @until)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE locks.owner = excluded.owner OR locks.until < @now`,
      ),
      releaseLock: db.prepare<[string, string]>('DELETE FROM locks WHERE name = ? AND owner = ?'),
      getJob: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?'),
      insertJob: db.prepare<[string, string, string, string, string, number, number]>(
        `INSERT INTO jobs (id, kind, world, fingerprint, key, priority, state, attempts, lease_owner, lease_until, created_at, error)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, NULL, 0, ?, NULL)`,
      ),
      requeueFailedJob: db.prepare<[string, string, string, string, number, number, string]>(
        `UPDATE jobs SET kind = ?, world = ?, fingerprint = ?, key = ?, priority = ?, state = 'queued', attempts = 0,
           lease_owner = NULL, lease_until = 0, created_at = ?, error = NULL
         WHERE id = ? AND state = 'failed'`,
      ),
      lowerPriority: db.prepare<[number, string, number]>(
        `UPDATE jobs SET priority = ? WHERE id = ? AND state IN ('queued', 'leased') AND priority > ?`,
      ),
      // INDEXED BY: walk the partial index in order instead of sorting every queued job
      // (without ANALYZE stats the planner prefers jobs_state plus a temp sort).
      runnableJobs: db.prepare<[number, number], JobRow>(
        `SELECT * FROM jobs INDEXED BY jobs_runnable
         WHERE state IN ('queued', 'leased') AND (state = 'queued' OR lease_until < ?)
         ORDER BY priority, created_at, rowid LIMIT ?`,
      ),
      leaseJob: db.prepare<[string, number, string]>(
        `UPDATE jobs SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?`,
      ),
      reprioritiseJob: db.prepare<[number, string]>(`UPDATE jobs SET priority = ? WHERE id = ? AND state = 'queued'`),
      completeJob: db.prepare<[string, string]>(
        `UPDATE jobs SET state = 'done', lease_until = 0 WHERE id = ? AND lease_owner = ? AND state = 'leased'`,
      ),
      failJob: db.prepare<[string, string, string, string, string]>(
        `UPDATE jobs SET state = ?, error = ?, lease_until = 0,
           lease_owner = CASE WHEN ? = 'queued' THEN NULL ELSE lease_owner END
         WHERE id = ? AND lease_owner = ? AND state = 'leased'`,
      ),
      renewLease: db.prepare<[number, string, string]>(
        `UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'leased'`,
      ),
      leasedJobs: db.prepare<[number], JobRow>(`SELECT * FROM jobs WHERE state = 'leased' ORDER BY lease_until LIMIT ?`),
      getLock: db.prepare<[string, number], { owner: string; until: number }>(
        'SELECT owner, until FROM locks WHERE name = ? AND until >= ?',
      ),
      countJobs: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM jobs'),
      countJobsIn: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM jobs WHERE state = ?'),
    };

    const s = this.stmt;
    this.enqueueTx = db.transaction((job: Pick<JobRecord, 'id' | 'kind' | 'world' | 'fingerprint' | 'key' | 'priority'>) => {
      const existing = s.getJob.get(job.id);
      const now = Date.now();
      if (existing === undefined) {
        s.insertJob.run(job.id, job.kind, job.world, job.fingerprint, job.key, job.priority, now);
      } else if (existing.state === 'failed') {
        s.requeueFailedJob.run(job.kind, job.world, job.fingerprint, job.key, job.priority, now, job.id);
      } else {
        // Queued or leased: only ever more urgent. Done: the statement's state filter leaves it done.
        s.lowerPriority.run(job.priority, job.id, job.priority);
      }
    });
    this.leaseTx = db.transaction((owner: string, limit: number, leaseMs: number, now: number) => {
      const rows = s.runnableJobs.all(now, limit);
      return rows.map((row) => {
        s.leaseJob.run(owner, now + leaseMs, row.id);
        return toJob({ ...row, state: 'leased', lease_owner: owner, lease_until: now + leaseMs, attempts: row.attempts + 1 });
      });
    });
    this.renewTx = db.transaction((owner: string, ids: readonly string[], until: number) =>
      ids.filter((id) => s.renewLease.run(until, id, owner).changes === 1),
    );
    this.group = new GroupCommit(db, (op) => this.exec(op));
  }

  /**
   * Run one synchronous SQLite operation without letting another connection's lock block the
   * thread for long. While the file is known to be locked, a write waits (asynchronously) in
   * line; the operation that found the lock probes for its release, retrying after short async
   * pauses (backoff with jitter), so a busy game does not pay SQLite's busy wait once per
   * queued write. Once the lock is gone the queued writes resume a few per turn of the event
   * loop, not all at once. Past `busyRetryMs` a write fails with StoreBusyError. A failed
   * attempt changed nothing (a statement or transaction that hits a lock is rolled back whole).
   */
  private async exec<T>(op: () => T, write = true): Promise<T> {
    const started = performance.now();
    if (write && (this.locked || this.waiting.length > 0)) await this.queueBehind(started);
    for (;;) {
      try {
        return op();
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        if (!this.locked) return this.probe(op, started, err);
        await this.queueBehind(started); // another operation is probing: wait in line
      }
    }
  }

  private async queueBehind(started: number): Promise<void> {
    await new Promise<void>((resume) => this.waiting.push(resume));
    const waited = performance.now() - started;
    if (waited >= this.busy.busyRetryMs) throw new StoreBusyError(this.where, waited);
  }

  /** Resume queued operations, RESUME_PER_TURN per turn of the event loop. */
  private resumeWaiting(): void {
    if (this.locked) return; // a new probe resumes them when it ends
    for (const resume of this.waiting.splice(0, RESUME_PER_TURN)) resume();
    if (this.waiting.length > 0) setImmediate(() => this.resumeWaiting());
  }

  /** Retry `op` with backoff while the others wait in line. */
  private async probe<T>(op: () => T, started: number, first: unknown): Promise<T> {
    this.locked = true;
    let last = first;
    try {
      for (let attempt = 0; ; attempt++) {
        const waited = performance.now() - started;
        if (waited >= this.busy.busyRetryMs) throw new StoreBusyError(this.where, waited, { cause: last });
        const delay = Math.min(MAX_RETRY_DELAY_MS, 2 ** attempt, this.busy.busyRetryMs - waited) * (0.5 + Math.random() / 2);
        await new Promise((r) => setTimeout(r, delay));
        try {
          return op();
        } catch (err) {
          if (!isBusy(err)) throw err;
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          last = err;
        }
      }
    } finally {
      this.locked = false;
      this.resumeWaiting();
    }
  }

  async getWorld(id: string, fingerprint: string): Promise<StoredWorld | undefined> {
    const row = await this.exec(() => this.stmt.getWorld.get(id, fingerprint), false);
    return row === undefined ? undefined : (JSON.parse(row.json) as StoredWorld);
  }

  async getLatestWorld(id: string): Promise<StoredWorld | undefined> {
    const row = await this.exec(() => this.stmt.getLatestWorld.get(id), false);
    return row === undefined ? undefined : (JSON.parse(row.json) as StoredWorld);
  }

  async putWorld(world: StoredWorld): Promise<void> {
    const json = JSON.stringify(world);
    await this.exec(() => this.stmt.putWorld.run(world.id, world.fingerprint, json, world.createdAt));
  }

  async getPersona(world: string, fingerprint: string, key: string): Promise<PersonaRecord | undefined> {
    const row = await this.exec(() => this.stmt.getPersona.get(world, fingerprint, key), false);
    return row === undefined ? undefined : normaliseRecord(JSON.parse(row.json) as PersonaRecord);
  }

  async putPersona(record: PersonaRecord): Promise<void> {
    const json = JSON.stringify(record);
    // Keyed: a later write of this persona in the same turn replaces this one (one row write).
    const key = `${record.world}\u0000${record.fingerprint}\u0000${record.key}`;
    await this.group.run(() => this.stmt.putPersona.run(record.world, record.fingerprint, record.key, json, record.createdAt), key);
  }

  async listPersonas(world: string, fingerprint: string, options: { limit?: number; offset?: number } = {}): Promise<PersonaRecord[]> {
    // SQLite reads a negative LIMIT as "no limit".
    const limit = options.limit ?? -1;
    const rows = await this.exec(() => this.stmt.listPersonas.all(world, fingerprint, limit, options.offset ?? 0), false);
    return rows.map((row) => normaliseRecord(JSON.parse(row.json) as PersonaRecord));
  }

  async countPersonas(world: string, fingerprint: string): Promise<number> {
    return (await this.exec(() => this.stmt.countPersonas.get(world, fingerprint), false))?.n ?? 0;
  }

  async claimName(world: string, fingerprint: string, name: string, key: string): Promise<boolean> {
    const lower = normaliseName(name);
    // Names are never released, so insert-if-absent then read is race-free across processes.
    return this.group.run(() => {
      this.stmt.insertName.run(world, fingerprint, lower, key);
      return this.stmt.nameHolder.get(world, fingerprint, lower)?.key === key;
    });
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    // In this turn's group commit: the answer comes once the write is committed.
    return this.group.run(() => this.stmt.acquireLock.run({ name, owner, until: now + ttlMs, now }).changes === 1);
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await this.group.run(() => this.stmt.releaseLock.run(name, owner));
  }

  async enqueueJob(job: Pick<JobRecord, 'id' | 'kind' | 'world' | 'fingerprint' | 'key' | 'priority'>): Promise<void> {
    // In this turn's group commit (a savepoint inside its transaction; alone, its own immediate one).
    await this.group.run(() => (this.db.inTransaction ? this.enqueueTx(job) : this.enqueueTx.immediate(job)));
  }

  async leaseJobs(owner: string, limit: number, leaseMs: number, now: number = Date.now()): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    return this.exec(() => this.leaseTx.immediate(owner, limit, leaseMs, now));
  }

  async reprioritiseJob(id: string, priority: number): Promise<void> {
    await this.group.run(() => this.stmt.reprioritiseJob.run(priority, id));
  }

  async completeJob(id: string, owner: string): Promise<void> {
    await this.group.run(() => this.stmt.completeJob.run(id, owner));
  }

  async failJob(id: string, owner: string, error: string, retry: boolean): Promise<void> {
    const state: JobState = retry ? 'queued' : 'failed';
    await this.group.run(() => this.stmt.failJob.run(state, error, state, id, owner));
  }

  async countJobs(state?: JobState): Promise<number> {
    const row = await this.exec(() => (state === undefined ? this.stmt.countJobs.get() : this.stmt.countJobsIn.get(state)), false);
    return row?.n ?? 0;
  }

  async getJob(id: string): Promise<JobRecord | undefined> {
    const row = await this.exec(() => this.stmt.getJob.get(id), false);
    return row === undefined ? undefined : toJob(row);
  }

  async renewLeases(owner: string, ids: readonly string[], leaseMs: number, now: number = Date.now()): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.exec(() => this.renewTx.immediate(owner, ids, now + leaseMs));
  }

  async leasedJobs(limit = 1_000): Promise<JobRecord[]> {
    const rows = await this.exec(() => this.stmt.leasedJobs.all(limit), false);
    return rows.map(toJob);
  }

  async getLock(name: string, now: number = Date.now()): Promise<{ owner: string; until: number } | undefined> {
    const row = await this.exec(() => this.stmt.getLock.get(name, now), false);
    return row === undefined ? undefined : { owner: row.owner, until: row.until };
  }

  async close(): Promise<void> {
    if (this.db.open) await this.group.flush().catch(() => undefined); // each write's caller hears its own error
    if (this.ownsDb && this.db.open) this.db.close();
  }
}
