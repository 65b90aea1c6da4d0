import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { simpleParser } from 'mailparser';
import { loadConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { DialectName } from '../db/dialect.js';
import { buildApp } from '../http/app.js';
import { ManualClock } from '../lib/clock.js';
import { createLogger } from '../logger.js';
import { closeContext, createContext } from '../server.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  t: TestDb;
  /** Runs queued jobs (mail sends) now. */
  drain(): Promise<void>;
  outbox(): Promise<OutboxMail[]>;
  close(): Promise<void>;
}

export interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
}

/**
 * A whole Kodepos on a fresh database of the given dialect, with a manual clock and the outbox
 * mail transport; requests go through `app.inject` (the real routing, hooks and serialisers).
 */
export async function createTestApp(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestApp> {
  const t = await createTestDb(dialect, { migrate: false });
  const clock = new ManualClock(new Date());
  const config = loadConfig(
    { NODE_ENV: 'test', DATA_DIR: t.dataDir, BASE_URL: 'http://kodepos.test', LOG_LEVEL: 'silent', APP_SECRET: 'test-secret-test-secret-test-secret-42' },
    {
      databaseUrl: t.db.dialect === 'postgres' ? t.db.pg?.url : undefined,
      pgSchema: t.db.pg?.schema,
      jobs: false,
      ...overrides,
    },
  );
  // The context opens its own connection to the same file or schema; t.db stays open for cleanup.
  const ctx = await createContext(config, { clock, log: createLogger('silent') });
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    clock,
    t,
    drain: () => ctx.queue.drain(),
    outbox: () => readOutbox(t.dataDir),
    async close() {
      await app.close();
      await closeContext(ctx);
      await t.cleanup();
    },
  };
}

export async function readOutbox(dataDir: string): Promise<OutboxMail[]> {
  const dir = join(dataDir, 'outbox');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  const out: OutboxMail[] = [];
  for (const f of files) {
    const parsed = await simpleParser(readFileSync(join(dir, f)));
    const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
    out.push({ file: f, to: to ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '', headers: parsed.headers });
  }
  return out;
}

/** The first link in a mail's text that starts with `prefix`, and its token parameter. */
export function linkToken(mail: OutboxMail, path: string): string {
  const m = new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m?.[1]) throw new Error(`no ${path} link in mail "${mail.subject}"`);
  return m[1];
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'kodepos_session');
  if (!c) throw new Error('no session cookie set');
  return `kodepos_session=${c.value}`;
}

/** Registers, verifies and logs a user in; returns the cookie header and the ids. */
export async function signUp(
  ta: TestApp,
  who: { email: string; name?: string; company?: string; password?: string },
): Promise<{ cookie: string; userId: string; workspaceId: string }> {
  const password = who.password ?? 'correct horse battery';
  const reg = await ta.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { name: who.name ?? 'Test User', email: who.email, password, company: who.company ?? 'Test Co', ageConfirmed: true },
  });
  if (reg.statusCode !== 201) throw new Error(`register failed: ${reg.statusCode} ${reg.body}`);
  const body = json<{ user: { id: string }; workspace: { id: string } }>(reg);
  const login = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: who.email, password } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  return { cookie: sessionCookie(login), userId: body.user.id, workspaceId: body.workspace.id };
}
