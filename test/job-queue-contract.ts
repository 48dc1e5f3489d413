/**
 * The JobQueue contract every job queue keeps (StoreJobQueue over memory or SQLite, BullJobQueue
 * on Redis), as one suite a test file runs against a factory. It runs in real time with short
 * leases (BullMQ's locks are Redis expiries, so fake timers cannot move them) and waits for
 * time-driven changes (a retry's backoff, a lapsed lease) by polling a bounded loop, never by
 * asserting how long they took.
 *
 *   jobQueueContract('StoreJobQueue(memory)', () => new StoreJobQueue(store), () => store.close());
 *
 * `open` is called once per queue instance a test needs; every instance opened during one test
 * must share one backing queue (one store, one SQLite file, one Redis prefix), and `cleanup`
 * (after each test, once the instances are closed) must drop that backing so the next test
 * starts empty. Cost: about 3 s of real time per implementation (the lease tests wait out leases).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue, JobRecord, NewJob } from '../src/core/types.js';

/** A lease short enough to wait out in a test, long enough for a loaded CI machine's round trips. */
export const LEASE_MS = 300;

export const newJob = (id: string, priority = 5): NewJob => ({
  id,
  kind: 'backstory',
  world: 'harbour-town',
  fingerprint: 'fp-1',
  key: `key-${id}`,
  priority,
});

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `step` every `everyMs` until it returns a value other than undefined; fails after `tries` calls. */
export async function pollUntil<T>(what: string, step: () => Promise<T | undefined>, tries = 100, everyMs = 50): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await step();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new Error(`gave up waiting: ${what} (${tries} tries, ${everyMs} ms apart)`);
}

/** Leases `limit` jobs for `owner`, retrying until something is leased (a retry's backoff, a stalled lease's recovery). */
export const leaseEventually = (queue: JobQueue, owner: string, limit = 1, leaseMs = LEASE_MS): Promise<JobRecord[]> =>
  pollUntil(`${owner} leases a job`, async () => {
    const jobs = await queue.lease(owner, limit, leaseMs);
    return jobs.length > 0 ? jobs : undefined;
  });

const ids = (jobs: readonly JobRecord[]): string[] => jobs.map((j) => j.id);

export function jobQueueContract(name: string, open: () => Promise<JobQueue> | JobQueue, cleanup?: () => Promise<void> | void): void {
  describe(`${name} keeps the JobQueue contract`, () => {
    const opened: JobQueue[] = [];
    const queue = async (): Promise<JobQueue> => {
      const q = await open();
      opened.push(q);
      return q;
    };
    afterEach(async () => {
      await Promise.allSettled(opened.splice(0).map((q) => q.close()));
      await cleanup?.();
    });

    it('adds a job id once; a more urgent priority wins while it waits', async () => {
      const q = await queue();
      await q.add(newJob('j1', 5));
      await q.add(newJob('j1', 9)); // less urgent: ignored
      await q.add(newJob('j2', 3));
      expect(await q.counts()).toEqual({ queued: 2, leased: 0, done: 0, failed: 0 });
      expect(await q.get('j1')).toMatchObject({ state: 'queued', priority: 5 });

      await q.add(newJob('j1', 1)); // more urgent: wins
      expect(await q.get('j1')).toMatchObject({ state: 'queued', priority: 1 });
      expect(await q.counts()).toEqual({ queued: 2, leased: 0, done: 0, failed: 0 });
      expect((await q.lease('w', 10, LEASE_MS)).map((j) => [j.id, j.priority])).toEqual([
        ['j1', 1],
        ['j2', 3],
      ]);
      expect(await q.counts()).toEqual({ queued: 0, leased: 2, done: 0, failed: 0 });
    });

    it('leases the most urgent jobs first, then the oldest, up to the limit', async () => {
      const q = await queue();
      await q.add(newJob('old-low', 5));
      await sleep(5);
      await q.add(newJob('new-urgent', 1));
      await q.add(newJob('new-low', 5));
      await q.add(newJob('tie-low', 5));
      expect(ids(await q.lease('w', 3, LEASE_MS))).toEqual(['new-urgent', 'old-low', 'new-low']);
      expect(ids(await q.lease('w', 3, LEASE_MS))).toEqual(['tie-low']);
      expect(await q.lease('w', 3, LEASE_MS)).toEqual([]);
    });

    it('leases nothing when asked for zero jobs', async () => {
      const q = await queue();
      await q.add(newJob('a'));
      expect(await q.lease('w', 0, LEASE_MS)).toEqual([]);
      expect(await q.counts()).toEqual({ queued: 1, leased: 0, done: 0, failed: 0 });
    });

    it('records the lease: state, owner, first attempt', async () => {
      const q = await queue();
      await q.add(newJob('j1', 4));
      const before = Date.now();
      const [leased] = await q.lease('worker-a', 1, 60_000);
      expect(leased).toMatchObject({ ...newJob('j1', 4), state: 'leased', attempts: 1, leaseOwner: 'worker-a', error: null });
      expect(leased!.leaseUntil).toBeGreaterThan(before);
      expect(await q.get('j1')).toMatchObject({ state: 'leased', leaseOwner: 'worker-a', attempts: 1 });
      expect(await q.counts()).toEqual({ queued: 0, leased: 1, done: 0, failed: 0 });
    });

    it('completes a job for its owner only; others are ignored without an error', async () => {
      const q = await queue();
      await q.add(newJob('j1'));
      await q.lease('a', 1, 60_000);
      await q.complete('j1', 'b');
      await q.fail('j1', 'b', 'not mine', false);
      await q.fail('j1', 'b', 'not mine', true);
      await q.handBack('j1', 'b');
      expect(await q.get('j1')).toMatchObject({ state: 'leased', leaseOwner: 'a', error: null });
      expect(await q.counts()).toEqual({ queued: 0, leased: 1, done: 0, failed: 0 });

      await q.complete('j1', 'a');
      expect(await q.get('j1')).toMatchObject({ state: 'done' });
      await q.complete('j1', 'a'); // twice: ignored
      await q.fail('j1', 'a', 'late', false);
      expect(await q.get('j1')).toMatchObject({ state: 'done', error: null });
      expect(await q.counts()).toEqual({ queued: 0, leased: 0, done: 1, failed: 0 });
      await q.complete('unknown', 'a');
    });

    it('puts a failed-with-retry job back in the queue with its error; the next lease is attempt 2', async () => {
      const q = await queue();
      await q.add(newJob('j1'));
      await q.lease('w', 1, LEASE_MS);
      await q.fail('j1', 'w', 'model timed out', true);
      expect(await q.get('j1')).toMatchObject({ state: 'queued', error: 'model timed out', leaseOwner: null });
      expect(await q.counts()).toEqual({ queued: 1, leased: 0, done: 0, failed: 0 });
      const [again] = await leaseEventually(q, 'w2');
      expect(again).toMatchObject({ id: 'j1', state: 'leased', attempts: 2, error: 'model timed out', leaseOwner: 'w2' });
    });

    it('parks a job failed without retry until it is added again, which starts it over', async () => {
      const q = await queue();
      await q.add(newJob('j1'));
      await q.lease('w', 1, LEASE_MS);
      await q.fail('j1', 'w', 'gave up', false);
      expect(await q.get('j1')).toMatchObject({ state: 'failed', error: 'gave up', attempts: 1 });
      expect(await q.counts()).toEqual({ queued: 0, leased: 0, done: 0, failed: 1 });
      expect(await q.lease('w', 1, LEASE_MS)).toEqual([]);

      await q.add(newJob('j1', 2));
      expect(await q.get('j1')).toMatchObject({ state: 'queued', priority: 2 });
      expect(await q.counts()).toEqual({ queued: 1, leased: 0, done: 0, failed: 0 });
      const [again] = await q.lease('w', 1, LEASE_MS);
      expect(again).toMatchObject({ id: 'j1', state: 'leased', attempts: 1, priority: 2, error: null });
    });

    it('never runs a done job again, even when it is added again', async () => {
      const q = await queue();
      await q.add(newJob('j1'));
      await q.lease('w', 1, LEASE_MS);
      await q.complete('j1', 'w');
      await q.add(newJob('j1', 0));
      expect(await q.get('j1')).toMatchObject({ state: 'done' });
      expect(await q.counts()).toEqual({ queued: 0, leased: 0, done: 1, failed: 0 });
      expect(await q.lease('w', 1, LEASE_MS)).toEqual([]);
    });

    it('reprioritises waiting jobs only', async () => {
      const q = await queue();
      await q.add(newJob('a', 5));
      await q.add(newJob('b', 5));
      await q.prioritize('b', 1);
      expect(ids(await q.lease('w', 1, LEASE_MS))).toEqual(['b']);
      await q.prioritize('b', 9); // leased: no change
      await q.prioritize('missing', 1); // unknown: no-op
      expect(await q.get('missing')).toBeUndefined();
      expect(await q.get('b')).toMatchObject({ state: 'leased', priority: 1 });
      await q.prioritize('a', 7); // waiting: a less urgent number is allowed too
      expect(await q.get('a')).toMatchObject({ state: 'queued', priority: 7 });
      expect(await q.lease('w', 1, LEASE_MS)).toEqual([expect.objectContaining({ id: 'a', priority: 7 })]);
      // Retried (and perhaps waiting out a backoff): it waits, so its priority may change again.
      await q.fail('b', 'w', 'x', true);
      expect(await q.get('b')).toMatchObject({ state: 'queued', priority: 1 });
      await q.add(newJob('b', 3)); // less urgent: ignored
      expect(await q.get('b')).toMatchObject({ state: 'queued', priority: 1 });
      await q.prioritize('b', 0);
      expect(await q.get('b')).toMatchObject({ state: 'queued', priority: 0 });
      expect((await leaseEventually(q, 'w'))[0]).toMatchObject({ id: 'b', priority: 0, attempts: 2 });
    });

    it('renews only the leases the owner still holds', async () => {
      const q = await queue();
      for (const id of ['a', 'b', 'c']) await q.add(newJob(id));
      await q.lease('w', 3, 60_000);
      await q.complete('c', 'w');
      expect((await q.renew('w', ['a', 'b', 'c', 'missing'], 60_000)).sort()).toEqual(['a', 'b']);
      expect(await q.renew('intruder', ['a'], 60_000)).toEqual([]);
      expect(await q.renew('w', [], 60_000)).toEqual([]);
      expect(await q.get('a')).toMatchObject({ state: 'leased', leaseOwner: 'w', attempts: 1 });
    });

    it('keeps a renewed lease past several lease lengths, and hands a lapsed one to another owner', async () => {
      const q = await queue();
      await q.add(newJob('slow', 1));
      await q.add(newJob('lapsed', 2));
      expect(ids(await q.lease('w', 2, LEASE_MS))).toEqual(['slow', 'lapsed']);
      // w keeps renewing 'slow' (a backstory that takes longer than its lease) and drops 'lapsed';
      // 'other' polls the whole time (renewing what it took): it must get 'lapsed' once its lease
      // lapses, never 'slow'. At least 16 beats (4 leases); at most 200 waiting for 'lapsed'.
      const takenByOther: string[] = [];
      for (let beat = 0; beat < 200 && (beat < 16 || !takenByOther.includes('lapsed')); beat++) {
        expect(await q.renew('w', ['slow'], LEASE_MS)).toEqual(['slow']);
        expect(await q.renew('other', takenByOther, LEASE_MS)).toEqual(takenByOther);
        takenByOther.push(...ids(await q.lease('other', 3, LEASE_MS)));
        await sleep(LEASE_MS / 4);
      }
      expect(takenByOther).toEqual(['lapsed']);
      expect(await q.get('slow')).toMatchObject({ state: 'leased', leaseOwner: 'w', attempts: 1 });
      expect(await q.get('lapsed')).toMatchObject({ state: 'leased', leaseOwner: 'other', attempts: 2 });
      expect(await q.renew('w', ['slow', 'lapsed'], LEASE_MS)).toEqual(['slow']);
      await q.complete('lapsed', 'w'); // w lost it: ignored
      expect(await q.get('lapsed')).toMatchObject({ state: 'leased', leaseOwner: 'other' });
      await q.complete('lapsed', 'other');
      await q.complete('slow', 'w');
      expect(await q.counts()).toEqual({ queued: 0, leased: 0, done: 2, failed: 0 });
    });

    it('takes a handed-back job back without failing it, for another owner to run', async () => {
      const q = await queue();
      await q.add(newJob('j1'));
      await q.lease('a', 1, 60_000);
      await q.handBack('j1', 'a');
      expect(await q.get('j1')).toMatchObject({ state: 'queued', leaseOwner: null });
      expect(await q.counts()).toEqual({ queued: 1, leased: 0, done: 0, failed: 0 });
      const [again] = await leaseEventually(q, 'b');
      expect(again).toMatchObject({ id: 'j1', state: 'leased', leaseOwner: 'b' });
      await q.complete('j1', 'b');
      expect(await q.get('j1')).toMatchObject({ state: 'done' });
    });

    it('returns one job by id in any state, and counts jobs per state', async () => {
      const q = await queue();
      expect(await q.get('nope')).toBeUndefined();
      for (const id of ['a', 'b', 'c', 'd']) await q.add(newJob(id, 4));
      expect(await q.get('a')).toEqual({
        ...newJob('a', 4),
        state: 'queued',
        attempts: 0,
        leaseOwner: null,
        leaseUntil: 0,
        createdAt: expect.any(Number),
        error: null,
      });
      await q.lease('w', 3, 60_000); // a, b, c
      await q.complete('a', 'w');
      await q.fail('b', 'w', 'broke', false);
      expect(await q.get('a')).toMatchObject({ state: 'done', attempts: 1 });
      expect(await q.get('b')).toMatchObject({ state: 'failed', error: 'broke', attempts: 1 });
      expect(await q.get('c')).toMatchObject({ state: 'leased', leaseOwner: 'w', attempts: 1 });
      expect((await q.get('c'))!.leaseUntil).toBeGreaterThan(0);
      expect(await q.get('d')).toMatchObject({ state: 'queued', attempts: 0 });
      expect(await q.counts()).toEqual({ queued: 1, leased: 1, done: 1, failed: 1 });
    });

    it("lists leased jobs with their owners, and another instance frees a dead owner's job at once", async () => {
      const dead = await queue();
      const survivor = await queue();
      for (const id of ['a', 'b']) await dead.add(newJob(id));
      await dead.lease('dead-owner', 2, 60_000);
      const leased = await survivor.leased!();
      expect(leased.map((j) => [j.id, j.leaseOwner]).sort()).toEqual([
        ['a', 'dead-owner'],
        ['b', 'dead-owner'],
      ]);
      expect(await survivor.leased!(1)).toHaveLength(1);
      // The worker's take-over: fail by the dead owner, from the survivor. Only that owner's lease is freed.
      await survivor.fail('a', 'someone-else', 'not theirs', true);
      expect(await survivor.get('a')).toMatchObject({ state: 'leased', leaseOwner: 'dead-owner' });
      await survivor.fail('a', 'dead-owner', 'taken over: owner no longer runs', true);
      const [again] = await leaseEventually(survivor, 'survivor');
      expect(again).toMatchObject({ id: 'a', leaseOwner: 'survivor' });
      expect(await survivor.get('b')).toMatchObject({ state: 'leased', leaseOwner: 'dead-owner' });
    });

    it('never leases one job to two queue instances on one backing, and together they lease all', async () => {
      const a = await queue();
      const b = await queue();
      for (let i = 0; i < 50; i++) await a.add(newJob(`j${i}`, i % 4));
      const leasedBy = new Map<string, string[]>();
      for (let turn = 0; turn < 100; turn++) {
        const [owner, q] = turn % 2 === 0 ? (['a', a] as const) : (['b', b] as const);
        const batch = await q.lease(owner, 3, 60_000);
        if (batch.length === 0) break; // one shared queue: empty for one is empty for both
        for (const j of batch) leasedBy.set(j.id, [...(leasedBy.get(j.id) ?? []), owner]);
      }
      expect(leasedBy.size).toBe(50);
      expect([...leasedBy.values()].filter((owners) => owners.length !== 1)).toEqual([]);
      expect(new Set([...leasedBy.values()].flat())).toEqual(new Set(['a', 'b']));
      expect(await b.counts()).toEqual({ queued: 0, leased: 50, done: 0, failed: 0 });
      const [first] = [...leasedBy].find(([, owners]) => owners[0] === 'a')!;
      await b.complete(first, 'b'); // not b's: ignored
      expect(await b.get(first)).toMatchObject({ state: 'leased', leaseOwner: 'a' });
      await a.complete(first, 'a');
      expect(await b.get(first)).toMatchObject({ state: 'done' });
    });
  });
}
