/**
 * Issue #7 item 6: rate limits survive a rejoin (they are keyed by the client's auth id or IP
 * and shared by every room of the engine), and invalid messages count against them: a flood
 * of garbage gets RATE_LIMITED, then silence, never one reply per message.
 */
import { defineRoom } from '@colyseus/core';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import config from '@colyseus/tools';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { connect, createWorldRoom, type TestRoomSettings } from './plugin-room.js';

const settings: TestRoomSettings = { engine: null, plugin: {} };
const WorldRoom = createWorldRoom(settings);
type WorldRoom = InstanceType<typeof WorldRoom>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test server is typed by its room map, which this file does not export
let colyseus: ColyseusTestServer<any>;
let engine: PersonaEngine;
let n = 0;
const fresh = () => ({ worldId: `limits-${++n}`, description: 'A medieval village in northern Britain' });

/** The codes of the settled requests, in order ('ok' for a fulfilled one). */
async function outcomes(requests: Array<Promise<unknown>>): Promise<string[]> {
  const settled = await Promise.allSettled(requests);
  return settled.map((r) => (r.status === 'fulfilled' ? 'ok' : String((r.reason as { reason?: { code?: string } }).reason?.code)));
}

beforeAll(async () => {
  colyseus = await boot(config({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } }), 2623);
});
beforeEach(() => {
  engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
  settings.engine = engine;
  settings.plugin = {
    bioDeadlineMs: 0,
    pool: 0,
    rateLimits: { spawn: { points: 5, durationSeconds: 60 }, focus: { points: 5, durationSeconds: 60 } },
    onError: () => undefined,
  };
});
afterEach(async () => {
  await colyseus.cleanup();
  await engine.close();
});
afterAll(() => colyseus.shutdown());

describe('rate limits survive a rejoin', () => {
  it('leaving and rejoining does not reset the spawn limit', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    await connect(colyseus, room, { user: 'bystander' }); // keeps the room open
    const first = await connect(colyseus, room);
    expect(await outcomes(Array.from({ length: 5 }, (_, i) => first.request('persona:spawn', { key: `a-${i}` })))).toEqual(
      Array(5).fill('ok'),
    );
    await first.leave();
    const again = await connect(colyseus, room);
    expect(await outcomes([again.request('persona:spawn', { key: 'after-rejoin' })])).toEqual(['RATE_LIMITED']);
    expect(room.plugins.personas.list()).toHaveLength(5);
  });

  it('the limit is shared by every room of the engine', async () => {
    const a = await colyseus.createRoom<WorldRoom>('world', fresh());
    const b = await colyseus.createRoom<WorldRoom>('world', fresh());
    const ca = await connect(colyseus, a);
    const cb = await connect(colyseus, b);
    expect(await outcomes(Array.from({ length: 3 }, (_, i) => ca.request('persona:spawn', { key: `a-${i}` })))).toEqual(
      Array(3).fill('ok'),
    );
    expect(await outcomes(Array.from({ length: 4 }, (_, i) => cb.request('persona:spawn', { key: `b-${i}` })))).toEqual([
      'ok',
      'ok',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
  });

  it('authenticated players are counted by their auth id: each has its own budget on one IP', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const ann = await connect(colyseus, room, { user: 'ann' });
    const bob = await connect(colyseus, room, { user: 'bob' });
    expect(await outcomes(Array.from({ length: 6 }, (_, i) => ann.request('persona:spawn', { key: `ann-${i}` })))).toEqual([
      ...Array(5).fill('ok'),
      'RATE_LIMITED',
    ]);
    expect(await outcomes([bob.request('persona:spawn', { key: 'bob-0' })])).toEqual(['ok']);
    // Ann rejoins: still Ann.
    await ann.leave();
    const annAgain = await connect(colyseus, room, { user: 'ann' });
    expect(await outcomes([annAgain.request('persona:spawn', { key: 'ann-again' })])).toEqual(['RATE_LIMITED']);
  });

  it('rateLimitKey picks the key', async () => {
    settings.plugin = { ...settings.plugin, rateLimitKey: (client) => `seat:${client.sessionId}` };
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const one = await connect(colyseus, room);
    const two = await connect(colyseus, room);
    expect(await outcomes(Array.from({ length: 6 }, (_, i) => one.request('persona:spawn', { key: `one-${i}` })))).toEqual([
      ...Array(5).fill('ok'),
      'RATE_LIMITED',
    ]);
    expect(await outcomes([two.request('persona:spawn', { key: 'two-0' })])).toEqual(['ok']);
  });
});

describe('invalid messages count against the limit', () => {
  it('requests: garbage uses up the budget, then everything is RATE_LIMITED', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = await connect(colyseus, room);
    const garbage = Array.from({ length: 20 }, (_, i) => client.request('persona:spawn', { nonsense: i } as never));
    expect(await outcomes(garbage)).toEqual([...Array(5).fill('INVALID_MESSAGE'), ...Array(15).fill('RATE_LIMITED')]);
    expect(await outcomes([client.request('persona:spawn', { key: 'valid' })])).toEqual(['RATE_LIMITED']);
    expect(room.state.npcs.size).toBe(0);
  });

  it('sends: 2,000 invalid messages get 5 refusals, one RATE_LIMITED, then silence', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = (await connect(colyseus, room)) as SDKRoom;
    const replies: string[] = [];
    client.onMessage('persona:error', (e: { code: string }) => replies.push(e.code));
    for (let i = 0; i < 2000; i++) client.send('persona:spawn', { traits: i });
    // A request after the flood is answered after every send before it was handled.
    expect(await outcomes([client.request('persona:focus', { id: 'x' })])).toEqual(['NOT_FOUND']);
    await vi.waitFor(() => expect(replies).toHaveLength(6));
    expect(replies).toEqual([...Array(5).fill('INVALID_MESSAGE'), 'RATE_LIMITED']);
    expect(client.connection.isOpen).toBe(true);
  });
});

describe('message types nobody handles', () => {
  it('are refused without closing the socket, however long the type (Colyseus would close with a reason ws cannot send)', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const bystander = (await connect(colyseus, room, { user: 'bystander' })) as SDKRoom;
    const client = (await connect(colyseus, room)) as SDKRoom;
    const replies: Array<{ type: string; code: string }> = [];
    client.onMessage('persona:error', (e: { type: string; code: string }) => replies.push(e));
    client.send('x'.repeat(200), { any: 'payload' });
    client.sendBytes('y'.repeat(300), new Uint8Array([1, 2, 3]));
    client.send(12345);
    await vi.waitFor(() => expect(replies).toHaveLength(3));
    expect(replies.map((r) => r.code)).toEqual(['INVALID_MESSAGE', 'INVALID_MESSAGE', 'INVALID_MESSAGE']);
    expect(replies[0]!.type).toBe('x'.repeat(64));
    // They count against the limit like any invalid message (5 points): a spawn still fits, then no more.
    expect(
      await outcomes([
        client.request('persona:spawn', { key: 'after' }),
        client.request('persona:spawn', { key: 'after-2' }),
        client.request('persona:spawn', { key: 'after-3' }),
      ]),
    ).toEqual(['ok', 'ok', 'RATE_LIMITED']);
    expect(client.connection.isOpen).toBe(true);
    expect(bystander.connection.isOpen).toBe(true);
  });
});
