/**
 * SQLite under an outside lock (part of `npm run bench`): another process holds the file's
 * write lock (BEGIN IMMEDIATE) for `holdMs` while the store writes personas as a busy game
 * would (one every few ms). Measures the event-loop lag meanwhile two ways: perf_hooks'
 * monitorEventLoopDelay (1 ms resolution: p50, p99, max) and the largest gap between ticks of
 * a 10 ms interval (a room's tick; this catches one long block that the histogram can miss),
 * and checks that every write lands once the lock is released; then the same with SQLite's
 * old blocking wait (busy_timeout 5,000 ms) for comparison.
 *   const figures = await sqliteLockBench(log);   // { sqliteOutsideLock: { ... } }
 *   node --import tsx bench/sqlite-lock.ts        // alone, prints the figures
 * Cost: about 3 s (two 1 s locks, one child process each).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { PersonaRecord } from '../src/core/types.js';
import { SqliteStore } from '../src/stores/sqlite-store.js';

const r = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** A process that takes the write lock, says "locked", holds it `holdMs`, commits and exits. */
async function holdLock(path: string, holdMs: number): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(path)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO locks (name, owner, until) VALUES (?, ?, ?)').run('bench-outside-' + process.pid, 'outside', 0);
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
  const exited = once(child, 'exit');
  await once(child.stdout, 'data');
  return { child, exited };
}

function record(i: number): PersonaRecord {
  const now = Date.now();
  return {
    id: `bench:k${i}`,
    world: 'bench',
    fingerprint: 'fp',
    key: `k${i}`,
    name: `Person ${i}`,
    traits: { age: 30 },
    hints: [],
    bio: 'A bio.',
    backstory: null,
    status: 'bio',
    model: 'bench',
    source: 'llm',
    models: { bio: 'bench', backstory: null },
    sources: { bio: 'llm', backstory: null },
    provisional: { bio: false, backstory: false },
    errors: { bio: null, backstory: null },
    consistency: null,
    checks: { bio: null, backstory: null },
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** One run: lag while `writes` personas are written during an outside lock of `holdMs`. */
async function run(path: string, busyTimeoutMs: number | undefined, holdMs: number, writes: number) {
  const store = new SqliteStore({ path, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
  await store.putPersona(record(-1)); // tables exist, statements warm
  const holder = await holdLock(path, holdMs);
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let ticks = 0;
  let last = performance.now();
  let maxGap = 0;
  const interval = setInterval(() => {
    ticks++;
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  const spacing = holdMs / writes;
  for (let i = 0; i < writes; i++) {
    pending.push(store.putPersona(record(i)));
    await new Promise((res) => setTimeout(res, spacing));
  }
  const results = await Promise.allSettled(pending);
  const allLandedMs = performance.now() - t0;
  clearInterval(interval);
  h.disable();
  await holder.exited;
  const landed = results.filter((x) => x.status === 'fulfilled').length;
  const stored = await store.countPersonas('bench', 'fp');
  await store.close();
  return {
    loopDelayMs: { p50: r(h.percentile(50) / 1e6), p99: r(h.percentile(99) / 1e6), max: r(h.max / 1e6) },
    tickMaxGapMs: r(maxGap),
    ticks,
    writes,
    landed,
    stored: stored - 1,
    allLandedMs: r(allLandedMs, 0),
  };
}

export async function sqliteLockBench(
  log: (...a: unknown[]) => void = () => undefined,
  options: { holdMs?: number; writes?: number } = {},
): Promise<Record<string, unknown>> {
  const holdMs = options.holdMs ?? 1_000;
  const writes = options.writes ?? 200;
  const dir = mkdtempSync(join(tmpdir(), 'personas-bench-lock-'));
  try {
    log('sqlite: event-loop lag under an outside write lock ...');
    const store = await run(join(dir, 'async.db'), undefined, holdMs, writes);
    log('sqlite: the same with a blocking 5 s busy_timeout (the old behaviour) ...');
    const blocking = await run(join(dir, 'blocking.db'), 5_000, holdMs, writes);
    return { sqliteOutsideLock: { holdMs, ...store, blockingBusyTimeout: blocking } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await sqliteLockBench(console.error), null, 2));
}
