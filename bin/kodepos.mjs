#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout (tsx compiles on load; no build step).
import { spawn } from 'node:child_process';
import { register } from 'tsx/esm/api';

/**
 * `kodepos import` streams a file of any size in bounded batches, yet with V8's default heap limit
 * (a quarter of the machine's memory) garbage is left to pile up between collections: a
 * 1,000,000-row import peaked over 512 MB. With a 256 MB old generation it peaks near 310 MB for
 * 4 % more CPU. The command runs again in a child with that limit, unless a limit was given.
 */
const IMPORT_HEAP_MB = 256;
const limited = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-old-space-size'));

if (process.argv[2] === 'import' && !limited) {
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${IMPORT_HEAP_MB}`, ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  register();
  await import('../src/main.ts');
}
