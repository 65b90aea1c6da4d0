import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, newContext, screenshotDir, startServer, type TestServer, verifyEmail, signIn } from './harness.js';

/**
 * Email marketing in Chromium: a list made on the Lists page, a campaign built in the editor (live
 * preview), sent, and found in the outbox — only for the contact who agreed to marketing — with
 * its one-click unsubscribe link; the report shows what went out.
 */

const owner = { name: 'Maya Marketing', email: 'maya@marketing-e2e.example', password: 'correct horse battery', company: 'Toko Kampanye' };
let server: TestServer;
let browser: Browser;
let cookie = '';
const contexts: BrowserContext[] = [];

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

async function signedInPage(): Promise<Page> {
  const context = await newContext(browser, server.baseUrl);
  contexts.push(context);
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.baseUrl }]);
  return context.newPage();
}

async function pick(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('email marketing', () => {
  let listId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await signUpAndLogin();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser.close();
    await server.stop();
  });

  it('makes a list and a segment with a live count', async () => {
    const page = await signedInPage();
    await page.goto('/marketing/lists');
    await page.getByRole('heading', { name: 'Lists', level: 1 }).waitFor();
    await page.getByLabel('New list').fill('Newsletter');
    await page.getByRole('button', { name: 'Create list' }).click();
    await page.getByRole('cell', { name: 'Newsletter', exact: true }).waitFor();
    const lists = await apiCall<{ data: { id: string; name: string }[] }>('GET', '/api/v1/lists');
    listId = lists.data.find((l) => l.name === 'Newsletter')?.id ?? '';
    expect(listId).not.toBe('');
    const yes = await apiCall<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Ani', email: 'ani@pelanggan.example' });
    await apiCall('POST', `/api/v1/contacts/${yes.id}/consents`, { purpose: 'marketing', granted: true, source: 'form' });
    const no = await apiCall<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Budi', email: 'budi@pelanggan.example' });
    await apiCall('POST', `/api/v1/lists/${listId}/members`, { contactIds: [yes.id, no.id] });
    await page.reload();
    await page.getByRole('row', { name: /Newsletter\s+2/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A segment counts live: by default it asks for marketing consent, which one of the two gave.
    await page.goto('/marketing/segments');
    await page.getByLabel('New segment').fill('Subscribed');
    await page.getByTestId('segment-count').filter({ hasText: '1 contacts match now' }).waitFor();
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('row', { name: /Subscribed.*1$/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offers the workspace custom fields in the segment builder, with their options as values', async () => {
    await apiCall('POST', '/api/v1/custom-fields', { object: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['gold', 'silver'] });
    const gold = await apiCall<{ id: string }>('POST', '/api/v1/contacts', { firstName: 'Citra', email: 'citra@pelanggan.example', customFields: { plan: 'gold' } });
    expect(gold.id).not.toBe('');
    const page = await signedInPage();
    await page.goto('/marketing/segments');
    await page.getByLabel('New segment').fill('Gold plan');
    await pick(page, 'Field', 'Plan');
    await pick(page, 'Value', 'gold');
    await page.getByTestId('segment-count').filter({ hasText: '1 contacts match now' }).waitFor();
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('row', { name: /Gold plan\s+Plan eq "gold"\s+1$/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('builds a campaign with a live preview, sends it, and only the consenting contact gets it', async () => {
    const page = await signedInPage();
    await page.goto('/marketing/campaigns');
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Sending settings' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Name').fill('November news');
    await pick(page, 'Category', 'Promotion');
    await pick(page, 'Audience (list or segment)', 'Newsletter (2)');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: 'November news', level: 1 }).waitFor();

    await page.getByLabel('Subject').fill('Diskon untuk {{firstName}}');
    await page.getByLabel('Body (HTML)').fill('<h1>Halo {{firstName}}</h1><p>Diskon 20% minggu ini. <a href="https://toko.example/diskon">Lihat</a></p>');
    await page.getByTestId('preview-subject').filter({ hasText: 'Diskon untuk Ani' }).waitFor();
    const preview = page.frameLocator('iframe[title="Preview of the email body"]');
    await preview.getByRole('heading', { name: 'Halo Ani' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'marketing-editor.png'), fullPage: true });

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Send a test to me' }).click();
    const test = await server.waitForMail((m) => m.to.includes(owner.email) && m.subject === '[Test] Diskon untuk Maya');
    expect(test.html).toContain('Halo Maya');

    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByTestId('campaign-status').filter({ hasText: 'Sent' }).waitFor({ timeout: 30_000 });
    const mail = await server.waitForMail((m) => m.to.includes('ani@pelanggan.example') && m.subject === 'Diskon untuk Ani');
    expect(mail.html).toContain('Halo Ani');
    expect(mail.text).toMatch(/\/public\/v1\/email\/unsubscribe\//);
    expect((await server.readOutbox()).filter((m) => m.to.includes('budi@pelanggan.example'))).toEqual([]);

    await page.getByTestId('report-sent').filter({ hasText: '1' }).waitFor();
    await page.getByText('No consent: 1').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'marketing-report.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The link in the mail unsubscribes with one press, no login.
    const link = /(https?:\/\/[^\s)]+\/public\/v1\/email\/unsubscribe\/[^\s)]+)/.exec(mail.text)?.[1] ?? '';
    const visitor = await newContext(browser, server.baseUrl);
    contexts.push(visitor);
    const p2 = await visitor.newPage();
    await p2.goto(link.replace(/^https?:\/\/[^/]+/, ''));
    await p2.getByRole('button', { name: 'Unsubscribe' }).click();
    await p2.getByRole('status').filter({ hasText: 'You are unsubscribed' }).waitFor();
  });

  it('shows the suppression list by reason and date, checks a typed address and suppresses one by hand', async () => {
    const page = await signedInPage();
    await page.goto('/marketing/suppressions');
    await page.getByRole('heading', { name: 'Suppressions', level: 1 }).waitFor();
    await page.getByTestId('suppressions-table').getByText('Unsubscribed').waitFor();
    expect(await page.getByTestId('suppressions-table').textContent()).not.toContain('pelanggan.example');
    await page.getByLabel('Email address').fill('ani@pelanggan.example');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('suppression-check').filter({ hasText: 'This address is suppressed' }).waitFor();
    await page.getByLabel('Email address').fill('budi@pelanggan.example');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('suppression-check').filter({ hasText: 'This address is not suppressed' }).waitFor();
    await page.getByRole('button', { name: 'Suppress' }).click();
    await page.getByTestId('suppression-check').filter({ hasText: 'Added by hand' }).waitFor();
    await page.getByTestId('suppressions-table').getByText('Added by hand').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
