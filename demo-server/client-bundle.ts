/**
 * Builds the demo page's script (demo-server/client/main.ts, with @colyseus/sdk) into one
 * browser bundle with esbuild, in memory, at server start: no CDN, no build step to forget.
 *   const js = await buildClientBundle();
 * Cost: ~100-300 ms once per server start.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function buildClientBundle(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./client/main.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
