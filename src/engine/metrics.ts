/**
 * Engine metrics: calls and tokens per stage, model and world, replies mended locally and repair
 * calls, cache and pool hits, fallbacks, consistency and near-duplicate results, provisional
 * texts and their upgrades, live bios that missed their deadline, circuit breakers and
 * latencies. `snapshot()` gives a plain object (CLI summary, benchmark, tests); `prometheus()`
 * renders the same figures as Prometheus text through prom-client, on its own registry so two
 * engines never collide. Both read one table (METRICS below): one snapshot per scrape.
 *   engine.metrics.snapshot().calls.bio   // 12
 *   res.end(await engine.metrics.prometheus())
 * Cost: a few counter increments per persona; per-world cost keeps at most `worldLimit` + 1
 * entries (default 51); latency percentiles keep the last 2,048 samples per stage (16 KiB
 * each) and sort them only when a snapshot is taken; a scrape takes one snapshot.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { BreakerState, JobCounts, JobQueue, ProviderHealth, Stage, TextSource, Usage } from '../core/types.js';

const WINDOW = 2048;
/** The label of every world past the first `worldLimit` distinct ones. */
export const OTHER_WORLD = '(other)';
export const DEFAULT_WORLD_LIMIT = 50;
/** Longer world ids (never valid ones: those are at most 80 characters) are cut in the label. */
const MAX_LABEL = 128;

class LatencyWindow {
  private readonly samples = new Float64Array(WINDOW);
  private count = 0;
  add(ms: number): void {
    this.samples[this.count % WINDOW] = ms;
    this.count++;
  }
  quantiles(): { count: number; p50: number | null; p99: number | null } {
    const n = Math.min(this.count, WINDOW);
    if (!n) return { count: this.count, p50: null, p99: null };
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))]!;
    return { count: this.count, p50: at(0.5), p99: at(0.99) };
  }
}

type TextStage = 'bio' | 'backstory';
export type ConsistencyResult = 'passed' | 'regenerated' | 'flagged';
export type NearDuplicateResult = 'checked' | 'regenerated' | 'flagged';
export type ProvisionalEvent = 'written' | 'upgraded' | 'upgrade-failed';
export type ProvisionalWhat = 'bio' | 'backstory' | 'profile';
export interface Cost {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}
type Counts<K extends string> = Record<K, number>;

export interface MetricsSnapshot {
  personas: { created: number; memoryHits: number; storeHits: number };
  pool: { hits: number; misses: number; ready: number };
  calls: Record<Stage, number>;
  /** Invalid replies mended locally (no call paid) and repair calls paid (included in `calls`), per stage. */
  repairs: { mended: Record<Stage, number>; calls: Record<Stage, number> };
  tokens: { prompt: number; completion: number; byStage: Record<Stage, { prompt: number; completion: number }> };
  byModel: Record<string, Cost>;
  /**
   * Calls and tokens per world (null-prototype object): exact for the first `worldLimit`
   * distinct worlds, the rest summed under "(other)".
   */
  byWorld: Record<string, Cost>;
  texts: Record<TextStage, Record<TextSource, number>>;
  fallbacks: { total: number; byReason: Record<string, number> };
  /**
   * The backstories' consistency check results (the field's meaning before bios were checked;
   * like the record's `consistency`). `consistencyByStage` has bios and backstories.
   */
  consistency: Counts<ConsistencyResult>;
  consistencyByStage: Record<TextStage, Counts<ConsistencyResult>>;
  /** Online near-duplicate check on bios: bios checked, written again once, flagged after the second draft. */
  nearDuplicates: Counts<NearDuplicateResult>;
  /** Texts and profiles the fallback wrote as provisional, upgrades by the model, failed upgrade attempts; upgrades waiting now. */
  provisional: {
    written: Counts<ProvisionalWhat>;
    upgraded: Counts<ProvisionalWhat>;
    upgradeFailed: Counts<ProvisionalWhat>;
    pendingUpgrades: number;
  };
  /** Live bios answered by the fallback at the bio deadline. */
  deadlineMissed: number;
  /** The provider's circuit breakers at snapshot time (empty without `health()`), and their opens and skips summed. */
  breakers: { opens: number; skips: number; states: BreakerState[] };
  budgetDenied: number;
  rateLimitPauses: number;
  /**
   * Background jobs: the queue's kind and its counts as last read (every process sharing it
   * sees the same; null before the first read: `prometheus()` and `refreshJobs()` read them),
   * jobs running in this process, and jobs this process finished (done, retried, failed).
   */
  jobs: { queue: string; counts: JobCounts | null; running: number; finished: Counts<JobOutcome> };
  latencyMs: Record<TextStage, { count: number; p50: number | null; p99: number | null }>;
}

/** How a job this process ran ended. */
export type JobOutcome = 'done' | 'retried' | 'failed';

type Labels = Record<string, string>;
interface MetricDef {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  labels: readonly string[];
  series: (s: MetricsSnapshot) => Iterable<readonly [Labels, number]>;
}

const STAGES = ['profile', 'bio', 'backstory'] as const;
const WHATS = ['bio', 'backstory', 'profile'] as const;
const BREAKER_LEVEL = { closed: 0, 'half-open': 1, open: 2 } as const;
const cut = (v: string) => (v.length > MAX_LABEL ? `${v.slice(0, MAX_LABEL)}...` : v);
function* perStage(r: Record<Stage, number>, label = 'stage'): Iterable<readonly [Labels, number]> {
  for (const st of STAGES) yield [{ [label]: st }, r[st]];
}
function* entries<T>(
  o: Record<string, T>,
  f: (key: string, v: T) => Iterable<readonly [Labels, number]>,
): Iterable<readonly [Labels, number]> {
  for (const [k, v] of Object.entries(o)) yield* f(cut(k), v);
}
const breaker = (b: BreakerState): Labels => ({ endpoint: cut(b.endpoint), model: cut(b.model) });

type Series = MetricDef['series'];
const counter = (name: string, labels: readonly string[], help: string, series: Series): MetricDef => ({
  name,
  help,
  type: 'counter',
  labels,
  series,
});
const gauge = (name: string, labels: readonly string[], help: string, series: Series): MetricDef => ({
  name,
  help,
  type: 'gauge',
  labels,
  series,
});
const PROVISIONAL_EVENTS = [
  ['written', 'written'],
  ['upgraded', 'upgraded'],
  ['upgrade-failed', 'upgradeFailed'],
] as const;

/** Every Prometheus metric (prefix `personas_`), read from one snapshot per scrape. */
export const METRICS: readonly MetricDef[] = [
  counter('personas_llm_calls_total', ['stage'], 'Model calls by stage', (s) => perStage(s.calls)),
  counter(
    'personas_replies_mended_total',
    ['stage'],
    'Invalid model replies mended locally (jsonrepair) and accepted, by stage: no repair call paid',
    (s) => perStage(s.repairs.mended),
  ),
  counter(
    'personas_repair_calls_total',
    ['stage'],
    'Model calls sent to repair an invalid reply, by stage (included in personas_llm_calls_total)',
    (s) => perStage(s.repairs.calls),
  ),
  counter('personas_tokens_total', ['stage', 'kind'], 'Tokens by stage and kind (prompt, completion)', (s) =>
    STAGES.flatMap((stage) => [
      [{ stage, kind: 'prompt' }, s.tokens.byStage[stage].prompt] as const,
      [{ stage, kind: 'completion' }, s.tokens.byStage[stage].completion] as const,
    ]),
  ),
  counter('personas_model_calls_total', ['model'], 'Model calls by model id', (s) =>
    entries(s.byModel, (model, c) => [[{ model }, c.calls]]),
  ),
  counter(
    'personas_world_calls_total',
    ['world'],
    `Model calls by world: the first ${DEFAULT_WORLD_LIMIT} distinct worlds (or the engine's worldLimit) exactly, the rest as world="${OTHER_WORLD}"`,
    (s) => entries(s.byWorld, (world, c) => [[{ world }, c.calls]]),
  ),
  counter(
    'personas_world_tokens_total',
    ['world', 'kind'],
    `Tokens by world and kind (prompt, completion); worlds past the limit as world="${OTHER_WORLD}"`,
    (s) =>
      entries(s.byWorld, (world, c) => [
        [{ world, kind: 'prompt' }, c.promptTokens],
        [{ world, kind: 'completion' }, c.completionTokens],
      ]),
  ),
  counter('personas_cache_hits_total', ['layer'], 'Persona lookups answered from memory or the store', (s) => [
    [{ layer: 'memory' }, s.personas.memoryHits],
    [{ layer: 'store' }, s.personas.storeHits],
  ]),
  counter('personas_created_total', [], 'Personas created (identity sampled)', (s) => [[{}, s.personas.created]]),
  counter('personas_texts_total', ['stage', 'source'], 'Bios and backstories written, by source (llm, procedural)', (s) =>
    entries(s.texts, (stage, by) => Object.entries(by).map(([source, n]) => [{ stage, source }, n] as const)),
  ),
  counter('personas_fallbacks_total', ['reason'], 'Texts written by the procedural fallback after the provider failed, by reason', (s) =>
    entries(s.fallbacks.byReason, (reason, n) => [[{ reason }, n]]),
  ),
  counter(
    'personas_consistency_total',
    ['stage', 'result'],
    'Consistency checks of model texts by stage and result (passed; regenerated: the first draft contradicted the persona; flagged: the second did too)',
    (s) => entries(s.consistencyByStage, (stage, by) => Object.entries(by).map(([result, n]) => [{ stage, result }, n] as const)),
  ),
  counter(
    'personas_near_duplicates_total',
    ['result'],
    'Online near-duplicate check of bios against the world cast (checked; regenerated: the first draft nearly repeated another bio; flagged: the second did too)',
    (s) => entries(s.nearDuplicates, (result, n) => [[{ result }, n]]),
  ),
  counter(
    'personas_provisional_total',
    ['event', 'what'],
    'Provisional texts and profiles (written by the fallback), by event (written, upgraded by the model, upgrade-failed attempts) and what',
    (s) => PROVISIONAL_EVENTS.flatMap(([event, field]) => WHATS.map((what) => [{ event, what }, s.provisional[field][what]] as const)),
  ),
  gauge('personas_upgrades_pending', [], 'Provisional texts waiting to be rewritten by the model', (s) => [
    [{}, s.provisional.pendingUpgrades],
  ]),
  counter(
    'personas_bio_deadline_missed_total',
    [],
    'Live bios answered by the fallback (provisional) because the model missed the bio deadline',
    (s) => [[{}, s.deadlineMissed]],
  ),
  gauge(
    'personas_breaker_state',
    ['endpoint', 'model'],
    'Circuit breaker per endpoint and model: 0 closed, 1 half-open (probe in flight), 2 open (skipped)',
    (s) => s.breakers.states.map((b) => [breaker(b), BREAKER_LEVEL[b.state] ?? 0] as const),
  ),
  counter('personas_breaker_opens_total', ['endpoint', 'model'], 'Times a circuit breaker opened, per endpoint and model', (s) =>
    s.breakers.states.map((b) => [breaker(b), b.opens] as const),
  ),
  counter(
    'personas_breaker_skips_total',
    ['endpoint', 'model'],
    'Calls that skipped a model because its circuit breaker was open, per endpoint and model',
    (s) => s.breakers.states.map((b) => [breaker(b), b.skips] as const),
  ),
  counter('personas_pool_takes_total', ['result'], 'Unkeyed spawns served from the warm pool (hit) or generated on demand (miss)', (s) => [
    [{ result: 'hit' }, s.pool.hits],
    [{ result: 'miss' }, s.pool.misses],
  ]),
  gauge('personas_pool_ready', [], 'Personas ready in the warm pools of all worlds', (s) => [[{}, s.pool.ready]]),
  counter('personas_budget_denied_total', [], 'Calls refused by a world budget (the fallback answered)', (s) => [[{}, s.budgetDenied]]),
  gauge(
    'personas_jobs',
    ['state'],
    'Background jobs in the queue by state (queued, leased, done, failed); shared by every process on the queue',
    (s) => (s.jobs.counts ? Object.entries(s.jobs.counts).map(([state, n]) => [{ state }, n] as const) : []),
  ),
  gauge('personas_jobs_running', [], 'Background jobs running in this process', (s) => [[{}, s.jobs.running]]),
  counter(
    'personas_jobs_finished_total',
    ['result'],
    'Background jobs this process ended: done, retried (failed, queued again), failed (for good)',
    (s) => Object.entries(s.jobs.finished).map(([result, n]) => [{ result }, n] as const),
  ),
  counter('personas_rate_limit_pauses_total', [], 'Scheduler pauses after a 429 from the provider', (s) => [[{}, s.rateLimitPauses]]),
  gauge('personas_latency_ms', ['stage', 'quantile'], 'Generation latency percentiles over the last 2,048 texts', function* (s) {
    for (const [stage, q] of Object.entries(s.latencyMs)) {
      if (q.p50 !== null) yield [{ stage, quantile: '0.5' }, q.p50];
      if (q.p99 !== null) yield [{ stage, quantile: '0.99' }, q.p99];
    }
  }),
];

const stages = (): Record<Stage, number> => ({ profile: 0, bio: 0, backstory: 0 });
const results = (): Counts<ConsistencyResult> => ({ passed: 0, regenerated: 0, flagged: 0 });
const whats = (): Counts<ProvisionalWhat> => ({ bio: 0, backstory: 0, profile: 0 });
const addCost = (map: Map<string, Cost>, key: string, u: Usage) => {
  const c = map.get(key) ?? { calls: 0, promptTokens: 0, completionTokens: 0 };
  c.calls += u.calls;
  c.promptTokens += u.promptTokens;
  c.completionTokens += u.completionTokens;
  map.set(key, c);
};
const costs = (map: Map<string, Cost>): Record<string, Cost> => {
  const out = Object.create(null) as Record<string, Cost>;
  for (const [k, v] of map) out[k] = { ...v };
  return out;
};

export interface EngineMetricsOptions {
  /** Distinct worlds counted exactly in the per-world cost; later ones are summed as "(other)". Default: 50. */
  worldLimit?: number;
}

export class EngineMetrics {
  readonly worldLimit: number;
  private readonly s = {
    created: 0,
    memoryHits: 0,
    storeHits: 0,
    poolHits: 0,
    poolMisses: 0,
    calls: stages(),
    mended: stages(),
    repairCalls: stages(),
    prompt: stages(),
    completion: stages(),
    byModel: new Map<string, Cost>(),
    byWorld: new Map<string, Cost>(),
    texts: { bio: { llm: 0, procedural: 0 }, backstory: { llm: 0, procedural: 0 } },
    fallbacks: new Map<string, number>(),
    consistency: { bio: results(), backstory: results() },
    nearDuplicates: { checked: 0, regenerated: 0, flagged: 0 },
    provisional: { written: whats(), upgraded: whats(), upgradeFailed: whats() },
    deadlineMissed: 0,
    budgetDenied: 0,
    jobsFinished: { done: 0, retried: 0, failed: 0 } as Counts<JobOutcome>,
  };
  private readonly latency = { bio: new LatencyWindow(), backstory: new LatencyWindow() };
  /** Set by the engine: ready pool entries across worlds and scheduler pauses. */
  poolReady: () => number = () => 0;
  rateLimitPauses: () => number = () => 0;
  private pending: () => number = () => 0;
  private jobQueue: Pick<JobQueue, 'kind' | 'counts'> | null = null;
  private jobCounts: JobCounts | null = null;
  private jobsRunning: () => number = () => 0;
  private health: (() => ProviderHealth) | null = null;
  private registry: Registry | null = null;
  /** The snapshot the current scrape reads (every metric's collect runs in the same tick). */
  private scrape: MetricsSnapshot | null = null;

  /** @internal Made by the engine: read it as `engine.metrics`. */
  constructor(options: EngineMetricsOptions = {}) {
    const limit = options.worldLimit ?? DEFAULT_WORLD_LIMIT;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`worldLimit must be a whole number >= 0, got ${String(limit)}`);
    this.worldLimit = limit;
  }

  created(): void {
    this.s.created++;
  }
  hit(layer: 'memory' | 'store'): void {
    if (layer === 'memory') this.s.memoryHits++;
    else this.s.storeHits++;
  }
  pool(hit: boolean): void {
    if (hit) this.s.poolHits++;
    else this.s.poolMisses++;
  }
  usage(stage: Stage, model: string, usage: Usage): void {
    this.s.calls[stage] += usage.calls;
    this.s.prompt[stage] += usage.promptTokens;
    this.s.completion[stage] += usage.completionTokens;
    this.s.mended[stage] += usage.mended ?? 0;
    this.s.repairCalls[stage] += usage.repairCalls ?? 0;
    if (usage.calls) addCost(this.s.byModel, model, usage);
  }
  /** Cost of one call (or batch) for `world`: exact for the first `worldLimit` worlds seen, then "(other)". */
  worldUsage(world: string, usage: Usage): void {
    if (!usage.calls && !usage.promptTokens && !usage.completionTokens) return;
    const map = this.s.byWorld;
    // "(other)" itself does not take one of the exact places.
    const tracked = map.has(world) || (world !== OTHER_WORLD && map.size - (map.has(OTHER_WORLD) ? 1 : 0) < this.worldLimit);
    addCost(map, tracked ? world : OTHER_WORLD, usage);
  }
  text(stage: TextStage, source: TextSource, count = 1): void {
    this.s.texts[stage][source] += count;
  }
  fallback(reason: string, count = 1): void {
    this.s.fallbacks.set(reason, (this.s.fallbacks.get(reason) ?? 0) + count);
  }
  consistency(result: ConsistencyResult, stage: TextStage = 'backstory'): void {
    this.s.consistency[stage][result]++;
  }
  nearDuplicate(result: NearDuplicateResult): void {
    this.s.nearDuplicates[result]++;
  }
  provisional(event: ProvisionalEvent, what: ProvisionalWhat, n = 1): void {
    const p = this.s.provisional;
    (event === 'written' ? p.written : event === 'upgraded' ? p.upgraded : p.upgradeFailed)[what] += n;
  }
  /** Where the gauge of upgrades waiting reads from (the engine's upgrade queue). */
  pendingUpgrades(fn: () => number): void {
    this.pending = fn;
  }
  deadlineMissed(n = 1): void {
    this.s.deadlineMissed += n;
  }
  /** Read the provider's circuit breakers at each snapshot and scrape (a provider without `health()` has none). */
  watchProvider(provider: { health?(): ProviderHealth }): void {
    this.health = typeof provider.health === 'function' ? () => provider.health!() : null;
  }
  budgetDenied(): void {
    this.s.budgetDenied++;
  }
  latencyMs(stage: TextStage, ms: number): void {
    this.latency[stage].add(ms);
  }

  /** Read queue counts from `queue` (at each scrape) and running jobs from `running`. */
  watchJobs(queue: Pick<JobQueue, 'kind' | 'counts'>, running: () => number): void {
    this.jobQueue = queue;
    this.jobsRunning = running;
  }
  /** Read the queue's counts now (a shared queue's are every process's); a failed read keeps the last ones. */
  async refreshJobs(): Promise<JobCounts | null> {
    if (!this.jobQueue) return null;
    try {
      this.jobCounts = await this.jobQueue.counts();
    } catch {
      // a queue that does not answer must never break a scrape
    }
    return this.jobCounts;
  }
  /** A job this process ran ended: done, failed and queued again, or failed for good. */
  jobFinished(outcome: JobOutcome): void {
    this.s.jobsFinished[outcome]++;
  }

  snapshot(): MetricsSnapshot {
    const s = this.s;
    const byStage = {} as MetricsSnapshot['tokens']['byStage'];
    for (const st of STAGES) byStage[st] = { prompt: s.prompt[st], completion: s.completion[st] };
    const sum = (r: Record<Stage, number>) => r.profile + r.bio + r.backstory;
    const { bio, backstory } = s.consistency;
    const states = this.breakerStates();
    return {
      personas: { created: s.created, memoryHits: s.memoryHits, storeHits: s.storeHits },
      pool: { hits: s.poolHits, misses: s.poolMisses, ready: this.poolReady() },
      calls: { ...s.calls },
      repairs: { mended: { ...s.mended }, calls: { ...s.repairCalls } },
      tokens: { prompt: sum(s.prompt), completion: sum(s.completion), byStage },
      byModel: Object.fromEntries([...s.byModel].map(([k, v]) => [k, { ...v }])),
      byWorld: costs(s.byWorld),
      texts: { bio: { ...s.texts.bio }, backstory: { ...s.texts.backstory } },
      fallbacks: { total: [...s.fallbacks.values()].reduce((a, b) => a + b, 0), byReason: Object.fromEntries(s.fallbacks) },
      consistency: { ...backstory },
      consistencyByStage: { bio: { ...bio }, backstory: { ...backstory } },
      nearDuplicates: { ...s.nearDuplicates },
      provisional: {
        written: { ...s.provisional.written },
        upgraded: { ...s.provisional.upgraded },
        upgradeFailed: { ...s.provisional.upgradeFailed },
        pendingUpgrades: this.pending(),
      },
      deadlineMissed: s.deadlineMissed,
      breakers: { opens: states.reduce((n, b) => n + b.opens, 0), skips: states.reduce((n, b) => n + b.skips, 0), states },
      budgetDenied: s.budgetDenied,
      jobs: { queue: this.jobQueue?.kind ?? 'none', counts: this.jobCounts, running: this.jobsRunning(), finished: { ...s.jobsFinished } },
      rateLimitPauses: this.rateLimitPauses(),
      latencyMs: { bio: this.latency.bio.quantiles(), backstory: this.latency.backstory.quantiles() },
    };
  }

  /** Prometheus text exposition of one snapshot (prefix `personas_`; see METRICS). */
  async prometheus(): Promise<string> {
    if (!this.registry) this.registry = this.buildRegistry();
    const registry = this.registry;
    await this.refreshJobs();
    this.scrape = this.snapshot();
    try {
      return await registry.metrics();
    } finally {
      this.scrape = null;
    }
  }

  private breakerStates(): BreakerState[] {
    if (!this.health) return [];
    try {
      return (this.health()?.breakers ?? []).map((b) => ({ ...b }));
    } catch {
      return []; // a provider's health report must never break a scrape
    }
  }

  private buildRegistry(): Registry {
    const registry = new Registry();
    const read = () => this.scrape ?? this.snapshot();
    for (const def of METRICS) {
      const config = { name: def.name, help: def.help, labelNames: def.labels, registers: [registry] };
      if (def.type === 'counter') {
        new Counter({
          ...config,
          collect() {
            this.reset();
            for (const [labels, n] of def.series(read())) this.inc(labels, n);
          },
        });
      } else {
        new Gauge({
          ...config,
          collect() {
            this.reset();
            for (const [labels, n] of def.series(read())) this.set(labels, n);
          },
        });
      }
    }
    return registry;
  }
}
