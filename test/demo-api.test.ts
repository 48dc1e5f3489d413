/**
 * Issue #7 items 5, 7 and 9 on the demo server (in-process): every HTTP route answers JSON
 * errors without stacks or paths, a dead store answers 503 at once instead of Express's HTML
 * page after half a minute, persona records carry generic error codes, and the `world` room's
 * join refusals reach the SDK with their code and message.
 */
import { Client } from '@colyseus/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../demo-server/server.js';
import { createPersonaEngine, type PersonaRecord } from '../src/index.js';
import { openStore } from '../src/stores/index.js';

const PORT = 2625;
const BASE = `http://localhost:${PORT}`;
const SECRET = 'ECONNREFUSED: could not open /var/secret/personas.db';
let demo: DemoServer;
let mode: 'ok' | 'hang' | 'throw' = 'ok';
const logged: string[] = [];

beforeAll(async () => {
  const memory = openStore({ kind: 'memory' });
  const store = new Proxy(memory, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'getLatestWorld' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (mode === 'hang') return new Promise(() => undefined);
        if (mode === 'throw') return Promise.reject(new Error(SECRET));
        return value.apply(target, args);
      };
    },
  });
  const engine = createPersonaEngine({ provider: 'procedural', store, pool: { size: 0 }, backstories: { enabled: false } });
  demo = await startDemoServer({
    port: PORT,
    engine,
    apiTimeoutMs: 150,
    log: (m, err) => logged.push(`${m} ${err instanceof Error ? err.message : String((err as string | undefined) ?? '')}`),
  });
});
beforeEach(() => {
  mode = 'ok';
  logged.length = 0;
});
afterAll(() => demo?.close());

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`${BASE}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** No stack frames, no file paths, no HTML. */
function clean(body: string): void {
  expect(body).not.toMatch(/<html|<pre>|\n\s+at |\/var\/secret|\/work\/|node_modules/i);
}

describe('the HTTP API answers JSON errors only', () => {
  it('bad input, unknown routes and malformed URLs: JSON with a code', async () => {
    for (const [path, status, code] of [
      ['/api/worlds/..%2Fetc/personas', 400, 'INVALID_WORLD'],
      ['/api/nope', 404, 'NOT_FOUND'],
      ['/api/worlds/%E0%A4%A/personas', 400, 'BAD_REQUEST'],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(res.type).toContain('application/json');
      expect(JSON.parse(res.body)).toMatchObject({ code });
      clean(res.body);
    }
  });

  it('a store that does not answer: 503 JSON, not a hanging request', async () => {
    mode = 'hang';
    const res = await get('/api/worlds/northern-village/personas');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/store/), code: 'UNAVAILABLE' });
    clean(res.body);
  });

  it('a store that fails: 500 JSON without its message; the details go to the log', async () => {
    mode = 'throw';
    const res = await get('/api/worlds/northern-village/personas');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: 'Internal error.', code: 'INTERNAL' });
    clean(res.body);
    expect(logged.join('\n')).toContain('/var/secret/personas.db');
  });

  it('persona records carry generic error codes, not raw store messages', async () => {
    const world = demo.engine.world({ id: 'api-cast', description: 'A modern neo-Tokyo' });
    const rec = await world.persona('courier').bio;
    await demo.engine.store.putPersona({ ...rec, status: 'failed', error: SECRET });
    const res = await get('/api/worlds/api-cast/personas');
    expect(res.status).toBe(200);
    const cast = JSON.parse(res.body) as PersonaRecord[];
    expect(cast.find((r) => r.key === 'courier')).toMatchObject({ status: 'failed', error: 'failed:store' });
    clean(res.body);
  });
});

describe("the demo room's join refusals reach the SDK", () => {
  const sdk = () => new Client(`ws://localhost:${PORT}`);
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: 0, message: 'joined' }),
      (e: { code: number; message: string }) => ({ code: e.code, message: e.message }),
    );

  it('no world id, a preset redescribed, an unknown world without a description', async () => {
    const open = await sdk().joinOrCreate('world', { worldId: 'neo-tokyo' });
    expect(await refusal(sdk().joinOrCreate('world', {}))).toMatchObject({ code: 400, message: expect.stringMatching(/world id/) });
    expect(await refusal(sdk().joinOrCreate('world', { worldId: 'neo-tokyo', description: 'A quiet fishing village' }))).toMatchObject({
      code: 409,
      message: expect.stringContaining('A modern neo-Tokyo'),
    });
    expect(await refusal(sdk().joinOrCreate('world', { worldId: 'atlantis' }))).toMatchObject({
      code: 404,
      message: expect.stringMatching(/description/),
    });
    await open.leave();
  });
});
