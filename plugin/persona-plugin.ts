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
 *   patched into the NpcPersona as they arrive (`pending` -> `bio` -> `complete`). A text the
 *   fallback wrote is `provisional`; when the model rewrites it later (also after `complete`)
 *   the new text, `provisional` and `problems` are patched in and 'bio'/'backstory' fire again.
 * - Clients ask with `persona:spawn` ({ key?, hints? }, answered with { id }; `traits` is the
 *   old name of `hints`, still accepted) and
 *   `persona:focus` ({ id }, moves that NPC's backstory to the front). Every message counts
 *   against a rate limit keyed by the client's auth id or IP (shared by all rooms of the
 *   engine, so a rejoin does not reset it), then is validated with zod and permission-checked.
 * - World identity belongs to the server (plugin/world-identity.ts): onCreate settles the
 *   room's world (store reads only; refusals are `PersonaJoinError`s with a numeric code the
 *   client sees), onAuth checks each joining client against it and charges a new world to the
 *   first client's new-world budget before its profile and pool are paid for.
 * - NPC ids and trait names are escaped schema keys (plugin/schema-key.ts), the room's patch
 *   is guarded (plugin/patch-guard.ts), and players see generic error codes
 *   (plugin/public-error.ts): no client input can make the state unencodable or leak internals.
 * - Nothing awaits the model in onCreate. After dispose the plugin writes nothing to the room,
 *   while background work still lands in the engine's cache for the next room of the world.
 * - Parts: plugin/join-gate.ts (join path), plugin/npc-roster.ts (NPCs in state), plugin/message-desk.ts (messages).
 *
 * Footprint: per room one NpcPersona and one listener set per NPC; per client key two rate
 * counters (process-wide); zero per-tick work besides a try/catch around the patch. Per spawn:
 * a cache or pool hit is a Map lookup; a miss adds one share of a batched bio call and one
 * backstory job.
 */
import type { AuthContext, Client, Room } from '@colyseus/core';
import { RoomPlugin, ServerError } from '@colyseus/core';
import type { MapSchema } from '@colyseus/schema';
import { EventEmitter } from 'node:events';
import { InvalidInputError, PersonaError } from '../src/core/errors.js';
import { freshPersonaKey } from '../src/core/strings.js';
import { HINTS_AND_TRAITS, parseHints } from '../src/stages/hints.js';
import { checkOverrides } from '../src/stages/override-check.js';
import type { PersonaRecord, TraitValue } from '../src/core/types.js';
import type { PersonaEngine } from '../src/engine/engine.js';
import type { WorldHandle } from '../src/engine/world-handle.js';
import { MessageGuard } from './guard.js';
import { chargeNewWorld, clientIp, readWorldRequest, settleStep } from './join-gate.js';
import { PersonaJoinError } from './join-errors.js';
import { MessageDesk, type Peer, type RequestContext } from './message-desk.js';
import { FOCUS, FocusMessageSchema, parseMessage, type PersonaMessageError, SPAWN, SpawnMessageSchema } from './messages.js';
import type { NpcPersona } from './npc-persona.js';
import { NpcRoster } from './npc-roster.js';
import { type PersonaPluginOptions, type PluginErrorSource, resolvePluginOptions, type ResolvedPluginOptions } from './options.js';
import { guardStateEncoding } from './patch-guard.js';
import { checkJoin, resolveRoomWorld, type RoomWorld, type WorldRequest } from './world-identity.js';

/** What `spawn()` takes: the same as a client's `persona:spawn`, plus server-only overrides. */
export interface SpawnOptions {
  /** The persona key; the same key is the same person in every room of the world. Default: one from the pool. */
  key?: string;
  /** Free-text hints that must show up in the text, e.g. ['gnome', 'miner']. */
  hints?: string[];
  /** @deprecated The old name of `hints`, still accepted; giving both throws InvalidInputError. */
  traits?: string[];
  /**
   * Structured trait values that replace sampling (server code only), e.g. { occupation: 'smith' }.
   * Each must fit the world's profile (an option of the variable, a number in its range, a
   * boolean), else spawn() throws InvalidInputError listing what is allowed (at once when the
   * profile is loaded; otherwise the NPC fails with `failed:input` and the message goes to the
   * `failed` event, `record(id).error` and onError).
   */
  overrides?: Record<string, TraitValue>;
  /** Let `overrides` go beyond the world's profile for this persona (any well-typed value; server code only). Default: false. */
  extendProfile?: boolean;
  /** Write a backstory in the background. Default: true. */
  backstory?: boolean;
}

export interface PersonaPluginEvents {
  /** An NPC was added to the room's state. */
  spawn: [NpcPersona];
  /**
   * The NPC's bio is in the room's state (after `spawn`): its first bio, also for a pool or cache
   * hit, and again whenever the text changes (a provisional bio rewritten by the model).
   */
  bio: [NpcPersona, PersonaRecord];
  /** The NPC's backstory is in the room's state: the first one, and again whenever the text changes (an upgrade). */
  backstory: [NpcPersona, PersonaRecord];
  failed: [NpcPersona, PersonaRecord];
  remove: [NpcPersona];
  /** A client's message was refused (invalid, forbidden, rate-limited, unknown id). */
  refused: [Client, PersonaMessageError];
}

type HostRoom = Room<{ state: { npcs?: MapSchema<NpcPersona> } }>;

export class PersonaPlugin extends RoomPlugin<HostRoom> {
  override readonly pluginName = 'personas' as const;
  private readonly options: ResolvedPluginOptions;
  private readonly events = new EventEmitter<PersonaPluginEvents>();
  private readonly roster: NpcRoster;
  private readonly peers = new Map<string, Peer>();
  private desk!: MessageDesk;
  private roomWorld: RoomWorld | null = null;
  private worldHandle: WorldHandle | null = null;
  /** False while the room's world is new and no client has paid for it from their new-world budget. */
  private paid = false;
  private payment: Promise<void> = Promise.resolve();
  private disposed = false;
  /** Releases this room's live-demand hold on the engine's scheduler (a no-op until onCreate took one). */
  private releaseLive: () => void = () => undefined;
  /** Errors go to the host's onError (an arrow field: the helpers get it as their `report`). */
  private readonly report = (err: unknown, where: PluginErrorSource): void => {
    try {
      this.options.onError(err, { where, roomId: this.room?.roomId ?? '' });
    } catch {
      // a throwing logger must not take the room down
    }
  };

  constructor(options: PersonaPluginOptions) {
    super();
    this.options = resolvePluginOptions(options);
    this.roster = new NpcRoster({
      npcs: () => this.options.npcs(this.room),
      disposed: () => this.disposed,
      report: this.report,
      events: this.events,
      bioDeadlineMs: this.options.bioDeadlineMs,
    });
  }

  /** The engine shared by every room of the process. */
  get engine(): PersonaEngine {
    return this.options.engine;
  }

  /** This room's world (set in onCreate; before that it throws a PersonaError with code NOT_READY). */
  get world(): WorldHandle {
    if (!this.worldHandle) throw new PersonaError('NOT_READY', 'The personas plugin has no world yet: it is set when the room is created.');
    return this.worldHandle;
  }

  /** True once the world may spend model calls: it exists, or a client paid for it from their new-world budget. */
  get worldPaid(): boolean {
    return this.paid;
  }

  protected override async onCreate(options: unknown): Promise<void> {
    guardStateEncoding(this.room, this.report);
    this.desk = new MessageDesk({
      engine: this.engine,
      guard: new MessageGuard(this.engine, this.options.permit, this.options.rateLimits, (err) => this.report(err, 'permit')),
      peers: this.peers,
      rateLimitKey: this.options.rateLimitKey,
      disposed: () => this.disposed,
      refused: (client, error) => this.events.emit('refused', client, error),
      report: this.report,
    });
    // Store reads only (bounded by storeTimeoutMs); the profile loads and the pool fills in
    // the background, and for a new world only once its first client has paid for it.
    const roomWorld = await settleStep(
      () =>
        resolveRoomWorld(this.engine.store, this.request(options), {
          policy: this.options.worldPolicy,
          worlds: this.options.worlds,
          storeTimeoutMs: this.options.storeTimeoutMs,
        }),
      this.report,
    );
    this.worldHandle = await settleStep(async () => this.engine.world(roomWorld.input), this.report);
    this.roomWorld = roomWorld;
    // While the room is open, players may wait on live bios: keep a provider slot for them.
    this.releaseLive = this.engine.holdLive();
    if (!roomWorld.isNew || this.options.newWorlds === false) this.start();
  }

  protected override async onAuth(client: Client, options: unknown, context?: AuthContext): Promise<void> {
    this.admit(client, options, context);
  }

  protected override async onJoin(client: Client, options?: unknown): Promise<void> {
    // A room with a static onAuth skips the instance onAuth (and so ours): check here instead.
    const peer = this.peers.get(client.sessionId) ?? this.admit(client, options, undefined);
    // Charged here, not in onAuth: `client.auth` is final only once the room's own onAuth returned.
    if (!this.paid) {
      try {
        await this.charge(client, peer);
      } catch (err) {
        this.peers.delete(client.sessionId);
        if (err instanceof ServerError) throw err;
        this.report(err, 'join');
        throw new PersonaJoinError('UNAVAILABLE', 'The join could not be checked; try again shortly.');
      }
    }
  }

  protected override onLeave(client: Client): void {
    this.peers.delete(client.sessionId);
  }

  protected override onDispose(): void {
    this.disposed = true;
    this.releaseLive();
    this.roster.clear();
    this.peers.clear();
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
   * Throws InvalidInputError on a bad key or hints, or on an override outside the world's
   * loaded profile (see SpawnOptions.overrides). Server code decides, so this also starts a new
   * world that no client has paid for yet. Throws a PersonaError with code ROOM_DISPOSED once
   * the room is disposed.
   */
  spawn(options: SpawnOptions = {}): NpcPersona {
    if (this.disposed) throw new PersonaError('ROOM_DISPOSED', 'This room is disposed; it cannot spawn NPCs.');
    if (options.hints !== undefined && options.traits !== undefined) {
      throw new InvalidInputError(`Invalid hints: ${HINTS_AND_TRAITS}.`);
    }
    const existing = options.key !== undefined ? this.roster.byKey(options.key) : undefined;
    if (existing) return existing.npc;
    if (!this.paid) this.start(); // the server chose to spend on this world
    const texts = options.hints ?? options.traits;
    const hints =
      texts?.length || options.overrides ? { hints: texts, overrides: options.overrides, extendProfile: options.extendProfile } : undefined;
    // Known profile: refuse an override outside it now, with the message (else the NPC fails with it).
    const profile = hints?.overrides ? this.world.profile : null;
    if (hints && profile) checkOverrides(profile, parseHints(hints));
    const handle =
      options.key === undefined && !hints
        ? this.world.take({ backstory: options.backstory })
        : this.world.persona(options.key ?? freshPersonaKey(), hints, { backstory: options.backstory });
    const again = this.roster.byKey(handle.key);
    if (again) return again.npc;
    return this.roster.track(handle, this.world.id);
  }

  /** The NPC with this id (its state map key, e.g. `~constructor`) or persona key, if it is in the room. */
  get(id: string): NpcPersona | undefined {
    return this.roster.find(id)?.npc;
  }

  /** NPCs spawned in this room (visible or about to be). */
  list(): NpcPersona[] {
    return this.roster.list();
  }

  /** The full persona record behind an NPC, by id or key (traits with types, consistency report...). */
  record(id: string): PersonaRecord | null {
    return this.roster.find(id)?.handle.record ?? null;
  }

  /** Remove an NPC (by id or key) from the room; its persona stays cached for the world. */
  remove(id: string): boolean {
    return this.roster.remove(id);
  }

  /** Move an NPC's backstory (by id or key) to the front of the queue (a player started talking to it). */
  focus(id: string): boolean {
    const t = this.roster.find(id);
    if (!t) return false;
    t.handle.prioritize();
    return true;
  }

  /** Client messages (public arrow-function fields: Colyseus binds them as room handlers). */
  override messages = {
    [SPAWN]: (client: Client, payload: unknown, ctx?: RequestContext) =>
      this.desk.handle(SPAWN, 'spawn', client, ctx, () => this.onSpawnMessage(client, payload, ctx)),
    [FOCUS]: (client: Client, payload: unknown, ctx?: RequestContext) =>
      this.desk.handle(FOCUS, 'focus', client, ctx, () => this.onFocusMessage(client, payload, ctx)),
    /**
     * Message types nobody handles (Colyseus' `'*'`; a room's own `'*'` handler wins). Colyseus'
     * default closes the socket with a reason that quotes the type, and `ws` throws a RangeError
     * from inside the socket's handler when that reason is over 123 bytes: one `room.send` with a
     * long type would end the process. Here they are refused like any invalid message (counted
     * against the spawn limit, answered with `persona:error`, the type cut to 64 characters).
     */
    _: (client: Client, type: unknown) => {
      const shown = (typeof type === 'string' ? type : String(type)).slice(0, 64);
      return this.desk.handle(shown, 'spawn', client, undefined, async () =>
        this.desk.refuse(client, {
          type: shown,
          code: 'INVALID_MESSAGE',
          message: 'Unknown message type: this room answers persona:spawn and persona:focus.',
        }),
      );
    },
  };

  // ---- joins ----

  private request(options: unknown): WorldRequest {
    return readWorldRequest(this.options.world, options, this.room, this.report);
  }

  /** Check a joining client against the room's world and remember its IP. Throws PersonaJoinError. */
  private admit(client: Client, options: unknown, context: AuthContext | undefined): Peer {
    if (!this.roomWorld) throw new PersonaJoinError('UNAVAILABLE', 'The room is not ready.');
    checkJoin(this.roomWorld, this.request(options), this.options.requireWorldOnJoin);
    const peer: Peer = { ip: clientIp(client, context, this.options.trustProxy), mutedUntil: 0 };
    this.peers.set(client.sessionId, peer);
    return peer;
  }

  /** One client at a time: the first that passes its new-world budget pays; the rest join free. */
  private charge(client: Client, peer: Peer): Promise<void> {
    const run = this.payment.then(async () => {
      if (this.paid) return;
      const budget = this.options.newWorlds;
      if (budget !== false) {
        await chargeNewWorld(this.engine, budget, this.roomWorld!.world.id, peer.ip, () => this.desk.keyOf(client, peer));
      }
      this.paid = true;
      this.start();
    });
    this.payment = run.catch(() => undefined);
    return run;
  }

  /**
   * Start the room's world now, without waiting for a client's new-world budget: server code
   * decided to spend on it (a room the server creates itself). Warms its pool and brings back
   * its stored cast, as configured. Idempotent; `spawn()` does it too.
   */
  startWorld(): void {
    if (!this.paid) this.start();
  }

  /** The world may spend: warm its pool and bring back its stored cast, as configured. */
  private start(): void {
    this.paid = true;
    if (this.disposed || !this.worldHandle) return;
    if (this.options.pool > 0) this.worldHandle.warm();
    // After the room's own onCreate (it runs after ours), so its 'spawn' listeners see the cast.
    if (this.options.restore > 0 && !this.roomWorld?.isNew) setImmediate(() => void this.restoreCast(this.options.restore));
  }

  /** Respawn the world's stored cast (store reads; cache hits). A record that cannot be shown is skipped with a warning. */
  private restoreCast(limit: number): Promise<void> {
    return this.roster.restore(
      () => this.world.list({ limit }),
      (key) => this.spawn({ key }),
      this.roomWorld?.world.id,
    );
  }

  // ---- messages ----

  private async onSpawnMessage(client: Client, payload: unknown, ctx?: RequestContext): Promise<{ id: string } | undefined> {
    const parsed = parseMessage(SpawnMessageSchema, SPAWN, payload);
    if (!parsed.ok) return this.desk.refuse(client, parsed.error, ctx);
    const refusal = await this.desk.permitted(client, 'spawn', SPAWN, parsed.value);
    if (refusal) return this.desk.refuse(client, refusal, ctx);
    if (this.disposed) return this.desk.refuse(client, { type: SPAWN, code: 'UNAVAILABLE', message: 'The room is closing.' }, ctx);
    const adds = parsed.value.key === undefined || !this.roster.byKey(parsed.value.key);
    if (adds && this.roster.size >= this.options.maxNpcs) {
      const message = `This room holds at most ${this.options.maxNpcs} NPCs.`;
      return this.desk.refuse(client, { type: SPAWN, code: 'ROOM_FULL', message }, ctx);
    }
    try {
      const npc = this.spawn({ key: parsed.value.key, hints: parsed.value.hints });
      return { id: npc.id };
    } catch (err) {
      // Input errors describe the client's own input; anything else is ours and goes to the log.
      // isInstance, not instanceof: the engine may come from another copy of the package (ESM next to CJS).
      if (InvalidInputError.isInstance(err))
        return this.desk.refuse(client, { type: SPAWN, code: 'INVALID_INPUT', message: err.message.slice(0, 500) }, ctx);
      this.report(err, 'message');
      return this.desk.refuse(client, { type: SPAWN, code: 'UNAVAILABLE', message: `Could not spawn an NPC now; try again.` }, ctx);
    }
  }

  private async onFocusMessage(client: Client, payload: unknown, ctx?: RequestContext): Promise<{ id: string } | undefined> {
    const parsed = parseMessage(FocusMessageSchema, FOCUS, payload);
    if (!parsed.ok) return this.desk.refuse(client, parsed.error, ctx);
    const refusal = await this.desk.permitted(client, 'focus', FOCUS, parsed.value);
    if (refusal) return this.desk.refuse(client, refusal, ctx);
    const t = this.roster.find(parsed.value.id);
    if (!t || !this.focus(t.handle.key)) {
      return this.desk.refuse(
        client,
        { type: FOCUS, code: 'NOT_FOUND', message: `No NPC with id ${JSON.stringify(parsed.value.id.slice(0, 160))} in this room.` },
        ctx,
      );
    }
    return { id: t.npc.id };
  }
}
