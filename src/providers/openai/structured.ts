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
 * The parts: modes.ts (response modes), send.ts (one HTTP call), json-schema.ts (the schema
 * rewrite), reply-json.ts (JSON extraction and mending), provider-errors.ts (error mapping),
 * retry-after.ts (Retry-After).
 * Cost: 1 HTTP call when all goes well; at most 1 + maxRetries per attempt, plus one call per
 * refused mode (first use only), one repair and one length retry. A mend is one linear scan and
 * one jsonrepair pass over the reply (~30-40 us for an 8-bio batch or a backstory). Schema
 * conversion is cached per zod schema object; the json_object/text modes add the schema to the
 * prompt.
 */
import type OpenAI from 'openai';
import { InvalidOutputError, ProviderError } from '../../core/errors.js';
import type { ChatMessage, StructuredPrompt } from '../../core/prompt.js';
import type { Usage } from '../../core/types.js';
import { isModeRefusal, messagesFor, MODES, type StructuredMode, structuredModeCache, structuredModeKey } from './modes.js';
import { PROVIDER } from './provider-errors.js';
import { check } from './reply-json.js';
import { count, type Reply, send, type StructuredOptions } from './send.js';

// The mode cache and the option type belong to every structured call's contract.
export { structuredModeCache, structuredModeKey, type StructuredMode } from './modes.js';
export type { StructuredOptions } from './send.js';

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
      throw new InvalidOutputError(
        `Model "${model}" declined the ${prompt.stage} request: ${reply.refusal ?? 'content filter'}`,
        reply.text,
        model,
      );
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

function bound(text: string): string {
  return text.length <= REPAIR_ERROR_CHARS
    ? text
    : `${text.slice(0, REPAIR_ERROR_CHARS)}\n… (${text.length - REPAIR_ERROR_CHARS} more characters)`;
}
