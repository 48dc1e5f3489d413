/**
 * The three ways a structured call asks for JSON (response modes), which one works per
 * (base URL, model), the prompt's messages for each mode, and whether an HTTP error means
 * "this server does not support that mode" (then the next mode is tried).
 *   const messages = messagesFor(prompt, 'text'); // the schema is added to the system message
 *   structuredModeCache.get(structuredModeKey(client, 'llama3.2')) // 'json_object' once learned
 * Cost: messagesFor copies the prompt's messages (and, outside json_schema, adds the schema as
 * text); the mode cache is one Map entry per (base URL, model).
 */
import type OpenAI from 'openai';
import { ProviderError } from '../../core/errors.js';
import type { ChatMessage, StructuredPrompt } from '../../core/prompt.js';
import { jsonSchemaFor } from './json-schema.js';

export type StructuredMode = 'json_schema' | 'json_object' | 'text';
/** The modes in the order they are tried. */
export const MODES: readonly StructuredMode[] = ['json_schema', 'json_object', 'text'];

/** Which mode works, per `${baseURL} ${model}`. Exported so tests and operators can inspect or clear it. */
export const structuredModeCache = new Map<string, StructuredMode>();
export function structuredModeKey(client: OpenAI, model: string): string {
  return `${client.baseURL} ${model}`;
}

/** The prompt's messages for a mode: json_object and text carry the schema as text in the system message. */
export function messagesFor<T>(prompt: StructuredPrompt<T>, mode: StructuredMode): ChatMessage[] {
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

/** A 400/422 saying the server does not support the requested response_format. */
export function isModeRefusal(err: unknown): boolean {
  if (!(err instanceof ProviderError) || (err.status !== 400 && err.status !== 422)) return false;
  return /response_format|json_schema|json_object|not supported|unsupported/i.test(err.message);
}
