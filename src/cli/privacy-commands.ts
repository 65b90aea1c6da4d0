import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { closeContext, createContext } from '../server.js';
import { eraseFromCli, exportSubject, listRequests, replayFromCli } from './privacy.js';

async function withContext(run: (ctx: AppContext) => Promise<unknown>): Promise<void> {
  const ctx = await createContext(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
  try {
    await run(ctx);
  } finally {
    await closeContext(ctx);
  }
}

const log = (line: string): void => console.log(line);

/** `kodepos privacy requests|export|erase|replay-erasures`. */
export function registerPrivacyCommands(program: Command): void {
  const privacy = program.command('privacy').description('Data-subject requests, exports and erasure (privacy officer tools)');
  privacy
    .command('requests')
    .description('List privacy requests, soonest due first')
    .option('--status <status>', 'unverified, open, processing, completed, rejected or expired')
    .option('--workspace <id>', 'only this workspace’s requests')
    .action((opts: { status?: string; workspace?: string }) => withContext((ctx) => listRequests(ctx, opts, log)));
  privacy
    .command('export')
    .description('Write a copy of one person’s data (ZIP of JSON and CSV files with a report)')
    .requiredOption('--email <email>', 'the person’s email address')
    .option('--workspace <id>', 'a workspace’s contacts (default: the platform’s own data)')
    .option('--out <file>', 'where to write the ZIP')
    .action((opts: { email: string; workspace?: string; out?: string }) => withContext((ctx) => exportSubject(ctx, opts, log)));
  privacy
    .command('erase')
    .description('Erase one person’s data through the data map (cannot be undone)')
    .requiredOption('--email <email>', 'the person’s email address')
    .option('--workspace <id>', 'a workspace’s contacts (default: the platform’s own data)')
    .option('--yes', 'confirm the erasure')
    .action((opts: { email: string; workspace?: string; yes?: boolean }) => withContext((ctx) => eraseFromCli(ctx, opts, log)));
  privacy
    .command('replay-erasures')
    .description('Re-apply the erasure journal (after restoring a backup)')
    .action(() => withContext((ctx) => replayFromCli(ctx, log)));
}
