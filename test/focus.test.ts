/**
 * Focus (a player starts talking to an NPC): a persona whose bio exists but whose backstory
 * was never asked for gets its backstory job queued under its own world, first in line, and
 * the backstory arrives on the same handle.
 *   npx vitest run test/focus.test.ts
 * Cost: well under a second (procedural provider, memory store).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { backstoryJobId } from '../src/engine/backstory-options.js';
import { MemoryStore } from '../src/stores/memory-store.js';
import { VILLAGE } from './support.js';

let engine: PersonaEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('focus', () => {
  it('queues the backstory of a persona spawned without one, under its own world, and delivers it', async () => {
    const store = new MemoryStore();
    engine = createPersonaEngine({ provider: 'procedural', store, pool: { size: 0 } });
    const world = engine.world(VILLAGE);
    const handle = world.persona('quiet-one', undefined, { backstory: false });
    const rec = await handle.bio;
    expect(rec.backstory).toBeNull();
    expect(await store.countJobs()).toBe(0);

    handle.prioritize();
    // Its backstory promise settled with the bio (none was wanted); the new text reaches the handle's record.
    const updated = new Promise<void>((resolve) => handle.on('update', (r) => r.backstory && resolve()));
    await updated;
    await engine.idle();
    expect(handle.record?.backstory).toBeTruthy();
    expect(handle.record?.status).toBe('complete');
    expect((await store.getPersona(rec.world, rec.fingerprint, rec.key))?.backstory).toBe(handle.record?.backstory);
    // One job, the persona's own (world id, fingerprint, key), and it is done.
    const job = await store.getJob(backstoryJobId(rec.world, rec.fingerprint, rec.key));
    expect(job).toMatchObject({ world: rec.world, fingerprint: rec.fingerprint, key: rec.key, state: 'done' });
    expect(await store.countJobs()).toBe(1);
  });
});
