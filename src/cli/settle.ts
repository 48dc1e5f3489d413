/**
 * Waiting for a run's personas. Holds a ref'd timer while it waits, so Node cannot exit with
 * work still pending in the store (a job leased by a killed process, a worker timer that is
 * unref'd); ends early when `abort` rejects (the store failed); and notices personas whose
 * backstory can no longer come (its job finished or failed while the persona still has none)
 * instead of waiting for ever.
 *   const recs = await settle(engine, handles, { stage: 'both', onSettled: () => bar.increment() });
 * Cost: one timer tick per second while waiting; after `stallCheckMs` without any persona
 * finishing, one persona read and one job read per waiting persona (at most 200).
 */
import type { PersonaRecord } from '../core/types.js';
import { backstoryJobId } from '../engine/backstory-worker.js';
import type { PersonaEngine } from '../engine/engine.js';
import type { PersonaHandle } from '../engine/persona-handle.js';
import { raceAbort } from './abortable.js';
import { CliExit, EXIT } from './exit-codes.js';
import type { ExportStage } from './export.js';

export interface SettleOptions {
  stage: ExportStage;
  /** Called as each persona is done, with its position in `handles` (for a progress bar, or to write it out). */
  onSettled?: (record: PersonaRecord, index: number) => void;
  /** Rejecting ends the wait with that error (e.g. a store failure reported through onError). */
  abort?: Promise<never>;
  /** Keep-alive and check interval. Default: 1,000 ms. */
  tickMs?: number;
  /** Look for personas that cannot finish after this long without progress. Default: 10,000 ms. */
  stallCheckMs?: number;
}

const STALL_SAMPLE = 200;

export async function settle(engine: PersonaEngine, handles: PersonaHandle[], options: SettleOptions): Promise<PersonaRecord[]> {
  const tickMs = options.tickMs ?? 1_000;
  const stallCheckMs = options.stallCheckMs ?? 10_000;
  const pending = new Set(handles);
  let lastProgress = Date.now();
  let checking = false;
  let strikes = 0;
  let fail!: (err: unknown) => void;
  const stalled = new Promise<never>((_, reject) => (fail = reject));

  const all = Promise.all(
    handles.map(async (h, index) => {
      const rec = options.stage === 'bio' ? await h.bio : await h.backstory;
      pending.delete(h);
      lastProgress = Date.now();
      options.onSettled?.(rec, index);
      return rec;
    }),
  );

  const check = async (): Promise<void> => {
    if (options.stage === 'bio' || Date.now() - lastProgress < stallCheckMs) return;
    lastProgress = Date.now(); // next look after another quiet interval
    const waiting = [...pending].filter((h) => h.record?.bio != null).slice(0, STALL_SAMPLE);
    const stuck: string[] = [];
    for (const h of waiting) {
      const rec = h.record!;
      const stored = await engine.store.getPersona(rec.world, rec.fingerprint, rec.key);
      if (stored?.backstory != null || stored?.status === 'failed') continue; // on its way to the handle
      const job = await engine.queue.get(backstoryJobId(rec.world, rec.fingerprint, rec.key));
      if (!job || job.state === 'done' || job.state === 'failed')
        stuck.push(`${rec.key} (job ${job?.state ?? 'missing'}${job?.error ? `: ${job.error}` : ''})`);
    }
    // Twice in a row, so a job between two states is not mistaken for a stuck one.
    strikes = stuck.length ? strikes + 1 : 0;
    if (strikes >= 2) {
      fail(
        new CliExit(
          EXIT.incomplete,
          `${stuck.length} persona(s) have a bio but their backstory job can no longer run: ${stuck.slice(0, 5).join(', ')}${stuck.length > 5 ? ', ...' : ''}. ` +
            'Run with --stage bio to export what exists, or remove those personas from the store and run again.',
        ),
      );
    }
  };

  // Ref'd on purpose: while this runs, the process stays up for the jobs it waits on.
  const keepAlive = setInterval(() => {
    if (checking) return;
    checking = true;
    check()
      .catch((err: unknown) => fail(err))
      .finally(() => (checking = false));
  }, tickMs);
  try {
    return await raceAbort(Promise.race([all, stalled]), options.abort);
  } finally {
    clearInterval(keepAlive);
  }
}
