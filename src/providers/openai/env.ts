/**
 * OpenAI provider options from the environment (the variables the README documents):
 * OPENAI_API_KEY, OPENAI_BASE_URL, and PERSONAS_MODELS_PROFILE / _BIO / _BACKSTORY as
 * comma-separated fallback lists. No key and no base URL: null, and the engine uses the
 * procedural provider. PERSONAS_BREAKER_FAILURES (consecutive failures that open a model's
 * circuit breaker, 1-1000, or "off") and PERSONAS_BREAKER_COOLDOWN_MS (0-86,400,000) tune the
 * breaker; a bad value throws InvalidInputError naming the variable.
 *   const options = openAIOptionsFromEnv();
 *   const provider = options ? new OpenAIProvider(options) : new ProceduralProvider();
 * Cost: reads seven variables; no I/O.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { OpenAIProviderOptions } from './options.js';

/** Models used when a PERSONAS_MODELS_* variable is unset or empty: gpt-4o for the once-per-world profile, gpt-4o-mini for the per-NPC texts. */
export const DEFAULT_OPENAI_MODELS: Readonly<OpenAIProviderOptions['models']> = Object.freeze({
  profile: ['gpt-4o'],
  bio: ['gpt-4o-mini'],
  backstory: ['gpt-4o-mini'],
});

/** Key used for a base URL without OPENAI_API_KEY: Ollama, vLLM and llama.cpp server do not check it. */
export const PLACEHOLDER_API_KEY = 'not-needed';

/**
 * Provider options from `env`, or null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set.
 * Model lists: "a, b,,c" gives ["a", "b", "c"]; unset or empty gives DEFAULT_OPENAI_MODELS.
 */
export function openAIOptionsFromEnv(env: Record<string, string | undefined> = process.env): OpenAIProviderOptions | null {
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  if (!apiKey && !baseURL) return null;
  const breaker = breakerFromEnv(env);
  return {
    apiKey: apiKey ?? PLACEHOLDER_API_KEY,
    ...(baseURL ? { baseURL } : {}),
    models: {
      profile: modelList(env.PERSONAS_MODELS_PROFILE, DEFAULT_OPENAI_MODELS.profile),
      bio: modelList(env.PERSONAS_MODELS_BIO, DEFAULT_OPENAI_MODELS.bio),
      backstory: modelList(env.PERSONAS_MODELS_BACKSTORY, DEFAULT_OPENAI_MODELS.backstory),
    },
    ...(breaker !== undefined ? { breaker } : {}),
  };
}

/**
 * The breaker options from PERSONAS_BREAKER_FAILURES / PERSONAS_BREAKER_COOLDOWN_MS, or
 * undefined when both are unset or empty (the provider's defaults apply). "off" (or "false")
 * for the failures turns the breaker off.
 */
export function breakerFromEnv(env: Record<string, string | undefined>): OpenAIProviderOptions['breaker'] {
  const failures = env.PERSONAS_BREAKER_FAILURES?.trim() ?? '';
  const cooldown = env.PERSONAS_BREAKER_COOLDOWN_MS?.trim() ?? '';
  if (/^(off|false)$/i.test(failures)) return false;
  if (!failures && !cooldown) return undefined;
  return {
    ...(failures ? { failures: integerVar('PERSONAS_BREAKER_FAILURES', failures, 1, 1000, ' or "off"') } : {}),
    ...(cooldown ? { cooldownMs: integerVar('PERSONAS_BREAKER_COOLDOWN_MS', cooldown, 0, 86_400_000, '') } : {}),
  };
}

function integerVar(name: string, value: string, min: number, max: number, alternative: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(Number.isSafeInteger(n) && n >= min && n <= max)) {
    throw new InvalidInputError(`${name} must be a whole number from ${min} to ${max}${alternative}, got "${value}".`);
  }
  return n;
}

/** Split a comma-separated list, trimming and dropping empty entries. */
export function parseModelList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
}

function modelList(value: string | undefined, fallback: readonly string[]): string[] {
  const list = parseModelList(value);
  return list.length > 0 ? list : [...fallback];
}
