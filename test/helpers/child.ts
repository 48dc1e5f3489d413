/**
 * Child processes for crash tests: the CLI (`node --import tsx src/cli/main.ts ...`, not
 * `npm run`, which does not forward signals) or any tsx script, started in its own process
 * group so a signal reaches it and everything it started; plus counters over the loopback LLM
 * server's request log.
 *   const cli = startCli(['generate', '--world', 'A pirate port', '--count', '5'], env);
 *   await until(() => server.requests.length > 3); cli.kill('SIGKILL'); const { code } = await cli.exited;
 * Cost: one Node process per call (tsx start-up, about a second).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readDataBlock } from '../../src/core/prompt.js';
import type { LoggedRequest, TestLlmServer } from '../../src/testing/index.js';

export interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
  /** Signal the child's whole process group. */
  kill(signal: NodeJS.Signals): void;
}

export function startScript(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    exited,
    stdout: () => out,
    stderr: () => err,
    kill(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    },
  };
}

/** The CLI as a user runs it. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): Child {
  return startScript(['src/cli/main.ts', ...args], env);
}

/** Environment pointing the CLI (or the demo) at a loopback LLM server, with no Redis unless given. */
export function llmEnv(server: TestLlmServer, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    OPENAI_BASE_URL: server.url,
    OPENAI_API_KEY: 'test',
    PERSONAS_MODELS_BIO: 'bio-model',
    PERSONAS_MODELS_BACKSTORY: 'story-model',
    PERSONAS_MODELS_PROFILE: 'profile-model',
    REDIS_URL: '',
    ...extra,
  };
}

/** Poll `cond` every 10 ms until true; throws after `limitMs` with `what`. */
export async function until(cond: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const people = (r: LoggedRequest): Array<{ name: string }> =>
  (readDataBlock(r.messages.at(-1)!.content)?.people as Array<{ name: string }> | undefined) ?? [];
const person = (r: LoggedRequest): string =>
  (readDataBlock(r.messages.at(-1)!.content)?.person as { name: string } | undefined)?.name ?? '';

/**
 * What the server was asked, by task: bio subjects (people across batched calls), backstory
 * calls (single and batched) and the people they were for.
 */
export function asked(server: TestLlmServer, from = 0) {
  const reqs = server.requests.slice(from);
  const bios = reqs.filter((r) => r.task === 'bios');
  const stories = reqs.filter((r) => r.task === 'backstory' || r.task === 'backstories');
  const storyPeople = (r: LoggedRequest): string[] => (r.task === 'backstories' ? people(r).map((p) => p.name) : [person(r)]);
  return {
    bioSubjects: bios.flatMap(people).map((p) => p.name),
    bioCalls: bios,
    backstoryNames: stories.flatMap(storyPeople),
    backstoryCalls: stories,
    /** People in backstory calls that got no answer (cut off or failed). */
    backstoryNamesUnanswered: stories.filter((r) => r.status !== 200).flatMap(storyPeople),
    profiles: reqs.filter((r) => r.task === 'profile').length,
  };
}
