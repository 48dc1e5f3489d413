/**
 * Cross-process completion: how long after one engine stores a finished persona (its backstory
 * written) another engine sharing the Redis store has it on the handle a room waits on. Engine
 * B runs no background jobs and never polls, so the only way in is the store's finished-persona
 * message (Redis pub/sub); engine A writes every backstory (procedural provider). Both engines
 * live in this process, each with its own Redis connections, as two game servers would.
 *   node --import tsx bench/cross-process.ts          # 200 personas, prints p50 / p99 / max
 * Cost: a few seconds; needs Redis on 127.0.0.1:6379 (REDIS_URL to change it).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createPersonaEngine } from '../src/engine/engine.js';
import type { PersonaRecord, PersonaStore } from '../src/core/types.js';
import { RedisStore } from '../src/stores/redis-store.js';

const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `{personas-bench:${randomUUID().slice(0, 8)}}:`;
const N = Number(process.argv[2] ?? 200);
const world = { id: 'cross-process-village', description: 'A medieval village in northern Britain' };

/** A's store, noting when each finished persona was stored (the publish follows it). */
function timedStore(inner: RedisStore, storedAt: Map<string, number>): PersonaStore {
  return new Proxy(inner, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop !== 'putPersona' || typeof value !== 'function')
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      return async (record: PersonaRecord) => {
        await inner.putPersona(record);
        if (record.backstory !== null && !storedAt.has(record.key)) storedAt.set(record.key, performance.now());
      };
    },
  });
}

const storedAt = new Map<string, number>();
const a = createPersonaEngine({
  provider: 'procedural',
  store: timedStore(new RedisStore({ url, prefix }), storedAt),
  pool: { size: 0 },
  backstories: { pollMs: 20 },
});
const b = createPersonaEngine({
  provider: 'procedural',
  store: new RedisStore({ url, prefix }),
  pool: { size: 0 },
  backstories: { enabled: false, pollMs: 3_600_000 },
});
try {
  await a.world(world).ready;
  const wb = b.world(world);
  await wb.ready;
  const seenAt = new Map<string, number>();
  await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const key = `npc-${i}`;
      const rec = await wb.persona(key).backstory;
      if (!rec.backstory) throw new Error(`${key}: no backstory`);
      seenAt.set(key, performance.now());
    }),
  );
  const delays = [...seenAt].map(([key, at]) => at - storedAt.get(key)!).sort((x, y) => x - y);
  const pct = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!;
  const r = (n: number) => Math.round(n * 100) / 100;
  console.log(
    JSON.stringify({
      personas: N,
      storedToHandleMs: { p50: r(pct(0.5)), p99: r(pct(0.99)), max: r(delays.at(-1)!) },
      target: 'p99 < 50 ms',
    }),
  );
} finally {
  await a.close();
  await b.close();
  const redis = new Redis(url);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}
