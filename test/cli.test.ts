import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { generate, type GenerateOptions } from '../src/cli/generate.js';
import { formatRecords, recordEncoder, type ExportRecord } from '../src/cli/export.js';
import { InvalidInputError } from '../src/core/errors.js';
import type { PersonaProvider } from '../src/core/types.js';
import { createPersonaEngine } from '../src/engine/engine.js';
import { ProceduralProvider } from '../src/providers/procedural/index.js';
import { startTestLlmServer } from '../src/testing/index.js';
import { tempDir } from './support.js';

const run = promisify(execFile);
const base = (dir: string, extra: Partial<GenerateOptions> = {}): GenerateOptions => ({
  count: 5,
  stage: 'both',
  format: 'jsonl',
  out: join(dir, 'out.jsonl'),
  db: join(dir, 'cache.db'),
  provider: 'procedural',
  hints: [],
  progress: false,
  keepRecords: true,
  ...extra,
});

describe('generate command', () => {
  it("writes one record per persona with the Dria persona factory's fields and ours", async () => {
    const dir = tempDir();
    const { records, summary } = await generate(base(dir, { world: 'A medieval village in northern Britain', count: 6 }));
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(records).toHaveLength(6);
    for (const r of lines) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['id', 'world', 'key', 'name', 'traits', 'bio', 'backstory', 'model', 'source']),
      );
      expect(r.source).toBe('procedural');
      expect(r.bio).toContain(r.name);
      expect(r.backstory).toContain(r.name.split(' ')[0]);
    }
    expect(new Set(lines.map((r) => r.name)).size).toBe(6);
    expect(summary).toMatchObject({ personas: 6, worlds: 1, reused: 0, calls: 0, provider: 'procedural' });
  });

  it('is resumable: the same command again reuses every persona and writes the same data', async () => {
    const dir = tempDir();
    const opts = base(dir, { world: 'A modern neo-Tokyo', count: 4 });
    await generate(opts);
    const first = readFileSync(opts.out!, 'utf8');
    const again = await generate(opts);
    expect(again.summary.reused).toBe(4);
    expect(readFileSync(opts.out!, 'utf8')).toBe(first);
    const more = await generate({ ...opts, count: 6 });
    expect(more.summary.reused).toBe(4);
    expect(more.records.slice(0, 4)).toEqual(again.records);
  });

  it('counts as reused only personas already complete for the stage asked before this run', async () => {
    const dir = tempDir();
    const opts = base(dir, { world: 'A modern neo-Tokyo', count: 4 });
    const bios = await generate({ ...opts, stage: 'bio' });
    expect(bios.summary.reused).toBe(0);
    // The bios exist but no backstory does: nothing is reused for --stage both yet.
    const both = await generate(opts);
    expect(both.summary.reused).toBe(0);
    expect(both.records.every((r) => r.backstory)).toBe(true);
    expect((await generate(opts)).summary.reused).toBe(4);
    expect((await generate({ ...opts, stage: 'bio', count: 5 })).summary.reused).toBe(4);
  });

  it("reads the Dria persona factory's instructions format and writes CSV", async () => {
    const dir = tempDir();
    const file = join(dir, 'worlds.json');
    writeFileSync(
      file,
      JSON.stringify([
        { simulation_description: 'A medieval village in northern britain', num_of_samples: 2 },
        { simulation_description: 'A modern neo-tokio', num_of_samples: 3, persona_traits: ['insomniac'] },
      ]),
    );
    const out = join(dir, 'people.csv');
    await generate(base(dir, { instructions: file, format: 'csv', out, stage: 'bio' }));
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0]!)).not.toContain('backstory');
    expect(rows.slice(2).every((r) => r.bio!.includes('insomniac'))).toBe(true);
    expect(new Set(rows.map((r) => r.world)).size).toBe(2);
  });

  it('rejects a malformed instructions file with a clear error', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ simulation_description: '', num_of_samples: 'two' }]));
    await expect(generate(base(dir, { instructions: file }))).rejects.toThrow(InvalidInputError);
    await expect(generate(base(dir, {}))).rejects.toThrow(/Give a world/);
  });

  it('runs as a command line and reports a summary on stderr', async () => {
    const dir = tempDir();
    const out = join(dir, 'people.json');
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'generate',
        '--world',
        'A pirate port',
        '--count',
        '3',
        '--format',
        'json',
        '--out',
        out,
        '--db',
        join(dir, 'c.db'),
        '--provider',
        'procedural',
      ],
      {
        env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
      },
    );
    expect(stdout).toBe('');
    expect(stderr).toMatch(/3 personas in 1 world\(s\)/);
    expect(stderr).toMatch(/provider: procedural/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(3);
    const bad = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'generate', '--count', 'x'], { env: process.env }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toMatch(/whole number/);
    const tooBig = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'generate', '--world', 'A pirate port', '--backstory-batch', '9'],
      { env: process.env },
    ).catch((e: { stderr: string; code: number }) => e);
    expect((tooBig as { code: number }).code).toBe(2);
    expect((tooBig as { stderr: string }).stderr).toMatch(/--backstory-batch.*whole number from 1 to 8/);
  });

  it('takes --hint, and --trait as its old name, into one list in command-line order', async () => {
    const dir = tempDir();
    const out = join(dir, 'hinted.json');
    const env = { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
    const args = [
      '--world',
      'A pirate port',
      '--count',
      '2',
      '--format',
      'json',
      '--out',
      out,
      '--db',
      join(dir, 'c.db'),
      '--provider',
      'procedural',
    ];
    await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'generate', ...args, '--hint', 'one-eyed', '--trait', 'tattooed', '--hint', 'insomniac'],
      { env },
    );
    const records = JSON.parse(readFileSync(out, 'utf8')) as ExportRecord[];
    expect(records.map((r) => r.hints)).toEqual([
      ['one-eyed', 'tattooed', 'insomniac'],
      ['one-eyed', 'tattooed', 'insomniac'],
    ]);
    const { stdout: help } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'generate', '--help'], { env });
    expect(help).toMatch(/--hint <text>.*--trait is the old name/s);
    expect(help).not.toMatch(/--trait </);
  });

  it('sends backstories --backstory-batch to a call (8 by default)', async () => {
    const server = await startTestLlmServer();
    const saved = { ...process.env };
    Object.assign(process.env, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test' });
    try {
      const people = (from: number) =>
        server.requests
          .slice(from)
          .filter((r) => r.task === 'backstories' || r.task === 'backstory')
          .map((r) =>
            r.task === 'backstory'
              ? 1
              : (JSON.parse(r.messages.at(-1)!.content.split('<data>')[1]!.split('</data>')[0]!) as { people: unknown[] }).people.length,
          );
      const dir = tempDir();
      await generate(
        base(dir, { world: 'A lighthouse island in a cold sea', provider: 'env', count: 8, backstoryBatch: 2, db: ':memory:' }),
      );
      const two = people(0);
      expect(two.reduce((a, b) => a + b, 0)).toBe(8);
      expect(Math.max(...two)).toBe(2);
      const from = server.requests.length;
      await generate(base(tempDir(), { world: 'A lighthouse island in a cold sea', provider: 'env', count: 8, db: ':memory:' }));
      expect(people(from)).toEqual([8]);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await server.close();
    }
  });
});

describe('generate streams its output', () => {
  const sample = (n: number, stage: 'bio' | 'both'): ExportRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `w:${i + 1}`,
      world: 'w',
      key: String(i + 1),
      name: `Name "${i}", the second`,
      traits: { mood: 'calm' },
      hints: ['a', 'b'],
      bio: `line one\nline two, "quoted"`,
      ...(stage === 'both' ? { backstory: 'x,y' } : {}),
      model: null,
      source: 'procedural' as const,
      status: 'complete' as const,
    }));

  it('encodes record by record exactly as formatRecords does', () => {
    for (const format of ['jsonl', 'json', 'csv'] as const) {
      for (const stage of ['bio', 'both'] as const) {
        for (const n of [0, 1, 3]) {
          const enc = recordEncoder(format, stage);
          const records = sample(n, stage);
          const streamed = records.map((r) => enc.record(r)).join('') + enc.end();
          if (n || format !== 'csv') expect(streamed, `${format} ${stage} ${n}`).toBe(formatRecords(records, format));
        }
      }
    }
  });

  it('writes records before the run ends, in key order, through <out>.partial renamed at the end', async () => {
    const slow = (): PersonaProvider => {
      const p = new ProceduralProvider();
      return {
        name: 'slow',
        profile: (r) => p.profile(r),
        bios: (r) => p.bios(r),
        backstory: async (r) => (await sleep(40), p.backstory(r)),
      };
    };
    const provider = slow();
    const engine = createPersonaEngine({ provider, fallback: provider, store: 'memory', pool: { size: 0 } });
    const dir = tempDir();
    const out = join(dir, 'out.jsonl');
    const N = 24;
    const seen: number[] = [];
    let done = false;
    const run = generate(
      { world: 'A slow river town', count: N, stage: 'both', format: 'jsonl', out, provider: 'env', hints: [], progress: false, window: 5 },
      engine,
    ).finally(() => (done = true));
    while (!done) {
      if (existsSync(`${out}.partial`)) seen.push(readFileSync(`${out}.partial`, 'utf8').split('\n').length - 1);
      // Renamed only once complete (the rename may land a moment before the run's promise settles).
      if (existsSync(out)) expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(N);
      await sleep(10);
    }
    const { records, summary } = await run;
    await engine.close();
    expect(records).toEqual([]); // the command keeps none unless asked
    expect(summary).toMatchObject({ personas: N, incomplete: 0 });
    // The file grew while personas were still being made.
    expect(seen.some((n) => n > 0 && n < N)).toBe(true);
    expect(new Set(seen.filter((n) => n > 0)).size).toBeGreaterThan(2);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportRecord);
    expect(lines.map((r) => r.key)).toEqual(Array.from({ length: N }, (_, i) => String(i + 1)));
    expect(lines.every((r) => r.backstory && r.status === 'complete')).toBe(true);
  });

  it('gives the same file and reused counts with small windows as with one window', async () => {
    const dir = tempDir();
    for (const format of ['json', 'csv'] as const) {
      const one = base(dir, {
        world: 'A windy harbour',
        count: 7,
        format,
        out: join(dir, `one.${format}`),
        db: join(dir, `one-${format}.db`),
      });
      const small = { ...one, out: join(dir, `small.${format}`), db: join(dir, `small-${format}.db`), window: 3 };
      await generate(one);
      const first = await generate(small);
      expect(first.summary.reused).toBe(0);
      expect(readFileSync(small.out, 'utf8')).toBe(readFileSync(one.out!, 'utf8'));
      expect((await generate({ ...small, count: 8 })).summary.reused).toBe(7);
    }
  });

  it('streams to stdout when no --out is given', async () => {
    const dir = tempDir();
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'generate',
        '--world',
        'A pirate port',
        '--count',
        '3',
        '--format',
        'csv',
        '--db',
        join(dir, 'c.db'),
        '--provider',
        'procedural',
        '--stage',
        'bio',
      ],
      {
        env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
      },
    );
    const rows = parse(stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.key)).toEqual(['1', '2', '3']);
  });
});
