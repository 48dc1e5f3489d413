/**
 * The plugin's side of trust: the room's NpcPersona shows provenance, `provisional` while a
 * fallback text waits for the model and `problems` the checks still flag, and an upgraded
 * record (new text, same person) is patched into state with its 'bio'/'backstory' events
 * again; a spawn with an override outside the world's profile gives the clear error.
 */
import { defineRoom } from '@colyseus/core';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import config from '@colyseus/tools';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError } from '../src/core/errors.js';
import type { PersonaRecord } from '../src/core/types.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { newRecord } from '../src/engine/records.js';
import { NpcPersona, type PluginErrorInfo } from '../plugin/index.js';
import { applyRecord } from '../plugin/npc-persona.js';
import { checkProblems, isProvisional } from '../plugin/npc-persona.js';
import { connect, createWorldRoom, type TestRoomSettings } from './plugin-room.js';

const settings: TestRoomSettings = { engine: null, plugin: {} };
const WorldRoom = createWorldRoom(settings);
type WorldRoom = InstanceType<typeof WorldRoom>;

const NOW = 1_700_000_000_000;
function record(over: Partial<PersonaRecord> = {}): PersonaRecord {
  return {
    ...newRecord('w', 'fp', { key: 'smith', name: 'Ann Brook', traits: { age: 43, occupation: 'smith' }, hints: ['one-eyed'] }, NOW),
    ...over,
  };
}

describe('NpcPersona provenance (applyRecord)', () => {
  it('a provisional record, then its upgrade, patch bio, provisional and problems; the person stays the same', () => {
    const npc = new NpcPersona();
    const fallback = record({
      bio: 'Ann Brook, a smith of 43, keeps one eye on the forge.',
      status: 'bio',
      model: 'procedural',
      source: 'procedural',
      provisional: { bio: true, backstory: false },
      errors: { bio: 'HTTP 500', backstory: null },
      checks: {
        bio: { ok: false, problems: ['leaves out the trait "one-eyed"', 'states age 90, but Ann Brook is 43'], regenerated: true },
        backstory: null,
      },
      error: 'bio written by the procedural fallback (provider-error)',
    });
    applyRecord(npc, fallback);
    expect(npc.bio).toBe(fallback.bio);
    expect(npc.provisional).toBe(true);
    expect(npc.problems).toBe('bio: leaves out the trait "one-eyed"; bio: states age 90, but Ann Brook is 43');
    expect(npc.error).toBe('fallback:provider');
    expect(npc.source).toBe('procedural');

    const upgraded = record({
      bio: 'One-eyed Ann Brook, 43, has shod every horse in the valley.',
      backstory: 'Ann Brook lost an eye to a spark at twelve and kept the forge anyway.',
      status: 'complete',
      model: 'good-model',
      source: 'llm',
      sources: { bio: 'llm', backstory: 'llm' },
      checks: {
        bio: { ok: true, problems: [], regenerated: false },
        backstory: { ok: false, problems: ['does not say that Ann Brook is a smith'], regenerated: true },
      },
    });
    applyRecord(npc, upgraded);
    expect(npc.toJSON()).toMatchObject({
      name: 'Ann Brook',
      bio: upgraded.bio,
      backstory: upgraded.backstory,
      status: 'complete',
      provisional: false,
      problems: 'backstory: does not say that Ann Brook is a smith',
      error: '',
      model: 'good-model',
      source: 'llm',
    });
    expect(npc.traits.get('occupation')).toBe('smith');

    applyRecord(npc, { ...upgraded, checks: { bio: null, backstory: { ok: true, problems: [], regenerated: true } } });
    expect(npc.problems).toBe('');
    // Older records: the backstory's report under `consistency` only.
    applyRecord(npc, {
      ...upgraded,
      checks: undefined as never,
      consistency: { ok: false, problems: ['never names the person'], regenerated: true },
    });
    expect(npc.problems).toBe('backstory: never names the person');
  });

  it('missing or damaged provenance fields read as "not provisional, no problems", never a throw', () => {
    const damaged: unknown[] = [
      { ...record({ bio: 'x' }), provisional: undefined, checks: undefined, consistency: undefined },
      { ...record({ bio: 'x' }), provisional: null, checks: null },
      { ...record({ bio: 'x' }), provisional: 'yes', checks: 'bad' },
      {
        ...record({ bio: 'x' }),
        provisional: { bio: 'true', backstory: 1 },
        checks: { bio: { ok: false, problems: 'not a list' }, backstory: { ok: false, problems: [null, 42, 'real'] } },
      },
      { ...record({ bio: 'x' }), provisional: [true], checks: [{ ok: false, problems: ['x'] }] },
      { key: 'bare' },
      null,
      42,
    ];
    for (const rec of damaged) {
      const npc = new NpcPersona();
      expect(() => applyRecord(npc, rec as PersonaRecord), JSON.stringify(rec)).not.toThrow();
      expect(npc.provisional).toBe(false);
    }
    expect(checkProblems(damaged[3] as PersonaRecord)).toBe('backstory: 42; backstory: real');
    expect(isProvisional({ provisional: { bio: false, backstory: true } })).toBe(true);
    // A flood of problems is cut for clients.
    const many = record({
      checks: {
        bio: { ok: false, problems: Array.from({ length: 200 }, (_, i) => `problem number ${i} of a long list`), regenerated: true },
        backstory: null,
      },
    });
    expect(checkProblems(many).length).toBeLessThanOrEqual(1000);
  });
});

describe('PersonaPlugin: overrides and upgrades in a room', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test server is typed by its room map, which this file does not export
  let colyseus: ColyseusTestServer<any>;
  let engine: PersonaEngine;
  let reports: Array<{ err: unknown; info: PluginErrorInfo }>;
  let n = 0;
  const fresh = () => ({ worldId: `provenance-${++n}`, description: 'A medieval village in northern Britain' });

  beforeAll(async () => {
    colyseus = await boot(config({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } }), 2657);
  });
  beforeEach(() => {
    reports = [];
    engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 } });
    settings.engine = engine;
    settings.plugin = { bioDeadlineMs: 0, pool: 0, onError: (err, info) => reports.push({ err, info }) };
  });
  afterEach(async () => {
    await colyseus.cleanup();
    await engine.close();
  });
  afterAll(() => colyseus.shutdown());

  it('spawn() with an override outside the loaded profile throws the clear error; extendProfile lets it through', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const personas = room.plugins.personas;
    await personas.world.ready;
    expect(() => personas.spawn({ key: 'spaceman', overrides: { occupation: 'astronaut' } })).toThrow(InvalidInputError);
    expect(() => personas.spawn({ key: 'spaceman', overrides: { age: 300 } })).toThrow(
      /override age = 300 is outside this world's range; age is \d+ to \d+ years/,
    );
    let message = '';
    try {
      personas.spawn({ key: 'spaceman', overrides: { occupation: 'astronaut' } });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('override occupation = "astronaut" is not an option of this world\'s profile; occupation is one of "');
    expect(message).toContain('"blacksmith"');
    expect(message).toContain('extendProfile: true');
    expect(personas.list()).toHaveLength(0);
    expect(room.state.npcs.size).toBe(0);

    const npc = personas.spawn({ key: 'spaceman', overrides: { occupation: 'astronaut', age: 300 }, extendProfile: true });
    await vi.waitFor(() => expect(npc.status).toBe('complete'), { timeout: 10_000 });
    expect(npc.traits.get('occupation')).toBe('astronaut');
    expect(npc.traits.get('age')).toBe('300');
    expect(reports).toEqual([]);
  });

  it('before the profile is loaded, the NPC fails with failed:input and the full message goes to the failed event and onError', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const personas = room.plugins.personas;
    expect(personas.world.profile).toBeNull();
    const failed = new Promise<PersonaRecord>((resolve) => personas.on('failed', (_npc, rec) => resolve(rec)));
    const npc = personas.spawn({ key: 'old-one', overrides: { age: 300 } });
    const rec = await failed;
    expect(rec.status).toBe('failed');
    expect(rec.error).toMatch(
      /^Invalid hints: an override does not fit this world's profile:\n- override age = 300 is outside this world's range/,
    );
    expect(npc.status).toBe('failed');
    expect(npc.error).toBe('failed:input');
    expect(personas.record('old-one')?.error).toBe(rec.error);
    expect(reports.map((r) => (r.err as Error).message).join('\n')).toContain('override age = 300');
  });

  it('an upgrade after "complete" patches the new text and flags into state, with bio/backstory events for what changed', async () => {
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = await connect(colyseus, room);
    const personas = room.plugins.personas;
    const events: string[] = [];
    personas.on('spawn', (npc) => events.push(`spawn:${npc.id}`));
    personas.on('bio', (npc, rec) => events.push(`bio:${npc.bio === rec.bio ? 'in-state' : 'stale'}`));
    personas.on('backstory', (npc, rec) => events.push(`backstory:${npc.backstory === rec.backstory ? 'in-state' : 'stale'}`));
    const npc = personas.spawn({ key: 'smith' });
    await vi.waitFor(() => expect(npc.status).toBe('complete'), { timeout: 10_000 });
    expect(events).toEqual(['spawn:smith', 'bio:in-state', 'backstory:in-state']);
    const before = personas.record('smith')!;
    // The engine's handle for the key is the one the room mirrors; publish what an upgrade publishes.
    const handle = personas.world.persona('smith');
    expect(handle.record).toBe(before);

    handle.publish({
      ...before,
      provisional: { bio: true, backstory: true },
      checks: { bio: { ok: false, problems: ['states age 90, but X is 43'], regenerated: true }, backstory: null },
    });
    expect(npc.provisional).toBe(true);
    expect(npc.problems).toBe('bio: states age 90, but X is 43');
    expect(events).toHaveLength(3); // flags alone emit nothing
    await vi.waitFor(() => expect(client.state.npcs.get('smith')?.provisional).toBe(true), { timeout: 5_000 });

    const upgradedBio = `${before.name} has been rewritten by the model.`;
    handle.publish({
      ...before,
      bio: upgradedBio,
      provisional: { bio: false, backstory: true },
      checks: { bio: { ok: true, problems: [], regenerated: false }, backstory: null },
    });
    expect(events.slice(3)).toEqual(['bio:in-state']);
    expect(npc.bio).toBe(upgradedBio);
    expect(npc.provisional).toBe(true);
    expect(npc.problems).toBe('');

    const upgradedBackstory = `${before.name}'s story, rewritten.`;
    handle.publish({ ...before, bio: upgradedBio, backstory: upgradedBackstory, provisional: { bio: false, backstory: false } });
    expect(events.slice(4)).toEqual(['backstory:in-state']);
    await vi.waitFor(
      () =>
        expect(client.state.npcs.get('smith')?.toJSON()).toMatchObject({
          bio: upgradedBio,
          backstory: upgradedBackstory,
          provisional: false,
          problems: '',
          status: 'complete',
          name: before.name,
        }),
      { timeout: 5_000 },
    );
    // The same record again changes nothing and emits nothing.
    handle.publish({ ...before, bio: upgradedBio, backstory: upgradedBackstory, provisional: { bio: false, backstory: false } });
    expect(events).toHaveLength(5);
    expect(reports).toEqual([]);
  });
});
