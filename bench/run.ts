/**
 * Benchmarks: `npm run bench` prints a table, `npm run bench -- --json` one JSON object.
 * `npm run bench -- --quality` runs only the offline quality section (bench/quality.ts, issue 9:
 * grounding, wrong-world words, variety, repetition, names, speed per public world) and prints
 * its table and sample texts; with --json too, one JSON object `{ quality: ... }`.
 * `npm run bench -- --scale-out` runs only the scale-out section (bench/scale-out.ts, issue 12:
 * 1, 2 and 4 processes on the Redis at 127.0.0.1:6379, bios then BullMQ backstory jobs and a
 * SIGKILL; about 5 minutes); its flags (--json, --spawns N, ...) are passed on.
 * `npm run bench -- --trust` runs only the trust sections (issue 8: bench/trust.ts, a hanging
 * first model against the bio deadline and near-duplicate bios on the LLM path; bench/checks.ts,
 * the consistency checks' false positives and caught contradictions).
 * Everything runs on this machine against the project's loopback OpenAI-compatible test
 * server with a fixed latency (no network). Figures, not pass/fail: the README quotes them.
 * Section 3 (bench/cost.ts) runs the Dria persona factory's pipeline, the one this project is
 * measured against ("the seed", bench/seed-pipeline.ts), next to ours
 * against the same server, so its cost and wall-time figures are ratios measured in one run.
 * Cost: a few minutes on 2 cores (the cost section about a minute, the load section 20 s).
 */
import './json-stdout.js'; // first: with --json, stdout carries the JSON alone
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import { proceduralBio } from '../src/providers/procedural/text.js';
import { hintFidelity } from '../src/stages/consistency.js';
import { nearDuplicateRate } from '../src/core/quality.js';
import type { PersonaRecord } from '../src/core/types.js';
import { burstBench } from './burst.js';
import { checksBench } from './checks.js';
import { cliBench } from './cli.js';
import { costBench } from './cost.js';
import { loadBench } from './load.js';
import { pluginBench } from './plugin.js';
import { sqliteLockBench } from './sqlite-lock.js';
import { timedProvider } from './timed-provider.js';
import { startServerProcess } from './llm-server-process-start.js';
import { trustBench, trustTable } from './trust.js';

const JSON_OUT = process.argv.includes('--json');
const LATENCY_MS = 20;
/**
 * The cost section's server: 15 ms + 0.4 ms per output token, about the ratio of a hosted
 * small model (a few hundred ms to the first token, 10-15 ms per token after it) scaled down
 * twenty-fold or so, so that the section runs in about a minute.
 */
const COST_LATENCY_MS = 15;
const COST_MS_PER_OUTPUT_TOKEN = 0.4;
const VILLAGE = { id: 'northern-village', description: 'A medieval village in northern Britain' };
const TOKYO = { id: 'neo-tokyo', description: 'A modern neo-Tokyo' };

function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const log = (...a: unknown[]) => {
  if (!JSON_OUT) console.error(...a);
};

const models = { profile: ['profile-model'], bio: ['bio-model'], backstory: ['story-model'] };

/** bench/checks.ts: the consistency checks' false-positive rate on the test server's good replies and the share of `contradict` replies caught, per stage. */
async function checksFigures(): Promise<Record<string, unknown>> {
  log('trust: consistency checks, false positives and contradictions caught ...');
  const { falsePositiveRate, contradictCaught, samples } = await checksBench();
  return { falsePositiveRate, contradictCaught, samples, target: 'false positives 0 %, contradictions caught 100 % (bio and backstory)' };
}

/** The trust sections (issue 8): hanging model and near-duplicates, then the checks. */
async function trustFigures(): Promise<{ figures: Record<string, unknown>; table: string[] }> {
  const trust = await trustBench(log);
  const figures: Record<string, unknown> = { ...trust };
  const table = trustTable(trust);
  const checks = await checksFigures();
  figures.trustChecks = checks;
  table.push(
    `Consistency checks over ${String(checks.samples)} samples (targets: 0 false positives, every contradiction caught): ` +
      `false-positive rate ${JSON.stringify(checks.falsePositiveRate)}, contradict caught ${JSON.stringify(checks.contradictCaught)}`,
  );
  return { figures, table };
}

/** `--trust`: the trust sections alone. */
async function trustOnly() {
  const trust = await trustFigures();
  if (JSON_OUT) process.stdout.write(`${JSON.stringify({ node: process.version, ...trust.figures })}\n`);
  else for (const line of trust.table) console.log(line);
}

/** `--quality`: the offline quality section alone (no test server, no other section). */
async function qualityOnly() {
  const { TARGETS, qualityBench } = await import('./quality.js');
  const report = await qualityBench({ log });
  if (JSON_OUT) {
    const { worlds, samples, notes } = report;
    process.stdout.write(`${JSON.stringify({ quality: { node: process.version, targets: TARGETS, worlds, samples, notes } })}\n`);
  } else {
    for (const line of report.table) console.log(line);
  }
}

/** `--scale-out`: bench/scale-out.ts (real processes on one Redis), with the other flags passed on. */
function scaleOutOnly(): void {
  const script = fileURLToPath(new URL('./scale-out.ts', import.meta.url));
  const args = process.argv.slice(2).filter((a) => a !== '--scale-out');
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}

async function main() {
  if (process.argv.includes('--scale-out')) return scaleOutOnly();
  if (process.argv.includes('--quality')) return qualityOnly();
  if (process.argv.includes('--trust')) return trustOnly();
  const figures: Record<string, unknown> = { latencyMs: LATENCY_MS, node: process.version };
  // Latency figures: server in its own process. Cost figures (section 3): in-process, to read its request log.
  const remote = await startServerProcess(LATENCY_MS);
  const provider = new OpenAIProvider({ baseURL: remote.url, apiKey: 'bench', maxRetries: 0, models });

  // 1. Cache hits and pool takes (LLM provider, warm world).
  {
    log('cache hits and pool takes ...');
    const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 512, batch: 8 }, backstories: { enabled: false } });
    const world = engine.world(TOKYO);
    await Promise.all(Array.from({ length: 200 }, (_, i) => world.persona(`hit-${i}`, undefined, { backstory: false }).bio));
    const hit: number[] = [];
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        world.persona(`hit-${i}`);
        hit.push(performance.now() - t);
      }
    }
    world.warm();
    while (world.poolSize < 512) await new Promise((r) => setTimeout(r, 5));
    const take: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      const h = world.take({ backstory: false });
      take.push(performance.now() - t);
      if (!h.record?.bio) throw new Error('pool take without bio');
    }
    figures.cacheHitMs = { p50: round(pct(hit, 0.5), 5), p99: round(pct(hit, 0.99), 5), samples: hit.length };
    figures.poolTakeMs = { p50: round(pct(take, 0.5), 5), p99: round(pct(take, 0.99), 5), samples: take.length };
    await engine.close();
  }

  // 2. Bio overhead: spawn-to-bio on a miss, minus the provider call itself (timed around
  //    provider.bios), so the figure is the engine's own cost: validation, sampling, name
  //    claim, batching, scheduling, store writes. End-to-end minus the configured server
  //    latency is printed too; it adds the HTTP stack and the server's timer jitter.
  {
    log('bio overhead over provider latency ...');
    const timed = timedProvider(provider);
    const engine = createPersonaEngine({ provider: timed, store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
    const world = engine.world(VILLAGE);
    await world.ready;
    const overhead: number[] = [];
    const endToEnd: number[] = [];
    for (let i = 0; i < 320; i++) {
      const start = performance.now();
      await world.persona(`miss-${i}`, undefined, { backstory: false }).bio;
      const total = performance.now() - start;
      if (i < 20) continue; // warm-up
      overhead.push(total - timed.biosMsFor(`miss-${i}`));
      endToEnd.push(total - LATENCY_MS);
    }
    figures.bioOverheadMs = { p50: round(pct(overhead, 0.5)), p99: round(pct(overhead, 0.99)), samples: overhead.length };
    figures.bioEndToEndOverServerLatencyMs = { p50: round(pct(endToEnd, 0.5)), p99: round(pct(endToEnd, 0.99)), samples: endToEnd.length };
    await engine.close();
  }

  // 3. Cost: calls, prompt and completion tokens per persona on every path (dataset N = 8 and
  //    200 through the CLI's generate(), engine default, plugin on demand, a fault mix) and
  //    wall time on the dataset path, the Dria persona factory's pipeline side by side, all counted on the
  //    server's request log (profile, repairs and regenerations included).
  log('cost: ours and the seed side by side ...');
  const cost = await costBench({ latencyMs: COST_LATENCY_MS, msPerOutputToken: COST_MS_PER_OUTPUT_TOKEN, log });
  Object.assign(figures, cost.figures);

  // 4. Procedural bios per second, one core.
  {
    log('procedural bios per second ...');
    const engine = createPersonaEngine({
      provider: new ProceduralProvider(),
      store: 'memory',
      pool: { size: 0 },
      backstories: { enabled: false },
    });
    const world = engine.world(VILLAGE);
    const recs = await Promise.all(
      Array.from({ length: 500 }, (_, i) => world.persona(`pb${i}`, undefined, { backstory: false }).identity),
    );
    const profile = world.profile!;
    const ctx = { description: VILLAGE.description, fingerprint: world.fingerprint };
    // Its ~100 compiled templates reach V8's optimising tier only after tens of thousands of
    // bios, so: a first round of 50,000 reported apart (a short run's rate), then the median of
    // three more (the steady rate a server or a dataset run reaches).
    let chars = 0;
    const round = (n: number) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) chars += proceduralBio(ctx, profile, recs[i % recs.length]!).length;
      return Math.round(n / ((performance.now() - t) / 1000));
    };
    const first = round(50_000);
    const steady = [round(50_000), round(50_000), round(50_000)].sort((a, b) => a - b);
    figures.proceduralBiosPerSecond = steady[1];
    figures.proceduralBiosPerSecondFirst50k = first;
    if (!chars) throw new Error('no text');
    await engine.close();
  }

  // 5. Quality over 1,000 personas of one world (procedural provider, the embedded default).
  for (const w of [VILLAGE, TOKYO]) {
    log(`quality over 1,000 personas of ${w.id} ...`);
    const engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
    const world = engine.world(w);
    const recs: PersonaRecord[] = await Promise.all(
      Array.from(
        { length: 1000 },
        (_, i) => world.persona(`q${i}`, i % 10 === 0 ? { hints: ['left-handed'] } : undefined, { backstory: false }).bio,
      ),
    );
    const terms = world.profile!.terms.map((t) => t.toLowerCase());
    const grounded = recs.filter((r) => terms.some((t) => r.bio!.toLowerCase().includes(t))).length;
    figures[`quality:${w.id}`] = {
      personas: recs.length,
      uniqueNames: new Set(recs.map((r) => r.name.toLowerCase())).size,
      nearDuplicateBioRate: round(nearDuplicateRate(recs.map((r) => r.bio!)), 4),
      hintFidelity: round(recs.reduce((n, r) => n + hintFidelity(r, r.bio!), 0) / recs.length, 4),
      grounding: round(grounded / recs.length, 4),
      fallbackRate: 0,
    };
    await engine.close();
  }

  // 6. The Colyseus plugin: real server, real clients, the remote test server as provider.
  Object.assign(figures, await pluginBench(provider, LATENCY_MS, log));

  // 6b. Trust (issue 8): a hanging first bio model against the live bio deadline in a room,
  //     near-duplicate bios over 1,000 personas on the LLM path, the consistency checks.
  const trust = await trustFigures();
  Object.assign(figures, trust.figures);

  // 7. SQLite under an outside write lock: the loop keeps ticking, every write lands after.
  log('SQLite under an outside lock ...');
  Object.assign(figures, await sqliteLockBench(log));

  // 8. Load: 200 players in 20 worlds spawning (burst of 3 each, then one every 3-9 s), the
  //    server in its own process (procedural provider, SQLite), its event-loop lag measured.
  log('load: 200 players, 20 worlds ...');
  const load = await loadBench({ clients: 200, rooms: 20, seconds: 20 });
  figures.load200 = {
    clients: load.clients,
    rooms: load.rooms,
    seconds: load.seconds,
    droppedClients: load.droppedClients,
    spawnsAccepted: load.spawnsAccepted,
    npcsWithoutBio: load.npcs.withoutBio,
    serverLagMs: load.phases.load.lagMs,
    tickLateMs: load.phases.load.tickLateMs,
    spawnReplyMs: load.spawnReplyMs,
  };

  // 9. A spawn burst (25 worlds x 20 keyed spawns) with a 50 ms room tick running: ticks run and
  //    event-loop lag, procedural (memory, SQLite) and HTTP providers.
  log('spawn burst: ticks and lag ...');
  figures.burst = await burstBench(log);

  // 10. The CLI offline: personas per second and peak RSS at 1,000 and 5,000 (20,000 with
  //     --cli-big; --cli-baseline <dir> runs an older checkout side by side).
  log('CLI offline: throughput and peak memory ...');
  figures.cli = await cliBench(log);

  remote.stop();
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else {
    for (const [k, v] of Object.entries(figures)) {
      if (k in cost.figures || k in trust.figures) continue; // printed as tables below
      console.log(`${k.padEnd(28)} ${JSON.stringify(v)}`);
    }
    console.log('');
    for (const line of cost.table) console.log(line);
    console.log('');
    for (const line of trust.table) console.log(line);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
