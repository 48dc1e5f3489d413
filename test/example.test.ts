import { defineRoom } from '@colyseus/core';
import { Callbacks } from '@colyseus/sdk';
import { boot } from '@colyseus/testing';
import config from '@colyseus/tools';
import { afterAll, expect, it, vi } from 'vitest';

// The example makes its engine from the environment: keep it offline and in memory here.
vi.stubEnv('PERSONAS_DB', ':memory:');
vi.stubEnv('OPENAI_API_KEY', '');
vi.stubEnv('OPENAI_BASE_URL', '');
const { WorldRoom } = await import('../examples/world-room.js');
const colyseus = await boot(config({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } }), 2593);
afterAll(() => colyseus.shutdown());

it("the README's example room gives its innkeeper a persona that a client sees", async () => {
  const room = await colyseus.createRoom<InstanceType<typeof WorldRoom>>('world', {
    worldId: 'northern-village',
    description: 'A medieval village in northern Britain',
  });
  const client = await colyseus.connectTo(room, { worldId: 'northern-village' }); // joins name their world
  const bios: string[] = [];
  const cb = Callbacks.get(client);
  cb.onAdd('npcs', (npc) => cb.listen(npc, 'bio', (bio) => bio && bios.push(bio)));
  await vi.waitFor(() => expect(client.state.npcs.get('innkeeper')?.status).toBe('complete'), { timeout: 10_000 });
  const npc = client.state.npcs.get('innkeeper')!;
  expect(bios).toEqual([npc.bio]);
  expect(npc.bio).toContain('one-eyed');
  expect(npc.source).toBe('procedural');
});
