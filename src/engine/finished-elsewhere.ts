/**
 * Personas finished (or upgraded) by another process, delivered to the handles held here: a
 * room waiting for a backstory a worker elsewhere writes, or showing a provisional text another
 * process has rewritten. A store several processes share tells of every such write
 * (`watchFinished`, Redis pub/sub), and the record is read and published at once; without it,
 * the backstory worker polls the handles waiting (`poll`, every `backstories.pollMs`).
 *   const elsewhere = new FinishedElsewhere({ store, handles, onError });
 *   elsewhere.wait(cacheKey, handle);   // its backstory job is queued
 *   await elsewhere.poll();             // stores without messages
 * Cost: one Map entry per handle waiting; one store read per message about a handle that
 * waits or holds a provisional text (other messages: a Map lookup), or per waiting handle per poll.
 */
import type { PersonaStore } from '../core/types.js';
import type { PersonaHandle } from './persona-handle.js';
import { handleKey, type PersonaHandles } from './persona-handles.js';
import { isProvisional } from './records.js';

export interface FinishedElsewhereDeps {
  store: Pick<PersonaStore, 'getPersona' | 'watchFinished'>;
  handles: Pick<PersonaHandles, 'get'>;
  onError: (err: unknown) => void;
}

export class FinishedElsewhere {
  /** Handles waiting for a backstory (or a failure) that may be written in another process. */
  private readonly awaiting = new Map<string, PersonaHandle>();
  /** Stops watchFinished (null: the store has none, so `poll` does the work). */
  private readonly unwatch: (() => void) | null;

  constructor(private readonly deps: FinishedElsewhereDeps) {
    this.unwatch = deps.store.watchFinished?.((ref) => this.deliver(handleKey(ref.world, ref.fingerprint, ref.key))) ?? null;
  }

  /** This handle waits for its backstory, which any process may write. */
  wait(cacheKey: string, handle: PersonaHandle): void {
    this.awaiting.set(cacheKey, handle);
  }

  /** Its backstory is done (or it failed) here: stop waiting. */
  forget(cacheKey: string): void {
    this.awaiting.delete(cacheKey);
  }

  /** Read the waiting handles' records and publish the finished ones (stores without messages; a job found done). */
  async poll(): Promise<void> {
    for (const [cacheKey, handle] of this.awaiting) {
      if (handle.record?.backstory != null || handle.status === 'failed') {
        this.awaiting.delete(cacheKey);
        continue;
      }
      const rec = await this.deps.store.getPersona(handle.world, handle.record?.fingerprint ?? '', handle.key);
      if (rec && (rec.backstory !== null || rec.status === 'failed')) {
        this.awaiting.delete(cacheKey);
        handle.publish(rec);
      }
    }
  }

  close(): void {
    this.unwatch?.();
  }

  /**
   * A persona another process finished (or upgraded): deliver it if a handle here waits for it,
   * or holds it with a provisional text the other process may have rewritten. Never throws.
   */
  private deliver(cacheKey: string): void {
    const waiting = this.awaiting.get(cacheKey);
    const held = waiting ?? this.deps.handles.get(cacheKey)?.handle;
    const mine = held?.record;
    if (!held || (!waiting && !(mine && isProvisional(mine)))) return;
    void this.deps.store
      .getPersona(held.world, mine?.fingerprint ?? '', held.key)
      .then((rec) => {
        if (!rec) return;
        if (waiting) {
          if (rec.backstory === null && rec.status !== 'failed') return;
          this.awaiting.delete(cacheKey);
          held.publish(rec);
          return;
        }
        // Upgraded elsewhere: a text here is provisional, the stored one is not.
        const now = held.record;
        if (now && ((now.provisional.bio && !rec.provisional.bio) || (now.provisional.backstory && !rec.provisional.backstory)))
          held.publish(rec);
      })
      .catch((err: unknown) => this.deps.onError(err));
  }
}
