/**
 * Campaign outcomes: every campaign test records what it tried and what went wrong, and
 * `npm run campaign` prints them as one table (scripts/campaign-table.ts), the table the
 * README quotes. Files go to test/output/campaign/<name>.json (git-ignored).
 *   recordOutcome({ campaign: 'plugin messages (fast-check)', inputs: 100_000, crashes: 0, ... });
 * Cost: one small file write per campaign.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CAMPAIGN_OUTPUT = join(process.cwd(), 'test', 'output', 'campaign');

export interface CampaignOutcome {
  /** Short name shown in the table's first column, e.g. "WebSocket frames (demo room)". */
  campaign: string;
  /** Inputs tried: fuzz cases, frames, NPCs, runs... (say which in `unit`). */
  inputs: number;
  /** What `inputs` counts, e.g. "messages", "frames", "NPCs", "runs". */
  unit: string;
  /** Process exits, room crashes or dropped players caused by the campaign. */
  crashes: number;
  /** NPCs that ended without any bio (model or labelled fallback). */
  npcsWithoutBio: number;
  /** Background jobs that never finished (nor were marked failed). */
  jobsLost: number;
  /** Texts paid for twice (the same bio or backstory generated more than once). */
  duplicateGenerations: number;
  /** Unhandled rejections / uncaught exceptions seen. */
  unhandled?: number;
  /** Anything the table should say besides the counts (e.g. "lag p99 6 ms, max 41 ms"). */
  notes?: string;
}

export function recordOutcome(outcome: CampaignOutcome): void {
  mkdirSync(CAMPAIGN_OUTPUT, { recursive: true });
  const file = outcome.campaign
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  writeFileSync(
    join(CAMPAIGN_OUTPUT, `${file}.json`),
    `${JSON.stringify({ ...outcome, unhandled: outcome.unhandled ?? 0, at: new Date().toISOString() }, null, 2)}\n`,
  );
}
