/**
 * Trust benchmarks (issue 8, part of `npm run bench`):
 * - hangingModelBench: a Colyseus room whose engine's first bio model hangs (the loopback test
 *   server's `hang` fault) and whose second answers; keyed NPCs spawned on demand at a game's
 *   pace; spawn-to-bio p50/p99/max against the engine's bio deadline, bios from the fallback
 *   (provisional) vs the good model, requests the hanging model received (the circuit breaker
 *   should cut them to a handful), upgrades of the provisional bios afterwards.
 * - nearDuplicateBench: 1,000 personas of one world on the LLM path (test server, fast
 *   latency) with the engine's online near-duplicate check on (its default): the share of bios
 *   whose word-trigram Jaccard with any other bio of the world is > 0.5, computed here with a
 *   trigram inverted index (independent of the engine's check), and the engine's counters.
 *   const figures = await trustBench(console.error); // { trustHangingModel, trustNearDuplicates }
 * Cost: about 10 s (spawns over 3 s, upgrades waited for up to 8 s, 1,000 bios in 1-2 s).
 */
import { defineRoom, definePlugins, Room } from '@colyseus/core';
import { schema, type SchemaType, t } from '@colyseus/schema';
import { boot } from '@colyseus/testing';
import config from '@colyseus/tools';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { nearDuplicateRate, wordTrigrams } from '../src/core/quality.js';
import type { PersonaRecord } from '../src/core/types.js';
import { startTestLlmServer } from '../src/testing/index.js';
import { freePort } from './free-port.js';
import { NpcPersona, PersonaPlugin } from '../plugin/index.js';

const State = schema({ npcs: t.map(NpcPersona) }, 'TrustBenchState');
type State = SchemaType<typeof State>;
let current: PersonaEngine;

class TrustRoom extends Room<{ state: State }> {
  override state = new State();
  // bioDeadlineMs 0 here is the plugin's "show at once" (the NPC enters the state pending); the
  // bio deadline under test is the engine's.
  override plugins = definePlugins([new PersonaPlugin({ engine: current, bioDeadlineMs: 0, maxNpcs: 10_000 })]);
}

const description = 'A medieval village in northern Britain';
const pct = (values: number[], q: number) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const r = (n: number | null, d = 1) => (n === null ? null : Math.round(n * 10 ** d) / 10 ** d);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

export interface HangingModelOptions {
  /** Engine option liveBioDeadlineMs. Default: 500 (the engine's default is 2,000). */
  deadlineMs?: number;
  /** Keyed NPCs spawned. Default: 60. */
  npcs?: number;
  /** Gap between spawns. Default: 50 ms (60 NPCs over 3 s). */
  gapMs?: number;
  /** The good model's latency on the test server. Default: 20 ms. */
  latencyMs?: number;
  /** How long to wait after the spawns for provisional bios to be upgraded. Default: 8,000 ms. */
  upgradeWaitMs?: number;
}

export async function hangingModelBench(
  log: (...a: unknown[]) => void,
  options: HangingModelOptions = {},
): Promise<Record<string, unknown>> {
  const { deadlineMs = 500, npcs = 60, gapMs = 50, latencyMs = 20, upgradeWaitMs = 8_000 } = options;
  log(`trust: hanging first bio model, ${npcs} keyed spawns in a room, bio deadline ${deadlineMs} ms ...`);
  // The procedural fallback's first text in a process loads its language tooling (about 1 s,
  // synchronously): paid here, apart, and reported, so the spawns measure the deadline itself.
  const warmStart = performance.now();
  const warm = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
  await warm.world({ id: 'trust-warm-up', description }).persona('warm-up', undefined, { backstory: false }).bio;
  await warm.close();
  const fallbackWarmUpMs = performance.now() - warmStart;
  const server = await startTestLlmServer({ latencyMs, failModels: { 'hang-model': 'hang' } });
  const provider = new OpenAIProvider({
    baseURL: server.url,
    apiKey: 'bench',
    maxRetries: 0,
    models: { profile: ['good-model'], bio: ['hang-model', 'good-model'], backstory: ['good-model'] },
  });
  current = createPersonaEngine({
    provider,
    store: 'memory',
    pool: { size: 0 },
    backstories: { enabled: false },
    liveBioDeadlineMs: deadlineMs,
  });
  const colyseus = await boot(config({ rooms: { trust: defineRoom(TrustRoom) } }), await freePort());
  try {
    const room = await colyseus.createRoom<TrustRoom>('trust', { worldId: 'trust-village', description });
    const personas = room.plugins.personas;
    personas.startWorld();
    await personas.world.ready; // the profile (good model) is not part of spawn-to-bio
    const profileRequests = server.requests.length;

    const spawnedAt = new Map<string, number>();
    const first = new Map<string, { ms: number; rec: PersonaRecord }>();
    let rewrites = 0;
    const stop = personas.on('bio', (npc, rec) => {
      const t0 = spawnedAt.get(npc.key);
      if (t0 === undefined) return;
      if (first.has(npc.key)) rewrites++;
      else first.set(npc.key, { ms: performance.now() - t0, rec });
    });
    const started = performance.now();
    for (let i = 0; i < npcs; i++) {
      const key = `npc-${i}`;
      spawnedAt.set(key, performance.now());
      personas.spawn({ key, backstory: false });
      await sleep(gapMs);
    }
    const waitUntil = performance.now() + Math.max(10_000, deadlineMs * 4);
    while (first.size < npcs && performance.now() < waitUntil) await sleep(10);
    const spawnSeconds = (performance.now() - started) / 1000;
    const atBio = current.metrics.snapshot();
    const bioRequests = server.requests.slice(profileRequests).filter((q) => q.task === 'bios');
    const hangRequests = bioRequests.filter((q) => q.model === 'hang-model').length;
    const goodRequests = bioRequests.filter((q) => q.model === 'good-model').length;

    // Afterwards: the provisional bios are rewritten by the model in the background.
    const provisionalNow = () => personas.list().filter((n) => n.provisional).length;
    const upgradeUntil = performance.now() + upgradeWaitMs;
    while (provisionalNow() > 0 && performance.now() < upgradeUntil) await sleep(50);
    stop();
    const end = current.metrics.snapshot();

    const ms = [...first.values()].map((f) => f.ms);
    const slowest = [...first]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 5)
      .map(([key, f]) => `${key} ${r(f.ms)} ms ${f.rec.sources?.bio ?? '?'}`);
    const recs = [...first.values()].map((f) => f.rec);
    const fromFallback = recs.filter((rec) => rec.provisional?.bio === true || rec.sources?.bio === 'procedural').length;
    const fromGood = recs.filter((rec) => rec.sources?.bio === 'llm' && rec.models?.bio === 'good-model').length;
    const max = ms.length ? Math.max(...ms) : null;
    return {
      deadlineMs,
      npcs,
      fallbackWarmUpMs: r(fallbackWarmUpMs),
      fallbackWarmUpNote:
        "the fallback's first procedural world and bio in this process, before the spawns (its language tooling loads once per process, synchronously: about 1 s cold; without this warm-up the first deadline miss pays it and delays every timer behind it)",
      arrival: `${npcs} keyed spawns in one room, one every ${gapMs} ms (server side, plugin.spawn), bios only; models bio = [hang-model, good-model], good model ${latencyMs} ms`,
      bios: first.size,
      spawnSeconds: r(spawnSeconds, 2),
      spawnToBioMs: { p50: r(pct(ms, 0.5)), p99: r(pct(ms, 0.99)), max: r(max) },
      slowest,
      overDeadlinePlus50: ms.filter((x) => x > deadlineMs + 50).length,
      p99OverDeadlineMs: r((pct(ms, 0.99) ?? 0) - deadlineMs),
      target: 'p99 <= deadline + 50 ms',
      firstBio: { fallbackProvisional: fromFallback, goodModel: fromGood, other: recs.length - fromFallback - fromGood },
      serverBioRequests: { hangModel: hangRequests, goodModel: goodRequests },
      engine: {
        deadlineMissed: atBio.deadlineMissed,
        fallbacks: atBio.fallbacks,
        breakers: atBio.breakers.states.map((b) => ({ model: b.model, state: b.state, opens: b.opens, skips: b.skips })),
      },
      afterUpgrades: {
        waitedSeconds: r((performance.now() - started) / 1000 - spawnSeconds, 2),
        provisionalLeft: provisionalNow(),
        bioRewritesSeen: rewrites,
        upgraded: end.provisional.upgraded,
        upgradeFailed: end.provisional.upgradeFailed,
        pendingUpgrades: end.provisional.pendingUpgrades,
        hangModelRequestsTotal: server.requests.filter((q) => q.model === 'hang-model').length,
      },
    };
  } finally {
    await colyseus.shutdown();
    await current.close();
    await server.close();
  }
}

/**
 * Texts (indices) with at least one other text whose word-trigram Jaccard is > threshold,
 * through an inverted index trigram -> texts: only pairs sharing a trigram are scored.
 */
export function nearDuplicateFlags(texts: readonly string[], threshold = 0.5): { flagged: Uint8Array; pairs: Array<[number, number]> } {
  const grams = texts.map((text) => [...wordTrigrams(text)]);
  const index = new Map<string, number[]>();
  grams.forEach((gs, i) => {
    for (const g of gs) {
      const list = index.get(g);
      if (list) list.push(i);
      else index.set(g, [i]);
    }
  });
  const flagged = new Uint8Array(texts.length);
  const shared = new Int32Array(texts.length);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < texts.length; i++) {
    const touched: number[] = [];
    for (const g of grams[i]!) {
      for (const j of index.get(g)!) {
        if (j <= i) continue; // each pair once, from its lower index
        const before = shared[j]!;
        shared[j] = before + 1;
        if (before === 0) touched.push(j);
      }
    }
    for (const j of touched) {
      const both = shared[j]!;
      shared[j] = 0;
      if (both / (grams[i]!.length + grams[j]!.length - both) > threshold) {
        flagged[i] = flagged[j] = 1;
        pairs.push([i, j]);
      }
    }
  }
  return { flagged, pairs };
}

export interface NearDuplicateOptions {
  /** Personas of one world. Default: 1,000. */
  personas?: number;
  /** Test server latency. Default: 2 ms. */
  latencyMs?: number;
}

export async function nearDuplicateBench(
  log: (...a: unknown[]) => void,
  options: NearDuplicateOptions = {},
): Promise<Record<string, unknown>> {
  const { personas = 1000, latencyMs = 2 } = options;
  log(`trust: near-duplicate bios over ${personas} personas of one world (LLM path, check on) ...`);
  const server = await startTestLlmServer({ latencyMs });
  const provider = new OpenAIProvider({
    baseURL: server.url,
    apiKey: 'bench',
    maxRetries: 0,
    models: { profile: ['profile-model'], bio: ['bio-model'], backstory: ['story-model'] },
  });
  const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
  try {
    const world = engine.world({ id: 'near-duplicate-village', description });
    await world.ready;
    const t0 = performance.now();
    const recs = await Promise.all(
      Array.from({ length: personas }, (_, i) => world.persona(`nd-${i}`, undefined, { backstory: false }).bio),
    );
    const seconds = (performance.now() - t0) / 1000;
    const bios = recs.map((rec) => rec.bio ?? '');
    const t1 = performance.now();
    const { flagged, pairs } = nearDuplicateFlags(bios);
    const indexMs = performance.now() - t1;
    let near = 0;
    for (const f of flagged) near += f;
    const m = engine.metrics.snapshot();
    return {
      personas,
      seconds: r(seconds, 2),
      nearDuplicateShare: r(near / bios.length, 4),
      nearDuplicateBios: near,
      pairsOver05: pairs.length,
      // Pairs the engine's check let through unflagged (neither bio's record is flagged): drafts
      // written at the same time (one batch, or calls in flight together) do not see each other.
      pairsWithoutFlag: pairs.filter(([i, j]) => recs[i]!.checks?.bio?.ok !== false && recs[j]!.checks?.bio?.ok !== false).length,
      // Cross-check with the all-pairs scan of src/core/quality.ts (same tokenisation).
      bruteForceShare: r(nearDuplicateRate(bios), 4),
      indexMs: r(indexMs),
      target: '< 1 % near-duplicate bios (word-trigram Jaccard > 0.5)',
      sources: {
        llm: recs.filter((rec) => rec.sources?.bio === 'llm').length,
        procedural: recs.filter((rec) => rec.sources?.bio === 'procedural').length,
      },
      flaggedRecords: recs.filter((rec) => rec.checks?.bio?.ok === false).length,
      engine: { nearDuplicates: m.nearDuplicates, bioCalls: m.calls.bio, consistencyBio: m.consistencyByStage.bio },
      serverBioRequests: server.requests.filter((q) => q.task === 'bios').length,
    };
  } finally {
    await engine.close();
    await server.close();
  }
}

/** Both trust figures, as `npm run bench` prints them. */
export async function trustBench(
  log: (...a: unknown[]) => void,
): Promise<{ trustHangingModel: Record<string, unknown>; trustNearDuplicates: Record<string, unknown> }> {
  const trustHangingModel = await hangingModelBench(log);
  const trustNearDuplicates = await nearDuplicateBench(log);
  return { trustHangingModel, trustNearDuplicates };
}

/** A few readable lines for `npm run bench` (the JSON output carries every field). */
export function trustTable(figures: {
  trustHangingModel: Record<string, unknown>;
  trustNearDuplicates: Record<string, unknown>;
}): string[] {
  const h = figures.trustHangingModel as {
    deadlineMs: number;
    npcs: number;
    spawnToBioMs: { p50: number; p99: number; max: number };
    overDeadlinePlus50: number;
    firstBio: { fallbackProvisional: number; goodModel: number };
    serverBioRequests: { hangModel: number; goodModel: number };
    afterUpgrades: { provisionalLeft: number; waitedSeconds: number };
  };
  const n = figures.trustNearDuplicates as {
    personas: number;
    nearDuplicateShare: number;
    pairsOver05: number;
    pairsWithoutFlag: number;
    engine: { nearDuplicates: Record<string, number> };
  };
  const nd = n.engine.nearDuplicates;
  return [
    `Hanging first bio model (room, ${h.npcs} keyed spawns, bio deadline ${h.deadlineMs} ms; target p99 <= deadline + 50 ms):`,
    `  spawn-to-bio p50 ${h.spawnToBioMs.p50} ms, p99 ${h.spawnToBioMs.p99} ms, max ${h.spawnToBioMs.max} ms; ${h.overDeadlinePlus50} over deadline + 50 ms`,
    `  first bios: ${h.firstBio.fallbackProvisional} from the fallback (provisional), ${h.firstBio.goodModel} from the good model; ` +
      `requests to the hanging model ${h.serverBioRequests.hangModel}, to the good model ${h.serverBioRequests.goodModel}; ` +
      `provisional left after ${h.afterUpgrades.waitedSeconds} s: ${h.afterUpgrades.provisionalLeft}`,
    `Near-duplicate bios over ${n.personas} personas of one world (LLM path, check on; target < 1 %):`,
    `  ${(n.nearDuplicateShare * 100).toFixed(1)} % of bios have a twin with trigram Jaccard > 0.5 (${n.pairsOver05} pairs, ${n.pairsWithoutFlag} with neither bio flagged); ` +
      `engine: ${nd.checked ?? 0} checked, ${nd.regenerated ?? 0} regenerated, ${nd.flagged ?? 0} flagged`,
  ];
}
