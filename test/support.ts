/**
 * Test support: a loopback OpenAI-compatible server plus an engine wired to it.
 *   const { server, engine } = await llmEngine({ models: { bio: ['a', 'b'] } });
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPersonaEngine, type PersonaEngineOptions } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { startTestLlmServer, type TestLlmServer, type TestLlmServerOptions } from '../src/testing/index.js';

export const VILLAGE = { id: 'northern-village', description: 'A medieval village in northern Britain' };
export const TOKYO = { id: 'neo-tokyo', description: 'A modern neo-Tokyo' };

export function tempDir(prefix = 'personas-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface LlmEngineOptions extends Omit<PersonaEngineOptions, 'provider'> {
  models?: Partial<Record<'profile' | 'bio' | 'backstory', string[]>>;
  server?: TestLlmServer;
  serverOptions?: TestLlmServerOptions;
  maxRetries?: number;
}

export async function llmEngine(options: LlmEngineOptions = {}) {
  const server = options.server ?? (await startTestLlmServer(options.serverOptions));
  const provider = new OpenAIProvider({
    baseURL: server.url,
    apiKey: 'test',
    maxRetries: options.maxRetries ?? 0,
    models: { profile: ['profile-model'], bio: ['bio-model'], backstory: ['story-model'], ...options.models },
  });
  const engine = createPersonaEngine({ store: 'memory', pool: { size: 0 }, ...options, provider });
  return { server, engine, provider };
}
