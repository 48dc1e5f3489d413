/**
 * The OpenAI provider's options: what a caller passes (OpenAIProviderOptions), how they are
 * validated, and the defaults applied (ResolvedOpenAIProviderOptions). The environment
 * variables that produce them: env.ts.
 *   const models = { profile: ['qwen2.5:14b'], bio: ['llama3.2'], backstory: ['llama3.2'] };
 *   const resolved = resolveOpenAIProviderOptions({ baseURL: 'http://127.0.0.1:11434/v1', models });
 *   resolved.timeoutMs.bio // 30_000
 * Cost: one zod parse and, without a `client`, one SDK client built per call.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { InvalidInputError, parseOrThrow } from '../../core/errors.js';
import type { Stage } from '../../core/types.js';
import { DEFAULT_BREAKER_COOLDOWN_MS, DEFAULT_BREAKER_FAILURES } from './breaker.js';

export interface OpenAIProviderOptions {
  /** API key. Default: the SDK reads OPENAI_API_KEY; with only a baseURL, "not-needed" (local servers do not check). */
  apiKey?: string;
  /** Endpoint, e.g. "http://127.0.0.1:11434/v1" for Ollama. Default: the SDK's (OPENAI_BASE_URL or api.openai.com). */
  baseURL?: string;
  /** A ready SDK client; apiKey and baseURL are then ignored. Default: one built from apiKey/baseURL. */
  client?: OpenAI;
  /** Ordered fallback list of models per stage; each list needs at least one model. */
  models: { profile: string[]; bio: string[]; backstory: string[] };
  /** Limit per HTTP call in ms, one number for all stages or per stage. Default: bio 30_000, profile and backstory 120_000. */
  timeoutMs?: number | Partial<Record<Stage, number>>;
  /** Retries of one call after a 5xx or connection error before the next model. 429s are never retried here. Default: 1. */
  maxRetries?: number;
  /** Concurrent calls the engine's scheduler allows this provider. Default: 4. */
  concurrency?: number;
  /**
   * Circuit breaker per endpoint and model: after `failures` consecutive failures (5xx,
   * connection errors, timeouts; not 429s, not invalid output) the model is skipped for
   * `cooldownMs`, then probed by one call. `now`: the breaker's clock (tests). `false`: off.
   * Default: { failures: 3, cooldownMs: 30_000 }.
   */
  breaker?: { failures?: number; cooldownMs?: number; now?: () => number } | false;
}

export interface ResolvedOpenAIProviderOptions {
  client: OpenAI;
  models: Record<Stage, string[]>;
  timeoutMs: Record<Stage, number>;
  maxRetries: number;
  concurrency: number;
  breaker: { failures: number; cooldownMs: number; now: () => number } | false;
}

const DEFAULT_TIMEOUT_MS: Record<Stage, number> = { profile: 120_000, bio: 30_000, backstory: 120_000 };
const DEFAULT_MAX_RETRIES = 1;
const DEFAULT_CONCURRENCY = 4;

const modelList = z.array(z.string().trim().min(1, 'a model name is empty')).min(1, 'list at least one model');
const timeout = z.number().int().positive().max(3_600_000);
const OptionsSchema = z.object({
  apiKey: z.string().min(1).optional(),
  baseURL: z.url().optional(),
  client: z
    .custom<OpenAI>((c) => typeof (c as OpenAI | undefined)?.chat?.completions?.create === 'function', 'expected an OpenAI client instance')
    .optional(),
  models: z.object({ profile: modelList, bio: modelList, backstory: modelList }),
  timeoutMs: z
    .union([timeout, z.object({ profile: timeout.optional(), bio: timeout.optional(), backstory: timeout.optional() })])
    .optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  // `false` is taken out before parsing (a union would hide which field was wrong).
  breaker: z
    .object(
      {
        failures: z.number().int().min(1).max(1000).optional(),
        cooldownMs: z.number().int().min(0).max(86_400_000).optional(),
        now: z.custom<() => number>((f) => typeof f === 'function', 'expected a function returning the time in ms').optional(),
      },
      'expected false or { failures?, cooldownMs?, now? }',
    )
    .optional(),
});

/** Validate options and apply every default. Throws InvalidInputError on bad options. */
export function resolveOpenAIProviderOptions(options: OpenAIProviderOptions): ResolvedOpenAIProviderOptions {
  const o = parseOrThrow(
    OptionsSchema,
    options?.breaker === false ? { ...options, breaker: undefined } : options,
    (message) => new InvalidInputError(message),
    'OpenAIProvider options',
  );
  const perStage =
    typeof o.timeoutMs === 'number' ? { profile: o.timeoutMs, bio: o.timeoutMs, backstory: o.timeoutMs } : (o.timeoutMs ?? {});
  let client = o.client;
  if (!client) {
    try {
      client = new OpenAI({
        apiKey: o.apiKey ?? (o.baseURL && !process.env.OPENAI_API_KEY ? 'not-needed' : undefined),
        baseURL: o.baseURL,
        maxRetries: 0,
      });
    } catch (err) {
      throw new InvalidInputError('OpenAIProvider needs an apiKey or a baseURL (or OPENAI_API_KEY / OPENAI_BASE_URL in the environment).', {
        cause: err,
      });
    }
  }
  return {
    client,
    models: { profile: o.models.profile, bio: o.models.bio, backstory: o.models.backstory },
    timeoutMs: { ...DEFAULT_TIMEOUT_MS, ...perStage },
    maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
    breaker:
      options.breaker === false
        ? false
        : {
            failures: o.breaker?.failures ?? DEFAULT_BREAKER_FAILURES,
            cooldownMs: o.breaker?.cooldownMs ?? DEFAULT_BREAKER_COOLDOWN_MS,
            now: o.breaker?.now ?? Date.now,
          },
  };
}
