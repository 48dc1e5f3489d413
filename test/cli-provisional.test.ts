/**
 * The generate command is honest about fallbacks: with the model down, records written by the
 * procedural fallback are counted in the summary, marked provisional with the provider's error
 * per text, and the command exits 5 (0 with --allow-fallback); the same command against a
 * healthy model rewrites them in place (same keys, names and traits) and exits 0; the export
 * carries per-text provenance in JSONL, JSON and CSV. The CLI runs as users run it, against
 * the loopback LLM server, with a temporary SQLite file as PERSONAS_DB.
 *   npx vitest run test/cli-provisional.test.ts
 * Cost: about 35 s (seven CLI processes, against a model answering 500 with retries for most).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { type ExportStage, formatRecords, recordEncoder, toExportRecord } from '../src/cli/export.js';
import type { PersonaRecord } from '../src/core/types.js';
import { newRecord } from '../src/engine/records.js';
import { openStore } from '../src/stores/index.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { type Child, llmEnv, startCli } from './helpers/child.js';
import { tempDir } from './support.js';

const WORLD = 'A fishing village on a foggy northern coast';
const N = 5;
const allDown = { 'bio-model': 'http500', 'story-model': 'http500', 'profile-model': 'http500' } as const;

interface Provenance {
  model: string | null;
  source: string | null;
  error: string | null;
  provisional: boolean;
}
interface Row {
  world: string;
  key: string;
  name: string;
  traits: Record<string, unknown>;
  bio: string;
  backstory: string;
  model: string | null;
  source: string;
  status: string;
  provisional: boolean;
  provenance: { bio: Provenance; backstory?: Provenance };
  checks?: { bio: unknown; backstory?: unknown };
  error?: string;
}

const children: Child[] = [];
let server: TestLlmServer | null = null;
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await server?.close();
  server = null;
});

async function run(
  s: TestLlmServer,
  dir: string,
  extra: string[] = [],
  file = 'out.jsonl',
): Promise<{ code: number | null; stderr: string }> {
  const child = startCli(
    ['generate', '--world', WORLD, '--count', String(N), '--stage', 'both', '--out', join(dir, file), '--no-progress', ...extra],
    llmEnv(s, { PERSONAS_DB: join(dir, 'cache.db') }),
  );
  children.push(child);
  const { code } = await child.exited;
  return { code, stderr: child.stderr() };
}

const jsonl = (dir: string, file = 'out.jsonl'): Row[] =>
  readFileSync(join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

describe('generate with the model down', () => {
  it('writes every record marked provisional with the error per text, counts them, and exits 5', async () => {
    server = await startTestLlmServer({ failModels: allDown });
    const dir = tempDir();
    const { code, stderr } = await run(server, dir);
    expect(code).toBe(EXIT.provisional);
    expect(stderr).toMatch(new RegExp(`provisional records: ${N} \\(bios: ${N}, backstories: ${N}\\)`));
    expect(stderr).toMatch(/hint: .*run the same command again/);
    expect(stderr).toMatch(
      new RegExp(`colyseus-personas: ${N} of ${N} personas are provisional \\(keys 1, 2, 3, 4, 5\\).*--allow-fallback`),
    );
    const rows = jsonl(dir);
    expect(rows.map((r) => r.key)).toEqual(['1', '2', '3', '4', '5']);
    for (const r of rows) {
      expect(r.status).toBe('complete');
      expect(r.provisional).toBe(true);
      expect(r.source).toBe('procedural');
      expect(r.provenance.bio).toMatchObject({ source: 'procedural', provisional: true });
      expect(r.provenance.backstory).toMatchObject({ source: 'procedural', provisional: true });
      expect(r.provenance.bio.error).toEqual(expect.any(String));
      expect(r.provenance.backstory!.error).toEqual(expect.any(String));
      expect(r.error).toMatch(/procedural fallback/);
    }
    // The model was asked (and failed): these are fallbacks, not the offline provider on purpose.
    expect(server.requests.filter((q) => q.status === 500).length).toBeGreaterThan(0);
  });

  it('exits 0 with --allow-fallback, still counting and marking the provisional records', async () => {
    server = await startTestLlmServer({ failModels: allDown });
    const dir = tempDir();
    const { code, stderr } = await run(server, dir, ['--allow-fallback']);
    expect(code).toBe(EXIT.ok);
    expect(stderr).toMatch(new RegExp(`provisional records: ${N} \\(bios: ${N}, backstories: ${N}\\)`));
    expect(stderr).not.toMatch(/personas are provisional \(keys/);
    expect(jsonl(dir).filter((r) => r.provisional)).toHaveLength(N);
  });

  it('upgrades them in place when the same command runs against a healthy model', async () => {
    server = await startTestLlmServer({ failModels: allDown });
    const dir = tempDir();
    expect((await run(server, dir)).code).toBe(EXIT.provisional);
    const before = jsonl(dir);
    server.configure({ failModels: {} });
    const { code, stderr } = await run(server, dir);
    const after = jsonl(dir);
    expect(stderr).toMatch(new RegExp(`provisional records: 0, upgraded from an earlier run: ${N}`));
    expect(code).toBe(EXIT.ok);
    // Same people: keys, names and traits unchanged; only their words improved.
    expect(after.map((r) => [r.key, r.name, r.traits])).toEqual(before.map((r) => [r.key, r.name, r.traits]));
    for (const r of after) {
      expect(r.provisional).toBe(false);
      expect(r.source).toBe('llm');
      expect(r.provenance.bio).toEqual({ model: 'bio-model', source: 'llm', error: null, provisional: false });
      expect(r.provenance.backstory).toEqual({ model: 'story-model', source: 'llm', error: null, provisional: false });
      expect(r.error).toBeUndefined();
    }
    expect(after.map((r) => r.bio)).not.toEqual(before.map((r) => r.bio));
    // The world's profile, written by the fallback in the first run, was made by the model in the second.
    expect(server.requests.filter((r) => r.task === 'profile' && r.status === 200)).toHaveLength(1);
    const store = openStore({ kind: 'sqlite', path: join(dir, 'cache.db') });
    try {
      const world = await store.getLatestWorld(after[0]!.world);
      expect(world).toMatchObject({ profileSource: 'llm', profileError: null });
    } finally {
      await store.close();
    }
  });
});

describe('the export keeps per-text provenance with --stage both', () => {
  // The bio model is down, the backstory model answers: both models and the bio's fallback reason must survive.
  const bioDown = { 'bio-model': 'http500' } as const;

  it("in JSONL and JSON: provenance per text, provisional, checks, and the Dria persona factory's model field", async () => {
    server = await startTestLlmServer({ failModels: bioDown });
    const dir = tempDir();
    const other = tempDir();
    const [a, b] = await Promise.all([
      run(server, dir, ['--format', 'jsonl']),
      run(server, other, ['--format', 'json', '--allow-fallback'], 'out.json'),
    ]);
    expect(a.code).toBe(EXIT.provisional);
    expect(b.code).toBe(EXIT.ok);
    const lines = jsonl(dir);
    const json = JSON.parse(readFileSync(join(other, 'out.json'), 'utf8')) as Row[];
    const fields = (rows: Row[]) =>
      rows.map((r) => [
        r.key,
        r.name,
        r.model,
        r.source,
        r.provisional,
        r.provenance.backstory,
        r.provenance.bio.source,
        r.provenance.bio.provisional,
      ]);
    expect(fields(json)).toEqual(fields(lines)); // the same world in two caches: the formats agree
    for (const r of [...lines, ...json]) {
      expect(r.model).toBe('story-model'); // the Dria persona factory's field: the newest text's model
      expect(r.source).toBe('procedural');
      expect(r.provisional).toBe(true);
      expect(r.provenance.bio).toMatchObject({ model: 'procedural', source: 'procedural', provisional: true });
      expect(r.provenance.bio.error).toEqual(expect.any(String));
      expect(r.provenance.backstory).toEqual({ model: 'story-model', source: 'llm', error: null, provisional: false });
      expect(r.checks).toHaveProperty('bio');
      expect(r.checks).toHaveProperty('backstory');
    }
  });

  it('in CSV: provisional and bio_/backstory_ model, source and error columns', async () => {
    server = await startTestLlmServer({ failModels: bioDown });
    const dir = tempDir();
    expect((await run(server, dir, ['--format', 'csv'], 'out.csv')).code).toBe(EXIT.provisional);
    const rows = parse(readFileSync(join(dir, 'out.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(N);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining([
        'model',
        'source',
        'provisional',
        'bio_model',
        'bio_source',
        'bio_error',
        'backstory_model',
        'backstory_source',
        'backstory_error',
      ]),
    );
    for (const r of rows) {
      expect(r).toMatchObject({
        model: 'story-model',
        source: 'procedural',
        provisional: 'true',
        bio_model: 'procedural',
        bio_source: 'procedural',
        backstory_model: 'story-model',
        backstory_source: 'llm',
        backstory_error: '',
      });
      expect(r.bio_error).not.toBe('');
    }
  });
});

describe('export encoders with provenance', () => {
  /** Records as the engine stores them: a provisional bio with a reason, a flagged backstory, text that needs quoting. */
  const records = (n: number): PersonaRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      ...newRecord('w', 'fp', { key: String(i + 1), name: `Name "${i}", the second`, traits: { age: 40 + i }, hints: ['one-eyed'] }),
      bio: 'line one\nline two, "quoted"',
      backstory: i % 2 ? 'x,y' : null,
      status: i % 2 ? ('complete' as const) : ('bio' as const),
      model: i % 2 ? 'story-model' : 'procedural',
      source: 'procedural' as const,
      models: { bio: 'procedural', backstory: i % 2 ? 'story-model' : null },
      sources: { bio: 'procedural' as const, backstory: i % 2 ? ('llm' as const) : null },
      provisional: { bio: true, backstory: false },
      errors: { bio: 'provider: HTTP 500, "down"', backstory: null },
      checks: {
        bio: null,
        backstory: i % 2 ? { ok: false, problems: ['says age 90', 'misses hint "one-eyed"'], regenerated: true } : null,
      },
      error: 'bio written by the procedural fallback (provider: HTTP 500, "down")',
    }));

  it('streams exactly the bytes formatRecords writes, for every format and stage', () => {
    for (const format of ['jsonl', 'json', 'csv'] as const) {
      for (const stage of ['bio', 'backstory', 'both'] as ExportStage[]) {
        for (const n of [1, 4]) {
          const out = records(n).map((r) => toExportRecord(r, stage, 'A world'));
          const enc = recordEncoder(format, stage);
          expect(out.map((r) => enc.record(r)).join('') + enc.end(), `${format} ${stage} ${n}`).toBe(formatRecords(out, format));
        }
      }
    }
  });

  it('writes the bio check problems and leaves the backstory out with --stage bio', () => {
    const [rec] = records(2).slice(1);
    const both = parse(formatRecords([toExportRecord(rec!, 'both')], 'csv'), { columns: true }) as Array<Record<string, string>>;
    expect(both[0]).toMatchObject({
      provisional: 'true',
      bio_error: 'provider: HTTP 500, "down"',
      backstory_problems: 'says age 90; misses hint "one-eyed"',
      backstory_error: '',
    });
    const bio = toExportRecord(rec!, 'bio');
    expect(bio.provenance).toEqual({
      bio: { model: 'procedural', source: 'procedural', error: 'provider: HTTP 500, "down"', provisional: true },
    });
    expect(bio.model).toBe('procedural');
    expect('backstory' in bio).toBe(false);
    const row = (parse(formatRecords([bio], 'csv'), { columns: true }) as Array<Record<string, string>>)[0]!;
    expect(Object.keys(row)).not.toContain('backstory_model');
  });
});
