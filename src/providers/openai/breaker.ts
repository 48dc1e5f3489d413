/**
 * Circuit breakers per (endpoint, model) for the OpenAI-compatible provider, so a dead or
 * hanging model costs a handful of calls per cool-down instead of one per request. Closed:
 * calls go through and consecutive failures are counted; after `failures` of them in a row the
 * breaker opens and every call skips the model for `cooldownMs`; then the next call is the one
 * probe (half-open; concurrent calls keep skipping): success closes it, failure opens it for
 * another cool-down. What counts: `failure` (5xx, connection error, timeout, the live deadline
 * cutting a call), `success` (the model answered, also with invalid output: it is alive) and
 * `neutral` (a 429 pause or the caller's abort: says nothing about the model's health).
 *   const breakers = new BreakerRegistry({ failures: 3, cooldownMs: 30_000 });
 *   const ticket = breakers.acquire(client.baseURL, 'llama3.2'); // { skip: true, retryInMs } while open
 *   if (!ticket.skip) breakers.record(ticket, ok ? 'success' : 'failure');
 * Written here rather than with opossum: opossum wraps one function per breaker with its own
 * timeout and rolling-window timers, has no injectable clock and no "one probe, others skip"
 * half-open rule; what the provider needs is a Map of small records and ~100 lines.
 * Cost: one Map lookup and a few field updates per call; no timers (time is read from `now`).
 */
import type { BreakerState } from '../../core/types.js';

export interface BreakerOptions {
  /** Consecutive failures that open a breaker. Default: 3. */
  failures?: number;
  /** How long an open breaker skips its model before one probe, in ms. Default: 30,000. */
  cooldownMs?: number;
  /** The clock, in ms (Date.now scale). Default: Date.now. Tests inject a fake one. */
  now?: () => number;
}

export const DEFAULT_BREAKER_FAILURES = 3;
export const DEFAULT_BREAKER_COOLDOWN_MS = 30_000;

export type BreakerOutcome = 'success' | 'failure' | 'neutral';

/** What `acquire` answers: call the model (a probe when half-open), or skip it until `retryInMs` from now. */
export type BreakerTicket = { skip: false; probe: boolean; key: string } | { skip: true; retryInMs: number; key: string };

interface Entry {
  endpoint: string;
  model: string;
  /** 'half-open' means the probe is in flight; an open breaker whose cool-down ended is still 'open' until a call probes. */
  state: BreakerState['state'];
  consecutiveFailures: number;
  opens: number;
  skips: number;
  /** While open: when the probe may start. */
  openUntil: number;
}

export class BreakerRegistry {
  readonly failures: number;
  readonly cooldownMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: BreakerOptions = {}) {
    this.failures = options.failures ?? DEFAULT_BREAKER_FAILURES;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_BREAKER_COOLDOWN_MS;
    this.now = options.now ?? Date.now;
  }

  /** Ask to call `model` at `endpoint`. A skip is counted; a call must be followed by exactly one `record`. */
  acquire(endpoint: string, model: string): BreakerTicket {
    const key = breakerKey(endpoint, model);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { endpoint, model, state: 'closed', consecutiveFailures: 0, opens: 0, skips: 0, openUntil: 0 };
      this.entries.set(key, entry);
    }
    if (entry.state === 'closed') return { skip: false, probe: false, key };
    const now = this.now();
    if (entry.state === 'open' && now >= entry.openUntil) {
      entry.state = 'half-open';
      return { skip: false, probe: true, key };
    }
    entry.skips++;
    // Half-open: the probe is still out; the next chance is when it fails, i.e. one cool-down at the earliest.
    const retryInMs = entry.state === 'open' ? entry.openUntil - now : this.cooldownMs;
    return { skip: true, retryInMs: Math.max(0, retryInMs), key };
  }

  /** Report how a call let through by `acquire` ended. */
  record(ticket: BreakerTicket, outcome: BreakerOutcome): void {
    const entry = this.entries.get(ticket.key);
    if (!entry || ticket.skip) return;
    const probe = ticket.probe && entry.state === 'half-open';
    if (outcome === 'success') {
      entry.state = 'closed';
      entry.consecutiveFailures = 0;
      return;
    }
    if (outcome === 'neutral') {
      // A probe that proved nothing hands the probe back: the next call probes again.
      if (probe) entry.state = 'open';
      return;
    }
    entry.consecutiveFailures++;
    if (probe || (entry.state === 'closed' && entry.consecutiveFailures >= this.failures)) this.open(entry);
    // A late failure of a call started before the breaker opened does not extend the cool-down.
  }

  /** When the earliest of these models may be probed (ms from now), or null if one of them is closed or unseen. */
  nextProbeInMs(endpoint: string, models: readonly string[]): number | null {
    let soonest: number | null = null;
    const now = this.now();
    for (const model of models) {
      const entry = this.entries.get(breakerKey(endpoint, model));
      if (!entry || entry.state === 'closed') return null;
      const wait = entry.state === 'open' ? Math.max(0, entry.openUntil - now) : this.cooldownMs;
      soonest = soonest === null ? wait : Math.min(soonest, wait);
    }
    return soonest;
  }

  /** Every breaker that has seen a call, in first-use order. */
  states(): BreakerState[] {
    return [...this.entries.values()].map((e) => ({
      endpoint: e.endpoint,
      model: e.model,
      state: e.state,
      consecutiveFailures: e.consecutiveFailures,
      opens: e.opens,
      skips: e.skips,
    }));
  }

  private open(entry: Entry): void {
    entry.state = 'open';
    entry.opens++;
    entry.openUntil = this.now() + this.cooldownMs;
  }
}

/** One string per (endpoint, model) that no pair of other strings can produce. */
function breakerKey(endpoint: string, model: string): string {
  return JSON.stringify([endpoint, model]);
}
