/**
 * The test server's faults: the kinds it can inject, their validation, and the seeded random
 * mix (`faultMix`) that a benchmark uses for "10 % malformed, 5 % 429..." runs.
 *   const fault = drawFault(toFaultMix({ rate: { malformed: 0.1 } }), seededRandom('s'), true);
 * Cost: one PRNG draw per request while a mix is set.
 */
import { InvalidInputError } from '../core/errors.js';
import type { Rand } from '../core/random.js';

/**
 * 'malformed' cuts the JSON off at 60 % (nothing local can recover the missing text);
 * 'sloppy-json' sends the whole reply with the slips models make (unquoted keys, trailing
 * commas), which a lenient parser can mend.
 */
export type FaultKind =
  'http500' | 'http429' | 'hang' | 'malformed' | 'wrong-schema' | 'length' | 'refuse-json-schema' | 'contradict' | 'sloppy-json';
export const FAULT_KINDS: readonly FaultKind[] = [
  'http500',
  'http429',
  'hang',
  'malformed',
  'wrong-schema',
  'length',
  'refuse-json-schema',
  'contradict',
  'sloppy-json',
];

/**
 * A failure to inject. http429 sends `retry-after: <retryAfterSeconds>` (default 1); with
 * `retryAfterMs` it sends `retry-after-ms: <retryAfterMs>` (which the openai SDK and this
 * project's provider read first) and `retry-after` rounded up to whole seconds.
 */
export type Fault = { fault: 'http429'; retryAfterSeconds?: number; retryAfterMs?: number } | { fault: Exclude<FaultKind, 'http429'> };

/**
 * Random faults, drawn once per request (in arrival order) from a PRNG seeded with `seed`, so
 * the same seed and the same order of requests give the same faults. Only requests no
 * persistent fault, json_schema refusal or scripted entry answered take part; a drawn
 * refuse-json-schema applies to json_schema requests only.
 *   { rate: { malformed: 0.1, http429: 0.05, contradict: 0.05 }, seed: 1, retryAfterMs: 200 }
 */
export interface FaultMix {
  /** Probability per request of each fault kind; together at most 1. */
  rate: Partial<Record<FaultKind, number>>;
  /** PRNG seed. Default: 1. */
  seed?: number;
  /** A mixed-in http429's wait, sent as retry-after-ms (and retry-after in whole seconds, rounded up). Default: 1,000. */
  retryAfterMs?: number;
}
export type ResolvedFaultMix = Required<FaultMix>;

export function toFault(value: FaultKind | Fault, where: string): Fault {
  const fault = typeof value === 'string' ? ({ fault: value } as Fault) : value;
  if (!FAULT_KINDS.includes(fault.fault))
    throw new InvalidInputError(`${where}: unknown fault "${String(fault.fault)}"; use one of ${FAULT_KINDS.join(', ')}`);
  if (fault.fault === 'http429' && fault.retryAfterMs !== undefined && !(Number.isFinite(fault.retryAfterMs) && fault.retryAfterMs >= 0)) {
    throw new InvalidInputError(`${where}: retryAfterMs must be a finite number of ms >= 0, got ${fault.retryAfterMs}`);
  }
  return fault;
}

export function toFaultMix(mix: FaultMix): ResolvedFaultMix {
  const rate: Partial<Record<FaultKind, number>> = {};
  let total = 0;
  for (const [kind, p] of Object.entries(mix.rate ?? {})) {
    if (!FAULT_KINDS.includes(kind as FaultKind))
      throw new InvalidInputError(`faultMix.rate: unknown fault "${kind}"; use one of ${FAULT_KINDS.join(', ')}`);
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      throw new InvalidInputError(`faultMix.rate.${kind} must be a probability in [0, 1], got ${String(p)}`);
    rate[kind as FaultKind] = p;
    total += p;
  }
  if (total > 1 + 1e-9)
    throw new InvalidInputError(`faultMix.rate adds up to ${total}; the probabilities of all faults together must be at most 1`);
  const seed = mix.seed ?? 1;
  const retryAfterMs = mix.retryAfterMs ?? 1_000;
  if (!Number.isFinite(seed)) throw new InvalidInputError(`faultMix.seed must be a finite number, got ${seed}`);
  if (!(Number.isFinite(retryAfterMs) && retryAfterMs >= 0))
    throw new InvalidInputError(`faultMix.retryAfterMs must be a finite number of ms >= 0, got ${retryAfterMs}`);
  return { rate, seed, retryAfterMs };
}

/** One draw from the fault mix (always one per request, so the sequence depends only on arrival order). */
export function drawFault(mix: ResolvedFaultMix, rand: Rand, isJsonSchema: boolean): Fault | null {
  const roll = rand();
  let cumulative = 0;
  for (const kind of FAULT_KINDS) {
    cumulative += mix.rate[kind] ?? 0;
    if (roll >= cumulative) continue;
    if (kind === 'refuse-json-schema' && !isJsonSchema) return null;
    return kind === 'http429' ? { fault: 'http429', retryAfterMs: mix.retryAfterMs } : { fault: kind };
  }
  return null;
}
