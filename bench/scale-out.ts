/**
 * Scale-out throughput: the same spawn workload answered by 1, 2 and 4 game-server processes
 * sharing one Redis store. Each process (bench/scale-out-child.ts, a real `node --import tsx`
 * child) runs its own engine on Redis 127.0.0.1:6379 (a fresh key prefix per run, deleted
 * afterwards) and the OpenAI provider pointed at ONE loopback test server in this process with
 * a fixed latency per call, so the model is the bottleneck; every process gets the same provider
 * concurrency, so more processes = more model slots. Workload: 10,000 spawns (world handle ->
 * persona(key) -> bio, what the plugin's spawn does) over 50 worlds, 30 % of them repeating an
 * earlier (world, key) pair (half a recent one, half any), dealt round-robin to the processes so
 * a repeat often lands on another process than the first request; each process keeps `window`
 * spawns in flight (its players). Backstories are off (`backstories: { enabled: false }`) and
 * the pool is 0 and never warmed: the figure is about bios. World profiles are made before the
 * clock starts (their calls are counted apart).
 * Reports per process count: wall time, spawns/s, speed-up vs 1 process, model calls (the test
 * server's own log, by task), people whose bio the model was asked for (a call batches several)
 * vs unique (world, key) pairs (target: equal, no bio written twice across processes), the bio
 * path (made here / waited on another process's lock / store hit / memory hit), fallbacks, reply
 * times and CPU. Targets: >= 1.7x at 2 processes, >= 3x at 4.
 *   node --import tsx bench/scale-out.ts                      # 10,000 spawns, 1/2/4 processes
 *   node --import tsx bench/scale-out.ts --spawns 2000 --json # shorter; one JSON object on stdout
 *   options: --procs 1,2,4 --worlds 50 --repeat 0.3 --latency 60 --concurrency 4 --window 32 --seed 1
 * Then a backstory phase (bench/scale-out-backstories.ts: BullMQ jobs run by 1, 2 and 4 worker
 * processes, leases shorter than a call, and one SIGKILL run), printed as its own table and under
 * `backstories` in the JSON; `--no-backstories` skips it, `--backstories-only` runs only it.
 * Cost: about 75 s per 10,000 spawns at 1 process (60 ms, 4 slots), halving with each doubling,
 * plus ~1.5 min for the backstory phase; P + 1 Node processes; needs Redis on 127.0.0.1:6379
 * (REDIS_URL to change it).
 */
import './json-stdout.js';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { readDataBlock } from '../src/core/prompt.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { backstoryPhase, type BackstoryPhaseResult, backstoryTable } from './scale-out-backstories.js';
import type { BenchWorld, ChildConfig, ChildFigures, FromChild, SpawnRequest, ToChild } from './scale-out-child.js';

export interface ScaleOutOptions {
  spawns: number;
  worlds: number;
  /** Share of spawns repeating an earlier (world, key) pair. */
  repeat: number;
  procs: number[];
  latencyMs: number;
  concurrency: number;
  window: number;
  seed: number;
  redisUrl: string;
  log: (...args: unknown[]) => void;
}

export interface RunFigures {
  processes: number;
  wallSeconds: number;
  spawnsPerSecond: number;
  speedUp: number;
  /** Calls the test server answered while the spawns ran, by task. */
  modelCalls: { total: number; bios: number; other: Record<string, number> };
  /**
   * People in the bio calls (a call batches several), distinct (world, name) among them, and
   * re-asks of a person already written (`fix`: its draft failed a check; not a duplicate).
   */
  biosAsked: { persons: number; distinct: number; redo: number; personsPerCall: number };
  uniquePairs: number;
  /** Bio path over all processes (spawn requests, engine counters). */
  bioPath: { madeHere: number; waitedOnOtherProcess: number; storeHits: number; memoryHits: number; poolHits: number };
  /** What the spawns got: model bios vs fallback bios (deadline or error), failed. */
  bioSources: ChildFigures['bioSources'];
  fallbacks: number;
  engineErrors: number;
  firstErrors: string[];
  replyMs: { p50: number; p99: number; max: number };
  cpuSeconds: { children: number[]; parent: number };
  /** Calls made while the worlds were loaded, before the clock (profiles). */
  setupCalls: Record<string, number>;
  /** Bios the engines wrote (their metrics) beyond the unique pairs. */
  duplicateBios: number;
}

const DESCRIPTION_PLACES = [
  'A fishing village',
  'A mountain monastery',
  'A desert caravan town',
  'A busy river port',
  'A mining camp',
  'A walled city',
  'An island colony',
  'A forest hamlet',
  'A frontier trading post',
  'A border fort',
];
const DESCRIPTION_TIMES = ['in medieval Britain', 'in the Wild West', 'on Mars in 2300', 'in feudal Japan', 'after the Collapse'];

function worldsFor(n: number): BenchWorld[] {
  return Array.from({ length: n }, (_, i) => {
    const place = DESCRIPTION_PLACES[i % DESCRIPTION_PLACES.length]!;
    const time = DESCRIPTION_TIMES[Math.floor(i / DESCRIPTION_PLACES.length) % DESCRIPTION_TIMES.length]!;
    const lap = Math.floor(i / (DESCRIPTION_PLACES.length * DESCRIPTION_TIMES.length));
    return { id: `scale-${i}`, description: `${place} ${time}${lap ? ` (${lap + 1})` : ''}` };
  });
}

/** mulberry32: a small seeded generator, so every run gets the same workload. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The spawn sequence: new pairs on random worlds, `repeat` of them an earlier pair (half from the last 64 spawns). */
export function workload(options: Pick<ScaleOutOptions, 'spawns' | 'worlds' | 'repeat' | 'seed'>): {
  requests: SpawnRequest[];
  uniquePairs: number;
} {
  const rand = seeded(options.seed);
  const pairs: SpawnRequest[] = [];
  const requests: SpawnRequest[] = [];
  for (let i = 0; i < options.spawns; i++) {
    if (pairs.length && rand() < options.repeat) {
      const recent = rand() < 0.5;
      const from = recent ? Math.max(0, requests.length - 64) : 0;
      const pool = recent ? requests : pairs;
      requests.push(pool[from + Math.floor(rand() * (pool.length - from))]!);
    } else {
      const pair: SpawnRequest = [Math.floor(rand() * options.worlds), `npc-${pairs.length}`];
      pairs.push(pair);
      requests.push(pair);
    }
  }
  return { requests, uniquePairs: pairs.length };
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** The test server's calls since `from`, by task, and the people of its bio calls. */
function countCalls(server: TestLlmServer, from: number) {
  const other: Record<string, number> = {};
  let bios = 0;
  let persons = 0;
  let redo = 0;
  const distinct = new Set<string>();
  const log = server.requests.slice(from);
  for (const entry of log) {
    const task = entry.task ?? '(none)';
    if (task !== 'bios') {
      other[task] = (other[task] ?? 0) + 1;
      continue;
    }
    bios++;
    const user = [...entry.messages].reverse().find((m) => m.role === 'user');
    const data = user ? readDataBlock(user.content) : null;
    const people = Array.isArray(data?.people) ? (data.people as Array<Record<string, unknown>>) : [];
    for (const p of people) {
      persons++;
      if (Array.isArray(p.fix) && p.fix.length) redo++;
      distinct.add(`${String(data?.world)}\u0000${String(p.name)}`);
    }
  }
  return { total: log.length, bios, other, persons, distinct: distinct.size, redo };
}

/** Children alive, by pid: each leads its own process group (detached), killed whole on error. */
const live = new Map<number, ChildProcess>();
export function killAll(): void {
  for (const [pid] of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}
/** Redis key tokens of runs not yet cleaned (an interrupt cleans them before exiting). */
export const dirty = new Set<{ url: string; token: string }>();
process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    killAll();
    void Promise.all([...dirty].map((d) => cleanRedis(d.url, d.token).catch(() => 0))).finally(() => process.exit(130));
  });

export interface Child {
  proc: ChildProcess;
  next<T extends FromChild['type']>(type: T): Promise<Extract<FromChild, { type: T }>>;
  send(msg: ToChild): void;
  exited: Promise<void>;
}

export function startChild(config: ChildConfig): Child {
  const script = fileURLToPath(new URL('./scale-out-child.ts', import.meta.url));
  const proc = fork(script, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    detached: true,
  });
  live.set(proc.pid!, proc);
  // A child's stdout goes to stderr: stdout carries the JSON alone.
  proc.stdout!.pipe(process.stderr);
  const waiting = new Map<string, (msg: FromChild) => void>();
  let failure: Error | null = null;
  const failers = new Set<(err: Error) => void>();
  const fail = (err: Error) => {
    failure ??= err;
    for (const f of failers) f(failure);
  };
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      live.delete(proc.pid!);
      fail(new Error(`child ${config.index} exited (${signal ?? code})`));
      resolve();
    }),
  );
  proc.on('message', (msg: FromChild) => {
    if (msg.type === 'error') return fail(new Error(`child ${config.index}: ${msg.message}`));
    waiting.get(msg.type)?.(msg);
    waiting.delete(msg.type);
  });
  return {
    proc,
    exited,
    send: (msg) => proc.send(msg),
    next: (type) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        failers.add(reject);
        waiting.set(type, (msg) => {
          failers.delete(reject);
          resolve(msg as never);
        });
      }),
  };
}

export async function stopChildren(children: Child[]): Promise<void> {
  for (const c of children) if (c.proc.connected) c.send({ type: 'close' });
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
  if ((await Promise.race([Promise.all(children.map((c) => c.exited)), timeout])) === 'timeout') killAll();
}

export async function cleanRedis(url: string, token: string): Promise<number> {
  const redis = new Redis(url);
  let deleted = 0;
  try {
    // The store's keys start with the prefix; BullMQ's queue keys carry it inside: match the token anywhere.
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `*${token}*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

async function runOnce(
  processes: number,
  options: ScaleOutOptions,
  server: TestLlmServer,
  worlds: BenchWorld[],
  work: ReturnType<typeof workload>,
): Promise<Omit<RunFigures, 'speedUp'>> {
  const token = `${process.pid}-${randomUUID().slice(0, 8)}-p${processes}`;
  const prefix = `personas-scale:${token}:`;
  const children: Child[] = [];
  const keys = { url: options.redisUrl, token };
  dirty.add(keys);
  try {
    for (let i = 0; i < processes; i++)
      children.push(
        startChild({
          index: i,
          redisUrl: options.redisUrl,
          prefix,
          llmUrl: server.url,
          concurrency: options.concurrency,
          window: options.window,
        }),
      );
    await Promise.all(children.map((c) => c.next('ready')));
    // Profiles: one process makes them, then every process loads them (store hits), before the clock.
    const setupFrom = server.requests.length;
    const load = (c: Child) => {
      const loaded = c.next('loaded');
      c.send({ type: 'load', worlds });
      return loaded;
    };
    await load(children[0]!);
    await Promise.all(children.slice(1).map(load));
    const setup = countCalls(server, setupFrom);

    const shares: SpawnRequest[][] = children.map(() => []);
    work.requests.forEach((r, i) => shares[i % processes]!.push(r));
    const from = server.requests.length;
    const parentCpu = process.cpuUsage();
    const started = performance.now();
    const done = children.map((c, i) => {
      const result = c.next('done');
      c.send({ type: 'run', requests: shares[i]! });
      return result;
    });
    const figures = (await Promise.all(done)).map((d) => d.figures);
    const wall = (performance.now() - started) / 1000;
    const cpuUsed = process.cpuUsage(parentCpu);
    const calls = countCalls(server, from);

    const sum = (f: (c: ChildFigures) => number) => figures.reduce((n, c) => n + f(c), 0);
    const made = sum((c) => c.engine.created);
    const storeHits = sum((c) => c.engine.storeHits);
    const memoryHits = sum((c) => c.engine.memoryHits);
    const poolHits = sum((c) => c.engine.poolHits);
    const written = sum((c) => c.engine.biosWrittenLlm + c.engine.biosWrittenProcedural);
    return {
      processes,
      wallSeconds: round(wall),
      spawnsPerSecond: round(work.requests.length / wall, 1),
      modelCalls: { total: calls.total, bios: calls.bios, other: calls.other },
      biosAsked: {
        persons: calls.persons,
        distinct: calls.distinct,
        redo: calls.redo,
        personsPerCall: round(calls.persons / Math.max(1, calls.bios)),
      },
      uniquePairs: work.uniquePairs,
      bioPath: {
        madeHere: made,
        waitedOnOtherProcess: work.requests.length - made - storeHits - memoryHits - poolHits,
        storeHits,
        memoryHits,
        poolHits,
      },
      bioSources: {
        llm: sum((c) => c.bioSources.llm),
        procedural: sum((c) => c.bioSources.procedural),
        provisional: sum((c) => c.bioSources.provisional),
        failed: sum((c) => c.bioSources.failed),
      },
      fallbacks: sum((c) => c.engine.fallbacks),
      engineErrors: sum((c) => c.engine.errors),
      firstErrors: figures.flatMap((c) => c.engine.firstErrors).slice(0, 5),
      // Per process p50/p99 are not additive: the worst process's figure.
      replyMs: {
        p50: Math.max(...figures.map((c) => c.replyMs.p50)),
        p99: Math.max(...figures.map((c) => c.replyMs.p99)),
        max: Math.max(...figures.map((c) => c.replyMs.max)),
      },
      cpuSeconds: { children: figures.map((c) => c.cpuSeconds), parent: round((cpuUsed.user + cpuUsed.system) / 1e6) },
      setupCalls: { total: setup.total, ...setup.other, ...(setup.bios ? { bios: setup.bios } : {}) },
      duplicateBios: Math.max(0, written - work.uniquePairs),
    };
  } finally {
    await stopChildren(children);
    const deleted = await cleanRedis(options.redisUrl, token);
    dirty.delete(keys);
    options.log(`  ${processes} process(es): stopped, ${deleted} Redis keys under ${prefix} deleted`);
  }
}

export async function scaleOutBench(options: ScaleOutOptions) {
  const worlds = worldsFor(options.worlds);
  const work = workload(options);
  const server = await startTestLlmServer({ latencyMs: options.latencyMs });
  const runs: RunFigures[] = [];
  try {
    for (const p of options.procs) {
      options.log(`scale-out: ${p} process(es), ${options.spawns} spawns ...`);
      const run = await runOnce(p, options, server, worlds, work);
      const base = runs[0]?.processes === 1 ? runs[0] : run.processes === 1 ? run : null;
      runs.push({ ...run, speedUp: base ? round(run.spawnsPerSecond / base.spawnsPerSecond) : NaN });
      server.reset();
    }
  } finally {
    await server.close();
  }
  const at = (n: number) => runs.find((r) => r.processes === n);
  return {
    setup: {
      spawns: options.spawns,
      worlds: options.worlds,
      repeatShare: options.repeat,
      uniquePairs: work.uniquePairs,
      modelLatencyMs: options.latencyMs,
      providerConcurrencyPerProcess: options.concurrency,
      spawnsInFlightPerProcess: options.window,
      liveBatch: 4,
      backstories: 'off (backstories: { enabled: false }): bios only',
      pool: 'size 0, never warmed: keyed spawns only, no refill calls',
      store: `Redis ${options.redisUrl}, fresh prefix per run, deleted afterwards`,
      llm: 'one in-process loopback OpenAI test server shared by every process',
      cores: (await import('node:os')).availableParallelism(),
    },
    runs,
    targets: {
      // Each pair's bio asked of the model once; re-asks of the same person (`fix`: a draft failed the
      // consistency or near-duplicate check, written again once) are quality rewrites, shown apart.
      noDuplicateBios: runs.every(
        (r) => r.biosAsked.persons - r.biosAsked.redo === r.uniquePairs && r.biosAsked.distinct === r.uniquePairs,
      ),
      speedUp2: at(2) ? { got: at(2)!.speedUp, want: 1.7, ok: at(2)!.speedUp >= 1.7 } : null,
      speedUp4: at(4) ? { got: at(4)!.speedUp, want: 3, ok: at(4)!.speedUp >= 3 } : null,
    },
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function table(result: Awaited<ReturnType<typeof scaleOutBench>>): string {
  const rows = result.runs.map((r) =>
    [
      r.processes,
      r.wallSeconds.toFixed(1),
      r.spawnsPerSecond.toFixed(0),
      `${r.speedUp.toFixed(2)}x`,
      `${r.modelCalls.total} (${r.modelCalls.bios} bio)`,
      `${r.biosAsked.persons} (${r.biosAsked.redo} re-asked) / ${r.biosAsked.distinct} / ${r.uniquePairs}`,
      `${r.bioPath.madeHere}/${r.bioPath.waitedOnOtherProcess}/${r.bioPath.storeHits}/${r.bioPath.memoryHits}/${r.bioPath.poolHits}`,
      `${r.bioSources.llm}/${r.bioSources.procedural}/${r.bioSources.failed}`,
      `${r.replyMs.p50}/${r.replyMs.p99}`,
      `${r.cpuSeconds.children.join('+')} | ${r.cpuSeconds.parent}`,
    ].join('  |  '),
  );
  const head = [
    'procs',
    'wall s',
    'spawns/s',
    'speed-up',
    'model calls',
    'bio persons asked / distinct / unique pairs',
    'path made/waited-other/store/memory/pool',
    'spawn bios llm/fallback/failed',
    'reply p50/p99 ms',
    'CPU s children | server',
  ].join('  |  ');
  return [head, ...rows].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const json = process.argv.includes('--json');
  const options: ScaleOutOptions = {
    spawns: Number(arg('spawns') ?? 10_000),
    worlds: Number(arg('worlds') ?? 50),
    repeat: Number(arg('repeat') ?? 0.3),
    procs: (arg('procs') ?? '1,2,4').split(',').map(Number),
    latencyMs: Number(arg('latency') ?? 60),
    concurrency: Number(arg('concurrency') ?? 4),
    window: Number(arg('window') ?? 32),
    seed: Number(arg('seed') ?? 1),
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    log: (...a) => console.error(...a),
  };
  const withBackstories = !process.argv.includes('--no-backstories');
  const bioPhase = !process.argv.includes('--backstories-only');
  const backstories = () =>
    backstoryPhase({
      personas: Number(arg('bs-personas') ?? 400),
      worlds: Number(arg('bs-worlds') ?? 4),
      procs: options.procs,
      latencyMs: options.latencyMs,
      backstoryLatencyMs: Number(arg('bs-latency') ?? 1_500),
      leaseMs: Number(arg('bs-lease') ?? 1_000),
      concurrency: options.concurrency,
      batch: Number(arg('bs-batch') ?? 4),
      kill: !process.argv.includes('--no-kill'),
      redisUrl: options.redisUrl,
      log: options.log,
    });
  (async () => {
    const result = bioPhase ? await scaleOutBench(options) : null;
    const bs: BackstoryPhaseResult | null = withBackstories ? await backstories() : null;
    if (json) process.stdout.write(`${JSON.stringify({ ...(result ?? {}), ...(bs ? { backstories: bs } : {}) })}\n`);
    else {
      if (result) {
        console.log(JSON.stringify(result.setup, null, 2));
        console.log(table(result));
        console.log(JSON.stringify(result.targets));
      }
      if (bs) {
        console.log(`\nbackstories: ${JSON.stringify(bs.setup, null, 2)}`);
        console.log(backstoryTable(bs));
        console.log(JSON.stringify(bs.targets));
      }
    }
  })().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      killAll();
      void Promise.all([...dirty].map((d) => cleanRedis(d.url, d.token).catch(() => 0))).finally(() => process.exit(1));
    },
  );
}
