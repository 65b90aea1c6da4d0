/**
 * Preloaded (`--import`) into children the CRM benchmark profiles with `--cpu-prof`: Node writes
 * the profile only on a normal exit, so SIGTERM and SIGINT become `process.exit`, which lets a
 * profiled import stopped at the time limit still leave its profile behind.
 */
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => process.exit(143));
}
