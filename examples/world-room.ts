/**
 * The README's plugin example, runnable: a Colyseus server with one `world` room whose NPCs
 * get personas. Offline by default (procedural provider, SQLite cache).
 *   npx tsx examples/world-room.ts        # then join 'world' with { worldId, description }
 */
import { defineRoom, defineServer, definePlugins, Room } from '@colyseus/core';
import { schema, t } from '@colyseus/schema';
import { createPersonaEngine } from '../src/index.js';
import { NpcPersona, PersonaPlugin } from '../plugin/index.js';

const engine = createPersonaEngine(); // one per process, shared by every room
const State = schema({ npcs: t.map(NpcPersona) }, 'State');

export class WorldRoom extends Room<{ state: InstanceType<typeof State> }> {
  override state = new State();
  override plugins = definePlugins([new PersonaPlugin({ engine })]); // world from { worldId, description }
  override onCreate() {
    this.plugins.personas.spawn({ key: 'innkeeper', hints: ['one-eyed'] }); // returns at once
  }
}

export const server = defineServer({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } });

if (import.meta.url === `file://${process.argv[1]}`) {
  await server.listen(Number(process.env.PORT ?? 2567));
}
