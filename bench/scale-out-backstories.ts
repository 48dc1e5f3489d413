/**
 * The scale-out bench's backstory phase (bench/scale-out.ts runs it after the bio phase; on by
 * default, `--no-backstories` skips it, `--backstories-only` runs only it). Background backstory
 * jobs on BullMQ, run by 1, 2 and 4 worker processes (bench/scale-out-child.ts in worker mode:
 * each an engine on the same Redis prefix with backstories on, the OpenAI provider at one
 * loopback test server in this process, provider concurrency 4, batch 4) with a lease SHORTER
 * than a backstory call (1,000 ms vs 1,500 ms: only the heartbeat, every lease/3, keeps a job
 * from being run twice). Per run, on a fresh key prefix: one engine here (its worker off) makes
 * the bios of `personas` NPCs over `worlds` worlds, its handles queue one backstory job each;
 * then the workers start and the clock runs until the queue holds no queued or leased job.
 * Reports per process count: wall time, backstories/s, speed-up vs 1, backstory model calls,
 * persons asked vs personas (duplicates = a person asked more than once: target 0), jobs lost
 * (queued + leased + failed left: target 0), backstories stored.
 * Then one SIGKILL run at 2 processes: worker 0's process group is killed once its backstory
 * calls are open, the survivor finishes; reported: jobs lost (target 0), personas asked twice
 * (only those whose call was open at the kill may be), calls open at the kill, and the time from
 * the kill to the survivor's first re-ask of a person the dead worker had open.
 * Each worker has its own backstory model name, so the test server's log says whose call it was.
 *   node --import tsx bench/scale-out.ts --backstories-only           # this phase alone
 *   node --import tsx bench/scale-out.ts --backstories-only --bs-personas 100 --procs 1,2 --json
 *   options: --bs-personas 400 --bs-worlds 4 --bs-latency 1500 --bs-lease 1000 --bs-batch 4 --no-kill
 * Cost: about 40 s at 1 process for 400 personas (100 calls of 1.5 s over 4 slots), halving
 * with each doubling, plus ~25 s for the SIGKILL run and a few seconds of bios per run;
 * P + 1 Node processes; Redis on 127.0.0.1:6379 (REDIS_URL), every key deleted afterwards.
 */
import { randomUUID } from 'node:crypto';
import { readDataBlock } from '../src/core/prompt.js';
import { backstoryJobId } from '../src/engine/backstory-options.js';
import { createPersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { BullJobQueue } from '../src/stores/bull-job-queue.js';
import { RedisStore } from '../src/stores/redis-store.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import type { LoggedRequest } from '../src/testing/server-config.js';
import { type Child, cleanRedis, dirty, startChild, stopChildren } from './scale-out.js';
import type { BenchWorld, WorkerFigures } from './scale-out-child.js';

export interface BackstoryPhaseOptions {
  personas: number;
  worlds: number;
  procs: number[];
  /** Latency of every call but backstories (profiles, bios: the setup). */
  latencyMs: number;
  backstoryLatencyMs: number;
  leaseMs: number;
  /** Provider slots per worker process. */
  concurrency: number;
  batch: number;
  /** Run the SIGKILL run at 2 processes. */
  kill: boolean;
  redisUrl: string;
  log: (...args: unknown[]) => void;
}

export interface BackstoryRun {
  processes: number;
  wallSeconds: number;
  backstoriesPerSecond: number;
  speedUp: number;
  personas: number;
  /** Backstory calls the test server got while the workers ran, and by worker. */
  modelCalls: { backstory: number; byWorker: number[]; personsPerCall: number };
  /** People in those calls; distinct (world, name); asked more than once; quality re-asks (`fix`). */
  asked: { persons: number; distinct: number; duplicates: number; redo: number };
  /** The queue at the end (done from BullMQ's own count). */
  jobs: { done: number; queued: number; leased: number; failed: number };
  /** queued + leased + failed left at the end. */
  lost: number;
  /** Personas whose stored record has a backstory. */
  stored: number;
  timedOut: boolean;
  workers: WorkerFigures[];
}

export interface KillRun extends Omit<BackstoryRun, 'speedUp'> {
  /** From the workers' start to the kill. */
  killedAfterMs: number;
  /** Backstory calls open at the kill, all workers / the killed one's, and the people in the killed one's. */
  openCallsAtKill: { all: number; killed: number; killedPersons: number };
  /** Persons asked twice, and how many of those were NOT in a call open at the kill (target 0). */
  askedTwice: number;
  askedTwiceNotOpenAtKill: number;
  /** From the kill to the survivor's first call re-asking a person the killed worker had open (null: none re-asked). */
  pickupMs: number | null;
  /** From the kill to the first of those jobs seen freed (queued again, or leased by the survivor): BullMQ's stalled check. */
  freedMs: number | null;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isBackstory = (r: LoggedRequest) => r.task === 'backstory' || r.task === 'backstories';
const MODEL_PREFIX = 'bench-backstory-';
const modelOf = (index: number) => `${MODEL_PREFIX}${index}`;

/** The people of one backstory call, as `world \0 name`, and whether it is a quality re-ask. */
function peopleOf(r: LoggedRequest): { people: string[]; redo: boolean } {
  const user = [...r.messages].reverse().find((m) => m.role === 'user');
  const data = user ? readDataBlock(user.content) : null;
  const world = String(data?.world);
  if (r.task === 'backstory') {
    const person = data?.person as { name?: unknown } | undefined;
    return { people: [`${world}\u0000${String(person?.name)}`], redo: Array.isArray(data?.fix) && data.fix.length > 0 };
  }
  const people = Array.isArray(data?.people) ? (data.people as Array<{ name?: unknown }>) : [];
  return { people: people.map((p) => `${world}\u0000${String(p.name)}`), redo: false };
}

function backstoryWorlds(n: number): BenchWorld[] {
  const places = [
    'A salt-marsh village',
    'A dwarven deep-hold',
    'An orbital shipyard',
    'A canal city of glassblowers',
    'A steppe horse fair',
  ];
  const times = ['in the age of sail', 'after the long winter', 'in 2450', 'under the old empire'];
  return Array.from({ length: n }, (_, i) => ({
    id: `bs-${i}`,
    description: `${places[i % places.length]} ${times[Math.floor(i / places.length) % times.length]}${i >= places.length * times.length ? ` (${i})` : ''}`,
  }));
}

interface Ref {
  world: string;
  fingerprint: string;
  key: string;
  /** `world description \0 name`, as peopleOf() names a person. */
  person: string;
}

/** One engine here (worker off) makes the bios; its handles queue the backstory jobs. */
async function makeBios(options: BackstoryPhaseOptions, server: TestLlmServer, prefix: string): Promise<Ref[]> {
  const game = createPersonaEngine({
    provider: new OpenAIProvider({
      baseURL: server.url,
      apiKey: 'bench',
      maxRetries: 0,
      concurrency: 16,
      models: { profile: ['bench-profile'], bio: ['bench-bio'], backstory: ['bench-backstory-game'] },
    }),
    store: { kind: 'redis', url: options.redisUrl, prefix },
    pool: { size: 0 },
    backstories: { enabled: false },
  });
  try {
    const defs = backstoryWorlds(options.worlds);
    const describe = new Map(defs.map((w) => [w.id, w.description]));
    const worlds = defs.map((w) => game.world(w));
    const handles = Array.from({ length: options.personas }, (_, i) => worlds[i % worlds.length]!.persona(`bs-npc-${i}`));
    const records = await Promise.all(handles.map((h) => h.bio));
    const bad = records.filter((r) => r.bio === null || r.status === 'failed').length;
    if (bad) throw new Error(`${bad} of ${records.length} bios failed in the setup`);
    return records.map((r) => ({
      world: r.world,
      fingerprint: r.fingerprint,
      key: r.key,
      person: `${describe.get(r.world)}\u0000${r.name}`,
    }));
  } finally {
    // close() waits until every backstory job of a resolved bio is in the queue.
    await game.close();
  }
}

interface RunResult {
  run: BackstoryRun;
  kill: Omit<KillRun, keyof BackstoryRun> | null;
}

async function runOnce(processes: number, options: BackstoryPhaseOptions, server: TestLlmServer, kill: boolean): Promise<RunResult> {
  const token = `${process.pid}-${randomUUID().slice(0, 8)}-bs${processes}${kill ? 'k' : ''}`;
  const prefix = `personas-scale:${token}:`;
  const keys = { url: options.redisUrl, token };
  dirty.add(keys);
  const children: Child[] = [];
  const store = new RedisStore({ url: options.redisUrl, prefix });
  const queue = new BullJobQueue(store.queueOptions());
  try {
    const refs = await makeBios(options, server, prefix);
    const queued = await queue.counts();
    if (queued.queued !== options.personas)
      throw new Error(`expected ${options.personas} queued backstory jobs after the bios, found ${JSON.stringify(queued)}`);

    for (let i = 0; i < processes; i++)
      children.push(
        startChild({
          index: i,
          redisUrl: options.redisUrl,
          prefix,
          llmUrl: server.url,
          concurrency: options.concurrency,
          window: 0,
          worker: { leaseMs: options.leaseMs, batch: options.batch, backstoryModel: modelOf(i) },
        }),
      );
    await Promise.all(children.map((c) => c.next('ready')));
    const from = server.requests.length;
    const started = performance.now();
    const startedAt = Date.now();
    await Promise.all(
      children.map((c) => {
        const working = c.next('working');
        c.send({ type: 'work' });
        return working;
      }),
    );

    // The SIGKILL: worker 0's process group, once it has backstory calls open.
    let killInfo: { at: number; openAll: LoggedRequest[]; openKilled: LoggedRequest[]; freedAt: number | null } | null = null;
    const killer = kill
      ? (async () => {
          const deadline = Date.now() + 60_000;
          while (Date.now() < deadline) {
            const open = server.requests.slice(from).filter((r) => isBackstory(r) && r.status === 0);
            const mine = open.filter((r) => r.model === modelOf(0));
            if (mine.length) {
              process.kill(-children[0]!.proc.pid!, 'SIGKILL');
              const info = { at: Date.now(), openAll: open, openKilled: mine, freedAt: null as number | null };
              killInfo = info;
              // Watch the killed calls' jobs until the first one leaves the dead worker's lease.
              const open0 = new Set(mine.flatMap((r) => peopleOf(r).people));
              const ids = refs.filter((r) => open0.has(r.person)).map((r) => backstoryJobId(r.world, r.fingerprint, r.key));
              const dead = `scale-out-worker-0-`;
              while (Date.now() < info.at + 60_000) {
                const jobs = await Promise.all(ids.map((id) => queue.get(id)));
                if (jobs.some((j) => j && (j.state !== 'leased' || (j.leaseOwner !== null && !j.leaseOwner.startsWith(dead))))) {
                  info.freedAt = Date.now();
                  return;
                }
                await sleep(20);
              }
              return;
            }
            await sleep(10);
          }
          throw new Error('worker 0 never opened a backstory call');
        })()
      : Promise.resolve();

    // The clock stops when no job is queued or leased (a killed worker's jobs stay leased until the survivor's stalled check).
    const timeoutMs = 180_000;
    let counts = await queue.counts();
    let timedOut = false;
    while (counts.queued + counts.leased > 0) {
      if (performance.now() - started > timeoutMs) {
        timedOut = true;
        break;
      }
      await sleep(50);
      counts = await queue.counts();
    }
    const wall = (performance.now() - started) / 1000;
    await killer;
    const live = children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
    const workers = await Promise.all(
      live.map((c) => {
        const stats = c.next('stats');
        c.send({ type: 'stats' });
        return stats.then((s) => s.figures);
      }),
    );

    const calls = server.requests.slice(from).filter(isBackstory);
    const asked = new Map<string, number>();
    let persons = 0;
    let redo = 0;
    const byWorker = Array.from({ length: processes }, () => 0);
    for (const r of calls) {
      const { people, redo: isRedo } = peopleOf(r);
      const w = Number(r.model.slice(MODEL_PREFIX.length));
      if (Number.isInteger(w) && w < processes) byWorker[w]!++;
      for (const p of people) {
        persons++;
        if (isRedo) redo++;
        else asked.set(p, (asked.get(p) ?? 0) + 1);
      }
    }
    const twice = [...asked].filter(([, n]) => n > 1).map(([p]) => p);
    let stored = 0;
    for (const ref of refs) if ((await store.getPersona(ref.world, ref.fingerprint, ref.key))?.backstory) stored++;

    const run: BackstoryRun = {
      processes,
      wallSeconds: round(wall),
      backstoriesPerSecond: round(options.personas / wall, 1),
      speedUp: NaN,
      personas: options.personas,
      modelCalls: { backstory: calls.length, byWorker, personsPerCall: round(persons / Math.max(1, calls.length)) },
      asked: { persons, distinct: asked.size, duplicates: twice.length, redo },
      jobs: { done: counts.done, queued: counts.queued, leased: counts.leased, failed: counts.failed },
      lost: counts.queued + counts.leased + counts.failed,
      stored,
      timedOut,
      workers,
    };
    if (!killInfo) return { run, kill: null };
    const info = killInfo as { at: number; openAll: LoggedRequest[]; openKilled: LoggedRequest[]; freedAt: number | null };
    const openPersons = new Set(info.openKilled.flatMap((r) => peopleOf(r).people));
    const reask = calls.find((r) => r.model !== modelOf(0) && r.at >= info.at && peopleOf(r).people.some((p) => openPersons.has(p)));
    return {
      run,
      kill: {
        killedAfterMs: info.at - startedAt,
        openCallsAtKill: { all: info.openAll.length, killed: info.openKilled.length, killedPersons: openPersons.size },
        askedTwice: twice.length,
        askedTwiceNotOpenAtKill: twice.filter((p) => !openPersons.has(p)).length,
        pickupMs: reask ? reask.at - info.at : null,
        freedMs: info.freedAt === null ? null : info.freedAt - info.at,
      },
    };
  } finally {
    await stopChildren(children);
    await queue.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    const deleted = await cleanRedis(options.redisUrl, token);
    dirty.delete(keys);
    options.log(
      `  backstories, ${processes} worker process(es)${kill ? ' (SIGKILL run)' : ''}: stopped, ${deleted} Redis keys under ${prefix} deleted`,
    );
  }
}

export async function backstoryPhase(options: BackstoryPhaseOptions) {
  const maxProcs = Math.max(2, ...options.procs);
  const modelLatencyMs = Object.fromEntries(Array.from({ length: maxProcs }, (_, i) => [modelOf(i), options.backstoryLatencyMs]));
  const server = await startTestLlmServer({ latencyMs: options.latencyMs, modelLatencyMs });
  const runs: BackstoryRun[] = [];
  let kill: KillRun | null = null;
  try {
    for (const p of options.procs) {
      options.log(`scale-out backstories: ${p} worker process(es), ${options.personas} backstory jobs ...`);
      const { run } = await runOnce(p, options, server, false);
      const base = runs.find((r) => r.processes === 1) ?? (run.processes === 1 ? run : null);
      runs.push({ ...run, speedUp: base ? round(run.backstoriesPerSecond / base.backstoriesPerSecond) : NaN });
      server.reset();
    }
    if (options.kill) {
      options.log(`scale-out backstories: SIGKILL run, 2 worker processes, ${options.personas} backstory jobs ...`);
      const { run, kill: k } = await runOnce(2, options, server, true);
      const { speedUp: _s, ...rest } = run;
      kill = { ...rest, ...k! };
      server.reset();
    }
  } finally {
    await server.close();
  }
  const at = (n: number) => runs.find((r) => r.processes === n);
  return {
    setup: {
      personas: options.personas,
      worlds: options.worlds,
      backstoryLatencyMs: options.backstoryLatencyMs,
      otherLatencyMs: options.latencyMs,
      leaseMs: options.leaseMs,
      heartbeatMs: Math.floor(options.leaseMs / 3),
      providerConcurrencyPerProcess: options.concurrency,
      backstoryBatch: options.batch,
      workers: 'bench/scale-out-child.ts in worker mode: engine with backstories on, pool 0, reservedForLive 0',
      queue: `BullMQ on Redis ${options.redisUrl}, fresh prefix per run, deleted afterwards`,
      bios: 'made before the clock by one engine here (worker off); its handles queue the jobs',
    },
    runs,
    kill,
    targets: {
      noDuplicates: runs.every((r) => r.asked.duplicates === 0 && r.asked.distinct === r.personas),
      noJobLost:
        runs.every((r) => r.lost === 0 && r.jobs.done === r.personas) && (!kill || (kill.lost === 0 && kill.jobs.done === kill.personas)),
      killDuplicatesOnlyOpen: kill ? kill.askedTwiceNotOpenAtKill === 0 : null,
      speedUp2: at(2)?.speedUp ?? null,
      speedUp4: at(4)?.speedUp ?? null,
    },
  };
}

export type BackstoryPhaseResult = Awaited<ReturnType<typeof backstoryPhase>>;

export function backstoryTable(result: BackstoryPhaseResult): string {
  const head = [
    'workers',
    'wall s',
    'backstories/s',
    'speed-up',
    'backstory calls (per worker)',
    'persons asked / distinct / personas',
    'duplicates',
    'jobs done / lost',
    'stored',
    'worker errors',
  ].join('  |  ');
  const row = (r: BackstoryRun | KillRun, label: string) =>
    [
      label,
      r.wallSeconds.toFixed(1),
      r.backstoriesPerSecond.toFixed(1),
      'speedUp' in r ? `${r.speedUp.toFixed(2)}x` : '-',
      `${r.modelCalls.backstory} (${r.modelCalls.byWorker.join('+')})`,
      `${r.asked.persons}${r.asked.redo ? ` (${r.asked.redo} re-asked)` : ''} / ${r.asked.distinct} / ${r.personas}`,
      r.asked.duplicates,
      `${r.jobs.done} / ${r.lost}${r.timedOut ? ' (timed out)' : ''}`,
      r.stored,
      r.workers.reduce((n, w) => n + w.errors, 0),
    ].join('  |  ');
  const lines = [head, ...result.runs.map((r) => row(r, String(r.processes)))];
  const k = result.kill;
  if (k) {
    lines.push(row(k, '2 kill'));
    lines.push(
      `SIGKILL of worker 0 at ${(k.killedAfterMs / 1000).toFixed(1)} s: ${k.openCallsAtKill.all} backstory calls open (${k.openCallsAtKill.killed} its own, ` +
        `${k.openCallsAtKill.killedPersons} persons); asked twice ${k.askedTwice} (${k.askedTwiceNotOpenAtKill} not open at the kill); ` +
        `jobs lost ${k.lost}; the killed calls' jobs freed ${k.freedMs === null ? 'never' : `${k.freedMs} ms`} and first re-asked by the survivor ` +
        `${k.pickupMs === null ? 'never' : `${k.pickupMs} ms`} after the kill`,
    );
  }
  return lines.join('\n');
}
