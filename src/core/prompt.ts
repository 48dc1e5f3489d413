/**
 * A structured prompt: messages, the zod schema the reply must match, and a token budget.
 * Stages build these (stages/profile.ts, stages/bio.ts, stages/backstory.ts); LLM providers
 * send them. Input data always travels as one JSON document between <data> tags in the last
 * user message, escaped so nothing inside can close the block (`<`, `>`, `&` as \u003c...),
 * and bounded, never spliced into instructions.
 *   const prompt = bioPrompt(world, profile, subjects);
 *   const { value } = await structuredCompletion(client, model, prompt);
 * Cost: building a prompt is one JSON.stringify of the inputs.
 */
import type { z } from 'zod';
import type { Stage } from './types.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface StructuredPrompt<T> {
  stage: Stage;
  /** Name sent as `response_format.json_schema.name`. */
  schemaName: string;
  schema: z.ZodType<T>;
  messages: ChatMessage[];
  /** Completion token budget for this reply. */
  maxTokens: number;
  /** Prompt version (also part of every world's fingerprint). */
  version: string;
}

export const DATA_OPEN = '<data>';
export const DATA_CLOSE = '</data>';

/**
 * JSON that is safe between tags: `<`, `>` and `&` (and U+2028/U+2029) become `\u003c`-style
 * escapes, so no input, and no model text carried into a later prompt, can close the block
 * (`</data>`) or open a tag of its own. JSON.parse reads it back unchanged.
 */
export function escapeJsonForBlock(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Render the data block. `task` names what is asked (the test server keys on it too). */
export function dataBlock(task: 'profile' | 'bios' | 'backstory' | 'backstories', data: Record<string, unknown>): string {
  return `${DATA_OPEN}\n${escapeJsonForBlock(JSON.stringify({ task, ...data }))}\n${DATA_CLOSE}`;
}

/** Parse the data block out of a user message (used by the test server and tests). */
export function readDataBlock(content: string): ({ task: string } & Record<string, unknown>) | null {
  const start = content.lastIndexOf(DATA_OPEN);
  const end = content.lastIndexOf(DATA_CLOSE);
  if (start < 0 || end < start) return null;
  try {
    const parsed: unknown = JSON.parse(content.slice(start + DATA_OPEN.length, end));
    if (parsed && typeof parsed === 'object' && typeof (parsed as { task?: unknown }).task === 'string') {
      return parsed as { task: string } & Record<string, unknown>;
    }
  } catch {
    return null;
  }
  return null;
}
