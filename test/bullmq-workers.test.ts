/**
 * Scale-out on BullMQ with real processes: a game-server engine (this test process) queues
 * backstory jobs on the Redis at 127.0.0.1:6379, and `colyseus-personas worker` processes run
 * them against the loopback test server. Checked by counting what the model was asked:
 * - three workers, one SIGKILLed while its backstories are being written: every persona ends
 *   with one backstory, nobody outside the killed worker's calls is asked twice, no job lost;
 * - backstories slower than the lease (leases renewed by the heartbeat): nobody is asked twice;
 * - a player's focus in the game server moves that persona's job ahead in a worker elsewhere.
 * Without Redis the suite is skipped with a warning, except in CI where that fails.
 * Cost: about 20-30 s (a few worker processes per test, short leases).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { RedisStore } from '../src/stores/redis-store.js';
import { readDataBlock } from '../src/core/prompt.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { jobCounts } from './helpers/job-counts.js';
import { dropRedisKeys, eventually, hasRedis, REDIS_TEST_URL } from './helpers/redis.js';
import { VILLAGE } from './support.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const MODELS = { profile: ['p'], bio: ['b'], backstory: ['s'] };

/** Names of the people each backstory request asked for (one, or a batch). */
function backstoryPeople(server: TestLlmServer): string[][] {
  return server.requests
    .filter((r) => r.task === 'backstory' || r.task === 'backstories')
    .map((r) => {
      const data = readDataBlock(r.messages.at(-1)!.content);
      if (r.task === 'backstory') return [(data?.person as { name: string }).name];
      return (data?.people as Array<{ name: string }>).map((p) => p.name);
    });
}

const countBy = (names: string[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const n of names) m.set(n, (m.get(n) ?? 0) + 1);
  return m;
};

describe.skipIf(!hasRedis)('BullMQ workers in separate processes', () => {
  const prefixes: string[] = [];
  const children: ChildProcess[] = [];
  const engines: PersonaEngine[] = [];
  const servers: TestLlmServer[] = [];

  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
    for (const e of engines.splice(0)) await e.close();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => dropRedisKeys(prefixes));

  function setup(latency: Record<string, number>): { prefix: string; server: Promise<TestLlmServer> } {
    const prefix = `{personas-bq-${randomUUID()}}:`;
    prefixes.push(prefix);
    const server = startTestLlmServer({ latencyMs: 5, modelLatencyMs: latency }).then((s) => (servers.push(s), s));
    return { prefix, server };
  }

  /** The game server: makes bios and queues backstory jobs, runs none itself. */
  function gameServer(server: TestLlmServer, prefix: string): PersonaEngine {
    const engine = createPersonaEngine({
      provider: new OpenAIProvider({ baseURL: server.url, apiKey: 't', maxRetries: 0, models: MODELS }),
      store: new RedisStore({ url: REDIS_TEST_URL, prefix }),
      pool: { size: 0 },
      backstories: { enabled: false },
    });
    engines.push(engine);
    return engine;
  }

  /** A `colyseus-personas worker` process on the same Redis and test server; resolves once it runs. */
  async function worker(server: TestLlmServer, prefix: string, args: string[]): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker', '--status-every', '0', ...args], {
      env: {
        ...process.env,
        REDIS_URL: REDIS_TEST_URL,
        PERSONAS_REDIS_PREFIX: prefix,
        OPENAI_BASE_URL: server.url,
        OPENAI_API_KEY: 't',
        PERSONAS_MODELS_PROFILE: 'p',
        PERSONAS_MODELS_BIO: 'b',
        PERSONAS_MODELS_BACKSTORY: 's',
      },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let err = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (process.env.DEBUG_WORKERS) process.stderr.write(`[w${child.pid}] ${d.toString()}`);
        if (err.includes('colyseus-personas worker ')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it ran: ${err}`)));
    });
    return child;
  }

  const stopped = (c: ChildProcess): Promise<void> =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));

  it('three workers, one SIGKILLed mid-backstory: each persona gets one backstory, no job lost', async () => {
    const { prefix, server: s } = setup({ s: 700 });
    const server = await s;
    const game = gameServer(server, prefix);
    const world = game.world(VILLAGE);
    const keys = Array.from({ length: 18 }, (_, i) => `npc-${i}`);
    const handles = keys.map((k) => world.persona(k));
    await Promise.all(handles.map((h) => h.bio));
    const args = ['--lease-ms', '1500', '--concurrency', '4', '--backstory-batch', '2'];
    const workers = await Promise.all([worker(server, prefix, args), worker(server, prefix, args), worker(server, prefix, args)]);

    // Kill one worker while backstory calls are open (some of them its own).
    await eventually(
      () => server.requests.some((r) => (r.task === 'backstory' || r.task === 'backstories') && r.status === 0),
      'a backstory call',
    );
    const openAtKill = new Set(
      server.requests
        .filter((r) => (r.task === 'backstory' || r.task === 'backstories') && r.status === 0)
        .flatMap((r) => {
          const d = readDataBlock(r.messages.at(-1)!.content);
          return r.task === 'backstory'
            ? [(d?.person as { name: string }).name]
            : (d?.people as Array<{ name: string }>).map((p) => p.name);
        }),
    );
    process.kill(-workers[0]!.pid!, 'SIGKILL');

    const records = await Promise.all(handles.map((h) => h.backstory));
    expect(records.every((r) => r.status === 'complete' && (r.backstory?.length ?? 0) > 0)).toBe(true);
    const asked = countBy(backstoryPeople(server).flat());
    const names = records.map((r) => r.name);
    // Every persona was asked; only people whose call was open at the kill were asked again, at most once more.
    for (const name of names) {
      const n = asked.get(name) ?? 0;
      expect(n, name).toBeGreaterThanOrEqual(1);
      if (!openAtKill.has(name)) expect(n, name).toBe(1);
      else expect(n, name).toBeLessThanOrEqual(2);
    }
    // One backstory stored per persona, and none lost or left behind in the queue.
    const store = new RedisStore({ url: REDIS_TEST_URL, prefix });
    try {
      for (const r of records) expect((await store.getPersona(r.world, r.fingerprint, r.key))?.backstory).toBe(r.backstory);
      const counts = await jobCounts(store);
      expect(counts).toMatchObject({ queued: 0, leased: 0, failed: 0, done: keys.length });
    } finally {
      await store.close();
    }
    for (const w of workers.slice(1)) process.kill(-w.pid!, 'SIGTERM');
    await Promise.all(workers.map(stopped));
  });

  it('backstories slower than the lease are renewed, never run twice', async () => {
    const { prefix, server: s } = setup({ s: 3_000 });
    const server = await s;
    const game = gameServer(server, prefix);
    const world = game.world(VILLAGE);
    const handles = ['a', 'b', 'c', 'd'].map((k) => world.persona(k));
    await Promise.all(handles.map((h) => h.bio));
    // Leases of 1 s against calls of 3 s: only the heartbeat (every ~333 ms) keeps them.
    const args = ['--lease-ms', '1000', '--concurrency', '2', '--backstory-batch', '1'];
    const workers = await Promise.all([worker(server, prefix, args), worker(server, prefix, args)]);
    const records = await Promise.all(handles.map((h) => h.backstory));
    expect(records.every((r) => r.status === 'complete')).toBe(true);
    const asked = countBy(backstoryPeople(server).flat());
    expect([...asked.values()]).toEqual(records.map(() => 1));
    expect(asked.size).toBe(records.length);
    for (const w of workers) process.kill(-w.pid!, 'SIGTERM');
    await Promise.all(workers.map(stopped));
  });

  it("a player's focus in the game server puts that persona's backstory first in a worker elsewhere", async () => {
    const { prefix, server: s } = setup({ s: 300 });
    const server = await s;
    const game = gameServer(server, prefix);
    const world = game.world(VILLAGE);
    const handles = Array.from({ length: 10 }, (_, i) => world.persona(`queued-${i}`));
    await Promise.all(handles.map((h) => h.bio));
    const last = handles.at(-1)!;
    // Queued last; focused before any worker runs.
    last.prioritize();
    await eventually(
      async () => (await game.queue.get(`backstory:${last.world}:${last.record!.fingerprint}:${last.key}`))?.priority === 0,
      'the focus',
    );
    const w = await worker(server, prefix, ['--concurrency', '1', '--backstory-batch', '1']);
    await last.backstory;
    expect(backstoryPeople(server)[0]).toEqual([last.record!.name]);
    await Promise.all(handles.map((h) => h.backstory));
    process.kill(-w.pid!, 'SIGTERM');
    await stopped(w);
  });
});
