/**
 * The plugin's permission, rate-limit and option paths, and its error codes, without a server:
 * Colyseus' `attachToTestRoom` gives the plugin a stub room, and the tests call its lifecycle
 * hooks and message handlers directly (the server-booting tests in plugin*.test.ts cover the
 * wire, joins and state sync). Also: a persona error from another copy of the package (a fresh
 * module instance of src/core/errors.ts, as the CJS build next to the ESM one would be) is
 * treated as the persona error it is.
 *   npx vitest run test/plugin-unit.test.ts
 * Cost: one in-memory procedural engine per test; no sockets.
 */
import { attachToTestRoom, type Client, type Room } from '@colyseus/core';
import { MapSchema } from '@colyseus/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Errors from '../src/core/errors.js';
import { InvalidInputError, PersonaError } from '../src/core/errors.js';
import { createPersonaEngine, type PersonaEngine } from '../src/engine/engine.js';
import {
  JOIN_ERROR,
  type NpcPersona,
  PersonaJoinError,
  PersonaPlugin,
  type PersonaMessageError,
  type PersonaPluginOptions,
  SPAWN,
} from '../plugin/index.js';

type ErrorsModule = typeof Errors;

let engine: PersonaEngine;
let n = 0;
const fresh = () => ({ worldId: `unit-${++n}`, description: 'A medieval village in northern Britain' });

beforeEach(() => {
  engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 }, backstories: { enabled: false } });
});
afterEach(async () => {
  await engine.close();
});

/** The plugin's protected lifecycle hooks and its message handlers, as Colyseus calls them. */
interface Hooks {
  onCreate(options: unknown): Promise<void>;
  onAuth(client: Client, options: unknown, context?: unknown): Promise<void>;
  onDispose(): void;
  messages: Record<
    string,
    (client: Client, payload: unknown, ctx?: { id?: number; reject(reason?: unknown): unknown }) => Promise<{ id: string } | undefined>
  >;
}

/** What of a room the plugin uses: its id, its state's `npcs` map, and what the patch guard wraps. */
function stubRoom(roomId: string): Partial<Room> {
  return {
    roomId,
    state: { npcs: new MapSchema<NpcPersona>() },
    clients: [] as unknown as Room['clients'],
    broadcastPatch: () => false,
    sendFullState: () => undefined,
  } as Partial<Room>;
}

/** A plugin on a stub room (no clients), created for a fresh world. */
async function attached(options: Omit<PersonaPluginOptions, 'engine'> = {}) {
  const plugin = new PersonaPlugin({ engine, bioDeadlineMs: 0, pool: 0, onError: () => undefined, ...options });
  const room = attachToTestRoom(plugin as never, stubRoom(`room-${n}`));
  const hooks = plugin as unknown as Hooks;
  await hooks.onCreate(fresh());
  return { plugin, room, hooks };
}

/** A client stub: its session, its auth id (the rate-limit key) and what it was sent. */
function client(user: string): Client & { sent: Array<[string, unknown]> } {
  const sent: Array<[string, unknown]> = [];
  return {
    sessionId: `session-${user}`,
    auth: { id: user },
    sent,
    send: (type: string, message: unknown) => void sent.push([type, message]),
  } as unknown as Client & { sent: Array<[string, unknown]> };
}

/** Send a `persona:spawn` as a request (`room.request`): its answer, or the refusal it was rejected with. */
async function request(hooks: Hooks, who: Client, payload: unknown): Promise<{ id: string } | PersonaMessageError> {
  let refusal: PersonaMessageError | undefined;
  const answer = await hooks.messages[SPAWN]!(who, payload, { id: 1, reject: (reason) => (refusal = reason as PersonaMessageError) });
  return refusal ?? answer!;
}

describe('permissions', () => {
  it('a permission hook that says no refuses the spawn with its reason (FORBIDDEN), and nothing is spawned', async () => {
    const permit = vi.fn((_client: Client, action: string) => (action === 'spawn' ? 'Only the game master spawns NPCs here.' : true));
    const { plugin, hooks } = await attached({ permit });
    const refused: PersonaMessageError[] = [];
    plugin.on('refused', (_c, error) => refused.push(error));
    expect(await request(hooks, client('player'), { key: 'smith' })).toEqual({
      type: SPAWN,
      code: 'FORBIDDEN',
      message: 'Only the game master spawns NPCs here.',
    });
    expect(permit).toHaveBeenCalledWith(expect.anything(), 'spawn', { key: 'smith' });
    expect(refused.map((e) => e.code)).toEqual(['FORBIDDEN']);
    expect(plugin.list()).toEqual([]);
  });

  it('a permission hook that throws refuses (FORBIDDEN) and its error goes to onError', async () => {
    const reports: string[] = [];
    const { plugin, hooks } = await attached({
      permit: () => {
        throw new Error('auth service down');
      },
      onError: (err, info) => reports.push(`${info.where}: ${(err as Error).message}`),
    });
    const answer = await request(hooks, client('player'), {});
    expect(answer).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('the permission check failed') });
    expect(reports).toEqual(['permit: auth service down']);
    expect(plugin.list()).toEqual([]);
  });

  it('a permission hook that allows lets the spawn through', async () => {
    const { plugin, hooks } = await attached({ permit: async () => true });
    const answer = await request(hooks, client('player'), { key: 'smith' });
    expect(answer).toEqual({ id: 'smith' });
    expect(plugin.get('smith')?.key).toBe('smith');
  });
});

describe('rate limits', () => {
  it('the (n+1)th spawn in a window is refused with RATE_LIMITED', async () => {
    const { plugin, hooks } = await attached({ rateLimits: { spawn: { points: 3, durationSeconds: 60 } } });
    const player = client('player');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await request(hooks, player, { key: `npc-${i}` }));
    expect(answers.slice(0, 3)).toEqual([{ id: 'npc-0' }, { id: 'npc-1' }, { id: 'npc-2' }]);
    expect(answers[3]).toMatchObject({ type: SPAWN, code: 'RATE_LIMITED' });
    expect(plugin.list()).toHaveLength(3);
    // Another client key has its own window.
    expect(await request(hooks, client('other'), { key: 'npc-other' })).toEqual({ id: 'npc-other' });
  });

  it('invalid messages count too, and a plain send over the limit gets one RATE_LIMITED message, then silence', async () => {
    const { plugin, hooks } = await attached({ rateLimits: { spawn: { points: 2, durationSeconds: 60 } } });
    const player = client('player');
    await hooks.onAuth(player, { worldId: plugin.world.id }); // a joined client: the plugin remembers when it last told it
    for (let i = 0; i < 5; i++) await hooks.messages[SPAWN]!(player, { nonsense: true });
    expect(player.sent.map(([type, e]) => `${type} ${(e as PersonaMessageError).code}`)).toEqual([
      'persona:error INVALID_MESSAGE',
      'persona:error INVALID_MESSAGE',
      'persona:error RATE_LIMITED',
    ]);
  });
});

describe('options', () => {
  it('an invalid option is refused when the plugin is constructed, with InvalidInputError naming it', () => {
    const make = (options: Partial<PersonaPluginOptions>) => () => new PersonaPlugin({ engine, ...options });
    expect(make({ maxNpcs: 0 })).toThrow(InvalidInputError);
    expect(make({ maxNpcs: 0 })).toThrow(/maxNpcs/);
    expect(make({ rateLimits: { spawn: { points: -1, durationSeconds: 10 } } })).toThrow(/rateLimits/);
    expect(make({ npcs: 'not a field!' })).toThrow(/npcs/);
    expect(() => new PersonaPlugin({ engine: {} as PersonaEngine })).toThrow(/engine must come from createPersonaEngine/);
  });

  it('maxNpcs counts every NPC in the room, also those server code spawned: a client spawn past it is ROOM_FULL', async () => {
    const { plugin, hooks } = await attached({ maxNpcs: 2 });
    plugin.spawn({ key: 'server-made' });
    expect(await request(hooks, client('player'), { key: 'first' })).toEqual({ id: 'first' });
    expect(await request(hooks, client('player'), { key: 'second' })).toMatchObject({ code: 'ROOM_FULL' });
    // Asking for an NPC already in the room is not a new one.
    expect(await request(hooks, client('player'), { key: 'first' })).toEqual({ id: 'first' });
    plugin.spawn({ key: 'server-again' }); // server code is not limited
    expect(plugin.list()).toHaveLength(3);
  });
});

describe('hints and their old name, traits', () => {
  it('persona:spawn takes { hints }, and { traits } as its old name; the permission hook sees hints', async () => {
    const permit = vi.fn(() => true);
    const { plugin, hooks } = await attached({ permit });
    expect(await request(hooks, client('player'), { key: 'new-name', hints: ['one-eyed'] })).toEqual({ id: 'new-name' });
    expect(await request(hooks, client('player'), { key: 'old-name', traits: ['one-eyed'] })).toEqual({ id: 'old-name' });
    expect(permit.mock.calls.map((call: unknown[]) => call[2])).toEqual([
      { key: 'new-name', hints: ['one-eyed'] },
      { key: 'old-name', hints: ['one-eyed'] },
    ]);
    await vi.waitFor(() => expect([plugin.get('new-name')?.hints, plugin.get('old-name')?.hints]).toEqual(['one-eyed', 'one-eyed']));
  });

  it('persona:spawn with both hints and traits is refused (INVALID_MESSAGE), and so is spawn() with both', async () => {
    const { plugin, hooks } = await attached();
    const answer = await request(hooks, client('player'), { key: 'both', hints: ['gnome'], traits: ['miner'] });
    expect(answer).toMatchObject({ type: SPAWN, code: 'INVALID_MESSAGE', message: expect.stringContaining('`hints` only') });
    expect(() => plugin.spawn({ key: 'both', hints: ['gnome'], traits: ['miner'] })).toThrow(InvalidInputError);
    expect(plugin.list()).toEqual([]);
    expect(plugin.spawn({ key: 'server-old-name', traits: ['gnome'] }).key).toBe('server-old-name');
  });
});

describe('error codes', () => {
  it('the plugin before onCreate has no world (NOT_READY); a disposed room spawns nothing (ROOM_DISPOSED)', async () => {
    const early = new PersonaPlugin({ engine });
    expect(() => early.world).toThrow(expect.objectContaining({ code: 'NOT_READY' }));
    const { plugin, hooks } = await attached();
    hooks.onDispose();
    expect(() => plugin.spawn({ key: 'late' })).toThrow(expect.objectContaining({ code: 'ROOM_DISPOSED' }));
  });
});

describe('errors from another copy of the package', () => {
  /** src/core/errors.ts loaded a second time, as its own module instance (as the CJS build next to the ESM one). */
  let copies = 0;
  const otherCopy = () =>
    import(/* @vite-ignore */ new URL(`../src/core/errors.ts?copy=${++copies}`, import.meta.url).href) as Promise<ErrorsModule>;

  it('isInstance knows them where instanceof does not', async () => {
    const other = await otherCopy();
    const foreign = new other.InvalidInputError('Invalid persona key: too long');
    expect(foreign instanceof PersonaError).toBe(false); // the premise: another class
    expect(PersonaError.isInstance(foreign)).toBe(true);
    expect(InvalidInputError.isInstance(foreign)).toBe(true);
    expect(other.BudgetExceededError.isInstance(foreign)).toBe(false);
    // By code: a base PersonaError with the code is an InvalidInputError too; plain look-alikes are not persona errors.
    expect(InvalidInputError.isInstance(new other.PersonaError('INVALID_INPUT', 'x'))).toBe(true);
    expect(PersonaError.isInstance(Object.assign(new Error('x'), { code: 'INVALID_INPUT' }))).toBe(false);
    expect(PersonaError.isInstance(null)).toBe(false);
    // The marker is on the prototype: a serialised error carries nothing new.
    expect(Object.getOwnPropertySymbols(new InvalidInputError('x'))).toEqual([]);
  });

  it("a spawn refused by another copy's engine is the client's INVALID_INPUT, not a generic UNAVAILABLE", async () => {
    const other = await otherCopy();
    const reports: unknown[] = [];
    const { plugin, hooks } = await attached({ onError: (err) => reports.push(err) });
    vi.spyOn(plugin.world, 'persona').mockImplementation(() => {
      throw new other.InvalidInputError('The persona key "smith" is already used by another persona.');
    });
    expect(await request(hooks, client('player'), { key: 'smith' })).toEqual({
      type: SPAWN,
      code: 'INVALID_INPUT',
      message: 'The persona key "smith" is already used by another persona.',
    });
    expect(reports).toEqual([]);
  });

  it("another copy's persona error from the `world` option refuses the join as INVALID_WORLD (422)", async () => {
    const other = await otherCopy();
    const plugin = new PersonaPlugin({
      engine,
      onError: () => undefined,
      world: () => {
        throw new other.InvalidWorldError('The world id must be at most 120 characters.');
      },
    });
    attachToTestRoom(plugin as never, stubRoom('join'));
    const created = (plugin as unknown as Hooks).onCreate({});
    await expect(created).rejects.toBeInstanceOf(PersonaJoinError);
    await expect(created).rejects.toMatchObject({
      code: JOIN_ERROR.INVALID_WORLD,
      message: 'The world id must be at most 120 characters.',
    });
  });
});
