/**
 * Start the loopback LLM test server in its own process (bench/llm-server-process.ts) and
 * resolve with its URL, for benchmarks whose engine should share its event loop and heap with
 * nothing else. The child is stopped with `stop()`, and with this process at the latest.
 *   const server = await startServerProcess(20); ...; server.stop();
 * Cost: one Node child process (tsx start-up, about 0.5 s).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export async function startServerProcess(latencyMs: number): Promise<{ url: string; stop: () => void }> {
  const script = fileURLToPath(new URL('./llm-server-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => void child.kill('SIGTERM');
  process.once('exit', stop);
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), stop };
}
