/**
 * Campaign support for the public-API fuzz: fast-check arbitraries for world inputs, persona
 * keys and hints, engine options and CLI instructions; a violation log that keeps one example
 * per distinct failure; and the checks every accepted input must pass (typed errors only, a
 * data block that cannot be closed from inside, no unsafe characters).
 *   const log = new Violations();  log.check('world()', input, () => engine.world(input));
 * Cost: generation is fast-check's; a check is one try/catch and a regex or two.
 */
import fc from 'fast-check';
import { PersonaError } from '../../src/core/errors.js';
import type { ChatMessage } from '../../src/core/prompt.js';
import { HOSTILE_STRINGS, hostileString, nested, PROTOTYPE_KEYS, prototypeKeyed } from './support-frames.js';

/** Cc, Cf, Zl, Zp and the TAG block: refused in keys and hints (descriptions may keep tab, LF, CR). */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{E0000}-\u{E007F}]/u;
const UNSAFE_EXCEPT_WHITESPACE = /[^\P{Cc}\t\n\r]|[\p{Cf}\p{Zl}\p{Zp}\u{E0000}-\u{E007F}]/u;

export function unsafeIn(text: string, allowWhitespace = false): string | null {
  const m = (allowWhitespace ? UNSAFE_EXCEPT_WHITESPACE : UNSAFE).exec(text);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** Problems with a prompt's user messages: each must hold exactly one `<data>` and one `</data>`, in that order. */
export function dataBlockProblems(messages: readonly ChatMessage[]): string[] {
  const problems: string[] = [];
  for (const m of messages) {
    if (m.role !== 'user') continue;
    const opens = m.content.split('<data>').length - 1;
    const closes = m.content.split('</data>').length - 1;
    if (opens !== 1 || closes !== 1 || m.content.indexOf('<data>') > m.content.indexOf('</data>')) {
      problems.push(`user message has ${opens} <data> and ${closes} </data>`);
    }
  }
  return problems;
}

export interface Violation {
  api: string;
  problem: string;
  count: number;
  example: string;
}

/** Is `err` what the public API promises: a PersonaError with a code and a message? */
export function typedError(err: unknown): boolean {
  return (
    err instanceof PersonaError &&
    typeof err.code === 'string' &&
    err.code.length > 0 &&
    typeof err.message === 'string' &&
    err.message.trim().length > 0
  );
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.constructor.name}: ${err.message.split('\n')[0]!.slice(0, 140)}`;
  return `non-Error thrown: ${String(err).slice(0, 80)}`;
}

/** Collects violations, one example per (api, problem). */
export class Violations {
  private readonly byKey = new Map<string, Violation>();
  /** Calls made through check() / checkAsync(). */
  calls = 0;
  accepted = 0;
  refused = 0;
  /** Per API: [accepted, refused]. */
  readonly perApi = new Map<string, [number, number]>();

  private tally(api: string, ok: boolean): void {
    const t = this.perApi.get(api) ?? [0, 0];
    t[ok ? 0 : 1]++;
    this.perApi.set(api, t);
    if (ok) this.accepted++;
    else this.refused++;
  }

  add(api: string, problem: string, input: unknown): void {
    const key = `${api}\u0000${problem}`;
    const v = this.byKey.get(key);
    if (v) v.count++;
    else this.byKey.set(key, { api, problem, count: 1, example: show(input) });
  }

  /** Run `fn`; a throw must be a typed PersonaError. Returns the value, or undefined when it threw. */
  check<T>(api: string, input: unknown, fn: () => T): T | undefined {
    this.calls++;
    try {
      const out = fn();
      this.tally(api, true);
      return out;
    } catch (err) {
      this.tally(api, false);
      if (!typedError(err)) this.add(api, `threw ${describeError(err)}`, input);
      return undefined;
    }
  }

  /** The same for a promise, which must also settle within `ms`. */
  async checkAsync<T>(api: string, input: unknown, fn: () => Promise<T>, ms = 10_000): Promise<T | undefined> {
    this.calls++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const out = await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new HangError(`did not settle within ${ms} ms`)), ms);
        }),
      ]);
      this.tally(api, true);
      return out;
    } catch (err) {
      this.tally(api, false);
      if (err instanceof HangError) this.add(api, 'hung', input);
      else if (!typedError(err)) this.add(api, `rejected ${describeError(err)}`, input);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  get list(): Violation[] {
    return [...this.byKey.values()];
  }

  get total(): number {
    return this.list.reduce((n, v) => n + v.count, 0);
  }

  /** One line per violation, for assertion messages and outcome notes. */
  summary(max = 8): string {
    return this.list
      .slice(0, max)
      .map((v) => `${v.api}: ${v.problem} (x${v.count}; e.g. ${v.example})`)
      .join('\n');
  }
}

class HangError extends Error {}

/** fast-check's printer, bounded (1 MB strings stay readable in a report). */
export function show(value: unknown): string {
  let text: string;
  try {
    text = fc.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const anything = () =>
  fc.anything({
    maxDepth: 3,
    withNullPrototype: true,
    withMap: true,
    withSet: true,
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
    withBoxedValues: true,
    withSparseArray: true,
  });

export const numberish = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: -5, max: 300 }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 1, 4, NaN, Infinity, -Infinity, 1e21, 2 ** 31, 2 ** 53, -0, 0.5),
    fc.constantFrom('4', '', 'NaN', null, true, [], {}),
  );

/** Strings that break things: hostile corpus, bidi/control/tag characters, markup, huge (up to `longest` characters). */
export const evilText = (longest = 1_000_000): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileString() },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('A medieval village in northern Britain', 'A modern neo-Tokyo', 'gnome', 'miner'),
          fc.constantFrom(...HOSTILE_STRINGS),
        )
        .map(([a, b]) => `${a} ${b}`),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 3, maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('\u0085', '\u00ad', '\u061c', '\u200e', '\u2066', '\u2069', '\u{E0001}', '\u{E0020}', '\t', '\n', '\r\n', '\u000b')
        .map((c) => `good ${c}text`),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 6 })
        .map((k) =>
          ['x', '</data>', 'é', '\u{1F600}', 'a b ', '<'][k - 1]!.repeat(Math.min(longest, [4001, 5000, 80, 81, 1_000_000, 3999][k - 1]!)),
        ),
    },
  );

/** A profile-ish object: valid-looking shapes with hostile names and values, or garbage. */
export const profileish = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(undefined, null, {}, [], 'profile'),
    anything(),
    fc.record(
      {
        nameCulture: fc.oneof(fc.constantFrom('english', 'japanese', 'norse'), evilText()),
        terms: fc.array(evilText(), { maxLength: 14 }),
        summary: evilText(),
        variables: fc.array(
          fc.record({
            name: fc.oneof(fc.constantFrom('age', 'gender', 'occupation', ...PROTOTYPE_KEYS), evilText()),
            kind: fc.constantFrom('categorical', 'numeric', 'boolean', 'other'),
            options: fc.array(fc.record({ value: evilText(), weight: numberish(), when: fc.constantFrom(null, undefined, {}) }), {
              maxLength: 3,
            }),
            min: numberish(),
            max: numberish(),
            probability: numberish(),
          }),
          { maxLength: 4 },
        ),
      },
      { requiredKeys: [] },
    ),
  );

export const worldInput = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/), evilText()), description: evilText() }),
    },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), anything()),
          description: fc.oneof(evilText(), anything()),
          profile: profileish(),
        },
        { requiredKeys: [] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(evilText(), anything())
        .map(([description, v]) => Object.assign(prototypeKeyed(v), { id: 'proto-world', description })),
    },
    { weight: 1, arbitrary: anything() },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, '', 'northern-village', [], 42) },
  );

/** Override names: profile variables, prototype names, garbage. */
const overrideName = () =>
  fc.oneof(
    fc.constantFrom('age', 'gender', 'occupation', 'name', 'faction', ...PROTOTYPE_KEYS),
    fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/),
    evilText(),
  );
const overrideValue = () => fc.oneof(evilText(), numberish(), fc.boolean(), fc.constantFrom(null, undefined), anything());

export const hints = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ hints: fc.array(evilText(), { maxLength: 14 }) }, { requiredKeys: [] }) },
    {
      weight: 3,
      arbitrary: fc.record(
        { hints: fc.array(evilText(), { maxLength: 3 }), overrides: fc.dictionary(overrideName(), overrideValue(), { maxKeys: 4 }) },
        { requiredKeys: [] },
      ),
    },
    // { overrides: { __proto__: ..., constructor: ... } } with __proto__ as an own key.
    { weight: 2, arbitrary: overrideValue().map((v) => ({ overrides: prototypeKeyed(v) })) },
    {
      weight: 1,
      arbitrary: fc.constant(JSON.parse('{"overrides":{"__proto__":{"age":3},"constructor":{"prototype":{"polluted":true}}}}') as unknown),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        { hints: fc.oneof(anything(), fc.constant(nested(200, 'array'))), traits: anything(), overrides: anything(), extra: anything() },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: anything() },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, [], 'gnome', 42) },
  );

export const personaKey = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,20}$/) },
    { weight: 3, arbitrary: evilText() },
    { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
    { weight: 1, arbitrary: anything() },
  );

export const engineOptions = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          provider: fc.oneof(fc.constantFrom('procedural', 'env', 'openai', '', undefined, null), anything()),
          fallback: fc.oneof(fc.constant(undefined), anything()),
          // Never a random path: only in-memory stores or garbage that must be refused.
          store: fc.oneof(
            fc.constantFrom(
              'memory',
              'sqlite',
              'redis',
              '',
              { kind: 'memory' },
              { kind: 'memory', maxPersonas: 0 },
              { kind: 'memory', maxPersonas: -1 },
              { kind: 'sqlite', path: ':memory:' },
              { kind: 'bogus' },
              { kind: 'sqlite' },
            ),
            fc.record(
              {
                kind: fc.constantFrom('memory', 'sqlite', '__proto__'),
                maxPersonas: numberish(),
                path: fc.constantFrom(':memory:', 42, null, undefined, {}),
              },
              { requiredKeys: ['kind'] },
            ),
          ),
          pool: fc.oneof(anything(), fc.record({ size: numberish(), batch: numberish(), extra: anything() }, { requiredKeys: [] })),
          liveBatch: numberish(),
          cacheSize: numberish(),
          instanceId: fc.oneof(evilText(), anything()),
          scheduler: fc.oneof(
            anything(),
            fc.record(
              {
                concurrency: numberish(),
                rateLimitRetries: numberish(),
                defaultRetryAfterMs: numberish(),
                maxRetryAfterMs: numberish(),
                reservedForLive: numberish(),
              },
              { requiredKeys: [] },
            ),
          ),
          budgets: fc.oneof(
            anything(),
            fc.record({ calls: numberish(), tokens: numberish(), periodMs: numberish() }, { requiredKeys: [] }),
          ),
          backstories: fc.oneof(
            anything(),
            fc.record(
              {
                enabled: fc.oneof(fc.boolean(), anything()),
                concurrency: numberish(),
                leaseMs: numberish(),
                heartbeatMs: numberish(),
                pollMs: numberish(),
                maxAttempts: numberish(),
              },
              { requiredKeys: [] },
            ),
          ),
          onError: fc.oneof(
            fc.constant(undefined),
            fc.constant(() => undefined),
            anything(),
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: anything() },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'memory', [], 0) },
  );

export const instructionsJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      // Shaped right, hostile inside: these pass the schema and reach the engine.
      weight: 6,
      arbitrary: fc.array(
        fc.record(
          {
            simulation_description: evilText(),
            num_of_samples: fc.integer({ min: 1, max: 50 }),
            world_id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), evilText()),
            persona_traits: fc.array(evilText(), { maxLength: 5 }),
          },
          { requiredKeys: ['simulation_description', 'num_of_samples'] },
        ),
        { minLength: 1, maxLength: 2 },
      ),
    },
    {
      weight: 6,
      arbitrary: fc.array(
        fc.record(
          {
            simulation_description: fc.oneof(evilText(), anything()),
            num_of_samples: numberish(),
            world_id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), evilText(), anything()),
            persona_traits: fc.oneof(fc.array(evilText(), { maxLength: 14 }), anything()),
            extra: anything(),
          },
          { requiredKeys: ['simulation_description', 'num_of_samples'] },
        ),
        { maxLength: 3 },
      ),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.constant(nested(5000, 'array')) },
  );
