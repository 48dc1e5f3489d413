/**
 * SQLite group commit: the simple writes of one turn share one transaction, a bad write cannot
 * fail the others, a lock error fails the group, and close() lands what is queued.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreBusyError } from '../src/core/errors.js';
import type { PersonaRecord } from '../src/core/types.js';
import { newRecord } from '../src/engine/records.js';
import { GroupCommit } from '../src/stores/sqlite-group-commit.js';
import { SqliteStore } from '../src/stores/sqlite-store.js';
import { tempDir } from './support.js';

function table() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const count = () => (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
  let execs = 0;
  let busy = false;
  const group = new GroupCommit(db, async (op) => {
    execs++;
    if (busy) throw new StoreBusyError('test.db', 10_000);
    return op();
  });
  return { db, insert, count, group, execs: () => execs, setBusy: (b: boolean) => (busy = b) };
}

describe('GroupCommit', () => {
  it('writes made in one turn commit together, once, and each promise gets its own result', async () => {
    const t = table();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => t.group.run(() => t.insert.run(`k${i}`, i).changes)));
    expect(results).toEqual([1, 1, 1, 1, 1]);
    expect(t.execs()).toBe(1);
    expect(t.count()).toBe(5);
    // A later turn is a new group.
    await t.group.run(() => t.insert.run('later', 9));
    expect(t.execs()).toBe(2);
  });

  it('a bad write fails alone: the rest of its group still lands', async () => {
    const t = table();
    t.insert.run('taken', 0);
    const outcomes = await Promise.allSettled([
      t.group.run(() => t.insert.run('a', 1)),
      t.group.run(() => t.insert.run('taken', 2)), // primary key conflict
      t.group.run(() => t.insert.run('b', 3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(t.count()).toBe(3);
    expect(t.db.inTransaction).toBe(false);
  });

  it('a lock that outlasts the retries fails every write of the group with StoreBusyError, and nothing is half-written', async () => {
    const t = table();
    t.setBusy(true);
    const outcomes = await Promise.allSettled([t.group.run(() => t.insert.run('a', 1)), t.group.run(() => t.insert.run('b', 2))]);
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof StoreBusyError)).toBe(true);
    expect(t.count()).toBe(0);
  });

  it('a keyed write replaces the same key still waiting in its group: one row write, both callers answered', async () => {
    const t = table();
    const upsert = t.db.prepare('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
    let ran = 0;
    const write = (k: string, v: number) =>
      t.group.run(() => {
        ran++;
        return upsert.run(k, v).changes;
      }, k);
    const results = await Promise.all([write('a', 1), t.group.run(() => t.insert.run('b', 2).changes), write('a', 3), write('a', 4)]);
    expect(results).toEqual([1, 1, 1, 1]);
    expect(ran).toBe(1); // 'a' once, with its last value
    expect(t.db.prepare('SELECT v FROM t WHERE k = ?').get('a')).toEqual({ v: 4 });
    expect(t.execs()).toBe(1);
    // The next turn's write of the same key is a write of its own.
    await write('a', 5);
    expect(ran).toBe(2);
    expect(t.db.prepare('SELECT v FROM t WHERE k = ?').get('a')).toEqual({ v: 5 });
  });

  it("a replaced keyed write that fails fails both callers; the group's other writes land", async () => {
    const t = table();
    t.insert.run('taken', 0);
    const outcomes = await Promise.allSettled([
      t.group.run(() => t.insert.run('x', 1), 'x'),
      t.group.run(() => t.insert.run('ok', 1)),
      t.group.run(() => t.insert.run('taken', 2), 'x'), // replaces the first: a conflict
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(t.count()).toBe(2); // 'taken' and 'ok'
  });

  it('flush() commits what is queued now', async () => {
    const t = table();
    const write = t.group.run(() => t.insert.run('now', 1));
    await t.group.flush();
    expect(t.count()).toBe(1);
    await write;
  });
});

describe('SqliteStore with group commit', () => {
  it('a write awaited, then read, is seen; close() lands writes still queued', async () => {
    const path = join(tempDir(), 'group.db');
    const store = new SqliteStore({ path });
    const rec = (key: string): PersonaRecord => newRecord('w', 'f', { key, name: key, traits: {}, hints: [] });
    await store.putPersona(rec('awaited'));
    expect((await store.getPersona('w', 'f', 'awaited'))?.key).toBe('awaited');
    const queued = Array.from({ length: 20 }, (_, i) => store.putPersona(rec(`q${i}`)));
    await store.close(); // before the queued writes' turn
    await Promise.all(queued);
    const reopened = new SqliteStore({ path });
    expect(await reopened.countPersonas('w', 'f')).toBe(21);
    await reopened.close();
  });

  it("one turn's lock take, name claim, job enqueue and record writes share one commit; the same record twice is one write", async () => {
    const store = new SqliteStore({ path: ':memory:' });
    // Every write the store makes goes through its exec() (a group's transaction is one call).
    const internals = store as unknown as { exec: (op: () => unknown, write?: boolean) => Promise<unknown> };
    const exec = internals.exec.bind(store);
    let writes = 0;
    internals.exec = (op, write = true) => {
      if (write) writes++;
      return exec(op, write);
    };
    const base = newRecord('w', 'f', { key: 'k', name: 'Ada', traits: {}, hints: [] });
    const [locked, claimed] = await Promise.all([
      store.acquireLock('persona:w:f:k', 'me', 10_000),
      store.claimName('w', 'f', 'Ada', 'k'),
      store.enqueueJob({ id: 'j', kind: 'backstory', world: 'w', fingerprint: 'f', key: 'k', priority: 1 }),
      store.putPersona(base),
      store.putPersona({ ...base, bio: 'Ada keeps the mill.' }),
    ]);
    expect([locked, claimed]).toEqual([true, true]);
    expect((await store.getPersona('w', 'f', 'k'))?.bio).toBe('Ada keeps the mill.');
    expect(await store.countJobs('queued')).toBe(1);
    expect(await store.acquireLock('persona:w:f:k', 'other', 10_000)).toBe(false);
    expect(await store.claimName('w', 'f', 'ada', 'other-key')).toBe(false);
    // One transaction for the five writes of the first turn, then one per later call.
    expect(writes).toBe(1 + 2);
    await store.close();
  });
});
