/**
 * What the loopback LLM test server answers to one chat request: an error, a hang or a reply
 * (content and finish reason). It applies, in order, the unknown-model check (strictModels),
 * persistent faults (failModels), json_schema refusal, the first matching scripted entry, the
 * seeded fault mix, and else the `replies` hook or the auto reply (auto-replies.ts), and logs
 * on `entry` which of them answered. The caller sends the outcome.
 *   const outcome = decideOutcome(parsed, entry, { settings, queue, mixRand });
 * Cost: one scan of the script queue, at most one PRNG draw and one auto reply per request.
 */
import type { Rand } from '../core/random.js';
import { type AutoReply, autoReply } from './auto-replies.js';
import { drawFault } from './faults.js';
import type { LoggedRequest, ResolvedTestLlmServerConfig, ScriptEntry } from './server-config.js';
import { apiError, type ChatRequest, type FinishReason, formatJson, sloppyReply } from './wire.js';

export type Outcome =
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'reply'; content: string; finishReason: FinishReason };

/** The server state a decision reads; a matching scripted entry is taken out of `queue`. */
export interface DecideState {
  settings: ResolvedTestLlmServerConfig;
  queue: ScriptEntry[];
  /** The fault mix's draws, or null when no mix is set. */
  mixRand: Rand | null;
}

/** Order: unknown model (strict) > failModels > refuseJsonSchema > first matching script > fault mix > replies hook / auto reply. */
export function decideOutcome(req: ChatRequest, entry: LoggedRequest, state: DecideState): Outcome {
  const { models, strictModels, failModels, refuseJsonSchema } = state.settings;
  if (strictModels && !models.includes(req.model)) {
    return {
      kind: 'error',
      status: 404,
      body: apiError(
        `The model '${req.model}' does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
        'model',
      ),
    };
  }
  const isJsonSchema = req.responseFormatType === 'json_schema';
  let action: ScriptEntry | null = failModels[req.model] ?? null;
  if (action && 'fault' in action && action.fault === 'refuse-json-schema' && !isJsonSchema) action = null;
  if (!action && refuseJsonSchema && isJsonSchema) action = { fault: 'refuse-json-schema' };
  if (!action) {
    const i = state.queue.findIndex(
      (e) =>
        (e.model === undefined || e.model === req.model) &&
        (e.task === undefined || e.task === entry.task) &&
        (!('fault' in e) || e.fault !== 'refuse-json-schema' || isJsonSchema),
    );
    if (i >= 0) {
      action = state.queue.splice(i, 1)[0]!;
      entry.scripted = true;
    }
  }
  if (!action) {
    action = state.settings.faultMix && state.mixRand ? drawFault(state.settings.faultMix, state.mixRand, isJsonSchema) : null;
    entry.mixed = action !== null;
  }
  if (action && 'reply' in action) {
    const content = typeof action.reply === 'string' ? action.reply : formatJson(action.reply, req.responseFormatType);
    return { kind: 'reply', content, finishReason: action.finishReason ?? 'stop' };
  }
  entry.fault = action?.fault ?? null;
  const custom = (contradict: boolean): AutoReply | null =>
    req.data || !state.settings.replies
      ? null
      : state.settings.replies({
          model: req.model,
          messages: req.messages,
          responseFormatType: req.responseFormatType,
          jsonSchema: req.jsonSchema,
          maxTokens: req.maxTokens,
          contradict,
        });
  const auto = (contradict = false): AutoReply => custom(contradict) ?? autoReply(req.data, req.jsonSchema, { contradict });
  const format = (reply: AutoReply) => ('json' in reply ? formatJson(reply.json, req.responseFormatType) : reply.text);
  switch (action?.fault) {
    case undefined:
      return { kind: 'reply', content: format(auto()), finishReason: 'stop' };
    case 'http500':
      return {
        kind: 'error',
        status: 500,
        body: apiError('The server had an error while processing your request (test server fault http500).', 'server_error', null),
      };
    case 'http429': {
      const ms = action.retryAfterMs;
      const seconds = ms !== undefined ? Math.ceil(ms / 1000) : (action.retryAfterSeconds ?? 1);
      const wait = ms !== undefined ? `${ms}ms` : `${seconds}s`;
      const body = apiError(
        `Rate limit reached for ${req.model} (test server fault http429). Please try again in ${wait}.`,
        'requests',
        'rate_limit_exceeded',
      );
      return {
        kind: 'error',
        status: 429,
        body,
        headers: { 'retry-after': String(seconds), ...(ms !== undefined ? { 'retry-after-ms': String(ms) } : {}) },
      };
    }
    case 'hang':
      return { kind: 'hang' };
    case 'refuse-json-schema': {
      const message = `response_format type 'json_schema' is not supported by this server; send {"type":"json_object"} or no response_format.`;
      return {
        kind: 'error',
        status: 400,
        body: apiError(message, 'invalid_request_error', 'unsupported_response_format', 'response_format'),
      };
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
      return {
        kind: 'reply',
        content: formatJson({ result: 'done', items: [{ id: 1, text: 'not what the schema asked for' }] }, req.responseFormatType),
        finishReason: 'stop',
      };
    case 'length': {
      const full = format(auto());
      const cut = Math.min(Math.floor(full.length / 2), req.maxTokens ? req.maxTokens * 4 : Infinity);
      return { kind: 'reply', content: full.slice(0, Math.max(1, cut)), finishReason: 'length' };
    }
    case 'contradict':
      return { kind: 'reply', content: format(auto(true)), finishReason: 'stop' };
  }
}
