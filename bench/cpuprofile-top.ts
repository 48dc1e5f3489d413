/**
 * Top self-time functions of a V8 `.cpuprofile` (from `node --cpu-prof`), with the share of
 * all samples each took, and the same summed per source file: what to look at first when a
 * run is slower than it should be. With `--long-tasks <ms>`: the stretches without an idle
 * sample (what delays timers) and the project functions on their stacks.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx src/cli/main.ts generate --world "A pirate port" --count 5000 --provider procedural --out /tmp/p.jsonl --db /tmp/p.db
 *   node --import tsx bench/cpuprofile-top.ts /tmp/prof/CPU.*.cpuprofile [--top 25]
 *   node --import tsx bench/cpuprofile-top.ts <file> --long-tasks 10   # stretches >= 10 ms without idle, and their stacks
 * Cost: reads the JSON once; linear in the profile's nodes and samples.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTimeRow {
  fn: string;
  where: string;
  ms: number;
  share: number;
}

/** Short location: the path from `src/`, `bench/` or `node_modules/` on, else the last two segments. */
function shortUrl(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const m = /(?:^|\/)((?:src|bench|test|node_modules)\/.*)$/.exec(path);
  return m ? m[1]! : path.split('/').slice(-2).join('/');
}

/** Self time per function (ms, from the sample time deltas) and per file, largest first. */
export function selfTimes(profile: CpuProfile): { total: number; functions: SelfTimeRow[]; files: SelfTimeRow[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // V8 attributes the delta before a sample to the previous sample's stack; the next delta is the usual approximation.
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const fns = new Map<string, SelfTimeRow>();
  const files = new Map<string, SelfTimeRow>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = `${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    const fn = functionName || '(anonymous)';
    const key = `${fn} ${where}`;
    const row = fns.get(key) ?? { fn, where, ms: 0, share: 0 };
    row.ms += us / 1000;
    fns.set(key, row);
    const file = shortUrl(url);
    const frow = files.get(file) ?? { fn: '', where: file, ms: 0, share: 0 };
    frow.ms += us / 1000;
    files.set(file, frow);
  }
  const finish = (rows: Iterable<SelfTimeRow>) =>
    [...rows]
      .map((r) => ({ ...r, ms: Math.round(r.ms * 10) / 10, share: totalUs ? Math.round((r.ms * 1000 * 1000) / totalUs) / 10 : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return { total: Math.round(totalUs / 100) / 10, functions: finish(fns.values()), files: finish(files.values()) };
}

export interface LongTask {
  /** From the profile's start. */
  atMs: number;
  ms: number;
  /** Top self-time functions within the task. */
  self: string[];
  /** Project functions (src/) on the stack, by time within the task: where the task comes from. */
  project: string[];
}

/**
 * Runs of consecutive non-idle samples of at least `minMs`: the stretches in which the event
 * loop could not run a timer (what a lag monitor sees), each with what it spent its time on.
 */
export function longTasks(profile: CpuProfile, minMs: number): LongTask[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes as Array<ProfileNode & { children?: number[] }>) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const tasks: LongTask[] = [];
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}`;
  };
  let t = 0;
  let run: { start: number; us: number; ids: Array<[number, number]> } | null = null;
  const close = () => {
    if (run && run.us / 1000 >= minMs) {
      const self = new Map<string, number>();
      const project = new Map<string, number>();
      for (const [id, us] of run.ids) {
        self.set(label(id), (self.get(label(id)) ?? 0) + us);
        const seen = new Set<string>();
        for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
          if (!/(^|\/)src\//.test(byId.get(cur)!.callFrame.url)) continue;
          const l = label(cur);
          if (seen.has(l)) continue;
          seen.add(l);
          project.set(l, (project.get(l) ?? 0) + us);
        }
      }
      const top = (m: Map<string, number>, k: number) =>
        [...m]
          .sort((a, b) => b[1] - a[1])
          .slice(0, k)
          .map(([l, us]) => `${(us / 1000).toFixed(1)} ms ${l}`);
      tasks.push({ atMs: Math.round(run.start / 1000), ms: Math.round(run.us / 100) / 10, self: top(self, 5), project: top(project, 6) });
    }
    run = null;
  };
  for (let i = 0; i < samples.length; i++) {
    const dt = Math.max(0, deltas[i + 1] ?? 0);
    const name = byId.get(samples[i]!)!.callFrame.functionName;
    if (name === '(idle)') close();
    else {
      run ??= { start: t, us: 0, ids: [] };
      run.us += dt;
      run.ids.push([samples[i]!, dt]);
    }
    t += dt;
  }
  close();
  return tasks;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined);
  const top = valueOf('--top') ?? 25;
  const longMs = valueOf('--long-tasks');
  const paths = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  for (const path of paths) {
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
    if (longMs !== undefined) {
      const tasks = longTasks(profile, longMs);
      console.log(`${path}: ${tasks.length} stretches of >= ${longMs} ms without idle`);
      for (const task of tasks.slice(0, top))
        console.log(`  at ${task.atMs} ms: ${task.ms} ms\n    self: ${task.self.join('; ')}\n    src:  ${task.project.join('; ')}`);
      continue;
    }
    const { total, functions, files } = selfTimes(profile);
    console.log(`${path}: ${total} ms sampled`);
    console.log('  self time by function:');
    for (const r of functions.slice(0, top))
      console.log(`  ${r.ms.toFixed(1).padStart(9)} ms ${r.share.toFixed(1).padStart(5)} %  ${r.fn}  ${r.where}`);
    console.log('  self time by file:');
    for (const r of files.slice(0, Math.min(top, 15)))
      console.log(`  ${r.ms.toFixed(1).padStart(9)} ms ${r.share.toFixed(1).padStart(5)} %  ${r.where}`);
  }
}
