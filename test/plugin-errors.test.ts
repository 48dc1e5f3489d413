/**
 * Issue #7 item 9 (the player-facing part): players see generic error codes, never raw store
 * or provider messages (paths, hosts, SQL); the details go to the server's onError.
 */
import { defineRoom } from '@colyseus/core';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import config from '@colyseus/tools';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersonaStore } from '../src/core/types.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import { openStore } from '../src/stores/index.js';
import { type PluginErrorInfo, publicError } from '../plugin/index.js';
import { connect, createWorldRoom, type TestRoomSettings } from './plugin-room.js';

const settings: TestRoomSettings = { engine: null, plugin: {} };
const WorldRoom = createWorldRoom(settings);
type WorldRoom = InstanceType<typeof WorldRoom>;

const SECRET = 'SQLITE_IOERR: disk I/O error, database /var/secret/personas.db';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test server is typed by its room map, which this file does not export
let colyseus: ColyseusTestServer<any>;
let engine: PersonaEngine;
let reports: Array<{ err: unknown; info: PluginErrorInfo }>;
let n = 0;
const fresh = () => ({ worldId: `errors-${++n}`, description: 'A medieval village in northern Britain' });
const reported = () => reports.map((r) => `${r.info.where}: ${r.err instanceof Error ? r.err.message : String(r.err)}`).join('\n');

function useEngine(store: PersonaStore | 'memory' = 'memory') {
  engine = createPersonaEngine({ provider: 'procedural', store, pool: { size: 0 }, backstories: { enabled: false } });
  settings.engine = engine;
}

beforeAll(async () => {
  colyseus = await boot(config({ rooms: { world: defineRoom(WorldRoom).filterBy(['worldId']) } }), 2624);
});
beforeEach(() => {
  reports = [];
  useEngine();
  settings.plugin = { bioDeadlineMs: 0, pool: 0, onError: (err, info) => reports.push({ err, info }) };
});
afterEach(async () => {
  await colyseus.cleanup();
  await engine.close();
});
afterAll(() => colyseus.shutdown());

describe('publicError', () => {
  it.each([
    [{ status: 'bio', error: 'bio written by the procedural fallback (provider-error)' }, 'fallback:provider'],
    [{ status: 'complete', error: 'backstory written by the procedural fallback (rate-limited)' }, 'fallback:rate-limited'],
    [{ status: 'bio', error: 'bio written by the procedural fallback (budget)' }, 'fallback:budget'],
    [{ status: 'failed', error: SECRET }, 'failed:store'],
    [{ status: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:6379' }, 'failed:store'],
    [{ status: 'failed', error: 'Invalid world profile: variable "x"...' }, 'failed:profile'],
    [{ status: 'failed', error: 'something odd at /home/me/app.js:12' }, 'failed:other'],
    [{ status: 'bio', error: null }, ''],
  ])('%j -> %s', (rec, code) => expect(publicError(rec)).toBe(code));
});

describe('what players see when things fail', () => {
  it('a store failure shows the NPC as failed:store; the path goes to onError only', async () => {
    const memory = openStore({ kind: 'memory' });
    const broken = new Proxy(memory, {
      get: (t, p, r) => (p === 'putPersona' ? () => Promise.reject(new Error(SECRET)) : Reflect.get(t, p, r)),
    });
    await engine.close();
    useEngine(broken);
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = await connect(colyseus, room);
    const { id } = (await client.request('persona:spawn', { key: 'smith' }))!;
    await vi.waitFor(() => expect(client.state.npcs.get(id)?.status).toBe('failed'), { timeout: 10_000 });
    const npc = client.state.npcs.get(id)!;
    expect(npc.error).toBe('failed:store');
    expect(JSON.stringify(npc.toJSON())).not.toContain('/var/secret');
    expect(reported()).toContain('/var/secret/personas.db');
    expect(reports.some((r) => r.info.where === 'persona')).toBe(true);
  });

  it('a throwing permission hook refuses with a generic reason; the exception goes to onError', async () => {
    settings.plugin = {
      ...settings.plugin,
      permit: () => {
        throw new Error('permissions db at /srv/game/acl.db is locked');
      },
    };
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = await connect(colyseus, room);
    const err = (await client
      .request('persona:spawn', { key: 'x' })
      .catch((e: { reason: { code: string; message: string } }) => e.reason)) as { code: string; message: string };
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).not.toContain('/srv');
    expect(reported()).toContain('/srv/game/acl.db');
  });

  it('an unexpected failure while spawning answers UNAVAILABLE without internals', async () => {
    settings.plugin = {
      ...settings.plugin,
      npcs: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'npcs') at /srv/game/room.js:42");
      },
    };
    const room = await colyseus.createRoom<WorldRoom>('world', fresh());
    const client = await connect(colyseus, room);
    const err = (await client
      .request('persona:spawn', { key: 'x' })
      .catch((e: { reason: { code: string; message: string } }) => e.reason)) as { code: string; message: string };
    expect(err).toEqual({ type: 'persona:spawn', code: 'UNAVAILABLE', message: expect.not.stringContaining('/srv') });
    expect(reported()).toContain('/srv/game/room.js');
    expect(client.connection.isOpen).toBe(true);
  });
});
