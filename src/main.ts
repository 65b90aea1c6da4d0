import { Command } from 'commander';
import { loadConfig } from './config.js';
import { createDb } from './db/db.js';
import { migrateToLatest } from './db/migrate.js';
import { createOperator } from './cli/admin.js';
import { runImportCommand, type ImportCommandOptions } from './cli/import.js';
import { formatSeedSummary, seedDemo } from './cli/seed.js';
import { registerPrivacyCommands } from './cli/privacy-commands.js';
import { registerRetentionCommands } from './cli/retention-commands.js';
import * as audit from './modules/audit/service.js';
import { closeContext, createContext, startServer } from './server.js';

const program = new Command();
program.name('kodepos').description('Kodepos: Sales, Marketing, CRM and Service with privacy built in').showHelpAfterError();

program
  .command('start')
  .description('Start the server (migrates the database first). PORT, DATA_DIR, DATABASE_URL, BASE_URL configure it')
  .action(async () => {
    const config = loadConfig();
    const server = await startServer(config);
    console.log(`Kodepos is running at ${config.baseUrl} (data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`);
    const shutdown = (): void => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const db = await createDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    try {
      const { applied } = await migrateToLatest(db);
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date');
    } finally {
      await db.close();
    }
  });

const admin = program.command('admin').description('Platform administration');
admin
  .command('create')
  .description('Create a platform operator (also the platform privacy officer)')
  .requiredOption('--email <email>', 'sign-in email')
  .requiredOption('--password <password>', 'password, at least 10 characters')
  .requiredOption('--name <name>', 'display name')
  .action(async (opts: { email: string; password: string; name: string }) => {
    const ctx = await createContext(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
    try {
      const r = await createOperator(ctx, opts);
      console.log(r.created ? `Created platform operator ${r.id}` : `Promoted existing user ${r.id} to platform operator`);
    } finally {
      await closeContext(ctx);
    }
  });

program
  .command('seed')
  .description(
    'Load demo data: the workspace "Nusantara Niaga (Demo)" (data region ID) with the owner demo@kodepos.local, ' +
      'members from Indonesia and the US, a pending invitation and an API key. Safe to run again: nothing is duplicated',
  )
  .requiredOption('--demo', 'create (or complete) the demo workspace')
  .option('--password <password>', 'password for demo@kodepos.local, at least 10 characters (default: generated and printed once)')
  .action(async (opts: { demo: boolean; password?: string }) => {
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
    const ctx = await createContext(config);
    try {
      console.log(formatSeedSummary(await seedDemo(ctx, { password: opts.password }), config.baseUrl));
    } finally {
      await closeContext(ctx);
    }
  });

program
  .command('import')
  .description('Import contacts or companies from a CSV file into a workspace, as the system actor, with a progress bar')
  .argument('<file>', 'CSV file: UTF-8 (with or without BOM) or UTF-16 with BOM, header row first, at most 2 GB (uploads over HTTP: 50 MB)')
  .requiredOption('--workspace <id>', 'the workspace to import into')
  .requiredOption('--object <object>', 'contact or company')
  .option('--mapping <json>', 'JSON {"<csv header>": "<field>" | null} over the automatic mapping')
  .option('--dedupe <mode>', 'rows whose email (contacts) or domain (companies) exists: create, update or skip', 'update')
  .option('--dry-run', 'check every row and print what would happen; write nothing')
  .action(async (file: string, opts: ImportCommandOptions) => {
    const ctx = await createContext(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
    try {
      process.exitCode = await runImportCommand(ctx, file, opts, { log: (line) => console.log(line), stream: process.stderr });
    } finally {
      await closeContext(ctx);
    }
  });

const auditCmd = program.command('audit').description('Audit log');
auditCmd
  .command('verify')
  .description('Check the hash chain of the audit log; exit code 0 only when it is intact')
  .action(async () => {
    const config = loadConfig();
    const db = await createDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    try {
      await migrateToLatest(db);
      const r = await audit.verify(db);
      if (r.ok) {
        console.log(`Audit log intact: ${r.rows} entries verified`);
      } else {
        console.error(`Audit log BROKEN (${r.rows} entries read):`);
        for (const p of r.problems) console.error(`  entry ${p.seq}: ${p.problem}`);
        process.exitCode = 1;
      }
    } finally {
      await db.close();
    }
  });

registerPrivacyCommands(program);
registerRetentionCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
