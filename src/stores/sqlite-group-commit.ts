/**
 * Group commit for the SQLite store: simple writes made during one turn of the event loop
 * (persona records, name claims, job completions, lock releases) are committed together in one
 * BEGIN IMMEDIATE transaction on the next turn instead of one commit each. A commit is the
 * expensive part of a small write (lock, WAL append, index pages); a dataset run makes about
 * nine small writes per persona. A write's promise resolves once its transaction committed, so
 * a caller that awaits its write and then reads sees it.
 *   const group = new GroupCommit(db, (op) => exec(op));
 *   await group.run(() => putStatement.run(...));
 *   await group.flush(); // before close
 * A write given a `key` replaces a write with the same key still waiting in this turn's group
 * (a record written twice in one turn, as a persona's identity and then its bio: one row
 * write instead of two); both promises settle with the later write.
 * If the transaction fails for another reason than a lock (a constraint, a full disk), the
 * writes are retried one by one so one bad write cannot fail the others.
 * Cost: one setImmediate and one transaction per turn with writes; a write waits at most one
 * turn longer than it would alone.
 */
import type Database from 'better-sqlite3';
import { StoreBusyError } from '../core/errors.js';

interface Pending {
  op: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  key: string | undefined;
}

export class GroupCommit {
  private pending: Pending[] = [];
  /** This turn's keyed writes, by key. */
  private keyed = new Map<string, Pending>();
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly tx: Database.Transaction<(ops: Pending[], out: unknown[]) => void>;

  /** `exec` runs one synchronous operation with the store's lock handling (retries while locked). */
  constructor(
    db: Database.Database,
    private readonly exec: <T>(op: () => T) => Promise<T>,
  ) {
    this.tx = db.transaction((ops: Pending[], out: unknown[]) => {
      out.length = 0; // a retry after a lock starts over
      for (const p of ops) out.push(p.op());
    });
  }

  /**
   * Queue `op` for this turn's transaction; resolves with its result once committed. With a
   * `key`, it replaces a write of the same key still waiting in this turn's group.
   */
  run<T>(op: () => T, key?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const earlier = key === undefined ? undefined : this.keyed.get(key);
      if (earlier) {
        // Same place in the group, the later value; the earlier caller hears how it went.
        const { resolve: first, reject: firstReject } = earlier;
        earlier.op = op;
        earlier.resolve = (v) => {
          first(v);
          (resolve as (v: unknown) => void)(v);
        };
        earlier.reject = (err) => {
          firstReject(err);
          reject(err instanceof Error ? err : new Error(String(err))); // better-sqlite3 throws Errors
        };
        return;
      }
      const entry: Pending = { op, resolve: resolve as (v: unknown) => void, reject, key };
      this.pending.push(entry);
      if (key !== undefined) this.keyed.set(key, entry);
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  /** Commit what is queued now; resolves when it and every earlier group have settled. */
  flush(): Promise<void> {
    this.scheduled = false;
    const ops = this.pending;
    this.pending = [];
    if (this.keyed.size) this.keyed = new Map();
    if (ops.length) this.inFlight = this.inFlight.then(() => this.commit(ops));
    return this.inFlight;
  }

  private async commit(ops: Pending[]): Promise<void> {
    if (ops.length === 1) {
      const [only] = ops as [Pending];
      await this.exec(only.op).then(only.resolve, only.reject);
      return;
    }
    const out: unknown[] = [];
    try {
      await this.exec(() => this.tx.immediate(ops, out));
    } catch (err) {
      if (err instanceof StoreBusyError) {
        for (const p of ops) p.reject(err);
        return;
      }
      // Not a lock: find the bad write(s); the others still land.
      for (const p of ops) await this.exec(p.op).then(p.resolve, p.reject);
      return;
    }
    ops.forEach((p, i) => p.resolve(out[i]));
  }
}
