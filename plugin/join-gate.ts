/**
 * The join path of PersonaPlugin, as functions: reading the world a room or a client asks for
 * from its options, turning a failed setup step into a join refusal, the client's IP, and the
 * new-world budget a room's first client pays from. Every refusal is a PersonaJoinError (a
 * Colyseus ServerError with a numeric code the client sees); details of anything unexpected go
 * to the plugin's onError, never to the client.
 *   const request = readWorldRequest(options.world, joinOptions, room, report);
 *   const world = await settleStep(() => resolveRoomWorld(store, request, settings), report);
 *   await chargeNewWorld(engine, options.newWorlds, world.world.id, peer.ip, () => keyOf(client));
 * Cost: nothing per message; per new world one or two rate-limit points of its first client.
 */
import type { AuthContext, Client, Room } from '@colyseus/core';
import { ServerError } from '@colyseus/core';
import { PersonaError } from '../src/core/errors.js';
import { sharedLimiter, takePoint } from './guard.js';
import { PersonaJoinError } from './join-errors.js';
import type { PluginErrorSource, ResolvedPluginOptions } from './options.js';
import type { WorldRequest } from './world-identity.js';

type Report = (err: unknown, where: PluginErrorSource) => void;

/** The world the options ask for, by the host's `world` hook. Throws PersonaJoinError (INVALID_WORLD, UNAVAILABLE). */
export function readWorldRequest(world: ResolvedPluginOptions['world'], options: unknown, room: Room, report: Report): WorldRequest {
  try {
    const r = world(options, room);
    return r && typeof r === 'object' ? r : {};
  } catch (err) {
    if (err instanceof ServerError) throw err;
    // isInstance, not instanceof: the host's `world` hook may throw from another copy of the package.
    if (PersonaError.isInstance(err)) throw new PersonaJoinError('INVALID_WORLD', err.message.slice(0, 1000));
    report(err, 'join');
    throw new PersonaJoinError('UNAVAILABLE', 'The room could not read its world from the join options.');
  }
}

/** Run a step of room setup; anything but a join refusal becomes a generic 503 (details to onError). */
export async function settleStep<T>(step: () => Promise<T>, report: Report): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ServerError) throw err;
    report(err, 'join');
    throw new PersonaJoinError('UNAVAILABLE', 'The room could not be set up; try again shortly.');
  }
}

/** The client's IP: the socket's address, or the proxy's header when `trustProxy` is set. */
export function clientIp(client: Client, context: AuthContext | undefined, trustProxy: boolean): string | undefined {
  if (trustProxy && context?.ip) return context.ip;
  // The socket's own address: proxy headers are client-controlled unless a proxy overwrites them.
  const socket = (client as unknown as { ref?: { _socket?: { remoteAddress?: string } } }).ref?._socket;
  return socket?.remoteAddress ?? (trustProxy ? context?.ip : undefined);
}

/**
 * Charge world `worldId`, which is new, to a joining client's new-world budget: per IP (when
 * the IP is known), then per client key (`clientKey` is called only then). Resolves when the
 * client may pay; throws PersonaJoinError NEW_WORLD_LIMIT when a budget is spent.
 */
export async function chargeNewWorld(
  owner: object,
  budget: ResolvedPluginOptions['newWorlds'],
  worldId: string,
  ip: string | undefined,
  clientKey: () => string,
): Promise<void> {
  if (budget === false) return;
  const refused = (who: string, wait: number) =>
    new PersonaJoinError(
      'NEW_WORLD_LIMIT',
      `World "${worldId}" is new, and ${who} has created as many new worlds as allowed for now (try again in ${Math.ceil(wait / 60_000)} min), or join an existing world.`,
    );
  if (budget.perIp && ip) {
    const wait = await takePoint(sharedLimiter(owner, 'new-world:ip', budget.perIp), ip);
    if (wait !== null) throw refused('this address', wait);
  }
  if (budget.perClient) {
    const wait = await takePoint(sharedLimiter(owner, 'new-world:client', budget.perClient), clientKey());
    if (wait !== null) throw refused('this player', wait);
  }
}
