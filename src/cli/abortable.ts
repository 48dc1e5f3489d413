/**
 * Racing work against a long-lived abort promise without leaking. `Promise.race([work, abort])`
 * leaves a reaction on `abort` for every race, and each reaction keeps the race's result (a
 * window of 200 finished records, say) alive until `abort` settles: at the end of the run. Here
 * each race gets a stand-in promise that follows `abort` and is released when the race ends, so
 * what the race returned can be collected.
 *   const recs = await raceAbort(Promise.all(window), abort);
 * Cost: one promise and one reaction per race; released at once when the work settles.
 */

/** `work`, or `abort`'s rejection if it comes first. Holds nothing of `work` after it settles. */
export async function raceAbort<T>(work: Promise<T>, abort: Promise<never> | undefined): Promise<T> {
  if (!abort) return work;
  const stop = standIn(abort);
  try {
    return await Promise.race([work, stop.promise]);
  } finally {
    stop.release();
  }
}

/**
 * A promise that rejects when `abort` does, until released. Module-level on purpose: a closure
 * made inside the caller would share the caller's scope and keep its values alive.
 */
function standIn(abort: Promise<never>): { promise: Promise<never>; release: () => void } {
  let settle: ((err: unknown) => void) | null = null;
  const promise = new Promise<never>((_, reject) => (settle = reject));
  promise.catch(() => undefined); // released stand-ins reject with nothing; never unhandled
  abort.catch((err: unknown) => {
    const s = settle;
    settle = null;
    s?.(err);
  });
  return {
    promise,
    release: () => {
      const s = settle;
      settle = null;
      s?.(null);
    },
  };
}
