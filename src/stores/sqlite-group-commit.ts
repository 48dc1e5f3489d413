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
}

export class GroupCommit {
  private pending: Pending[] = [];
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

  /** Queue `op` for this turn's transaction; resolves with its result once committed. */
  run<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ op, resolve: resolve as (v: unknown) => void, reject });
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
