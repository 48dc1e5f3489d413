/**
 * One HTTP call of a structured exchange: builds the request body for the response mode,
 * cuts its timeout to the live deadline, retries transient failures with short backoff, and
 * counts every call's tokens (estimated at 4 characters a token when a server reports none).
 * Also the options a structured call takes (StructuredOptions) and the abort helpers.
 *   const reply = await send(client, model, prompt, messages, 'json_schema', 800, options, usage, false);
 *   // reply: { text: '{"bios":[...]}', finishReason: 'stop', refusal: null }
 * Cost: 1 HTTP call, at most 1 + maxRetries; backoff 250 ms doubling, at most 4 s.
 */
import type OpenAI from 'openai';
import { APIConnectionTimeoutError } from 'openai/error';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ProviderError } from '../../core/errors.js';
import type { ChatMessage, StructuredPrompt } from '../../core/prompt.js';
import type { Usage } from '../../core/types.js';
import { jsonSchemaFor } from './json-schema.js';
import type { StructuredMode } from './modes.js';
import { deadlinePassed, isTransient, PROVIDER, toProviderError } from './provider-errors.js';

export interface StructuredOptions {
  /** Caller's abort signal: aborting rejects at once with its reason (an AbortError). */
  signal?: AbortSignal;
  /** Limit for each HTTP call (not the whole exchange). Default: 60_000. */
  timeoutMs?: number;
  /** Start from this mode instead of the remembered one (later modes are still tried). */
  mode?: StructuredMode;
  /** Retries of one HTTP call after a 5xx/408/409 or connection error, with short backoff. 429 is never retried here. Default: 1. */
  maxRetries?: number;
  /** Accumulator: every call's usage is added here as it happens, also when this call throws. */
  usage?: Usage;
  /**
   * Live deadline (`Date.now()` scale): each HTTP call's timeout (retries and repair calls too)
   * is cut to what is left, and no call starts with less than 1 ms left (ProviderError
   * "live deadline passed"). Default: none.
   */
  deadline?: number;
}

/** One reply: its text, why it ended, and the model's refusal if it declined. */
export interface Reply {
  text: string;
  finishReason: string | null;
  refusal: string | null;
}

/** One HTTP call with its own timeout, transient-error retries and usage accounting. */
export async function send<T>(
  client: OpenAI,
  model: string,
  prompt: StructuredPrompt<T>,
  messages: ChatMessage[],
  mode: StructuredMode,
  maxTokens: number,
  options: StructuredOptions,
  usage: Usage,
  repair: boolean,
): Promise<Reply> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const body: ChatCompletionCreateParamsNonStreaming = {
    model,
    messages,
    max_tokens: maxTokens,
  };
  if (mode === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: prompt.schemaName, ...jsonSchemaFor(prompt.schema) } };
  } else if (mode === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  const promptChars = messages.reduce((n, m) => n + m.content.length, 0);
  const retries = options.maxRetries ?? 1;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(options.signal);
    const left = options.deadline === undefined ? Infinity : Math.floor(options.deadline - Date.now());
    if (left < 1) throw deadlinePassed(model, prompt.stage, options.deadline! - Date.now(), attempt > 0 || repair);
    const callMs = Math.min(timeoutMs, left);
    const timeout = AbortSignal.timeout(callMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let completion: ChatCompletion;
    count(usage, options.usage, { calls: 1, repairCalls: repair ? 1 : 0 });
    try {
      completion = await client.chat.completions.create(body, { signal, timeout: callMs, maxRetries: 0 });
    } catch (err) {
      throwIfAborted(options.signal);
      const timedOut = timeout.aborted || err instanceof APIConnectionTimeoutError;
      const error = toProviderError(err, model, timedOut ? callMs : null, callMs < timeoutMs);
      const backoff = Math.min(250 * 2 ** attempt, 4000);
      const roomForRetry = options.deadline === undefined || options.deadline - Date.now() > backoff;
      if (attempt < retries && !timedOut && isTransient(error) && roomForRetry) {
        await sleep(backoff, options.signal);
        continue;
      }
      throw error;
    }
    const choice = completion.choices?.[0];
    const message = choice?.message;
    const text = message?.content ?? '';
    const refusal = message?.refusal ?? null;
    count(usage, options.usage, {
      promptTokens: completion.usage?.prompt_tokens ?? Math.ceil(promptChars / 4),
      completionTokens: completion.usage?.completion_tokens ?? Math.ceil((text.length + (refusal?.length ?? 0)) / 4),
    });
    if (!choice)
      throw new ProviderError(`Model "${model}" answered with no choices; the endpoint may not be OpenAI-compatible.`, {
        provider: PROVIDER,
        model,
      });
    return { text, finishReason: choice.finish_reason ?? null, refusal };
  }
}

/** Add to the call's usage and the caller's accumulator; the optional counters appear once non-zero. */
export function count(usage: Usage, sink: Usage | undefined, add: Partial<Usage>): void {
  for (const u of sink ? [usage, sink] : [usage]) {
    u.calls += add.calls ?? 0;
    u.promptTokens += add.promptTokens ?? 0;
    u.completionTokens += add.completionTokens ?? 0;
    if (add.mended) u.mended = (u.mended ?? 0) + add.mended;
    if (add.repairCalls) u.repairCalls = (u.repairCalls ?? 0) + add.repairCalls;
  }
}

/** Throw the caller's abort reason (a DOMException named AbortError unless they gave another). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
