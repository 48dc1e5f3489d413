/**
 * The `generate` command: a persona dataset for one or more worlds, like the seed's
 * DatasetGenerator with `instructions` and `num_of_samples`, but seeded, deduplicated,
 * cached and resumable: keys are `1..N` per world, so rerunning the same command reuses
 * every finished persona from the store and pays only for what is missing.
 *   colyseus-personas generate --world "A modern neo-Tokyo" --count 20 --stage both --out tokyo.jsonl
 *   colyseus-personas generate --instructions worlds.json --format csv --out people.csv
 * Cost: per persona, 1/8 of a bio call and (for backstories) about one backstory call.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import cliProgress from 'cli-progress';
import { InvalidInputError } from '../core/errors.js';
import { worldIdFromDescription } from '../core/world.js';
import { createPersonaEngine, type PersonaEngine } from '../engine/engine.js';
import { type ExportFormat, type ExportRecord, type ExportStage, formatRecords, toExportRecord } from './export.js';

export const InstructionsSchema = z
  .array(
    z
      .object({
        simulation_description: z.string().trim().min(3).max(4000),
        num_of_samples: z.number().int().min(1).max(100_000),
        world_id: z.string().optional(),
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
  traits: string[];
  progress: boolean;
}

export interface GenerateSummary {
  personas: number;
  worlds: number;
  reused: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  fallbacks: number;
  flagged: number;
  seconds: number;
  provider: string;
}

export async function loadInstructions(options: Pick<GenerateOptions, 'world' | 'worldId' | 'instructions' | 'count' | 'traits'>): Promise<Instructions> {
  if (options.world && options.instructions) throw new InvalidInputError('Give either --world or --instructions, not both.');
  if (options.world) {
    return [{ simulation_description: options.world, num_of_samples: options.count, world_id: options.worldId, persona_traits: options.traits }];
  }
  if (!options.instructions) throw new InvalidInputError('Give a world: --world "A medieval village in northern Britain" or --instructions worlds.json.');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(options.instructions, 'utf8'));
  } catch (err) {
    throw new InvalidInputError(`Cannot read instructions file ${options.instructions}: ${(err as Error).message}`);
  }
  const parsed = InstructionsSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(`Invalid instructions file ${options.instructions}:\n${z.prettifyError(parsed.error)}\nExpected: [{ "simulation_description": "...", "num_of_samples": 10 }]`);
  return parsed.data;
}

export async function generate(options: GenerateOptions, engine?: PersonaEngine): Promise<{ records: ExportRecord[]; summary: GenerateSummary }> {
  const started = performance.now();
  const startedAt = Date.now();
  const instructions = await loadInstructions(options);
  const own = !engine;
  const eng =
    engine ??
    createPersonaEngine({
      provider: options.provider,
      store: options.db ? { kind: 'sqlite', path: options.db } : undefined,
      pool: { size: 0 },
      liveBatch: 8,
    });
  const total = instructions.reduce((n, i) => n + i.num_of_samples, 0);
  const bar = options.progress ? new cliProgress.SingleBar({ format: 'personas |{bar}| {value}/{total} {stage}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(total, 0, { stage: options.stage === 'bio' ? 'bios' : 'bios + backstories' });
  const records: ExportRecord[] = [];
  let reused = 0;
  // Ctrl-C: hand leased backstory jobs back to the store so the next run resumes them at once.
  const onSignal = () => {
    bar?.stop();
    process.stderr.write('interrupted: finished personas are cached; run the same command again to resume\n');
    void eng.close().finally(() => process.exit(130));
  };
  if (own) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    for (const item of instructions) {
      const world = eng.world({ id: item.world_id ?? worldIdFromDescription(item.simulation_description), description: item.simulation_description });
      await world.ready;
      const hints = item.persona_traits?.length ? { traits: item.persona_traits } : undefined;
      const handles = Array.from({ length: item.num_of_samples }, (_, i) => world.persona(String(i + 1), hints, { backstory: options.stage !== 'bio' }));
      const done = await Promise.all(
        handles.map(async (h) => {
          const rec = options.stage === 'bio' ? await h.bio : await h.backstory;
          if (rec.createdAt < startedAt) reused++;
          bar?.increment();
          return rec;
        }),
      );
      for (const rec of done) records.push(toExportRecord(rec, options.stage, item.simulation_description));
    }
  } finally {
    bar?.stop();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  const m = eng.metrics.snapshot();
  const summary: GenerateSummary = {
    personas: records.length,
    worlds: instructions.length,
    reused,
    calls: m.calls.profile + m.calls.bio + m.calls.backstory,
    promptTokens: m.tokens.prompt,
    completionTokens: m.tokens.completion,
    fallbacks: m.fallbacks.total,
    flagged: m.consistency.flagged,
    seconds: (performance.now() - started) / 1000,
    provider: eng.provider.name,
  };
  if (own) await eng.close();
  const text = formatRecords(records, options.format);
  if (options.out) await writeFile(options.out, text);
  else process.stdout.write(text);
  return { records, summary };
}
