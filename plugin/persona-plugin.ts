/**
 * PersonaPlugin: a Colyseus 0.18 room plugin that gives NPCs personas from the room's world
 * description. One line in the room; the room never waits on a model.
 *
 *   class WorldRoom extends Room<{ state: InstanceType<typeof WorldState> }> {
 *     state = new WorldState();
 *     plugins = definePlugins([new PersonaPlugin({ engine })]);
 *     onCreate() { this.plugins.personas.spawn({ key: 'innkeeper' }); }
 *   }
 *
 * - `spawn()` returns the NPC at once: name and traits are known without a model call, the
 *   bio comes from the warm pool or the cache when there is one. Bio, then backstory, are
 *   patched into the NpcPersona as they arrive (`pending` -> `bio` -> `complete`).
 * - Clients ask with `persona:spawn` ({ key?, traits? }, answered with { id }) and
 *   `persona:focus` ({ id }, moves that NPC's backstory to the front). Each message is
 *   validated with zod, permission-checked by the host's hook and rate-limited per client.
 * - Nothing awaits the model in onCreate; the pool starts filling when the room is created.
 *   After dispose the plugin writes nothing to the room, while background work still lands
 *   in the engine's cache for the next room of the same world.
 *
 * Footprint: per room one NpcPersona and one listener set per NPC; per client two rate-limit
 * counters; zero per-tick work. Per spawn: a cache or pool hit is a Map lookup; a miss adds
 * one share of a batched bio call and one backstory job.
 */
import type { Client, Room } from '@colyseus/core';
import { RoomPlugin } from '@colyseus/core';
import type { MapSchema } from '@colyseus/schema';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PersonaError } from '../src/core/errors.js';
import type { PersonaRecord, TraitValue } from '../src/core/types.js';
import type { PersonaEngine } from '../src/engine/engine.js';
import type { PersonaHandle } from '../src/engine/persona-handle.js';
import type { WorldHandle } from '../src/engine/world-handle.js';
import { MessageGuard, type PersonaAction } from './guard.js';
import { ERROR, FOCUS, FocusMessageSchema, parseMessage, type PersonaMessageError, SPAWN, SpawnMessageSchema } from './messages.js';
import { applyRecord, NpcPersona } from './npc-persona.js';
import { type PersonaPluginOptions, resolvePluginOptions, type ResolvedPluginOptions } from './options.js';

/** What `spawn()` takes: the same as a client's `persona:spawn`, plus server-only overrides. */
export interface SpawnOptions {
  /** The persona key; the same key is the same person in every room of the world. Default: one from the pool. */
  key?: string;
  /** Free-text traits that must show up in the text, e.g. ['gnome', 'miner']. */
  traits?: string[];
  /** Structured trait values that replace sampling (server code only), e.g. { occupation: 'smith' }. */
  overrides?: Record<string, TraitValue>;
  /** Write a backstory in the background. Default: true. */
  backstory?: boolean;
}

export interface PersonaPluginEvents {
  /** An NPC was added to the room's state. */
  spawn: [NpcPersona];
  bio: [NpcPersona, PersonaRecord];
  backstory: [NpcPersona, PersonaRecord];
  failed: [NpcPersona, PersonaRecord];
  remove: [NpcPersona];
  /** A client's message was refused (invalid, forbidden, rate-limited, unknown id). */
  refused: [Client, PersonaMessageError];
}

/** What Colyseus passes a message handler: `id` is set for `room.request`, undefined for `room.send`. */
interface RequestContext {
  id?: number;
  reject(reason?: unknown): unknown;
}

interface Tracked {
  npc: NpcPersona;
  handle: PersonaHandle;
  stop: () => void;
  visible: boolean;
}

type HostRoom = Room<{ state: { npcs?: MapSchema<NpcPersona> } }>;

export class PersonaPlugin extends RoomPlugin<HostRoom> {
  override readonly pluginName = 'personas' as const;
  private readonly options: ResolvedPluginOptions;
  private readonly events = new EventEmitter<PersonaPluginEvents>();
  private readonly tracked = new Map<string, Tracked>();
  private guard!: MessageGuard<Client>;
  private worldHandle: WorldHandle | null = null;
  private disposed = false;

  constructor(options: PersonaPluginOptions) {
    super();
    this.options = resolvePluginOptions(options);
  }

  /** The engine shared by every room of the process. */
  get engine(): PersonaEngine {
    return this.options.engine;
  }

  /** This room's world (set in onCreate). */
  get world(): WorldHandle {
    if (!this.worldHandle) throw new PersonaError('INVALID_INPUT', 'The personas plugin has no world yet: it is set when the room is created.');
    return this.worldHandle;
  }

  protected override onCreate(options: unknown): void {
    this.guard = new MessageGuard(this.options.permit, this.options.rateLimits);
    // Validates at once (a bad description fails room creation with a clear error); the
    // profile loads and the pool fills in the background: nothing here waits on a model.
    this.worldHandle = this.engine.world(this.options.world(options, this.room));
    if (this.options.pool > 0) this.worldHandle.warm();
  }

  protected override onLeave(client: Client): void {
    this.guard?.forget(client);
  }

  protected override onDispose(): void {
    this.disposed = true;
    for (const t of this.tracked.values()) t.stop();
    this.tracked.clear();
    this.events.removeAllListeners();
  }

  /** Listen for plugin events (spawn, bio, backstory, failed, remove, refused). Returns an unsubscribe function. */
  on<E extends keyof PersonaPluginEvents>(event: E, listener: (...args: PersonaPluginEvents[E]) => void): () => void {
    this.events.on(event, listener as never);
    return () => this.events.off(event, listener as never);
  }

  /**
   * Spawn an NPC. Returns its NpcPersona at once; it is in the room's state as soon as its
   * bio is known (at once for a pool or cache hit) or `bioDeadlineMs` passes, whichever is
   * first, and fills in from there. Spawning a key already in the room returns that NPC.
   * Throws InvalidInputError on a bad key or hints.
   */
  spawn(options: SpawnOptions = {}): NpcPersona {
    if (this.disposed) throw new PersonaError('ENGINE_CLOSED', 'This room is disposed; it cannot spawn NPCs.');
    const existing = options.key !== undefined ? this.tracked.get(options.key) : undefined;
    if (existing) return existing.npc;
    const hints = options.traits?.length || options.overrides ? { traits: options.traits, overrides: options.overrides } : undefined;
    const handle =
      options.key === undefined && !hints
        ? this.world.take({ backstory: options.backstory })
        : this.world.persona(options.key ?? this.freshKey(), hints, { backstory: options.backstory });
    const again = this.tracked.get(handle.key);
    if (again) return again.npc;
    return this.track(handle);
  }

  /** The NPC with this id, if it is in the room. */
  get(id: string): NpcPersona | undefined {
    return this.tracked.get(id)?.npc;
  }

  /** NPCs spawned in this room (visible or about to be). */
  list(): NpcPersona[] {
    return [...this.tracked.values()].map((t) => t.npc);
  }

  /** The full persona record behind an NPC (traits with types, consistency report...). */
  record(id: string): PersonaRecord | null {
    return this.tracked.get(id)?.handle.record ?? null;
  }

  /** Remove an NPC from the room (its persona stays cached for the world). */
  remove(id: string): boolean {
    const t = this.tracked.get(id);
    if (!t) return false;
    t.stop();
    this.tracked.delete(id);
    if (t.visible) this.npcs().delete(id);
    this.events.emit('remove', t.npc);
    return true;
  }

  /** Move an NPC's backstory to the front of the queue (a player started talking to it). */
  focus(id: string): boolean {
    const t = this.tracked.get(id);
    if (!t) return false;
    t.handle.prioritize();
    return true;
  }

  /** Client messages (public arrow-function fields: Colyseus binds them as room handlers). */
  override messages = {
    [SPAWN]: (client: Client, payload: unknown, ctx?: RequestContext) => this.guarded(SPAWN, client, ctx, () => this.onSpawnMessage(client, payload, ctx)),
    [FOCUS]: (client: Client, payload: unknown, ctx?: RequestContext) => this.guarded(FOCUS, client, ctx, () => this.onFocusMessage(client, payload, ctx)),
  };

  /**
   * Nothing a message does may throw into Colyseus: an escaped error on the `send` path kills
   * the client's socket. Anything unexpected becomes an UNAVAILABLE refusal.
   */
  private async guarded(type: string, client: Client, ctx: RequestContext | undefined, run: () => Promise<{ id: string } | undefined>): Promise<{ id: string } | undefined> {
    try {
      return await run();
    } catch (err) {
      try {
        return this.refuse(client, { type, code: 'UNAVAILABLE', message: `Could not handle ${type}: ${err instanceof Error ? err.message : String(err)}` }, ctx);
      } catch {
        return undefined; // the client is gone; nothing to tell it
      }
    }
  }

  private async onSpawnMessage(client: Client, payload: unknown, ctx?: RequestContext): Promise<{ id: string } | undefined> {
    const parsed = parseMessage(SpawnMessageSchema, SPAWN, payload);
    if (!parsed.ok) return this.refuse(client, parsed.error, ctx);
    const refusal = await this.check(client, 'spawn', SPAWN, parsed.value);
    if (refusal) return this.refuse(client, refusal, ctx);
    if (parsed.value.key === undefined || !this.tracked.has(parsed.value.key)) {
      if (this.tracked.size >= this.options.maxNpcs) {
        return this.refuse(client, { type: SPAWN, code: 'ROOM_FULL', message: `This room holds at most ${this.options.maxNpcs} NPCs.` }, ctx);
      }
    }
    try {
      const npc = this.spawn({ key: parsed.value.key, traits: parsed.value.traits });
      return { id: npc.id };
    } catch (err) {
      const code = err instanceof PersonaError && err.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'UNAVAILABLE';
      return this.refuse(client, { type: SPAWN, code, message: err instanceof Error ? err.message : String(err) }, ctx);
    }
  }

  private async onFocusMessage(client: Client, payload: unknown, ctx?: RequestContext): Promise<{ id: string } | undefined> {
    const parsed = parseMessage(FocusMessageSchema, FOCUS, payload);
    if (!parsed.ok) return this.refuse(client, parsed.error, ctx);
    const refusal = await this.check(client, 'focus', FOCUS, parsed.value);
    if (refusal) return this.refuse(client, refusal, ctx);
    if (!this.focus(parsed.value.id)) {
      return this.refuse(client, { type: FOCUS, code: 'NOT_FOUND', message: `No NPC with id "${parsed.value.id}" in this room.` }, ctx);
    }
    return { id: parsed.value.id };
  }

  private check(client: Client, action: PersonaAction, type: string, payload: unknown): Promise<PersonaMessageError | null> {
    if (this.disposed) return Promise.resolve({ type, code: 'UNAVAILABLE', message: 'The room is closing.' });
    return this.guard.check(client, action, type, payload);
  }

  /** Answer a refused message: the request's rejection, or a `persona:error` message for a plain send. */
  private refuse(client: Client, error: PersonaMessageError, ctx?: RequestContext): undefined {
    this.events.emit('refused', client, error);
    if (ctx && ctx.id !== undefined) ctx.reject(error);
    else if (!this.disposed) client.send(ERROR, error);
    return undefined;
  }

  private npcs(): MapSchema<NpcPersona> {
    return this.options.npcs(this.room);
  }

  private freshKey(): string {
    return `npc-${randomUUID().slice(0, 12)}`;
  }

  /** Mirror a persona handle into an NpcPersona in the room's state. */
  private track(handle: PersonaHandle): NpcPersona {
    const npc = new NpcPersona();
    npc.id = handle.key;
    npc.key = handle.key;
    npc.world = this.world.id;
    const t: Tracked = { npc, handle, stop: () => undefined, visible: false };
    this.tracked.set(handle.key, t);

    let deadline: NodeJS.Timeout | undefined;
    const show = () => {
      if (t.visible || this.disposed || this.tracked.get(handle.key) !== t) return;
      t.visible = true;
      if (deadline) clearTimeout(deadline);
      this.npcs().set(npc.id, npc);
      this.events.emit('spawn', npc);
    };
    const onUpdate = (rec: PersonaRecord) => {
      if (this.disposed || this.tracked.get(handle.key) !== t) return;
      applyRecord(npc, rec);
      if (rec.bio !== null || rec.status === 'failed') show();
    };
    const onBio = (rec: PersonaRecord) => !this.disposed && this.events.emit('bio', npc, rec);
    const onBackstory = (rec: PersonaRecord) => !this.disposed && this.events.emit('backstory', npc, rec);
    const onFailed = (rec: PersonaRecord) => !this.disposed && this.events.emit('failed', npc, rec);
    handle.on('update', onUpdate);
    handle.on('bio', onBio);
    handle.on('backstory', onBackstory);
    handle.on('failed', onFailed);
    t.stop = () => {
      if (deadline) clearTimeout(deadline);
      handle.off('update', onUpdate);
      handle.off('bio', onBio);
      handle.off('backstory', onBackstory);
      handle.off('failed', onFailed);
    };

    // Pool and cache hits already carry their record (bio included): in state this tick.
    if (handle.record) onUpdate(handle.record);
    if (!t.visible) {
      if (this.options.bioDeadlineMs <= 0) show();
      else {
        deadline = setTimeout(show, this.options.bioDeadlineMs);
        deadline.unref?.();
      }
    }
    return npc;
  }
}
