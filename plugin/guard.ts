/**
 * Message guard: the host's permission hook and a per-client rate limit (rate-limiter-flexible,
 * in memory), checked before a message does anything.
 *   const refusal = await guard.check(client, 'spawn', payload);  // null when allowed
 * Cost: one Map entry per (client, action) while the client is connected; one hook call.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { PersonaMessageError } from './messages.js';

export type PersonaAction = 'spawn' | 'focus';

/** Allowed actions per window, per client. */
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
export type PermissionHook<Client> = (client: Client, action: PersonaAction, payload: unknown) => boolean | string | Promise<boolean | string>;

export class MessageGuard<Client extends { sessionId: string }> {
  private readonly limiters: Record<PersonaAction, RateLimiterMemory>;

  constructor(
    private readonly permit: PermissionHook<Client> | undefined,
    limits: Record<PersonaAction, RateLimit>,
  ) {
    this.limiters = {
      spawn: new RateLimiterMemory({ points: limits.spawn.points, duration: limits.spawn.durationSeconds }),
      focus: new RateLimiterMemory({ points: limits.focus.points, duration: limits.focus.durationSeconds }),
    };
  }

  /** Null when allowed; otherwise the error to send back. Never throws. */
  async check(client: Client, action: PersonaAction, type: string, payload: unknown): Promise<PersonaMessageError | null> {
    try {
      await this.limiters[action].consume(client.sessionId);
    } catch (res) {
      const wait = res instanceof RateLimiterRes ? Math.ceil(res.msBeforeNext / 1000) : 1;
      return { type, code: 'RATE_LIMITED', message: `Too many ${type} messages; try again in ${wait} s.` };
    }
    if (!this.permit) return null;
    try {
      const verdict = await this.permit(client, action, payload);
      if (verdict === true) return null;
      return { type, code: 'FORBIDDEN', message: typeof verdict === 'string' && verdict ? verdict : `You may not ${action} NPC personas in this room.` };
    } catch (err) {
      return { type, code: 'FORBIDDEN', message: `Permission check failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** Forget a client's counters (it left). */
  forget(client: Client): void {
    for (const limiter of Object.values(this.limiters)) void limiter.delete(client.sessionId);
  }
}
