import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { OpenAIProvider } from './src/providers/openai/index.js';
import { pluginBench } from './bench/plugin.js';
const child = spawn(process.execPath, ['--import', 'tsx', './bench/llm-server-process.ts', '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
const provider = new OpenAIProvider({
  baseURL: chunk.toString().trim(),
  apiKey: 'b',
  maxRetries: 0,
  models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
});
const out = await pluginBench(provider, 20, () => undefined);
console.log(JSON.stringify(out.pluginSpawnToBioMs), JSON.stringify(out.pluginEventLoopLagMs));
child.kill();
process.exit(0);
