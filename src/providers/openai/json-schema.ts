/**
 * The JSON schema a structured call sends in `response_format: json_schema`, rewritten from a
 * zod schema into what strict mode accepts (and `strict: false` where it cannot).
 *   const { schema, strict } = jsonSchemaFor(z.object({ bios: z.array(z.object({ ref: z.string(), bio: z.string() })) }));
 *   // schema: { type: 'object', properties: { bios: ... }, required: ['bios'], additionalProperties: false }; strict: true
 * Cost: one z.toJSONSchema and one walk of the result per zod schema object, then cached (WeakMap).
 */
import { z } from 'zod';

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
