/**
 * Backstory worker: runs the durable backstory jobs in the store. Jobs are leased (so two
 * processes sharing a store never write the same backstory twice), run through the
 * scheduler's backstory lane, and completed; a closed engine hands its leases back, and a
 * crashed process's leases expire so another process (or the restart) finishes them.
 *   worker.kick();      // a job was queued here
 *   await worker.idle() // tests, CLI: wait until no job is queued or running
 * Cost: one store lease query per kick or poll (default every second, timer unref'd).
 */
import type { JobRecord, PersonaRecord } from '../core/types.js';
import type { EngineContext } from './context.js';
import { failed, withBackstory } from './records.js';

export interface BackstoryWorkerOptions {
  /** Run queued backstory jobs in this process. Default: true. */
  enabled?: boolean;
  /** Jobs leased and running at once. Default: 8. */
  concurrency?: number;
  /** How long a lease lasts before another process may take the job. Default: 300,000 ms. */
  leaseMs?: number;
  /** How often to look for jobs queued by other processes. Default: 1,000 ms. */
  pollMs?: number;
  /** Attempts before a job is marked failed. Default: 3. */
  maxAttempts?: number;
}

export const JOB_PRIORITY = { normal: 10, focus: 0 } as const;

export function backstoryJobId(world: string, fingerprint: string, key: string): string {
  return `backstory:${world}:${fingerprint}:${key}`;
}

export class BackstoryWorker {
  private active = 0;
  private pumping: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly leased = new Set<string>();
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly ctx: EngineContext,
    private readonly options: Required<BackstoryWorkerOptions>,
  ) {
    if (options.enabled) {
      this.timer = setInterval(() => {
        this.kick();
        void this.ctx.pollAwaiting().catch((err) => this.ctx.onError(err));
      }, options.pollMs);
      this.timer.unref();
    }
  }

  get running(): number {
    return this.active;
  }

  /** Look for work now. */
  kick(): void {
    if (!this.options.enabled || this.ctx.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.checkIdle();
    });
  }

  private async pump(): Promise<void> {
    while (!this.ctx.closed && this.active < this.options.concurrency) {
      const jobs = await this.ctx.store.leaseJobs(this.ctx.instanceId, this.options.concurrency - this.active, this.options.leaseMs);
      if (!jobs.length) return;
      for (const job of jobs) {
        this.active++;
        this.leased.add(job.id);
        void this.run(job).finally(() => {
          this.active--;
          this.leased.delete(job.id);
          this.kick();
        });
      }
    }
  }

  private async run(job: JobRecord): Promise<void> {
    const { store } = this.ctx;
    let rec: PersonaRecord | undefined;
    try {
      rec = await store.getPersona(job.world, job.fingerprint, job.key);
      if (!rec || rec.backstory !== null || rec.bio === null) {
        await store.completeJob(job.id, this.ctx.instanceId);
        return;
      }
      const world = await this.ctx.loadWorld(job.world, job.fingerprint);
      if (!world) throw new Error(`world ${job.world} (${job.fingerprint}) is not in the store`);
      const identity = { key: rec.key, name: rec.name, traits: rec.traits, hints: rec.hints };
      const story = await this.ctx.generator.backstory(world.context, world.profile, identity, rec.bio, { id: job.id, priority: () => this.ctx.backstoryPriority(job.id, job.priority) });
      // Re-read: the record may have changed while the model wrote (another field, never the backstory).
      const latest = (await store.getPersona(job.world, job.fingerprint, job.key)) ?? rec;
      const done = withBackstory(latest, story);
      await store.putPersona(done);
      await store.completeJob(job.id, this.ctx.instanceId);
      this.ctx.published(done);
    } catch (err) {
      if (this.ctx.closed) return;
      const retry = job.attempts < this.options.maxAttempts;
      await store.failJob(job.id, this.ctx.instanceId, err instanceof Error ? err.message : String(err), retry).catch(() => undefined);
      if (!retry && rec) {
        const gaveUp = failed(rec, err);
        await store.putPersona(gaveUp).catch(() => undefined);
        this.ctx.published(gaveUp);
      }
      this.ctx.onError(err);
    }
  }

  /** Resolves when no job is queued in the store or running here (at once when the worker is off). */
  async idle(): Promise<void> {
    while (this.options.enabled && !this.ctx.closed) {
      if (this.pumping) await this.pumping;
      if (this.active > 0) {
        await new Promise<void>((r) => this.idleWaiters.push(r));
        continue;
      }
      await this.ctx.pollAwaiting();
      if ((await this.ctx.store.countJobs('queued')) === 0) return;
      this.kick();
      if (this.pumping) await this.pumping;
      // Queued but not leasable here yet: wait a poll interval instead of spinning.
      if (this.active === 0) await new Promise((r) => setTimeout(r, this.options.pollMs));
    }
  }

  private checkIdle(): void {
    if (this.active > 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  /** Stop taking jobs and hand back the ones leased here so another run can finish them. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.leased].map((id) => this.ctx.store.failJob(id, this.ctx.instanceId, 'engine closed', true).catch(() => undefined)));
    this.checkIdle();
  }
}
