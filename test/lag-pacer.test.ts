/**
 * The pacer (src/core/pacer.ts): paced work takes turns with timers instead of running as
 * one unbroken chain of microtasks; units go highest priority first, in arrival order within
 * a priority; every unit runs, even with a zero slice. Counts and order only, no latency
 * thresholds.
 *   npx vitest run test/lag-pacer.test.ts
 * Cost: well under a second.
 */
import { describe, expect, it } from 'vitest';
import { PACE, Pacer } from '../src/core/pacer.js';
import { ProceduralProvider, proceduralProfile } from '../src/providers/procedural/index.js';
import { seededRandom } from '../src/core/random.js';
import type { PersonaIdentity, WorldContext } from '../src/core/types.js';
import { pickName } from '../src/stages/names.js';

/** Busy-wait: a unit of CPU work that takes `ms`. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // burn
  }
}

describe('pacer', () => {
  it('a timer that falls due during a burst of paced units runs before the burst is over', async () => {
    const pacer = new Pacer(2);
    const units = 300;
    let done = 0;
    let doneWhenTimerRan = -1;
    setTimeout(() => (doneWhenTimerRan = done), 0);
    // All arrive at once, as 300 spawns from one synchronous loop would.
    await Promise.all(
      Array.from({ length: units }, async () => {
        await pacer.pace(PACE.backstory);
        spin(0.1);
        done++;
      }),
    );
    expect(done).toBe(units);
    // Unpaced, the timer would run after all 300 units (30 ms of work in one turn).
    expect(doneWhenTimerRan).toBeGreaterThanOrEqual(1);
    expect(doneWhenTimerRan).toBeLessThan(units / 2);
    expect(pacer.deferrals).toBeGreaterThan(1);
  });

  it('a 20 ms interval keeps ticking through 300 ms of paced work', async () => {
    const pacer = new Pacer(2);
    let ticks = 0;
    const interval = setInterval(() => ticks++, 20);
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 600 }, async () => {
        await pacer.pace(PACE.live);
        spin(0.5);
      }),
    );
    const expected = Math.floor((performance.now() - start) / 20);
    clearInterval(interval);
    expect(expected).toBeGreaterThanOrEqual(10);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(expected / 2));
  });

  it('lets units go highest priority first, first come first served within a priority', async () => {
    const pacer = new Pacer(0); // every unit waits for a turn of its own
    const order: string[] = [];
    const unit = (name: string, priority: number) => pacer.pace(priority).then(() => order.push(name));
    await Promise.all([
      unit('b1', PACE.backstory),
      unit('l1', PACE.live),
      unit('b2', PACE.backstory),
      unit('c1', PACE.continue),
      unit('r1', PACE.refill),
      unit('lc1', PACE.liveContinue),
      unit('l2', PACE.live),
    ]);
    // A player waits on live work: its started units, then new live units, then the background's.
    expect(order).toEqual(['lc1', 'l1', 'l2', 'c1', 'r1', 'b1', 'b2']);
  });

  it('runs every unit with a zero slice, one per turn, so a timer runs between them', async () => {
    const pacer = new Pacer(0);
    const events: string[] = [];
    const interval = setInterval(() => events.push('tick'), 0);
    for (let i = 0; i < 5; i++) {
      await pacer.pace(PACE.backstory);
      events.push(`unit${i}`);
      spin(1.5); // longer than the interval: a tick is due at every turn
    }
    clearInterval(interval);
    const units = events.filter((e) => e.startsWith('unit'));
    expect(units).toEqual(['unit0', 'unit1', 'unit2', 'unit3', 'unit4']);
    // Between two units there was always a turn, and the due timer ran in it.
    for (let i = 1; i < 5; i++) expect(events.slice(events.indexOf(`unit${i - 1}`), events.indexOf(`unit${i}`))).toContain('tick');
  });

  it('counts waiting units by tag (the bio batcher waits for spawns of its world)', async () => {
    const pacer = new Pacer(0);
    const units = [
      pacer.pace(PACE.live, 'world-a'),
      pacer.pace(PACE.live, 'world-b'),
      pacer.pace(PACE.live, 'world-a'),
      pacer.pace(PACE.backstory),
    ];
    expect(pacer.pendingTagged('world-a')).toBe(2);
    expect(pacer.pendingTagged('world-b')).toBe(1);
    expect(pacer.pendingIn(PACE.live)).toBe(3);
    expect(pacer.pending).toBe(4);
    await units[0];
    expect(pacer.pendingTagged('world-a')).toBe(1);
    await Promise.all(units);
    expect(pacer.pendingTagged('world-a')).toBe(0);
    expect(pacer.pending).toBe(0);
  });

  it('due() says when a running unit should yield: after the slice, not before', () => {
    const pacer = new Pacer(5);
    expect(pacer.due()).toBe(false);
    spin(6);
    expect(pacer.due()).toBe(true);
  });

  it('refuses a slice that is not a number >= 0; Infinity turns pacing off', async () => {
    expect(() => new Pacer(-1)).toThrow(RangeError);
    expect(() => new Pacer(Number.NaN)).toThrow(RangeError);
    const off = new Pacer(Infinity);
    spin(3);
    expect(off.due()).toBe(false);
    await Promise.all(Array.from({ length: 100 }, () => off.pace(PACE.backstory)));
    expect(off.deferrals).toBe(0);
    expect(off.pending).toBe(0);
  });
});

describe('procedural provider, paced', () => {
  const description = 'A pirate port in the Caribbean';
  const world: WorldContext = { id: 'port', description, fingerprint: 'f' };
  const profile = proceduralProfile(description);
  const subjects: PersonaIdentity[] = Array.from({ length: 64 }, (_, i) => {
    const rand = seededRandom(`${description}|p${i}`);
    return {
      key: `p${i}`,
      name: pickName(profile.nameCulture, i % 2 ? 'female' : 'male', rand),
      traits: { age: 20 + i, occupation: 'sailor', gender: i % 2 ? 'female' : 'male' },
      hints: [],
    };
  });

  it('a big batch of bios yields between people when the slice is spent, and the text is the same', async () => {
    const unpaced = await new ProceduralProvider({ pacer: new Pacer(1_000_000) }).bios({ world, profile, subjects });
    const pacer = new Pacer(0);
    const paced = await new ProceduralProvider({ pacer }).bios({ world, profile, subjects });
    expect(paced.value).toEqual(unpaced.value);
    expect(paced.value).toHaveLength(64);
    // A zero slice is spent after every person: one turn each (the first starts at once).
    expect(pacer.deferrals).toBeGreaterThanOrEqual(63);
  });

  it('backstories and profiles are the same paced or not', async () => {
    const slow = new ProceduralProvider({ pacer: new Pacer(0) });
    const fast = new ProceduralProvider({ pacer: new Pacer(1_000_000) });
    const request = { world, profile, subject: subjects[3]!, bio: 'A sailor.', problems: null };
    expect((await slow.backstory(request)).value).toBe((await fast.backstory(request)).value);
    expect((await slow.profile({ world })).value).toEqual((await fast.profile({ world })).value);
  });
});
