/**
 * Two demo server processes behind one Redis (REDIS_URL): Colyseus' RedisPresence and
 * RedisDriver share matchmaking, the Redis store shares the cast. A player on each process gets
 * a room; the same key is the same persona in both rooms, and a player joining through one
 * process finds the room the other holds. Needs Redis on 127.0.0.1:6379 (fails in CI without
 * it, skipped on a laptop).
 *   npx vitest run test/demo-scale-out.test.ts
 * Cost: two server processes (about 3-5 s to start), a few seconds of procedural generation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, type Room } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dropRedisKeys, hasRedis, REDIS_TEST_URL } from './helpers/redis.js';

const PORTS = [2617, 2618] as const;
const SERVER = fileURLToPath(new URL('../demo-server/server.ts', import.meta.url));
const children: ChildProcess[] = [];

/** One demo process on `port`, sharing Redis (store, presence, driver) with the others. */
async function startDemo(port: number, prefix: string): Promise<void> {
  const env = {
    ...process.env,
    PORT: String(port),
    REDIS_URL: REDIS_TEST_URL,
    PERSONAS_REDIS_PREFIX: prefix,
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await vi.waitFor(() => expect(out).toContain(`open http://localhost:${port}`), { timeout: 30_000, interval: 100 });
}

async function npcOf(room: Room, key: string): Promise<{ name: string; bio: string; backstory: string }> {
  await room.request('persona:spawn', { key });
  let seen = { name: '', bio: '', backstory: '' };
  await vi.waitFor(
    () => {
      const npc = room.state.npcs.get(key);
      expect(npc?.status).toBe('complete');
      seen = { name: npc.name, bio: npc.bio, backstory: npc.backstory };
    },
    { timeout: 20_000, interval: 50 },
  );
  return seen;
}

describe.skipIf(!hasRedis)('two demo processes behind one Redis', () => {
  const rooms: Room[] = [];
  const prefix = `demo-scale-${randomUUID().slice(0, 8)}:`;
  beforeAll(async () => {
    await Promise.all(PORTS.map((port) => startDemo(port, prefix)));
  }, 60_000);

  afterAll(async () => {
    for (const room of rooms) await room.leave().catch(() => undefined);
    for (const child of children) {
      // SIGINT: each process leaves the shared matchmaking cleanly (its rooms are removed from Redis).
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        // already gone
      }
    }
    await Promise.all(
      children.map((child) =>
        vi
          .waitFor(() => expect(() => process.kill(-child.pid!, 0)).toThrow(), { timeout: 15_000, interval: 100 })
          .catch(() => {
            process.kill(-child.pid!, 'SIGKILL');
          }),
      ),
    );
    // The store wraps the prefix in a hash tag; its BullMQ queue shares it.
    await dropRedisKeys([`{${prefix.slice(0, -1)}}`]);
  }, 30_000);

  it("a player on each process: the same key is the same persona, and each finds the other process's room", async () => {
    const worldId = 'neo-tokyo';
    // One room per process: each client asks its own process to create one.
    const a = await new Client(`http://localhost:${PORTS[0]}`).create('world', { worldId });
    const b = await new Client(`http://localhost:${PORTS[1]}`).create('world', { worldId });
    rooms.push(a, b);
    expect(a.roomId).not.toBe(b.roomId);
    // Colyseus' shared room cache (RedisDriver) says where each room lives: one per process,
    // each reachable at its own process's public address.
    const redis = new Redis(REDIS_TEST_URL);
    try {
      const caches = await redis.hmget('roomcaches', a.roomId, b.roomId);
      const [ca, cb] = caches.map((c) => JSON.parse(c ?? '{}') as { processId?: string; publicAddress?: string });
      expect(ca!.processId).toBeTruthy();
      expect(ca!.processId).not.toBe(cb!.processId);
      expect([ca!.publicAddress, cb!.publicAddress].sort()).toEqual(PORTS.map((p) => `localhost:${p}`));
    } finally {
      redis.disconnect();
    }

    const [inA, inB] = [await npcOf(a, 'courier'), await npcOf(b, 'courier')];
    expect(inB).toEqual(inA); // one persona per (world, key) across processes: same name, bio and backstory
    expect(inA.bio).toContain(inA.name.split(' ')[0]!);

    // Matchmaking is shared: joining room A by id through process B's endpoint reaches it.
    const viaB = await new Client(`http://localhost:${PORTS[1]}`).joinById(a.roomId, { worldId });
    rooms.push(viaB);
    await vi.waitFor(() => expect(viaB.state.npcs.get('courier')?.name).toBe(inA.name), { timeout: 10_000 });
  });
});
