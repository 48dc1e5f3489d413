/**
 * Backstory batcher: backstory jobs of one world (id + fingerprint) share a model call. A
 * request waits for company up to `windowMs` after the first one of its batch started waiting,
 * and the batch goes out at once when it holds `batch` people, or when one of its jobs is
 * focused (a player talks to that NPC). A batch of one takes the single-backstory path, and
 * so does every request when `batch` is 1 or the provider cannot batch (no `backstories`, or it
 * is the in-process procedural provider, where waiting would buy nothing). Each result is
 * still checked on its own and regenerated alone on a contradiction (text-writer.ts).
 * Why wait at all: keyed NPCs spawned one at a time (the plugin's on-demand path) would
 * otherwise cost one backstory call each; backstories are seconds of model time in the
 * background, so a wait of a fraction of that halves to quarters their call count.
 *   const story = await batcher.request(world.context, world.profile, { subject, bio, id: job.id, priority });
 *   batcher.focus();     // after a focus: send batches holding a focused job, boost queued ones
 *   batcher.flushAll();  // drain: send everything now
 *   batcher.close();     // shutdown: reject whatever still waits (EngineClosedError)
 * Cost: one array push per request and one timer per open batch; `focus()` walks the open
 * batches and the batch calls still in flight (a few entries).
 */
import { EngineClosedError } from '../core/errors.js';
import type { Profile } from '../core/profile-schema.js';
import type { WorldContext } from '../core/types.js';
import type { BackstoryItem, BackstoryResult } from './text-results.js';
import type { TextWriter } from './text-writer.js';
import { LANE_PRIORITY } from './scheduler.js';

export interface BackstoryBatcherOptions {
  /** Most people per call; 1 = one call per persona. */
  batch: number;
  /** Longest wait for company, from when the batch's first request arrived; 0 = the same turn only. */
  windowMs: number;
}

interface Waiting {
  item: BackstoryItem;
  resolve: (r: BackstoryResult) => void;
  reject: (e: unknown) => void;
}

interface Batch {
  world: WorldContext;
  profile: Profile;
  waiting: Waiting[];
  /** Clears the window's timer. */
  cancel: () => void;
}

/** A batch call queued or running: its members' focus can still raise its priority. */
interface Sent {
  items: readonly BackstoryItem[];
  callId: string;
  priority: number;
}

function priorityOf(item: BackstoryItem): number {
  return item.priority?.() ?? LANE_PRIORITY.backstory;
}

/** A focused job's priority is boosted above the lane's (backstory-worker.ts backstoryPriority). */
function isFocused(item: BackstoryItem): boolean {
  return priorityOf(item) > LANE_PRIORITY.backstory;
}

export class BackstoryBatcher {
  private readonly open = new Map<string, Batch>();
  private readonly sent = new Set<Sent>();
  private closed = false;
  /** After flushAll (a drain): no more waiting for company, batches go out on the next turn. */
  private hurried = false;

  constructor(
    private readonly writer: TextWriter,
    private readonly options: BackstoryBatcherOptions,
  ) {}

  /** Requests waiting for their batch to go out. */
  get waiting(): number {
    let n = 0;
    for (const b of this.open.values()) n += b.waiting.length;
    return n;
  }

  request(world: WorldContext, profile: Profile, item: BackstoryItem): Promise<BackstoryResult> {
    if (this.closed) return Promise.reject(new EngineClosedError());
    if (this.options.batch <= 1 || !this.writer.batchesBackstories) {
      return this.writer.backstory(world, profile, item.subject, item.bio, { id: item.id, priority: item.priority });
    }
    return new Promise((resolve, reject) => {
      const key = `${world.id}\u0000${world.fingerprint}`;
      let batch = this.open.get(key);
      if (!batch) {
        const fire = () => {
          if (this.open.get(key) === created) this.flush(key, created);
        };
        // Not unref'd: a CLI run waiting on this backstory must not exit first (at most windowMs).
        let cancel: () => void;
        if (this.options.windowMs > 0 && !this.hurried) {
          const timer = setTimeout(fire, this.options.windowMs);
          cancel = () => clearTimeout(timer);
        } else {
          const immediate = setImmediate(fire);
          cancel = () => clearImmediate(immediate);
        }
        const created: Batch = { world, profile, waiting: [], cancel };
        batch = created;
        this.open.set(key, batch);
      }
      batch.waiting.push({ item, resolve, reject });
      if (batch.waiting.length >= this.options.batch || isFocused(item)) this.flush(key, batch);
    });
  }

  /**
   * A job may have been focused: send at once any batch holding a focused job, and raise the
   * scheduler priority of a batch call still queued whose member was focused.
   */
  focus(): void {
    for (const [key, batch] of [...this.open]) {
      if (batch.waiting.some((w) => isFocused(w.item))) this.flush(key, batch);
    }
    for (const s of this.sent) {
      const priority = Math.max(...s.items.map(priorityOf));
      if (priority > s.priority) {
        s.priority = priority;
        this.writer.boost(s.callId, priority);
      }
    }
  }

  /** Send every waiting batch now, and later ones without a window (a draining engine lets them finish). */
  flushAll(): void {
    this.hurried = true;
    for (const [key, batch] of [...this.open]) this.flush(key, batch);
  }

  /** Reject every waiting request (EngineClosedError) and accept no more. Calls already sent are the scheduler's to stop. */
  close(): void {
    this.closed = true;
    for (const batch of this.open.values()) {
      batch.cancel();
      for (const w of batch.waiting.splice(0)) w.reject(new EngineClosedError());
    }
    this.open.clear();
  }

  private flush(key: string, batch: Batch): void {
    if (this.open.get(key) === batch) this.open.delete(key);
    batch.cancel();
    const waiting = batch.waiting.splice(0);
    if (!waiting.length) return;
    const items = waiting.map((w) => w.item);
    const sent: Sent = { items, callId: `backstories:${items.length}:${items[0]!.id}`, priority: Math.max(...items.map(priorityOf)) };
    let results: Array<Promise<BackstoryResult>>;
    try {
      results = this.writer.backstoryBatch(batch.world, batch.profile, items, sent.callId);
    } catch (err) {
      for (const w of waiting) w.reject(err);
      return;
    }
    for (const [i, p] of results.entries()) void p.then(waiting[i]!.resolve, waiting[i]!.reject);
    if (items.length > 1) {
      this.sent.add(sent);
      void Promise.allSettled(results).then(() => this.sent.delete(sent));
    }
  }
}
