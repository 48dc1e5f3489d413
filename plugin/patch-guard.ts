/**
 * The second line of defence for state encoding. Colyseus calls `room.broadcastPatch()` from
 * a plain `setInterval`, so an exception from @colyseus/schema's encoder (an unencodable map
 * key, a value of the wrong type set by game code...) is an uncaught exception that ends the
 * process, with every room and player in it. `guardStateEncoding` wraps the room's
 * `broadcastPatch` and `sendFullState`: a failed patch is reported (at most once per
 * `reportEveryMs`, with a count) and its changes are discarded, and the room keeps running
 * and patching. The clients missed that patch, so once the state is encodable again (no map
 * holds a key that is an Object.prototype name, checked at most once a second) each gets a
 * full snapshot, which the SDK reconciles with what it holds. A client whose full state
 * cannot be encoded is disconnected with an error instead of throwing inside the socket's
 * message handler.
 *   guardStateEncoding(room, (err) => log(err));   // in the plugin's onCreate
 * While game code keeps an unencodable value in the state, clients do not see that value.
 * Cost: one try/catch per patch; after a failure, a scan of the state's map keys per second
 * until it is clean, then one full encode per client.
 */
import type { Client, Room } from '@colyseus/core';
import { MapSchema } from '@colyseus/schema';
import { isReservedKey } from './schema-key.js';

/** ClientState.JOINED in @colyseus/core: only joined clients take patches and snapshots. */
const JOINED = 1;

interface SerializerLike {
  encoder?: { discardChanges?: () => void; root?: { changeTrees?: Record<number, { ref?: unknown }> } };
  needFullEncode?: boolean;
}

/** WebSocket close code for a client whose state could not be sent (4000-4999: application codes). */
export const STATE_ENCODE_CLOSE_CODE = 4500;

export function guardStateEncoding(room: Room, report: (err: unknown, where: 'encode') => void, reportEveryMs = 10_000): void {
  const host = room as unknown as {
    broadcastPatch: () => boolean;
    sendFullState: (client: Client) => void;
    _serializer?: SerializerLike;
    clients: Iterable<Client & { state?: number }>;
  };
  const patch = host.broadcastPatch.bind(room);
  const fullState = host.sendFullState.bind(room);
  let lastReport = -Infinity;
  let suppressed = 0;
  const tell = (err: unknown) => {
    const now = Date.now();
    if (now - lastReport < reportEveryMs) {
      suppressed++;
      return;
    }
    lastReport = now;
    const message = err instanceof Error ? err.message : String(err);
    const wrapped = new Error(
      `Room ${room.roomId}: state could not be encoded (${message})${suppressed ? `; ${suppressed} more since the last report` : ''}. The patch was dropped; the room keeps running.`,
      { cause: err },
    );
    suppressed = 0;
    try {
      report(wrapped, 'encode');
    } catch {
      // a throwing logger must not bring back the crash this guards against
    }
  };
  const discard = () => {
    host._serializer?.encoder?.discardChanges?.();
    if (host._serializer) host._serializer.needFullEncode = true;
  };
  /** True when no map in the state has a key @colyseus/schema cannot encode (see schema-key.ts). */
  const encodable = (): boolean => {
    for (const tree of Object.values(host._serializer?.encoder?.root?.changeTrees ?? {})) {
      if (tree?.ref instanceof MapSchema)
        for (const key of tree.ref.keys()) if (typeof key === 'string' && isReservedKey(key)) return false;
    }
    return true;
  };
  /** Clients missed a patch: once the state encodes, send each joined one a full snapshot (the SDK reconciles it). */
  let behind = false;
  let lastCheck = -Infinity;
  const resync = () => {
    const now = Date.now();
    if (now - lastCheck < 1000) return;
    lastCheck = now;
    try {
      if (!encodable()) return;
      discard();
      for (const client of host.clients) if (client.state === JOINED) fullState(client);
      behind = false;
    } catch (err) {
      tell(err);
    }
  };
  host.broadcastPatch = () => {
    let sent = false;
    try {
      sent = patch();
    } catch (err) {
      tell(err);
      behind = true;
      try {
        discard();
      } catch (again) {
        tell(again);
      }
    }
    if (behind) resync();
    return sent;
  };
  host.sendFullState = (client: Client) => {
    try {
      fullState(client);
    } catch (err) {
      tell(err);
      try {
        client.leave(STATE_ENCODE_CLOSE_CODE, 'state could not be encoded');
      } catch {
        // already gone
      }
    }
  };
}
