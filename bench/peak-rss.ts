/**
 * Preload for benchmarked child processes: on exit, prints one line on stderr,
 * `peak-rss-kib <n> cpu-ms <m>`: the process's peak resident set size
 * (`process.resourceUsage().maxRSS`, the kernel's ru_maxrss, the same as VmHWM in
 * /proc/<pid>/status, in KiB) and the CPU time it used (user + system, all threads), which
 * bench/cli.ts reads (PEAK_RSS_PATTERN there). Side effect only: import it in the child, never
 * in the bench itself.
 *   node --import tsx --import ./bench/peak-rss.ts src/cli/main.ts generate --count 1000 ...
 * Cost: one listener; one syscall at exit.
 */
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\npeak-rss-kib ${u.maxRSS} cpu-ms ${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
});
export {};
