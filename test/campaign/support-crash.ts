/**
 * Shared counting for the crash matrices (crash.test.ts, crash-demo.test.ts): which texts a
 * request to the loopback LLM server asked for, which the store held at a kill, and how many
 * were generated twice (duplicates) or cut off by the kill (paid once, lost with the process).
 *   const { duplicates, cutOff } = countGenerations(server.requests, rerunFrom, await storedTexts(store, worldId));
 * Cost: one pass over the request log.
 */
import { Redis } from 'ioredis';
import { readDataBlock } from '../../src/core/prompt.js';
import type { PersonaStore } from '../../src/core/types.js';
import type { LoggedRequest } from '../../src/testing/index.js';

export type StoreKind = 'sqlite' | 'redis';
export type Phase = 'bios' | 'backstories' | 'pool refills';

/** The loopback LLM server's latency per model, long enough to kill a process mid-call. */
export const LATENCY = { profile: 50, bio: 250, story: 400 } as const;
/** Keyed personas per scenario (the demo allows 40 spawns per 10 s per IP; a scenario asks 2 x N). */
export const N = 12;
/** The warm pool's size, and the unkeyed NPCs taken from it to start a refill. */
export const POOL = 8;
export const TAKEN = 4;

/** Texts a request asks for: bios name their people, backstories their person (batched: their people), profiles the world. */
export function texts(r: LoggedRequest): string[] {
  const data = readDataBlock(r.messages.at(-1)!.content);
  if (r.task === 'bios') return ((data?.people as Array<{ name: string }> | undefined) ?? []).map((p) => `bio:${p.name}`);
  if (r.task === 'backstories') return ((data?.people as Array<{ name: string }> | undefined) ?? []).map((p) => `backstory:${p.name}`);
  if (r.task === 'backstory') return [`backstory:${(data?.person as { name: string } | undefined)?.name ?? ''}`];
  if (r.task === 'profile') return ['profile'];
  return [];
}

/** What the store holds: the texts written (bio:<name>, backstory:<name>, profile). */
export async function storedTexts(store: PersonaStore, worldId: string): Promise<Set<string>> {
  const world = await store.getLatestWorld(worldId);
  if (!world) return new Set();
  const cast = await store.listPersonas(world.id, world.fingerprint);
  return new Set([
    'profile',
    ...cast.flatMap((r) => [...(r.bio ? [`bio:${r.name}`] : []), ...(r.backstory ? [`backstory:${r.name}`] : [])]),
  ]);
}

/**
 * Duplicates: texts generated again although they were already stored (durably finished)
 * when the process was killed, plus texts generated twice within one run. Cut off: texts the
 * first run asked for that were not stored when it was killed (paid, lost with the process).
 */
export function countGenerations(
  requests: LoggedRequest[],
  rerunFrom: number,
  storedAtKill: Set<string>,
): { duplicates: number; cutOff: number } {
  let duplicates = 0;
  for (const run of [requests.slice(0, rerunFrom), requests.slice(rerunFrom)]) {
    const seen = new Set<string>();
    for (const t of run.filter((r) => r.status === 200).flatMap(texts)) {
      if (seen.has(t)) duplicates++;
      seen.add(t);
    }
  }
  const again = requests.slice(rerunFrom).flatMap(texts);
  duplicates += again.filter((t) => storedAtKill.has(t)).length;
  const asked = new Set(requests.slice(0, rerunFrom).flatMap(texts));
  const cutOff = [...asked].filter((t) => !storedAtKill.has(t)).length;
  return { duplicates, cutOff };
}

/** Delete every Redis key under these prefixes (the crash matrices' scratch data). */
export async function dropRedisPrefixes(url: string, prefixes: readonly string[]): Promise<void> {
  if (!prefixes.length) return;
  const redis = new Redis(url);
  for (const prefix of prefixes) {
    // RedisStore wraps a prefix without a hash tag ('x:' -> '{x}:'), and BullMQ's keys share it.
    for (const pattern of [`${prefix}*`, `{${prefix.replace(/:$/, '')}}*`]) {
      const keys = await redis.keys(pattern);
      if (keys.length) await redis.del(...keys);
    }
  }
  await redis.quit();
}

/** A backstory-stage request: one person ('backstory') or several of one world ('backstories'). */
export const isBackstoryRequest = (r: LoggedRequest): boolean => r.task === 'backstory' || r.task === 'backstories';

/** Backstories are being written: at least `people` asked for so far, and a backstory call still open. */
export function backstoriesInFlight(requests: readonly LoggedRequest[], people = 3): boolean {
  const asked = requests.filter(isBackstoryRequest);
  return asked.reduce((n, r) => n + texts(r).length, 0) >= people && asked.some((r) => r.status === 0);
}
