/**
 * Provisional texts and their upgrade: an outage writes fallback text marked provisional (per
 * text, with the reason), and once the model answers again the engine rewrites it in the
 * background, keeping every identity; a restart finds provisional records and profiles and
 * upgrades them too. Also the live bio deadline and records stored by older versions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { publicError } from '../plugin/public-error.js';
import { normaliseRecord } from '../src/core/record-shape.js';
import type { PersonaRecord } from '../src/core/types.js';
import type { PersonaEngine } from '../src/engine/engine.js';
import type { TestLlmServer } from '../src/testing/index.js';
import { llmEngine, tempDir, VILLAGE } from './support.js';
import { join } from 'node:path';

const DOWN = { 'profile-model': 'http500', 'bio-model': 'http500', 'story-model': 'http500' } as const;

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

function track(engine: PersonaEngine, server?: TestLlmServer) {
  cleanup.push(() => engine.close());
  if (server) cleanup.push(() => server.close());
}

const identity = (r: PersonaRecord) => ({ key: r.key, name: r.name, traits: r.traits, hints: r.hints });

describe('provisional texts', () => {
  it('an outage writes provisional texts and a provisional profile, upgraded in place once the model answers', async () => {
    const { server, engine } = await llmEngine({ serverOptions: { failModels: { ...DOWN } } });
    track(engine, server);
    const world = engine.world(VILLAGE);
    const keys = ['miller', 'smith', 'reeve'];
    const first = await Promise.all(keys.map((k) => world.persona(k).backstory));
    for (const r of first) {
      expect(r.status).toBe('complete');
      expect(r.sources).toEqual({ bio: 'procedural', backstory: 'procedural' });
      expect(r.provisional).toEqual({ bio: true, backstory: true });
      expect(r.errors.bio).toMatch(/provider-error/);
      expect(r.errors.backstory).toMatch(/provider-error/);
    }
    const storedWorld = await engine.store.getWorld(VILLAGE.id, world.fingerprint);
    expect(storedWorld?.profileSource).toBe('procedural');
    expect(storedWorld?.profileError).toBe('provider-error');

    // The model is back: the next call that it answers resumes the upgrades.
    server.configure({ failModels: {} });
    const fresh = await world.persona('herder').bio;
    expect(fresh.sources.bio).toBe('llm');
    await engine.upgradesSettled();

    for (const [i, key] of keys.entries()) {
      const rec = (await engine.store.getPersona(VILLAGE.id, world.fingerprint, key))!;
      expect(identity(rec)).toEqual(identity(first[i]!));
      expect(rec.provisional).toEqual({ bio: false, backstory: false });
      expect(rec.sources).toEqual({ bio: 'llm', backstory: 'llm' });
      expect(rec.errors).toEqual({ bio: null, backstory: null });
      expect(rec.error).toBeNull();
      expect(rec.bio).not.toBe(first[i]!.bio);
      // The handle held in memory (what the plugin listens to) got the new text.
      expect(world.persona(key).record?.bio).toBe(rec.bio);
    }
    const upgradedWorld = await engine.store.getWorld(VILLAGE.id, world.fingerprint);
    expect(upgradedWorld?.profileSource).toBe('llm');
    expect(upgradedWorld?.profileError).toBeNull();
    const snap = engine.metrics.snapshot() as unknown as Record<string, unknown>;
    expect(JSON.stringify(snap)).toMatch(/upgraded/);
  });

  it('a restart with a healthy model upgrades what an outage left in the store, identities unchanged', async () => {
    const path = join(tempDir(), 'personas.db');
    const down = await llmEngine({ store: { kind: 'sqlite', path }, serverOptions: { failModels: { ...DOWN } } });
    const w1 = down.engine.world(VILLAGE);
    const before = await Promise.all(['a1', 'b2'].map((k) => w1.persona(k).backstory));
    expect(before.every((r) => r.provisional.bio && r.provisional.backstory)).toBe(true);
    await down.engine.close();
    await down.server.close();

    const up = await llmEngine({ store: { kind: 'sqlite', path } });
    track(up.engine, up.server);
    const w2 = up.engine.world(VILLAGE);
    const again = await Promise.all(['a1', 'b2'].map((k) => w2.persona(k).bio));
    expect(again.map(identity)).toEqual(before.map(identity));
    await up.engine.upgradesSettled();
    for (const [i, k] of ['a1', 'b2'].entries()) {
      const rec = (await up.engine.store.getPersona(VILLAGE.id, w2.fingerprint, k))!;
      expect(identity(rec)).toEqual(identity(before[i]!));
      expect(rec.provisional).toEqual({ bio: false, backstory: false });
      expect(rec.sources.bio).toBe('llm');
    }
    const stored = await up.engine.store.getWorld(VILLAGE.id, w2.fingerprint);
    expect(stored?.profileError).toBeNull();
    expect(stored?.profileSource).toBe('llm');
  });

  it('world.upgrade(key) upgrades now and leaves the record provisional while the model still fails', async () => {
    const { server, engine } = await llmEngine({ serverOptions: { failModels: { ...DOWN } } });
    track(engine, server);
    const world = engine.world(VILLAGE);
    const made = await world.persona('cooper').backstory;
    const still = await world.upgrade('cooper');
    expect(still?.provisional).toEqual({ bio: true, backstory: true });
    expect(still?.bio).toBe(made.bio);
    server.configure({ failModels: {} });
    const done = await world.upgrade('cooper');
    expect(done?.provisional).toEqual({ bio: false, backstory: false });
    expect(identity(done!)).toEqual(identity(made));
    expect(await world.upgrade('nobody-here')).toBeUndefined();
  });

  it('the offline default writes nothing provisional (procedural by choice is final)', async () => {
    const { createPersonaEngine } = await import('../src/engine/engine.js');
    const engine = createPersonaEngine({ provider: 'procedural', store: 'memory', pool: { size: 0 } });
    track(engine);
    const rec = await engine.world(VILLAGE).persona('baker').backstory;
    expect(rec.provisional).toEqual({ bio: false, backstory: false });
    expect(rec.errors).toEqual({ bio: null, backstory: null });
  });
});

describe('the live bio deadline', () => {
  it('a hanging model costs a spawn the deadline, then its breaker skips it', async () => {
    const { server, engine } = await llmEngine({
      models: { bio: ['hang-model', 'bio-model'] },
      serverOptions: { failModels: { 'hang-model': 'hang' } },
      liveBioDeadlineMs: 300,
    });
    track(engine, server);
    const world = engine.world(VILLAGE);
    await world.ready;
    const recs: PersonaRecord[] = [];
    for (let i = 0; i < 8; i++) recs.push(await world.persona(`guard-${i}`).bio);
    const early = recs.slice(0, 3);
    for (const r of early) {
      expect(r.sources.bio).toBe('procedural');
      expect(r.provisional.bio).toBe(true);
      expect(r.errors.bio).toMatch(/deadline|provider-error/);
    }
    // Players see why, as a generic code: the deadline passed.
    expect(early.some((r) => publicError(r) === 'fallback:deadline')).toBe(true);
    // Once the breaker opened, the next model answers at once.
    expect(recs.slice(-3).every((r) => r.sources.bio === 'llm')).toBe(true);
    expect(server.requests.filter((r) => r.model === 'hang-model').length).toBeLessThanOrEqual(4);
  });

  it('with no deadline (liveBioDeadlineMs: false) a slow model is waited for', async () => {
    const { server, engine } = await llmEngine({ serverOptions: { modelLatencyMs: { 'bio-model': 400 } }, liveBioDeadlineMs: false });
    track(engine, server);
    const rec = await engine.world(VILLAGE).persona('slow').bio;
    expect(rec.sources.bio).toBe('llm');
  });
});

describe('records stored by older versions', () => {
  it('a fallback text recorded only in `error` is provisional', () => {
    const legacy = {
      id: 'w:k',
      world: 'w',
      fingerprint: 'f',
      key: 'k',
      name: 'N',
      traits: {},
      hints: [],
      bio: 'b',
      backstory: null,
      status: 'bio',
      model: 'procedural',
      source: 'procedural',
      models: { bio: 'procedural', backstory: null },
      sources: { bio: 'procedural', backstory: null },
      consistency: null,
      error: 'bio written by the procedural fallback (provider-error)',
      createdAt: 1,
      updatedAt: 1,
    } as unknown as PersonaRecord;
    const rec = normaliseRecord(legacy);
    expect(rec.provisional).toEqual({ bio: true, backstory: false });
    expect(rec.errors).toEqual({ bio: 'provider-error', backstory: null });
    expect(rec.checks).toEqual({ bio: null, backstory: null });
    const chosen = normaliseRecord({ ...legacy, error: null });
    expect(chosen.provisional).toEqual({ bio: false, backstory: false });
  });
});
