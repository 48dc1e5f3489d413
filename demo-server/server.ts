/**
 * The demo world server: a Colyseus 0.18 server with the `world` room (join options
 * `{ worldId, description? }`, rooms filtered by worldId), the web page at `/`, the cast
 * at `GET /api/worlds/:worldId/personas`, and Prometheus metrics at `GET /metrics`.
 * Offline by default (procedural provider, SQLite at PERSONAS_DB or demo-server/.data/).
 *   npm run demo              # PORT=2567 by default
 * Cost: one engine per process; per room see room.ts.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineRoom, defineServer } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createPersonaEngine, type PersonaEngine, WorldIdSchema } from '../src/index.js';
import { buildClientBundle } from './client-bundle.js';
import { DemoWorldRoom, demoEngine, MAP } from './room.js';
import { PRESET_WORLDS } from './worlds.js';

export const DEFAULT_DEMO_DB = fileURLToPath(new URL('./.data/personas.db', import.meta.url));

export interface DemoServerOptions {
  /** Port to listen on. Default: PORT or 2567. */
  port?: number;
  /** SQLite file. Default: PERSONAS_DB or demo-server/.data/personas.db. */
  db?: string;
  /** An engine to use instead of one from the environment (tests). */
  engine?: PersonaEngine;
}

export interface DemoServer {
  url: string;
  engine: PersonaEngine;
  /** One line saying which provider and store are in use. */
  banner: string;
  close(): Promise<void>;
}

type Req = { params: Record<string, string> };
type Res = { status(code: number): Res; type(t: string): Res; send(body: string): void; json(body: unknown): void; set(h: string, v: string): Res };
type App = { get(path: string, handler: (req: Req, res: Res) => void | Promise<void>): void };

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const db = options.db ?? process.env.PERSONAS_DB ?? DEFAULT_DEMO_DB;
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  // REDIS_URL: several demo processes share one cast through Redis; otherwise SQLite.
  const redis = process.env.REDIS_URL;
  const engine =
    options.engine ??
    createPersonaEngine({ store: redis ? { kind: 'redis', url: redis, prefix: process.env.PERSONAS_REDIS_PREFIX || undefined } : { kind: 'sqlite', path: db }, onError: (err) => console.error('[personas]', err) });
  demoEngine.current = engine;
  const html = readFileSync(new URL('./client/index.html', import.meta.url), 'utf8');
  const script = await buildClientBundle();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'demo_' });

  const server = defineServer({
    transport: new WebSocketTransport({ maxPayload: 16 * 1024 }),
    greet: false,
    gracefullyShutdown: false,
    rooms: { world: defineRoom(DemoWorldRoom).filterBy(['worldId']) },
    express: (app: App) => {
      app.get('/', (_req, res) => void res.type('html').send(html));
      app.get('/client.js', (_req, res) => void res.type('application/javascript').send(script));
      app.get('/api/worlds', (_req, res) => res.json({ presets: PRESET_WORLDS, map: MAP }));
      app.get('/api/worlds/:worldId/personas', async (req, res) => {
        const id = WorldIdSchema.safeParse(req.params.worldId);
        if (!id.success) return void res.status(400).json({ error: 'invalid world id' });
        res.json(await engine.cast(id.data, { limit: 1000 }));
      });
      app.get('/api/metrics', (_req, res) => res.json(engine.metrics.snapshot()));
      app.get('/metrics', async (_req, res) => {
        const text = `${await engine.metrics.prometheus()}\n${await registry.metrics()}`;
        res.set('Content-Type', registry.contentType).send(text);
      });
    },
  });
  const port = options.port ?? Number(process.env.PORT ?? 2567);
  await server.listen(port);
  const provider = engine.provider.name === 'procedural' ? 'procedural provider (offline templates; set OPENAI_API_KEY or OPENAI_BASE_URL for a model)' : `${engine.provider.name} provider`;
  return {
    url: `http://localhost:${port}`,
    engine,
    banner: `colyseus-personas demo: ${provider}, ${options.engine ? `${engine.store.kind} store` : engine.store.kind === 'redis' ? `Redis at ${redis}` : `SQLite at ${db}`}`,
    async close() {
      await server.gracefullyShutdown(false);
      await engine.close();
    },
  };
}

async function main(): Promise<void> {
  const demo = await startDemoServer();
  console.log(demo.banner);
  console.log(`open ${demo.url}`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down (unfinished backstories stay queued in the store)`);
    demo.close().then(
      () => {
        console.log('stopped cleanly');
        process.exit(0);
      },
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
