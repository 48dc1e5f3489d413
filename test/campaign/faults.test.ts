/**
 * Campaign: the provider fault matrix (issue #7). Every fault the loopback test server can
 * inject (http500, http429 with Retry-After, hang against a short provider timeout, malformed,
 * wrong-schema, length, refuse-json-schema, contradict) plus a real TCP connection reset, at
 * 10 % of chat requests (every 10th request is scripted to fail: the test server has no rate
 * option) and at 100 % (every model fails that way), with 40 NPCs per cell through an engine
 * using OpenAIProvider against the test server.
 * Asserts per cell: every NPC gets a bio (the model's, or the procedural fallback labelled
 * `source: 'procedural'` with `error` set); every backstory finishes or is failed with a
 * reason (`engine.idle()` returns); no unhandled rejection; no text generated successfully
 * twice for the same person (the one designed regeneration after a contradiction is counted
 * apart). One outcome row per fault rate.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPersonaEngine, OpenAIProvider, type PersonaEngine, type PersonaRecord } from '../../src/index.js';
import { startTestLlmServer, type TestLlmServer } from '../../src/testing/index.js';
import { recordOutcome } from './outcome.js';
import { countGenerations, faultyClient, type MatrixFault, type ResetServer, startResetServer } from './support-faults.js';
import { summarise, watchProcess } from './support-watch.js';

// Enough NPCs that every 10th request falls on each stage (bios and backstories share calls: 40 NPCs make about 21 requests).
const NPCS = 40;
const FAULTS: MatrixFault[] = [
  'http500',
  'http429',
  'hang',
  'malformed',
  'wrong-schema',
  'length',
  'refuse-json-schema',
  'contradict',
  'reset',
];
const RATES = [
  { label: '10 %', every: 10 },
  { label: '100 %', every: 1 },
] as const;
const MODELS = { profile: ['profile-model'], bio: ['bio-model'], backstory: ['story-model'] };
/** Faults the provider recovers from by design (another response format; a contradicting bio is accepted, a backstory regenerated once). */
const RECOVERABLE = new Set<MatrixFault>(['refuse-json-schema', 'contradict']);
/** A guard so a hung engine fails this test with a message instead of the whole run timing out. */
const IDLE_GUARD_MS = 60_000;

interface CellResult {
  fault: MatrixFault;
  rate: string;
  npcs: number;
  withoutBio: number;
  unlabelledFallbacks: number;
  procedural: number;
  jobsLost: number;
  failedWithReason: number;
  duplicates: string[];
  /** Model-written bios the log reader did not find (would make the duplicate count meaningless). */
  uncounted: string[];
  regenerations: number;
  unhandled: number;
  unhandledSummary: string;
  injected: number;
  unusedScripts: number;
  requests: number;
  hung: boolean;
}

const results: CellResult[] = [];
let reset: ResetServer;
let server: TestLlmServer | null = null;
let engine: PersonaEngine | null = null;

beforeAll(async () => {
  reset = await startResetServer();
});
afterEach(async () => {
  await engine?.close();
  await server?.close();
  engine = null;
  server = null;
});
afterAll(async () => {
  await reset.close();
  for (const rate of RATES) {
    const rows = results.filter((r) => r.rate === rate.label);
    if (!rows.length) continue;
    const sum = (f: (r: CellResult) => number) => rows.reduce((n, r) => n + f(r), 0);
    recordOutcome({
      campaign: `Provider faults at ${rate.label}`,
      inputs: sum((r) => r.npcs),
      unit: 'NPCs',
      crashes: sum((r) => (r.hung ? 1 : 0)),
      npcsWithoutBio: sum((r) => r.withoutBio + r.unlabelledFallbacks),
      jobsLost: sum((r) => r.jobsLost),
      duplicateGenerations: sum((r) => r.duplicates.length),
      unhandled: sum((r) => r.unhandled),
      notes:
        `${rows.length} fault modes x ${NPCS} NPCs; ${sum((r) => r.injected)} of ${sum((r) => r.requests)} chat requests faulted; ` +
        `${sum((r) => r.procedural)} labelled procedural bios; ${sum((r) => r.failedWithReason)} backstories failed with a reason; ` +
        `${sum((r) => r.regenerations)} designed regenerations after a contradiction`,
    });
  }
});

function withGuard<T>(work: Promise<T>): Promise<T | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), IDLE_GUARD_MS);
    }),
  ]);
}

async function runCell(
  fault: MatrixFault,
  rate: (typeof RATES)[number],
): Promise<{ result: CellResult; bios: PersonaRecord[]; finals: PersonaRecord[] }> {
  const watch = watchProcess();
  try {
    server = await startTestLlmServer();
    const injector = faultyClient(server, reset, { fault, every: rate.every, retryAfterSeconds: 1 }, [
      ...MODELS.profile,
      ...MODELS.bio,
      ...MODELS.backstory,
    ]);
    const provider = new OpenAIProvider({
      client: injector.client,
      models: MODELS,
      maxRetries: 1,
      timeoutMs: fault === 'hang' ? 400 : 10_000,
    });
    engine = createPersonaEngine({
      provider,
      store: 'memory',
      pool: { size: 0 },
      // Honour Retry-After but keep the matrix quick: pauses capped at 100 ms.
      scheduler: { maxRetryAfterMs: 100, defaultRetryAfterMs: 100 },
      backstories: { pollMs: 50 },
      onError: () => undefined, // background errors are expected here; the records say what happened
    });
    const world = engine.world({ id: `faults-${fault}-${rate.every}`, description: 'A medieval village in northern Britain' });
    const handles = Array.from({ length: NPCS }, (_, i) => world.persona(`npc-${i}`, i % 4 === 0 ? { hints: ['one-eyed'] } : undefined));
    const bios = await Promise.all(handles.map((h) => h.bio));
    const idle = await withGuard(engine.idle());
    const finals = idle === 'hung' ? handles.map((h) => h.record!) : await Promise.all(handles.map((h) => h.backstory));
    // Let anything still settling (a hanging socket's abort, a late rejection) surface before counting.
    await new Promise((r) => setTimeout(r, 50));
    const gen = countGenerations(server.requests);
    const result: CellResult = {
      fault,
      rate: rate.label,
      npcs: NPCS,
      withoutBio: bios.filter((r) => typeof r.bio !== 'string' || r.bio.trim() === '').length,
      unlabelledFallbacks: bios.filter((r) => r.sources.bio !== 'llm' && !(r.sources.bio === 'procedural' && r.error)).length,
      procedural: bios.filter((r) => r.sources.bio === 'procedural').length,
      jobsLost: finals.filter((r) => r.backstory === null && !(r.status === 'failed' && r.error)).length,
      failedWithReason: finals.filter((r) => r.backstory === null && r.status === 'failed' && r.error).length,
      duplicates: gen.duplicates,
      uncounted: bios.filter((r) => r.sources.bio === 'llm' && !gen.perPerson.has(`bio:${r.name}`)).map((r) => r.key),
      regenerations: gen.regenerations,
      unhandled: watch.unhandled.length + watch.uncaught.length,
      unhandledSummary: summarise([...watch.unhandled, ...watch.uncaught]),
      // Faults the test server actually applied (a scripted refuse-json-schema only matches json_schema requests); resets counted here.
      injected: fault === 'reset' ? injector.injected : Object.values(gen.faults).reduce((n, c) => n + c, 0),
      unusedScripts: server.pendingScripts,
      requests: injector.sent,
      hung: idle === 'hung',
    };
    results.push(result);
    return { result, bios, finals };
  } finally {
    watch.stop();
  }
}

for (const rate of RATES) {
  describe(`provider faults at ${rate.label} of requests, ${NPCS} NPCs each`, () => {
    for (const fault of FAULTS) {
      it(`${fault}: every NPC gets a labelled bio, every backstory ends, nothing unhandled, nothing generated twice`, async () => {
        const { result, bios, finals } = await runCell(fault, rate);
        expect(result.hung, 'engine.idle() never returned').toBe(false);
        expect(result.unhandledSummary, 'unhandled rejections / uncaught exceptions').toBe('');
        expect(result.injected).toBeGreaterThan(0);
        for (const rec of bios) {
          expect(rec.bio, `${rec.key} has a bio`).toEqual(expect.any(String));
          expect(rec.bio!.length).toBeGreaterThan(10);
          if (rec.sources.bio === 'procedural') expect(rec.error, `${rec.key}: a fallback bio says why`).toMatch(/\S/);
          else expect(rec.sources.bio).toBe('llm');
        }
        if (rate.every === 1 && !RECOVERABLE.has(fault)) {
          // Every model call fails this way: the procedural fallback writes every bio, and says so.
          expect(bios.map((r) => r.sources.bio)).toEqual(bios.map(() => 'procedural'));
        }
        if (RECOVERABLE.has(fault)) expect(bios.map((r) => r.sources.bio)).toEqual(bios.map(() => 'llm'));
        for (const rec of finals) {
          if (rec.backstory === null)
            expect(rec, `${rec.key}: no backstory, so failed with a reason`).toMatchObject({
              status: 'failed',
              error: expect.stringMatching(/\S/),
            });
          else expect(rec.status).toBe('complete');
        }
        expect(result.jobsLost).toBe(0);
        expect(result.uncounted, 'model bios missing from the generation count').toEqual([]);
        expect(result.duplicates, 'texts generated successfully more than once for one person').toEqual([]);
      });
    }
  });
}
