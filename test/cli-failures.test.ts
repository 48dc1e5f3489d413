/**
 * The generate command fails clearly and never exits 0 without writing what was asked: an
 * unreachable Redis or an SQLite file that cannot be opened ends it with exit 3 and a message
 * naming the store and what to do (no stack trace, no unhandled rejection); bad options exit 2;
 * personas that cannot be completed are written marked failed and reported (exit 4).
 *   npx vitest run test/cli-failures.test.ts
 * Cost: about 5 s (three CLI processes).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/cli/generate.js';
import { CliExit, EXIT, exitCodeFor } from '../src/cli/exit-codes.js';
import { ProviderError, StoreBusyError, StoreUnavailableError } from '../src/core/errors.js';
import type { PersonaProvider } from '../src/core/types.js';
import { createPersonaEngine } from '../src/engine/engine.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import { startCli } from './helpers/child.js';
import { tempDir } from './support.js';

const offline = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', REDIS_URL: '' };
const STACK = /\n\s+at /;

describe('the command line and a store it cannot use', () => {
  it('exits 3 with a clear message when REDIS_URL points at nothing', async () => {
    const dir = tempDir();
    const cli = startCli(['generate', '--world', 'A pirate port', '--count', '3', '--out', join(dir, 'out.jsonl'), '--no-progress'], {
      ...offline,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const { code } = await cli.exited;
    expect(code).toBe(EXIT.store);
    expect(cli.stderr()).toMatch(
      /^colyseus-personas: Cannot reach the Redis (persona store|job queue) at redis:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)\. .*unset REDIS_URL/m,
    );
    expect(cli.stderr()).not.toMatch(STACK);
    expect(cli.stderr()).not.toMatch(/Unhandled|\[ioredis\]/);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('exits 3 naming the file when the SQLite cache cannot be opened', async () => {
    const dir = tempDir();
    const notADb = join(dir, 'notes.db');
    writeFileSync(notADb, 'not a database at all '.repeat(100));
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    for (const [db, advice] of [
      [notADb, /not a persona database/],
      [join(blocker, 'cache.db'), /folder exists and is writable/],
    ] as const) {
      const cli = startCli(
        ['generate', '--world', 'A pirate port', '--count', '2', '--db', db, '--out', join(dir, 'out.jsonl'), '--no-progress'],
        offline,
      );
      const { code } = await cli.exited;
      expect(code).toBe(EXIT.store);
      expect(cli.stderr()).toContain(`Cannot open the SQLite persona store at "${db}"`);
      expect(cli.stderr()).toMatch(advice);
      expect(cli.stderr()).not.toMatch(STACK);
    }
  });

  it('exits 2 on bad options, and says what is expected', async () => {
    const cli = startCli(['generate', '--count', 'x'], offline);
    expect((await cli.exited).code).toBe(EXIT.usage);
    expect(cli.stderr()).toMatch(/whole number/);
  });
});

describe('personas that cannot be completed', () => {
  it('are written marked failed and reported, so the command can exit 4 instead of 0', async () => {
    const broken = (): PersonaProvider => {
      const p = new ProceduralProvider();
      return {
        name: 'broken-backstories',
        profile: (r) => p.profile(r),
        bios: (r) => p.bios(r),
        backstory: () => Promise.reject(new ProviderError('backstory model and fallback both down', { provider: 'broken' })),
      };
    };
    const provider = broken();
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const engine = createPersonaEngine({
      provider,
      fallback: provider,
      store: 'memory',
      pool: { size: 0 },
      backstories: { maxAttempts: 1 },
    });
    const out = join(dir, 'out.jsonl');
    const result = await generate(
      { world: 'A pirate port', count: 3, stage: 'both', format: 'jsonl', out, provider: 'env', hints: [], progress: false },
      engine,
    );
    await engine.close();
    expect(result.incomplete.map((r) => r.key)).toEqual(['1', '2', '3']);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(lines[0].error).toMatch(/both down/);
  });

  it('maps errors to documented exit codes', () => {
    expect(exitCodeFor(new CliExit(EXIT.incomplete, 'x'))).toBe(4);
    expect(exitCodeFor(new StoreUnavailableError('redis', 'redis://x', 'down'))).toBe(3);
    expect(exitCodeFor(new StoreBusyError('at "x"', 10_000))).toBe(3);
    expect(exitCodeFor(new Error('bug'))).toBe(1);
  });
});
