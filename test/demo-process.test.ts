import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@colyseus/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PersonaRecord } from '../src/index.js';
import { tempDir } from './support.js';

const PORT = 2613;
const URL_BASE = `http://localhost:${PORT}`;
let child: ChildProcess | null = null;

/** `npm run demo`, exactly as the README says, with PORT and PERSONAS_DB set. */
async function startDemo(db: string): Promise<{ output: () => string }> {
  const env = { ...process.env, PORT: String(PORT), PERSONAS_DB: db, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
  child = spawn('npm', ['run', 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await vi.waitFor(() => expect(out).toContain(`open ${URL_BASE}`), { timeout: 30_000, interval: 100 });
  return { output: () => out };
}

/**
 * Ctrl-C in a terminal: SIGINT to the whole process group (npm, tsx, the server). npm itself
 * dies by the signal; the server must close rooms and the engine, say so, and exit.
 */
async function stopDemo(out: () => string): Promise<void> {
  if (!child) return;
  const c = child;
  child = null;
  process.kill(-c.pid!, 'SIGINT');
  await vi.waitFor(() => expect(out()).toContain('stopped cleanly'), { timeout: 15_000, interval: 100 });
  await vi.waitFor(() => expect(() => process.kill(-c.pid!, 0)).toThrow(), { timeout: 15_000, interval: 100 });
}

afterEach(async () => {
  if (child) process.kill(-child.pid!, 'SIGKILL');
  child = null;
});

async function spawnAndWait(): Promise<Record<string, { name: string; bio: string; backstory: string }>> {
  const sdk = new Client(`ws://localhost:${PORT}`);
  const room = await sdk.joinOrCreate('world', { worldId: 'neo-tokyo' });
  const a = (await room.request('persona:spawn', { key: 'courier', hints: ['insomniac'] })) as { id: string };
  const b = (await room.request('persona:spawn', {})) as { id: string };
  expect(a.id).toBe('courier');
  await vi.waitFor(
    () => {
      for (const id of [a.id, b.id]) expect(room.state.npcs.get(id)?.status).toBe('complete');
    },
    { timeout: 15_000 },
  );
  const seen: Record<string, { name: string; bio: string; backstory: string }> = {};
  for (const id of [a.id, b.id]) {
    const npc = room.state.npcs.get(id)!;
    seen[id] = { name: npc.name, bio: npc.bio, backstory: npc.backstory };
  }
  await room.leave();
  return seen;
}

describe('the demo as a separate process, started as the README says', () => {
  it('serves the room, the HTTP API and /metrics, and keeps the cast across a restart', async () => {
    const db = join(tempDir(), 'demo.db');
    const first = await startDemo(db);
    expect(first.output()).toMatch(/procedural provider .*SQLite at .*demo\.db/);

    const seen = await spawnAndWait();
    expect(seen.courier!.bio).toContain('insomniac');

    const cast = (await (await fetch(`${URL_BASE}/api/worlds/neo-tokyo/personas`)).json()) as PersonaRecord[];
    expect(cast.map((r) => r.key)).toEqual(expect.arrayContaining(Object.keys(seen)));
    expect(cast.find((r) => r.key === 'courier')).toMatchObject({
      name: seen.courier!.name,
      bio: seen.courier!.bio,
      status: 'complete',
      source: 'procedural',
    });
    expect((await fetch(`${URL_BASE}/api/worlds/nowhere/personas`).then((r) => r.json())) as unknown[]).toEqual([]);
    expect((await fetch(`${URL_BASE}/api/worlds/..%2Fetc/personas`)).status).toBe(400);

    const metrics = await (await fetch(`${URL_BASE}/metrics`)).text();
    expect(metrics).toMatch(/^personas_created_total \d+$/m);
    expect(metrics).toMatch(/personas_texts_total\{stage="bio",source="procedural"\} \d+/);
    expect(metrics).toContain('demo_process_cpu_user_seconds_total');

    await stopDemo(first.output);
    expect(first.output()).toContain('SIGINT: shutting down');
    expect(first.output()).not.toMatch(/Error|\[personas\]/);

    const second = await startDemo(db);
    const again = (await (await fetch(`${URL_BASE}/api/worlds/neo-tokyo/personas`)).json()) as PersonaRecord[];
    for (const [key, before] of Object.entries(seen)) {
      const rec = again.find((r) => r.key === key);
      expect({ name: rec?.name, bio: rec?.bio, backstory: rec?.backstory }).toEqual(before);
    }
    // A client asking for the same key gets the same person (a cache hit, not a new one).
    const sdk = new Client(`ws://localhost:${PORT}`);
    const room = await sdk.joinOrCreate('world', { worldId: 'neo-tokyo' });
    await room.request('persona:spawn', { key: 'courier' });
    await vi.waitFor(() => expect(room.state.npcs.get('courier')?.bio).toBe(seen.courier!.bio), { timeout: 10_000 });
    await room.leave();
    await stopDemo(second.output);
  });
});
