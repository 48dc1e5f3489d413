/**
 * Wire format of the loopback LLM test server: parsing chat-completion requests and writing
 * OpenAI-shaped JSON bodies, errors and Server-Sent Event streams. No state.
 *   const req = parseChatRequest(JSON.parse(body)); // ChatRequest or an error message
 *   await streamReply(res, meta, { content, finishReason: 'stop' }); // optionally paced per chunk
 * Cost: one pass over the request and reply text; a paced stream holds one timer at a time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readDataBlock } from '../core/prompt.js';
import type { DataBlockValue } from './auto-replies.js';

export type FinishReason = 'stop' | 'length' | 'content_filter';
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  data: DataBlockValue | null;
  responseFormatType: string | null;
  jsonSchema: unknown;
  /** `response_format.json_schema` exactly as sent (name, schema, strict), or null. */
  jsonSchemaSent: Record<string, unknown> | null;
  maxTokens: number | null;
  stream: boolean;
  includeUsage: boolean;
}

/** An OpenAI-shaped error body. */
export const apiError = (message: string, type: string, code: string | null, param: string | null = null) => ({
  error: { message, type, param, code },
});

export function modelObject(id: string) {
  return { id, object: 'model', created: 0, owned_by: 'colyseus-personas-test' };
}

/** JSON as the request asked: raw for json_schema/json_object, else wrapped in prose and a ```json fence. */
export function formatJson(value: unknown, responseFormatType: string | null): string {
  if (responseFormatType === 'json_schema' || responseFormatType === 'json_object') return JSON.stringify(value);
  return `Here is the JSON you asked for:\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`\n\nLet me know if anything should change.`;
}

/** JSON with the slips models make: identifier keys unquoted, a trailing comma in every non-empty object and array. Not valid JSON; jsonrepair reads it back. */
export function sloppyJson(value: unknown): string {
  if (Array.isArray(value)) return value.length ? `[${value.map(sloppyJson).join(', ')},]` : '[]';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_]\w*$/.test(k) ? k : JSON.stringify(k)}: ${sloppyJson(v)}`);
    return entries.length ? `{${entries.join(', ')},}` : '{}';
  }
  return JSON.stringify(value) ?? 'null';
}

/** A reply under the sloppy-json fault: JSON (also text that parses as JSON) with the slips of sloppyJson; other text as it is. */
export function sloppyReply(reply: { json: unknown } | { text: string }): string {
  if ('json' in reply) return sloppyJson(reply.json);
  try {
    return sloppyJson(JSON.parse(reply.text));
  } catch {
    return reply.text;
  }
}

export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '',
      )
      .join('');
  }
  return '';
}

export function parseChatRequest(body: unknown): ChatRequest | string {
  if (!body || typeof body !== 'object') return 'request body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || !b.model) return 'you must provide a model parameter';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "'messages' must be a non-empty array";
  const messages = b.messages.map((m: unknown) => {
    const msg = (m && typeof m === 'object' ? m : {}) as Record<string, unknown>;
    return { role: typeof msg.role === 'string' ? msg.role : 'user', content: messageText(msg.content) };
  });
  // The newest user message that carries a data block: in a repair turn the last user
  // message is the error text, and the task is still the one asked before it.
  const data =
    [...messages]
      .reverse()
      .filter((m) => m.role === 'user')
      .map((m) => readDataBlock(m.content))
      .find((d) => d !== null) ?? null;
  const rf = (b.response_format && typeof b.response_format === 'object' ? b.response_format : null) as Record<string, unknown> | null;
  const js = rf?.json_schema && typeof rf.json_schema === 'object' ? (rf.json_schema as Record<string, unknown>) : null;
  const tokens =
    typeof b.max_completion_tokens === 'number' ? b.max_completion_tokens : typeof b.max_tokens === 'number' ? b.max_tokens : null;
  const streamOptions = (b.stream_options && typeof b.stream_options === 'object' ? b.stream_options : {}) as Record<string, unknown>;
  return {
    model: b.model,
    messages,
    data,
    responseFormatType: typeof rf?.type === 'string' ? rf.type : null,
    jsonSchema: rf?.type === 'json_schema' ? (js?.schema ?? {}) : undefined,
    jsonSchemaSent: rf?.type === 'json_schema' ? js : null,
    maxTokens: tokens,
    stream: b.stream === true,
    includeUsage: streamOptions.include_usage === true,
  };
}

export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** How a stream is paced: `wait(ms)` resolves false when the client left (the stream then stops). */
export interface StreamPace {
  /** Delay before each content chunk, in ms. */
  chunkMs: number;
  wait: (ms: number) => Promise<boolean>;
}

/** The number of content chunks streamReply sends for `content` (up to ~24). */
export function streamChunkCount(content: string): number {
  const chars = Array.from(content).length;
  return chars === 0 ? 0 : Math.ceil(chars / Math.max(4, Math.ceil(chars / 24)));
}

/**
 * SSE: a role chunk, the content in up to ~24 pieces (each after `pace.chunkMs` when paced), a
 * finish chunk, an optional usage chunk, then [DONE]. Resolves false when the client left mid-stream.
 */
export async function streamReply(
  res: ServerResponse,
  meta: { id: string; created: number; model: string; usage: object; includeUsage: boolean },
  outcome: { content: string; finishReason: FinishReason },
  pace: StreamPace | null = null,
): Promise<boolean> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (choices: unknown[], usage: object | null = null) =>
    `data: ${JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices, ...(meta.includeUsage ? { usage } : {}) })}\n\n`;
  const choice = (delta: object, finish: FinishReason | null = null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });
  const chars = Array.from(outcome.content);
  const size = Math.max(4, Math.ceil(chars.length / 24));
  res.write(chunk([choice({ role: 'assistant', content: '' })]));
  for (let i = 0; i < chars.length; i += size) {
    if (pace && pace.chunkMs > 0 && !(await pace.wait(pace.chunkMs))) {
      res.destroy();
      return false;
    }
    res.write(chunk([choice({ content: chars.slice(i, i + size).join('') })]));
  }
  res.write(chunk([choice({}, outcome.finishReason)]));
  if (meta.includeUsage) res.write(chunk([], meta.usage));
  res.end('data: [DONE]\n\n');
  return true;
}
