/**
 * Issue #7 items 5 and 7: world identity belongs to the server, new worlds have a budget, and
 * every join refusal reaches the real SDK client (@colyseus/sdk) with its numeric code and its
 * message, not "524 seat reservation expired".
 */
import { defineRoom, matchMaker } from '@colyseus/core';
import { Client } from '@colyseus/sdk';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import config from '@colyseus/tools';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersonaStore } from '../src/core/types.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { OpenAIProvider } from '../src/providers/openai/index.js';
import { openStore } from '../src/stores/index.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { JOIN_ERROR } from '../plugin/index.js';
import { createWorldRoom, type TestRoomSettings } from './plugin-room.js';

const settings: TestRoomSettings = { engine: null, plugin: {} };
const WorldRoom = createWorldRoom(settings);
type WorldRoom = InstanceType<typeof WorldRoom>;

const PORT = 2622;
const D1 = 'A medieval village in northern Britain';
const D2 = 'A pirate port in the Caribbean, 1715';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test server is typed by its room map, which this file does not export
let colyseus: ColyseusTestServer<any>;
let llm: TestLlmServer;
let engine: PersonaEngine;
let n = 0;
const id = (prefix = 'join') => `${prefix}-${++n}`;
const sdk = () => new Client(`ws://localhost:${PORT}`);
const profileCalls = () => llm.requests.filter((r) => r.task === 'profile').length;

function makeEngine(store: PersonaStore | 'memory' = 'memory'): PersonaEngine {
  const provider = new OpenAIProvider({
    baseURL: llm.url,
    apiKey: 't',
    maxRetries: 0,
    models: { profile: ['p'], bio: ['b'], backstory: ['s'] },
  });
  return createPersonaEngine({ provider, store, pool: { size: 2, batch: 2 }, backstories: { enabled: false } });
}

/** The join's rejection as the SDK reports it: `{ code, message }`. */
async function refusal(join: Promise<unknown>): Promise<{ code: number; message: string }> {
  const err = (await join.then(
    () => null,
    (e: unknown) => e,
  )) as { code: number; message: string } | null;
  expect(err, 'the join should have been refused').not.toBeNull();
  return { code: err!.code, message: err!.message };
}

beforeAll(async () => {
  llm = await startTestLlmServer({ latencyMs: 5 });
  colyseus = await boot(config({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } }), PORT);
});
beforeEach(() => {
  llm.reset();
  engine = makeEngine();
  settings.engine = engine;
  settings.plugin = { bioDeadlineMs: 0, onError: () => undefined };
});
afterEach(async () => {
  await colyseus.cleanup();
  await engine.close();
});
afterAll(async () => {
  await colyseus.shutdown();
  await llm.close();
});

describe('join refusals reach the SDK with their code and message', () => {
  it('no world id: 400, whether or not a room exists (no landing in a random room)', async () => {
    expect(await refusal(sdk().joinOrCreate('world', {}))).toMatchObject({
      code: JOIN_ERROR.WORLD_REQUIRED,
      message: expect.stringMatching(/world id/),
    });
    const room = await sdk().joinOrCreate('world', { worldId: id(), description: D1 });
    expect(await refusal(sdk().joinOrCreate('world', {}))).toMatchObject({ code: 400, message: expect.stringMatching(/world id/) });
    expect(await refusal(sdk().joinById(room.roomId, {}))).toMatchObject({ code: 400 });
    await room.leave();
  });

  it('a malformed world: 422 with what was wrong', async () => {
    expect(await refusal(sdk().joinOrCreate('world', { worldId: '../etc/passwd', description: D1 }))).toMatchObject({
      code: JOIN_ERROR.INVALID_WORLD,
      message: expect.stringMatching(/world id/),
    });
    expect(await refusal(sdk().joinOrCreate('world', { worldId: id(), description: 'x'.repeat(5000) }))).toMatchObject({
      code: 422,
      message: expect.stringMatching(/description/),
    });
    expect(await refusal(sdk().joinOrCreate('world', { worldId: id(), description: 42 }))).toMatchObject({ code: 422 });
  });

  it('an unknown world without a description: 404, asking for one', async () => {
    expect(await refusal(sdk().joinOrCreate('world', { worldId: id('nowhere') }))).toMatchObject({
      code: JOIN_ERROR.UNKNOWN_WORLD,
      message: expect.stringMatching(/description/),
    });
  });

  it('the store does not answer: 503 after storeTimeoutMs, not a hang', async () => {
    const memory = openStore({ kind: 'memory' });
    const dead = new Proxy(memory, {
      get: (t, p, r) => (p === 'getLatestWorld' ? () => new Promise(() => undefined) : Reflect.get(t, p, r)),
    });
    await engine.close();
    engine = makeEngine(dead);
    settings.engine = engine;
    settings.plugin = { ...settings.plugin, storeTimeoutMs: 100 };
    expect(await refusal(sdk().joinOrCreate('world', { worldId: id(), description: D1 }))).toMatchObject({
      code: JOIN_ERROR.UNAVAILABLE,
      message: expect.stringMatching(/store/),
    });
  });
});

describe("a world's description is fixed by its creator", () => {
  it('another description for an existing world is refused (409) while its room is open and after it closed; no description joins it as it is', async () => {
    const worldId = id('fixed');
    const first = await sdk().joinOrCreate('world', { worldId, description: D1 });
    const live = matchMaker.getLocalRoomById(first.roomId) as WorldRoom;
    await live.plugins.personas.world.ready; // the world is stored
    const fingerprint = live.plugins.personas.world.fingerprint;

    // Same room (checked in onAuth).
    expect(await refusal(sdk().joinOrCreate('world', { worldId, description: D2 }))).toMatchObject({
      code: JOIN_ERROR.WORLD_MISMATCH,
      message: expect.stringContaining(D1),
    });
    // The same description, written differently, is the same world.
    const again = await sdk().joinOrCreate('world', { worldId, description: `  a MEDIEVAL   village in northern britain ` });
    expect(again.roomId).toBe(first.roomId);
    await again.leave();
    await first.leave();
    await vi.waitFor(() => expect(matchMaker.getLocalRoomById(first.roomId)).toBeUndefined());

    // No room any more: the store decides (checked in onCreate).
    expect(await refusal(sdk().joinOrCreate('world', { worldId, description: D2 }))).toMatchObject({
      code: 409,
      message: expect.stringMatching(/fixed by its creator/),
    });
    const plain = await sdk().joinOrCreate('world', { worldId });
    const room = matchMaker.getLocalRoomById(plain.roomId) as WorldRoom;
    expect(room.plugins.personas.world.description).toBe(D1);
    expect(room.plugins.personas.world.fingerprint).toBe(fingerprint);
    expect(profileCalls()).toBe(1);
    await plain.leave();
  });

  it("the server's world list wins over any client's description, and costs no budget", async () => {
    settings.plugin = {
      ...settings.plugin,
      worlds: [{ id: 'harbour', description: D2 }],
      newWorlds: { perIp: { points: 1, durationSeconds: 3600 }, perClient: false },
    };
    expect(await refusal(sdk().joinOrCreate('world', { worldId: 'harbour', description: D1 }))).toMatchObject({
      code: 409,
      message: expect.stringContaining(D2),
    });
    const a = await sdk().joinOrCreate('world', { worldId: 'harbour' });
    expect((matchMaker.getLocalRoomById(a.roomId) as WorldRoom).plugins.personas.world.description).toBe(D2);
    // The one new world this IP may create is still available.
    const b = await sdk().joinOrCreate('world', { worldId: id(), description: D1 });
    await Promise.all([a.leave(), b.leave()]);
  });

  it("worldPolicy 'versioned' keeps the old behaviour: another description is a new version of the world", async () => {
    settings.plugin = { ...settings.plugin, worldPolicy: 'versioned' };
    const worldId = id('versioned');
    const first = await sdk().joinOrCreate('world', { worldId, description: D1 });
    const room1 = matchMaker.getLocalRoomById(first.roomId) as WorldRoom;
    await room1.plugins.personas.world.ready;
    await first.leave();
    await vi.waitFor(() => expect(matchMaker.getLocalRoomById(first.roomId)).toBeUndefined());
    const second = await sdk().joinOrCreate('world', { worldId, description: D2 });
    const room2 = matchMaker.getLocalRoomById(second.roomId) as WorldRoom;
    expect(room2.plugins.personas.world.description).toBe(D2);
    expect(room2.plugins.personas.world.fingerprint).not.toBe(room1.plugins.personas.world.fingerprint);
    await second.leave();
  });
});

describe('a budget for new worlds', () => {
  it('per IP: past the budget a new world is refused with 429 before any model call; existing worlds stay open', async () => {
    settings.plugin = { ...settings.plugin, newWorlds: { perIp: { points: 2, durationSeconds: 3600 }, perClient: false } };
    const made = [
      await sdk().joinOrCreate('world', { worldId: id('new'), description: D1 }),
      await sdk().joinOrCreate('world', { worldId: id('new'), description: D2 }),
    ];
    await vi.waitFor(() => expect(profileCalls()).toBe(2), { timeout: 5000 });
    const third = id('new');
    expect(await refusal(sdk().joinOrCreate('world', { worldId: third, description: D1 }))).toMatchObject({
      code: JOIN_ERROR.NEW_WORLD_LIMIT,
      message: expect.stringContaining(third),
    });
    // The refused world made no model call and stored nothing.
    expect(profileCalls()).toBe(2);
    expect(await engine.store.getLatestWorld(third)).toBeUndefined();
    // Joining a world that exists costs nothing.
    const existing = await sdk().joinOrCreate('world', {
      worldId: (matchMaker.getLocalRoomById(made[0]!.roomId) as WorldRoom).plugins.personas.world.id,
    });
    expect(existing.roomId).toBe(made[0]!.roomId);
    await Promise.all([...made, existing].map((r) => r.leave()));
  });

  it('per client (auth id): each player has its own budget', async () => {
    settings.plugin = { ...settings.plugin, newWorlds: { perClient: { points: 1, durationSeconds: 3600 }, perIp: false } };
    const a1 = await sdk().joinOrCreate('world', { worldId: id('mine'), description: D1, user: 'ann' });
    expect(await refusal(sdk().joinOrCreate('world', { worldId: id('mine'), description: D1, user: 'ann' }))).toMatchObject({ code: 429 });
    const b1 = await sdk().joinOrCreate('world', { worldId: id('mine'), description: D1, user: 'bob' });
    await Promise.all([a1.leave(), b1.leave()]);
  });

  it('a room of a new world made by server code waits for its first client before it spends', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', { worldId: id('server'), description: D1 });
    expect(room.plugins.personas.worldPaid).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(profileCalls()).toBe(0);
    await colyseus.connectTo(room, { worldId: room.plugins.personas.world.id });
    expect(room.plugins.personas.worldPaid).toBe(true);
    await vi.waitFor(() => expect(profileCalls()).toBe(1), { timeout: 5000 });
  });

  it('startWorld() lets server code start a new world without a client', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', { worldId: id('server-start'), description: D1 });
    expect(room.plugins.personas.worldPaid).toBe(false);
    room.plugins.personas.startWorld();
    room.plugins.personas.startWorld(); // idempotent
    expect(room.plugins.personas.worldPaid).toBe(true);
    await vi.waitFor(() => expect(profileCalls()).toBe(1), { timeout: 5000 });
  });
});
