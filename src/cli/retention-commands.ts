import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { closeContext, createContext } from '../server.js';
import { retentionRun, RetentionUsageError } from './retention.js';

/** `kodepos retention run [--dry-run] [--as-of DATE]`. */
export function registerRetentionCommands(program: Command): void {
  program
    .command('retention')
    .description('Retention: delete or anonymise what the data map says has outlived its period')
    .command('run')
    .description('Run retention now, or with --dry-run list each record it would touch')
    .option('--dry-run', 'list what would happen; change nothing')
    .option('--as-of <date>', 'with --dry-run: what a run on this date (YYYY-MM-DD) would do')
    .action(async (opts: { dryRun?: boolean; asOf?: string }) => {
      const ctx = await createContext(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
      try {
        const bar = opts.dryRun ? undefined : new SingleBar({ format: 'retention [{bar}] {value}/{total}', clearOnComplete: true }, Presets.shades_classic);
        process.exitCode = await retentionRun(ctx, opts, (l) => console.log(l), bar);
      } catch (err) {
        if (!(err instanceof RetentionUsageError)) throw err;
        console.error(err.message);
        process.exitCode = 2;
      } finally {
        await closeContext(ctx);
      }
    });
}
