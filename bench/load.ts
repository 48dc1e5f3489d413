/**
 * Load benchmark: many players spawning NPCs at once. A real Colyseus server (PersonaPlugin,
 * procedural provider, SQLite by default, rooms with a 20 Hz simulation tick) runs in a child
 * process so its event loop is measured alone; real `@colyseus/sdk` clients in this process
 * join R worlds and send `persona:spawn` for a bounded time: 3 each right after joining (all
 * at once), then one every 3-9 s each (new keys, keys shared by the world, pool spawns; the
 * demo allows 40 per 10 s per client). Rooms keep the plugin's default of 200 NPCs, so a full
 * room answers ROOM_FULL (an answer, counted apart from failures).
 * Reports, per phase (join, load, drain), the server's event-loop lag (perf_hooks
 * monitorEventLoopDelay), how late the rooms' ticks ran and its CPU; dropped players, refused
 * and failed requests, reply times; NPCs without a bio or backstory at the end (as the players
 * see them and as the server has them); texts written twice; backstory jobs left over; and the
 * players' own process lag and CPU (200 SDK clients in one process: when it falls behind,
 * replies look late and the server may drop players for missed pings).
 *   const figures = await loadBench({ clients: 50, rooms: 5, seconds: 10 });   // bench scale
 *   node --import tsx bench/load.ts --clients 200 --rooms 20 --seconds 120 [--store memory] [--json]
 *   LOAD_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" node --import tsx bench/load.ts   # profile the server
 * The campaign (test/campaign/load.test.ts) runs 200 players over 20 worlds.
 * Cost: `seconds` plus starting, joining and draining (5-10 s); two processes. */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

export interface LoadOptions {
  /** Players. Default: 50. */
  clients?: number;
  /** Worlds (one room each; players are spread evenly). Default: 5. */
  rooms?: number;
  /** How long players keep spawning after the burst. Default: 10. */
  seconds?: number;
  /** Spawns each player sends right after joining. Default: 3. */
  burst?: number;
  /** Pause between a player's spawns, uniform in [min, max] ms. Default: [3,000, 9,000] (10 a minute). */
  spawnEveryMs?: [number, number];
  /** The server's store. Default: 'sqlite' (a temporary file), as the demo. */
  store?: 'sqlite' | 'memory';
  /** Longest wait, after the last spawn, for every NPC's bio and backstory. Default: 60. */
  drainSeconds?: number;
  /** Progress lines. Default: none. */
  log?: (...args: unknown[]) => void;
}

export interface LagFigures {
  /** Event-loop delay of the server process (monitorEventLoopDelay, 1 ms resolution). */
  lagMs: { p50: number; p99: number; max: number; mean: number };
  /** How late the rooms' 50 ms simulation ticks ran, over all rooms. */
  tickLateMs: { p50: number; p99: number; max: number; rooms: number; ticks: number; expectedTicks: number };
  /** The server process's CPU time over the phase, as a share of one core. */
  cpu: number;
  seconds: number;
}

export interface LoadFigures {
  clients: number;
  rooms: number;
  seconds: number;
  store: string;
  joinFailures: number;
  /** Players whose connection dropped or who were made to leave before the end. */
  droppedClients: number;
  spawnsSent: number;
  spawnsAccepted: number;
  /** Refusals by code (ROOM_FULL, RATE_LIMITED, ...): answers, not failures. */
  refused: Record<string, number>;
  /** Requests that failed without a refusal code (timeouts, closed connections). */
  requestErrors: number;
  spawnReplyMs: { p50: number; p99: number; max: number };
  /** Distinct NPCs the players were told about, and how many lacked text when the drain ended. */
  npcs: { spawned: number; withoutBio: number; withoutBackstory: number };
  drainSeconds: number;
  phases: { join: LagFigures; load: LagFigures; drain: LagFigures };
  /**
   * The players' own process over the whole run: if it falls behind (event-loop lag of
   * seconds, a core's worth of CPU), late replies and dropped connections are its doing.
   */
  players: { lagMs: { p99: number; max: number }; cpu: number };
  server: {
    npcsInRooms: number;
    withoutBio: number;
    withoutBackstory: number;
    personasCreated: number;
    biosWritten: number;
    backstoriesWritten: number;
    /** Texts written more than once for one persona (bios written beyond personas created). */
    duplicateBios: number;
    jobsQueued: number;
    jobsLeased: number;
    /** Errors the engine reported through onError. */
    engineErrors: number;
    firstErrors: string[];
    unhandledRejections: number;
    uncaughtExceptions: number;
  };
}

const DESCRIPTIONS = [
  'A medieval village in northern Britain',
  'A modern neo-Tokyo',
  'A pirate port in the Caribbean',
  'A space station orbiting Mars',
  'A frontier town in the Wild West during the gold rush',
  'After the Collapse: a walled settlement in the wasteland',
  'An elven kingdom where dwarves trade with wizards',
  'Present-day Lagos, busy and loud',
];
const TICK_MS = 50;
const SHARED_KEYS = 30;

const worldOf = (i: number) => ({ id: `load-${i}`, description: DESCRIPTIONS[i % DESCRIPTIONS.length]! });
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantiles(values: number[]): { p50: number; p99: number; max: number } {
  if (!values.length) return { p50: 0, p99: 0, max: 0 };
  const s = Float64Array.from(values).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[s.length - 1]!) };
}

// ---------------------------------------------------------------------------------------------
// The server (child process)
// ---------------------------------------------------------------------------------------------

type ToServer = { type: 'phase'; name: 'join' | 'load' | 'drain' } | { type: 'final' } | { type: 'close' };
type FromServer = { type: 'ready'; port: number } | { type: 'final'; phases: Record<string, LagFigures>; server: LoadFigures['server'] };

async function serve(config: { store: 'sqlite' | 'memory'; rooms: number }): Promise<void> {
  const { defineRoom, defineServer, definePlugins, Room } = await import('@colyseus/core');
  const { WebSocketTransport } = await import('@colyseus/ws-transport');
  const { Encoder, schema, t } = await import('@colyseus/schema');
  // Rooms hold hundreds of NPCs with their texts: a full state is a few hundred KiB.
  Encoder.BUFFER_SIZE = 1024 * 1024;
  const { createPersonaEngine } = await import('../src/engine/engine.js');
  const { NpcPersona, PersonaPlugin } = await import('../plugin/index.js');

  let unhandledRejections = 0;
  let uncaughtExceptions = 0;
  process.on('unhandledRejection', (err) => {
    unhandledRejections++;
    console.error('[load server] unhandled rejection', err);
  });
  process.on('uncaughtException', (err) => {
    uncaughtExceptions++;
    console.error('[load server] uncaught exception', err);
  });

  const dir = mkdtempSync(join(tmpdir(), 'personas-load-'));
  let engineErrors = 0;
  const firstErrors: string[] = [];
  const engine = createPersonaEngine({
    provider: 'procedural',
    store: config.store === 'memory' ? 'memory' : { kind: 'sqlite', path: join(dir, 'personas.db') },
    onError: (err) => {
      engineErrors++;
      if (firstErrors.length < 5) firstErrors.push(err instanceof Error ? err.message : String(err));
    },
  });
  const worlds = Array.from({ length: config.rooms }, (_, i) => worldOf(i));

  const State = schema({ npcs: t.map(NpcPersona), tick: t.number().default(0) }, 'LoadState');
  type LoadState = InstanceType<typeof State>;
  let measuring: { late: number[]; ticks: number; started: number; rooms: number; cpu: NodeJS.CpuUsage } | null = null;
  const rooms = new Set<{ state: LoadState; plugins: { personas: InstanceType<typeof PersonaPlugin> } }>();

  class LoadRoom extends Room<{ state: LoadState }> {
    override state = new State();
    override maxClients = 64;
    override plugins = definePlugins([
      new PersonaPlugin({
        engine,
        // The server's own worlds (players pick one by id), and no budget for new ones.
        worlds,
        newWorlds: false,
        // All players connect from 127.0.0.1: limits far above what the players send.
        rateLimits: { spawn: { points: 100_000, durationSeconds: 1 }, focus: { points: 100_000, durationSeconds: 1 } },
      }),
    ]);

    override onCreate(): void {
      rooms.add(this as never);
      this.setSimulationInterval((dt) => {
        this.state.tick++;
        if (measuring) {
          measuring.ticks++;
          measuring.late.push(dt - TICK_MS);
        }
      }, TICK_MS);
    }

    override onDispose(): void {
      rooms.delete(this as never);
    }
  }

  const server = defineServer({
    transport: new WebSocketTransport({ maxPayload: 16 * 1024 }),
    greet: false,
    gracefullyShutdown: false,
    rooms: { load: defineRoom(LoadRoom).filterBy(['worldId']) },
  });
  const port = await freePort();
  await server.listen(port);

  const phases: Record<string, LagFigures> = {};
  let current: { name: string; histogram: IntervalHistogram } | null = null;
  const endPhase = () => {
    if (!current || !measuring) return;
    const h = current.histogram;
    h.disable();
    const seconds = (performance.now() - measuring.started) / 1000;
    const cpu = process.cpuUsage(measuring.cpu);
    const sampled = h.count > 0;
    phases[current.name] = {
      lagMs: sampled
        ? { p50: round(h.percentile(50) / 1e6), p99: round(h.percentile(99) / 1e6), max: round(h.max / 1e6), mean: round(h.mean / 1e6) }
        : { p50: 0, p99: 0, max: 0, mean: 0 },
      tickLateMs: {
        ...quantiles(measuring.late),
        rooms: measuring.rooms,
        ticks: measuring.ticks,
        expectedTicks: Math.floor((seconds * 1000 * measuring.rooms) / TICK_MS),
      },
      cpu: round((cpu.user + cpu.system) / 1e6 / Math.max(seconds, 0.001)),
      seconds: round(seconds, 1),
    };
    current = null;
    measuring = null;
  };
  const send = (msg: FromServer) => process.send!(msg);

  process.on('message', (msg: ToServer) => {
    void (async () => {
      if (msg.type === 'phase') {
        endPhase();
        const histogram = monitorEventLoopDelay({ resolution: 1 });
        histogram.enable();
        current = { name: msg.name, histogram };
        measuring = { late: [], ticks: 0, started: performance.now(), rooms: rooms.size, cpu: process.cpuUsage() };
      } else if (msg.type === 'final') {
        endPhase();
        let npcsInRooms = 0;
        let withoutBio = 0;
        let withoutBackstory = 0;
        for (const room of rooms) {
          for (const npc of room.plugins.personas.list()) {
            npcsInRooms++;
            if (!npc.bio) withoutBio++;
            if (!npc.backstory) withoutBackstory++;
          }
        }
        const m = engine.metrics.snapshot();
        const biosWritten = m.texts.bio.llm + m.texts.bio.procedural;
        send({
          type: 'final',
          phases,
          server: {
            npcsInRooms,
            withoutBio,
            withoutBackstory,
            personasCreated: m.personas.created,
            biosWritten,
            backstoriesWritten: m.texts.backstory.llm + m.texts.backstory.procedural,
            duplicateBios: Math.max(0, biosWritten - m.personas.created),
            jobsQueued: (await engine.queue.counts()).queued,
            jobsLeased: (await engine.queue.counts()).leased,
            engineErrors,
            firstErrors,
            unhandledRejections,
            uncaughtExceptions,
          },
        });
      } else if (msg.type === 'close') {
        await server.gracefullyShutdown(false).catch(() => undefined);
        await engine.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }
    })();
  });
  if (process.env.LOAD_DEBUG_STALLS) {
    let last = process.hrtime.bigint();
    setInterval(() => {
      const now = process.hrtime.bigint();
      const ms = Number(now - last) / 1e6;
      if (ms > 40) console.error(`[stall] ${ms.toFixed(0)} ms ending at ${now / 1000n} us`);
      last = now;
    }, 5).unref();
  }
  send({ type: 'ready', port });
}

// ---------------------------------------------------------------------------------------------
// The players (this process)
// ---------------------------------------------------------------------------------------------

interface NpcView {
  bio: string;
  backstory: string;
}
interface PlayerRoom {
  state: { npcs: { get(id: string): NpcView | undefined } };
  request(type: string, payload: unknown): Promise<unknown>;
  leave(consented?: boolean): Promise<number>;
  onDrop(cb: (code: number) => void): unknown;
  onLeave(cb: (code: number) => void): unknown;
  onError(cb: (code: number, message?: string) => void): unknown;
}
interface Player {
  index: number;
  room: PlayerRoom;
  ids: Set<string>;
  spawned: number;
  leaving: boolean;
  dropped: boolean;
}

function startServer(config: {
  store: 'sqlite' | 'memory';
  rooms: number;
}): Promise<{ child: ChildProcess; port: number; next: (type: FromServer['type']) => Promise<FromServer> }> {
  // LOAD_SERVER_NODE_ARGS: extra Node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const extra = (process.env.LOAD_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', JSON.stringify(config)], {
    execArgv: ['--import', 'tsx', ...extra],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (msg: FromServer) => void>();
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`load server exited (${signal ?? code})`))),
  );
  exited.catch(() => undefined);
  child.on('message', (msg: FromServer) => {
    waiting.get(msg.type)?.(msg);
    waiting.delete(msg.type);
  });
  const next = (type: FromServer['type']) => Promise.race([new Promise<FromServer>((resolve) => waiting.set(type, resolve)), exited]);
  return next('ready').then((msg) => ({ child, port: (msg as { port: number }).port, next }));
}

export async function loadBench(options: LoadOptions = {}): Promise<LoadFigures> {
  const clients = options.clients ?? 50;
  const roomCount = options.rooms ?? 5;
  const seconds = options.seconds ?? 10;
  const burst = options.burst ?? 3;
  const [minGap, maxGap] = options.spawnEveryMs ?? [3_000, 9_000];
  const store = options.store ?? 'sqlite';
  const drainLimit = (options.drainSeconds ?? 60) * 1000;
  const log = options.log ?? (() => undefined);
  const { Client } = await import('@colyseus/sdk');

  const { child, port, next } = await startServer({ store, rooms: roomCount });
  if (process.env.LOAD_DEBUG_STALLS) {
    let last = process.hrtime.bigint();
    setInterval(() => {
      const now = process.hrtime.bigint();
      const ms = Number(now - last) / 1e6;
      if (ms > 200) console.error(`[players stall] ${ms.toFixed(0)} ms ending at ${now / 1000n} us`);
      last = now;
    }, 5).unref();
  }
  const playersLag = monitorEventLoopDelay({ resolution: 10 });
  playersLag.enable();
  const playersCpu = process.cpuUsage();
  const playersStart = performance.now();
  const tell = (msg: ToServer) => child.send(msg);
  const players: Player[] = [];
  let joinFailures = 0;
  let spawnsSent = 0;
  let spawnsAccepted = 0;
  let requestErrors = 0;
  const refused: Record<string, number> = {};
  const replyMs: number[] = [];
  try {
    // Join: the first player of each world creates its room, then everyone else at once.
    log(`load: ${clients} players joining ${roomCount} worlds ...`);
    tell({ type: 'phase', name: 'join' });
    const join = async (index: number) => {
      try {
        const sdk = new Client(`ws://127.0.0.1:${port}`);
        const world = worldOf(index % roomCount);
        const room = (await sdk.joinOrCreate('load', { worldId: world.id, description: world.description })) as unknown as PlayerRoom;
        const player: Player = { index, room, ids: new Set(), spawned: 0, leaving: false, dropped: false };
        const dropped = () => {
          if (!player.leaving) player.dropped = true;
        };
        room.onDrop(dropped);
        room.onLeave(dropped);
        room.onError(dropped);
        players.push(player);
      } catch (err) {
        joinFailures++;
        log('load: join failed', err instanceof Error ? err.message : err);
      }
    };
    await Promise.all(Array.from({ length: Math.min(roomCount, clients) }, (_, i) => join(i)));
    await Promise.all(Array.from({ length: clients - Math.min(roomCount, clients) }, (_, i) => join(i + roomCount)));

    // Load: a burst per player, then one spawn every minGap-maxGap ms each.
    log(`load: spawning for ${seconds} s ...`);
    tell({ type: 'phase', name: 'load' });
    const spawn = async (p: Player) => {
      const n = p.spawned++;
      const roll = (p.index * 7919 + n * 104729) % 10;
      // 4 in 10 a new key (a miss), 3 a key shared by the world (cache hits, single-flight), 3 from the pool.
      const payload =
        roll < 4
          ? { key: `p${p.index}-${n}`, ...(roll === 0 ? { hints: ['left-handed'] } : {}) }
          : roll < 7
            ? { key: `guild-${(p.index + n) % SHARED_KEYS}` }
            : {};
      spawnsSent++;
      const t0 = performance.now();
      try {
        const reply = (await p.room.request('persona:spawn', payload)) as { id: string };
        replyMs.push(performance.now() - t0);
        spawnsAccepted++;
        p.ids.add(reply.id);
      } catch (err) {
        const code = (err as { reason?: { code?: string } })?.reason?.code;
        if (code) refused[code] = (refused[code] ?? 0) + 1;
        else requestErrors++;
      }
    };
    const end = performance.now() + seconds * 1000;
    const requests: Promise<void>[] = [];
    await Promise.all(
      players.map(async (p) => {
        for (let i = 0; i < burst; i++) requests.push(spawn(p));
        for (;;) {
          const gap = minGap + Math.random() * (maxGap - minGap);
          if (performance.now() + gap >= end) break;
          await sleep(gap);
          if (p.dropped) break;
          requests.push(spawn(p));
        }
      }),
    );
    await Promise.all(requests);
    await sleep(Math.max(0, end - performance.now()));

    // Drain: wait until every NPC the players were told about shows its bio and backstory.
    log('load: waiting for every bio and backstory ...');
    tell({ type: 'phase', name: 'drain' });
    const drainStart = performance.now();
    const missing = () => {
      let withoutBio = 0;
      let withoutBackstory = 0;
      for (const p of players) {
        for (const id of p.ids) {
          const npc = p.room.state.npcs.get(id);
          if (!npc?.bio) withoutBio++;
          if (!npc?.backstory) withoutBackstory++;
        }
      }
      return { withoutBio, withoutBackstory };
    };
    let left = missing();
    while ((left.withoutBio || left.withoutBackstory) && performance.now() - drainStart < drainLimit) {
      await sleep(100);
      left = missing();
    }
    const drainSeconds = round((performance.now() - drainStart) / 1000, 1);
    tell({ type: 'final' });
    const final = (await next('final')) as Extract<FromServer, { type: 'final' }>;
    playersLag.disable();
    const cpu = process.cpuUsage(playersCpu);

    const spawned = new Set(players.flatMap((p) => [...p.ids].map((id) => `${p.index % roomCount}/${id}`))).size;
    return {
      clients,
      rooms: roomCount,
      seconds,
      store,
      joinFailures,
      droppedClients: players.filter((p) => p.dropped).length,
      spawnsSent,
      spawnsAccepted,
      refused,
      requestErrors,
      spawnReplyMs: quantiles(replyMs),
      npcs: { spawned, ...left },
      drainSeconds,
      phases: final.phases as LoadFigures['phases'],
      players: {
        lagMs: { p99: round(playersLag.percentile(99) / 1e6), max: round(playersLag.max / 1e6) },
        cpu: round((cpu.user + cpu.system) / 1e3 / (performance.now() - playersStart)),
      },
      server: final.server,
    };
  } finally {
    for (const p of players) p.leaving = true;
    await Promise.all(players.map((p) => Promise.race([p.room.leave(true).catch(() => 0), sleep(2_000)])));
    const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    if (child.connected) tell({ type: 'close' });
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const serveConfig = arg('serve');
  if (serveConfig !== undefined) {
    void serve(JSON.parse(serveConfig) as { store: 'sqlite' | 'memory'; rooms: number });
  } else {
    const json = process.argv.includes('--json');
    loadBench({
      clients: Number(arg('clients') ?? 50),
      rooms: Number(arg('rooms') ?? 5),
      seconds: Number(arg('seconds') ?? 10),
      store: (arg('store') as 'sqlite' | 'memory' | undefined) ?? 'sqlite',
      log: json ? undefined : (...a) => console.error(...a),
    }).then(
      (figures) => {
        process.stdout.write(`${JSON.stringify(figures, null, json ? 0 : 2)}\n`);
        process.exit(0);
      },
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  }
}
