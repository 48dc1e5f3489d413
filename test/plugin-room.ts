/**
 * A test room that uses the plugin the way the README says, plus a mutable `settings`
 * object so each test can pick the engine, deadline, limits and permissions for the rooms
 * it creates (the plugin is constructed per room).
 */
import { type Client, definePlugins, Room } from '@colyseus/core';
import { schema, type SchemaType, t } from '@colyseus/schema';
import type { PersonaEngine } from '../src/engine/engine.js';
import { NpcPersona, PersonaPlugin, type PersonaPluginOptions } from '../plugin/index.js';

export const WorldState = schema({ npcs: t.map(NpcPersona), tick: t.number().default(0) }, 'WorldState');
export type WorldState = SchemaType<typeof WorldState>;

export const settings: { engine: PersonaEngine | null; plugin: Omit<PersonaPluginOptions, 'engine'> } = { engine: null, plugin: {} };

export class WorldRoom extends Room<{ state: WorldState }> {
  override state = new WorldState();
  override patchRate = 20;
  override plugins = definePlugins([new PersonaPlugin({ engine: settings.engine!, ...settings.plugin })]);
  override onCreate(): void {
    // The simulation tick: proves the room keeps running while personas generate.
    this.setSimulationInterval(() => {
      this.state.tick++;
    }, 20);
  }
  override onJoin(_client: Client): void {}
}
