/**
 * The OpenAI-compatible provider: profiles, bios and backstories from any endpoint that speaks
 * the chat completions API (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp server, LM Studio).
 * Each stage has an ordered list of models; a model that fails (HTTP error, timeout, output
 * still invalid after the repair retry) hands over to the next. A 429 (or 503 with
 * Retry-After) stops at once with `retryAfterMs` so the engine's scheduler can pause, and the
 * caller's abort signal stops everything. It never falls back to templates: the engine does.
 *   const provider = new OpenAIProvider({ baseURL: 'http://127.0.0.1:11434/v1', models: { profile: ['qwen2.5:14b'], bio: ['llama3.2'], backstory: ['llama3.2'] } });
 *   const { value: bios, model, usage } = await provider.bios({ world, profile, subjects });
 * `backstories()` writes several first drafts of one world in one call (the engine batches them).
 * Cost: one HTTP call per request when the first model answers well; see structured.ts for
 * the retries. Holds one SDK client; no timers or state besides the mode cache.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { InvalidInputError, InvalidOutputError, ProviderError } from '../../core/errors.js';
import type { Profile } from '../../core/profile-schema.js';
import type { StructuredPrompt } from '../../core/prompt.js';
import type {
  BackstoriesRequest,
  BackstoryRequest,
  BioRequest,
  Generated,
  PersonaProvider,
  ProfileRequest,
  Stage,
  Usage,
} from '../../core/types.js';
import { backstoryPrompt } from '../../stages/backstory.js';
import { backstoriesPrompt, pickBackstories } from '../../stages/backstories.js';
import { bioPrompt } from '../../stages/bio.js';
import { profilePrompt } from '../../stages/profile.js';
import { structuredCompletion, throwIfAborted } from './structured.js';

export { structuredCompletion, structuredModeCache, structuredModeKey, jsonSchemaFor, parseRetryAfter } from './structured.js';
export type { StructuredMode, StructuredOptions, StructuredResult } from './structured.js';
export { openAIOptionsFromEnv, parseModelList, DEFAULT_OPENAI_MODELS, PLACEHOLDER_API_KEY } from './env.js';

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
}

export interface ResolvedOpenAIProviderOptions {
  client: OpenAI;
  models: Record<Stage, string[]>;
  timeoutMs: Record<Stage, number>;
  maxRetries: number;
  concurrency: number;
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
  timeoutMs: z.union([timeout, z.object({ profile: timeout.optional(), bio: timeout.optional(), backstory: timeout.optional() })]).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
});

/** Validate options and apply every default. Throws InvalidInputError on bad options. */
export function resolveOpenAIProviderOptions(options: OpenAIProviderOptions): ResolvedOpenAIProviderOptions {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidInputError(`Invalid OpenAIProvider options:\n${z.prettifyError(parsed.error)}`);
  const o = parsed.data;
  const perStage = typeof o.timeoutMs === 'number' ? { profile: o.timeoutMs, bio: o.timeoutMs, backstory: o.timeoutMs } : (o.timeoutMs ?? {});
  let client = o.client;
  if (!client) {
    try {
      client = new OpenAI({ apiKey: o.apiKey ?? (o.baseURL && !process.env.OPENAI_API_KEY ? 'not-needed' : undefined), baseURL: o.baseURL, maxRetries: 0 });
    } catch (err) {
      throw new InvalidInputError(
        'OpenAIProvider needs an apiKey or a baseURL (or OPENAI_API_KEY / OPENAI_BASE_URL in the environment).',
        { cause: err },
      );
    }
  }
  return {
    client,
    models: { profile: o.models.profile, bio: o.models.bio, backstory: o.models.backstory },
    timeoutMs: { ...DEFAULT_TIMEOUT_MS, ...perStage },
    maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
  };
}

export class OpenAIProvider implements PersonaProvider {
  readonly name = 'openai';
  readonly concurrency: number;
  readonly options: ResolvedOpenAIProviderOptions;

  constructor(options: OpenAIProviderOptions) {
    this.options = resolveOpenAIProviderOptions(options);
    this.concurrency = this.options.concurrency;
  }

  profile(request: ProfileRequest): Promise<Generated<Profile>> {
    return this.run(profilePrompt(request.world), request.signal, (v) => v);
  }

  async bios(request: BioRequest): Promise<Generated<string[]>> {
    if (request.subjects.length === 0) throw new InvalidInputError('bios() needs at least one subject.');
    return this.run(bioPrompt(request.world, request.profile, request.subjects), request.signal, (v) => v.bios.map((b) => b.bio));
  }

  backstory(request: BackstoryRequest): Promise<Generated<string>> {
    const prompt = backstoryPrompt(request.world, request.profile, request.subject, request.bio, request.problems);
    return this.run(prompt, request.signal, (v) => v.backstory);
  }

  /**
   * First drafts for several people in one call (stages/backstories.ts). Entry i is people[i]'s
   * text, or null when the reply left that person out, used a wrong ref or broke the length
   * rules: the engine writes those alone. A reply of the wrong shape gets the usual repair retry.
   */
  async backstories(request: BackstoriesRequest): Promise<Generated<Array<string | null>>> {
    if (request.people.length === 0) throw new InvalidInputError('backstories() needs at least one person.');
    const prompt = backstoriesPrompt(request.world, request.profile, request.people);
    return this.run(prompt, request.signal, (v) => pickBackstories(v, prompt.refs));
  }

  /** Try each model of the prompt's stage in order; see the file header for what stops the walk. */
  private async run<T, R>(prompt: StructuredPrompt<T>, signal: AbortSignal | undefined, pick: (value: T) => R): Promise<Generated<R>> {
    const { client, models, timeoutMs, maxRetries } = this.options;
    const stage = prompt.stage;
    const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
    const failures: string[] = [];
    let last: ProviderError | InvalidOutputError | undefined;
    for (const model of models[stage]) {
      throwIfAborted(signal);
      try {
        const result = await structuredCompletion(client, model, prompt, { signal, timeoutMs: timeoutMs[stage], maxRetries, usage });
        return { value: pick(result.value), model, source: 'llm', usage };
      } catch (err) {
        throwIfAborted(signal);
        if (err instanceof ProviderError && err.retryAfterMs !== null) {
          err.usage = { ...usage };
          throw err;
        }
        if (!(err instanceof ProviderError || err instanceof InvalidOutputError)) throw err;
        last = err;
        failures.push(`${model}: ${oneLine(err.message)}`);
      }
    }
    const tried = models[stage];
    throw new ProviderError(
      `Every ${stage} model failed (${tried.join(', ')}):\n- ${failures.join('\n- ')}\n` +
        'The engine falls back to procedural text; check the endpoint, the model names (PERSONAS_MODELS_' +
        `${stage.toUpperCase()}) and the timeouts.`,
      {
        provider: this.name,
        model: tried[tried.length - 1] ?? null,
        status: last instanceof ProviderError ? last.status : null,
        usage: { ...usage },
        cause: last,
      },
    );
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
