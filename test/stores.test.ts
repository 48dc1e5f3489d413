/**
 * The PersonaStore and JobTable contracts (test/store-contract.ts) run against the memory and
 * SQLite stores, plus what only SQLite promises (durability across reopen, safe sharing of one file
 * by several processes) and what `openStore` accepts. Redis: test/stores-redis.test.ts.
 *   npx vitest run test/stores.test.ts
 * Cost: in-memory databases and one temp dir per SQLite file test; no sleeps (time is faked)
 * except the outside-lock tests (a lock held 500 ms, then one held past the retry bound). The
 * multi-process test starts three Node processes (about 2 s).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError, StoreBusyError, StoreUnavailableError } from '../src/core/errors.js';
import { MemoryStore, SQLITE_SCHEMA_VERSION, SqliteStore, openStore } from '../src/stores/index.js';
import { copyData } from '../src/stores/memory-store.js';
import { expectSurvivesReopen, expectTurnsNeverShareAJob, FP, job, jobTableContract, persona, W, storeContract } from './store-contract.js';

const execFileAsync = promisify(execFile);

storeContract('MemoryStore', () => new MemoryStore());
storeContract('SqliteStore', () => new SqliteStore({ path: ':memory:' }));
jobTableContract('MemoryStore', () => new MemoryStore());
jobTableContract('SqliteStore', () => new SqliteStore({ path: ':memory:' }));

describe('MemoryStore bounds', () => {
  it('drops the least recently used persona past maxPersonas and counts only what it keeps', async () => {
    const store = new MemoryStore({ maxPersonas: 2 });
    await store.putPersona(persona('a'));
    await store.putPersona(persona('b'));
    await store.getPersona(W, FP, 'a'); // a is now more recent than b
    await store.putPersona(persona('c'));
    expect(await store.getPersona(W, FP, 'b')).toBeUndefined();
    expect(await store.countPersonas(W, FP)).toBe(2);
    expect((await store.listPersonas(W, FP)).map((p) => p.key)).toEqual(['a', 'c']);
  });

  it('rejects a maxPersonas that is not a positive integer', () => {
    expect(() => new MemoryStore({ maxPersonas: 0 })).toThrow(InvalidInputError);
  });
});

describe('SqliteStore on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'personas-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps worlds, personas, names and jobs across close and reopen', async () => {
    const path = join(dir, 'personas.db');
    await expectSurvivesReopen(() => new SqliteStore({ path }));
  });

  it('never leases one job to two stores sharing a file', async () => {
    const path = join(dir, 'shared.db');
    const a = new SqliteStore({ path });
    const b = new SqliteStore({ path });
    await expectTurnsNeverShareAJob(a, b);
    await a.close();
    await b.close();
  });

  it('never leases one job twice when several processes lease from one file at once', async () => {
    const path = join(dir, 'processes.db');
    const seed = new SqliteStore({ path });
    for (let i = 0; i < 300; i++) await seed.enqueueJob(job(`j${i}`, i % 7));
    await seed.close();

    const storeModule = fileURLToPath(new URL('../src/stores/sqlite-store.ts', import.meta.url));
    // Each process waits for a common start so their lease loops overlap, then prints what it got.
    const worker = (owner: string, startAt: number) => `
      import { SqliteStore } from ${JSON.stringify(storeModule)};
      const store = new SqliteStore({ path: ${JSON.stringify(path)} });
      while (Date.now() < ${startAt}) {}
      const ids = [];
      for (;;) {
        const batch = await store.leaseJobs(${JSON.stringify(owner)}, 3, 60_000);
        if (batch.length === 0) break;
        ids.push(...batch.map((j) => j.id));
      }
      await store.close();
      process.stdout.write(JSON.stringify(ids));`;
    const startAt = Date.now() + 1_500;
    const outputs = await Promise.all(
      ['p1', 'p2', 'p3'].map(async (owner) => {
        const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', worker(owner, startAt)]);
        return JSON.parse(stdout) as string[];
      }),
    );

    const all = outputs.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
  });

  it('opens the file in WAL mode and stamps the schema version', async () => {
    const path = join(dir, 'pragmas.db');
    await new SqliteStore({ path }).close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a file written by a newer schema instead of misreading it', async () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore({ path })).toThrow(/schema version 2/);
  });

  it('keeps the event loop running while another connection holds the write lock, and writes once it is released', async () => {
    const path = join(dir, 'locked.db');
    const store = new SqliteStore({ path });
    await store.putPersona(persona('before'));
    const outside = new Database(path);
    outside.exec('BEGIN IMMEDIATE');
    outside.prepare('INSERT INTO locks (name, owner, until) VALUES (?, ?, ?)').run('outside', 'other-process', 0);

    let ticks = 0;
    let ticksWhileLocked = -1;
    const interval = setInterval(() => ticks++, 10);
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        ticksWhileLocked = ticks;
        outside.exec('COMMIT');
        resolve();
      }, 500),
    );
    const writes = [
      store.putPersona(persona('during')),
      store.enqueueJob(job('j1')).then(() => store.leaseJobs('w', 1, 15_000)),
      store.claimName(W, FP, 'Ada Quill', 'during'),
    ] as const;
    let settledWhileLocked = false;
    void Promise.all(writes).then(() => (settledWhileLocked = ticksWhileLocked === -1));
    await released;
    const [, leased, claimed] = await Promise.all(writes);
    clearInterval(interval);

    // 500 ms of a 10 ms interval: dozens of ticks if the loop ran, none if the store blocked it.
    expect(ticksWhileLocked).toBeGreaterThanOrEqual(20);
    expect(settledWhileLocked).toBe(false);
    expect(await store.getPersona(W, FP, 'during')).toEqual(persona('during'));
    expect(leased.map((j) => j.id)).toEqual(['j1']);
    expect(claimed).toBe(true);
    // Reads are not blocked by a writer (WAL).
    expect(await store.countPersonas(W, FP)).toBe(2);
    outside.close();
    await store.close();
  });

  it('gives up on a lock held past busyRetryMs with a StoreBusyError, having written nothing', async () => {
    const path = join(dir, 'stuck.db');
    const store = new SqliteStore({ path, busyRetryMs: 150 });
    const outside = new Database(path);
    outside.exec('BEGIN EXCLUSIVE');
    outside.prepare('INSERT INTO locks (name, owner, until) VALUES (?, ?, ?)').run('outside', 'other-process', 0);
    let ticks = 0;
    const interval = setInterval(() => ticks++, 10);
    const err = await store.putPersona(persona('never')).catch((e: unknown) => e);
    clearInterval(interval);
    outside.exec('ROLLBACK');
    outside.close();
    expect(err).toBeInstanceOf(StoreBusyError);
    expect((err as StoreBusyError).code).toBe('STORE_BUSY');
    expect((err as Error).message).toContain(path);
    expect(ticks).toBeGreaterThan(0);
    expect(await store.getPersona(W, FP, 'never')).toBeUndefined();
    await store.close();
  });

  it('names the file and what to do when it cannot be opened', () => {
    const missingFolder = join(dir, 'no', 'such', 'folder', 'personas.db');
    const notADatabase = join(dir, 'notes.db');
    writeFileSync(notADatabase, 'these are my notes, not a database '.repeat(200));
    const folder = join(dir, 'a-folder.db');
    mkdirSync(folder);
    for (const [path, advice] of [
      [missingFolder, /folder exists and is writable/],
      [notADatabase, /not a persona database/],
      [folder, /folder exists and is writable|not a persona database/],
    ] as const) {
      let err: unknown;
      try {
        new SqliteStore({ path });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as StoreUnavailableError).code).toBe('STORE_UNAVAILABLE');
      expect((err as StoreUnavailableError).location).toBe(path);
      expect((err as Error).message).toContain(`"${path}"`);
      expect((err as Error).message).toMatch(advice);
      expect((err as Error).message).toMatch(/--db, PERSONAS_DB/);
    }
  });

  it('leaves a database it was given open on close', async () => {
    const db = new Database(':memory:');
    const store = new SqliteStore({ database: db });
    await store.putPersona(persona('k1'));
    await store.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM personas').get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('openStore', () => {
  it('opens the store a spec names', async () => {
    const stores = [openStore('memory'), openStore({ kind: 'memory', maxPersonas: 10 }), openStore({ kind: 'sqlite', path: ':memory:' })];
    expect(stores.map((s) => s.kind)).toEqual(['memory', 'memory', 'sqlite']);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('rejects a malformed spec with an InvalidInputError that says what is valid', () => {
    const bad: unknown[] = [
      'redis',
      { kind: 'sqlite' },
      { kind: 'memory', maxPersonas: -1 },
      { kind: 'sqlite', path: '' },
      { kind: 'redis', url: '' },
      { kind: 'redis', host: 'localhost' },
      null,
    ];
    for (const spec of bad) {
      expect(() => openStore(spec as never)).toThrow(InvalidInputError);
    }
    expect(() => openStore({ kind: 'sqlite' } as never)).toThrow(/store spec.*kind: 'sqlite', path: string/s);
  });
});

describe('copyData (the memory store copies what goes in and out)', () => {
  it('copies objects and arrays deeply, keeps values, and treats "__proto__" as a plain key', () => {
    const input = JSON.parse('{"a":{"b":[1,"two",{"c":null}]},"__proto__":{"polluted":true},"t":true}') as Record<string, unknown>;
    const copy = copyData(input);
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect((copy.a as { b: unknown[] }).b).not.toBe((input.a as { b: unknown[] }).b);
    (copy.a as { b: unknown[] }).b.push('more');
    expect((input.a as { b: unknown[] }).b).toHaveLength(3);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
