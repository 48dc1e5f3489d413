/**
 * Plugin benchmarks (part of `npm run bench`): spawn-to-bio on the server for pool hits,
 * cache hits and misses; client-visible spawn-to-bio for a pool hit; event-loop lag while
 * 500 backstories generate; memory per NPC and per room with 100 rooms x 20 NPCs.
 * Runs a real Colyseus server (@colyseus/testing) and real SDK clients on 127.0.0.1.
 * pluginOnDemandRun (the cost bench's on-demand path): keyed spawns from SDK clients in many
 * rooms of one world at a game's pace, through the plugin with default engine options.
 * Cost: about 15 s; the on-demand run about as long as its arrivals (about 12 s by default).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { defineRoom, definePlugins, Room } from '@colyseus/core';
import { schema, type SchemaType, t } from '@colyseus/schema';
import { Callbacks } from '@colyseus/sdk';
import { boot } from '@colyseus/testing';
import config from '@colyseus/tools';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { seededRandom } from '../src/core/random.js';
import type { PersonaProvider } from '../src/core/types.js';
import { freePort } from './free-port.js';
import { timedProvider } from './timed-provider.js';
import { NpcPersona, PersonaPlugin } from '../plugin/index.js';

const State = schema({ npcs: t.map(NpcPersona), tick: t.number().default(0) }, 'BenchState');
type State = SchemaType<typeof State>;
const PATCH_MS = 50; // Colyseus' default patch rate
let current: PersonaEngine;

class BenchRoom extends Room<{ state: State }> {
  override state = new State();
  override patchRate = PATCH_MS;
  override maxClients = 1000;
  override plugins = definePlugins([
    new PersonaPlugin({
      engine: current,
      bioDeadlineMs: 0,
      maxNpcs: 10_000,
      rateLimits: { spawn: { points: 100_000, durationSeconds: 1 } },
    }),
  ]);
  override onCreate(): void {
    this.setSimulationInterval(() => {
      this.state.tick++;
    }, 16);
  }
}

let onDemandEngine: PersonaEngine;
/** Default plugin options, except: a rate-limit key per session (every bench client shares 127.0.0.1) and 100 spawns per 10 s. */
class OnDemandRoom extends Room<{ state: State }> {
  override state = new State();
  override maxClients = 10;
  override plugins = definePlugins([
    new PersonaPlugin({
      engine: onDemandEngine,
      rateLimitKey: (client) => `session:${client.sessionId}`,
      rateLimits: { spawn: { points: 100, durationSeconds: 10 } },
    }),
  ]);
}

export interface OnDemandOptions {
  /** Rooms of one world, each with one SDK client. Default: 20. */
  rooms?: number;
  /** Keyed spawns per room (distinct keys: every one a miss). Default: 10. */
  perRoom?: number;
  /** Spawns a room's client sends at once when it joins. Default: 3. */
  burst?: number;
  /** Mean gap between a room's later spawns (exponential, seeded). Default: 1,500 ms. */
  meanGapMs?: number;
  /** Default: 1. */
  seed?: number;
}

export interface OnDemandResult {
  personas: number;
  refused: number;
  seconds: number;
  arrival: string;
  statuses: Record<string, number>;
}

/**
 * Keyed spawns through the real plugin: `rooms` rooms of one world, each joined by an SDK
 * client that sends `persona:spawn { key }` (a burst at join, then at exponential gaps), with
 * `createPersonaEngine({ provider, store: 'memory' })` and default plugin options; resolves
 * when every NPC is complete (or failed) and the engine is idle.
 */
export async function pluginOnDemandRun(provider: PersonaProvider, options: OnDemandOptions = {}): Promise<OnDemandResult> {
  const { rooms = 20, perRoom = 10, burst = 3, meanGapMs = 1_500, seed = 1 } = options;
  onDemandEngine = createPersonaEngine({ provider, store: 'memory' });
  const colyseus = await boot(config({ rooms: { ondemand: defineRoom(OnDemandRoom).filterBy(['worldId']) } }), await freePort());
  const rand = seededRandom(`on-demand|${seed}`);
  const started = performance.now();
  let refused = 0;
  try {
    const world = { worldId: 'on-demand-village', description };
    const created: OnDemandRoom[] = [];
    for (let i = 0; i < rooms; i++) created.push(await colyseus.createRoom<OnDemandRoom>('ondemand', world));
    for (const room of created) room.plugins.personas.startWorld(); // server-made rooms: no client pays the new-world budget
    const clients = await Promise.all(created.map((room) => colyseus.connectTo(room, { worldId: world.worldId })));
    const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
    await Promise.all(
      clients.map(async (client, ri) => {
        const spawn = (i: number) => client.request('persona:spawn', { key: `r${ri}-npc-${i}` }).catch(() => void refused++);
        const sent = Array.from({ length: Math.min(burst, perRoom) }, (_, i) => spawn(i));
        for (let i = burst; i < perRoom; i++) {
          await sleep(-Math.log(1 - rand()) * meanGapMs);
          sent.push(spawn(i));
        }
        await Promise.all(sent);
      }),
    );
    const settled = () =>
      created.every((room) => room.plugins.personas.list().every((n) => n.status === 'complete' || n.status === 'failed'));
    const deadline = performance.now() + 180_000;
    while (!settled() && performance.now() < deadline) await sleep(20);
    await onDemandEngine.idle();
    const statuses: Record<string, number> = {};
    for (const room of created) for (const npc of room.plugins.personas.list()) statuses[npc.status] = (statuses[npc.status] ?? 0) + 1;
    return {
      personas: rooms * perRoom,
      refused,
      seconds: r((performance.now() - started) / 1000, 2),
      arrival: `${rooms} rooms of one world, one SDK client each; per room ${burst} keyed spawns at join, then ${perRoom - burst} more at exponential gaps (mean ${meanGapMs} ms); all keys distinct (every spawn a miss)`,
      statuses,
    };
  } finally {
    await colyseus.shutdown();
    await onDemandEngine.close();
  }
}

const pct = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const r = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const q = (xs: number[]) => ({ p50: r(pct(xs, 0.5)), p99: r(pct(xs, 0.99)), samples: xs.length });
const description = 'A medieval village in northern Britain';

export async function pluginBench(
  provider: PersonaProvider,
  latencyMs: number,
  log: (...a: unknown[]) => void,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const timed = timedProvider(provider);
  current = createPersonaEngine({ provider: timed, store: 'memory', pool: { size: 1000, batch: 8 }, liveBatch: 8 });
  const colyseus = await boot(config({ rooms: { bench: defineRoom(BenchRoom).filterBy(['worldId']) } }), await freePort());
  try {
    // Server-side spawn-to-bio: pool hits, cache hits (both synchronous), misses (awaited).
    log('plugin: server-side spawn-to-bio ...');
    const room = await colyseus.createRoom<BenchRoom>('bench', { worldId: 'bench-village', description });
    const personas = room.plugins.personas;
    personas.startWorld(); // a server-made room: no client pays the new-world budget
    await personas.world.ready;
    while (personas.world.poolSize < 1000) await new Promise((res) => setTimeout(res, 5));
    // The first spawns of a process run cold (their code not yet compiled): 100 first, timed
    // apart, then 900 for the percentiles (1,000 in the pool: every one a hit).
    const POOL_WARM_UP = 100;
    const poolWarmUp: number[] = [];
    const poolHit: number[] = [];
    for (let i = 0; i < POOL_WARM_UP + 900; i++) {
      const t0 = performance.now();
      const npc = personas.spawn();
      (i < POOL_WARM_UP ? poolWarmUp : poolHit).push(performance.now() - t0);
      if (!npc.bio) throw new Error('pool spawn without bio');
    }
    // Let the 1,000 backstories the pool hits queued finish, so hits are timed on a quiet loop
    // (the lag under background load is measured on its own below).
    await current.idle();
    const other = await colyseus.createRoom<BenchRoom>('bench', { worldId: 'bench-village', description });
    const cacheHit: number[] = [];
    for (const npc of personas.list().slice(0, 900)) {
      const t0 = performance.now();
      const copy = other.plugins.personas.spawn({ key: npc.key });
      cacheHit.push(performance.now() - t0);
      if (!copy.bio) throw new Error('cache spawn without bio');
    }
    // Misses while the pool refills the 1,000 entries taken above (its calls share the provider and
    // the loop). The first few misses of a process run cold (code paths not yet compiled): the
    // first WARM_UP are reported apart, as in the engine's overhead figure, not left out.
    const WARM_UP = 10;
    const miss: number[] = [];
    const missOver: number[] = [];
    const warmUp: number[] = [];
    const poolAtStart = personas.world.poolSize;
    for (let i = 0; i < WARM_UP + 200; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const stop = personas.on('bio', (n) => {
          if (n.key === `miss-${i}`) {
            stop();
            resolve();
          }
        });
        personas.spawn({ key: `miss-${i}`, backstory: false });
      });
      const total = performance.now() - t0;
      if (i < WARM_UP) {
        warmUp.push(total - timed.biosMsFor(`miss-${i}`));
        continue;
      }
      miss.push(total);
      missOver.push(total - timed.biosMsFor(`miss-${i}`));
    }
    const poolAtEnd = personas.world.poolSize;
    out.pluginSpawnToBioMs = {
      poolHit: q(poolHit),
      // The first POOL_WARM_UP pool spawns of the process, left out of poolHit: [first, slowest].
      poolHitWarmUp: { spawns: POOL_WARM_UP, first: r(poolWarmUp[0]!), slowest: r(Math.max(...poolWarmUp)) },
      cacheHit: q(cacheHit),
      miss: q(miss),
      // The miss minus the provider call as timed around provider.bios() (HTTP and SDK included there).
      missOverProviderCall: q(missOver),
      // The miss minus the test server's configured latency (adds HTTP, SDK and timer jitter).
      missOverServerLatency: q(miss.map((m) => m - latencyMs)),
      // The cold first misses, left out of the percentiles above: [first, slowest of the rest].
      warmUpOverProviderCall: { misses: WARM_UP, first: r(warmUp[0]!), slowest: r(Math.max(...warmUp.slice(1))) },
      // The refill under way meanwhile: pool entries when the misses started and when they ended (of 1,000).
      poolDuringMisses: { atStart: poolAtStart, atEnd: poolAtEnd },
    };

    // Client-visible spawn-to-bio for a pool hit: request sent -> NPC with bio added on the client.
    log('plugin: client-visible spawn-to-bio ...');
    while (personas.world.poolSize < 128) await new Promise((res) => setTimeout(res, 5));
    const client = await colyseus.connectTo(room, { worldId: 'bench-village' });
    const cb = Callbacks.get(client);
    const added = new Map<string, number>();
    cb.onAdd('npcs', (npc, key) => {
      if (npc.bio) added.set(key, performance.now());
    });
    const visible: number[] = [];
    for (let i = 0; i < 100; i++) {
      // Random phase against the patch clock, as players' requests arrive.
      await new Promise((res) => setTimeout(res, Math.random() * PATCH_MS));
      const t0 = performance.now();
      const reply = await client.request('persona:spawn', {});
      const id = (reply as { id: string }).id;
      while (!added.has(id)) await new Promise((res) => setTimeout(res, 1));
      visible.push(added.get(id)! - t0);
    }
    out.pluginClientSpawnToBioMs = { ...q(visible), patchIntervalMs: PATCH_MS };

    // Event-loop lag while 500 backstories generate in the background.
    log('plugin: event-loop lag with 500 backstories in flight ...');
    const busy = await colyseus.createRoom<BenchRoom>('bench', { worldId: 'bench-lag', description });
    await busy.plugins.personas.world.ready;
    const h = monitorEventLoopDelay({ resolution: 1 });
    const ticks0 = busy.state.tick;
    const t0 = performance.now();
    // The burst of 500 spawn() calls is the host's own synchronous loop; measure what follows.
    for (let i = 0; i < 500; i++) busy.plugins.personas.spawn({ key: `story-${i}` });
    h.enable();
    while (busy.plugins.personas.list().some((n) => n.status !== 'complete')) await new Promise((res) => setTimeout(res, 20));
    h.disable();
    const seconds = (performance.now() - t0) / 1000;
    out.pluginEventLoopLagMs = {
      backstories: 500,
      p50: r(h.percentile(50) / 1e6),
      p99: r(h.percentile(99) / 1e6),
      max: r(h.max / 1e6),
      seconds: r(seconds, 2),
      simulationTicks: busy.state.tick - ticks0,
      expectedTicks: Math.floor((seconds * 1000) / 16),
    };

    // Memory: 100 rooms x 20 NPCs (pool and cache hits once warm; texts included).
    log('plugin: memory with 100 rooms x 20 NPCs ...');
    await colyseus.cleanup();
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap = () => {
      gc?.();
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    const world = { worldId: 'bench-memory', description };
    const warm = await colyseus.createRoom<BenchRoom>('bench', world);
    for (let i = 0; i < 20; i++) warm.plugins.personas.spawn({ key: `m-${i}` });
    while (warm.plugins.personas.list().some((n) => n.status !== 'complete')) await new Promise((res) => setTimeout(res, 20));
    await warm.disconnect();
    const before = heap();
    const rooms = [];
    for (let i = 0; i < 100; i++) rooms.push(await colyseus.createRoom<BenchRoom>('bench', world));
    const afterRooms = heap();
    for (const rm of rooms) for (let i = 0; i < 20; i++) rm.plugins.personas.spawn({ key: `m-${i}` });
    await new Promise((res) => setTimeout(res, 200));
    const afterNpcs = heap();
    // Distinct NPCs: 2,000 different personas (bios only), so each also costs its persona
    // record and handle in the engine's cache, not just its room-side NpcPersona.
    const distinctWorld = { worldId: 'bench-memory-distinct', description };
    const distinctRooms = [];
    for (let i = 0; i < 100; i++) distinctRooms.push(await colyseus.createRoom<BenchRoom>('bench', distinctWorld));
    await distinctRooms[0]!.plugins.personas.world.ready;
    const beforeDistinct = heap();
    distinctRooms.forEach((rm, ri) => {
      for (let i = 0; i < 20; i++) rm.plugins.personas.spawn({ key: `d-${ri}-${i}`, backstory: false });
    });
    while (distinctRooms.some((rm) => rm.plugins.personas.list().some((n) => !n.bio))) await new Promise((res) => setTimeout(res, 20));
    const afterDistinct = heap();
    out.pluginMemory = {
      rooms: 100,
      npcsPerRoom: 20,
      gcExposed: Boolean(gc),
      perRoomKiB: r((afterRooms - before) / 100 / 1024, 1),
      perNpcKiB: r((afterNpcs - afterRooms) / 2000 / 1024, 2),
      perDistinctNpcKiB: r((afterDistinct - beforeDistinct) / 2000 / 1024, 2),
      note: 'perNpcKiB: the same 20 keys in every room (room-side NpcPersona with bio and backstory text, listeners; the record is shared through the engine cache); perDistinctNpcKiB: 2,000 different personas with bios (record, handle and NpcPersona each)',
    };
  } finally {
    await colyseus.shutdown();
    await current.close();
  }
  return out;
}
