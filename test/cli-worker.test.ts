/**
 * The scale-out commands as a user runs them, on the real Redis at 127.0.0.1:6379:
 * `generate --enqueue` queues a dataset, `colyseus-personas worker` processes make it, and
 * `generate` again collects it (everything reused); `--enqueue` refuses what it cannot carry;
 * a worker stopped by SIGTERM while its backstories are still being written hands them back
 * (exit 0) and another worker finishes them, each persona asked once more at most.
 * Without Redis: skipped with a warning, failed in CI.
 * Cost: about 15 s (a few CLI processes, tsx start-up included).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readDataBlock } from '../src/core/prompt.js';
import { RedisStore } from '../src/stores/redis-store.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { type Child, llmEnv, startCli, until } from './helpers/child.js';
import { jobCounts } from './helpers/job-counts.js';
import { dropRedisKeys, hasRedis, REDIS_TEST_URL } from './helpers/redis.js';
import { tempDir } from './support.js';

const WORLD = 'A windswept fishing town on a northern coast';

describe.skipIf(!hasRedis)('generate --enqueue and colyseus-personas worker', () => {
  const tags: string[] = [];
  const children: Child[] = [];
  const servers: TestLlmServer[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => dropRedisKeys(tags));

  function redisEnv(): NodeJS.ProcessEnv {
    const tag = `{personas-cli-${randomUUID()}}`;
    tags.push(tag);
    return { REDIS_URL: REDIS_TEST_URL, PERSONAS_REDIS_PREFIX: `${tag}:`, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
  }

  const cli = (args: string[], env: NodeJS.ProcessEnv): Child => {
    const c = startCli(args, env);
    children.push(c);
    return c;
  };

  it('queues a dataset, workers make it, and generate collects it from the cache', async () => {
    const env = redisEnv();
    const queued = cli(['generate', '--world', WORLD, '--count', '12', '--enqueue', '--provider', 'procedural'], env);
    expect((await queued.exited).code).toBe(0);
    expect(queued.stderr()).toMatch(/queued 12 persona job\(s\) on the bullmq queue \(0 already complete\) for 1 world\(s\)/);

    const store = new RedisStore({ url: REDIS_TEST_URL, prefix: env.PERSONAS_REDIS_PREFIX });
    try {
      expect(await jobCounts(store)).toMatchObject({ queued: 12, leased: 0 });
      const workers = [0, 1].map(() => cli(['worker', '--provider', 'procedural', '--status-every', '0'], env));
      // 12 persona jobs, then the 12 backstory jobs they queue.
      let counts = await jobCounts(store);
      for (const end = Date.now() + 30_000; (counts.done < 24 || counts.queued + counts.leased > 0) && Date.now() < end;) {
        await new Promise((r) => setTimeout(r, 100));
        counts = await jobCounts(store);
      }
      expect(counts).toMatchObject({ queued: 0, leased: 0, failed: 0, done: 24 });
      for (const w of workers) w.kill('SIGTERM');
      for (const w of workers) expect((await w.exited).code).toBe(0);
      expect(workers.map((w) => w.stderr()).join('')).toMatch(/worker: stopped \(\d+ done/);
    } finally {
      await store.close();
    }

    const out = join(tempDir(), 'town.jsonl');
    const collect = cli(['generate', '--world', WORLD, '--count', '12', '--provider', 'procedural', '--out', out, '--no-progress'], env);
    expect((await collect.exited).code).toBe(0);
    expect(collect.stderr()).toMatch(/12 personas in 1 world\(s\) \(12 reused from the cache\)/);
    const records = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; backstory: string });
    expect(records.map((r) => r.key)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(records.every((r) => r.backstory.length > 0)).toBe(true);
  });

  it('refuses --enqueue with --stage bio or hints, with exit 2 and what to do', async () => {
    const env = redisEnv();
    const bio = cli(['generate', '--world', WORLD, '--enqueue', '--stage', 'bio', '--provider', 'procedural'], env);
    expect((await bio.exited).code).toBe(2);
    expect(bio.stderr()).toMatch(/--enqueue queues whole personas .*--stage both/);
    const hinted = cli(['generate', '--world', WORLD, '--enqueue', '--hint', 'one-eyed', '--provider', 'procedural'], env);
    expect((await hinted.exited).code).toBe(2);
    expect(hinted.stderr()).toMatch(/--enqueue does not carry hints/);
  });

  it('SIGTERM hands running backstories back; another worker finishes them', async () => {
    const server = await startTestLlmServer({ latencyMs: 5, modelLatencyMs: { 'story-model': 3_000 } });
    servers.push(server);
    const env: NodeJS.ProcessEnv = { ...llmEnv(server), ...redisEnv(), OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'test' };
    const queued = cli(['generate', '--world', WORLD, '--count', '4', '--enqueue'], env);
    expect((await queued.exited).code).toBe(0);
    const first = cli(['worker', '--status-every', '0', '--drain-ms', '0', '--backstory-batch', '1'], env);
    const isStory = (r: { task: string | null }) => r.task === 'backstory' || r.task === 'backstories';
    await until(() => server.requests.filter(isStory).length >= 4, 'four backstory calls from the first worker');
    first.kill('SIGTERM');
    const { code } = await first.exited;
    expect(code).toBe(0);
    expect(first.stderr()).toMatch(/worker: stopped \(\d+ done, 0 retried, 0 failed, [1-9]\d* handed back\)/);

    const store = new RedisStore({ url: REDIS_TEST_URL, prefix: env.PERSONAS_REDIS_PREFIX });
    try {
      const c = await jobCounts(store);
      expect(c.leased).toBe(0); // handed back, not left to lapse
      const second = cli(['worker', '--status-every', '0', '--backstory-batch', '1'], env);
      let counts = c;
      for (const end = Date.now() + 30_000; (counts.queued + counts.leased > 0 || counts.done < 8) && Date.now() < end;) {
        await new Promise((r) => setTimeout(r, 100));
        counts = await jobCounts(store);
      }
      expect(counts).toMatchObject({ queued: 0, leased: 0, failed: 0, done: 8 });
      second.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      await store.close();
    }
    // Each persona's backstory was asked twice at most: once by the stopped worker, once by the second.
    const asked = new Map<string, number>();
    for (const r of server.requests.filter(isStory)) {
      const d = readDataBlock(r.messages.at(-1)!.content);
      const names =
        r.task === 'backstory' ? [(d?.person as { name: string }).name] : (d?.people as Array<{ name: string }>).map((p) => p.name);
      for (const n of names) asked.set(n, (asked.get(n) ?? 0) + 1);
    }
    expect(asked.size).toBe(4);
    expect([...asked.values()].every((n) => n <= 2)).toBe(true);
  });
});
