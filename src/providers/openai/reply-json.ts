/**
 * Reading a model's JSON reply: strip <think> blocks and code fences, parse, validate with zod,
 * and when the text is not valid JSON, mend it locally with jsonrepair (trailing commas, single
 * quotes, unquoted keys, comments, missing closing brackets) before anyone pays for a repair
 * call. A reply cut inside a string, number or bare word is never mended: the shortened text
 * would pass the schema while missing words.
 *   const r = check(schema, reply.text, true); // { ok, value, mended } or { ok: false, error }
 * Cost: one JSON.parse and one zod parse; a mend adds a jsonrepair pass (~30-40 us for a bio
 * batch or a backstory).
 */
import { jsonrepair } from 'jsonrepair';
import { z } from 'zod';

export type Checked<T> = { ok: true; value: T; mended?: boolean } | { ok: false; error: string };

/**
 * Validate a reply with zod: as sent, else (when it is not valid JSON and `mend` is true) as
 * mended by jsonrepair. A mended value that fails the schema is not accepted; the error then
 * names both problems so the repair call can fix them.
 */
export function check<T>(schema: z.ZodType<T>, text: string, mend: boolean): Checked<T> {
  const json = parseJson(text);
  if (json.ok) return validate(schema, json.value);
  if (!mend) return json;
  let failed: Checked<T> = json;
  for (const candidate of mendCandidates(text)) {
    let value: unknown;
    try {
      value = JSON.parse(jsonrepair(candidate));
    } catch {
      continue;
    }
    const result = validate(schema, value);
    if (result.ok) return { ...result, mended: true };
    if (failed === json)
      failed = { ok: false, error: `${json.error}\nRead leniently, it still does not match the schema:\n${result.error}` };
  }
  return failed;
}

function validate<T>(schema: z.ZodType<T>, value: unknown): Checked<T> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: z.prettifyError(result.error) };
}

const stripThinking = (text: string) => text.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
const FENCE = /```(?:json)?\s*\n?([\s\S]*?)```/i;
const SPACE = /\s/;
/** A last character that may be part of a cut number, literal or bare word. */
const WORDISH = /[\p{L}\p{N}_.+-]/u;

/** Parse a reply as JSON: the whole text, else a ```json fence, else the first balanced {...}. */
export function parseJson(text: string): Checked<unknown> {
  const cleaned = stripThinking(text);
  if (!cleaned) return { ok: false, error: 'The reply was empty; a JSON object was expected.' };
  const candidates = [cleaned];
  const fence = FENCE.exec(cleaned);
  if (fence?.[1]) candidates.push(fence[1].trim());
  const object = objectRegion(cleaned);
  if (object?.cut === 'none') candidates.push(object.text);
  let firstError = '';
  for (const candidate of candidates) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (err) {
      firstError ||= err instanceof Error ? err.message : String(err);
    }
  }
  return { ok: false, error: `The reply is not valid JSON (${firstError}).` };
}

/**
 * What jsonrepair may mend: the first object inside a ```json fence, else the first object of
 * the reply (prose around it dropped). An object that never closes is offered whole only when
 * it stops between values (jsonrepair then adds the closing brackets); one that stops inside a
 * string, number or bare word is not offered at all: its last value may be cut.
 */
function mendCandidates(text: string): string[] {
  const cleaned = stripThinking(text);
  const fenced = FENCE.exec(cleaned)?.[1];
  const regions = [fenced === undefined ? null : objectRegion(fenced), objectRegion(cleaned)];
  const out: string[] = [];
  for (const r of regions) if (r && r.cut !== 'inside' && !out.includes(r.text)) out.push(r.text);
  return out;
}

/**
 * The first {...} of `text`, read leniently like jsonrepair does (strings in either quote,
 * // and /* comments): the balanced object (`cut: 'none'`), or the rest of the text when it
 * never closes, with where it stops: between values or inside one (a string, number or word).
 */
function objectRegion(text: string): { text: string; cut: 'none' | 'between' | 'inside' } | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let quote = '';
  let last = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) [quote, last] = ['', c];
      continue;
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2) + 1;
      if (end <= 0) break;
      i = end;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return { text: text.slice(start, i + 1), cut: 'none' };
    if (!SPACE.test(c)) last = c;
  }
  return { text: text.slice(start), cut: quote || WORDISH.test(last) ? 'inside' : 'between' };
}
