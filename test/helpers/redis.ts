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
