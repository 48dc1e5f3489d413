/**
 * A loopback OpenAI-compatible chat server for tests: the project's LLM code runs against it
 * instead of a real model. It answers POST /v1/chat/completions (plain JSON or SSE streaming)
 * and GET /v1/models with deterministic, schema-aware replies built from the prompt's <data>
 * block (auto-replies.ts; a `replies` hook answers prompts without one), and can be scripted
 * to fail the ways real endpoints fail: 500, 429 with retry-after, hangs, broken or
 * wrong-shaped JSON, truncation, json_schema refusal and contradicting ages, one request at a
 * time or as a seeded random mix (`faultMix`). Replies take `latencyMs` plus `msPerOutputToken`
 * per completion token, like a model writing. Every request is logged for assertions.
 *   const server = await startTestLlmServer({ models: ['fast'], latencyMs: 20, msPerOutputToken: 0.5 });
 *   const client = new OpenAI({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
 *   server.configure({ faultMix: { rate: { malformed: 0.1, http429: 0.05 }, seed: 1 } });
 * Cost: one HTTP server on 127.0.0.1 (random port); per request one JSON parse, a few string
 * templates and one timer (a paced stream: one per chunk); no work between requests.
 * close() destroys open sockets.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidInputError } from '../core/errors.js';
import { type Rand, seededRandom } from '../core/random.js';
import { type AutoReply, autoReply } from './auto-replies.js';
import { drawFault, type Fault, type FaultKind, type FaultMix, type ResolvedFaultMix, toFault, toFaultMix } from './faults.js';
import {
  apiError,
  type ChatRequest,
  type FinishReason,
  formatJson,
  MAX_BODY_BYTES,
  modelObject,
  parseChatRequest,
  readBody,
  sendJson,
  sloppyReply,
  streamChunkCount,
  streamReply,
} from './wire.js';

export type { FinishReason } from './wire.js';
export { FAULT_KINDS, type Fault, type FaultKind, type FaultMix, type ResolvedFaultMix } from './faults.js';

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

/** Start the server on 127.0.0.1 with a random port. */
export async function startTestLlmServer(options: TestLlmServerOptions = {}): Promise<TestLlmServer> {
  const server = new LoopbackLlmServer(options);
  await server.listen();
  return server;
}

type Outcome =
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'reply'; content: string; finishReason: FinishReason };

const DEFAULTS: ResolvedTestLlmServerConfig = {
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

class LoopbackLlmServer implements TestLlmServer {
  readonly requests: LoggedRequest[] = [];
  private settings: ResolvedTestLlmServerConfig = { ...DEFAULTS, models: [...DEFAULTS.models] };
  private queue: ScriptEntry[] = [];
  private readonly http = createServer((req, res) => void this.handle(req, res).catch((err: unknown) => this.crash(res, err)));
  private readonly cancels = new Set<() => void>();
  private readonly hanging = new Map<ServerResponse, LoggedRequest>();
  private closing: Promise<void> | null = null;
  private seq = 0;
  /** The fault mix's draws; a new stream whenever faultMix is configured. */
  private mixRand: Rand | null = null;

  constructor(options: TestLlmServerOptions) {
    this.configure(options);
    if (options.script) this.script(...options.script);
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => resolve());
    });
  }
  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }
  get config(): Readonly<ResolvedTestLlmServerConfig> {
    return this.settings;
  }
  get pendingScripts(): number {
    return this.queue.length;
  }

  configure(config: TestLlmServerConfig): void {
    const next = { ...this.settings };
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
    if (next.replies !== null && typeof next.replies !== 'function') throw new InvalidInputError('replies must be a function (request) => AutoReply | null, or null');
    this.settings = next;
    if (config.faultMix !== undefined) this.mixRand = next.faultMix ? seededRandom(`fault-mix|${next.faultMix.seed}`) : null;
  }

  script(...entries: ScriptEntry[]): void {
    for (const e of entries) {
      if (!('reply' in e)) toFault(e, 'script');
      this.queue.push({ ...e });
    }
  }

  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.settings = { ...this.settings, failModels: {}, refuseJsonSchema: false, faultMix: null };
    this.mixRand = null;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const cancel of [...this.cancels]) cancel();
      this.http.close(() => resolve());
      for (const [res, entry] of this.hanging) {
        entry.status = 499;
        res.destroy();
      }
      this.http.closeAllConnections();
    });
    return this.closing;
  }

  private crash(res: ServerResponse, err: unknown): void {
    if (res.headersSent) res.destroy();
    else sendJson(res, 500, apiError(`test server bug: ${err instanceof Error ? err.message : String(err)}`, 'server_error', null));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: this.settings.models.map(modelObject) });
    } else if (req.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      if (this.settings.models.includes(id) || !this.settings.strictModels) sendJson(res, 200, modelObject(id));
      else sendJson(res, 404, apiError(`The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found', 'model'));
    } else if (req.method === 'POST' && path === '/v1/chat/completions') {
      await this.chat(req, res);
    } else {
      sendJson(res, 404, apiError(`Unknown route ${req.method} ${path}; this test server serves POST /v1/chat/completions and GET /v1/models`, 'invalid_request_error', 'not_found'));
    }
  }

  private async chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (raw === null) return sendJson(res, 413, apiError(`request body over ${MAX_BODY_BYTES} bytes`, 'invalid_request_error', null));
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, apiError('request body is not valid JSON', 'invalid_request_error', null));
    }
    const parsed = parseChatRequest(body);
    if (typeof parsed === 'string') return sendJson(res, 400, apiError(parsed, 'invalid_request_error', null));

    const entry: LoggedRequest = {
      model: parsed.model,
      task: parsed.data?.task ?? null,
      responseFormatType: parsed.responseFormatType,
      jsonSchema: parsed.jsonSchemaSent,
      messages: parsed.messages,
      stream: parsed.stream,
      maxTokens: parsed.maxTokens,
      status: 0,
      at: Date.now(),
      fault: null,
      scripted: false,
      mixed: false,
      content: null,
      completionTokens: 0,
      delayMs: 0,
      doneAt: null,
    };
    this.requests.push(entry);
    const outcome = this.decide(parsed, entry);

    const latency = this.settings.modelLatencyMs[parsed.model] ?? this.settings.latencyMs;
    const completionTokens = outcome.kind === 'reply' ? Math.ceil(outcome.content.length / 4) : 0;
    const writing = this.settings.msPerOutputToken * completionTokens;
    entry.completionTokens = completionTokens;
    entry.delayMs = latency + writing;
    // A stream starts after the latency and spreads the writing time over its chunks.
    const streamed = parsed.stream && outcome.kind === 'reply';
    if (!(await this.wait(streamed ? latency : latency + writing, res))) {
      entry.status = 499;
      return;
    }
    if (outcome.kind === 'hang') {
      this.hanging.set(res, entry);
      res.once('close', () => {
        this.hanging.delete(res);
        entry.status = 499;
      });
      return;
    }
    if (outcome.kind === 'error') {
      entry.status = outcome.status;
      sendJson(res, outcome.status, outcome.body, outcome.headers);
      entry.doneAt = Date.now();
      return;
    }
    entry.status = 200;
    entry.content = outcome.content;
    const id = `chatcmpl-test-${++this.seq}`;
    const promptTokens = Math.ceil(parsed.messages.reduce((n, m) => n + m.content.length, 0) / 4);
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const created = Math.floor(Date.now() / 1000);
    if (parsed.stream) {
      const chunks = streamChunkCount(outcome.content);
      const pace = writing > 0 && chunks > 0 ? { chunkMs: writing / chunks, wait: (ms: number) => this.wait(ms, res) } : null;
      if (await streamReply(res, { id, created, model: parsed.model, usage, includeUsage: parsed.includeUsage }, outcome, pace)) entry.doneAt = Date.now();
      else entry.status = 499;
      return;
    }
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model: parsed.model,
      system_fingerprint: 'fp_colyseus_personas_test',
      choices: [{ index: 0, message: { role: 'assistant', content: outcome.content, refusal: null }, logprobs: null, finish_reason: outcome.finishReason }],
      usage,
    });
    entry.doneAt = Date.now();
  }

  /** Order: unknown model (strict) > failModels > refuseJsonSchema > first matching script > fault mix > replies hook / auto reply. */
  private decide(req: ChatRequest, entry: LoggedRequest): Outcome {
    const { models, strictModels, failModels, refuseJsonSchema } = this.settings;
    if (strictModels && !models.includes(req.model)) {
      return { kind: 'error', status: 404, body: apiError(`The model '${req.model}' does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model') };
    }
    const isJsonSchema = req.responseFormatType === 'json_schema';
    let action: ScriptEntry | null = failModels[req.model] ?? null;
    if (action && 'fault' in action && action.fault === 'refuse-json-schema' && !isJsonSchema) action = null;
    if (!action && refuseJsonSchema && isJsonSchema) action = { fault: 'refuse-json-schema' };
    if (!action) {
      const i = this.queue.findIndex(
        (e) => (e.model === undefined || e.model === req.model) && (e.task === undefined || e.task === entry.task) && (!('fault' in e) || e.fault !== 'refuse-json-schema' || isJsonSchema),
      );
      if (i >= 0) {
        action = this.queue.splice(i, 1)[0]!;
        entry.scripted = true;
      }
    }
    if (!action) {
      action = this.settings.faultMix && this.mixRand ? drawFault(this.settings.faultMix, this.mixRand, isJsonSchema) : null;
      entry.mixed = action !== null;
    }
    if (action && 'reply' in action) {
      const content = typeof action.reply === 'string' ? action.reply : formatJson(action.reply, req.responseFormatType);
      return { kind: 'reply', content, finishReason: action.finishReason ?? 'stop' };
    }
    entry.fault = action?.fault ?? null;
    const custom = (contradict: boolean): AutoReply | null =>
      req.data || !this.settings.replies
        ? null
        : this.settings.replies({ model: req.model, messages: req.messages, responseFormatType: req.responseFormatType, jsonSchema: req.jsonSchema, maxTokens: req.maxTokens, contradict });
    const auto = (contradict = false): AutoReply => custom(contradict) ?? autoReply(req.data, req.jsonSchema, { contradict });
    const format = (reply: AutoReply) => ('json' in reply ? formatJson(reply.json, req.responseFormatType) : reply.text);
    switch (action?.fault) {
      case undefined:
        return { kind: 'reply', content: format(auto()), finishReason: 'stop' };
      case 'http500':
        return { kind: 'error', status: 500, body: apiError('The server had an error while processing your request (test server fault http500).', 'server_error', null) };
      case 'http429': {
        const ms = action.retryAfterMs;
        const seconds = ms !== undefined ? Math.ceil(ms / 1000) : (action.retryAfterSeconds ?? 1);
        const wait = ms !== undefined ? `${ms}ms` : `${seconds}s`;
        const body = apiError(`Rate limit reached for ${req.model} (test server fault http429). Please try again in ${wait}.`, 'requests', 'rate_limit_exceeded');
        return { kind: 'error', status: 429, body, headers: { 'retry-after': String(seconds), ...(ms !== undefined ? { 'retry-after-ms': String(ms) } : {}) } };
      }
      case 'hang':
        return { kind: 'hang' };
      case 'refuse-json-schema': {
        const message = `response_format type 'json_schema' is not supported by this server; send {"type":"json_object"} or no response_format.`;
        return { kind: 'error', status: 400, body: apiError(message, 'invalid_request_error', 'unsupported_response_format', 'response_format') };
      }
      case 'malformed': {
        // JSON cut off at 60 %; a text reply from the replies hook is cut the same way.
        const own = custom(false);
        const reply = own ?? auto();
        const full = 'json' in reply ? JSON.stringify(reply.json) : own ? reply.text : JSON.stringify({ reply: reply.text });
        return { kind: 'reply', content: full.slice(0, Math.max(1, Math.floor(full.length * 0.6))), finishReason: 'stop' };
      }
      case 'sloppy-json':
        return { kind: 'reply', content: sloppyReply(auto()), finishReason: 'stop' };
      case 'wrong-schema':
        return { kind: 'reply', content: formatJson({ result: 'done', items: [{ id: 1, text: 'not what the schema asked for' }] }, req.responseFormatType), finishReason: 'stop' };
      case 'length': {
        const full = format(auto());
        const cut = Math.min(Math.floor(full.length / 2), req.maxTokens ? req.maxTokens * 4 : Infinity);
        return { kind: 'reply', content: full.slice(0, Math.max(1, cut)), finishReason: 'length' };
      }
      case 'contradict':
        return { kind: 'reply', content: format(auto(true)), finishReason: 'stop' };
    }
  }

  /** Resolve true after `ms`, false if the client leaves or the server closes first. */
  private wait(ms: number, res: ServerResponse): Promise<boolean> {
    if (this.closing || res.destroyed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.cancels.delete(cancel);
        res.off('close', cancel);
        resolve(ok);
      };
      const cancel = () => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.cancels.add(cancel);
      res.once('close', cancel);
    });
  }
}
