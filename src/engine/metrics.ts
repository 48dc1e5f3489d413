/**
 * Engine metrics: calls and tokens per stage and model, replies mended locally and repair calls
 * per stage, cache hits, pool hits, fallbacks, consistency results and latencies. `snapshot()` gives a plain object (for the CLI summary,
 * the benchmark and tests); `prometheus()` renders the same figures as Prometheus text
 * through prom-client, on its own registry so two engines never collide.
 *   engine.metrics.snapshot().calls.bio   // 12
 *   res.end(await engine.metrics.prometheus())
 * Cost: a few counter increments per persona; latency percentiles keep the last 2,048
 * samples per stage (16 KiB each) and sort them only when a snapshot is taken.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Stage, TextSource, Usage } from '../core/types.js';

const WINDOW = 2048;

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

export interface MetricsSnapshot {
  personas: { created: number; memoryHits: number; storeHits: number };
  pool: { hits: number; misses: number; ready: number };
  calls: Record<Stage, number>;
  /** Invalid replies mended locally (no call paid) and repair calls paid (included in `calls`), per stage. */
  repairs: { mended: Record<Stage, number>; calls: Record<Stage, number> };
  tokens: { prompt: number; completion: number; byStage: Record<Stage, { prompt: number; completion: number }> };
  byModel: Record<string, { calls: number; promptTokens: number; completionTokens: number }>;
  texts: Record<'bio' | 'backstory', Record<TextSource, number>>;
  fallbacks: { total: number; byReason: Record<string, number> };
  consistency: { passed: number; regenerated: number; flagged: number };
  budgetDenied: number;
  rateLimitPauses: number;
  latencyMs: Record<'bio' | 'backstory', { count: number; p50: number | null; p99: number | null }>;
}

const stages = (): Record<Stage, number> => ({ profile: 0, bio: 0, backstory: 0 });

export class EngineMetrics {
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
    byModel: new Map<string, { calls: number; promptTokens: number; completionTokens: number }>(),
    texts: { bio: { llm: 0, procedural: 0 }, backstory: { llm: 0, procedural: 0 } },
    fallbacks: new Map<string, number>(),
    passed: 0,
    regenerated: 0,
    flagged: 0,
    budgetDenied: 0,
  };
  private readonly latency = { bio: new LatencyWindow(), backstory: new LatencyWindow() };
  /** Set by the engine: ready pool entries across worlds and scheduler pauses. */
  poolReady: () => number = () => 0;
  rateLimitPauses: () => number = () => 0;
  private registry: Registry | null = null;

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
    if (!usage.calls) return;
    const m = this.s.byModel.get(model) ?? { calls: 0, promptTokens: 0, completionTokens: 0 };
    m.calls += usage.calls;
    m.promptTokens += usage.promptTokens;
    m.completionTokens += usage.completionTokens;
    this.s.byModel.set(model, m);
  }
  text(stage: 'bio' | 'backstory', source: TextSource, count = 1): void {
    this.s.texts[stage][source] += count;
  }
  fallback(reason: string, count = 1): void {
    this.s.fallbacks.set(reason, (this.s.fallbacks.get(reason) ?? 0) + count);
  }
  consistency(result: 'passed' | 'regenerated' | 'flagged'): void {
    this.s[result]++;
  }
  budgetDenied(): void {
    this.s.budgetDenied++;
  }
  latencyMs(stage: 'bio' | 'backstory', ms: number): void {
    this.latency[stage].add(ms);
  }

  snapshot(): MetricsSnapshot {
    const s = this.s;
    const byStage = {} as MetricsSnapshot['tokens']['byStage'];
    for (const st of ['profile', 'bio', 'backstory'] as const) byStage[st] = { prompt: s.prompt[st], completion: s.completion[st] };
    const sum = (r: Record<Stage, number>) => r.profile + r.bio + r.backstory;
    return {
      personas: { created: s.created, memoryHits: s.memoryHits, storeHits: s.storeHits },
      pool: { hits: s.poolHits, misses: s.poolMisses, ready: this.poolReady() },
      calls: { ...s.calls },
      repairs: { mended: { ...s.mended }, calls: { ...s.repairCalls } },
      tokens: { prompt: sum(s.prompt), completion: sum(s.completion), byStage },
      byModel: Object.fromEntries([...s.byModel].map(([k, v]) => [k, { ...v }])),
      texts: { bio: { ...s.texts.bio }, backstory: { ...s.texts.backstory } },
      fallbacks: { total: [...s.fallbacks.values()].reduce((a, b) => a + b, 0), byReason: Object.fromEntries(s.fallbacks) },
      consistency: { passed: s.passed, regenerated: s.regenerated, flagged: s.flagged },
      budgetDenied: s.budgetDenied,
      rateLimitPauses: this.rateLimitPauses(),
      latencyMs: { bio: this.latency.bio.quantiles(), backstory: this.latency.backstory.quantiles() },
    };
  }

  /** Prometheus text exposition of the snapshot (prefix `personas_`). */
  async prometheus(): Promise<string> {
    if (!this.registry) this.registry = this.buildRegistry();
    return this.registry.metrics();
  }

  private buildRegistry(): Registry {
    const registry = new Registry();
    const snap = () => this.snapshot();
    new Counter({
      name: 'personas_llm_calls_total',
      help: 'Model calls by stage',
      labelNames: ['stage'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stage, n] of Object.entries(snap().calls)) this.inc({ stage }, n);
      },
    });
    new Counter({
      name: 'personas_replies_mended_total',
      help: 'Invalid model replies mended locally (jsonrepair) and accepted, by stage: no repair call paid',
      labelNames: ['stage'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stage, n] of Object.entries(snap().repairs.mended)) this.inc({ stage }, n);
      },
    });
    new Counter({
      name: 'personas_repair_calls_total',
      help: 'Model calls sent to repair an invalid reply, by stage (included in personas_llm_calls_total)',
      labelNames: ['stage'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stage, n] of Object.entries(snap().repairs.calls)) this.inc({ stage }, n);
      },
    });
    new Counter({
      name: 'personas_tokens_total',
      help: 'Tokens by stage and kind (prompt, completion)',
      labelNames: ['stage', 'kind'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stage, t] of Object.entries(snap().tokens.byStage)) {
          this.inc({ stage, kind: 'prompt' }, t.prompt);
          this.inc({ stage, kind: 'completion' }, t.completion);
        }
      },
    });
    new Counter({
      name: 'personas_cache_hits_total',
      help: 'Persona lookups answered from memory or the store',
      labelNames: ['layer'],
      registers: [registry],
      collect() {
        this.reset();
        const p = snap().personas;
        this.inc({ layer: 'memory' }, p.memoryHits);
        this.inc({ layer: 'store' }, p.storeHits);
      },
    });
    new Counter({
      name: 'personas_created_total',
      help: 'Personas created (identity sampled)',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(snap().personas.created);
      },
    });
    new Counter({
      name: 'personas_texts_total',
      help: 'Bios and backstories written, by source (llm, procedural)',
      labelNames: ['stage', 'source'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stage, bySource] of Object.entries(snap().texts)) for (const [source, n] of Object.entries(bySource)) this.inc({ stage, source }, n);
      },
    });
    new Counter({
      name: 'personas_fallbacks_total',
      help: 'Texts written by the procedural fallback after the provider failed, by reason',
      labelNames: ['reason'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [reason, n] of Object.entries(snap().fallbacks.byReason)) this.inc({ reason }, n);
      },
    });
    new Counter({
      name: 'personas_pool_takes_total',
      help: 'Unkeyed spawns served from the warm pool (hit) or generated on demand (miss)',
      labelNames: ['result'],
      registers: [registry],
      collect() {
        this.reset();
        const p = snap().pool;
        this.inc({ result: 'hit' }, p.hits);
        this.inc({ result: 'miss' }, p.misses);
      },
    });
    new Gauge({
      name: 'personas_latency_ms',
      help: 'Generation latency percentiles over the last 2,048 texts',
      labelNames: ['stage', 'quantile'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [stage, q] of Object.entries(snap().latencyMs)) {
          if (q.p50 !== null) this.set({ stage, quantile: '0.5' }, q.p50);
          if (q.p99 !== null) this.set({ stage, quantile: '0.99' }, q.p99);
        }
      },
    });
    return registry;
  }
}
