/**
 * A test room that uses the plugin the way the README says, made by a factory that takes the
 * test file's own settings: the engine, deadline, limits and permissions for the rooms it
 * creates. The plugin is constructed per room, so a test may change its settings between rooms.
 * `connect(colyseus, room)` joins a room with its world id, as a client must (the plugin
 * refuses joins without one).
 *   const settings: TestRoomSettings = { engine: null, plugin: {} };
 *   const WorldRoom = createWorldRoom(settings);   // defineRoom(WorldRoom) once, at boot
 *   settings.engine = engine; settings.plugin = { bioDeadlineMs: 0 };
 * Cost: one PersonaPlugin per room created.
 */
import { type Client, definePlugins, Room } from '@colyseus/core';
import type { ColyseusTestServer } from '@colyseus/testing';
import { schema, type SchemaType, t } from '@colyseus/schema';
import type { PersonaEngine } from '../src/engine/engine.js';
import { NpcPersona, PersonaPlugin, type PersonaPluginOptions } from '../plugin/index.js';

export const WorldState = schema({ npcs: t.map(NpcPersona), tick: t.number().default(0) }, 'WorldState');
export type WorldState = SchemaType<typeof WorldState>;

/** What the next room is made with; read when a room is created. `engine` must be set by then. */
export interface TestRoomSettings {
  engine: PersonaEngine | null;
  plugin: Omit<PersonaPluginOptions, 'engine'>;
}

/** The `world` room class, bound to `settings` (one object per test file, not shared between files). */
export function createWorldRoom(settings: TestRoomSettings) {
  const engine = (): PersonaEngine => {
    if (!settings.engine) throw new Error('createWorldRoom: set settings.engine before creating a room.');
    return settings.engine;
  };
  return class WorldRoom extends Room<{ state: WorldState }> {
    override state = new WorldState();
    override patchRate = 20;
    override plugins = definePlugins([new PersonaPlugin({ engine: engine(), ...settings.plugin })]);
    override onCreate(): void {
      // The simulation tick: proves the room keeps running while personas generate.
      this.setSimulationInterval(() => {
        this.state.tick++;
      }, 20);
    }
    /** `{ user }` in the join options becomes `client.auth.id` (what a real auth hook would return), for per-player limits. */
    override onAuth(_client: Client, options: { user?: string } | undefined): { id: string } | true {
      return options?.user ? { id: options.user } : true;
    }
    override onJoin(_client: Client): void {}
  };
}

/** A room of the class `createWorldRoom` returns. */
export type WorldRoom = InstanceType<ReturnType<typeof createWorldRoom>>;

/** Join `room` as a client, with its world id (and `extra` join options such as `{ user }`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test server is typed by its room map
export function connect(colyseus: ColyseusTestServer<any>, room: WorldRoom, extra: Record<string, unknown> = {}) {
  return colyseus.connectTo(room, { worldId: room.plugins.personas.world.id, ...extra });
}
