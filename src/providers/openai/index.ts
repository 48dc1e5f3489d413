/**
 * The OpenAI-compatible provider: profiles, bios and backstories from any endpoint that speaks
 * the chat completions API (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp server, LM Studio).
 * Each stage has an ordered list of models; a model that fails (HTTP error, timeout, output
 * still invalid after the repair retry) hands over to the next. A 429 (or 503 with
 * Retry-After) stops at once with `retryAfterMs` so the engine's scheduler can pause, and the
 * caller's abort signal stops everything. It never falls back to templates: the engine does.
 * A circuit breaker per endpoint and model (breaker.ts) skips a model after `failures`
 * consecutive failures or timeouts for a cool-down, then probes it once; when every model of
 * a stage is skipped the call fails at once, without HTTP. A bio with a live `deadline` cuts
 * each call's timeout to what is left and starts nothing past it. `health()` lists the breakers.
 *   const provider = new OpenAIProvider({ baseURL: 'http://127.0.0.1:11434/v1', models: { profile: ['qwen2.5:14b'], bio: ['llama3.2'], backstory: ['llama3.2'] } });
 *   const { value: bios, model, usage } = await provider.bios({ world, profile, subjects });
 * `backstories()` writes several first drafts of one world in one call (the engine batches them).
 * Options and their defaults: options.ts. Cost: one HTTP call per request when the first
 * model answers well; see structured.ts for the retries. Holds one SDK client and the breaker registry; no timers besides each call's timeout.
 */
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
  ProviderHealth,
  Stage,
  Usage,
} from '../../core/types.js';
import { backstoryPrompt } from '../../stages/backstory.js';
import { backstoriesPrompt, pickBackstories } from '../../stages/backstories.js';
import { bioPrompt } from '../../stages/bio.js';
import { profilePrompt } from '../../stages/profile.js';
import { BreakerRegistry, type BreakerOutcome, type BreakerTicket } from './breaker.js';
import { type OpenAIProviderOptions, resolveOpenAIProviderOptions, type ResolvedOpenAIProviderOptions } from './options.js';
import { deadlinePassed } from './provider-errors.js';
import { throwIfAborted } from './send.js';
import { structuredCompletion } from './structured.js';

export { structuredCompletion, type StructuredResult } from './structured.js';
export { structuredModeCache, structuredModeKey, type StructuredMode } from './modes.js';
export { jsonSchemaFor } from './json-schema.js';
export { parseRetryAfter } from './retry-after.js';
export type { StructuredOptions } from './send.js';
export { openAIOptionsFromEnv, parseModelList, DEFAULT_OPENAI_MODELS, PLACEHOLDER_API_KEY } from './env.js';
export { BreakerRegistry, DEFAULT_BREAKER_COOLDOWN_MS, DEFAULT_BREAKER_FAILURES } from './breaker.js';
export type { BreakerOptions, BreakerOutcome, BreakerTicket } from './breaker.js';
export { resolveOpenAIProviderOptions, type OpenAIProviderOptions, type ResolvedOpenAIProviderOptions } from './options.js';

export class OpenAIProvider implements PersonaProvider {
  readonly name = 'openai';
  readonly concurrency: number;
  readonly options: ResolvedOpenAIProviderOptions;
  /** @internal The circuit breakers of this provider (null when `breaker: false`); `health()` reports them. */
  readonly breakers: BreakerRegistry | null;

  constructor(options: OpenAIProviderOptions) {
    this.options = resolveOpenAIProviderOptions(options);
    this.concurrency = this.options.concurrency;
    this.breakers = this.options.breaker ? new BreakerRegistry(this.options.breaker) : null;
  }

  /** Every circuit breaker that has seen a call: state, consecutive failures, opens and skips. */
  health(): ProviderHealth {
    return { breakers: this.breakers?.states() ?? [] };
  }

  profile(request: ProfileRequest): Promise<Generated<Profile>> {
    return this.run(profilePrompt(request.world), request.signal, undefined, (v) => v);
  }

  async bios(request: BioRequest): Promise<Generated<string[]>> {
    if (request.subjects.length === 0) throw new InvalidInputError('bios() needs at least one subject.');
    if (request.deadline !== undefined && !Number.isFinite(request.deadline)) {
      throw new InvalidInputError(`bios(): deadline must be a finite time in ms (Date.now() scale), got ${String(request.deadline)}.`);
    }
    const prompt = bioPrompt(request.world, request.profile, request.subjects, request.problems);
    return this.run(prompt, request.signal, request.deadline, (v) => v.bios.map((b) => b.bio));
  }

  backstory(request: BackstoryRequest): Promise<Generated<string>> {
    const prompt = backstoryPrompt(request.world, request.profile, request.subject, request.bio, request.problems);
    return this.run(prompt, request.signal, undefined, (v) => v.backstory);
  }

  /**
   * First drafts for several people in one call (stages/backstories.ts). Entry i is people[i]'s
   * text, or null when the reply left that person out, used a wrong ref or broke the length
   * rules: the engine writes those alone. A reply of the wrong shape gets the usual repair retry.
   */
  async backstories(request: BackstoriesRequest): Promise<Generated<Array<string | null>>> {
    if (request.people.length === 0) throw new InvalidInputError('backstories() needs at least one person.');
    const prompt = backstoriesPrompt(request.world, request.profile, request.people);
    return this.run(prompt, request.signal, undefined, (v) => pickBackstories(v, prompt.refs));
  }

  /**
   * Try each model of the prompt's stage in order, skipping those whose breaker is open; see
   * the file header for what stops the walk. `deadline`: the live deadline (bios only).
   */
  private async run<T, R>(
    prompt: StructuredPrompt<T>,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
    pick: (value: T) => R,
  ): Promise<Generated<R>> {
    const { client, models, timeoutMs, maxRetries } = this.options;
    const stage = prompt.stage;
    const endpoint = client.baseURL;
    const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
    const failures: string[] = [];
    let last: ProviderError | InvalidOutputError | undefined;
    let called = 0;
    for (const model of models[stage]) {
      throwIfAborted(signal);
      if (deadline !== undefined && deadline - Date.now() < 1) {
        throw this.deadlineError(stage, model, deadline, failures, usage, last);
      }
      const ticket: BreakerTicket | null = this.breakers ? this.breakers.acquire(endpoint, model) : null;
      if (ticket?.skip) {
        failures.push(`${model}: skipped: circuit open (next probe in ${seconds(ticket.retryInMs)})`);
        continue;
      }
      called++;
      try {
        const result = await structuredCompletion(client, model, prompt, {
          signal,
          timeoutMs: timeoutMs[stage],
          maxRetries,
          usage,
          deadline,
        });
        if (ticket) this.breakers?.record(ticket, 'success');
        return { value: pick(result.value), model, source: 'llm', usage };
      } catch (err) {
        if (ticket) this.breakers?.record(ticket, breakerOutcome(err, signal));
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
    if (called === 0 && this.breakers) {
      const next = this.breakers.nextProbeInMs(endpoint, tried) ?? 0;
      throw new ProviderError(
        `Every ${stage} model's circuit is open (${tried.join(', ')} at ${endpoint}): each failed ${this.breakers.failures} times in a row, ` +
          `so none was called. Next probe in ${seconds(next)}. The engine falls back to procedural text (provisional, upgraded later); ` +
          `check the endpoint and the models (PERSONAS_MODELS_${stage.toUpperCase()}).`,
        { provider: this.name, model: tried[tried.length - 1] ?? null, usage: { ...usage } },
      );
    }
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

  /** The live deadline passed before `model` could be tried: say so, with what happened to the models before it. */
  private deadlineError(
    stage: Stage,
    model: string,
    deadline: number,
    failures: string[],
    usage: Usage,
    last: ProviderError | InvalidOutputError | undefined,
  ): ProviderError {
    const base = deadlinePassed(model, stage, deadline - Date.now(), false);
    const before = failures.length > 0 ? `\nBefore it:\n- ${failures.join('\n- ')}` : '';
    return new ProviderError(`${base.message}${before}`, {
      provider: this.name,
      model,
      status: last instanceof ProviderError ? last.status : null,
      usage: { ...usage },
      cause: last,
    });
  }
}

/**
 * What a model attempt tells its breaker: answered (also with invalid output) is a success; a
 * 429 / Retry-After pause or the caller's abort says nothing; any other provider error (5xx,
 * connection error, timeout, the live deadline cutting the call) is a failure.
 */
function breakerOutcome(err: unknown, signal: AbortSignal | undefined): BreakerOutcome {
  if (signal?.aborted) return 'neutral';
  if (err instanceof InvalidOutputError) return 'success';
  if (err instanceof ProviderError) return err.status === 429 || err.retryAfterMs !== null ? 'neutral' : 'failure';
  return 'neutral';
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.ceil(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
