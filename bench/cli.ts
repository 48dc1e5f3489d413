/**
 * CLI benchmark (part of `npm run bench`): the `generate` command run offline, as a user runs
 * it, in a child process per size: `node --import tsx src/cli/main.ts generate --world ...
 * --count N --stage both --provider procedural --out <tmp> --db <tmp>` (a fresh SQLite file
 * and output per run; OPENAI_*, REDIS_URL, PERSONAS_DB and PERSONAS_MODELS_* removed from its
 * environment, so no key or shared store is ever used). Per size: personas per second over
 * the command's own generation time and over the whole process (start-up included), CPU
 * seconds, and the child's peak RSS (bench/peak-rss.ts, preloaded, prints ru_maxrss = VmHWM
 * at exit). "Flat memory": peak RSS at the largest size within 20 % of the 1,000 run.
 * With `--cli-baseline <dir>` (a checkout of the pre-performance-work commit, e.g.
 * `git worktree add /tmp/cli-baseline 7b513c5^` with node_modules linked) it also runs that
 * tree's CLI at 5,000 and reports our throughput as a ratio to it (target >= 2x).
 *   const figures = await cliBench(console.error);                    // 1,000 and 5,000
 *   node --import tsx bench/cli.ts --cli-big --cli-baseline /tmp/cli-baseline
 * Cost: about 15-25 s (1,000 and 5,000); `--cli-big` adds 20,000 (about 35-60 s), the
 * baseline adds about 15-20 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliBenchOptions {
  /** Persona counts to run. Default: 1,000 and 5,000, plus 20,000 with `big`. */
  sizes?: number[];
  /** Also run 20,000 personas. Default: `--cli-big` on the command line. */
  big?: boolean;
  /** A checkout of the baseline commit to compare with at 5,000. Default: `--cli-baseline <dir>`. */
  baselineDir?: string;
  /** The world described to the CLI. */
  world?: string;
}

export interface CliRun {
  personas: number;
  /** Personas per second over the command's own timer (from the engine's start to the last record written). */
  personasPerSecond: number;
  /** Personas per second over the whole child process, start-up (tsx, module loading) included. */
  wallPersonasPerSecond: number;
  generateSeconds: number;
  wallSeconds: number;
  /** User + system CPU of the child (all threads); less sensitive to other load on the machine than wall time. */
  cpuSeconds: number;
  peakRssMiB: number;
}

/** The line bench/peak-rss.ts prints at the child's exit. */
const PEAK_RSS_PATTERN = /peak-rss-kib (\d+) cpu-ms (\d+)/;
const REPO = fileURLToPath(new URL('..', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./peak-rss.ts', import.meta.url));
const DEFAULT_WORLD = 'A medieval village in northern Britain';
const BASELINE_N = 5_000;
/** Variables that would select a model, a shared store or a cache file outside the run's temp dir. */
const SCRUBBED_ENV = /^(OPENAI_|REDIS_URL$|PERSONAS_DB$|PERSONAS_REDIS_PREFIX$|PERSONAS_MODELS_)/;

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!SCRUBBED_ENV.test(k)) env[k] = v;
  return env;
}

/** Run the `generate` CLI of the tree at `repo` once for `count` personas; throws unless it exits 0 with `count` records written. */
export async function runCli(repo: string, count: number, world = DEFAULT_WORLD): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'personas-cli-bench-'));
  const out = join(dir, 'out.jsonl');
  try {
    const args = [
      '--import',
      'tsx',
      '--import',
      PRELOAD,
      'src/cli/main.ts',
      'generate',
      '--world',
      world,
      '--count',
      String(count),
      '--stage',
      'both',
    ];
    args.push('--provider', 'procedural', '--out', out, '--db', join(dir, 'cache.db'), '--no-progress');
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: repo, env: offlineEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', resolve));
    const wallSeconds = (performance.now() - started) / 1000;
    const usage = PEAK_RSS_PATTERN.exec(stderr);
    const summary = /(\d+) personas in \d+ world\(s\) \(\d+ reused from the cache\) in ([\d.]+) s/.exec(stderr);
    if (code !== 0 || !usage || !summary) throw new Error(`generate --count ${count} in ${repo} exited ${code}:\n${stderr.slice(-2000)}`);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
    if (Number(summary[1]) !== count || lines !== count)
      throw new Error(`generate --count ${count} in ${repo} wrote ${lines} records (summary: ${summary[1]})`);
    const generateSeconds = Number(summary[2]);
    return {
      personas: count,
      personasPerSecond: Math.round(count / generateSeconds),
      wallPersonasPerSecond: Math.round(count / wallSeconds),
      generateSeconds: round(generateSeconds, 2),
      wallSeconds: round(wallSeconds, 2),
      cpuSeconds: round(Number(usage[2]) / 1000, 2),
      peakRssMiB: round(Number(usage[1]) / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function cliBench(
  log: (...a: unknown[]) => void = () => undefined,
  options: CliBenchOptions = {},
): Promise<Record<string, unknown>> {
  const big = options.big ?? process.argv.includes('--cli-big');
  const sizes = options.sizes ?? [1_000, 5_000, ...(big ? [20_000] : [])];
  const baselineDir = options.baselineDir ?? argValue('--cli-baseline');
  const figures: Record<string, unknown> = {
    command: `node --import tsx src/cli/main.ts generate --world "${options.world ?? DEFAULT_WORLD}" --count N --stage both --provider procedural --out <tmp> --db <tmp>`,
  };
  log('cli: warm-up (tsx transform cache) ...');
  await runCli(REPO, 10, options.world);
  const runs: CliRun[] = [];
  for (const n of sizes) {
    log(`cli: generate --count ${n} ...`);
    const run = await runCli(REPO, n, options.world);
    log(`cli:   ${run.personasPerSecond} personas/s (${run.wallPersonasPerSecond}/s with start-up), peak RSS ${run.peakRssMiB} MiB`);
    runs.push(run);
  }
  figures.runs = runs;
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (first && last && last !== first) {
    const growth = last.peakRssMiB / first.peakRssMiB - 1;
    figures.peakRssGrowth = {
      from: first.personas,
      to: last.personas,
      growthPercent: round(growth * 100),
      flat: growth <= 0.2,
      target: 'within 20 % from 1,000 to 20,000',
    };
  }
  if (baselineDir) {
    const ours = runs.find((r) => r.personas === BASELINE_N) ?? (await runCli(REPO, BASELINE_N, options.world));
    log(`cli: baseline tree ${baselineDir}, generate --count ${BASELINE_N} ...`);
    const base = await runCli(baselineDir, BASELINE_N, options.world);
    figures.baseline = {
      dir: baselineDir,
      run: base,
      throughputRatio: round(ours.personasPerSecond / base.personasPerSecond, 2),
      cpuRatio: round(base.cpuSeconds / ours.cpuSeconds, 2),
      target: '>= 2x',
    };
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await cliBench((...a) => console.error(...a));
  console.log(JSON.stringify(figures, null, 2));
}
