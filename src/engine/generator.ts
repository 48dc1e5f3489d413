/**
 * The generator: every model call the engine makes goes through here. It checks the world's
 * budget, runs the call on the scheduler in the right lane, charges usage, and when the
 * provider fails after its retries and model fallbacks (or the budget is spent) it writes
 * the text with the procedural provider instead and labels it `source: "procedural"`.
 * Backstories are checked for consistency and regenerated once with the problems named.
 * Every call is paced (pacer.ts), the procedural provider's included: a burst of in-process
 * work takes turns with the event loop's timers and I/O.
 *   const [bio] = await generator.bios(world, profile, [identity], 'live');
 * Cost: one scheduler entry (none for the in-process fallback) and one provider call per batch
 * or backstory; the fallback is a template fill (microseconds).
 */
import { BudgetExceededError, InvalidOutputError, PersonaError, ProviderError } from '../core/errors.js';
import type { Profile } from '../core/profile-schema.js';
import { validateProfile } from '../core/profile-schema.js';
import type { ConsistencyReport, Generated, PersonaIdentity, PersonaProvider, Stage, TextSource, WorldContext } from '../core/types.js';
import { checkConsistency } from '../stages/consistency.js';
import type { BudgetBook } from './budget.js';
import type { EngineMetrics } from './metrics.js';
import type { Pacer } from './pacer.js';
import { type Lane, LANE_PRIORITY, type Scheduler } from './scheduler.js';

export interface TextResult {
  text: string;
  model: string;
  source: TextSource;
  /** Why the procedural fallback wrote this text, when it did. */
  fallbackReason: string | null;
}

export interface BackstoryResult extends TextResult {
  consistency: ConsistencyReport;
}

export interface GeneratorDeps {
  provider: PersonaProvider;
  fallback: PersonaProvider;
  scheduler: Scheduler;
  budgets: BudgetBook;
  metrics: EngineMetrics;
  signal: AbortSignal;
}

function reasonOf(err: unknown): string {
  if (err instanceof BudgetExceededError) return 'budget';
  if (err instanceof ProviderError) return err.status === 429 ? 'rate-limited' : 'provider-error';
  if (err instanceof InvalidOutputError) return 'invalid-output';
  if (err instanceof PersonaError) return err.code.toLowerCase();
  return 'error';
}

export class Generator {
  /** The last provider error, for logs and the CLI summary. */
  lastError: unknown = null;

  constructor(private readonly deps: GeneratorDeps) {}

  get usesFallbackOnly(): boolean {
    return this.deps.provider === this.deps.fallback;
  }

  /** The scheduler's pacer (the batcher waits for paced spawns before it sends a batch). */
  get pacer(): Pacer {
    return this.deps.scheduler.pacer;
  }

  /** Run one provider call under budget and scheduler; fall back to procedural on failure. */
  private async call<T>(
    stage: Stage,
    world: WorldContext,
    lane: Lane,
    primary: (p: PersonaProvider, signal: AbortSignal) => Promise<Generated<T>>,
    opts: { id?: string; priority?: number; count?: number } = {},
  ): Promise<Generated<T> & { fallbackReason: string | null }> {
    const { provider, fallback, scheduler, budgets, metrics, signal } = this.deps;
    if (provider !== fallback) {
      try {
        budgets.check(world.id);
        const out = await scheduler.run(lane, () => primary(provider, signal), { id: opts.id, signal, priority: opts.priority });
        budgets.charge(world.id, out.usage);
        metrics.usage(stage, out.model, out.usage);
        return { ...out, fallbackReason: null };
      } catch (err) {
        if (signal.aborted) throw err;
        if (err instanceof BudgetExceededError) metrics.budgetDenied();
        if (err instanceof ProviderError && err.usage) {
          // Failed attempts are billed too: count them against the budget and in metrics.
          budgets.charge(world.id, err.usage);
          metrics.usage(stage, err.model ?? provider.name, err.usage);
        }
        this.lastError = err;
        const reason = reasonOf(err);
        metrics.fallback(reason, opts.count ?? 1);
        // Not through the queue (it may be paused for a 429, and this takes microseconds), but paced.
        if (scheduler.pacer.due()) await scheduler.pace(lane);
        const out = await primary(fallback, signal);
        return { ...out, fallbackReason: reason };
      }
    }
    // The provider is the in-process fallback: no budget or usage to count and no concurrency to
    // limit, so no queue; but paced by lane priority (a focused backstory included), so live bios
    // go first and a burst yields to the event loop between calls.
    if (scheduler.pacer.due()) await scheduler.pacer.pace(opts.priority ?? LANE_PRIORITY[lane]);
    const out = await primary(fallback, signal);
    return { ...out, fallbackReason: null };
  }

  async profile(world: WorldContext): Promise<{ profile: Profile; model: string; source: TextSource; fallbackReason: string | null }> {
    const out = await this.call('profile', world, 'live', (p, signal) => p.profile({ world, signal }));
    return { profile: validateProfile(out.value), model: out.model, source: out.source, fallbackReason: out.fallbackReason };
  }

  async bios(world: WorldContext, profile: Profile, subjects: PersonaIdentity[], lane: Lane): Promise<TextResult[]> {
    const started = performance.now();
    const out = await this.call('bio', world, lane, (p, signal) => p.bios({ world, profile, subjects, signal }), { count: subjects.length });
    const ms = performance.now() - started;
    if (out.value.length !== subjects.length) throw new ProviderError(`Provider returned ${out.value.length} bios for ${subjects.length} people`, { provider: 'engine' });
    this.deps.metrics.text('bio', out.source, subjects.length);
    for (let i = 0; i < subjects.length; i++) this.deps.metrics.latencyMs('bio', ms);
    return out.value.map((text) => ({ text, model: out.model, source: out.source, fallbackReason: out.fallbackReason }));
  }

  /** Write, check, and on a contradiction write once more naming the problems; a second failure is kept but flagged. */
  async backstory(world: WorldContext, profile: Profile, subject: PersonaIdentity, bio: string, options: { id: string; priority?: () => number }): Promise<BackstoryResult> {
    const started = performance.now();
    const write = (problems: string[] | null) =>
      this.call('backstory', world, 'backstory', (p, signal) => p.backstory({ world, profile, subject, bio, problems, signal }), {
        id: options.id,
        priority: options.priority?.() ?? LANE_PRIORITY.backstory,
      });
    // The consistency check is CPU work of its own: paced like a unit (no-op while the turn has slice left).
    const check = async (text: string) => {
      if (this.deps.scheduler.pacer.due()) await this.deps.scheduler.pace('continue');
      return checkConsistency(subject, text);
    };
    let out = await write(null);
    let problems = await check(out.value);
    let regenerated = false;
    if (problems.length) {
      regenerated = true;
      this.deps.metrics.consistency('regenerated');
      out = await write(problems);
      problems = await check(out.value);
    }
    this.deps.metrics.consistency(problems.length ? 'flagged' : 'passed');
    this.deps.metrics.text('backstory', out.source);
    this.deps.metrics.latencyMs('backstory', performance.now() - started);
    return {
      text: out.value,
      model: out.model,
      source: out.source,
      fallbackReason: out.fallbackReason,
      consistency: { ok: problems.length === 0, problems, regenerated },
    };
  }
}
