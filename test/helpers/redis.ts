/**
 * Finds the Redis that tests use (127.0.0.1:6379). In CI (CI set) an unreachable Redis is a
 * failure, never a silent skip; on a developer's machine the tests are skipped with the reason.
 *
 *   import { hasRedis, REDIS_TEST_URL } from './helpers/redis.js';
 *   describe.skipIf(!hasRedis)('RedisStore', () => { ... });
 *
 * Cost: one TCP connect and PING when first imported (at most 500 ms when nothing answers).
 */
import { connect } from 'node:net';

const HOST = '127.0.0.1';
const PORT = 6379;
export const REDIS_TEST_URL = `redis://${HOST}:${PORT}`;

/** Resolves to why Redis did not answer PONG, or null when it did. */
function ping(timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port: PORT });
    let reply = '';
    const finish = (why: string | null): void => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.on('error', (err) => finish(err.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG') ? null : `unexpected reply ${JSON.stringify(reply.trim())}`);
    });
  });
}

const problem = await ping(500);
export const hasRedis = problem === null;

if (!hasRedis && process.env.CI) {
  throw new Error(`Redis is not reachable at ${HOST}:${PORT} (${problem}): CI must run a Redis 7 server there.`);
}
if (!hasRedis) console.warn(`[skip] Redis tests: nothing answers PING at ${HOST}:${PORT} (${problem}); start redis-server to run them`);

/**
 * Delete every key starting with one of `prefixes` (a test's own `{tag}`s), through a
 * connection of its own: for afterAll.
 */
export async function dropRedisKeys(prefixes: readonly string[]): Promise<void> {
  if (!prefixes.length) return;
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_TEST_URL);
  try {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    await redis.quit();
  }
}

/** Poll `check` every 20 ms until it holds; throws naming `what` (and `detail()`, if given) after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 15_000, detail?: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${detail ? `: ${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
