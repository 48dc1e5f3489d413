/**
 * A provider wrapper that records how long the bios() calls that wrote each persona's bio
 * took (summed: a bio written again after a failed check paid two calls), so a benchmark
 * can subtract the provider's own time (HTTP and SDK included) and report what the engine or
 * plugin adds. Keyed by persona key, so concurrent calls (pool
 * refills, other rooms) do not mix up.
 *   const timed = timedProvider(provider); ...; overhead = total - timed.biosMsFor('k1');
 */
import type { PersonaProvider } from '../src/core/types.js';

export interface TimedProvider extends PersonaProvider {
  biosMsFor(key: string): number;
}

export function timedProvider(inner: PersonaProvider): TimedProvider {
  const byKey = new Map<string, number>();
  return {
    name: inner.name,
    concurrency: inner.concurrency,
    profile: (req) => inner.profile(req),
    backstory: (req) => inner.backstory(req),
    bios: async (req) => {
      const t = performance.now();
      try {
        return await inner.bios(req);
      } finally {
        const ms = performance.now() - t;
        for (const s of req.subjects) byKey.set(s.key, (byKey.get(s.key) ?? 0) + ms);
      }
    },
    biosMsFor(key: string) {
      const ms = byKey.get(key);
      if (ms === undefined) throw new Error(`no bios() call recorded for ${key}`);
      return ms;
    },
  };
}
