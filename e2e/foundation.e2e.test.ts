import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, newContext, screenshotDir, startServer, type TestServer } from './harness.js';

const owner = {
  name: 'Sari Wulandari',
  email: `sari.${Date.now()}@example.com`,
  company: 'Toko Sari',
  password: 'correct horse battery staple',
};
const teammate = `budi.${Date.now()}@example.com`;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function expectAccessible(name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

function heading(name: string) {
  return page.getByRole('heading', { level: 1, name });
}

function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s"'<>]+${path}\\?token=[^\\s"'<>]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in mail:\n${text}`);
  return match[0];
}

describe('foundation: sign-up, verification, login, invitations', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('signs up and shows the check-your-inbox screen', async () => {
    await page.goto('/signup');
    await heading('Create your account').waitFor();
    await expectAccessible('sign-up page');

    await page.getByLabel('Full name').fill(owner.name);
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByLabel('Company').fill(owner.company);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(owner.password);
    await page.getByLabel('I confirm I am 18 or older').check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading('Check your inbox').waitFor();
  });

  it('verifies the email address from the link in the outbox', async () => {
    const mail = await server.waitForMail((m) => m.to.includes(owner.email));
    await page.goto(linkIn(mail.text || mail.html, '/verify-email'));
    await heading('Email verified').waitFor();
    await page.getByRole('link', { name: 'Go to log in' }).click();
    await heading('Log in to Kodepos').waitFor();
  });

  it('logs in and lands on the dashboard', async () => {
    await expectAccessible('login page');
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Dashboard').waitFor();
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    await page.getByText(`Welcome, ${owner.name.split(' ')[0]}`).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('dashboard');
    await page.screenshot({ path: join(screenshotDir, 'dashboard.png'), fullPage: true });
  });

  it('invites a member from the members settings', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await heading('Members').waitFor();
    await page.getByRole('cell', { name: owner.email }).or(page.getByText(owner.email)).first().waitFor();
    await expectAccessible('members page');

    await page.getByLabel('Email address').fill(teammate);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('cell', { name: teammate, exact: true }).waitFor();

    const invitation = await server.waitForMail((m) => m.to.includes(teammate));
    expect(linkIn(invitation.text || invitation.html, '/invite')).toContain(server.baseUrl);
  });

  it('switches the interface to Bahasa Indonesia and remembers it', async () => {
    await page.getByRole('button', { name: /^Language/ }).click();
    await page.getByRole('menuitem', { name: 'Bahasa Indonesia' }).click();
    await heading('Anggota').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');

    await page.reload();
    await heading('Anggota').waitFor();
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await heading('Dasbor').waitFor();
  });
});
