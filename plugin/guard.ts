/**
 * Message guard: rate limits that survive a rejoin, and the host's permission hook.
 *
 * Limits are counted per *client key* (by default the client's auth id, else its IP; see
 * `defaultRateLimitKey`), not per session, in rate-limiter-flexible memory limiters shared by
 * every room of the process that uses the same engine: leaving and rejoining, or hopping to
 * another room, does not reset them. Every message counts, valid or not, before it is parsed,
 * so a flood of garbage costs one counter increment per message once it is over the limit.
 *   const wait = await guard.take(key, 'spawn');          // null when allowed, else ms to wait
 *   const refusal = await guard.permitted(client, 'spawn', SPAWN, payload);
 * Cost: one Map entry per (client key, action) per window; one hook call per allowed message.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { PersonaMessageError } from './messages.js';

export type PersonaAction = 'spawn' | 'focus';

/** Allowed actions per window, per client key. */
export interface RateLimit {
  /** Messages allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
}

/**
 * Decide whether `client` may do `action`. Return true to allow, false (or a reason string)
 * to refuse. May be async.
 */
export type PermissionHook<Client> = (
  client: Client,
  action: PersonaAction,
  payload: unknown,
) => boolean | string | Promise<boolean | string>;

/** What the plugin knows about a connection when it picks its rate-limit key. */
export interface ClientContext {
  /** The client's IP (the socket's address, or the proxy header's when `trustProxy` is set). */
  ip: string | undefined;
}

/** Picks the key a client's limits are counted under. */
export type RateLimitKey<Client> = (client: Client, context: ClientContext) => string;

/** `auth:<id>` when the client is authenticated (auth.id, userId, uid, _id or sub), else `ip:<ip>`, else `session:<id>`. */
export function defaultRateLimitKey(client: { sessionId: string; auth?: unknown }, context: ClientContext): string {
  const auth = client.auth;
  if (auth && typeof auth === 'object') {
    const a = auth as Record<string, unknown>;
    const id = a.id ?? a.userId ?? a.uid ?? a._id ?? a.sub;
    if ((typeof id === 'string' && id) || typeof id === 'number') return `auth:${String(id)}`;
  }
  if (context.ip) return `ip:${context.ip}`;
  return `session:${client.sessionId}`;
}

const registries = new WeakMap<object, Map<string, RateLimiterMemory>>();

/**
 * The limiter named `name` with this limit, shared by everything that passes the same `owner`
 * (the plugin passes its engine, so all rooms of a process share their counters).
 */
export function sharedLimiter(owner: object, name: string, limit: RateLimit): RateLimiterMemory {
  let registry = registries.get(owner);
  if (!registry) registries.set(owner, (registry = new Map<string, RateLimiterMemory>()));
  const id = `${name}:${limit.points}/${limit.durationSeconds}`;
  let limiter = registry.get(id);
  if (!limiter)
    registry.set(id, (limiter = new RateLimiterMemory({ points: limit.points, duration: limit.durationSeconds, keyPrefix: id })));
  return limiter;
}

/** Take one point; null when allowed, else the milliseconds until the next point. Never throws. */
export async function takePoint(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (res) {
    return res instanceof RateLimiterRes ? Math.max(0, res.msBeforeNext) : 1000;
  }
}

export class MessageGuard<Client> {
  private readonly limiters: Record<PersonaAction, RateLimiterMemory>;

  constructor(
    owner: object,
    private readonly permit: PermissionHook<Client> | undefined,
    limits: Record<PersonaAction, RateLimit>,
    private readonly onHookError: (err: unknown) => void = () => undefined,
  ) {
    this.limiters = {
      spawn: sharedLimiter(owner, 'message:spawn', limits.spawn),
      focus: sharedLimiter(owner, 'message:focus', limits.focus),
    };
  }

  /** Count one message (valid or not) against `key`'s limit for `action`: null when allowed, else ms to wait. */
  take(key: string, action: PersonaAction): Promise<number | null> {
    return takePoint(this.limiters[action], key);
  }

  /** The host's verdict: null when allowed, otherwise the error to send back. Never throws. */
  async permitted(client: Client, action: PersonaAction, type: string, payload: unknown): Promise<PersonaMessageError | null> {
    if (!this.permit) return null;
    try {
      const verdict = await this.permit(client, action, payload);
      if (verdict === true) return null;
      return {
        type,
        code: 'FORBIDDEN',
        message: typeof verdict === 'string' && verdict ? verdict.slice(0, 500) : `You may not ${action} NPC personas in this room.`,
      };
    } catch (err) {
      this.onHookError(err);
      return { type, code: 'FORBIDDEN', message: `You may not ${action} NPC personas in this room (the permission check failed).` };
    }
  }
}
