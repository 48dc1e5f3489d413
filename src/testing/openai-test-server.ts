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
import { type Rand, seededRandom } from '../core/random.js';
import { decideOutcome } from './decide.js';
import { toFault } from './faults.js';
import {
  applyConfig,
  DEFAULTS,
  type LoggedRequest,
  type ResolvedTestLlmServerConfig,
  type ScriptEntry,
  type TestLlmServer,
  type TestLlmServerConfig,
  type TestLlmServerOptions,
} from './server-config.js';
import { apiError, MAX_BODY_BYTES, modelObject, parseChatRequest, readBody, sendJson, streamChunkCount, streamReply } from './wire.js';

export type { FinishReason } from './wire.js';
export { FAULT_KINDS, type Fault, type FaultKind, type FaultMix, type ResolvedFaultMix } from './faults.js';
export type {
  CustomReply,
  LoggedRequest,
  ReplyRequest,
  ResolvedTestLlmServerConfig,
  ScriptedReply,
  ScriptEntry,
  ScriptFilter,
  TestLlmServer,
  TestLlmServerConfig,
  TestLlmServerOptions,
} from './server-config.js';

/** Start the server on 127.0.0.1 with a random port. */
export async function startTestLlmServer(options: TestLlmServerOptions = {}): Promise<TestLlmServer> {
  const server = new LoopbackLlmServer(options);
  await server.listen();
  return server;
}

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
    const next = applyConfig(this.settings, config);
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
      sendJson(
        res,
        404,
        apiError(
          `Unknown route ${req.method} ${path}; this test server serves POST /v1/chat/completions and GET /v1/models`,
          'invalid_request_error',
          'not_found',
        ),
      );
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
    const outcome = decideOutcome(parsed, entry, { settings: this.settings, queue: this.queue, mixRand: this.mixRand });

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
      if (await streamReply(res, { id, created, model: parsed.model, usage, includeUsage: parsed.includeUsage }, outcome, pace))
        entry.doneAt = Date.now();
      else entry.status = 499;
      return;
    }
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model: parsed.model,
      system_fingerprint: 'fp_colyseus_personas_test',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: outcome.content, refusal: null },
          logprobs: null,
          finish_reason: outcome.finishReason,
        },
      ],
      usage,
    });
    entry.doneAt = Date.now();
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
