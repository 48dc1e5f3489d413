/**
 * A failing store never becomes an unhandled rejection: the backstory worker reports through
 * onError, backs off, and finishes the job once the store answers again; a plain Node host
 * pointed at an unreachable Redis keeps running.
 *   npx vitest run test/jobs-store-failures.test.ts
 * Cost: about 2 s (one child process, a short outage).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/core/errors.js';
import type { PersonaStore } from '../src/core/types.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { MemoryStore } from '../src/stores/memory-store.js';
import { VILLAGE } from './support.js';

const execFileAsync = promisify(execFile);
const engines: PersonaEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

/** A memory store whose job calls fail while `down` is set, counting the lease attempts. */
function flakyStore(): { store: PersonaStore; state: { down: boolean; leaseCalls: number } } {
  const state = { down: false, leaseCalls: 0 };
  const inner = new MemoryStore();
  const failing = new Set(['leaseJobs', 'leasedJobs', 'renewLeases', 'countJobs']);
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'leaseJobs') state.leaseCalls++;
        if (state.down && failing.has(String(prop))) return Promise.reject(new Error(`store down (${String(prop)})`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, state };
}

describe('backstory worker and a failing store', () => {
  it('reports lease failures through onError, backs off, and finishes the job when the store is back', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { store, state } = flakyStore();
      const errors: unknown[] = [];
      state.down = true;
      const engine = createPersonaEngine({
        provider: 'procedural',
        store,
        pool: { size: 0 },
        backstories: { pollMs: 20 },
        onError: (e) => errors.push(e),
      });
      engines.push(engine);
      const handle = engine.world(VILLAGE).persona('patient');
      await handle.bio;
      await new Promise((r) => setTimeout(r, 700));
      const callsWhileDown = state.leaseCalls;
      expect(handle.record?.backstory).toBeNull();
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => /store down/.test(String(e)))).toBe(true);
      // Backoff (100, 200, 400 ms...) instead of a lease attempt on every 20 ms poll (35).
      expect(callsWhileDown).toBeLessThanOrEqual(8);

      state.down = false;
      const rec = await handle.backstory;
      expect(rec.status).toBe('complete');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a plain Node host with an unreachable Redis keeps running and hears about it through onError', async () => {
    const engineModule = fileURLToPath(new URL('../src/engine/engine.ts', import.meta.url));
    const script = `
      import { createPersonaEngine } from ${JSON.stringify(engineModule)};
      const seen = [];
      const engine = createPersonaEngine({
        provider: 'procedural',
        store: { kind: 'redis', url: 'redis://127.0.0.1:1', maxRetriesPerRequest: 0 },
        backstories: { pollMs: 50 },
        onError: (err) => seen.push(err),
      });
      await new Promise((r) => setTimeout(r, 1500));
      await engine.close();
      process.stdout.write(JSON.stringify({ errors: seen.length, names: [...new Set(seen.map((e) => e.name))], message: seen[0]?.message }));`;
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      timeout: 20_000,
    });
    const out = JSON.parse(stdout) as { errors: number; names: string[]; message: string };
    expect(out.errors).toBeGreaterThan(0);
    expect(out.names).toEqual([StoreUnavailableError.name]);
    // The store and the job queue (BullMQ on the same Redis) both name it.
    expect(out.message).toMatch(/Cannot reach the Redis (persona store|job queue) at redis:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)/);
    expect(stderr).not.toMatch(/Unhandled|ioredis/);
  });
});
