/**
 * The demo's `world` room: NPCs with personas (PersonaPlugin) that wander a small map on the
 * simulation tick, so a person can see the room never freezes while personas generate. A new
 * room of a world brings back that world's cast from the store (the plugin's `restore`: cache
 * hits, no model call). World identity is the plugin's: the presets are the server's worlds, a
 * described world's description is fixed by whoever described it first, joins without a
 * `worldId` are refused (400), and new worlds count against a per-player/per-IP budget.
 *   defineRoom(createDemoRoom(engine, { onError })).filterBy(['worldId'])
 * Cost per room: one 20 Hz tick moving every NPC (a few float ops each); per NPC one Position.
 */
import { definePlugins, Room } from '@colyseus/core';
import { schema, type SchemaType, t } from '@colyseus/schema';
import type { PersonaEngine } from '../src/index.js';
import { NpcPersona, PersonaPlugin, type PersonaPluginOptions, type PluginErrorInfo } from '../plugin/index.js';
import { PRESET_WORLDS } from './worlds.js';

export const MAP = { width: 480, height: 300 } as const;
/** NPCs restored into a new room of a known world. */
const RESTORE_LIMIT = 60;

export const Position = schema({ x: t.number().default(0), y: t.number().default(0) }, 'Position');
export type Position = SchemaType<typeof Position>;
export const DemoState = schema(
  {
    worldId: t.string().default(''),
    description: t.string().default(''),
    npcs: t.map(NpcPersona),
    positions: t.map(Position),
    tick: t.number().default(0),
  },
  'DemoState',
);
export type DemoState = SchemaType<typeof DemoState>;

/** How the server makes its demo room: where plugin errors go, and plugin option overrides (tests). */
export interface DemoRoomOptions {
  /** Where the plugin's errors go (details players never see). Default: the plugin's (console.warn). */
  onError?: (err: unknown, info: PluginErrorInfo) => void;
  /** PersonaPlugin options that replace the demo's own (tests: limits, budgets). */
  plugin?: Partial<PersonaPluginOptions>;
}

interface Walker {
  vx: number;
  vy: number;
}

/**
 * The demo's `world` room class, bound to the process's engine: every room it creates shares
 * that engine (and so its cache, pool and limits). Call once per server.
 */
export function createDemoRoom(engine: PersonaEngine, options: DemoRoomOptions = {}) {
  const pluginOptions: PersonaPluginOptions = {
    engine,
    worlds: PRESET_WORLDS,
    restore: RESTORE_LIMIT,
    rateLimits: { spawn: { points: 40, durationSeconds: 10 } },
    onError: options.onError,
    ...options.plugin,
  };
  return class DemoWorldRoom extends Room<{ state: DemoState }> {
    override state = new DemoState();
    override maxClients = 64;
    override plugins = definePlugins([new PersonaPlugin(pluginOptions)]);
    private readonly walkers = new Map<string, Walker>();

    override onCreate(): void {
      const world = this.plugins.personas.world;
      this.state.worldId = world.id;
      this.state.description = world.description;
      // Matchmaking metadata (the lobby lists rooms by world); a failure only affects listing.
      this.setMetadata({ worldId: world.id }).catch((err: unknown) => console.error('[demo] could not set room metadata', err));
      this.plugins.personas.on('spawn', (npc) => this.place(npc.id));
      this.plugins.personas.on('remove', (npc) => {
        this.state.positions.delete(npc.id);
        this.walkers.delete(npc.id);
      });
      for (const id of this.state.npcs.keys()) this.place(id); // spawned before these listeners
      this.setSimulationInterval((dt) => this.step(dt), 50);
    }

    private place(id: string): void {
      const seed = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
      this.state.positions.set(id, new Position({ x: 20 + (seed % (MAP.width - 40)), y: 20 + ((seed >>> 8) % (MAP.height - 40)) }));
      const angle = ((seed >>> 16) % 360) * (Math.PI / 180);
      this.walkers.set(id, { vx: Math.cos(angle) * 18, vy: Math.sin(angle) * 18 });
    }

    private step(dtMs: number): void {
      this.state.tick++;
      const dt = dtMs / 1000;
      for (const [id, w] of this.walkers) {
        const p = this.state.positions.get(id);
        if (!p) continue;
        let x = p.x + w.vx * dt;
        let y = p.y + w.vy * dt;
        if (x < 10 || x > MAP.width - 10) w.vx = -w.vx;
        if (y < 10 || y > MAP.height - 10) w.vy = -w.vy;
        x = Math.min(MAP.width - 10, Math.max(10, x));
        y = Math.min(MAP.height - 10, Math.max(10, y));
        p.x = Math.round(x * 10) / 10;
        p.y = Math.round(y * 10) / 10;
      }
    }
  };
}

/** A room of the class `createDemoRoom` returns. */
export type DemoWorldRoom = InstanceType<ReturnType<typeof createDemoRoom>>;
