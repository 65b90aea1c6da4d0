import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Result as AxeResult, RunOptions } from 'axe-core';
import { simpleParser, type AddressObject } from 'mailparser';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { choiceTag, choiceValue } from '../snippet/src/choice.js';

export const repoRoot = resolve(import.meta.dirname, '..');
export const screenshotDir = join(repoRoot, '.tmp', 'screenshots');
const require = createRequire(import.meta.url);

export interface OutboxMail {
  file: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface TestServer {
  baseUrl: string;
  dataDir: string;
  /** Every mail written to `<dataDir>/outbox`, oldest first. */
  readOutbox(): Promise<OutboxMail[]>;
  /** Polls the outbox until a mail matches, so tests do not race the mail job. */
  waitForMail(match: (mail: OutboxMail) => boolean, timeoutMs?: number): Promise<OutboxMail>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Pass this process's DATABASE_URL to the server (PostgreSQL runs); otherwise embedded SQLite. */
  useDatabaseUrl?: boolean;
  env?: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

let webBuilt: Promise<unknown> | null = null;

/** The server serves web/dist; build it once per run (the script skips when it is current). */
function ensureWebBuild(): Promise<unknown> {
  webBuilt ??= promisify(execFile)(process.execPath, ['scripts/build-web.mjs'], { cwd: repoRoot });
  return webBuilt;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

async function readOutbox(dataDir: string): Promise<OutboxMail[]> {
  const dir = join(dataDir, 'outbox');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  const files = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(dir, name))).mtimeMs })));
  files.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
  return Promise.all(
    files.map(async ({ name }) => {
      const parsed = await simpleParser(await readFile(join(dir, name)));
      return {
        file: name,
        to: addresses(parsed.to),
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
      };
    }),
  );
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy in 90 s:\n${output()}`);
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  await ensureWebBuild();
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'kodepos-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  Object.assign(env, {
    PORT: String(port),
    DATA_DIR: dataDir,
    BASE_URL: baseUrl,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  if (options.useDatabaseUrl && process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;

  const child = spawn(process.execPath, ['bin/kodepos.mjs', 'start'], { cwd: repoRoot, env, stdio: 'pipe' });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    baseUrl,
    dataDir,
    readOutbox: () => readOutbox(dataDir),
    async waitForMail(match, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await readOutbox(dataDir)).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no matching mail arrived in the outbox');
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    stop,
  };
}

/** Confirms a new account's address with the link from its verification mail. */
export async function verifyEmail(server: TestServer, email: string): Promise<void> {
  const mail = await server.waitForMail((m) => m.to.includes(email) && /verify-email\?token=/.test(m.text || m.html));
  const token = /verify-email\?token=([^\s"'<>&]+)/.exec(mail.text || mail.html)?.[1];
  if (!token) throw new Error('no verification link in the mail');
  const res = await fetch(`${server.baseUrl}/api/v1/auth/verify-email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: decodeURIComponent(token) }),
  });
  if (!res.ok) throw new Error(`verify-email answered ${res.status}`);
}

/** Registers an account (18+ confirmed) over the API and confirms its address: ready to sign in. Returns its workspace. */
export async function registerVerified(server: TestServer, account: Record<string, unknown> & { email: string }): Promise<{ workspaceId: string }> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...account, ageConfirmed: true }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}`);
  const { workspace } = (await res.json()) as { workspace: { id: string } };
  await verifyEmail(server, account.email);
  return { workspaceId: workspace.id };
}

/** Signs in through the login page and waits to leave it. */
export async function logInPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Signs in over the API and returns the session cookie (`name=value`). */
export async function signIn(server: TestServer, email: string, password: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export async function launchBrowser(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    headless: true,
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context on the server. CSP is bypassed only so axe-core can be injected as a script tag;
 * the app itself is tested under the server's real policy by every page it loads before that.
 */
export async function newContext(
  browser: Browser,
  baseUrl: string,
  options: { consentBanner?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
    bypassCSP: true,
  });
  if (!options.consentBanner) await context.addCookies([await necessaryOnlyChoice(baseUrl)]);
  return context;
}

/**
 * A "necessary only" answer to the consent banner under the policy in force, as the banner stores
 * it: every platform page loads the banner, and a test about something else should not have to
 * answer it first. `newContext(…, { consentBanner: true })` starts without it.
 */
export async function necessaryOnlyChoice(baseUrl: string): Promise<{ name: string; value: string; url: string }> {
  const res = await fetch(`${baseUrl}/public/v1/policy`);
  const policy = res.ok ? ((await res.json()) as { version: string }) : undefined;
  const none = { analytics: false, marketing: false, personalization: false, ads: false };
  return { name: 'kodepos_consent', value: choiceValue(none, choiceTag(policy?.version), Date.now()), url: baseUrl };
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

interface AxeGlobal {
  axe: { run(options: RunOptions): Promise<{ violations: AxeResult[] }> };
}

/** Serious and critical accessibility violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as AxeGlobal;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
