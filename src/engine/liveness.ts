/**
 * Owner ids that say where their process runs (`engine-<random>@<host>#<pid>`), so a job lease
 * or generation lock left by a process that no longer runs on this host is taken over at once
 * instead of after its lease expires (a rerun after a crash starts in a second, not 15 s).
 *   const id = localOwnerId();                 // "engine-1a2b3c4d@myhost#4242"
 *   isDeadLocalOwner('engine-x@myhost#999');   // true when no process 999 runs here
 * Only ids of this format, naming this host and another pid that does not exist, count as dead;
 * anything else (another host, a custom instanceId, a live or unknown process) waits for the
 * lease to expire. Processes in separate PID namespaces that share a hostname and a store must
 * turn this off (`backstories.takeOverDeadOwners: false`).
 * Cost: one kill(pid, 0) syscall per owner checked, cached (dead for good, alive for a second).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const OWNER_RE = /@([^@#]+)#(\d+)$/;
const ALIVE_CACHE_MS = 1_000;
const known = new Map<string, { dead: boolean; at: number }>();

/** A fresh owner id for an engine in this process. */
export function localOwnerId(prefix = 'engine'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@${hostname()}#${process.pid}`;
}

/** True only when `owner` names this host and a pid (not ours) that no longer runs. */
export function isDeadLocalOwner(owner: string, now = Date.now()): boolean {
  const match = OWNER_RE.exec(owner);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  const cached = known.get(owner);
  if (cached && (cached.dead || now - cached.at < ALIVE_CACHE_MS)) return cached.dead;
  let dead = false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    dead = (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (known.size > 1_000) known.clear();
  known.set(owner, { dead, at: now });
  return dead;
}
