import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { createDb } from './db/db.js';
import { migrateToLatest } from './db/migrate.js';
import { setSettingOnce } from './db/settings.js';
import { buildApp } from './http/app.js';
import { createQueue } from './jobs/index.js';
import { registerJobMaintenance } from './jobs/maintenance.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLogger, type Logger } from './logger.js';
import { countingMailer, flushMailFlows } from './mail/disclosure.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { logMailFlows } from './modules/governance/disclosures.js';
import { moduleJobs } from './modules/index.js';
import { ensureDefaultPolicy } from './modules/governance/service.js';
import { startSmtpListener } from './modules/service/smtp-listener.js';

export interface ContextOptions {
  clock?: Clock;
  log?: Logger;
  mailer?: Mailer;
  migrate?: boolean;
}

/** Builds everything a running Kodepos needs: database (migrated), queue with its handlers, mailer. */
export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const log = opts.log ?? createLogger(config.logLevel);
  const db = await createDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, pgSchema: config.pgSchema });
  if (opts.migrate !== false) await migrateToLatest(db);
  const clock = opts.clock ?? systemClock;
  const secret =
    config.appSecret ?? (await setSettingOnce(db, 'app_secret', randomBytes(32).toString('base64url'), clock.now().toISOString()));
  const ctx: AppContext = {
    config,
    db,
    clock,
    log,
    secret,
    mailer: opts.mailer ?? createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: config.mailFrom }),
    queue: createQueue(db, { clock, onError: (err) => log.error({ err }, 'job queue error') }),
  };
  // Mail through a real SMTP provider is counted for the disclosure log (batched, no write per mail).
  if (config.smtpUrl && !opts.mailer) ctx.mailer = countingMailer(ctx.mailer, (b) => logMailFlows(ctx, b), { now: () => clock.now(), onError: (err) => log.error({ err }, 'could not log mail disclosures') });
  for (const register of moduleJobs) register(ctx);
  registerJobMaintenance(ctx);
  await ensureDefaultPolicy(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.queue.stop();
  await flushMailFlows(ctx.mailer);
  ctx.mailer.close();
  await ctx.db.close();
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  /** Port of the service mail SMTP listener, when SERVICE_SMTP_PORT is set. */
  smtpPort: number | null;
  close(): Promise<void>;
}

export async function startServer(config: Config, opts: ContextOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, opts);
  const app = await buildApp(ctx);
  if (config.jobs) await ctx.queue.start();
  const url = await app.listen({ port: config.port, host: config.host });
  ctx.log.info({ url }, 'Kodepos is listening');
  const smtp = config.serviceSmtp ? await startSmtpListener(ctx, config.serviceSmtp) : null;
  if (smtp) ctx.log.info({ port: smtp.port }, 'Service mail SMTP listener is listening');
  return {
    app,
    ctx,
    url,
    smtpPort: smtp?.port ?? null,
    async close() {
      await smtp?.close();
      await app.close();
      await closeContext(ctx);
    },
  };
}
