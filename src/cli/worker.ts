/**
 * The `worker` command: background generation without a game server. It opens an engine on
 * the shared store and job queue (Redis and BullMQ at REDIS_URL; else the SQLite file, whose
 * queue processes on one host share) and runs the queue's jobs (backstories queued by game
 * servers; whole personas queued by `generate --enqueue`; on Redis, upgrades of provisional
 * texts and refills of shared warm pools) until it is stopped. SIGTERM or SIGINT stops it
 * gracefully: it leases nothing new, lets the jobs running finish for up to `--drain-ms`, and
 * hands the rest back to the queue so another worker runs them (a SIGKILL loses nothing
 * either: the lease lapses and another worker takes the job). A status line goes to stderr
 * every `--status-every` seconds.
 *   REDIS_URL=redis://127.0.0.1:6379 OPENAI_BASE_URL=... colyseus-personas worker --concurrency 16
 * Cost: one engine (no warm pool); per job, what a backstory costs; per status line, one
 * count of the queue.
 */
import { createPersonaEngine, type PersonaEngine } from '../engine/engine.js';
import type { StoreSpec } from '../stores/index.js';
import { describeError } from './exit-codes.js';

export interface WorkerOptions {
  provider: 'env' | 'procedural';
  /** SQLite file instead of REDIS_URL / PERSONAS_DB. */
  db?: string;
  /** Jobs leased and running at once. Default: the engine's (enough to fill the provider's slots). */
  concurrency?: number;
  /** Backstories per model call. Default: the engine's (4). */
  batch?: number;
  /** How long a lease outlives this worker's last heartbeat. Default: the engine's (15 s). */
  leaseMs?: number;
  /** On SIGTERM, how long running jobs may finish before the rest are handed back. Default: 10,000 ms. */
  drainMs: number;
  /** Seconds between status lines; 0 = none. Default: 10. */
  statusEvery: number;
  /** Stop after this many ms (tests, one-off runs); default: run until signalled. */
  stopAfterMs?: number;
  /** Where lines go. Default: stderr. */
  log?: (line: string) => void;
}

export interface WorkerSummary {
  done: number;
  retried: number;
  failed: number;
  /** Jobs handed back to the queue at shutdown (their drain ran out). */
  handedBack: number;
}

function storeSpec(db: string | undefined): StoreSpec | undefined {
  if (db) return { kind: 'sqlite', path: db };
  const url = process.env.REDIS_URL;
  if (url) return { kind: 'redis', url, prefix: process.env.PERSONAS_REDIS_PREFIX || undefined };
  return undefined;
}

/** Run jobs until SIGTERM/SIGINT (or `stopAfterMs`), then drain and hand back. */
export async function runWorker(options: WorkerOptions, engine?: PersonaEngine): Promise<WorkerSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const eng =
    engine ??
    createPersonaEngine({
      provider: options.provider,
      store: storeSpec(options.db),
      pool: { size: 0 },
      // Persona jobs (generate --enqueue) make bios here: nobody is waiting, so no deadline, and full batches.
      liveBioDeadlineMs: false,
      liveBatch: 8,
      // No game server here: every provider slot may run background work.
      scheduler: { reservedForLive: 0 },
      backstories: {
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.batch ? { batch: options.batch } : {}),
        ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      },
      onError: (err) => log(`colyseus-personas worker: ${describeError(err)}`),
    });
  // Reach the queue first: a wrong REDIS_URL fails here, at once.
  const counts = await eng.queue.counts();
  log(
    `colyseus-personas worker ${eng.instanceId}: ${eng.queue.kind} queue (${counts.queued} queued, ${counts.leased} running elsewhere), provider ${eng.provider.name}; SIGTERM or Ctrl-C stops it gracefully`,
  );
  const status = async (): Promise<void> => {
    const c = await eng.metrics.refreshJobs();
    const f = eng.metrics.snapshot().jobs.finished;
    log(
      `worker: ${f.done} done, ${f.retried} retried, ${f.failed} failed here; running ${eng.inFlight.backstories}; queue: ${c?.queued ?? '?'} queued, ${c?.leased ?? '?'} leased`,
    );
  };
  const timer =
    options.statusEvery > 0
      ? setInterval(() => void status().catch((err: unknown) => log(`worker: status: ${describeError(err)}`)), options.statusEvery * 1000)
      : null;
  timer?.unref();
  await new Promise<void>((resolve) => {
    // Every engine timer is unref'd (a host's own loop keeps it alive); here nothing else would.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    const stop = (): void => {
      process.off('SIGTERM', stop).off('SIGINT', stop);
      clearTimeout(stopTimer);
      clearInterval(keepAlive);
      resolve();
    };
    process.once('SIGTERM', stop).once('SIGINT', stop);
    const stopTimer = options.stopAfterMs ? setTimeout(stop, options.stopAfterMs) : undefined;
  });
  if (timer) clearInterval(timer);
  log(`worker: stopping; running jobs get ${options.drainMs} ms to finish, the rest go back to the queue`);
  await eng.drain(options.drainMs);
  const handedBack = eng.inFlight.backstories;
  const { finished } = eng.metrics.snapshot().jobs;
  if (!engine) await eng.close();
  log(`worker: stopped (${finished.done} done, ${finished.retried} retried, ${finished.failed} failed, ${handedBack} handed back)`);
  return { ...finished, handedBack };
}
