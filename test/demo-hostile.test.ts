/**
 * Issue #7 item 1 end to end: `persona:spawn {"key":"constructor"}` used to end the demo
 * process, and every restart's restore of that stored persona ended it again. Here the demo
 * runs as `npm run demo`, takes every Object.prototype name as a key, restarts, restores that
 * cast into a new room, and keeps serving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@colyseus/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PersonaRecord } from '../src/index.js';
import { tempDir } from './support.js';

const PORT = 2626;
const URL_BASE = `http://localhost:${PORT}`;
const KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];
let child: ChildProcess | null = null;

async function startDemo(db: string): Promise<{ child: ChildProcess; output: () => string; exited: () => number | null }> {
  const env = { ...process.env, PORT: String(PORT), PERSONAS_DB: db, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
  const c = spawn('npm', ['run', 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child = c;
  let out = '';
  let code: number | null = null;
  c.stdout.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr.on('data', (d: Buffer) => (out += d.toString()));
  c.on('exit', (n) => (code = n ?? -1));
  await vi.waitFor(() => expect(out).toContain(`open ${URL_BASE}`), { timeout: 30_000, interval: 100 });
  return { child: c, output: () => out, exited: () => code };
}

async function stopDemo(c: ChildProcess, output: () => string): Promise<void> {
  process.kill(-c.pid!, 'SIGINT');
  await vi.waitFor(() => expect(output()).toContain('stopped cleanly'), { timeout: 15_000, interval: 100 });
  await vi.waitFor(() => expect(() => process.kill(-c.pid!, 0)).toThrow(), { timeout: 15_000, interval: 100 });
  child = null;
}

afterEach(() => {
  if (child) process.kill(-child.pid!, 'SIGKILL');
  child = null;
});

describe('hostile keys against the demo process', () => {
  it('every Object.prototype name as a key: no crash, and the restarted server restores that cast', async () => {
    const db = join(tempDir(), 'demo.db');
    const first = await startDemo(db);
    const room = await new Client(`ws://localhost:${PORT}`).joinOrCreate('world', { worldId: 'neo-tokyo' });
    for (const key of KEYS) expect(await room.request('persona:spawn', { key })).toEqual({ id: `~${key}` });
    const npcs = () => (room.state as { npcs: Map<string, { key: string; status: string; bio: string }> }).npcs;
    await vi.waitFor(() => expect(KEYS.every((k) => npcs().get(`~${k}`)?.status === 'complete')).toBe(true), { timeout: 20_000 });
    expect(npcs().get('~constructor')!.key).toBe('constructor');
    const bio = npcs().get('~constructor')!.bio;
    await room.leave();
    expect(first.exited()).toBeNull();
    const cast = (await (await fetch(`${URL_BASE}/api/worlds/neo-tokyo/personas`)).json()) as PersonaRecord[];
    expect(cast.map((r) => r.key)).toEqual(expect.arrayContaining(KEYS));
    await stopDemo(first.child, first.output);

    const second = await startDemo(db);
    const again = await new Client(`ws://localhost:${PORT}`).joinOrCreate('world', { worldId: 'neo-tokyo' });
    const restored = () => (again.state as { npcs: Map<string, { key: string; bio: string }> }).npcs;
    await vi.waitFor(() => expect(KEYS.every((k) => restored().has(`~${k}`))).toBe(true), { timeout: 15_000 });
    expect(restored().get('~constructor')!.bio).toBe(bio);
    // Still serving: patches, the API, and a clear refusal for a join without a world id.
    const tick = (again.state as { tick: number }).tick;
    await vi.waitFor(() => expect((again.state as { tick: number }).tick).toBeGreaterThan(tick));
    expect((await fetch(`${URL_BASE}/metrics`)).status).toBe(200);
    const refused = await new Client(`ws://localhost:${PORT}`).joinOrCreate('world', {}).then(
      () => null,
      (e: { code: number }) => e.code,
    );
    expect(refused).toBe(400);
    await again.leave();
    expect(second.exited()).toBeNull();
    await stopDemo(second.child, second.output);
    expect(second.output()).not.toMatch(/Symbol\(\$refId\)|uncaught|\[personas\]/i);
  });
});
