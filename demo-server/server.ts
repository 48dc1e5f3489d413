/**
 * The demo world server: a Colyseus 0.18 server with the `world` room (join options
 * `{ worldId, description? }`, rooms filtered by worldId), the web page at `/`, the cast
 * at `GET /api/worlds/:worldId/personas`, and Prometheus metrics at `GET /metrics`.
 * Offline by default (procedural provider, SQLite at PERSONAS_DB or demo-server/.data/).
 * Every HTTP route answers JSON errors (`{ error, code }`, no stack, no path): a store that
 * does not answer within `apiTimeoutMs` gives 503 at once, anything unexpected 500, and the
 * details go to the server log. Persona records carry generic error codes only.
 *   npm run demo              # PORT=2567 by default
 * Cost: one engine per process; per room see room.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineRoom, defineServer, matchMaker } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createPersonaEngine, type PersonaEngine, type PersonaRecord, WorldIdSchema } from '../src/index.js';
import { type PersonaPluginOptions, publicError } from '../plugin/index.js';
import { buildClientBundle } from './client-bundle.js';
import { createDemoRoom, MAP } from './room.js';
import { PRESET_WORLDS } from './worlds.js';
import { openStoreFromEnv, storeSpecFromEnv } from '../src/stores/index.js';

export const DEFAULT_DEMO_DB = fileURLToPath(new URL('./.data/personas.db', import.meta.url));

export interface DemoServerOptions {
  /** Port to listen on. Default: PORT or 2567. */
  port?: number;
  /** SQLite file. Default: PERSONAS_DB or demo-server/.data/personas.db. */
  db?: string;
  /** An engine to use instead of one from the environment (tests). */
  engine?: PersonaEngine;
  /** Longest an HTTP route waits for the store before answering 503. Default: 3000 ms. */
  apiTimeoutMs?: number;
  /** Where server-side errors are logged (details players never see). Default: console.error with a `[personas]` prefix. */
  log?: (message: string, err?: unknown) => void;
  /** PersonaPlugin options that replace the demo's own (tests: limits, budgets). */
  plugin?: Partial<PersonaPluginOptions>;
}

export interface DemoServer {
  url: string;
  engine: PersonaEngine;
  /** One line saying which provider and store are in use. */
  banner: string;
  /** Close the rooms, let model calls in flight finish for up to `drainMs` (default 0), close the engine. */
  close(options?: { drainMs?: number }): Promise<void>;
}

type Req = { params: Record<string, string>; method: string; path: string };
type Res = {
  status(code: number): Res;
  type(t: string): Res;
  send(body: string): void;
  json(body: unknown): void;
  set(h: string, v: string): Res;
  headersSent: boolean;
};
type Handler = (req: Req, res: Res) => void | Promise<void>;
type App = {
  get(path: string, handler: Handler): void;
  use(path: string, handler: Handler): void;
  use(handler: (err: unknown, req: Req, res: Res, next: (err?: unknown) => void) => void): void;
};

/** An API failure the client may see: a status, a short message and a code. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STORE_TIMEOUT = () => new ApiError(503, 'UNAVAILABLE', 'The persona store is not answering; try again shortly.');

/** `work` or a 503 after `ms`: a dead store must not hold a request for half a minute. */
async function bounded<T>(work: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(STORE_TIMEOUT()), ms);
        timer.unref?.();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A persona record as the API shows it: the raw error (store or provider details) becomes a generic code. */
export function publicRecord(rec: PersonaRecord): PersonaRecord {
  return { ...rec, error: publicError(rec) || null };
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  // REDIS_URL: several demo processes share one cast through Redis; otherwise SQLite (the
  // engine's own rule, with the demo's default file).
  const storeSpec = storeSpecFromEnv({ defaultSqlitePath: DEFAULT_DEMO_DB, sqlitePath: options.db });
  const log = options.log ?? ((message: string, err?: unknown) => console.error(`[personas] ${message}`, err ?? ''));
  const engine =
    options.engine ??
    createPersonaEngine({
      store: openStoreFromEnv({ defaultSqlitePath: DEFAULT_DEMO_DB, sqlitePath: options.db }),
      onError: (err) => log('background work failed:', err),
    });
  const DemoWorldRoom = createDemoRoom(engine, {
    onError: (err, info) => log(`${info.where} (room ${info.roomId}):`, err),
    plugin: options.plugin,
  });
  const apiTimeoutMs = options.apiTimeoutMs ?? 3000;
  /** Run a route; any failure becomes a JSON error without stack or path (details to the log). */
  const route =
    (handler: Handler): Handler =>
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (err) {
        sendError(req, res, err);
      }
    };
  const sendError = (req: Req, res: Res, err: unknown) => {
    const known = err instanceof ApiError ? err : null;
    if (!known || known.status >= 500) log(`${req.method} ${req.path} failed:`, err);
    if (res.headersSent) return;
    const status =
      known?.status ??
      (typeof (err as { status?: unknown })?.status === 'number' && (err as { status: number }).status < 500
        ? (err as { status: number }).status
        : 500);
    res.status(status).json({
      error: known?.message ?? (status < 500 ? 'Bad request.' : 'Internal error.'),
      code: known?.code ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL'),
    });
  };
  const html = readFileSync(new URL('./client/index.html', import.meta.url), 'utf8');
  const script = await buildClientBundle();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'demo_' });

  const port = options.port ?? Number(process.env.PORT ?? 2567);
  const server = defineServer({
    // With REDIS_URL several demo processes share matchmaking and rooms (Colyseus' own Redis
    // presence and driver) as well as the cast (the Redis store): see scaleOutOptions.
    ...scaleOutOptions(port),
    transport: new WebSocketTransport({ maxPayload: 16 * 1024 }),
    greet: false,
    gracefullyShutdown: false,
    rooms: { world: defineRoom(DemoWorldRoom).filterBy(['worldId']) },
    express: (app: App) => {
      app.get('/', (_req, res) => void res.type('html').send(html));
      app.get('/client.js', (_req, res) => void res.type('application/javascript').send(script));
      app.get('/api/worlds', (_req, res) => res.json({ presets: PRESET_WORLDS, map: MAP }));
      app.get(
        '/api/worlds/:worldId/personas',
        route(async (req, res) => {
          const id = WorldIdSchema.safeParse(req.params.worldId);
          if (!id.success) throw new ApiError(400, 'INVALID_WORLD', 'invalid world id');
          const cast = await bounded(() => engine.cast(id.data, { limit: 1000 }), apiTimeoutMs);
          res.json(cast.map(publicRecord));
        }),
      );
      app.get(
        '/api/metrics',
        route((_req, res) => res.json(engine.metrics.snapshot())),
      );
      app.get(
        '/metrics',
        route(async (_req, res) => {
          const text = await bounded(async () => `${await engine.metrics.prometheus()}\n${await registry.metrics()}`, apiTimeoutMs);
          res.set('Content-Type', registry.contentType).send(text);
        }),
      );
      app.use('/api', (req, res) => sendError(req, res, new ApiError(404, 'NOT_FOUND', 'No such API route.')));
      // Last: errors from express itself (a malformed URL...) as JSON, never the HTML page with a stack.
      app.use((err, req, res, next) => {
        if (res.headersSent) return next(err);
        sendError(req, res, err);
      });
    },
  });
  await server.listen(port);
  const provider =
    engine.provider.name === 'procedural'
      ? 'procedural provider (offline templates; set OPENAI_API_KEY or OPENAI_BASE_URL for a model)'
      : `${engine.provider.name} provider`;
  return {
    url: `http://localhost:${port}`,
    engine,
    banner: `colyseus-personas demo: ${provider}, ${options.engine ? `${engine.store.kind} store` : engine.store.kind === 'redis' ? `Redis at ${storeSpec.kind === 'redis' ? storeSpec.url : ''}` : `SQLite at ${storeSpec.kind === 'sqlite' ? storeSpec.path : ''}`}`,
    async close(closeOptions = {}) {
      await server.gracefullyShutdown(false);
      await engine.close({ drainMs: closeOptions.drainMs });
    },
  };
}

/**
 * Colyseus scale-out on Redis: with REDIS_URL set, matchmaking (RedisDriver) and inter-process
 * messages (RedisPresence) go through Redis, so a client joining on any process finds rooms of
 * every process, and connects to the process that holds its room at `publicAddress`
 * (PUBLIC_ADDRESS, default `localhost:<port>`). Without REDIS_URL: one process, in memory.
 */
export function scaleOutOptions(
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): {
  presence?: RedisPresence;
  driver?: RedisDriver;
  publicAddress?: string;
  selectProcessIdToCreateRoom?: matchMaker.SelectProcessIdCallback;
} {
  const url = env.REDIS_URL;
  if (!url) return {};
  return {
    presence: new RedisPresence(url),
    driver: new RedisDriver(url),
    publicAddress: env.PUBLIC_ADDRESS || `localhost:${port}`,
    // A new room is made by the process the player asked (a load balancer spreads players, and
    // so rooms, over processes); joining finds rooms on every process through the driver.
    selectProcessIdToCreateRoom: () => Promise.resolve(matchMaker.processId),
  };
}

async function main(): Promise<void> {
  const demo = await startDemoServer();
  console.log(demo.banner);
  console.log(`open ${demo.url}`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) process.exit(signal === 'SIGINT' ? 130 : 143);
    closing = true;
    console.log(
      `${signal}: shutting down; calls in flight get up to 5 s to finish, unfinished backstories stay queued in the store (a second ${signal} stops at once)`,
    );
    demo.close({ drainMs: 5_000 }).then(
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
