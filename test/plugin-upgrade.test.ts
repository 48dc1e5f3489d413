/**
 * Outage then recovery in a room: while the model is down, NPCs get provisional fallback text
 * (labelled in state: `source: "procedural"`, `provisional: true`); once the model answers
 * again the engine rewrites those texts in the background and the plugin patches the new
 * text into the room's state, where a connected client sees it. Names and traits never change.
 */
import { defineRoom } from '@colyseus/core';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import config from '@colyseus/tools';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PersonaEngine } from '../src/engine/engine.js';
import { startTestLlmServer, type TestLlmServer } from '../src/testing/index.js';
import { connect, createWorldRoom, type TestRoomSettings } from './plugin-room.js';
import { llmEngine } from './support.js';

const settings: TestRoomSettings = { engine: null, plugin: {} };
const WorldRoom = createWorldRoom(settings);
type WorldRoom = InstanceType<typeof WorldRoom>;

const DOWN = { 'profile-model': 'http500', 'bio-model': 'http500', 'story-model': 'http500' } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test server is typed by its room map
let colyseus: ColyseusTestServer<any>;
let llm: TestLlmServer;
let engine: PersonaEngine;
const errors: unknown[] = [];

beforeAll(async () => {
  llm = await startTestLlmServer();
  colyseus = await boot(config({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } }), 2671);
});
afterEach(async () => {
  await colyseus.cleanup();
  await engine?.close();
});
afterAll(async () => {
  await colyseus.shutdown();
  await llm.close();
});

describe('provisional NPCs in a room', () => {
  it('fallback text is labelled provisional in state and replaced by the model text once it answers', async () => {
    llm.configure({ failModels: { ...DOWN } });
    ({ engine } = await llmEngine({ server: llm, onError: (e) => errors.push(e) }));
    settings.engine = engine;
    settings.plugin = { bioDeadlineMs: 0, pool: 0, onError: () => undefined };
    const room = await colyseus.createRoom<WorldRoom>('world', {
      worldId: 'outage-village',
      description: 'A medieval village in northern Britain',
    });
    const client = await connect(colyseus, room);
    const personas = room.plugins.personas;
    const npc = personas.spawn({ key: 'miller' });
    await vi.waitFor(() => expect(npc.status).toBe('complete'), { timeout: 10_000 });
    expect(npc.source).toBe('procedural');
    expect(npc.provisional).toBe(true);
    const name = npc.name;
    const traits = JSON.stringify([...npc.traits.entries()]);
    const fallbackBio = npc.bio;

    llm.configure({ failModels: {} });
    // Any call the model answers resumes the upgrades: here, the next spawn's bio.
    personas.spawn({ key: 'reeve' });
    await vi.waitFor(() => expect(npc.provisional).toBe(false), { timeout: 15_000 });
    expect(npc.source).toBe('llm');
    expect(npc.bio).not.toBe(fallbackBio);
    expect(npc.name).toBe(name);
    expect(JSON.stringify([...npc.traits.entries()])).toBe(traits);
    // The client got the patch.
    await vi.waitFor(
      () => {
        const seen = client.state.npcs.get('miller');
        expect(seen?.bio).toBe(npc.bio);
        expect(seen?.provisional).toBe(false);
      },
      { timeout: 5_000 },
    );
  });

  it('a hanging model: the NPC gets a provisional bio at the deadline, labelled, then the model text', async () => {
    llm.configure({ failModels: { 'bio-model': 'hang' } });
    ({ engine } = await llmEngine({ server: llm, liveBioDeadlineMs: 300, onError: (e) => errors.push(e) }));
    settings.engine = engine;
    settings.plugin = { bioDeadlineMs: 0, pool: 0, onError: () => undefined };
    const room = await colyseus.createRoom<WorldRoom>('world', {
      worldId: 'hanging-village',
      description: 'A medieval village in northern Britain',
    });
    const personas = room.plugins.personas;
    await personas.world.ready;
    const npc = personas.spawn({ key: 'watchman', backstory: false });
    await vi.waitFor(() => expect(npc.status).toBe('bio'), { timeout: 5_000 });
    expect(npc.source).toBe('procedural');
    expect(npc.provisional).toBe(true);
    expect(npc.error).toBe('fallback:deadline');
    const fallbackBio = npc.bio;

    llm.configure({ failModels: {} });
    // The breaker may still skip the model for its cool-down; a direct upgrade asks it now.
    await personas.world.upgrade('watchman');
    await vi.waitFor(() => expect(npc.provisional).toBe(false), { timeout: 5_000 });
    expect(npc.source).toBe('llm');
    expect(npc.error).toBe('');
    expect(npc.bio).not.toBe(fallbackBio);
  });
});
