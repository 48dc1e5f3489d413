/**
 * Single-flight over the store: one run of a piece of work per name, in this process (callers
 * share one promise) and across processes sharing the store (a store lock; the others poll
 * `peek` until the result appears or the lock frees). Locks are short (`lockTtlMs`, the job
 * lease) and renewed by the backstory worker's heartbeat while the work runs (`renewLocks`), so
 * a slow call keeps its lock and a crashed holder's lock frees within one lease; a lock held by
 * a process on this host that no longer runs is taken over at once (liveness.ts).
 *   const rec = await flights.run(`persona:${world}:${fp}:${key}`, () => writeBio(), () => peekBio());
 *   await flights.renewLocks(); // the heartbeat
 * Cost: one lock write per run; a run waiting on another process's lock peeks every
 * `lockPollMs` and asks who holds it at most once per `ownerCheckMs`.
 */
import type { PersonaStore } from '../core/types.js';
import { isDeadLocalOwner } from './liveness.js';
import { assertOpen } from './shutdown.js';

export interface SingleFlightOptions {
  /** Name of this process in locks. */
  instanceId: string;
  store: PersonaStore;
  /** Lock ttl, renewed by the heartbeat while the work runs. */
  lockTtlMs: number;
  /** How often a run waiting on another process's lock looks for the result. */
  lockPollMs: number;
  /** Take over locks held by a process on this host that no longer runs. */
  takeOverDeadOwners: boolean;
  /** How often a waiting run asks who holds the lock (to spot a dead holder). */
  ownerCheckMs: number;
  /** The engine's shutdown signal: no new lock is tried once it is aborted. */
  signal: AbortSignal;
  /** Errors with no caller to go to (a failed release, a lost lock). */
  onError: (err: unknown) => void;
}

export class SingleFlight {
  readonly #options: SingleFlightOptions;
  readonly #flights = new Map<string, Promise<unknown>>();
  /** Store locks held here while their work runs (renewed by the heartbeat). */
  readonly #heldLocks = new Set<string>();
  /** The lock renewal under way, if any. */
  #renewal: Promise<void> | undefined;

  constructor(options: SingleFlightOptions) {
    this.#options = options;
  }

  /**
   * One run of `work` per name across this process and across processes sharing `store` (by
   * default the one given at construction; a spawn passes its live-paced view of it).
   */
  run<T>(name: string, work: () => Promise<T>, peek: () => Promise<T | undefined>, store: PersonaStore = this.#options.store): Promise<T> {
    const existing = this.#flights.get(name) as Promise<T> | undefined;
    if (existing) return existing;
    const { instanceId, lockTtlMs, lockPollMs, takeOverDeadOwners, ownerCheckMs, signal, onError } = this.#options;
    const run = (async () => {
      let nextOwnerCheck = 0;
      for (;;) {
        assertOpen(signal);
        if (await store.acquireLock(name, instanceId, lockTtlMs)) {
          this.#heldLocks.add(name);
          try {
            return await work();
          } finally {
            this.#heldLocks.delete(name);
            // A renewal already under way could take the lock again after a release: let it end first.
            await this.#renewal;
            await store.releaseLock(name, instanceId).catch((err) => onError(err));
          }
        }
        const done = await peek();
        if (done !== undefined) return done;
        if (takeOverDeadOwners && Date.now() >= nextOwnerCheck) {
          nextOwnerCheck = Date.now() + ownerCheckMs;
          const holder = await store.getLock(name);
          // A holder on this host that no longer runs will never finish: free its lock now.
          if (holder && holder.owner !== instanceId && isDeadLocalOwner(holder.owner)) {
            await store.releaseLock(name, holder.owner);
            continue;
          }
        }
        await new Promise((r) => setTimeout(r, lockPollMs));
      }
    })().finally(() => this.#flights.delete(name));
    this.#flights.set(name, run);
    return run;
  }

  /** Runs under way here (bios, profiles, upgrades). */
  get inFlight(): number {
    return this.#flights.size;
  }

  /** Resolves when every run under way now has settled (shutdown drain). */
  async whenSettled(): Promise<void> {
    await Promise.allSettled([...this.#flights.values()]);
  }

  /** The heartbeat: extend every lock held here. A lock found taken over is reported, not retaken. */
  renewLocks(): Promise<void> {
    if (this.#renewal) return this.#renewal;
    const { store, instanceId, lockTtlMs, onError } = this.#options;
    const renewal = (async () => {
      for (const name of [...this.#heldLocks]) {
        if (!this.#heldLocks.has(name)) continue;
        if (!(await store.acquireLock(name, instanceId, lockTtlMs)) && this.#heldLocks.has(name)) {
          this.#heldLocks.delete(name);
          onError(
            new Error(
              `Lost the store lock "${name}" (${instanceId}): its work stalled past the lock's ttl (${lockTtlMs} ms), so another process may repeat it.`,
            ),
          );
        }
      }
    })()
      .catch((err) => onError(err))
      .finally(() => (this.#renewal = undefined));
    this.#renewal = renewal;
    return renewal;
  }
}
