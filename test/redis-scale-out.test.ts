import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { upgradeJobId } from '../src/engine/backstory-options.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { RedisStore } from '../src/stores/redis-store.js';
import { startTestLlmServer } from '../src/testing/index.js';
import { hasRedis, REDIS_TEST_URL } from './helpers/redis.js';
import { VILLAGE } from './support.js';

describe.skipIf(!hasRedis)('scale-out through Redis', () => {
  const prefix = `personas-test:${randomUUID()}:`;
  const redis = new Redis(REDIS_TEST_URL);
  const engines: PersonaEngine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    // RedisStore wraps the prefix in a hash tag ('x:' -> '{x}:'); BullMQ's job keys share the tag.
    const keys = await redis.keys(`{${prefix.replace(/:$/, '')}}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('two engines (two processes) sharing Redis make one profile, one bio and one backstory for one key', async () => {
    const server = await startTestLlmServer({ latencyMs: 30 });
    const make = () => {
      const provider = new OpenAIProvider({
        baseURL: server.url,
        apiKey: 't',
        maxRetries: 0,
        models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
      });
      const engine = createPersonaEngine({
        provider,
        store: new RedisStore({ url: REDIS_TEST_URL, prefix }),
        pool: { size: 0 },
        backstories: { pollMs: 100 },
      });
      engines.push(engine);
      return engine;
    };
    const [a, b] = [make(), make()];
    const [ra, rb] = await Promise.all([a.world(VILLAGE).persona('ferryman').backstory, b.world(VILLAGE).persona('ferryman').backstory]);
    expect(rb).toEqual(ra);
    expect(ra.status).toBe('complete');
    expect(server.requests.filter((r) => r.task === 'profile')).toHaveLength(1);
    expect(server.requests.filter((r) => r.task === 'bios')).toHaveLength(1);
    expect(server.requests.filter((r) => r.task === 'backstory')).toHaveLength(1);
    await server.close();
  });

  it("a backstory written by one process reaches another's waiting handle by message, without a poll", async () => {
    // B runs no background jobs and never polls; A runs them. B's handle can only hear of the
    // backstory through the store's finished-persona messages (Redis pub/sub).
    const a = createPersonaEngine({
      provider: 'procedural',
      store: new RedisStore({ url: REDIS_TEST_URL, prefix }),
      pool: { size: 0 },
      backstories: { pollMs: 50 },
    });
    const b = createPersonaEngine({
      provider: 'procedural',
      store: new RedisStore({ url: REDIS_TEST_URL, prefix }),
      pool: { size: 0 },
      backstories: { enabled: false, pollMs: 3_600_000 },
    });
    engines.push(a, b);
    await a.world(VILLAGE).ready; // A knows the world, so its worker can write B's job
    const handle = b.world(VILLAGE).persona('lamplighter');
    const rec = await handle.backstory;
    expect(rec.status).toBe('complete');
    expect(rec.backstory).toBeTruthy();
    // Written by A: the record in the store is the one B's handle got.
    const reader = new RedisStore({ url: REDIS_TEST_URL, prefix });
    const stored = await reader.getPersona(rec.world, rec.fingerprint, 'lamplighter');
    await reader.close();
    expect(stored?.backstory).toBe(rec.backstory);
  });

  it('a provisional bio served by one process is upgraded by another whose model answers, and reaches the first', async () => {
    // A's model fails (its bios are the fallback's, provisional) and A runs no jobs; B's model
    // answers and B runs the shared queue: the durable upgrade job is B's to do.
    const down = await startTestLlmServer({ latencyMs: 5, failModels: { b: 'http500', p: 'http500', s: 'http500' } });
    const up = await startTestLlmServer({ latencyMs: 5 });
    const provider = (url: string) =>
      new OpenAIProvider({ baseURL: url, apiKey: 't', maxRetries: 0, models: { profile: ['p'], bio: ['b'], backstory: ['s'] } });
    const upgradePrefix = `{personas-upgrade-${randomUUID()}}:`;
    const a = createPersonaEngine({
      provider: provider(down.url),
      store: new RedisStore({ url: REDIS_TEST_URL, prefix: upgradePrefix }),
      pool: { size: 0 },
      backstories: { enabled: false },
    });
    engines.push(a);
    try {
      // No backstory: the upgrade job is the only work there is for this persona, so B can only reach it through that job.
      const handle = a.world(VILLAGE).persona('tinker', undefined, { backstory: false });
      const first = await handle.bio;
      expect(first.provisional.bio).toBe(true);
      const jobId = upgradeJobId(first.world, first.fingerprint, 'tinker', { bio: true, backstory: false });
      while ((await a.queue.get(jobId))?.state !== 'queued') await new Promise((r) => setTimeout(r, 10));
      const b = createPersonaEngine({
        provider: provider(up.url),
        store: new RedisStore({ url: REDIS_TEST_URL, prefix: upgradePrefix }),
        pool: { size: 0 },
        backstories: { pollMs: 50 },
      });
      engines.push(b);
      // A's handle is patched from B's writes (the store's messages), without asking its own model.
      const deadline = Date.now() + 15_000;
      while (handle.record?.provisional.bio !== false && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(handle.record?.provisional.bio).toBe(false);
      expect(handle.record?.name).toBe(first.name); // same person, new words
      expect(up.requests.filter((r) => r.task === 'bios').length).toBeGreaterThanOrEqual(1);
      expect(await b.queue.get(jobId)).toMatchObject({ kind: 'upgrade', state: 'done' });
      expect((await b.queue.counts()).failed).toBe(0);
    } finally {
      // Stop both engines before the keys go: B's worker would write again.
      for (const e of engines.splice(0)) await e.close();
      await down.close();
      await up.close();
      const keys = await redis.keys(`${upgradePrefix}*`);
      if (keys.length) await redis.del(...keys);
    }
  });

  it("a RedisStore given a client: the engine's BullMQ queue opens on that client's Redis and database", async () => {
    const client = new Redis(REDIS_TEST_URL, { db: 3 });
    const tag = `{personas-client-${randomUUID()}}`;
    const engine = createPersonaEngine({
      provider: 'procedural',
      store: new RedisStore({ client, prefix: `${tag}:` }),
      pool: { size: 0 },
      backstories: { enabled: false },
    });
    try {
      await engine.world(VILLAGE).persona('k').bio;
      while ((await engine.queue.counts()).queued < 1) await new Promise((r) => setTimeout(r, 10));
      expect(await client.keys(`${tag}:persona-jobs:*`)).not.toEqual([]);
      expect(await redis.keys(`${tag}*`)).toEqual([]); // database 0: nothing
    } finally {
      await engine.close();
      const keys = await client.keys(`${tag}*`);
      if (keys.length) await client.del(...keys);
      await client.quit();
    }
  });

  it('REDIS_URL makes Redis the default store, and a second engine finds the cast', async () => {
    vi.stubEnv('REDIS_URL', REDIS_TEST_URL);
    vi.stubEnv('PERSONAS_REDIS_PREFIX', prefix);
    const first = createPersonaEngine({ provider: 'procedural', pool: { size: 0 } });
    engines.push(first);
    expect(first.store.kind).toBe('redis');
    const rec = await first.world(VILLAGE).persona('miller').backstory;
    const second = createPersonaEngine({ provider: 'procedural', pool: { size: 0 } });
    engines.push(second);
    expect(await second.cast(VILLAGE.id)).toEqual(expect.arrayContaining([rec]));
  });
});
