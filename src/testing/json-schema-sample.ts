/**
 * A minimal value that satisfies a JSON schema, for json_schema requests the loopback LLM
 * test server has no stage-specific answer for. It walks the schema: objects get their
 * required properties, arrays `minItems` items, enums their first value, strings "text"
 * (stretched or cut to the length bounds), numbers their minimum (else 0), booleans false.
 * `$ref` (#/$defs/..., #/definitions/...), anyOf/oneOf (first branch) and allOf (merged) work.
 *   sampleJsonSchema({ type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 3 } } }) // { n: 3 }
 * Cost: one walk of the schema; recursion stops at depth 32.
 */

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

export function sampleJsonSchema(schema: unknown): unknown {
  return sample(schema, schema, 0);
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isSchema(node) ? node[part] : undefined;
  }
  return node ?? {};
}

function sample(schema: unknown, root: unknown, depth: number): unknown {
  if (!isSchema(schema) || depth > 32) return null;
  if (typeof schema.$ref === 'string') return sample(resolveRef(root, schema.$ref), root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length) return sample(branches[0], root, depth + 1);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    const parts = schema.allOf.map((s) => sample(s, root, depth + 1));
    return parts.every(isSchema) ? Object.assign({}, ...(parts as Array<Record<string, unknown>>)) : parts[0];
  }
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  const type: unknown =
    types[0] ??
    (schema.properties ? 'object' : schema.items || schema.prefixItems ? 'array' : schema.type === undefined ? 'object' : 'null');
  switch (type) {
    case 'object': {
      const props = isSchema(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : [];
      const out: Record<string, unknown> = {};
      for (const k of required) out[k] = k in props ? sample(props[k], root, depth + 1) : 'text';
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
      const rest = isSchema(schema.items) ? schema.items : {};
      return Array.from({ length: Math.max(min, 0) }, (_, i) => sample(prefix[i] ?? rest, root, depth + 1));
    }
    case 'string':
      return sampleString(schema);
    case 'number':
    case 'integer':
      return sampleNumber(schema, type === 'integer');
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function sampleString(schema: Schema): string {
  const formats: Record<string, string> = {
    'date-time': '2024-01-01T00:00:00Z',
    date: '2024-01-01',
    time: '00:00:00',
    email: 'test@example.com',
    uri: 'https://example.com',
    uuid: '00000000-0000-4000-8000-000000000000',
  };
  let s = (typeof schema.format === 'string' ? formats[schema.format] : undefined) ?? 'text';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  while (s.length < min) s += ' text';
  return s.slice(0, Math.max(min, Math.min(max, s.length)));
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const exMin = num(schema.exclusiveMinimum);
  let n = num(schema.minimum) ?? (exMin !== undefined ? exMin + (integer ? 1 : 0.5) : 0);
  const max =
    num(schema.maximum) ?? (num(schema.exclusiveMaximum) !== undefined ? num(schema.exclusiveMaximum)! - (integer ? 1 : 0.5) : undefined);
  if (max !== undefined && n > max) n = max;
  return integer ? Math.ceil(n) : n;
}
