/**
 * Finds Debian's Chromium for browser tests. In CI (CI=true) a missing browser is a failure,
 * never a silent skip; on a developer's machine the test is skipped with the reason.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

if (!hasChromium && process.env.CI) {
  throw new Error(`Chromium not found at ${CHROMIUM_PATH}: CI must install Debian's chromium package (.ci/run does).`);
}
if (!hasChromium) console.warn(`[skip] browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

/** Flags for a headless Chromium on a closed network (no background calls to Google). */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
