/**
 * The `generate` command's soft heap cap: past the cap it runs a full collection (what
 * `--max-old-space-size` would make V8 do), and the cap rises to twice what survives, so a run
 * that truly holds more is not collected over and over. Observed through V8's gc entries.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { capHeap, heapCapFromEnv } from '../src/cli/heap-cap.js';

function majorCollections(): { count: () => number; stop: () => void } {
  let n = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) n++;
  });
  obs.observe({ entryTypes: ['gc'] });
  return { count: () => n, stop: () => obs.disconnect() };
}

describe('capHeap', () => {
  it('collects once the used heap passes the cap', async () => {
    const seen = majorCollections();
    const keep = Array.from({ length: 50_000 }, (_, i) => ({ i, s: `item ${i}` })); // a few MiB alive
    const stop = capHeap(1); // 1 MiB: passed at once
    await new Promise((r) => setTimeout(r, 350));
    const during = seen.count();
    expect(during).toBeGreaterThan(0);
    stop();
    seen.stop();
    expect(keep.length).toBe(50_000);
  });

  it('reads PERSONAS_CLI_HEAP_CAP_MB strictly', () => {
    expect(heapCapFromEnv(undefined)).toBe(80);
    expect(heapCapFromEnv(' ')).toBe(80);
    expect(heapCapFromEnv('256')).toBe(256);
    for (const bad of ['abc', '-5', '0', '8', '1.5', '1e9', 'Infinity'])
      expect(() => heapCapFromEnv(bad)).toThrow(/PERSONAS_CLI_HEAP_CAP_MB must be a whole number of MiB from 16 to 65536/);
  });
});
