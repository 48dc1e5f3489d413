/**
 * Closing the engine is not an error: work that close() cuts off (a pool refill's model call
 * in flight) is not reported through onError, and a persona whose bio resolved has its
 * backstory job in the store even when close() comes right after.
 */
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { createPersonaEngine } from '../src/engine/engine.js';
import { SqliteStore } from '../src/stores/sqlite-store.js';
import { llmEngine, tempDir, VILLAGE } from './support.js';

describe('engine shutdown', () => {
  it('a pool refill cut off by close() is not reported as an error', async () => {
    const errors: unknown[] = [];
    const { server, engine } = await llmEngine({
      serverOptions: { latencyMs: 5_000 },
      pool: { size: 4, batch: 4 },
      onError: (err) => errors.push(err),
    });
    const world = engine.world(VILLAGE);
    server.configure({ latencyMs: 0 });
    await world.ready;
    server.configure({ latencyMs: 5_000 });
    world.warm();
    await vi.waitFor(() => expect(server.requests.some((r) => r.task === 'bios' && r.status === 0)).toBe(true));
    await engine.close();
    await server.close();
    expect(errors).toEqual([]);
  });

  it('close() right after bios resolve leaves every backstory job in the store', async () => {
    const path = join(tempDir(), 'close-after-bio.db');
    for (let round = 0; round < 5; round++) {
      // sliceMs 0: every paced unit (the job write included) waits for a later turn, as on a busy server.
      const engine = createPersonaEngine({
        provider: 'procedural',
        store: new SqliteStore({ path }),
        pool: { size: 0 },
        backstories: { enabled: false },
        scheduler: { sliceMs: 0 },
      });
      const world = engine.world(VILLAGE);
      await Promise.all(['a', 'b', 'c', 'd'].map((k) => world.persona(`${round}-${k}`).bio));
      await engine.close();
    }
    const store = new SqliteStore({ path });
    expect(await store.countJobs('queued')).toBe(20);
    await store.close();
  });
});
