/**
 * A paced view of a store: each store operation is a unit of the engine's paced work
 * (core/core/pacer.ts). A memory store answers in microseconds and better-sqlite3 works synchronously,
 * so without this the steps of a spawn or a backstory job (read, lock, claim a name, write,
 * lease the next job) would run as one unbroken chain of microtasks across hundreds of
 * personas; with it they take turns with timers and I/O. A call goes to the store at once while
 * the turn has slice left (the clock is read right before it), else in a later turn, ahead of
 * work that has not started yet (PACE.continue). A network store (Redis) waits for its replies
 * anyway; pacing costs it a clock read.
 *   const store = pacedStore(openStore({ kind: 'sqlite', path }), scheduler.pacer);
 * `continuePriority`: PACE.continue for background work; the live path (a spawn a player waits
 * on) uses a view at PACE.liveContinue, so its calls go before the background's in a busy turn.
 * Results, errors and the order of calls are the store's own: pacing only moves calls in time.
 * Cost: a clock read per call; a pacer promise per call made after the slice is spent.
 */
import type { PersonaStore } from '../core/types.js';
import { PACE, type Pacer } from '../core/pacer.js';

/** Members that are not calls to pace (plain values and the shutdown path). */
const UNPACED = new Set<PropertyKey>(['kind', 'close', 'then', 'watchFinished']);

/**
 * Always waits its turn, behind work already started: by the time a lease of new background
 * jobs runs, every job that finished meanwhile has asked for a replacement, and one lease takes
 * them all (as when everything ran in one turn) instead of one lease per finished job.
 */
const PRIORITY: Partial<Record<PropertyKey, number>> = { leaseJobs: PACE.backstory };

export function pacedStore<S extends PersonaStore>(store: S, pacer: Pacer, continuePriority: number = PACE.continue): S {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      // Called on the store itself, not through this view (its own helpers stay unpaced).
      if (UNPACED.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
      let fn = wrapped.get(prop);
      if (!fn) {
        // The method is looked up when the call runs, so a store patched later (tests) still counts.
        const priority = PRIORITY[prop];
        const call = (args: unknown[]) => (Reflect.get(target, prop, target) as (...a: unknown[]) => unknown).apply(target, args);
        fn =
          priority === undefined
            ? (...args: unknown[]) => (pacer.due() ? pacer.pace(continuePriority).then(() => call(args)) : call(args))
            : (...args: unknown[]) => pacer.pace(priority).then(() => call(args));
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
