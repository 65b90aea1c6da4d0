import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, newContext, repoRoot, screenshotDir, startServer, type TestServer, verifyEmail, signIn } from './harness.js';

/**
 * Forms in Chromium: the builder screen, the hosted page filled and sent as a plain form POST,
 * and the snippet's embedded form on a customer's site (another origin).
 */

interface FormDef {
  id: string;
  hostedUrl: string;
  consents: { versionId: string }[];
}
interface Submission {
  email: string;
  contactId: string | null;
  consents: { purpose: string; versionId: string; granted: boolean }[];
}

const owner = { name: 'Fitri Forms', email: 'fitri@forms-e2e.example', password: 'correct horse battery', company: 'Toko Forms' };
let server: TestServer;
let browser: Browser;
let cookie = '';
let form: FormDef;
const contexts: BrowserContext[] = [];
let shopServer: Server | undefined;

async function apiCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signUpAndLogin(): Promise<void> {
  const reg = await fetch(`${server.baseUrl}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...owner, ageConfirmed: true }) });
  expect(reg.status).toBe(201);
  await verifyEmail(server, owner.email);
  cookie = await signIn(server, owner.email, owner.password);
}

async function rejectBanner(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('forms', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await signUpAndLogin();
    const me = await apiCall<{ user: { id: string } }>('GET', '/api/v1/me');
    form = await apiCall<FormDef>('POST', '/api/v1/forms', {
      name: 'Contact us',
      status: 'published',
      ownerPool: [me.user.id],
      fields: [
        { key: 'name', label: { en: 'Your name', id: 'Nama Anda' }, type: 'text', required: true, mapsTo: 'firstName' },
        { key: 'email', label: { en: 'Email', id: 'Email' }, type: 'email', required: true, mapsTo: 'email' },
        { key: 'message', label: { en: 'Message', id: 'Pesan' }, type: 'textarea' },
      ],
      consents: [{ key: 'news', purpose: 'marketing', text: { en: 'Send me news by email.', id: 'Kirimi saya kabar lewat email.' } }],
    });
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    await new Promise((ok) => (shopServer ? shopServer.close(ok) : ok(undefined)));
  });

  it('the hosted page is accessible and works as a plain form POST: errors beside fields, then a thank-you page', async () => {
    const context = await newContext(browser, server.baseUrl, { consentBanner: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`/f/${form.id}`);
    await rejectBanner(page, 'Reject all');
    expect(await page.getByRole('checkbox', { name: 'Send me news by email.' }).isChecked()).toBe(false);
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await page.getByLabel('Your name').fill('Gita');
    await page.getByRole('textbox', { name: /^Email/ }).fill('not an email');
    // Without the browser's own checks, as a browser without them would send it.
    await page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { noValidate: boolean } } }).document.querySelector('form[data-kodepos-hosted-form]').noValidate = true);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('textbox', { name: /^Email/ }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Gita');

    // The age gate is on for a new form: the 18+ box is required and was marked as missing.
    const age = page.getByRole('checkbox', { name: /I confirm that I am 18 years of age or older/ });
    expect(await age.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('textbox', { name: /^Email/ }).fill('gita@pelanggan.example');
    await page.getByRole('checkbox', { name: 'Send me news by email.' }).check();
    await age.check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'forms-hosted-thanks.png') });

    const subs = await apiCall<{ data: Submission[] }>('GET', `/api/v1/forms/${form.id}/submissions`);
    expect(subs.data[0]).toMatchObject({ email: 'gita@pelanggan.example', consents: [{ purpose: 'marketing', versionId: form.consents[0]!.versionId, granted: true }] });
    expect(subs.data[0]!.contactId).toBeTruthy();
  });

  it('the snippet renders the form on a customer’s site in Bahasa Indonesia and sends it cross-origin', async () => {
    const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Toko Kopi</title>
<script src="${server.baseUrl}/snippet.js" defer></script></head>
<body><main><h1>Hubungi kami</h1><div data-kodepos-form="${form.id}"></div></main></body></html>`;
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    shopServer = site;
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`http://localhost:${(site.address() as AddressInfo).port}/kontak`);
    await rejectBanner(page, 'Tolak semua');
    await page.getByLabel('Nama Anda').fill('Hadi');
    await page.getByRole('textbox', { name: /^Email/ }).fill('hadi@pelanggan.example');
    expect(await page.getByRole('checkbox', { name: 'Kirimi saya kabar lewat email.' }).isChecked()).toBe(false);
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    const refused = page.waitForResponse((r) => r.url().endsWith('/submissions') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Kirim' }).click();
    expect((await refused).status()).toBe(400);
    const age = page.getByRole('checkbox', { name: /Saya menyatakan bahwa usia saya 18 tahun atau lebih/ });
    expect(await age.getAttribute('aria-invalid')).toBe('true');
    await age.check();
    const posted = page.waitForResponse((r) => r.url().endsWith('/submissions') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Kirim' }).click();
    expect((await posted).status()).toBe(201);
    await page.getByRole('status').filter({ hasText: 'Terima kasih' }).waitFor();
    const subs = await apiCall<{ data: Submission[] }>('GET', `/api/v1/forms/${form.id}/submissions`);
    expect(subs.data[0]).toMatchObject({ email: 'hadi@pelanggan.example', consents: [{ purpose: 'marketing', granted: false }] });
  });

  it('the builder shows the form, its versioned consent wording, a preview and the embed code', async () => {
    const context = await newContext(browser, server.baseUrl);
    contexts.push(context);
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`/marketing/forms/${form.id}`);
    await page.getByRole('heading', { name: 'Contact us', level: 1 }).waitFor();
    expect(await page.getByLabel('Wording (English)').inputValue()).toBe('Send me news by email.');
    expect(await page.getByRole('switch', { name: /Ask for age confirmation/ }).isChecked()).toBe(true);
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByRole('checkbox', { name: 'Send me news by email.' }).waitFor();
    await page.getByRole('checkbox', { name: /I confirm that I am 18 years of age or older/ }).waitFor();
    await page.getByRole('tab', { name: 'Embed' }).click();
    expect(await page.getByText(`data-kodepos-form="${form.id}"`).count()).toBeGreaterThan(0);
  });

  it('a visitor requests a demo on /demo; an operator sees it assigned to them, marks it contacted and rewords the demo form’s consent', async () => {
    const operator = { name: 'Rudi Sales', email: 'rudi.sales@kodepos-e2e.example', password: 'operator passphrase 42' };
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.dataDir, BASE_URL: server.baseUrl, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    await promisify(execFile)(process.execPath, ['bin/kodepos.mjs', 'admin', 'create', '--email', operator.email, '--password', operator.password, '--name', operator.name], { cwd: repoRoot, env });

    const visitor = await newContext(browser, server.baseUrl, { consentBanner: true });
    contexts.push(visitor);
    const page = await visitor.newPage();
    await page.goto('/demo');
    await rejectBanner(page, 'Reject all');
    await page.getByRole('heading', { name: 'Request a demo', level: 1 }).waitFor();
    await page.getByLabel(/^First name/).fill('Dewi');
    await page.getByRole('textbox', { name: /^Work email/ }).fill('dewi@prospek.example');
    await page.getByLabel(/^Company name/).fill('PT Prospek');
    // Policy §12: the operator's demo form asks for the 18+ confirmation too.
    await page.getByRole('checkbox', { name: /I confirm that I am 18 years of age or older/ }).check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();

    const ops = await newContext(browser, server.baseUrl);
    contexts.push(ops);
    const op = await ops.newPage();
    await op.goto('/login');
    await op.getByLabel('Work email').fill(operator.email);
    await op.getByRole('textbox', { name: 'Password', exact: true }).fill(operator.password);
    await op.getByRole('button', { name: 'Log in' }).click();
    await op.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await op.getByRole('link', { name: 'Demo requests' }).click();
    await op.getByRole('heading', { level: 1, name: 'Demo requests' }).waitFor();
    const row = op.getByRole('row', { name: /Dewi/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('PT Prospek');
    // The operators' names come from a second query that may answer after the rows: wait for it.
    await row.getByText(operator.name).waitFor();
    await row.getByRole('combobox', { name: /^Status of the request from Dewi/ }).click();
    const patched = op.waitForResponse((r) => r.url().includes('/api/v1/platform/demo-requests/') && r.request().method() === 'PATCH');
    await op.getByRole('option', { name: 'Contacted' }).click();
    expect((await patched).status()).toBe(200);
    const violations = await axeViolations(op);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // The operator changes the consent wording of the demo form: /demo shows the new words.
    await op.getByRole('link', { name: 'Edit the demo form' }).click();
    await op.getByRole('heading', { level: 1, name: 'Request a demo' }).waitFor();
    await op.getByLabel('Wording (English)').fill('Send me Kodepos news by email. I can unsubscribe at any time.');
    const saved = op.waitForResponse((r) => r.url().endsWith('/api/v1/platform/demo-form') && r.request().method() === 'PATCH');
    await op.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    expect(await (await fetch(`${server.baseUrl}/demo`)).text()).toContain('Send me Kodepos news by email.');
  });
});
