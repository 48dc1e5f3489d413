/**
 * One game-server process of the scale-out bench (bench/scale-out.ts forks it; not run by hand).
 * It holds its own engine on the shared Redis store and the parent's loopback OpenAI test server,
 * loads the bench's worlds when told, then answers its share of the spawn requests (world
 * handle -> persona(key) -> await .bio, as the plugin's spawn does) with at most `window` in
 * flight, and reports what it saw: bio sources, its engine's metrics and its CPU time.
 *   parent: fork('bench/scale-out-child.ts', [], { execArgv: ['--import', 'tsx'], detached: true })
 *   parent -> child: { type: 'load', worlds }  { type: 'run', requests }  { type: 'close' }
 * With `worker` in its config it is instead a backstory worker process (the bench's backstory
 * phase, bench/scale-out-backstories.ts): on { type: 'work' } it opens an engine with backstories
 * on and no game load (what `colyseus-personas worker` opens), runs the queue's jobs until told
 * to close, and answers { type: 'stats' } with its job counts.
 * Cost: one engine (2-3 Redis connections, a BullMQ queue when the store is Redis); memory grows
 * with the handles it holds (one per distinct persona it answered).
 */
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';

export interface ChildConfig {
  index: number;
  redisUrl: string;
  prefix: string;
  llmUrl: string;
  /** Provider slots (concurrent model calls) of this process. */
  concurrency: number;
  /** Spawns this process keeps in flight at once (its players). */
  window: number;
  /** Set: a backstory worker process instead of a game server (see the header). */
  worker?: WorkerConfig;
}
export interface WorkerConfig {
  /** Job lease (backstories.leaseMs); renewed every third of it. */
  leaseMs: number;
  /** Backstories per model call. */
  batch: number;
  /** Backstory model name of this process, so the test server's log tells its calls apart. */
  backstoryModel: string;
}
export interface BenchWorld {
  id: string;
  description: string;
}
/** One spawn: [world index, persona key]. */
export type SpawnRequest = [number, string];

export type ToChild =
  | { type: 'load'; worlds: BenchWorld[] }
  | { type: 'run'; requests: SpawnRequest[] }
  | { type: 'work' }
  | { type: 'stats' }
  | { type: 'close' };

/** A backstory worker process's own counts since it started work. */
export interface WorkerFigures {
  index: number;
  jobs: { done: number; retried: number; failed: number };
  backstoryCalls: number;
  cpuSeconds: number;
  errors: number;
  firstErrors: string[];
}

export interface ChildFigures {
  index: number;
  requests: number;
  /** Bios as the spawns got them: written by the model, or by the procedural fallback (deadline, error). */
  bioSources: { llm: number; procedural: number; provisional: number; failed: number };
  /** Spawn reply times (request to bio) in ms. */
  replyMs: { p50: number; p99: number; max: number };
  /** This process's CPU time over the run, in seconds. */
  cpuSeconds: number;
  /** The engine's own counts (metrics.snapshot()). */
  engine: {
    created: number;
    memoryHits: number;
    storeHits: number;
    poolHits: number;
    poolMisses: number;
    biosWrittenLlm: number;
    biosWrittenProcedural: number;
    calls: { profile: number; bio: number; backstory: number };
    fallbacks: number;
    errors: number;
    firstErrors: string[];
  };
}

export type FromChild =
  | { type: 'ready'; index: number }
  | { type: 'loaded'; index: number }
  | { type: 'done'; figures: ChildFigures }
  | { type: 'working'; index: number }
  | { type: 'stats'; figures: WorkerFigures }
  | { type: 'error'; index: number; message: string };

const round = (n: number) => Math.round(n * 100) / 100;

function quantiles(values: number[]): { p50: number; p99: number; max: number } {
  if (!values.length) return { p50: 0, p99: 0, max: 0 };
  const s = Float64Array.from(values).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[s.length - 1]!) };
}

function send(msg: FromChild): void {
  process.send?.(msg);
}

/** A backstory worker: the engine `colyseus-personas worker` opens (no pool, every slot for background work). */
async function mainWorker(config: ChildConfig, worker: WorkerConfig): Promise<void> {
  const errors = { count: 0, first: [] as string[] };
  const noteError = (err: unknown) => {
    errors.count++;
    if (errors.first.length < 5) errors.first.push(err instanceof Error ? err.message : String(err));
  };
  let engine: PersonaEngine | null = null;
  let cpu = process.cpuUsage();
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await engine?.close().catch(noteError);
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  process.on('message', (msg: ToChild) => {
    void (async () => {
      try {
        if (msg.type === 'work') {
          cpu = process.cpuUsage();
          engine = createPersonaEngine({
            provider: new OpenAIProvider({
              baseURL: config.llmUrl,
              apiKey: 'bench',
              maxRetries: 0,
              concurrency: config.concurrency,
              models: { profile: ['bench-profile'], bio: ['bench-bio'], backstory: [worker.backstoryModel] },
            }),
            store: { kind: 'redis', url: config.redisUrl, prefix: config.prefix },
            pool: { size: 0 },
            // No game server here: every provider slot may run background work.
            scheduler: { concurrency: config.concurrency, reservedForLive: 0 },
            backstories: { leaseMs: worker.leaseMs, batch: worker.batch },
            instanceId: `scale-out-worker-${config.index}-${process.pid}`,
            onError: noteError,
          });
          send({ type: 'working', index: config.index });
        } else if (msg.type === 'stats') {
          const m = engine?.metrics.snapshot();
          const used = process.cpuUsage(cpu);
          send({
            type: 'stats',
            figures: {
              index: config.index,
              jobs: m ? { ...m.jobs.finished } : { done: 0, retried: 0, failed: 0 },
              backstoryCalls: m?.calls.backstory ?? 0,
              cpuSeconds: round((used.user + used.system) / 1e6),
              errors: errors.count,
              firstErrors: errors.first,
            },
          });
        } else if (msg.type === 'close') {
          await close();
        }
      } catch (err) {
        send({ type: 'error', index: config.index, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
  send({ type: 'ready', index: config.index });
}

async function main(config: ChildConfig): Promise<void> {
  if (config.worker) return mainWorker(config, config.worker);
  const errors = { count: 0, first: [] as string[] };
  const noteError = (err: unknown) => {
    errors.count++;
    if (errors.first.length < 5) errors.first.push(err instanceof Error ? err.message : String(err));
  };
  const provider = new OpenAIProvider({
    baseURL: config.llmUrl,
    apiKey: 'bench',
    maxRetries: 0,
    concurrency: config.concurrency,
    models: { profile: ['bench-profile'], bio: ['bench-bio'], backstory: ['bench-backstory'] },
  });
  const engine: PersonaEngine = createPersonaEngine({
    provider,
    store: { kind: 'redis', url: config.redisUrl, prefix: config.prefix },
    scheduler: { concurrency: config.concurrency },
    // Keyed spawns never take from the pool; no warm() either, so no refill calls (counted anyway).
    pool: { size: 0 },
    // The figure is about bios: no background backstory worker in any process.
    backstories: { enabled: false },
    instanceId: `scale-out-${config.index}-${process.pid}`,
    onError: noteError,
  });
  let worlds: BenchWorld[] = [];
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await engine.close().catch(noteError);
    process.exit(0);
  };
  // The parent went away (crash, kill): shut down cleanly rather than linger.
  process.on('disconnect', () => void close());

  process.on('message', (msg: ToChild) => {
    void (async () => {
      try {
        if (msg.type === 'load') {
          worlds = msg.worlds;
          await Promise.all(worlds.map((w) => engine.world(w).ready));
          send({ type: 'loaded', index: config.index });
        } else if (msg.type === 'run') {
          send({ type: 'done', figures: await run(engine, worlds, msg.requests, config, errors) });
        } else if (msg.type === 'close') {
          await close();
        }
      } catch (err) {
        send({ type: 'error', index: config.index, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
  send({ type: 'ready', index: config.index });
}

async function run(
  engine: PersonaEngine,
  worlds: BenchWorld[],
  requests: SpawnRequest[],
  config: ChildConfig,
  errors: { count: number; first: string[] },
): Promise<ChildFigures> {
  const handles = worlds.map((w) => engine.world(w));
  const before = engine.metrics.snapshot();
  const cpu = process.cpuUsage();
  const bioSources = { llm: 0, procedural: 0, provisional: 0, failed: 0 };
  const replyMs: number[] = [];
  let next = 0;
  // `window` players, each sending its next spawn when the last one has its bio.
  const player = async () => {
    while (next < requests.length) {
      const [w, key] = requests[next++]!;
      const t0 = performance.now();
      const rec = await handles[w]!.persona(key).bio;
      replyMs.push(performance.now() - t0);
      if (rec.status === 'failed' || rec.bio === null) bioSources.failed++;
      else if (rec.sources.bio === 'llm') bioSources.llm++;
      else bioSources.procedural++;
      if (rec.provisional.bio) bioSources.provisional++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.window, requests.length) }, player));
  const used = process.cpuUsage(cpu);
  const m = engine.metrics.snapshot();
  return {
    index: config.index,
    requests: requests.length,
    bioSources,
    replyMs: quantiles(replyMs),
    cpuSeconds: round((used.user + used.system) / 1e6),
    engine: {
      created: m.personas.created - before.personas.created,
      memoryHits: m.personas.memoryHits - before.personas.memoryHits,
      storeHits: m.personas.storeHits - before.personas.storeHits,
      poolHits: m.pool.hits - before.pool.hits,
      poolMisses: m.pool.misses - before.pool.misses,
      biosWrittenLlm: m.texts.bio.llm - before.texts.bio.llm,
      biosWrittenProcedural: m.texts.bio.procedural - before.texts.bio.procedural,
      calls: {
        profile: m.calls.profile - before.calls.profile,
        bio: m.calls.bio - before.calls.bio,
        backstory: m.calls.backstory - before.calls.backstory,
      },
      fallbacks: m.fallbacks.total - before.fallbacks.total,
      errors: errors.count,
      firstErrors: errors.first,
    },
  };
}

const raw = process.argv[2];
if (!raw || !process.send) {
  console.error('bench/scale-out-child.ts is forked by bench/scale-out.ts with its config as the first argument');
  process.exit(2);
}
main(JSON.parse(raw) as ChildConfig).catch((err: unknown) => {
  send({ type: 'error', index: -1, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
