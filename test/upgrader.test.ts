/**
 * The upgrader's queue on its own: jobs run while the model answers, a failed job pauses the
 * queue (doubling back-off) until the model answers again, the queue is bounded, and
 * `settled()` does not wait for a paused queue.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Upgrader } from '../src/engine/upgrader.js';

afterEach(() => vi.useRealTimers());

const tick = () => new Promise((r) => setImmediate(r));

describe('Upgrader', () => {
  it('runs jobs in order, one at a time by default, and forgets a job once it is done', async () => {
    const order: string[] = [];
    const up = new Upgrader();
    for (const id of ['a', 'b', 'c']) up.note(id, async () => (order.push(id), false));
    up.note('a', async () => (order.push('a-again'), false)); // already waiting or running: kept once
    await up.settled();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(up.pending).toBe(0);
  });

  it('a failed upgrade pauses the queue until the model answers again, then everything runs', async () => {
    let down = true;
    const ran: string[] = [];
    const up = new Upgrader({ backoffMs: 60_000 });
    up.note('x', async () => (ran.push('x'), down));
    await up.settled();
    expect(ran).toEqual(['x']);
    up.note('y', async () => (ran.push('y'), down));
    await tick();
    expect(ran).toEqual(['x']); // paused: nothing starts
    expect(up.pending).toBe(2);
    down = false;
    up.answered();
    await up.settled();
    expect(ran.sort()).toEqual(['x', 'x', 'y']);
    expect(up.pending).toBe(0);
  });

  it('after the back-off it tries again on its own, doubling the pause while the model stays down', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    const up = new Upgrader({ backoffMs: 1_000, maxBackoffMs: 4_000 });
    up.note('p', async () => (calls++, true));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2); // 1 s
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3); // 2 s
    await vi.advanceTimersByTimeAsync(4_000);
    expect(calls).toBe(4); // 4 s, the cap
    up.close();
  });

  it('a call that failed over to the fallback holds upgrades back; the queue is bounded (oldest dropped)', async () => {
    const ran: string[] = [];
    const up = new Upgrader({ backoffMs: 60_000, max: 2 });
    up.failed();
    for (const id of ['1', '2', '3']) up.note(id, async () => (ran.push(id), false));
    await tick();
    expect(ran).toEqual([]);
    expect(up.pending).toBe(2);
    up.answered();
    await up.settled();
    expect(ran).toEqual(['2', '3']);
  });

  it('a job that throws is reported and the queue goes on; close() drops what waits', async () => {
    const errors: unknown[] = [];
    const up = new Upgrader({ onError: (e) => errors.push(e), concurrency: 2 });
    up.note('boom', async () => {
      throw new Error('boom');
    });
    await up.settled();
    expect(errors).toHaveLength(1);
    up.failed();
    up.note('later', async () => false);
    up.close();
    expect(up.pending).toBe(0);
    up.note('after-close', async () => false);
    expect(up.pending).toBe(0);
  });
});
