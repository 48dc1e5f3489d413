/**
 * Budgets: hard caps on model calls and tokens per world per period, so a popular world (or
 * a runaway loop) cannot spend without bound. Checked before every call; charged after.
 *   const budgets = new BudgetBook({ calls: 1000, tokens: 2_000_000, periodMs: 3_600_000 });
 *   budgets.check('neo-tokyo'); budgets.charge('neo-tokyo', usage);
 * Cost: one Map lookup per call; one entry per world.
 */
import { BudgetExceededError } from '../core/errors.js';
import type { Usage } from '../core/types.js';

export interface BudgetOptions {
  /** Max model calls per world per period. Default: unlimited. */
  calls?: number;
  /** Max prompt + completion tokens per world per period. Default: unlimited. */
  tokens?: number;
  /** Length of a budget period in ms. Default: 3,600,000 (one hour). */
  periodMs?: number;
}

interface Spend {
  calls: number;
  tokens: number;
  periodStart: number;
}

export class BudgetBook {
  private readonly spend = new Map<string, Spend>();
  private readonly calls: number;
  private readonly tokens: number;
  private readonly periodMs: number;

  constructor(
    options: BudgetOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.calls = options.calls ?? Infinity;
    this.tokens = options.tokens ?? Infinity;
    this.periodMs = options.periodMs ?? 3_600_000;
  }

  private current(world: string): Spend {
    const t = this.now();
    let s = this.spend.get(world);
    if (!s || t - s.periodStart >= this.periodMs) {
      s = { calls: 0, tokens: 0, periodStart: t };
      this.spend.set(world, s);
    }
    return s;
  }

  /** Throws BudgetExceededError when the world may not make another call this period. */
  check(world: string): void {
    const s = this.current(world);
    if (s.calls >= this.calls) throw new BudgetExceededError(world, 'calls', s.periodStart + this.periodMs);
    if (s.tokens >= this.tokens) throw new BudgetExceededError(world, 'tokens', s.periodStart + this.periodMs);
  }

  charge(world: string, usage: Usage): void {
    const s = this.current(world);
    s.calls += usage.calls;
    s.tokens += usage.promptTokens + usage.completionTokens;
  }
}
