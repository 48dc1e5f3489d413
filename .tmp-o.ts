import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createPersonaEngine } from './src/engine/engine.js';
import { OpenAIProvider } from './src/providers/openai/index.js';
import { timedProvider } from './bench/timed-provider.js';
const child = spawn(process.execPath, ['--import', 'tsx', './bench/llm-server-process.ts', '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
const url = chunk.toString().trim();
const provider = new OpenAIProvider({ baseURL: url, apiKey: 'b', maxRetries: 0, models: { profile: ['p'], bio: ['b'], backstory: ['s'] } });
for (const run of [1, 2]) {
  const timed = timedProvider(provider);
  const engine = createPersonaEngine({ provider: timed, store: 'memory', pool: { size: 0 }, backstories: { enabled: false }, ...(process.env.NODL ? { liveBioDeadlineMs: false } : {}), ...(process.env.NOND ? { nearDuplicates: false } : {}) });
  const world = engine.world({ id: 'v' + run, description: 'A medieval village in northern Britain' });
  await world.ready;
  const o: number[] = [];
  for (let i = 0; i < 320; i++) {
    const s = performance.now();
    await world.persona(`m-${i}`, undefined, { backstory: false }).bio;
    if (i >= 20) o.push(performance.now() - s - timed.biosMsFor(`m-${i}`));
  }
  o.sort((a, b) => a - b);
  console.log('p50', o[150].toFixed(2), 'p99', o[296].toFixed(2), 'max', o[299].toFixed(2), JSON.stringify(engine.metrics.snapshot().nearDuplicates));
  await engine.close();
}
child.kill();
