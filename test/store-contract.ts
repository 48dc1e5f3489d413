/**
 * The PersonaStore contract every store keeps (memory, SQLite, Redis) and the JobTable
 * contract of the stores that carry their own job table (memory, SQLite; on Redis jobs are
 * BullMQ's), each as one suite a test file runs against a factory, plus the fixtures and
 * multi-store checks the store tests share.
 *   storeContract('SqliteStore', () => new SqliteStore({ path: ':memory:' }));
 *   jobTableContract('SqliteStore', () => new SqliteStore({ path: ':memory:' }));
 * Cost: none of its own; time is faked (Date only), so no test sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobTable, NewJob, PersonaRecord, PersonaStore, StoredWorld } from '../src/core/types.js';

export const W = 'harbour-town';
export const FP = 'fp-1';

export function world(id = W, fingerprint = FP): StoredWorld {
  return {
    id,
    fingerprint,
    description: 'A foggy harbour town.',
    profile: {
      summary: 'Dockworkers and smugglers.',
      nameCulture: 'english',
      terms: ['the Quay'],
      variables: [
        { kind: 'numeric', name: 'age', min: 16, max: 80, integer: true, unit: 'years', ranges: [] },
        { kind: 'categorical', name: 'gender', options: [{ value: 'woman', weight: 1, when: null }] },
        { kind: 'categorical', name: 'occupation', options: [{ value: 'docker', weight: 1, when: null }] },
      ],
    },
    profileModel: 'test-model',
    profileSource: 'llm',
    createdAt: 1_000,
  };
}

export function persona(key: string, overrides: Partial<PersonaRecord> = {}): PersonaRecord {
  return {
    key,
    name: `Name ${key}`,
    traits: { age: 30, gender: 'woman', occupation: 'docker' },
    hints: [],
    id: `${W}:${key}`,
    world: W,
    fingerprint: FP,
    bio: `Bio of ${key}.`,
    backstory: null,
    status: 'bio',
    model: 'test-model',
    source: 'llm',
    models: { bio: 'test-model', backstory: null },
    sources: { bio: 'llm', backstory: null },
    provisional: { bio: false, backstory: false },
    errors: { bio: null, backstory: null },
    consistency: null,
    checks: { bio: null, backstory: null },
    error: null,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...overrides,
  };
}

export const job = (id: string, priority = 5): NewJob => ({
  id,
  kind: 'backstory',
  world: W,
  fingerprint: FP,
  key: id,
  priority,
});

export function storeContract(name: string, open: () => PersonaStore): void {
  describe(`${name} keeps the PersonaStore contract`, () => {
    let store: PersonaStore;
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(1_000_000);
      store = open();
    });
    afterEach(async () => {
      await store.close();
      vi.useRealTimers();
    });

    describe('worlds', () => {
      it('returns a stored world by id and fingerprint, and nothing for another version', async () => {
        await store.putWorld(world());
        expect(await store.getWorld(W, FP)).toEqual(world());
        expect(await store.getWorld(W, 'fp-2')).toBeUndefined();
        expect(await store.getWorld('elsewhere', FP)).toBeUndefined();
      });

      it('replaces a world written again under the same id and fingerprint', async () => {
        await store.putWorld(world());
        await store.putWorld({ ...world(), profileModel: 'other-model' });
        expect((await store.getWorld(W, FP))?.profileModel).toBe('other-model');
      });

      it('finds the newest version of a world by id alone', async () => {
        await store.putWorld({ ...world(W, 'old'), createdAt: 1 });
        await store.putWorld({ ...world(W, 'new'), createdAt: 2 });
        await store.putWorld({ ...world('elsewhere', 'x'), createdAt: 3 });
        expect((await store.getLatestWorld(W))?.fingerprint).toBe('new');
        expect(await store.getLatestWorld('nowhere')).toBeUndefined();
      });

      it('hands out copies: mutating a returned world does not change the stored one', async () => {
        await store.putWorld(world());
        const got = await store.getWorld(W, FP);
        got!.profile.terms.push('mutated');
        expect((await store.getWorld(W, FP))?.profile.terms).toEqual(['the Quay']);
      });
    });

    describe('personas', () => {
      it('returns a stored persona by world, fingerprint and key', async () => {
        await store.putPersona(persona('k1'));
        expect(await store.getPersona(W, FP, 'k1')).toEqual(persona('k1'));
        expect(await store.getPersona(W, FP, 'k2')).toBeUndefined();
        expect(await store.getPersona(W, 'fp-2', 'k1')).toBeUndefined();
      });

      it('updates a persona in place: the count stays one and the newest text wins', async () => {
        await store.putPersona(persona('k1'));
        await store.putPersona(persona('k1', { backstory: 'Grew up on the Quay.', status: 'complete' }));
        expect(await store.countPersonas(W, FP)).toBe(1);
        expect(await store.getPersona(W, FP, 'k1')).toMatchObject({ backstory: 'Grew up on the Quay.', status: 'complete' });
      });

      it("hands out copies and keeps none of the caller's object", async () => {
        const record = persona('k1');
        await store.putPersona(record);
        record.hints.push('changed after put');
        const got = await store.getPersona(W, FP, 'k1');
        got!.traits.age = 99;
        expect(await store.getPersona(W, FP, 'k1')).toEqual(persona('k1'));
      });

      it('lists a world version oldest first, insertion order breaking ties, with limit and offset', async () => {
        await store.putPersona(persona('late', { createdAt: 3_000 }));
        await store.putPersona(persona('tie-a', { createdAt: 2_000 }));
        await store.putPersona(persona('early', { createdAt: 1_000 }));
        await store.putPersona(persona('tie-b', { createdAt: 2_000 }));
        await store.putPersona(persona('other-version', { fingerprint: 'fp-2' }));
        // Rewriting keeps the original place among equal createdAt.
        await store.putPersona(persona('tie-a', { createdAt: 2_000, status: 'complete' }));

        const keys = async (options?: { limit?: number; offset?: number }) => (await store.listPersonas(W, FP, options)).map((p) => p.key);
        expect(await keys()).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(await keys({ limit: 2 })).toEqual(['early', 'tie-a']);
        expect(await keys({ offset: 1, limit: 2 })).toEqual(['tie-a', 'tie-b']);
        expect(await keys({ offset: 3 })).toEqual(['late']);
        expect(await keys({ offset: 10 })).toEqual([]);
      });

      it('counts personas per world version', async () => {
        for (const key of ['a', 'b', 'c']) await store.putPersona(persona(key));
        await store.putPersona(persona('d', { fingerprint: 'fp-2' }));
        expect(await store.countPersonas(W, FP)).toBe(3);
        expect(await store.countPersonas(W, 'fp-2')).toBe(1);
        expect(await store.countPersonas('elsewhere', FP)).toBe(0);
      });
    });

    describe('names', () => {
      it('gives a name to the first key only, whatever the letter case', async () => {
        expect(await store.claimName(W, FP, 'Ada Quill', 'k1')).toBe(true);
        expect(await store.claimName(W, FP, 'Ada Quill', 'k1')).toBe(true);
        expect(await store.claimName(W, FP, 'ada QUILL', 'k2')).toBe(false);
        expect(await store.claimName(W, FP, 'ADA QUILL', 'k1')).toBe(true);
      });

      it('keeps names separate per world and per world version', async () => {
        expect(await store.claimName(W, FP, 'Ada Quill', 'k1')).toBe(true);
        expect(await store.claimName(W, 'fp-2', 'Ada Quill', 'k2')).toBe(true);
        expect(await store.claimName('elsewhere', FP, 'Ada Quill', 'k3')).toBe(true);
      });
    });

    describe('locks', () => {
      it('lets one owner hold a lock until it releases it', async () => {
        expect(await store.acquireLock('gen:k1', 'a', 10_000)).toBe(true);
        expect(await store.acquireLock('gen:k1', 'b', 10_000)).toBe(false);
        await store.releaseLock('gen:k1', 'b'); // not b's to release
        expect(await store.acquireLock('gen:k1', 'b', 10_000)).toBe(false);
        await store.releaseLock('gen:k1', 'a');
        expect(await store.acquireLock('gen:k1', 'b', 10_000)).toBe(true);
      });

      it('lets the holder take its lock again, extending it', async () => {
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(true);
        vi.advanceTimersByTime(800);
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(true);
        vi.advanceTimersByTime(800); // past the first ttl, inside the extension
        expect(await store.acquireLock('gen:k1', 'b', 1_000)).toBe(false);
      });

      it('says who holds a lock and until when, and nothing once it is released or expired', async () => {
        expect(await store.getLock('gen:k1')).toBeUndefined();
        await store.acquireLock('gen:k1', 'a', 1_000);
        expect(await store.getLock('gen:k1')).toEqual({ owner: 'a', until: 1_001_000 });
        expect(await store.getLock('gen:k1', 1_001_000)).toEqual({ owner: 'a', until: 1_001_000 });
        expect(await store.getLock('gen:k1', 1_001_001)).toBeUndefined();
        await store.releaseLock('gen:k1', 'a');
        expect(await store.getLock('gen:k1')).toBeUndefined();
      });

      it('frees a lock whose ttl has passed for another owner', async () => {
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(true);
        vi.advanceTimersByTime(1_000);
        expect(await store.acquireLock('gen:k1', 'b', 1_000)).toBe(false); // held through its last ms
        vi.advanceTimersByTime(1);
        expect(await store.acquireLock('gen:k1', 'b', 1_000)).toBe(true);
        expect(await store.acquireLock('gen:k1', 'a', 1_000)).toBe(false);
      });
    });
  });
}

/** The JobTable contract of the stores with their own job table (MemoryStore, SqliteStore). */
export function jobTableContract(name: string, open: () => PersonaStore & JobTable): void {
  describe(`${name} keeps the JobTable contract`, () => {
    let store: PersonaStore & JobTable;
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(1_000_000);
      store = open();
    });
    afterEach(async () => {
      await store.close();
      vi.useRealTimers();
    });

    describe('jobs', () => {
      it('enqueues a job id once, lowering but never raising its priority number', async () => {
        await store.enqueueJob(job('j1', 5));
        await store.enqueueJob(job('j1', 9));
        await store.enqueueJob(job('j2', 3));
        expect(await store.countJobs()).toBe(2);
        expect((await store.leaseJobs('w', 10, 1_000)).map((j) => [j.id, j.priority])).toEqual([
          ['j2', 3],
          ['j1', 5],
        ]);
        await store.enqueueJob(job('j1', 1)); // leased jobs get more urgent too
        await store.failJob('j1', 'w', 'retry me', true);
        expect((await store.leaseJobs('w', 10, 1_000)).map((j) => [j.id, j.priority])).toEqual([['j1', 1]]);
      });

      it('leases the most urgent jobs first, then the oldest, up to the limit', async () => {
        await store.enqueueJob(job('old-low', 5));
        vi.advanceTimersByTime(10);
        await store.enqueueJob(job('new-urgent', 1));
        await store.enqueueJob(job('new-low', 5));
        await store.enqueueJob(job('tie-low', 5)); // same ms as new-low: insertion order decides
        const leased = await store.leaseJobs('w', 3, 1_000);
        expect(leased.map((j) => j.id)).toEqual(['new-urgent', 'old-low', 'new-low']);
        expect((await store.leaseJobs('w', 3, 1_000)).map((j) => j.id)).toEqual(['tie-low']);
        expect(await store.leaseJobs('w', 3, 1_000)).toEqual([]);
      });

      it('records the lease: owner, expiry, one more attempt', async () => {
        await store.enqueueJob(job('j1'));
        const [leased] = await store.leaseJobs('worker-a', 1, 5_000, 2_000_000);
        expect(leased).toEqual({
          ...job('j1'),
          state: 'leased',
          attempts: 1,
          leaseOwner: 'worker-a',
          leaseUntil: 2_005_000,
          createdAt: 1_000_000,
          error: null,
        });
        expect(await store.countJobs('leased')).toBe(1);
        expect(await store.countJobs('queued')).toBe(0);
      });

      it('hands an expired lease to another worker and ignores the first worker afterwards', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('a', 1, 5_000, 2_000_000);
        expect(await store.leaseJobs('b', 1, 5_000, 2_005_000)).toEqual([]); // still a's at its last ms
        const [retaken] = await store.leaseJobs('b', 1, 5_000, 2_005_001);
        expect(retaken).toMatchObject({ id: 'j1', leaseOwner: 'b', attempts: 2, leaseUntil: 2_010_001 });

        await store.completeJob('j1', 'a');
        await store.failJob('j1', 'a', 'late failure', false);
        expect(await store.countJobs('leased')).toBe(1);
        await store.completeJob('j1', 'b');
        expect(await store.countJobs('done')).toBe(1);
      });

      it('never runs a done job again, even when it is enqueued again', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('w', 1, 1_000);
        await store.completeJob('j1', 'w');
        await store.enqueueJob(job('j1', 0));
        expect(await store.countJobs('done')).toBe(1);
        expect(await store.leaseJobs('w', 1, 1_000, Date.now() + 10_000)).toEqual([]);
      });

      it('puts a failed-with-retry job back in the queue with its error', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('w', 1, 1_000);
        await store.failJob('j1', 'w', 'model timed out', true);
        expect(await store.countJobs('queued')).toBe(1);
        const [again] = await store.leaseJobs('w2', 1, 1_000);
        expect(again).toMatchObject({ id: 'j1', attempts: 2, error: 'model timed out', leaseOwner: 'w2' });
      });

      it('keeps a finally failed job out of the queue until it is enqueued again', async () => {
        await store.enqueueJob(job('j1'));
        await store.leaseJobs('w', 1, 1_000);
        await store.failJob('j1', 'w', 'gave up', false);
        expect(await store.countJobs('failed')).toBe(1);
        expect(await store.leaseJobs('w', 1, 1_000, Date.now() + 10_000)).toEqual([]);

        await store.enqueueJob(job('j1', 2));
        expect(await store.countJobs('failed')).toBe(0);
        const [again] = await store.leaseJobs('w', 1, 1_000);
        expect(again).toMatchObject({ id: 'j1', state: 'leased', attempts: 1, priority: 2, error: null });
      });

      it('reprioritises queued jobs only', async () => {
        await store.enqueueJob(job('a', 5));
        await store.enqueueJob(job('b', 5));
        await store.reprioritiseJob('b', 1);
        const [first] = await store.leaseJobs('w', 1, 1_000);
        expect(first?.id).toBe('b');
        await store.reprioritiseJob('b', 9); // leased: no change
        await store.reprioritiseJob('a', 7); // queued: raised is allowed too
        await store.reprioritiseJob('missing', 1);
        const [second] = await store.leaseJobs('w', 1, 1_000);
        expect(second).toMatchObject({ id: 'a', priority: 7 });
        await store.failJob('b', 'w', 'x', true);
        expect((await store.leaseJobs('w', 1, 1_000))[0]).toMatchObject({ id: 'b', priority: 1 });
      });

      it('counts jobs in total and per state', async () => {
        for (const id of ['a', 'b', 'c', 'd']) await store.enqueueJob(job(id));
        await store.leaseJobs('w', 3, 1_000);
        await store.completeJob('a', 'w');
        await store.failJob('b', 'w', 'x', false);
        expect(await store.countJobs()).toBe(4);
        expect(await store.countJobs('queued')).toBe(1);
        expect(await store.countJobs('leased')).toBe(1);
        expect(await store.countJobs('done')).toBe(1);
        expect(await store.countJobs('failed')).toBe(1);
      });

      it('renews only the leases the owner still holds, and a renewed lease is not taken over', async () => {
        for (const id of ['a', 'b', 'c']) await store.enqueueJob(job(id));
        await store.leaseJobs('w', 3, 5_000, 2_000_000); // a, b, c until 2_005_000
        await store.completeJob('c', 'w');
        expect(await store.renewLeases('w', ['a', 'b', 'c', 'missing'], 5_000, 2_004_000)).toEqual(['a', 'b']);
        expect(await store.getJob('a')).toMatchObject({ state: 'leased', leaseOwner: 'w', leaseUntil: 2_009_000, attempts: 1 });
        expect(await store.renewLeases('intruder', ['a'], 60_000, 2_004_000)).toEqual([]);
        // Past the first lease, inside the renewal: still w's.
        expect(await store.leaseJobs('other', 3, 5_000, 2_008_000)).toEqual([]);
        // b lapses (not renewed again) and is taken over; w can no longer renew it.
        expect(await store.renewLeases('w', ['a'], 5_000, 2_008_000)).toEqual(['a']);
        expect((await store.leaseJobs('other', 3, 5_000, 2_009_001)).map((j) => j.id)).toEqual(['b']);
        expect(await store.renewLeases('w', ['a', 'b'], 5_000, 2_009_002)).toEqual(['a']);
        expect(await store.getJob('b')).toMatchObject({ leaseOwner: 'other', leaseUntil: 2_014_001, attempts: 2 });
        expect(await store.renewLeases('w', [], 5_000)).toEqual([]);
      });

      it('returns one job by id in any state, and nothing for an unknown id', async () => {
        await store.enqueueJob(job('j1', 4));
        expect(await store.getJob('j1')).toEqual({
          ...job('j1', 4),
          state: 'queued',
          attempts: 0,
          leaseOwner: null,
          leaseUntil: 0,
          createdAt: 1_000_000,
          error: null,
        });
        await store.leaseJobs('w', 1, 1_000);
        await store.failJob('j1', 'w', 'broke', false);
        expect(await store.getJob('j1')).toMatchObject({ state: 'failed', error: 'broke', attempts: 1 });
        expect(await store.getJob('nope')).toBeUndefined();
      });

      it('lists leased jobs (live or expired) and nothing else, up to a limit', async () => {
        for (const id of ['a', 'b', 'c', 'd']) await store.enqueueJob(job(id));
        await store.leaseJobs('w1', 1, 1_000, 1_000_000); // a: expires soon
        await store.leaseJobs('w2', 2, 60_000, 1_000_000); // b, c
        await store.completeJob('c', 'w2');
        const leased = await store.leasedJobs();
        expect(leased.map((j) => [j.id, j.leaseOwner]).sort()).toEqual([
          ['a', 'w1'],
          ['b', 'w2'],
        ]);
        expect(leased.every((j) => j.state === 'leased')).toBe(true);
        expect(await store.leasedJobs(1)).toHaveLength(1);
      });

      it('leases nothing when asked for zero jobs', async () => {
        await store.enqueueJob(job('a'));
        expect(await store.leaseJobs('w', 0, 1_000)).toEqual([]);
        expect(await store.countJobs('queued')).toBe(1);
      });
    });
  });
}

/**
 * Two stores on one shared queue lease in turns (limit 3) until it is empty; every job must
 * go to exactly one of them, and both must get some.
 */
export async function expectTurnsNeverShareAJob(a: JobTable, b: JobTable): Promise<void> {
  for (let i = 0; i < 50; i++) await a.enqueueJob(job(`j${i}`, i % 4));
  const leasedBy = new Map<string, string[]>();
  for (let turn = 0; ; turn++) {
    const [owner, store] = turn % 2 === 0 ? (['a', a] as const) : (['b', b] as const);
    const batch = await store.leaseJobs(owner, 3, 60_000);
    if (batch.length === 0) break; // one shared queue: empty for one store is empty for both
    for (const j of batch) leasedBy.set(j.id, [...(leasedBy.get(j.id) ?? []), owner]);
  }
  expect(leasedBy.size).toBe(50);
  expect([...leasedBy.values()].every((owners) => owners.length === 1)).toBe(true);
  expect(new Set([...leasedBy.values()].flat())).toEqual(new Set(['a', 'b']));
  expect(await b.countJobs('leased')).toBe(50);
}

/**
 * Write through one store, close it, open another on the same backing data: worlds,
 * personas and names are all there.
 */
export async function expectDataSurvivesReopen(open: () => PersonaStore): Promise<void> {
  const first = open();
  await first.putWorld(world());
  await first.putPersona(persona('k1'));
  await first.claimName(W, FP, 'Ada Quill', 'k1');
  await first.close();

  const second = open();
  expect(await second.getWorld(W, FP)).toEqual(world());
  expect(await second.getLatestWorld(W)).toEqual(world());
  expect(await second.getPersona(W, FP, 'k1')).toEqual(persona('k1'));
  expect(await second.claimName(W, FP, 'ada quill', 'k2')).toBe(false);
  await second.close();
}

/**
 * expectDataSurvivesReopen, then the jobs: enqueued jobs survive the reopen, and a crashed
 * worker's lease expires so the new store finishes its jobs.
 */
export async function expectSurvivesReopen(open: () => PersonaStore & JobTable): Promise<void> {
  await expectDataSurvivesReopen(open);
  const first = open();
  await first.enqueueJob(job('j1'));
  await first.enqueueJob(job('j2'));
  await first.leaseJobs('crashed-worker', 1, 5_000, 1_000);
  await first.close();

  const second = open();
  expect(await second.countJobs('queued')).toBe(1);
  const resumed = await second.leaseJobs('new-worker', 10, 5_000, 10_000);
  expect(resumed.map((j) => j.id).sort()).toEqual(['j1', 'j2']);
  await second.close();
}
