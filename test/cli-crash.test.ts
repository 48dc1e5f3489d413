/**
 * The generate command after a crash or an interrupt: SIGKILL during backstories, then the
 * same command again, finishes the dataset (the dead run's jobs are taken over, not waited
 * out) with no bio paid twice and an honest "reused" count; Ctrl-C lets the backstories in
 * flight finish, so the rerun asks for none of them again.
 *   npx vitest run test/cli-crash.test.ts
 * Cost: about 10-15 s (four CLI processes against the loopback LLM server with latency).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { worldIdFromDescription } from '../src/core/world.js';
import { SqliteStore } from '../src/stores/sqlite-store.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { asked, type Child, llmEnv, startCli, until } from './helpers/child.js';
import { tempDir } from './support.js';

const N = 12;
const WORLD = 'A lighthouse island in a cold sea';
const children: Child[] = [];
let server: TestLlmServer | null = null;
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await server?.close();
  server = null;
});

/** Backstories go 4 to a call here (the CLI's default is 8), so 12 personas make several calls to kill between. */
function cli(dir: string, s: TestLlmServer, count = N): Child {
  const child = startCli(
    [
      'generate',
      '--world',
      WORLD,
      '--count',
      String(count),
      '--backstory-batch',
      '4',
      '--db',
      join(dir, 'cache.db'),
      '--out',
      join(dir, 'out.jsonl'),
      '--no-progress',
    ],
    llmEnv(s),
  );
  children.push(child);
  return child;
}

function output(dir: string): Array<{ key: string; bio: string | null; backstory: string | null; status: string }> {
  return readFileSync(join(dir, 'out.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** Personas of the world with a bio, and with a backstory, in the run's SQLite file. */
async function inStore(dir: string): Promise<{ bios: number; backstories: number }> {
  const store = new SqliteStore({ path: join(dir, 'cache.db') });
  try {
    const world = await store.getLatestWorld(worldIdFromDescription(WORLD));
    const recs = world ? await store.listPersonas(world.id, world.fingerprint) : [];
    return { bios: recs.filter((r) => r.bio !== null).length, backstories: recs.filter((r) => r.backstory !== null).length };
  } finally {
    await store.close();
  }
}

describe('generate after SIGKILL', () => {
  it('a rerun finishes every persona, pays for no bio twice and counts as reused only what was complete', async () => {
    server = await startTestLlmServer({ latencyMs: 30, modelLatencyMs: { 'story-model': 400 } });
    const dir = tempDir();
    const first = cli(dir, server);
    // Kill once every bio is stored (a bio answered but not yet stored is lost with the process)
    // and some backstories are being written.
    await until(() => asked(server!).backstoryCalls.length >= 3, 'backstories to start');
    while ((await inStore(dir)).bios < N) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'out.jsonl'))).toBe(false);
    const completeBefore = (await inStore(dir)).backstories;
    const before = server.requests.length;

    const started = Date.now();
    const rerun = cli(dir, server);
    const { code } = await rerun.exited;
    const seconds = (Date.now() - started) / 1000;
    expect(rerun.stderr()).toContain(`${N} personas in 1 world(s) (${completeBefore} reused from the cache)`);
    expect(code).toBe(0);

    const records = output(dir);
    expect(records.map((r) => r.key)).toEqual(Array.from({ length: N }, (_, i) => String(i + 1)));
    expect(records.every((r) => r.bio && r.backstory && r.status === 'complete')).toBe(true);
    const all = asked(server);
    // Every bio paid exactly once across both runs; the rerun asked for none.
    expect(all.bioSubjects).toHaveLength(N);
    expect(new Set(all.bioSubjects).size).toBe(N);
    expect(asked(server, before).bioCalls).toHaveLength(0);
    // Backstories (people across single and batched calls): each written once, plus at most the people whose calls the kill cut off.
    const cutOff = asked(server).backstoryNamesUnanswered.length - asked(server, before).backstoryNamesUnanswered.length;
    expect(asked(server, before).backstoryNames).toHaveLength(N - completeBefore);
    expect(all.backstoryNames.length).toBeLessThanOrEqual(N + cutOff);
    console.log(`[cli-crash] rerun after SIGKILL finished in ${seconds.toFixed(1)} s (${cutOff} backstory(ies) cut off by the kill)`);
  });
});

describe('generate after Ctrl-C', () => {
  it('lets the backstories in flight finish, so the rerun asks for none of them again', async () => {
    server = await startTestLlmServer({ latencyMs: 30, modelLatencyMs: { 'story-model': 500 } });
    const dir = tempDir();
    const first = cli(dir, server);
    await until(() => asked(server!).backstoryCalls.length >= 3, 'backstories to start');
    first.kill('SIGINT');
    const { code } = await first.exited;
    expect(code).toBe(130);
    expect(first.stderr()).toMatch(/interrupted: letting \d+ model call\(s\) in flight finish/);
    expect(first.stderr()).not.toMatch(/cut off/);
    const firstRun = asked(server);
    expect(firstRun.backstoryCalls.every((r) => r.status === 200)).toBe(true);

    const rerun = cli(dir, server);
    expect((await rerun.exited).code).toBe(0);
    const all = asked(server);
    expect(all.backstoryNames).toHaveLength(N);
    expect(new Set(all.backstoryNames).size).toBe(N);
    expect(output(dir).every((r) => r.backstory)).toBe(true);
  });
});

describe('generate writes as it goes', () => {
  it('the output grows while the command still runs, and appears under its name only when complete', async () => {
    server = await startTestLlmServer({ latencyMs: 30, modelLatencyMs: { 'story-model': 250 } });
    const dir = tempDir();
    const partial = join(dir, 'out.jsonl.partial');
    // Backstories go 4 to a call and 4 calls at a time: 24 personas finish in two waves of calls, not one.
    const M = 24;
    const child = cli(dir, server, M);
    let exited = false;
    void child.exited.then(() => (exited = true));
    const sizes: number[] = [];
    while (!exited) {
      // The CLI may rename the file between any two of these calls, so a vanished file is expected.
      const text = readIfPresent(partial);
      if (text !== undefined) sizes.push(text.split('\n').length - 1);
      // Under its own name the file is only ever complete (it is renamed once every record is in).
      if (readIfPresent(join(dir, 'out.jsonl')) !== undefined) expect(output(dir)).toHaveLength(M);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await child.exited).code).toBe(0);
    // Records were on disk before the last persona was done.
    expect(sizes.some((n) => n > 0 && n < M)).toBe(true);
    expect(existsSync(partial)).toBe(false);
    expect(output(dir).map((r) => r.key)).toEqual(Array.from({ length: M }, (_, i) => String(i + 1)));
  });
});

/** The file's text, or undefined when it does not exist (now). */
function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
