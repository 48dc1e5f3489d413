/**
 * One structured reply from an OpenAI-compatible chat endpoint: send a StructuredPrompt, get
 * back a zod-validated value. Asks for `response_format: json_schema` (strict) built from the
 * prompt's zod schema; when a server refuses that (HTTP 400/422 naming response_format), falls
 * back to `json_object`, then to plain text with JSON extracted from the reply, and remembers
 * per (base URL, model) which mode works. A reply that is not valid JSON is first mended locally
 * (jsonrepair: trailing commas, single quotes, unquoted keys, comments, fences, missing closing
 * brackets) and the mended value must pass the same zod schema (`usage.mended`); only what
 * cannot be mended costs one repair call that shows the model its error (`usage.repairCalls`).
 * Never mended: a reply cut by `finish_reason: length` (it gets one retry with a doubled token
 * budget instead) and a reply that stops inside a string, number or word, since no schema can
 * tell a cut sentence from a whole one; a reply missing only closing brackets is mended and zod's
 * array min/max and required fields decide whether anything is missing. Every HTTP call's
 * tokens are counted (estimated at 4 characters a token when a server reports none). With a
 * live `deadline` every call's timeout is cut to what is left and nothing starts past it.
 *   const { value, usage } = await structuredCompletion(client, 'gpt-4o-mini', bioPrompt(world, profile, people));
 *   // value: { bios: [{ ref: '1', bio: '...' }] }; usage: { calls: 1, promptTokens, completionTokens }
 * Cost: 1 HTTP call when all goes well; at most 1 + maxRetries per attempt, plus one call per
 * refused mode (first use only), one repair and one length retry. A mend is one linear scan and
 * one jsonrepair pass over the reply (~30-40 us for an 8-bio batch or a backstory). Schema
 * conversion is cached per zod schema object; the json_object/text modes add the schema to the
 * prompt.
 */
import type OpenAI from 'openai';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai/error';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { InvalidOutputError, ProviderError } from '../../core/errors.js';
import type { ChatMessage, StructuredPrompt } from '../../core/prompt.js';
import type { Usage } from '../../core/types.js';
import { check } from './reply-json.js';

export type StructuredMode = 'json_schema' | 'json_object' | 'text';
const MODES: readonly StructuredMode[] = ['json_schema', 'json_object', 'text'];

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

export interface StructuredResult<T> {
  value: T;
  usage: Usage;
  mode: StructuredMode;
  raw: string;
}

/** The largest completion budget a length retry asks for. */
export const MAX_LENGTH_RETRY_TOKENS = 8192;
/** How much of zod's error summary a repair message shows. */
export const REPAIR_ERROR_CHARS = 1500;
const PROVIDER = 'openai';

/** Which mode works, per `${baseURL} ${model}`. Exported so tests and operators can inspect or clear it. */
export const structuredModeCache = new Map<string, StructuredMode>();
export function structuredModeKey(client: OpenAI, model: string): string {
  return `${client.baseURL} ${model}`;
}

/**
 * Send `prompt` to `model` and return the validated value. Throws ProviderError (HTTP status,
 * timeout, truncation by the token limit), InvalidOutputError (still invalid after the repair
 * retry, or a refusal) or the caller's abort reason.
 */
export async function structuredCompletion<T>(
  client: OpenAI,
  model: string,
  prompt: StructuredPrompt<T>,
  options: StructuredOptions = {},
): Promise<StructuredResult<T>> {
  const key = structuredModeKey(client, model);
  const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
  const call = (messages: ChatMessage[], mode: StructuredMode, maxTokens: number, repair = false) =>
    send(client, model, prompt, messages, mode, maxTokens, options, usage, repair);

  let mode = options.mode ?? structuredModeCache.get(key) ?? 'json_schema';
  let messages = messagesFor(prompt, mode);
  let maxTokens = prompt.maxTokens;
  let reply: Reply;
  for (;;) {
    try {
      reply = await call(messages, mode, maxTokens);
      break;
    } catch (err) {
      const next = MODES[MODES.indexOf(mode) + 1];
      if (!next || !isModeRefusal(err)) throw err;
      mode = next;
      messages = messagesFor(prompt, mode);
    }
  }
  structuredModeCache.set(key, mode);

  let lengthRetried = false;
  let repaired = false;
  for (;;) {
    const declined = reply.refusal !== null || reply.finishReason === 'content_filter';
    // Mend only a reply that ended on its own: a length cut goes to the length retry below.
    const outcome = check(prompt.schema, reply.text, reply.finishReason !== 'length' && !declined);
    if (outcome.ok) {
      if (outcome.mended) count(usage, options.usage, { mended: 1 });
      return { value: outcome.value, usage, mode, raw: reply.text };
    }
    if (reply.finishReason === 'length') {
      const bigger = Math.min(maxTokens * 2, MAX_LENGTH_RETRY_TOKENS);
      if (lengthRetried || bigger <= maxTokens) {
        throw new ProviderError(
          `Model "${model}" had its reply cut by the token limit (max_tokens ${maxTokens}, stage ${prompt.stage}); ` +
            'the output is incomplete. Use a model that writes shorter replies or ask for fewer items per call.',
          { provider: PROVIDER, model },
        );
      }
      lengthRetried = true;
      maxTokens = bigger;
      reply = await call(messages, mode, maxTokens);
      continue;
    }
    if (declined) {
      throw new InvalidOutputError(`Model "${model}" declined the ${prompt.stage} request: ${reply.refusal ?? 'content filter'}`, reply.text, model);
    }
    if (repaired) {
      throw new InvalidOutputError(
        `Model "${model}" gave an invalid ${prompt.stage} reply, also after one repair retry:\n${bound(outcome.error)}`,
        reply.text,
        model,
      );
    }
    repaired = true;
    messages = [
      ...messages,
      { role: 'assistant', content: reply.text },
      {
        role: 'user',
        content: `Your reply was not valid:\n${bound(outcome.error)}\nReply again with the corrected JSON object only, matching the schema, no other text.`,
      },
    ];
    reply = await call(messages, mode, maxTokens, true);
  }
}

interface Reply {
  text: string;
  finishReason: string | null;
  refusal: string | null;
}

/** One HTTP call with its own timeout, transient-error retries and usage accounting. */
async function send<T>(
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
    messages: messages as ChatCompletionMessageParam[],
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
    if (!choice) throw new ProviderError(`Model "${model}" answered with no choices; the endpoint may not be OpenAI-compatible.`, { provider: PROVIDER, model });
    return { text, finishReason: choice.finish_reason ?? null, refusal };
  }
}

/** Add to the call's usage and the caller's accumulator; the optional counters appear once non-zero. */
function count(usage: Usage, sink: Usage | undefined, add: Partial<Usage>): void {
  for (const u of sink ? [usage, sink] : [usage]) {
    u.calls += add.calls ?? 0;
    u.promptTokens += add.promptTokens ?? 0;
    u.completionTokens += add.completionTokens ?? 0;
    if (add.mended) u.mended = (u.mended ?? 0) + add.mended;
    if (add.repairCalls) u.repairCalls = (u.repairCalls ?? 0) + add.repairCalls;
  }
}

/** The prompt's messages for a mode: json_object and text carry the schema as text in the system message. */
function messagesFor<T>(prompt: StructuredPrompt<T>, mode: StructuredMode): ChatMessage[] {
  const messages = prompt.messages.map((m) => ({ ...m }));
  if (mode === 'json_schema') return messages;
  const instruction =
    `Reply with one JSON object only${mode === 'text' ? ' (no prose, no code fence)' : ''}, matching this JSON schema:\n` +
    JSON.stringify(jsonSchemaFor(prompt.schema).schema);
  const system = messages.find((m) => m.role === 'system');
  if (system) system.content = `${system.content}\n\n${instruction}`;
  else messages.unshift({ role: 'system', content: instruction });
  return messages;
}

const schemaCache = new WeakMap<object, { schema: Record<string, unknown>; strict: boolean }>();

/**
 * The JSON schema sent in `response_format`. zod 4 already closes every z.object
 * (`additionalProperties: false`) and lists its non-optional keys as required; here we drop
 * `$schema`, turn `oneOf` (discriminated unions) into `anyOf`, which strict mode accepts, and
 * send `strict: false` when some object has optional keys or open properties (records), which
 * strict mode cannot express. Refinements are not in the schema: zod checks them afterwards.
 */
export function jsonSchemaFor(schema: z.ZodType): { schema: Record<string, unknown>; strict: boolean } {
  const cached = schemaCache.get(schema);
  if (cached) return cached;
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  let strict = json.type === 'object';
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const s = node as Record<string, unknown>;
    if (Array.isArray(s.oneOf)) {
      s.anyOf = s.oneOf;
      delete s.oneOf;
    }
    if (s.type === 'object') {
      const keys = Object.keys((s.properties as object | undefined) ?? {});
      const required = new Set((s.required as string[] | undefined) ?? []);
      if (s.additionalProperties !== false || keys.some((k) => !required.has(k))) strict = false;
    }
    for (const [k, v] of Object.entries(s)) {
      if ((k === 'properties' || k === 'definitions' || k === '$defs') && v && typeof v === 'object') Object.values(v).forEach(visit);
      else if (k !== 'const' && k !== 'enum' && k !== 'default' && k !== 'examples') visit(v);
    }
  };
  visit(json);
  const result = { schema: json, strict };
  schemaCache.set(schema, result);
  return result;
}

function bound(text: string): string {
  return text.length <= REPAIR_ERROR_CHARS ? text : `${text.slice(0, REPAIR_ERROR_CHARS)}\n… (${text.length - REPAIR_ERROR_CHARS} more characters)`;
}

/** A 400/422 saying the server does not support the requested response_format. */
function isModeRefusal(err: unknown): boolean {
  if (!(err instanceof ProviderError) || (err.status !== 400 && err.status !== 422)) return false;
  return /response_format|json_schema|json_object|not supported|unsupported/i.test(err.message);
}

/** Worth one more try on the same model: a connection failure, 408, 409 or 5xx without Retry-After. */
function isTransient(err: ProviderError): boolean {
  if (err.retryAfterMs !== null) return false;
  if (err.status === null) return err.cause instanceof APIConnectionError;
  return err.status === 408 || err.status === 409 || err.status >= 500;
}

/**
 * The ProviderError for a call that would start with less than 1 ms left before the live
 * deadline (`leftMs`: the time left, below 1 and usually <= 0). `retry`: a retry or repair call of a
 * model that was already called (else no call was made).
 */
export function deadlinePassed(model: string, stage: string, leftMs: number, retry: boolean): ProviderError {
  const late = Math.max(0, Math.round(-leftMs));
  return new ProviderError(
    `The live deadline passed (${late} ms ago) before ${retry ? 'another call to' : 'calling'} model "${model}" for the ${stage}; ` +
      'the engine answers with the procedural fallback (provisional, upgraded later).',
    { provider: PROVIDER, model },
  );
}

/**
 * Map an SDK error to a ProviderError with the model, status and Retry-After. `atDeadline`:
 * the call's timeout was cut to the live deadline (the message says so).
 */
export function toProviderError(err: unknown, model: string, timedOutAfterMs: number | null, atDeadline = false): ProviderError {
  if (err instanceof ProviderError) return err;
  if (timedOutAfterMs !== null || err instanceof APIConnectionTimeoutError) {
    const limit = timedOutAfterMs !== null ? `${timedOutAfterMs} ms` : 'the SDK timeout';
    const advice = atDeadline ? ', the time left before the live deadline.' : '. Raise timeoutMs or use a faster model.';
    return new ProviderError(`Model "${model}" timed out: no complete answer within ${limit}${advice}`, { provider: PROVIDER, model, cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new ProviderError(`Could not reach the endpoint for model "${model}": ${err.message} Check OPENAI_BASE_URL and that the server runs.`, {
      provider: PROVIDER,
      model,
      cause: err,
    });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(err.headers) : null;
    const hint =
      status === 401 || status === 403 ? ' Check OPENAI_API_KEY.'
      : status === 404 ? ' Check the model name and OPENAI_BASE_URL.'
      : status === 429 ? ' The endpoint is rate limiting; wait and retry.'
      : '';
    const detail = err.message.replace(new RegExp(`^${status}\\s*`), '').replace(/\.$/, '') || 'no body';
    return new ProviderError(`Model "${model}" failed with HTTP ${status}: ${detail}.${hint}`, { provider: PROVIDER, model, status, retryAfterMs, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError(`Model "${model}" call failed: ${message}`, { provider: PROVIDER, model, cause: err });
}

/** `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP date), else null. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
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
