/**
 * Campaign: bounded load (issue #7, "200 clients, 20 rooms"). 200 `@colyseus/sdk` players join
 * 20 worlds of a real Colyseus server (PersonaPlugin, procedural provider, SQLite, 20 Hz room
 * ticks) running in its own process, and spawn NPCs for CAMPAIGN_LOAD_SECONDS (default 30;
 * the README quotes a 120 s run): 3 each right after joining (600 at once), then one every
 * 3-9 s each (the demo allows 40 per 10 s), as new keys, keys shared by the world and pool
 * spawns; rooms hold the plugin's default 200 NPCs. The server's rate limits are raised, since
 * every player comes from 127.0.0.1 (bench/load.ts).
 * Asserts: no player dropped, no join failed, no request failed (refusals such as ROOM_FULL are
 * answers), no unhandled rejection or uncaught exception and no engine error in the server, no
 * bio written twice, and every NPC a player was told about shows a bio, as the players see it
 * and as the server has it. Records the outcome, with the server's event-loop lag
 * (monitorEventLoopDelay) and tick lateness while players spawned, in the campaign table;
 * latency is reported, never asserted.
 *   CAMPAIGN_LOAD_SECONDS=120 npx vitest run --config vitest.campaign.config.ts test/campaign/load.test.ts
 * Cost: CAMPAIGN_LOAD_SECONDS plus 5-10 s to start, join and drain; two processes. */
import { describe, expect, it } from 'vitest';
import { loadBench } from '../../bench/load.js';
import { recordOutcome } from './outcome.js';

const SECONDS = Number(process.env.CAMPAIGN_LOAD_SECONDS ?? 30);
const CLIENTS = 200;
const ROOMS = 20;
const DRAIN_SECONDS = 180;

describe('load campaign', () => {
  it(
    `${CLIENTS} players in ${ROOMS} worlds spawning for ${SECONDS} s: nobody dropped, every NPC gets its bio`,
    async () => {
      expect(Number.isFinite(SECONDS) && SECONDS > 0).toBe(true);
      const f = await loadBench({
        clients: CLIENTS,
        rooms: ROOMS,
        seconds: SECONDS,
        store: 'sqlite',
        drainSeconds: DRAIN_SECONDS,
        log: (...a) => console.log(...a),
      });
      const load = f.phases.load;
      const tickShare = load.tickLateMs.expectedTicks ? load.tickLateMs.ticks / load.tickLateMs.expectedTicks : 1;
      const refusals = Object.entries(f.refused).map(([code, n]) => `${code} ${n}`);
      const unhandled = f.server.unhandledRejections + f.server.uncaughtExceptions;
      recordOutcome({
        campaign: `load: ${CLIENTS} players, ${ROOMS} worlds, ${SECONDS} s`,
        inputs: f.spawnsSent,
        unit: 'spawn requests',
        crashes: f.droppedClients + f.joinFailures,
        npcsWithoutBio: Math.max(f.npcs.withoutBio, f.server.withoutBio),
        jobsLost: f.server.jobsQueued + f.server.jobsLeased,
        duplicateGenerations: f.server.duplicateBios,
        unhandled,
        notes:
          `server event-loop lag while spawning p99 ${load.lagMs.p99} ms, max ${load.lagMs.max} ms (p50 ${load.lagMs.p50}); ` +
          `room ticks ${Math.round(tickShare * 100)}% of expected, late p99 ${load.tickLateMs.p99} ms, max ${load.tickLateMs.max} ms; ` +
          `joining (cold process) lag max ${f.phases.join.lagMs.max} ms; spawn reply p50 ${f.spawnReplyMs.p50} ms, p99 ${f.spawnReplyMs.p99} ms; ` +
          `${f.npcs.spawned} NPCs (${f.server.personasCreated} personas made), all backstories after ${f.drainSeconds} s more (${f.npcs.withoutBackstory} missing); ` +
          `${f.requestErrors} failed requests${refusals.length ? `, refused: ${refusals.join(', ')}` : ''}; ${f.server.engineErrors} engine errors`,
      });
      console.log(JSON.stringify(f, null, 2));
      expect(f.joinFailures).toBe(0);
      expect(f.droppedClients).toBe(0);
      expect(f.requestErrors).toBe(0);
      expect(f.spawnsAccepted).toBeGreaterThan(CLIENTS * 3);
      expect(unhandled).toBe(0);
      expect(f.server.engineErrors).toBe(0);
      expect(f.npcs.withoutBio).toBe(0);
      expect(f.server.withoutBio).toBe(0);
      expect(f.server.duplicateBios).toBe(0);
    },
    (SECONDS + DRAIN_SECONDS + 120) * 1000,
  );
});
