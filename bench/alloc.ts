/**
 * Allocation per persona: how much garbage the engine's paths make, and where. Runs misses
 * (bios only, one at a time) or 500 personas with their backstories against the test server in
 * its own process, under V8's sampling heap profiler with the objects that minor and major
 * collections free included, and prints KiB per persona, the top allocating functions and
 * the total per nearest project source file. The garbage sets how often young-generation
 * collections come, and they are what the latency p99s measure (README, Performance).
 *   node --import tsx bench/alloc.ts              # 200 misses, bios only
 *   node --import tsx bench/alloc.ts --stories    # 500 personas with backstories
 * Cost: about 10-20 s; the profiler samples every 512 bytes allocated.
 */
import { Session } from 'node:inspector/promises';
import { createPersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { startServerProcess } from './llm-server-process-start.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface SampleNode {
  callFrame: CallFrame;
  selfSize: number;
  children: SampleNode[];
}

const stories = process.argv.includes('--stories');
const server = await startServerProcess(20);
try {
  const provider = new OpenAIProvider({
    baseURL: server.url,
    apiKey: 'bench',
    maxRetries: 0,
    models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
  });
  const engine = createPersonaEngine({ provider, store: 'memory', pool: { size: 0 }, backstories: { enabled: stories } });
  const world = engine.world({ id: 'northern-village', description: 'A medieval village in northern Britain' });
  await world.ready;
  for (let i = 0; i < 20; i++) await world.persona(`warm-${i}`, undefined, { backstory: false }).bio; // warm-up
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  const n = stories ? 500 : 200;
  if (stories) await Promise.all(Array.from({ length: n }, (_, i) => world.persona(`story-${i}`).backstory));
  else for (let i = 0; i < n; i++) await world.persona(`miss-${i}`, undefined, { backstory: false }).bio;
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: SampleNode } };
  session.disconnect();
  await engine.close();

  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const label = (f: CallFrame) =>
    `${f.functionName || '(anonymous)'} ${f.url.replace(/.*node_modules\//, 'node_modules/').replace(/^.*?\/(src|bench|plugin)\//, '$1/')}:${f.lineNumber + 1}`;
  const walk = (node: SampleNode, ours: string | undefined) => {
    const here = label(node.callFrame);
    const file = /^\S+ src\//.test(here) ? here.split(' ')[1]!.split(':')[0]! : ours;
    if (node.selfSize) {
      total += node.selfSize;
      byFunction.set(here, (byFunction.get(here) ?? 0) + node.selfSize);
      const owner = file ?? '(outside src/: HTTP client, SDK, Node internals)';
      byFile.set(owner, (byFile.get(owner) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, file);
  };
  walk(profile.head, undefined);
  const kib = (bytes: number) => (bytes / n / 1024).toFixed(1).padStart(7);
  console.log(
    `${stories ? 'personas with backstories' : 'misses (bios only)'}: ${n}; KiB allocated per persona: ${(total / n / 1024).toFixed(1)}`,
  );
  console.log('top functions (KiB per persona):');
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${kib(bytes)}  ${name}`);
  console.log('by nearest project file (KiB per persona):');
  for (const [name, bytes] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${kib(bytes)}  ${name}`);
} finally {
  server.stop();
}
