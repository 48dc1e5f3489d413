/**
 * The `colyseus-personas` command line. Today one command, `generate` (see generate.ts).
 *   npx colyseus-personas generate --world "A medieval village in northern Britain" --count 10
 * Exit codes (exit-codes.ts): 0 everything written, 1 unexpected error, 2 bad options or
 * input, 3 store unavailable or locked, 4 some personas incomplete (written, marked failed),
 * 5 some records provisional (procedural fallback while the model failed; 0 with
 * --allow-fallback), 130/143 interrupted.
 * Cost: start-up loads the engine (~100 ms); the rest is the generation itself.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliExit, describeError, EXIT, exitCodeFor } from './exit-codes.js';
import { capHeap } from './heap-cap.js';
import { DEFAULT_CLI_BACKSTORY_BATCH, generate, type GenerateOptions, type GenerateSummary } from './generate.js';
import { enqueueDataset } from './enqueue.js';
import { runWorker } from './worker.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('expected a whole number from 1 to 100000');
  return n;
}

function batchSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new InvalidArgumentError('expected a whole number from 1 to 8');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 86_400_000) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The summary's provisional line: records, then texts by kind, and what a rerun upgraded. */
function provisionalLine(summary: GenerateSummary): string {
  const texts = summary.provisional ? ` (bios: ${summary.provisionalBios}, backstories: ${summary.provisionalBackstories})` : '';
  const profiles = summary.provisionalProfiles ? `, provisional world profiles: ${summary.provisionalProfiles}` : '';
  return `provisional records: ${summary.provisional}${texts}, upgraded from an earlier run: ${summary.upgraded}${profiles}`;
}

function keyList(records: ReadonlyArray<{ key: string }>): string {
  return `${records
    .slice(0, 5)
    .map((r) => r.key)
    .join(', ')}${records.length > 5 ? ', ...' : ''}`;
}

export function buildProgram(): Command {
  const program = new Command('colyseus-personas')
    .description('Persona datasets and NPC personas from a world description.')
    .showHelpAfterError()
    .exitOverride();
  const command = program
    .command('generate')
    .description('Generate a persona dataset for a world (offline by default; set OPENAI_API_KEY or OPENAI_BASE_URL for a model).')
    .option('--world <description>', 'the world, described in words')
    .option('--world-id <id>', 'id to store the world under (default: derived from the description)')
    .option('--instructions <file.json>', 'worlds to generate: [{ "simulation_description": "...", "num_of_samples": N }]')
    .option('--count <n>', 'personas for --world', positiveInt, 10)
    .addOption(new Option('--stage <stage>', 'what to write').choices(['bio', 'backstory', 'both']).default('both'))
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'json', 'csv']).default('jsonl'))
    .option('--out <file>', 'write here instead of stdout')
    .option('--db <path>', 'SQLite cache (default: PERSONAS_DB or .personas/personas.db)')
    .option('--hint <text>', 'a hint every persona must have, e.g. "one-eyed" (repeatable; --trait is the old name)', collect, [])
    // The old name of --hint, still accepted and hidden from --help; the listener below adds its values to the same list.
    .addOption(new Option('--trait <text>').hideHelp())
    .option(
      '--backstory-batch <n>',
      'backstories per model call, 1-8 (lower it for a small context window)',
      batchSize,
      DEFAULT_CLI_BACKSTORY_BATCH,
    )
    .addOption(
      new Option('--provider <provider>', 'procedural: offline templates; env: OpenAI-compatible endpoint from the environment')
        .choices(['env', 'procedural'])
        .default('env'),
    )
    .option(
      '--allow-fallback',
      'exit 0 even when some texts are provisional (written by the procedural fallback because the model failed; exit 5 otherwise)',
    )
    .option('--no-progress', 'no progress bar')
    .option(
      '--enqueue',
      'queue the personas as jobs for `colyseus-personas worker` processes (BullMQ at REDIS_URL) instead of making them here; run again without it to collect',
    )
    .action(
      async (opts: {
        enqueue?: boolean;
        world?: string;
        worldId?: string;
        instructions?: string;
        count: number;
        stage: GenerateOptions['stage'];
        format: GenerateOptions['format'];
        out?: string;
        db?: string;
        hint: string[];
        backstoryBatch: number;
        provider: 'env' | 'procedural';
        allowFallback?: boolean;
        progress: boolean;
      }) => {
        if (opts.enqueue) {
          const s = await enqueueDataset({ ...opts, hints: opts.hint });
          process.stderr.write(
            `queued ${s.queued} persona job(s) on the ${s.queue} queue (${s.complete} already complete) for ${s.worlds} world(s).\n` +
              `Run \`colyseus-personas worker\` on each machine (same REDIS_URL${s.queue === 'store' ? '; with SQLite, on this host' : ''}), then this command again without --enqueue to collect them.\n`,
          );
          return;
        }
        // Records stream out, so memory stays flat in N once garbage is collected in time.
        const uncap = capHeap();
        const { summary, incomplete, provisional } = await generate({
          world: opts.world,
          worldId: opts.worldId,
          instructions: opts.instructions,
          count: opts.count,
          stage: opts.stage,
          format: opts.format,
          out: opts.out,
          db: opts.db,
          provider: opts.provider,
          hints: opts.hint,
          backstoryBatch: opts.backstoryBatch,
          progress: opts.progress && Boolean(process.stderr.isTTY),
        }).finally(uncap);
        const label =
          summary.provider === 'procedural'
            ? 'procedural (offline templates; set OPENAI_API_KEY or OPENAI_BASE_URL for a model)'
            : summary.provider;
        process.stderr.write(
          [
            `${summary.personas} personas in ${summary.worlds} world(s) (${summary.reused} reused from the cache) in ${summary.seconds.toFixed(2)} s`,
            `provider: ${label}`,
            `model calls: ${summary.calls}, tokens: ${summary.promptTokens} prompt + ${summary.completionTokens} completion`,
            `fallbacks to procedural: ${summary.fallbacks}, texts flagged inconsistent: ${summary.flagged}`,
            provisionalLine(summary),
            ...(summary.provisional
              ? [
                  `  hint: the model failed for these texts; run the same command again when it answers to rewrite them in place (same keys, names and traits)${opts.allowFallback ? '' : ', or pass --allow-fallback to accept them'}`,
                ]
              : []),
            ...(opts.out ? [`wrote ${opts.out}`] : []),
          ].join('\n') + '\n',
        );
        if (summary.incomplete) {
          const first = incomplete.find((r) => r.error)?.error;
          throw new CliExit(
            EXIT.incomplete,
            `${summary.incomplete} of ${summary.personas} personas could not be completed (keys ${keyList(incomplete)})` +
              `${first ? `: ${first}` : ''}. They are written with status "failed"; run the same command again to retry them.`,
          );
        }
        if (summary.provisional && !opts.allowFallback) {
          const first = provisional.find((r) => r.error)?.error;
          throw new CliExit(
            EXIT.provisional,
            `${summary.provisional} of ${summary.personas} personas are provisional (keys ${keyList(provisional)})${first ? `: ${first}` : ''}. ` +
              'They are written (marked "provisional": true); run the same command again with a working model to rewrite them in place, or pass --allow-fallback to accept them.',
          );
        }
      },
    );
  command.on('option:trait', (value: string) =>
    command.setOptionValueWithSource('hint', [...(command.getOptionValue('hint') as string[]), value], 'cli'),
  );
  program
    .command('worker')
    .description(
      'Run background generation from the shared queue (backstories, queued personas, and with Redis upgrades and pool refills): BullMQ at REDIS_URL, else the SQLite file. SIGTERM or Ctrl-C stops it gracefully.',
    )
    .option('--db <path>', 'SQLite file instead of REDIS_URL / PERSONAS_DB')
    .option('--concurrency <n>', 'jobs running at once (default: enough to fill the provider slots)', positiveInt)
    .option('--backstory-batch <n>', 'backstories per model call, 1-8', batchSize)
    .option(
      '--lease-ms <ms>',
      "how long a job stays leased past this worker's last heartbeat (a killed worker's jobs go to another after it)",
      positiveInt,
    )
    .option('--drain-ms <ms>', 'on SIGTERM, how long running jobs may finish before the rest go back to the queue', wholeNumber, 10_000)
    .option('--status-every <seconds>', 'seconds between status lines on stderr (0: none)', wholeNumber, 10)
    .addOption(
      new Option('--provider <provider>', 'procedural: offline templates; env: OpenAI-compatible endpoint from the environment')
        .choices(['env', 'procedural'])
        .default('env'),
    )
    .action(
      async (opts: {
        db?: string;
        concurrency?: number;
        backstoryBatch?: number;
        leaseMs?: number;
        drainMs: number;
        statusEvery: number;
        provider: 'env' | 'procedural';
      }) => {
        await runWorker({
          provider: opts.provider,
          db: opts.db,
          concurrency: opts.concurrency,
          batch: opts.backstoryBatch,
          leaseMs: opts.leaseMs,
          drainMs: opts.drainMs,
          statusEvery: opts.statusEvery,
        });
      },
    );
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed the problem (or the help) already.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`colyseus-personas: ${describeError(err)}\n`);
    process.exitCode = exitCodeFor(err);
  }
}
