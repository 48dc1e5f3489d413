/**
 * The checks every model bio passes before it is kept: consistency with its persona (name,
 * age, occupation, hints, gender; stages/consistency.ts) and the online near-duplicate check
 * against the world's cast (near-duplicates.ts). The bios with problems are written again
 * once, in one call that names each one's problems; a second failure is kept and flagged
 * (`check.ok: false`), and so are the first drafts when the regeneration itself fails
 * (provider error, the live deadline). Kept bios join the cast.
 *   const checked = await checkBios(deps, { world, profile, subjects, drafts }, regenerate);
 * Cost: ~50 us of checking per bio, plus one model call when any bio of the batch fails.
 */
import type { Profile } from '../core/profile-schema.js';
import type { Generated, PersonaIdentity, WorldContext } from '../core/types.js';
import { checkConsistency } from '../stages/consistency.js';
import type { TextResult } from './text-results.js';
import type { EngineMetrics } from './metrics.js';
import type { NearDuplicateIndex } from './near-duplicates.js';
import type { Scheduler } from './scheduler.js';

export interface BioCheckDeps {
  metrics: EngineMetrics;
  scheduler: Scheduler;
  /** The near-duplicate index (null: the check is off). */
  index: NearDuplicateIndex | null;
}

export interface BioBatch {
  world: WorldContext;
  profile: Profile;
  subjects: readonly PersonaIdentity[];
  /** One model draft per subject, in order. */
  drafts: readonly TextResult[];
  /** The live deadline: past it there is no regeneration. */
  deadline?: number;
  /** Called at once for each bio that passed (index into `subjects`): it need not wait for the regeneration of another. */
  onReady?: (index: number, result: TextResult) => void;
  /** A live call (a player waits): its checks go before background work in a busy turn. */
  live?: boolean;
}

/** The one regeneration: bios for `subjects`, each request naming its problems. Rejects on failure. */
export type Regenerate = (subjects: PersonaIdentity[], problems: string[][]) => Promise<Generated<string[]>>;

/** The near-duplicate index's key for a world version. */
export function castKey(world: WorldContext): string {
  return `${world.id}\u0000${world.fingerprint}`;
}

const NEAR = 'reads almost like';

export async function checkBios(deps: BioCheckDeps, batch: BioBatch, regenerate: Regenerate): Promise<TextResult[]> {
  const { metrics, scheduler, index } = deps;
  const { world, profile, subjects, drafts, deadline } = batch;
  const cast = castKey(world);
  if (scheduler.pacer.due()) await scheduler.pace(batch.live ? 'liveContinue' : 'continue');
  const check = (s: PersonaIdentity, text: string): string[] => {
    const problems = checkConsistency(s, text, { stage: 'bio', profile });
    if (index) {
      metrics.nearDuplicate('checked');
      const near = index.nearest(cast, text, s.key);
      if (near)
        problems.push(
          `${NEAR} another bio of this world (${Math.round(near.similarity * 100)} % of its three-word sequences): give ${s.name} a different opening and a different hook`,
        );
    }
    return problems;
  };
  const isNear = (problems: readonly string[]) => problems.some((p) => p.startsWith(NEAR));
  const out = drafts.map((d) => ({ ...d }));
  const failing: Array<{ at: number; problems: string[] }> = [];
  subjects.forEach((s, i) => {
    const problems = check(s, out[i]!.text);
    if (problems.length) failing.push({ at: i, problems });
    else {
      out[i]!.check = { ok: true, problems: [], regenerated: false };
      batch.onReady?.(i, out[i]!);
      index?.add(cast, s.key, out[i]!.text);
      metrics.consistency('passed', 'bio');
    }
  });
  if (!failing.length) return out;
  const again = failing.map((f) => subjects[f.at]!);
  let second: Generated<string[]> | null = null;
  if (deadline === undefined || Date.now() < deadline) {
    try {
      second = await regenerate(
        again,
        failing.map((f) => f.problems),
      );
      if (second.value.length !== again.length) second = null;
    } catch {
      second = null; // the first drafts stay, flagged
    }
  }
  for (const [j, f] of failing.entries()) {
    const s = subjects[f.at]!;
    if (isNear(f.problems)) metrics.nearDuplicate('regenerated');
    metrics.consistency('regenerated', 'bio');
    let problems = f.problems;
    if (second) {
      out[f.at] = { text: second.value[j]!, model: second.model, source: second.source, fallbackReason: null };
      problems = check(s, out[f.at]!.text);
    }
    out[f.at]!.check = { ok: problems.length === 0, problems, regenerated: second !== null };
    if (problems.length) {
      metrics.consistency('flagged', 'bio');
      if (isNear(problems)) metrics.nearDuplicate('flagged');
    }
    index?.add(cast, s.key, out[f.at]!.text);
  }
  return out;
}
