/**
 * Prints the adversarial campaign's outcome table (markdown) from test/output/campaign/*.json,
 * written by the campaign tests (test/campaign/). Run by `npm run campaign` after the tests.
 *   npx tsx scripts/campaign-table.ts
 * Cost: reads a handful of small files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGN_OUTPUT as dir, type CampaignOutcome } from '../test/campaign/outcome.js';

if (!existsSync(dir)) {
  console.error('no campaign outcomes in test/output/campaign: run `npm run campaign`');
  process.exit(1);
}
type Row = Required<Pick<CampaignOutcome, 'unhandled'>> & CampaignOutcome;
const rows: Row[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Row);
const fmt = (n: number) => n.toLocaleString('en-US');
console.log(
  '| campaign | inputs tried | crashes | unhandled rejections | NPCs without a bio | jobs lost | duplicate generations | notes |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.campaign} | ${fmt(r.inputs)} ${r.unit} | ${r.crashes} | ${r.unhandled} | ${r.npcsWithoutBio} | ${r.jobsLost} | ${r.duplicateGenerations} | ${r.notes ?? ''} |`,
  );
}
const bad = rows.filter((r) => r.crashes || r.unhandled || r.npcsWithoutBio || r.jobsLost || r.duplicateGenerations);
if (bad.length) {
  console.error(`\n${bad.length} campaign(s) found defects: ${bad.map((r) => r.campaign).join(', ')}`);
  process.exit(1);
}
