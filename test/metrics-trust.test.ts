/**
 * The trust metrics (issue 8): consistency per stage, near-duplicates, provisional texts and
 * upgrades, bio deadline misses, per-world cost with bounded label cardinality, and circuit
 * breakers read from the provider's health(); each one in snapshot() and in Prometheus text.
 *   npx vitest run test/metrics-trust.test.ts
 * Cost: in-process, no server; well under a second.
 */
import { describe, expect, it } from 'vitest';
import { EngineMetrics, METRICS, OTHER_WORLD } from '../src/engine/metrics.js';
import type { ProviderHealth } from '../src/core/types.js';

const usage = (calls: number, promptTokens = 10 * calls, completionTokens = 5 * calls) => ({ calls, promptTokens, completionTokens });

/** The value of one series in Prometheus text, or undefined when it is absent. */
function series(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`)
    .join(',');
  const head = body ? `${name}{${body}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(head));
  return line === undefined ? undefined : Number(line.slice(head.length));
}
const seriesCount = (text: string, name: string) =>
  text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)).length;

describe('trust metrics', () => {
  it('counts consistency per stage, near-duplicates, provisional texts, upgrades and deadline misses in snapshot and Prometheus', async () => {
    const m = new EngineMetrics();
    m.consistency('passed', 'bio');
    m.consistency('regenerated', 'bio');
    m.consistency('flagged', 'bio');
    m.consistency('passed'); // default stage: backstory
    m.consistency('passed', 'backstory');
    m.nearDuplicate('checked');
    m.nearDuplicate('checked');
    m.nearDuplicate('regenerated');
    m.nearDuplicate('flagged');
    m.provisional('written', 'bio', 3);
    m.provisional('written', 'profile');
    m.provisional('upgraded', 'bio', 2);
    m.provisional('upgrade-failed', 'backstory');
    let pending = 7;
    m.pendingUpgrades(() => pending);
    m.deadlineMissed();
    m.deadlineMissed(4);

    const snap = m.snapshot();
    expect(snap.consistency).toEqual({ passed: 2, regenerated: 0, flagged: 0 }); // the backstories' (the field's older meaning)
    expect(snap.consistencyByStage).toEqual({
      bio: { passed: 1, regenerated: 1, flagged: 1 },
      backstory: { passed: 2, regenerated: 0, flagged: 0 },
    });
    expect(snap.nearDuplicates).toEqual({ checked: 2, regenerated: 1, flagged: 1 });
    expect(snap.provisional).toEqual({
      written: { bio: 3, backstory: 0, profile: 1 },
      upgraded: { bio: 2, backstory: 0, profile: 0 },
      upgradeFailed: { bio: 0, backstory: 1, profile: 0 },
      pendingUpgrades: 7,
    });
    expect(snap.deadlineMissed).toBe(5);

    const text = await m.prometheus();
    expect(series(text, 'personas_consistency_total', { stage: 'bio', result: 'regenerated' })).toBe(1);
    expect(series(text, 'personas_consistency_total', { stage: 'bio', result: 'flagged' })).toBe(1);
    expect(series(text, 'personas_consistency_total', { stage: 'backstory', result: 'passed' })).toBe(2);
    expect(series(text, 'personas_near_duplicates_total', { result: 'checked' })).toBe(2);
    expect(series(text, 'personas_near_duplicates_total', { result: 'flagged' })).toBe(1);
    expect(series(text, 'personas_provisional_total', { event: 'written', what: 'bio' })).toBe(3);
    expect(series(text, 'personas_provisional_total', { event: 'written', what: 'profile' })).toBe(1);
    expect(series(text, 'personas_provisional_total', { event: 'upgraded', what: 'bio' })).toBe(2);
    expect(series(text, 'personas_provisional_total', { event: 'upgrade-failed', what: 'backstory' })).toBe(1);
    expect(series(text, 'personas_upgrades_pending')).toBe(7);
    expect(series(text, 'personas_bio_deadline_missed_total')).toBe(5);

    // Scrapes are live: a second one reads the new values (counters are not summed twice).
    pending = 0;
    m.deadlineMissed();
    const again = await m.prometheus();
    expect(series(again, 'personas_upgrades_pending')).toBe(0);
    expect(series(again, 'personas_bio_deadline_missed_total')).toBe(6);
  });

  it('has a help text for every metric and every metric in the exposition', async () => {
    const text = await new EngineMetrics().prometheus();
    for (const def of METRICS) {
      expect(def.help.length, def.name).toBeGreaterThan(10);
      expect(text).toContain(`# HELP ${def.name} `);
      expect(text).toContain(`# TYPE ${def.name} ${def.type}`);
    }
    // Names that tests, the demo and the README already use are kept.
    for (const name of [
      'personas_llm_calls_total',
      'personas_replies_mended_total',
      'personas_repair_calls_total',
      'personas_tokens_total',
      'personas_cache_hits_total',
      'personas_created_total',
      'personas_texts_total',
      'personas_fallbacks_total',
      'personas_pool_takes_total',
      'personas_latency_ms',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('counts cost per world exactly and keeps its label cardinality bounded with 500 worlds', async () => {
    const m = new EngineMetrics();
    for (let i = 0; i < 500; i++) m.worldUsage(`world-${i}`, usage(i < 50 ? 2 : 1));
    m.worldUsage('world-3', usage(1)); // a tracked world stays exact after the limit is reached
    const snap = m.snapshot();
    expect(Object.keys(snap.byWorld)).toHaveLength(51);
    expect(snap.byWorld['world-3']).toEqual({ calls: 3, promptTokens: 30, completionTokens: 15 });
    expect(snap.byWorld['world-49']).toEqual({ calls: 2, promptTokens: 20, completionTokens: 10 });
    expect(snap.byWorld['world-50']).toBeUndefined();
    expect(snap.byWorld[OTHER_WORLD]).toEqual({ calls: 450, promptTokens: 4500, completionTokens: 2250 });
    const total = Object.values(snap.byWorld).reduce((n, c) => n + c.calls, 0);
    expect(total).toBe(50 * 2 + 450 + 1);

    const text = await m.prometheus();
    expect(seriesCount(text, 'personas_world_calls_total')).toBe(51);
    expect(seriesCount(text, 'personas_world_tokens_total')).toBe(102);
    expect(series(text, 'personas_world_calls_total', { world: OTHER_WORLD })).toBe(450);
    expect(series(text, 'personas_world_tokens_total', { world: 'world-3', kind: 'prompt' })).toBe(30);
  });

  it('takes the world limit from the constructor and refuses a bad one', () => {
    const m = new EngineMetrics({ worldLimit: 2 });
    for (const w of ['a', 'b', 'c', 'd']) m.worldUsage(w, usage(1));
    expect(Object.keys(m.snapshot().byWorld).sort()).toEqual([OTHER_WORLD, 'a', 'b'].sort());
    expect(m.snapshot().byWorld[OTHER_WORLD]!.calls).toBe(2);
    expect(() => new EngineMetrics({ worldLimit: -1 })).toThrow(/worldLimit/);
    expect(() => new EngineMetrics({ worldLimit: 1.5 })).toThrow(/worldLimit/);
  });

  it('handles hostile world ids: prototype names, quotes, backslashes, newlines', async () => {
    const m = new EngineMetrics();
    const hostile = [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'a"b',
      'back\\slash',
      'line\nbreak} 99\npersonas_created_total 1000',
      'x,kind:prompt',
    ];
    for (const w of hostile) m.worldUsage(w, usage(1));
    m.worldUsage('__proto__', usage(1));
    const snap = m.snapshot();
    expect(Object.keys(snap.byWorld).sort()).toEqual([...hostile].sort());
    expect(snap.byWorld['__proto__']).toEqual({ calls: 2, promptTokens: 20, completionTokens: 10 });
    expect(snap.byWorld['constructor']).toEqual({ calls: 1, promptTokens: 10, completionTokens: 5 });
    // Absent ids read undefined, not Object.prototype members.
    expect(new EngineMetrics().snapshot().byWorld['constructor']).toBeUndefined();
    expect(JSON.parse(JSON.stringify(snap)).byWorld.__proto__.calls).toBe(2);

    const text = await m.prometheus();
    for (const w of hostile) expect(series(text, 'personas_world_calls_total', { world: w }), w).toBe(w === '__proto__' ? 2 : 1);
    // The newline did not inject a line: personas_created_total is still 0 and every line parses.
    expect(series(text, 'personas_created_total')).toBe(0);
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{.*\})? -?[\d.e+-]+$|^[a-z_]+(\{.*\})? NaN$/);
    expect(seriesCount(text, 'personas_world_calls_total')).toBe(hostile.length);
  });

  it('reads breaker states, opens and skips from the provider at each scrape', async () => {
    let health: ProviderHealth = {
      breakers: [
        { endpoint: 'http://127.0.0.1:1/v1', model: 'hang-model', state: 'open', consecutiveFailures: 3, opens: 1, skips: 4 },
        { endpoint: 'http://127.0.0.1:1/v1', model: 'good-model', state: 'closed', consecutiveFailures: 0, opens: 0, skips: 0 },
      ],
    };
    const m = new EngineMetrics();
    expect(m.snapshot().breakers).toEqual({ opens: 0, skips: 0, states: [] });
    m.watchProvider({ health: () => health });
    const snap = m.snapshot();
    expect(snap.breakers.opens).toBe(1);
    expect(snap.breakers.skips).toBe(4);
    expect(snap.breakers.states.map((b) => [b.model, b.state])).toEqual([
      ['hang-model', 'open'],
      ['good-model', 'closed'],
    ]);
    const labels = (model: string) => ({ endpoint: 'http://127.0.0.1:1/v1', model });
    let text = await m.prometheus();
    expect(series(text, 'personas_breaker_state', labels('hang-model'))).toBe(2);
    expect(series(text, 'personas_breaker_state', labels('good-model'))).toBe(0);
    expect(series(text, 'personas_breaker_opens_total', labels('hang-model'))).toBe(1);
    expect(series(text, 'personas_breaker_skips_total', labels('hang-model'))).toBe(4);

    health = { breakers: [{ ...health.breakers[0]!, state: 'half-open', skips: 9, opens: 2 }, health.breakers[1]!] };
    text = await m.prometheus();
    expect(series(text, 'personas_breaker_state', labels('hang-model'))).toBe(1);
    expect(series(text, 'personas_breaker_opens_total', labels('hang-model'))).toBe(2);
    expect(series(text, 'personas_breaker_skips_total', labels('hang-model'))).toBe(9);
    expect(m.snapshot().breakers.skips).toBe(9);
  });

  it('survives a provider without health() and one whose health() throws', async () => {
    const m = new EngineMetrics();
    m.watchProvider({});
    expect(m.snapshot().breakers.states).toEqual([]);
    m.watchProvider({
      health: () => {
        throw new Error('boom');
      },
    });
    expect(m.snapshot().breakers.states).toEqual([]);
    expect(await m.prometheus()).toContain('# TYPE personas_breaker_state gauge');
  });

  it('keeps the existing counters and takes one snapshot per scrape', async () => {
    const m = new EngineMetrics();
    m.usage('bio', 'good-model', { ...usage(2), mended: 1, repairCalls: 1 });
    m.text('bio', 'llm', 2);
    m.fallback('provider-error');
    let reads = 0;
    m.poolReady = () => {
      reads++;
      return 3;
    };
    const text = await m.prometheus();
    expect(reads).toBe(1);
    expect(series(text, 'personas_llm_calls_total', { stage: 'bio' })).toBe(2);
    expect(series(text, 'personas_repair_calls_total', { stage: 'profile' })).toBe(0);
    expect(series(text, 'personas_replies_mended_total', { stage: 'bio' })).toBe(1);
    expect(series(text, 'personas_model_calls_total', { model: 'good-model' })).toBe(2);
    expect(series(text, 'personas_texts_total', { stage: 'bio', source: 'llm' })).toBe(2);
    expect(series(text, 'personas_fallbacks_total', { reason: 'provider-error' })).toBe(1);
    expect(series(text, 'personas_pool_ready')).toBe(3);
    expect(m.snapshot().byModel).toEqual({ 'good-model': { calls: 2, promptTokens: 20, completionTokens: 10 } });
  });
});
