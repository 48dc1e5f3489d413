/**
 * The cost benchmark (section 3 of `npm run bench`): calls, prompt and completion tokens per
 * persona and wall time, our engine and the Dria persona factory's pipeline ("the seed",
 * seed-pipeline.ts: the pipeline this project is measured against) side by side,
 * against one in-process loopback server, counted on the SERVER's request log: every request
 * that got a reply is a call; its prompt tokens are the messages sent (o200k chat format) plus
 * the response_format.json_schema sent (its JSON text); completion tokens are the content
 * sent. The once-per-world profile call, repairs and regenerations are all in the log, so
 * they are counted and amortised over the run. Ratios are ours / seed, measured in this run.
 *   const { figures, table } = await costBench({ latencyMs: 20, msPerOutputToken: 0.3, log });
 * Paths: dataset N = 8 and N = 200 (the CLI's own generate() with its engine, pointed at the
 * server through OPENAI_BASE_URL), engine default (createPersonaEngine({ provider, store:
 * 'memory' }), N keys at once), plugin on demand (bench/plugin.ts), a fault mix on the dataset
 * path (see FAULT_MIX), and wall time on the dataset path at equal concurrency (4, the
 * provider default).
 * Cost: about a minute on 2 cores (mostly the simulated model time and the spawn arrivals).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode, encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { generate, type GenerateSummary } from '../src/cli/generate.js';
import { readDataBlock } from '../src/core/prompt.js';
import { createPersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { openAIOptionsFromEnv } from '../src/providers/openai/env.js';
import { type FaultMix, type LoggedRequest, startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { pluginOnDemandRun } from './plugin.js';
import { runSeedPipeline, SEED_REFERENCE_TOKENS, seedPromptTokens, seedReply, type SeedRunResult, seedStepOf } from './seed-pipeline.js';

export interface CostBenchOptions {
  latencyMs: number;
  msPerOutputToken: number;
  log: (...a: unknown[]) => void;
}

const VILLAGE = { id: 'northern-village', description: 'A medieval village in northern Britain' };
const CONCURRENCY = 4;
/**
 * The mix: 10 % malformed (half cut off at 60 %, which nothing local can recover, half
 * sloppy JSON, which a lenient parser can mend), 5 % 429 (retry-after 200 ms, scaled down
 * like the latency), 5 % contradicting.
 */
const FAULT_MIX: FaultMix = { rate: { malformed: 0.05, 'sloppy-json': 0.05, http429: 0.05, contradict: 0.05 }, seed: 1, retryAfterMs: 200 };
const TARGETS = { promptTokensDataset: 0.25, promptTokensOnDemand: 0.3, callsPerPersona: 1.3, backstoryPhase: 0.9, timeToAllBios: 0.8 };
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);

/** The data block of the newest user message that has one (what the server keys on). */
const dataOf = (r: LoggedRequest) =>
  [...r.messages]
    .reverse()
    .filter((m) => m.role === 'user')
    .map((m) => readDataBlock(m.content))
    .find((d) => d !== null) ?? null;

/** What a request was for: our stage ('profile', 'bios', 'backstory', ...) or the seed's step. */
function stepOf(r: LoggedRequest): string {
  const data = dataOf(r);
  const step = data?.task ?? seedStepOf(r.messages) ?? 'other';
  if (r.messages.some((m) => m.role === 'assistant')) return `${step}:repair`;
  const regenerated =
    Array.isArray(data?.fix) || (Array.isArray(data?.people) && data.people.some((p) => Array.isArray((p as { fix?: unknown })?.fix)));
  return regenerated ? `${step}:regeneration` : step;
}

interface Counted {
  personas: number;
  calls: number;
  /** Requests refused with 429 (not billed; each retried). */
  rateLimited: number;
  perPersona: { calls: number; promptTokens: number; completionTokens: number };
  totals: { messageTokens: number; schemaTokens: number; completionTokens: number };
  byStep: Record<string, { calls: number; promptTokens: number }>;
}

/** Count a slice of the server's log for `personas` personas. */
function count(requests: readonly LoggedRequest[], personas: number): Counted {
  const byStep: Counted['byStep'] = {};
  let messageTokens = 0;
  let schemaTokens = 0;
  let completionTokens = 0;
  let calls = 0;
  for (const r of requests) {
    if (r.status !== 200) continue;
    calls++;
    const msg = encodeChat(r.messages, 'gpt-4o').length;
    const schema = r.jsonSchema ? encode(JSON.stringify(r.jsonSchema)).length : 0;
    messageTokens += msg;
    schemaTokens += schema;
    completionTokens += r.content ? encode(r.content).length : 0;
    const step = (byStep[stepOf(r)] ??= { calls: 0, promptTokens: 0 });
    step.calls++;
    step.promptTokens += msg + schema;
  }
  return {
    personas,
    calls,
    rateLimited: requests.filter((r) => r.status === 429).length,
    perPersona: {
      calls: round(calls / personas),
      promptTokens: round((messageTokens + schemaTokens) / personas, 1),
      completionTokens: round(completionTokens / personas, 1),
    },
    totals: { messageTokens, schemaTokens, completionTokens },
    byStep,
  };
}

/** What generate() itself reported (consistency flags, fallbacks, personas not complete). */
const cliRun = (s: GenerateSummary) => ({
  flagged: s.flagged,
  fallbacks: s.fallbacks,
  incomplete: s.incomplete,
  seconds: round(s.seconds, 2),
});
const seedRunSummary = (s: SeedRunResult) => ({
  dropped: s.dropped,
  backstoriesKeptRaw: s.backstoriesKeptRaw,
  randomVariablesRetries: s.randomVariablesRetries,
});

const side = (ours: Counted, seed: Counted) => ({
  ours,
  seed,
  ratio: {
    calls: ratio(ours.perPersona.calls, seed.perPersona.calls),
    promptTokens: ratio(ours.perPersona.promptTokens, seed.perPersona.promptTokens),
  },
});

/** Run `fn` and return the requests it caused. */
async function logged<T>(server: TestLlmServer, fn: () => Promise<T>): Promise<{ value: T; requests: LoggedRequest[]; startedAt: number }> {
  const from = server.requests.length;
  const startedAt = Date.now();
  const value = await fn();
  return { value, requests: server.requests.slice(from), startedAt };
}

/** The CLI's dataset path: generate() builds its engine as `colyseus-personas generate` does, from the environment. */
async function cliGenerate(server: TestLlmServer, count: number): Promise<GenerateSummary> {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'personas-cost-'));
  process.env.OPENAI_BASE_URL = server.url;
  process.env.OPENAI_API_KEY = 'bench';
  for (const k of ['PERSONAS_MODELS_PROFILE', 'PERSONAS_MODELS_BIO', 'PERSONAS_MODELS_BACKSTORY']) delete process.env[k];
  try {
    const { summary } = await generate({
      world: VILLAGE.description,
      worldId: VILLAGE.id,
      count,
      stage: 'both',
      format: 'jsonl',
      out: join(dir, 'out.jsonl'),
      db: ':memory:',
      provider: 'env',
      hints: [],
      progress: false,
    });
    return summary;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  }
}

const seedRun = (server: TestLlmServer, count: number) =>
  runSeedPipeline({ baseURL: server.url, description: VILLAGE.description, count, concurrency: CONCURRENCY });

/** Wall-time marks from the log: time to all bios, backstory phase (first backstory-stage request to last reply), total. */
function phases(
  requests: readonly LoggedRequest[],
  startedAt: number,
  isBio: (r: LoggedRequest) => boolean,
  isStory: (r: LoggedRequest) => boolean,
) {
  const done = (rs: LoggedRequest[]) => Math.max(...rs.map((r) => r.doneAt ?? r.at));
  const stories = requests.filter(isStory);
  return {
    timeToAllBiosMs: done(requests.filter(isBio)) - startedAt,
    backstoryPhaseMs: done(stories) - Math.min(...stories.map((r) => r.at)),
    totalMs: done([...requests]) - startedAt,
  };
}

/**
 * What the fault mix did: faults by kind; per kind of broken reply (malformed, sloppy-json),
 * how many a later request carried back as the assistant turn of a repair call, and how many
 * never were (ours: mended locally, or a fallback, listed apart; the seed: kept as they came).
 */
function faultReport(requests: readonly LoggedRequest[]) {
  const injected: Record<string, number> = {};
  for (const r of requests) if (r.fault) injected[r.fault] = (injected[r.fault] ?? 0) + 1;
  const assistantTexts = new Set(requests.flatMap((r) => r.messages.filter((m) => m.role === 'assistant').map((m) => m.content)));
  const broken = (kind: string) => {
    const replies = requests.filter((r) => r.fault === kind && r.status === 200);
    const repairedByCall = replies.filter((r) => assistantTexts.has(r.content!)).length;
    return { replies: replies.length, withoutRepairCall: replies.length - repairedByCall, repairedByCall };
  };
  return {
    injected,
    malformed: broken('malformed'),
    sloppyJson: broken('sloppy-json'),
    repairCalls: requests.filter((r) => r.status === 200 && r.messages.some((m) => m.role === 'assistant')).length,
    regenerations: requests.filter((r) => r.status === 200 && stepOf(r).endsWith(':regeneration')).length,
  };
}

export async function costBench(options: CostBenchOptions): Promise<{ figures: Record<string, unknown>; table: string[] }> {
  const { latencyMs, msPerOutputToken, log } = options;
  const server = await startTestLlmServer({ latencyMs, msPerOutputToken, replies: seedReply });
  const provider = new OpenAIProvider(openAIOptionsFromEnv({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'bench' })!);
  const figures: Record<string, unknown> = {};
  const started = performance.now();
  try {
    const ours = seedPromptTokens();
    figures.costSetup = {
      server: `in-process loopback, ${latencyMs} ms + ${msPerOutputToken} ms per output token (ceil(chars / 4))`,
      concurrency: CONCURRENCY,
      tokenizer: 'gpt-tokenizer o200k (gpt-4o chat format); json_schema counted as its JSON text',
      counted: 'server log: replies (status 200) are calls; 429s listed apart; profile, repairs and regenerations included',
      seedPromptTokensBeforeInputs: { ours, seed: SEED_REFERENCE_TOKENS },
    };

    log('cost: dataset N = 8 (CLI generate, then seed port) ...');
    const d8 = await logged(server, () => cliGenerate(server, 8));
    const s8 = await logged(server, () => seedRun(server, 8));
    figures.costDataset8 = {
      ...side(count(d8.requests, 8), count(s8.requests, 8)),
      oursRun: cliRun(d8.value),
      seedRun: seedRunSummary(s8.value),
    };

    log('cost: dataset N = 200 (CLI generate, then seed port) ...');
    const d200 = await logged(server, () => cliGenerate(server, 200));
    const s200 = await logged(server, () => seedRun(server, 200));
    const seed200 = count(s200.requests, 200);
    figures.costDataset200 = {
      ...side(count(d200.requests, 200), seed200),
      oursRun: cliRun(d200.value),
      seedRun: seedRunSummary(s200.value),
    };
    const seedTiming = s200.value.timing;
    const oursWall = phases(
      d200.requests,
      d200.startedAt,
      (r) => stepOf(r).startsWith('bios') || stepOf(r).startsWith('profile'),
      (r) => stepOf(r).startsWith('backstor'),
    );
    const seedWall = phases(
      s200.requests,
      seedTiming.startedAt,
      (r) => r.at < seedTiming.backstoryStartedAt,
      (r) => r.at >= seedTiming.backstoryStartedAt,
    );
    figures.wallTimeDataset200 = {
      concurrency: CONCURRENCY,
      ours: oursWall,
      seed: seedWall,
      ratio: {
        timeToAllBios: ratio(oursWall.timeToAllBiosMs, seedWall.timeToAllBiosMs),
        backstoryPhase: ratio(oursWall.backstoryPhaseMs, seedWall.backstoryPhaseMs),
        total: ratio(oursWall.totalMs, seedWall.totalMs),
      },
      definitions:
        'from the server log: time to all bios = run start to the last bio reply (ours: profile + bios; seed: random variables + bios); backstory phase = first backstory-stage request (seed: its second random-variables call) to the last backstory reply',
    };

    log('cost: engine default, N = 200 keys at once ...');
    const eng = await logged(server, async () => {
      const engine = createPersonaEngine({ provider, store: 'memory' });
      const world = engine.world(VILLAGE);
      const records = await Promise.all(Array.from({ length: 200 }, (_, i) => world.persona(`k${i}`).backstory));
      await engine.close();
      return records;
    });
    figures.costEngineDefault200 = side(count(eng.requests, 200), seed200);

    log('cost: plugin on demand (real Colyseus server, SDK clients) ...');
    const plug = await logged(server, () => pluginOnDemandRun(provider, { rooms: 20, perRoom: 10, burst: 3, meanGapMs: 1_000 }));
    figures.costPluginOnDemand = { ...side(count(plug.requests, plug.value.personas), seed200), run: plug.value };

    log('cost: fault mix on the dataset path, N = 200 ...');
    server.configure({ faultMix: FAULT_MIX });
    const fo = await logged(server, () => cliGenerate(server, 200));
    server.configure({ faultMix: FAULT_MIX }); // the seed's run draws from the same seeded stream
    const fs = await logged(server, () => seedRun(server, 200));
    server.configure({ faultMix: null });
    const seedFaults = fs.value;
    figures.costFaultMix200 = {
      mix: FAULT_MIX,
      ...side(count(fo.requests, 200), count(fs.requests, 200)),
      oursFaults: (() => {
        const report = faultReport(fo.requests);
        return {
          ...report,
          // A broken reply no repair call carried back was mended locally, unless it ended in a fallback (counted per persona below).
          brokenMendedLocally: report.malformed.withoutRepairCall + report.sloppyJson.withoutRepairCall,
          brokenCostARepairCall: report.malformed.repairedByCall + report.sloppyJson.repairedByCall,
          fallbacks: fo.value.fallbacks,
          incomplete: fo.value.incomplete,
          flagged: fo.value.flagged,
        };
      })(),
      seedFaults: {
        ...faultReport(fs.requests),
        dropped: seedFaults.dropped,
        backstoriesKeptRaw: seedFaults.backstoriesKeptRaw,
        randomVariablesRetries: seedFaults.randomVariablesRetries,
        note: 'the seed checks nothing: malformed and contradicting replies are kept as they came',
      },
    };
    figures.costTargets = {
      targets: TARGETS,
      promptTokensDataset200: (figures.costDataset200 as ReturnType<typeof side>).ratio.promptTokens,
      promptTokensOnDemand: (figures.costPluginOnDemand as ReturnType<typeof side>).ratio.promptTokens,
      callsPerPersona: {
        dataset8: (figures.costDataset8 as ReturnType<typeof side>).ours.perPersona.calls,
        dataset200: (figures.costDataset200 as ReturnType<typeof side>).ours.perPersona.calls,
        engineDefault200: (figures.costEngineDefault200 as ReturnType<typeof side>).ours.perPersona.calls,
        pluginOnDemand: (figures.costPluginOnDemand as ReturnType<typeof side>).ours.perPersona.calls,
        faultMix200: (figures.costFaultMix200 as ReturnType<typeof side>).ours.perPersona.calls,
      },
      backstoryPhase: (figures.wallTimeDataset200 as { ratio: { backstoryPhase: number | null } }).ratio.backstoryPhase,
      timeToAllBios: (figures.wallTimeDataset200 as { ratio: { timeToAllBios: number | null } }).ratio.timeToAllBios,
    };
    figures.costSeconds = round((performance.now() - started) / 1000, 1);
  } finally {
    await server.close();
  }
  return { figures, table: costTable(figures) };
}

/** A readable side-by-side of the cost figures. */
function costTable(f: Record<string, unknown>): string[] {
  const rows: string[] = [];
  const setup = f.costSetup as { server: string; seedPromptTokensBeforeInputs: { ours: object; seed: object } };
  rows.push(`cost (ours vs seed, same server, same run; ${setup.server}, concurrency ${CONCURRENCY})`);
  rows.push(
    `  seed prompt templates, tokens before inputs: ours ${JSON.stringify(setup.seedPromptTokensBeforeInputs.ours)} vs seed ${JSON.stringify(setup.seedPromptTokensBeforeInputs.seed)}`,
  );
  rows.push(`  ${'path'.padEnd(26)}${'calls/persona'.padStart(22)}${'prompt tok/persona'.padStart(26)}${'compl tok/persona'.padStart(22)}`);
  rows.push(`  ${''.padEnd(26)}${'ours  seed  ratio'.padStart(22)}${'ours    seed  ratio'.padStart(26)}${'ours   seed'.padStart(22)}`);
  const paths: Array<[string, string]> = [
    ['dataset N=8 (CLI)', 'costDataset8'],
    ['dataset N=200 (CLI)', 'costDataset200'],
    ['engine default N=200', 'costEngineDefault200'],
    ['plugin on demand', 'costPluginOnDemand'],
    ['fault mix N=200 (CLI)', 'costFaultMix200'],
  ];
  for (const [label, key] of paths) {
    const p = f[key] as ReturnType<typeof side> | undefined;
    if (!p) continue;
    const calls = `${p.ours.perPersona.calls.toFixed(2)}  ${p.seed.perPersona.calls.toFixed(2)}  ${String(p.ratio.calls).padStart(5)}`;
    const tokens = `${p.ours.perPersona.promptTokens.toFixed(0).padStart(5)}  ${p.seed.perPersona.promptTokens.toFixed(0).padStart(6)}  ${String(p.ratio.promptTokens).padStart(5)}`;
    const compl = `${p.ours.perPersona.completionTokens.toFixed(0).padStart(5)}  ${p.seed.perPersona.completionTokens.toFixed(0).padStart(5)}`;
    rows.push(`  ${label.padEnd(26)}${calls.padStart(22)}${tokens.padStart(26)}${compl.padStart(22)}`);
  }
  const wall = f.wallTimeDataset200 as
    { ours: Record<string, number>; seed: Record<string, number>; ratio: Record<string, number | null> } | undefined;
  if (wall) {
    rows.push(
      `  wall time, dataset N=200:  time to all bios ${wall.ours.timeToAllBiosMs} ms vs ${wall.seed.timeToAllBiosMs} ms (${wall.ratio.timeToAllBios}x); backstory phase ${wall.ours.backstoryPhaseMs} ms vs ${wall.seed.backstoryPhaseMs} ms (${wall.ratio.backstoryPhase}x); total ${wall.ours.totalMs} vs ${wall.seed.totalMs} ms (${wall.ratio.total}x)`,
    );
  }
  const faults = f.costFaultMix200 as { oursFaults: Record<string, unknown>; seedFaults: Record<string, unknown> } | undefined;
  if (faults) {
    rows.push(`  fault mix, ours: ${JSON.stringify(faults.oursFaults)}`);
    rows.push(`  fault mix, seed: ${JSON.stringify({ ...faults.seedFaults, note: undefined })}`);
  }
  const plug = f.costPluginOnDemand as { run: { arrival: string; seconds: number; statuses: object } } | undefined;
  if (plug) rows.push(`  plugin on demand: ${plug.run.arrival}; ${plug.run.seconds} s; statuses ${JSON.stringify(plug.run.statuses)}`);
  const t = f.costTargets as
    | {
        promptTokensDataset200: number;
        promptTokensOnDemand: number;
        callsPerPersona: Record<string, number>;
        backstoryPhase: number;
        timeToAllBios: number;
      }
    | undefined;
  if (t) {
    const mark = (value: number | null, max: number) => `${value} (target <= ${max}: ${value !== null && value <= max ? 'met' : 'missed'})`;
    rows.push(
      `  targets, ours / seed: prompt tokens dataset N=200 ${mark(t.promptTokensDataset200, TARGETS.promptTokensDataset)}; on demand ${mark(t.promptTokensOnDemand, TARGETS.promptTokensOnDemand)}`,
    );
    rows.push(
      `    calls per persona (ours, not a ratio), highest path ${mark(Math.max(...Object.values(t.callsPerPersona)), TARGETS.callsPerPersona)}; backstory phase ${mark(t.backstoryPhase, TARGETS.backstoryPhase)}; time to all bios ${mark(t.timeToAllBios, TARGETS.timeToAllBios)}`,
    );
  }
  rows.push(`  (the cost section took ${String(f.costSeconds)} s)`);
  return rows;
}
