/**
 * Shutdown through the engine's AbortSignal: `close()` aborts it once, and every part that must
 * stop (world handles, the single-flight, the pool, the backstory worker) reads the signal
 * instead of a shared `closed` flag.
 *   assertOpen(signal); // throws EngineClosedError after engine.close()
 * Cost: one property read.
 */
import { EngineClosedError } from '../core/errors.js';

/** Throw EngineClosedError once the engine's signal is aborted (the engine closed). */
export function assertOpen(signal: AbortSignal): void {
  if (signal.aborted) throw new EngineClosedError();
}
