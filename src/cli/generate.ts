/**
 * The `generate` command: a persona dataset for one or more worlds, like the Dria persona factory's
 * DatasetGenerator with `instructions` and `num_of_samples`, but seeded, deduplicated,
 * cached and resumable: keys are `1..N` per world, so rerunning the same command reuses
 * every finished persona from the store and pays only for what is missing. It waits for
 * every persona it was asked for (taking over jobs a killed run left behind), never exits 0
 * without writing them (see exit-codes.ts), and on Ctrl-C lets calls in flight finish first.
 * It streams: keys are worked in windows of 200 (the next starting as one finishes) and each
 * record is written, in key order, as soon as it and every key before it are done; `--out`
 * goes to `<out>.partial`, renamed to `<out>` only when everything is written. A record that
 * is provisional (a text written by the procedural fallback while the model failed) is counted;
 * when a rerun finds one in the store and the provider is a model, it is rewritten in place
 * (`world.upgrade(key)`: same key, name and traits) before it is written.
 *   colyseus-personas generate --world "A modern neo-Tokyo" --count 20 --stage both --out tokyo.jsonl
 *   colyseus-personas generate --instructions worlds.json --format csv --out people.csv
 * Cost: memory flat in N (two windows of handles); per persona, 1/8 of a bio call and (for backstories) about 1/8 of a backstory call (8 per call; smaller calls at the tail, alone for a regeneration); a provisional record from an earlier run, one call per provisional text (at the engine's lowest priority).
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import cliProgress from 'cli-progress';
import { InvalidInputError, StoreBusyError, StoreUnavailableError } from '../core/errors.js';
import { worldIdFromDescription } from '../core/world.js';
import { raceAbort } from './abortable.js';
import { createPersonaEngine, type PersonaEngine } from '../engine/engine.js';
import type { StoreSpec } from '../stores/index.js';
import { describeError, EXIT } from './exit-codes.js';
import { settle } from './settle.js';
import type { PersonaRecord } from '../core/types.js';
import { type ExportFormat, type ExportRecord, type ExportStage, provisionalFor, toExportRecord } from './export.js';
import { openRecordSink, type RecordSink } from './output.js';

export const InstructionsSchema = z
  .array(
    z
      .object({
        simulation_description: z.string().trim().min(3).max(4000),
        num_of_samples: z.number().int().min(1).max(100_000),
        world_id: z.string().optional(),
        // The Dria persona factory's name for free-text hints (the file keeps its format); passed on as `hints`.
        persona_traits: z.array(z.string()).max(12).optional(),
      })
      .strict(),
  )
  .min(1, 'the instructions file lists no worlds');
export type Instructions = z.infer<typeof InstructionsSchema>;

export interface GenerateOptions {
  world?: string;
  worldId?: string;
  instructions?: string;
  count: number;
  stage: ExportStage;
  format: ExportFormat;
  out?: string;
  db?: string;
  provider: 'env' | 'procedural';
  /** Free-text hints every persona of a --world must carry (`--hint`); an instructions file gives them per world as `persona_traits`. */
  hints: string[];
  progress: boolean;
  /** Backstories per model call (1-8). Default: 8 (a dataset wants throughput; the engine's default is 4). */
  backstoryBatch?: number;
  /** On Ctrl-C, how long model calls already running may finish (and be stored, not paid twice). Default: 10,000 ms. */
  drainMs?: number;
  /** Keys per window: at most two windows of persona handles exist at once, so memory stays flat in N. Default: 200. */
  window?: number;
  /** Also return every record written (memory grows with N; for tests and small runs). Default: false. */
  keepRecords?: boolean;
}

export interface GenerateSummary {
  personas: number;
  worlds: number;
  /** Personas that were already complete (for the stage asked) in the store before this run. */
  reused: number;
  /** Personas written but not complete for the stage asked (status `failed`); the command exits 4 when any. */
  incomplete: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  fallbacks: number;
  /**
   * Records written with a provisional text for the stage asked (written by the procedural
   * fallback because the model failed); the command exits 5 when any, unless --allow-fallback.
   */
  provisional: number;
  /** Of those, records with a provisional bio, and with a provisional backstory. */
  provisionalBios: number;
  provisionalBackstories: number;
  /** Records that were provisional in the store before this run and were rewritten by the model in it. */
  upgraded: number;
  /** Worlds whose profile is provisional (written by the fallback); the engine tries the model profile again on the next run. */
  provisionalProfiles: number;
  flagged: number;
  seconds: number;
  provider: string;
}

export interface GenerateResult {
  /** The records written, in output order, when `keepRecords` is set; otherwise empty (the command keeps none). */
  records: ExportRecord[];
  summary: GenerateSummary;
  /** The first (up to 100) records written but not complete for the stage asked; `summary.incomplete` counts them all. */
  incomplete: ExportRecord[];
  /** The first (up to 100) records written with a provisional text; `summary.provisional` counts them all. */
  provisional: ExportRecord[];
}

const DEFAULT_DRAIN_MS = 10_000;
/** Backstories per call in a dataset run: throughput over latency (the engine's default is 4). */
export const DEFAULT_CLI_BACKSTORY_BATCH = 8;
/** Persona handles made at once: a window of keys, the next one starting as it finishes. */
const DEFAULT_WINDOW = 200;
const MAX_INCOMPLETE_KEPT = 100;

/**
 * The store the command uses: --db, else Redis at REDIS_URL (failing fast when it does not
 * answer), else the SQLite file at PERSONAS_DB or .personas/personas.db (the engine's default).
 */
export function storeSpec(options: Pick<GenerateOptions, 'db'>): StoreSpec | undefined {
  if (options.db) {
    if (options.db !== ':memory:') {
      try {
        mkdirSync(dirname(options.db), { recursive: true });
      } catch {
        // the store's open error names the path and what to do
      }
    }
    return { kind: 'sqlite', path: options.db };
  }
  const url = process.env.REDIS_URL;
  if (url) return { kind: 'redis', url, prefix: process.env.PERSONAS_REDIS_PREFIX || undefined, maxRetriesPerRequest: 1 };
  return undefined;
}

const isStoreFailure = (err: unknown): boolean => err instanceof StoreUnavailableError || err instanceof StoreBusyError;

/** Background problems worth a line on stderr (a few, then a count); store failures end the run instead. */
function warner(): { warn: (err: unknown) => void; flush: () => void } {
  const MAX = 5;
  let seen = 0;
  return {
    warn(err) {
      seen++;
      if (seen <= MAX) process.stderr.write(`colyseus-personas: warning: ${err instanceof Error ? err.message : String(err)}\n`);
    },
    flush() {
      if (seen > MAX) process.stderr.write(`colyseus-personas: ${seen - MAX} more warning(s) not shown\n`);
    },
  };
}

export async function loadInstructions(
  options: Pick<GenerateOptions, 'world' | 'worldId' | 'instructions' | 'count' | 'hints'>,
): Promise<Instructions> {
  if (options.world && options.instructions) throw new InvalidInputError('Give either --world or --instructions, not both.');
  if (options.world) {
    return [
      { simulation_description: options.world, num_of_samples: options.count, world_id: options.worldId, persona_traits: options.hints },
    ];
  }
  if (!options.instructions)
    throw new InvalidInputError('Give a world: --world "A medieval village in northern Britain" or --instructions worlds.json.');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(options.instructions, 'utf8'));
  } catch (err) {
    throw new InvalidInputError(`Cannot read instructions file ${options.instructions}: ${(err as Error).message}`);
  }
  const parsed = InstructionsSchema.safeParse(raw);
  if (!parsed.success)
    throw new InvalidInputError(
      `Invalid instructions file ${options.instructions}:\n${z.prettifyError(parsed.error)}\nExpected: [{ "simulation_description": "...", "num_of_samples": 10 }]`,
    );
  return parsed.data;
}

/** A provisional text the stage exports (the bio alone for --stage bio). */
function isProvisionalFor(rec: PersonaRecord, stage: ExportStage): boolean {
  const flags = provisionalFor(rec, stage);
  return flags.bio || flags.backstory;
}

export async function generate(options: GenerateOptions, engine?: PersonaEngine): Promise<GenerateResult> {
  const started = performance.now();
  const instructions = await loadInstructions(options);
  const own = !engine;
  let storeFailed!: (err: unknown) => void;
  const abort = new Promise<never>((_, reject) => (storeFailed = reject));
  abort.catch(() => undefined); // observed through settle(); never unhandled
  const warnings = warner();
  const eng =
    engine ??
    createPersonaEngine({
      provider: options.provider,
      store: storeSpec(options),
      pool: { size: 0 },
      liveBatch: 8,
      backstories: { batch: options.backstoryBatch ?? DEFAULT_CLI_BACKSTORY_BATCH },
      // A dataset run has no live players: every provider slot may run backstories.
      scheduler: { reservedForLive: 0 },
      // A dataset waits for its model (no live deadline), and upgrades provisional records on a rerun, in
      // the order it writes them, rather than in the background after it wrote them.
      liveBioDeadlineMs: false,
      upgrades: false,
      // Only the windows in flight need their handles (evicting one still in flight would lose its updates).
      cacheSize: Math.max(1_000, 4 * Math.max(1, options.window ?? DEFAULT_WINDOW)),
      onError: (err) => (isStoreFailure(err) ? storeFailed(err) : warnings.warn(err)),
    });
  const total = instructions.reduce((n, i) => n + i.num_of_samples, 0);
  const bar = options.progress
    ? new cliProgress.SingleBar(
        { format: 'personas |{bar}| {value}/{total} {stage}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const window = Math.max(1, options.window ?? DEFAULT_WINDOW);
  const records: ExportRecord[] = [];
  const incomplete: ExportRecord[] = [];
  let incompleteCount = 0;
  const provisional: ExportRecord[] = [];
  const counts = { provisional: 0, bios: 0, backstories: 0, upgraded: 0, profiles: 0 };
  let reused = 0;
  let sink: RecordSink | null = null;
  let written = 0;
  // Ctrl-C: let the calls already running finish and be stored (so a rerun does not pay for
  // them again), hand the other leased jobs back, and exit; a second Ctrl-C exits at once.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    if (stopping) process.exit(code);
    stopping = true;
    bar?.stop();
    const running = eng.inFlight.backstories + eng.inFlight.generations;
    const drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;
    process.stderr.write(
      running
        ? `interrupted: letting ${running} model call(s) in flight finish (up to ${Math.round(drainMs / 1000)} s; ${signal === 'SIGINT' ? 'Ctrl-C again' : 'signal again'} to stop now)\n`
        : 'interrupted\n',
    );
    void (async () => {
      await eng.drain(drainMs);
      const cut = eng.inFlight.backstories + eng.inFlight.generations;
      await eng.close();
      process.stderr.write(
        `${cut ? `${cut} model call(s) were cut off: they are paid and will be asked again when you resume. ` : ''}` +
          'Finished personas are cached; run the same command again to resume.\n',
      );
    })()
      .catch((err: unknown) => process.stderr.write(`colyseus-personas: ${describeError(err)}\n`))
      .finally(() => process.exit(code));
  };
  if (own) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  // Only a model can improve a fallback text: the procedural provider would write the same again.
  const upgradable = options.provider !== 'procedural' && eng.provider.name !== 'procedural';
  try {
    // Reach the job queue (on Redis: the store's Redis) before anything else: a wrong REDIS_URL fails here, at once and clearly.
    await raceAbort(eng.queue.counts(), abort);
    const out = await openRecordSink({ format: options.format, stage: options.stage, out: options.out });
    sink = out;
    bar?.start(total, 0, { stage: options.stage === 'bio' ? 'bios' : 'bios + backstories' });
    for (const item of instructions) {
      const world = eng.world({
        id: item.world_id ?? worldIdFromDescription(item.simulation_description),
        description: item.simulation_description,
      });
      let stored = await raceAbort(world.ready, abort);
      // A profile the fallback wrote in an earlier run: the model gets another go (personas already made keep their identities).
      if (stored.profileError && upgradable) stored = await raceAbort(world.upgradeProfile(), abort);
      if (stored.profileError) counts.profiles++;
      const hints = item.persona_traits?.length ? { hints: item.persona_traits } : undefined;
      // Finished records wait here until every key before them is written (output in key order).
      const finished = new Map<number, { record: ExportRecord; complete: boolean; flags: { bio: boolean; backstory: boolean } }>();
      let next = 0;
      const emit = (index: number, rec: PersonaRecord) => {
        const complete = !(rec.status === 'failed' || rec.bio === null || (options.stage !== 'bio' && rec.backstory === null));
        finished.set(index, {
          record: toExportRecord(rec, options.stage, item.simulation_description),
          complete,
          flags: provisionalFor(rec, options.stage),
        });
        for (let f = finished.get(next); f; f = finished.get(next)) {
          finished.delete(next++);
          out.write(f.record);
          if (options.keepRecords) records.push(f.record);
          if (!f.complete) {
            incompleteCount++;
            if (incomplete.length < MAX_INCOMPLETE_KEPT) incomplete.push(f.record);
          }
          if (f.flags.bio || f.flags.backstory) {
            counts.provisional++;
            if (f.flags.bio) counts.bios++;
            if (f.flags.backstory) counts.backstories++;
            if (provisional.length < MAX_INCOMPLETE_KEPT) provisional.push(f.record);
          }
        }
      };
      // A record left provisional by an earlier run is rewritten by the model, then written.
      const upgradeThenEmit = async (index: number, rec: PersonaRecord): Promise<void> => {
        let final = rec;
        try {
          final = (await raceAbort(world.upgrade(rec.key), abort)) ?? rec;
        } catch (err) {
          if (isStoreFailure(err)) {
            storeFailed(err); // ends the run through `abort` (a no-op when it has already)
            return;
          }
          warnings.warn(err); // written as it is: still provisional, and counted so
        }
        if (!isProvisionalFor(final, options.stage)) counts.upgraded++;
        emit(index, final);
      };
      // Keys 1..N in windows; the next window starts while the one before finishes, so no slot idles at a window's tail.
      const runWindow = async (start: number): Promise<void> => {
        const keys = Array.from({ length: Math.min(window, item.num_of_samples - start) }, (_, i) => String(start + i + 1));
        // Reused = complete for this stage before this run (read before this window's work starts).
        const before = await raceAbort(Promise.all(keys.map((k) => eng.store.getPersona(world.id, world.fingerprint, k))), abort);
        reused += before.filter((rec) => rec && (options.stage === 'bio' ? rec.bio !== null : rec.backstory !== null)).length;
        const handles = keys.map((k) => world.persona(k, hints, { backstory: options.stage !== 'bio' }));
        // Upgrades of this window (at most one per key: memory stays bounded by the window);
        // they run side by side and the engine schedules their calls.
        const upgrades: Array<Promise<void>> = [];
        await settle(eng, handles, {
          stage: options.stage,
          abort,
          onSettled: (rec, i) => {
            bar?.increment();
            const prior = before[i];
            if (upgradable && prior && isProvisionalFor(prior, options.stage) && isProvisionalFor(rec, options.stage))
              upgrades.push(upgradeThenEmit(start + i, rec));
            else emit(start + i, rec);
          },
        });
        await raceAbort(Promise.all(upgrades), abort);
      };
      let previous: Promise<void> | null = null;
      for (let start = 0; start < item.num_of_samples; start += window) {
        const current = runWindow(start);
        current.catch(() => undefined); // awaited below; a failure ends the run there
        if (previous) await previous;
        await out.ready(); // backpressure: a slow disk or pipe holds the next window back
        previous = current;
      }
      await previous;
      await out.ready();
      if (finished.size) throw new Error(`internal: ${finished.size} record(s) of ${item.simulation_description} were never written`);
    }
    await out.finish();
    written = out.written;
    sink = null;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    warnings.flush();
    sink?.abort(); // a failure: the output stays `<out>.partial`, never a file that looks complete
    if (own && !stopping) await eng.close();
  }
  const m = eng.metrics.snapshot();
  const summary: GenerateSummary = {
    personas: written,
    worlds: instructions.length,
    reused,
    incomplete: incompleteCount,
    calls: m.calls.profile + m.calls.bio + m.calls.backstory,
    promptTokens: m.tokens.prompt,
    completionTokens: m.tokens.completion,
    fallbacks: m.fallbacks.total,
    provisional: counts.provisional,
    provisionalBios: counts.bios,
    provisionalBackstories: counts.backstories,
    upgraded: counts.upgraded,
    provisionalProfiles: counts.profiles,
    flagged: m.consistencyByStage.bio.flagged + m.consistencyByStage.backstory.flagged,
    seconds: (performance.now() - started) / 1000,
    provider: eng.provider.name,
  };
  return { records, summary, incomplete, provisional };
}
