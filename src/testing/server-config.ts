/**
 * The loopback LLM test server's settings and public shapes: what a test configures
 * (`TestLlmServerConfig`, scripted entries, the `replies` hook), what it reads back (the
 * request log, the server handle), the defaults, and `applyConfig`, which merges and checks a
 * `configure()` call.
 *   const next = applyConfig(DEFAULTS, { latencyMs: 20, failModels: { 'model-a': 'http500' } });
 * Cost: types, one small object and one merge per configure(); no I/O.
 */
import { InvalidInputError } from '../core/errors.js';
import type { AutoReply } from './auto-replies.js';
import { type Fault, type FaultKind, type FaultMix, type ResolvedFaultMix, toFault, toFaultMix } from './faults.js';
import type { FinishReason } from './wire.js';

/** What a `replies` hook sees of a request without a data block. */
export interface ReplyRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  responseFormatType: string | null;
  /** The JSON schema of a json_schema request, else undefined. */
  jsonSchema: unknown;
  maxTokens: number | null;
  /** True under the 'contradict' fault: state something that disagrees with the prompt. */
  contradict: boolean;
}
/** Answers prompts the built-in auto replies do not know; null falls through to them. */
export type CustomReply = (request: ReplyRequest) => AutoReply | null;

/** Narrows which requests a scripted entry answers. Unset fields match anything. */
export interface ScriptFilter {
  /** Only requests for this model id. */
  model?: string;
  /** Only requests whose data block has this task ('bios', 'backstory', 'backstories', 'profile'). */
  task?: string;
}
/** A fixed answer. A string is sent verbatim; an object is formatted like auto replies (fenced when no response_format). */
export interface ScriptedReply extends ScriptFilter {
  reply: string | object;
  /** Default: 'stop'. */
  finishReason?: FinishReason;
}
export type ScriptEntry = ScriptedReply | (Fault & ScriptFilter);

export interface TestLlmServerConfig {
  /** Model ids listed by GET /v1/models (the only ones accepted when strictModels). Default: ['test-model']. */
  models?: string[];
  /** Answer 404 model_not_found for a model not in `models`. Default: false (any model id works). */
  strictModels?: boolean;
  /** Delay before every reply, in ms. Default: 0. */
  latencyMs?: number;
  /** Per-model delay in ms, overriding latencyMs. Default: {}. */
  modelLatencyMs?: Record<string, number>;
  /** Reject every json_schema request with HTTP 400, like old llama.cpp/Ollama. Default: false. */
  refuseJsonSchema?: boolean;
  /** Persistent fault per model id (every request for it fails), e.g. { 'model-a': 'http500' }. Default: {}. */
  failModels?: Record<string, FaultKind | Fault>;
  /**
   * Extra delay per completion token of a reply, in ms, on top of the latency: a reply of T
   * tokens (estimated as ceil(chars / 4), the same estimate `usage` reports) waits
   * latency + msPerOutputToken x T; a stream sends its first chunk after the latency and
   * spreads the rest over its chunks. Errors and hangs wait the latency only. Default: 0.
   */
  msPerOutputToken?: number;
  /** Random faults per request (see FaultMix); null = none. reset() clears it. Default: null. */
  faultMix?: FaultMix | null;
  /**
   * Answers for requests whose messages carry no <data> block (prompts that are not this
   * project's): return `{ text }` or `{ json }`, or null for the built-in answer (a minimal
   * value of the json_schema, else "OK"). Faults apply to these replies too. Default: null.
   */
  replies?: CustomReply | null;
}
export interface TestLlmServerOptions extends TestLlmServerConfig {
  /** One-shot scripted responses queued from the start. Default: []. */
  script?: ScriptEntry[];
}
export type ResolvedTestLlmServerConfig = Required<Omit<TestLlmServerConfig, 'failModels' | 'faultMix'>> & {
  failModels: Record<string, Fault>;
  faultMix: ResolvedFaultMix | null;
};

export interface LoggedRequest {
  model: string;
  /** The data block's task, or null without one. */
  task: string | null;
  /** response_format.type, or null when none was sent. */
  responseFormatType: string | null;
  /** response_format.json_schema as sent ({ name, schema, strict }), or null. */
  jsonSchema: Record<string, unknown> | null;
  messages: Array<{ role: string; content: string }>;
  stream: boolean;
  /** max_completion_tokens, else max_tokens, else null. */
  maxTokens: number | null;
  /** HTTP status sent; 0 while pending or hanging, 499 when the client left (or close()) before a reply. */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  /** The fault applied (scripted, persistent or from the fault mix), or null. */
  fault: FaultKind | null;
  /** True when a scripted entry answered. */
  scripted: boolean;
  /** True when the fault was drawn from `faultMix`. */
  mixed: boolean;
  /** The assistant content sent, or null for errors and hangs. */
  content: string | null;
  /** Completion tokens of the content, estimated as ceil(chars / 4) (what `usage` reports); 0 without content. */
  completionTokens: number;
  /** The delay applied before (and, streaming, during) the reply: latency + msPerOutputToken x completionTokens. */
  delayMs: number;
  /** Date.now() when the reply (or error) was fully sent; null while pending, hanging or when the client left. */
  doneAt: number | null;
}

export interface TestLlmServer {
  /** Base URL for the openai SDK: http://127.0.0.1:PORT/v1 */
  readonly url: string;
  readonly port: number;
  /** Every chat request, oldest first (the same array across reset()). */
  readonly requests: LoggedRequest[];
  /** Current settings, defaults applied. */
  readonly config: Readonly<ResolvedTestLlmServerConfig>;
  /** Scripted entries not yet used. */
  readonly pendingScripts: number;
  /** Change settings; given fields replace the current ones (failModels and modelLatencyMs whole). */
  configure(config: TestLlmServerConfig): void;
  /** Queue one-shot responses; each answers the first later request it matches, in order. */
  script(...entries: ScriptEntry[]): void;
  /** Clear the log, the script queue and the faults (failModels, refuseJsonSchema, faultMix). Models, latency and replies stay. */
  reset(): void;
  /** Stop listening and destroy every open connection, hanging requests included. */
  close(): Promise<void>;
}

/** The settings of a new server, before its options apply. */
export const DEFAULTS: ResolvedTestLlmServerConfig = {
  models: ['test-model'],
  strictModels: false,
  latencyMs: 0,
  modelLatencyMs: {},
  refuseJsonSchema: false,
  failModels: {},
  msPerOutputToken: 0,
  faultMix: null,
  replies: null,
};

/** `current` with the given fields of `config` replacing its own (failModels and modelLatencyMs whole), checked. */
export function applyConfig(current: ResolvedTestLlmServerConfig, config: TestLlmServerConfig): ResolvedTestLlmServerConfig {
  const next = { ...current };
  if (config.models !== undefined) next.models = [...config.models];
  if (config.strictModels !== undefined) next.strictModels = config.strictModels;
  if (config.latencyMs !== undefined) next.latencyMs = config.latencyMs;
  if (config.modelLatencyMs !== undefined) next.modelLatencyMs = { ...config.modelLatencyMs };
  if (config.refuseJsonSchema !== undefined) next.refuseJsonSchema = config.refuseJsonSchema;
  if (config.failModels !== undefined) {
    next.failModels = Object.fromEntries(Object.entries(config.failModels).map(([m, f]) => [m, toFault(f, `failModels["${m}"]`)]));
  }
  if (config.msPerOutputToken !== undefined) next.msPerOutputToken = config.msPerOutputToken;
  if (config.faultMix !== undefined) next.faultMix = config.faultMix === null ? null : toFaultMix(config.faultMix);
  if (config.replies !== undefined) next.replies = config.replies;
  for (const ms of [next.latencyMs, ...Object.values(next.modelLatencyMs)]) {
    if (!Number.isFinite(ms) || ms < 0) throw new InvalidInputError(`latency must be a finite number of ms >= 0, got ${ms}`);
  }
  if (!Number.isFinite(next.msPerOutputToken) || next.msPerOutputToken < 0) {
    throw new InvalidInputError(`msPerOutputToken must be a finite number of ms >= 0, got ${next.msPerOutputToken}`);
  }
  if (next.replies !== null && typeof next.replies !== 'function')
    throw new InvalidInputError('replies must be a function (request) => AutoReply | null, or null');
  return next;
}
