/**
 * Campaign support: count unhandled rejections and uncaught exceptions while a campaign runs
 * (each would exit a plain Node host), and find a free loopback port.
 *   const watch = watchProcess();  ...  watch.stop();  expect(watch.unhandled).toEqual([]);
 * Cost: two process listeners while watching.
 */
import { createServer } from 'node:net';

export interface ProcessWatch {
  readonly unhandled: unknown[];
  readonly uncaught: unknown[];
  /** Remove the listeners (idempotent). */
  stop(): void;
}

export function watchProcess(): ProcessWatch {
  const unhandled: unknown[] = [];
  const uncaught: unknown[] = [];
  const onRejection = (reason: unknown) => void unhandled.push(reason);
  const onException = (err: unknown) => void uncaught.push(err);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  let stopped = false;
  return {
    unhandled,
    uncaught,
    stop() {
      if (stopped) return;
      stopped = true;
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** One line per distinct error message, with counts (for assertion messages and notes). */
export function summarise(errors: readonly unknown[], max = 5): string {
  const counts = new Map<string, number>();
  for (const e of errors) {
    const msg = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0]!.slice(0, 160);
    counts.set(msg, (counts.get(msg) ?? 0) + 1);
  }
  return [...counts]
    .slice(0, max)
    .map(([m, n]) => `${n}x ${m}`)
    .join('; ');
}

/** A port nobody listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
