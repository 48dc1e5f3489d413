import { defineConfig } from 'vitest/config';

// The adversarial campaign (npm run campaign): fuzzing, fault, crash and load matrices.
// Bounded (a few minutes); run by .ci/run after npm test. Tests record outcomes with
// test/campaign/outcome.ts and scripts/campaign-table.ts prints the table.
export default defineConfig({
  test: {
    pool: 'threads',
    include: ['test/campaign/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
