/**
 * MessageDesk: the part of PersonaPlugin every client message goes through. It paces the
 * message, counts it against the client's rate limit (under the client's rate-limit key), runs
 * it, and answers refusals: a request's rejection, or a `persona:error` message for a plain
 * send (one RATE_LIMITED per window, then silence). Nothing it runs may throw into Colyseus.
 *   const desk = new MessageDesk({ engine, guard, peers, rateLimitKey, disposed, refused, report });
 *   return desk.handle(SPAWN, 'spawn', client, ctx, async () => ({ id: 'smith' }));
 *   return desk.refuse(client, { type: SPAWN, code: 'NOT_FOUND', message: '...' }, ctx);
 * Cost: per message one pace() turn and one rate-limit point; per client one Peer (kept by the plugin).
 */
import type { Client } from '@colyseus/core';
import type { PersonaEngine } from '../src/engine/engine.js';
import type { MessageGuard, PersonaAction, RateLimitKey } from './guard.js';
import { ERROR, type PersonaMessageError } from './messages.js';
import type { PluginErrorSource } from './options.js';

/** What Colyseus passes a message handler: `id` is set for `room.request`, undefined for `room.send`. */
export interface RequestContext {
  id?: number;
  reject(reason?: unknown): unknown;
}

/** A connected client as the plugin knows it: its IP, its rate-limit key, and until when its refused sends go unanswered. */
export interface Peer {
  ip: string | undefined;
  key?: string;
  mutedUntil: number;
}

/** What the desk needs from its plugin. */
export interface DeskHost {
  engine: PersonaEngine;
  guard: MessageGuard<Client>;
  /** The room's clients by session id (the plugin adds them on join and drops them on leave). */
  peers: Map<string, Peer>;
  rateLimitKey: RateLimitKey<Client>;
  /** True once the room is disposed. */
  disposed(): boolean;
  /** Emit the plugin's 'refused' event. */
  refused(client: Client, error: PersonaMessageError): void;
  /** Errors go to the plugin's onError; never throws. */
  report(err: unknown, where: PluginErrorSource): void;
}

export class MessageDesk {
  constructor(private readonly host: DeskHost) {}

  /**
   * Count the message against the client's limit (before parsing: garbage counts too), then
   * run it. Nothing a message does may throw into Colyseus (an escaped error on the `send`
   * path is an unhandled rejection); anything unexpected becomes a generic UNAVAILABLE
   * refusal and its details go to onError.
   */
  async handle(
    type: string,
    action: PersonaAction,
    client: Client,
    ctx: RequestContext | undefined,
    run: () => Promise<{ id: string } | undefined>,
  ): Promise<{ id: string } | undefined> {
    const { host } = this;
    try {
      // Each message is a paced unit: a burst of hundreds from one poll phase takes turns with
      // the rooms' ticks instead of holding the loop (an engine without pace() is not paced).
      await host.engine.pace?.();
      if (host.disposed()) return this.refuse(client, { type, code: 'UNAVAILABLE', message: 'The room is closing.' }, ctx);
      const wait = await host.guard.take(this.keyOf(client), action);
      if (wait !== null) return this.refuseLimited(client, type, wait, ctx);
      return await run();
    } catch (err) {
      host.report(err, 'message');
      try {
        return this.refuse(client, { type, code: 'UNAVAILABLE', message: `Could not handle ${type}; try again.` }, ctx);
      } catch {
        return undefined; // the client is gone; nothing to tell it
      }
    }
  }

  /** The host's permission verdict: null when allowed, otherwise the error to send back. Never throws. */
  permitted(client: Client, action: PersonaAction, type: string, payload: unknown): Promise<PersonaMessageError | null> {
    return this.host.guard.permitted(client, action, type, payload);
  }

  /** Answer a refused message: the request's rejection, or a `persona:error` message for a plain send. */
  refuse(client: Client, error: PersonaMessageError, ctx?: RequestContext): undefined {
    if (!this.host.disposed()) this.host.refused(client, error);
    if (ctx && ctx.id !== undefined) ctx.reject(error);
    else if (!this.host.disposed()) client.send(ERROR, error);
    return undefined;
  }

  /**
   * The key the client's limits are counted under (the host's `rateLimitKey`; a throwing hook
   * falls back to the IP, else the session). `known` is the peer while it joins: then the key
   * is not cached, as `client.auth` may not be final yet.
   */
  keyOf(client: Client, known?: Peer): string {
    const peer = known ?? this.host.peers.get(client.sessionId);
    if (peer?.key) return peer.key;
    let key: string;
    try {
      key = String(this.host.rateLimitKey(client, { ip: peer?.ip }));
    } catch (err) {
      this.host.report(err, 'message');
      key = peer?.ip ? `ip:${peer.ip}` : `session:${client.sessionId}`;
    }
    // Cache only once joined: at join time `client.auth` may not be final yet.
    if (peer && !known) peer.key = key;
    return key;
  }

  /** A request always gets its rejection; a plain send gets one RATE_LIMITED message per window, then silence. */
  private refuseLimited(client: Client, type: string, waitMs: number, ctx?: RequestContext): undefined {
    const error: PersonaMessageError = {
      type,
      code: 'RATE_LIMITED',
      message: `Too many ${type} messages; try again in ${Math.max(1, Math.ceil(waitMs / 1000))} s.`,
    };
    if (ctx && ctx.id !== undefined) return this.refuse(client, error, ctx);
    const peer = this.host.peers.get(client.sessionId);
    const now = Date.now();
    if (peer && now < peer.mutedUntil) return undefined;
    if (peer) peer.mutedUntil = now + waitMs;
    return this.refuse(client, error, ctx);
  }
}
