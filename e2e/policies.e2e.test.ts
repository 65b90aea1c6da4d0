import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/modules/audit/test-support.js';
import { launchBrowser, newContext, startServer, type TestServer, verifyEmail } from './harness.js';

const stamp = Date.now();
const user = { name: 'Sari Setuju', email: `sari.${stamp}@example.com`, company: 'Toko Setuju', password: 'correct horse battery staple' };
const operator = { email: `ops.${stamp}@example.com`, password: 'operator passphrase 1' };

let server: TestServer;
let browser: Browser;
let context: BrowserContext;

async function loginCookie(email: string, password: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function call(cookie: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
}

describe('material policy change: publish → notice mail → the accept screen blocks until the user accepts', () => {
  beforeAll(async () => {
    server = await startServer();
    const reg = await fetch(`${server.baseUrl}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...user, ageConfirmed: true }) });
    expect(reg.status).toBe(201);
    await verifyEmail(server, user.email);
    const cli = await runCli(['admin', 'create', '--email', operator.email, '--password', operator.password, '--name', 'Ops'], server.dataDir);
    expect(cli.code, cli.stderr).toBe(0);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('asks the user to accept version 2.0 and lets them in afterwards', async () => {
    const ops = await loginCookie(operator.email, operator.password);
    const current = (await (await fetch(`${server.baseUrl}/public/v1/policy`)).json()) as { markdown: string };
    const draft = await call(ops, 'POST', '/api/v1/platform/policies', { version: '2.0', markdown: `${current.markdown}\n\n## 14. A new purpose\nWe now also do this.`, effectiveAt: new Date().toISOString(), material: true });
    expect(draft.status).toBe(201);
    const { id } = (await draft.json()) as { id: string };
    expect((await call(ops, 'POST', `/api/v1/platform/policies/${id}/publish`)).status).toBe(202);
    const notice = await server.waitForMail((m) => m.to.some((t) => t.includes(user.email)) && m.subject.includes('version 2.0'));
    expect(notice.text).toContain('/privacy');

    // The banner's stored choice is tied to the policy version, so it is made under 2.0.
    context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Work email').fill(user.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Our privacy policy has changed' }).waitFor();
    await page.getByText('A new purpose').waitFor();
    const accept = page.getByRole('button', { name: 'Accept and continue' });
    expect(await accept.isDisabled()).toBe(true);
    // Clicking the label ticks the box, as a person would.
    await page.getByText('I have read the privacy policy').click();
    expect(await page.getByRole('checkbox', { name: 'I have read the privacy policy' }).isChecked()).toBe(true);
    await accept.click();
    await page.getByRole('heading', { name: 'Our privacy policy has changed' }).waitFor({ state: 'detached' });

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'kodepos_session');
    expect((await call(`kodepos_session=${session?.value ?? ''}`, 'GET', '/api/v1/contacts')).status).toBe(200);
  }, 120_000);
});
