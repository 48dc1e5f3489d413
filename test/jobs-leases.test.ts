/**
 * Leases that follow their owner: the heartbeat keeps a slow job's lease (never leased twice),
 * a dead local owner's leases and locks are taken over at once, a live owner's are not, and a
 * closing engine can let its running calls finish instead of paying for them twice.
 *   npx vitest run test/jobs-leases.test.ts
 * Cost: a few seconds (model latency of the loopback server, short leases).
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDataBlock } from '../src/core/prompt.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { isDeadLocalOwner, localOwnerId } from '../src/engine/liveness.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { MemoryStore } from '../src/stores/memory-store.js';
import { SqliteStore } from '../src/stores/sqlite-store.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import type { PersonaStore } from '../src/core/types.js';
import { tempDir, VILLAGE } from './support.js';
import { jobCounts } from './helpers/job-counts.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(storyLatencyMs: number): Promise<TestLlmServer> {
  const s = await startTestLlmServer({ modelLatencyMs: { 'story-model': storyLatencyMs } });
  cleanup.push(() => s.close());
  return s;
}

function engine(
  s: TestLlmServer,
  store: PersonaStore,
  options: Parameters<typeof createPersonaEngine>[0] = {},
): { engine: PersonaEngine; errors: unknown[] } {
  const errors: unknown[] = [];
  const provider = new OpenAIProvider({
    baseURL: s.url,
    apiKey: 't',
    maxRetries: 0,
    models: { profile: ['profile-model'], bio: ['bio-model'], backstory: ['story-model'] },
  });
  const e = createPersonaEngine({ provider, store, pool: { size: 0 }, onError: (err) => errors.push(err), ...options });
  cleanup.push(() => e.close({ closeStore: false }));
  return { engine: e, errors };
}

const backstoryNames = (s: TestLlmServer): string[] =>
  s.requests.filter((r) => r.task === 'backstory').map((r) => (readDataBlock(r.messages.at(-1)!.content)!.person as { name: string }).name);

/** The backstory job is queued just after the bio resolves: wait until `n` are in the store. */
async function queued(store: PersonaStore, n: number): Promise<void> {
  while ((await jobCounts(store)).queued < n) await new Promise((r) => setTimeout(r, 5));
}

/** A pid that ran on this host and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('owner ids', () => {
  it('name host and pid; only an exited process on this host counts as dead', () => {
    const mine = localOwnerId();
    expect(mine).toMatch(new RegExp(`^engine-[0-9a-f]{8}@${hostname()}#${process.pid}$`));
    expect(isDeadLocalOwner(mine)).toBe(false);
    expect(isDeadLocalOwner(`engine-x@${hostname()}#${deadPid()}`)).toBe(true);
    expect(isDeadLocalOwner(`engine-x@some-other-host#${deadPid()}`)).toBe(false);
    expect(isDeadLocalOwner('my-custom-instance')).toBe(false);
  });
});

describe('heartbeat', () => {
  it('a job running for several lease periods is never leased twice', async () => {
    const s = await server(700);
    const store = new MemoryStore();
    // One call per job (batch: 1): this is about leases, not batching (backstory-batching.test.ts).
    const leases = { leaseMs: 150, heartbeatMs: 40, pollMs: 20, batch: 1 };
    const a = engine(s, store, { backstories: leases });
    const b = engine(s, store, { backstories: leases });
    const world = a.engine.world(VILLAGE);
    const handles = ['p1', 'p2', 'p3', 'p4'].map((k) => world.persona(k));
    // Engine b shares the queue and polls it every 20 ms: without renewals it would retake
    // every running job after 150 ms, four times over during one 700 ms call.
    const recs = await Promise.all(handles.map((h) => h.backstory));
    await b.engine.idle();
    expect(recs.map((r) => r.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(backstoryNames(s).sort()).toEqual(recs.map((r) => r.name).sort());
    expect(await store.countJobs('done')).toBe(4);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('keeps a generation lock while a bio call outlasts it, so another engine waits instead of paying again', async () => {
    const s = await startTestLlmServer({ modelLatencyMs: { 'bio-model': 600 } });
    cleanup.push(() => s.close());
    const store = new MemoryStore();
    const leases = { leaseMs: 150, heartbeatMs: 40, pollMs: 20 };
    const a = engine(s, store, { backstories: { ...leases, enabled: false } });
    const b = engine(s, store, { backstories: { ...leases, enabled: false } });
    await a.engine.world(VILLAGE).ready;
    const first = a.engine.world(VILLAGE).persona('slow');
    await new Promise((r) => setTimeout(r, 50)); // a holds the lock and its call is out
    const second = b.engine.world(VILLAGE).persona('slow');
    const [ra, rb] = await Promise.all([first.bio, second.bio]);
    expect(rb.bio).toBe(ra.bio);
    expect(s.requests.filter((r) => r.task === 'bios')).toHaveLength(1);
  });

  it('reports a lease lost to another owner, and its late completion leaves the new lease alone', async () => {
    const s = await server(400);
    const store = new MemoryStore();
    const a = engine(s, store, { backstories: { leaseMs: 1_000, heartbeatMs: 50, pollMs: 20 } });
    const handle = a.engine.world(VILLAGE).persona('contested');
    await handle.bio;
    // Simulate a stall past the lease: the job is handed to another owner behind a's back.
    while ((await store.leasedJobs()).length === 0) await new Promise((r) => setTimeout(r, 5));
    const [job] = await store.leasedJobs();
    await store.failJob(job!.id, a.engine.instanceId, 'simulated expiry', true);
    await store.leaseJobs('intruder', 1, 60_000);
    const rec = await handle.backstory;
    expect(rec.status).toBe('complete');
    expect(a.errors.some((e) => /lost its lease/.test(String(e)))).toBe(true);
    // a's late completion does not touch the intruder's lease.
    expect(await store.getJob(job!.id)).toMatchObject({ state: 'leased', leaseOwner: 'intruder' });
  });
});

describe('taking over a dead owner', () => {
  it('leases a job held by a process on this host that no longer runs at once, not after its lease', async () => {
    const s = await server(0);
    const path = join(tempDir(), 'takeover.db');
    const firstStore = new SqliteStore({ path });
    const first = engine(s, firstStore, { backstories: { enabled: false } });
    await first.engine.world(VILLAGE).persona('orphan').bio;
    await queued(firstStore, 1);
    await first.engine.close();
    const store = new SqliteStore({ path });
    cleanup.push(() => store.close());
    const dead = `engine-dead@${hostname()}#${deadPid()}`;
    expect((await store.leaseJobs(dead, 10, 600_000)).map((j) => j.key)).toEqual(['orphan']);

    const second = engine(s, store, { backstories: { pollMs: 50 } });
    const rec = await second.engine.world(VILLAGE).persona('orphan').backstory;
    expect(rec.status).toBe('complete');
    expect(await store.getJob(`backstory:${VILLAGE.id}:${rec.fingerprint}:orphan`)).toMatchObject({
      state: 'done',
      leaseOwner: second.engine.instanceId,
    });
    expect(s.requests.filter((r) => r.task === 'backstory')).toHaveLength(1);
  });

  it('takes over a generation lock left by a dead process, and waits out one held by a live one', async () => {
    const s = await server(0);
    const store = new MemoryStore();
    const e = engine(s, store, { backstories: { enabled: false, pollMs: 50 } });
    const world = e.engine.world(VILLAGE);
    await world.ready;
    await store.acquireLock(`persona:${VILLAGE.id}:${world.fingerprint}:orphan`, `engine-dead@${hostname()}#${deadPid()}`, 600_000);
    expect((await world.persona('orphan').bio).bio).toBeTruthy();

    const liveUntil = Date.now() + 400;
    await store.acquireLock(`persona:${VILLAGE.id}:${world.fingerprint}:busy`, `engine-live@${hostname()}#${process.pid}`, 400);
    const rec = await world.persona('busy').bio;
    expect(rec.bio).toBeTruthy();
    const bioCall = s.requests.filter((r) => r.task === 'bios').at(-1)!;
    expect(bioCall.at).toBeGreaterThan(liveUntil);
  });

  it('waits for a lease from another host until it expires', async () => {
    const s = await server(0);
    const store = new MemoryStore();
    const first = engine(s, store, { backstories: { enabled: false } });
    await first.engine.world(VILLAGE).persona('remote').bio;
    await queued(store, 1);
    const leasedUntil = Date.now() + 300;
    expect(await store.leaseJobs(`engine-r@another-host#${process.pid}`, 10, 300)).toHaveLength(1);
    const second = engine(s, store, { backstories: { pollMs: 25 } });
    const rec = await second.engine.world(VILLAGE).persona('remote').backstory;
    expect(rec.status).toBe('complete');
    expect(s.requests.find((r) => r.task === 'backstory')!.at).toBeGreaterThan(leasedUntil);
  });
});

describe('closing with a drain', () => {
  async function startThree(drainMs?: number) {
    const s = await server(300);
    const path = join(tempDir(), 'drain.db');
    // One call per job (batch: 1), so three calls are running when close() comes.
    const { engine: e } = engine(s, new SqliteStore({ path }), { backstories: { batch: 1 } });
    const handles = ['d1', 'd2', 'd3'].map((k) => e.world(VILLAGE).persona(k));
    await Promise.all(handles.map((h) => h.bio));
    while (s.requests.filter((r) => r.task === 'backstory').length < 3) await new Promise((r) => setTimeout(r, 5));
    expect(e.inFlight.backstories).toBe(3);
    await e.close({ drainMs });
    const store = new SqliteStore({ path });
    const recs = await store.listPersonas(VILLAGE.id, handles[0]!.record!.fingerprint);
    const jobs = { done: await store.countJobs('done'), queued: await store.countJobs('queued') };
    await store.close();
    return { s, recs, jobs };
  }

  it('lets running backstories finish and be stored: nothing is asked twice on resume', async () => {
    const { s, recs, jobs } = await startThree(10_000);
    expect(recs.map((r) => r.status)).toEqual(['complete', 'complete', 'complete']);
    expect(jobs).toEqual({ done: 3, queued: 0 });
    expect(s.requests.filter((r) => r.task === 'backstory').map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('without a drain, cuts the calls off and hands the jobs back (they are asked again on resume)', async () => {
    const { s, recs, jobs } = await startThree();
    expect(recs.map((r) => r.status)).toEqual(['bio', 'bio', 'bio']);
    expect(jobs).toEqual({ done: 0, queued: 3 });
    await new Promise((r) => setTimeout(r, 350));
    expect(s.requests.filter((r) => r.task === 'backstory').every((r) => r.status !== 200)).toBe(true);
  });
});
