/**
 * Issue #7 item 1: no string may make the room state unencodable. NPC ids and trait names that
 * are Object.prototype names (`constructor`, `toString`...) are escaped schema keys; stored
 * data that is already bad is repaired or skipped at restore; and an unencodable state, put
 * there by game code, is reported while the room and the process keep running.
 */
import { defineRoom } from '@colyseus/core';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import config from '@colyseus/tools';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Profile } from '../src/core/profile-schema.js';
import type { PersonaRecord } from '../src/core/types.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { fromSchemaKey, NpcPersona, type PluginErrorInfo, toSchemaKey } from '../plugin/index.js';
import { FEUDAL_PROFILE } from './fixtures.js';
import { connect, createWorldRoom, type TestRoomSettings } from './plugin-room.js';

const settings: TestRoomSettings = { engine: null, plugin: {} };
const WorldRoom = createWorldRoom(settings);
type WorldRoom = InstanceType<typeof WorldRoom>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test server is typed by its room map, which this file does not export
let colyseus: ColyseusTestServer<any>;
let engine: PersonaEngine;
let reports: Array<{ err: unknown; info: PluginErrorInfo }>;
let unhandled: unknown[];
let n = 0;
const DESCRIPTION = 'A medieval village in northern Britain';
const fresh = () => ({ worldId: `keys-${++n}`, description: DESCRIPTION });
const onUnhandled = (e: unknown) => unhandled.push(e);

/** Every reserved name that a persona key may be (keys start with a letter or digit). */
const RESERVED_KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

beforeAll(async () => {
  colyseus = await boot(config({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } }), 2621);
  process.on('unhandledRejection', onUnhandled);
});
beforeEach(() => {
  reports = [];
  unhandled = [];
  engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 2, batch: 2 } });
  settings.engine = engine;
  settings.plugin = {
    bioDeadlineMs: 0,
    pool: 0,
    rateLimits: { spawn: { points: 1000, durationSeconds: 10 } },
    onError: (err, info) => reports.push({ err, info }),
  };
});
afterEach(async () => {
  await colyseus.cleanup();
  await engine.close();
  expect(unhandled).toEqual([]);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await colyseus.shutdown();
});

describe('schema keys', () => {
  it('escape is injective and leaves ordinary keys alone', () => {
    const samples = ['smith', '', '~', '~~x', '~constructor', 'constructor', '__proto__', 'toString', 'a~b', 'prototype', 'length'];
    const escaped = samples.map(toSchemaKey);
    expect(new Set(escaped).size).toBe(samples.length);
    for (const s of samples) expect(fromSchemaKey(toSchemaKey(s))).toBe(s);
    expect(toSchemaKey('smith')).toBe('smith');
    expect(toSchemaKey('constructor')).toBe('~constructor');
    expect(toSchemaKey('~x')).toBe('~~x');
    for (const e of escaped) expect(e in Object.prototype).toBe(false);
  });
});

describe('reserved names as NPC keys and trait names', () => {
  it('persona:spawn with every Object.prototype name: the room keeps running and the client decodes each NPC', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = await connect(colyseus, room);
    for (const key of RESERVED_KEYS) {
      await expect(client.request('persona:spawn', { key })).resolves.toEqual({ id: `~${key}` });
    }
    await vi.waitFor(() => expect(client.state.npcs.size).toBe(RESERVED_KEYS.length), { timeout: 10_000 });
    for (const key of RESERVED_KEYS) {
      const npc = client.state.npcs.get(`~${key}`)!;
      expect({ id: npc.id, key: npc.key }).toEqual({ id: `~${key}`, key });
      expect(npc.name).not.toBe('');
    }
    // Both forms work for focus and for the server API.
    await expect(client.request('persona:focus', { id: '~constructor' })).resolves.toEqual({ id: '~constructor' });
    await expect(client.request('persona:focus', { id: 'constructor' })).resolves.toEqual({ id: '~constructor' });
    expect(room.plugins.personas.get('valueOf')).toBe(room.plugins.personas.get('~valueOf'));
    expect(room.plugins.personas.remove('~toString')).toBe(true);
    await vi.waitFor(() => expect(client.state.npcs.has('~toString')).toBe(false));
    // The room still ticks and patches.
    const tick = client.state.tick;
    await vi.waitFor(() => expect(client.state.tick).toBeGreaterThan(tick));
    expect(reports.filter((r) => r.info.where === 'encode')).toEqual([]);
  });

  it('trait names that are reserved words (a profile stored before they were refused) reach the client under escaped keys', async () => {
    const bool = (name: string) => ({ kind: 'boolean' as const, name, probability: 1, overrides: [] });
    const profile: Profile = {
      ...FEUDAL_PROFILE,
      variables: [...FEUDAL_PROFILE.variables, bool('constructor'), bool('toString'), bool('hasOwnProperty'), bool('~tilde')],
    };
    const world = fresh();
    // Profiles now refuse these names; a world stored by an earlier version may still have them.
    const fingerprint = engine.world({ id: world.worldId, description: world.description }).fingerprint;
    await engine.store.putWorld({
      id: world.worldId,
      fingerprint,
      description: world.description,
      profile,
      profileModel: 'old-model',
      profileSource: 'llm',
      createdAt: Date.now(),
    });
    const room = await colyseus.createRoom<WorldRoom>('world', { worldId: world.worldId });
    const client = await connect(colyseus, room);
    const { id } = (await client.request('persona:spawn', { key: 'reeve' }))!;
    await vi.waitFor(() => expect(client.state.npcs.get(id)?.traits.get('~constructor')).toBe('true'), { timeout: 10_000 });
    const traits = client.state.npcs.get(id)!.traits;
    expect(traits.get('~toString')).toBe('true');
    expect(traits.get('~hasOwnProperty')).toBe('true');
    expect(traits.get('~~tilde')).toBe('true');
    expect(traits.get('occupation')).toBeTruthy();
    expect([...traits.keys()].every((k) => !(k in Object.prototype))).toBe(true);
    expect(reports.filter((r) => r.info.where === 'encode')).toEqual([]);
  });

  it('a new room restores a cast with reserved keys, repairs damaged records and skips ones it cannot show, with a warning', async () => {
    const world = fresh();
    const handle = engine.world({ id: world.worldId, description: world.description });
    await handle.ready;
    for (const key of ['constructor', 'valueOf', 'smith']) await handle.persona(key).bio;
    const base = (await handle.get('smith'))!;
    const damaged = [
      // A key the engine refuses today (written by an older version, or by hand): skipped.
      { ...base, key: '../../etc/passwd', id: `${world.worldId}:bad`, name: 'Bad Key' },
      // Mistyped fields: shown with what can be shown.
      {
        ...base,
        key: 'odd',
        id: `${world.worldId}:odd`,
        name: 'Odd Record',
        traits: null,
        hints: 'not-a-list',
        bio: 42,
        backstory: null,
        error: 'SQLITE_IOERR: disk I/O error at /var/secret/personas.db',
      },
    ] as unknown as PersonaRecord[];
    for (const rec of damaged) await engine.store.putPersona(rec);

    settings.plugin = { ...settings.plugin, restore: 20 };
    const room = await colyseus.createRoom<WorldRoom>('world', { worldId: world.worldId }); // no description: the stored world
    const client = await connect(colyseus, room);
    await vi.waitFor(() => expect([...client.state.npcs.keys()].sort()).toEqual(['odd', 'smith', '~constructor', '~valueOf']), {
      timeout: 10_000,
    });
    const skipped = reports.filter((r) => r.info.where === 'restore').map((r) => String((r.err as Error).message));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toContain('../../etc/passwd');
    const odd = client.state.npcs.get('odd')!;
    expect(odd.name).toBe('Odd Record');
    expect(odd.error).not.toContain('/var/secret');
    expect(reports.filter((r) => r.info.where === 'encode')).toEqual([]);
  });
});

describe('an unencodable state never takes the room or the process down', () => {
  it('a bad map key set by game code is reported, the patch dropped, and the room keeps serving', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = await connect(colyseus, room);
    await client.request('persona:spawn', { key: 'before' });
    await vi.waitFor(() => expect(client.state.npcs.has('before')).toBe(true));

    // Bypass the plugin's escaping: this is what crashed the process before.
    room.state.npcs.set('constructor', new NpcPersona());
    room.broadcastPatch(); // would throw here (and from the patch timer) without the guard
    await vi.waitFor(() => expect(reports.some((r) => r.info.where === 'encode')).toBe(true));
    const tick = room.state.tick;
    await vi.waitFor(() => expect(room.state.tick).toBeGreaterThan(tick + 3)); // several patch intervals later, still running

    // Game code fixes its state: the clients get a full snapshot and patches flow again.
    room.state.npcs.delete('constructor');
    await expect(client.request('persona:spawn', { key: 'after' })).resolves.toEqual({ id: 'after' });
    await vi.waitFor(() => expect([...client.state.npcs.keys()].sort()).toEqual(['after', 'before']));
    const late = await connect(colyseus, room);
    expect([...late.state.npcs.keys()].sort()).toEqual(['after', 'before']);
    expect(client.connection.isOpen).toBe(true);
  });
});
