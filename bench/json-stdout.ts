/**
 * Imported first by bench/run.ts: with `--json`, stdout carries the one JSON object alone, so
 * everything else that would print there (console.log/info from dependencies at import time,
 * such as @colyseus/tools' ".env file not found" line) goes to stderr instead.
 *   import './json-stdout.js';   // must be the first import
 * Cost: none without --json.
 */
if (process.argv.includes('--json')) {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
