import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInPage, newContext, registerVerified, signIn, startServer, type TestServer } from './harness.js';

const stamp = Date.now();
const owner = { name: 'Putri Pemilik', email: `putri.${stamp}@example.com`, company: 'Bocor Data', password: 'correct horse battery staple' };
const affected = `terdampak.${stamp}@example.com`;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let cookie = '';
let workspaceId = '';

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

describe('breach register: register → find the affected people → notify → the notice lands in the outbox', () => {
  beforeAll(async () => {
    server = await startServer();
    ({ workspaceId } = await registerVerified(server, owner));
    cookie = await signIn(server, owner.email, owner.password);
    // The contact whose row the breach exposed.
    await call('POST', '/api/v1/contacts', { firstName: 'Tari', email: affected });
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('walks the officer through the whole notification', async () => {
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await logInPage(page, owner.email, owner.password);
    await page.getByRole('button', { name: 'Privacy' }).click();
    await page.getByRole('link', { name: 'Breaches', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Breach register' }).waitFor();

    await page.getByRole('button', { name: 'Register a breach' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a breach' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Contacts export on a public share');
    await dialog.getByRole('textbox', { name: 'What happened' }).fill('A CSV export of contacts was reachable by link for two days.');
    await dialog.getByRole('textbox', { name: 'Data categories' }).fill('contact, identity');
    await dialog.getByRole('textbox', { name: 'Approximate number of people' }).fill('1');
    await dialog.getByRole('textbox', { name: 'Measures taken or proposed' }).fill('Link revoked, access logs reviewed.');
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Contacts export on a public share' }).waitFor();
    await expect(page.getByTestId('countdown').first().textContent()).resolves.toMatch(/left/);

    await page.getByRole('checkbox', { name: /\(contacts\)$/ }).check();
    await page.getByRole('button', { name: 'Find affected people' }).click();
    await expect(page.getByTestId('affected-count').textContent()).resolves.toBe('1 person found');
    await page.getByText(affected).waitFor();

    await page.getByRole('button', { name: 'Send the notice' }).click();
    const mail = await server.waitForMail((m) => m.to.includes(affected), 20_000);
    expect(mail.subject).toBe('Notice of a personal data breach from Bocor Data');
    expect(mail.text).toContain('Link revoked, access logs reviewed.');
    await page.getByTestId('recipients').filter({ hasText: 'Sent 1' }).waitFor();
    await page.getByText('Notice sending finished').waitFor();
  }, 120_000);

  it('takes a report of a minor on the public portal into the officer’s queue, and erases the contact at once', async () => {
    const child = `anak.${stamp}@example.com`;
    await call('POST', '/api/v1/contacts', { firstName: 'Kecil', email: child });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`/privacy-request?workspaceId=${workspaceId}`);
    const section = page.getByRole('region', { name: 'Report a child’s data' });
    await section.getByRole('textbox', { name: /child’s email address/ }).fill(child);
    await section.getByRole('button', { name: 'Send report' }).click();
    await section.getByText('Thank you: the privacy officer will erase the data.').waitFor();

    await page.goto('/governance/breaches');
    const row = page.getByRole('row').filter({ hasText: child });
    await row.getByRole('button', { name: 'Erase now' }).click();
    await page.getByRole('row').filter({ hasText: 'Erased' }).waitFor();
    const left = (await call('GET', `/api/v1/contacts?q=${encodeURIComponent(child)}`)) as { data: unknown[] };
    expect(left.data).toEqual([]);

    // A report about an adult is dismissed with a reason, and nothing is erased.
    const adult = `dewasa.${stamp}@example.com`;
    await call('POST', '/api/v1/contacts', { firstName: 'Dewasa', email: adult });
    await page.goto(`/privacy-request?workspaceId=${workspaceId}`);
    await section.getByRole('textbox', { name: /child’s email address/ }).fill(adult);
    await section.getByRole('button', { name: 'Send report' }).click();
    await section.getByText('Thank you: the privacy officer will erase the data.').waitFor();
    await page.goto('/governance/breaches');
    await page.getByRole('row').filter({ hasText: adult }).getByRole('button', { name: 'Dismiss' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dismiss this report' });
    await dialog.getByRole('textbox').fill('The person showed an ID: 34 years old.');
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'Dismissed' }).waitFor();
    const kept = (await call('GET', `/api/v1/contacts?q=${encodeURIComponent(adult)}`)) as { data: unknown[] };
    expect(kept.data).toHaveLength(1);
  }, 120_000);
});
