/**
 * The loopback LLM test server in its own process, for latency benchmarks: the engine under
 * test then shares its event loop and heap with nothing else. Prints its URL on stdout.
 *   node --import tsx bench/llm-server-process.ts 20   # latency in ms
 */
import { startTestLlmServer } from '../src/testing/index.js';

const latencyMs = Number(process.argv[2] ?? 20);
const server = await startTestLlmServer({ latencyMs });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
