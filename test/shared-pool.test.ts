/**
 * The warm pool shared by processes (a Redis store with the BullMQ queue): refills are
 * `refill` jobs that whichever process runs jobs makes, their entries go to a list in Redis,
 * and game servers pull ready entries from it. Checked on the real Redis at 127.0.0.1:6379
 * with engines that stand for processes (each its own connections): a game server that runs
 * no jobs gets pool hits made by another process's model, and two game servers taking from
 * one pool never get the same person. Without Redis: skipped with a warning, failed in CI.
 * Cost: a second or two.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { RedisStore } from '../src/stores/redis-store.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { dropRedisKeys, eventually, hasRedis, REDIS_TEST_URL } from './helpers/redis.js';
import { VILLAGE } from './support.js';

const MODELS = { profile: ['p'], bio: ['b'], backstory: ['s'] };

describe.skipIf(!hasRedis)('the warm pool shared through Redis and BullMQ', () => {
  const tags: string[] = [];
  const engines: PersonaEngine[] = [];
  const servers: TestLlmServer[] = [];
  const errors: unknown[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => dropRedisKeys(tags));

  async function setup(): Promise<{ prefix: string; server: (latencyMs?: number) => Promise<TestLlmServer> }> {
    const tag = `{personas-pool-${randomUUID()}}`;
    tags.push(tag);
    return {
      prefix: `${tag}:`,
      server: async (latencyMs = 5) => {
        const s = await startTestLlmServer({ latencyMs });
        servers.push(s);
        return s;
      },
    };
  }

  function engine(server: TestLlmServer, prefix: string, options: { runJobs: boolean }): PersonaEngine {
    const e = createPersonaEngine({
      provider: new OpenAIProvider({ baseURL: server.url, apiKey: 't', maxRetries: 0, models: MODELS }),
      store: new RedisStore({ url: REDIS_TEST_URL, prefix }),
      pool: { size: 8, batch: 8 },
      backstories: { enabled: options.runJobs, pollMs: 50 },
      onError: (err) => errors.push(err),
    });
    engines.push(e);
    return e;
  }

  it("a game server that runs no jobs takes entries another process's worker made", async () => {
    const { prefix, server } = await setup();
    const [gameModel, workerModel] = [await server(), await server()];
    const game = engine(gameModel, prefix, { runJobs: false });
    engine(workerModel, prefix, { runJobs: true });
    const world = game.world(VILLAGE);
    world.warm();
    await eventually(() => world.poolSize === 8, 'the pool to fill');
    const npc = world.take({ backstory: false });
    expect(npc.record?.bio).toBeTruthy();
    expect(game.metrics.snapshot().pool.hits).toBe(1);
    // The bios were the worker's model's: the game server's only call was the world profile.
    expect(gameModel.requests.map((r) => r.task)).toEqual(['profile']);
    const made = workerModel.requests.filter((r) => r.task === 'bios');
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(await game.queue.counts()).toMatchObject({ failed: 0 });
  });

  it('two game servers taking from one shared pool never get the same person', async () => {
    const { prefix, server } = await setup();
    const model = await server();
    const a = engine(model, prefix, { runJobs: true });
    const b = engine(model, prefix, { runJobs: true });
    const [wa, wb] = [a.world(VILLAGE), b.world(VILLAGE)];
    wa.warm();
    wb.warm();
    const taken: Array<{ key: string; name: string | undefined }> = [];
    for (let round = 0; round < 4; round++) {
      await a.metrics.refreshJobs();
      await eventually(
        () => wa.poolSize >= 4 && wb.poolSize >= 4,
        'both pools to hold entries',
        15_000,
        () =>
          `round ${round}: ${wa.poolSize} / ${wb.poolSize}; errors: ${errors.map(String).join('; ')}; queue ${JSON.stringify(a.metrics.snapshot().jobs)}`,
      );
      for (let i = 0; i < 4; i++) {
        for (const w of [wa, wb]) {
          const h = w.take({ backstory: false });
          taken.push({ key: h.key, name: h.record?.name });
        }
      }
    }
    expect(a.metrics.snapshot().pool.hits + b.metrics.snapshot().pool.hits).toBe(32);
    expect(new Set(taken.map((t) => t.key)).size).toBe(32);
    expect(new Set(taken.map((t) => t.name)).size).toBe(32);
  });
});
