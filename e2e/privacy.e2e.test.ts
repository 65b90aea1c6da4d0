import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  launchBrowser,
  newContext,
  repoRoot,
  screenshotDir,
  startServer,
  type OutboxMail,
  type TestServer,
  verifyEmail,
} from './harness.js';

const stamp = Date.now();
const subject = {
  name: 'Dewi Anggraini',
  email: `dewi.${stamp}@example.com`,
  company: 'Kopi Dewi',
  password: 'correct horse battery staple',
};
const operator = { name: 'Rudi Ops', email: `ops.${stamp}@example.com`, password: 'operator passphrase 42' };

let server: TestServer;
let browser: Browser;
let subjectContext: BrowserContext;
let officerContext: BrowserContext;

async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

function heading(page: Page, name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name });
}

/** The path and query of the first link to `path` in a mail (the server's BASE_URL is this server). */
function linkIn(mail: OutboxMail, path: string): string {
  const body = mail.text || mail.html;
  const match = new RegExp(`https?://[^\\s"'<>]+(${path.replace(/\//g, '\\/')}\\?token=[^\\s"'<>&]+)`).exec(body);
  if (!match?.[1]) throw new Error(`no ${path} link in mail "${mail.subject}":\n${body}`);
  return match[1];
}

describe('privacy: portal request → verification → officer completes → subject downloads the ZIP', () => {
  beforeAll(async () => {
    server = await startServer();
    // The subject has an account, so the export has rows to carry.
    const register = await fetch(`${server.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...subject, ageConfirmed: true, locale: 'en' }),
    });
    expect(register.status).toBeLessThan(300);
    // Platform-scope requests (no workspace named) are worked by a platform operator.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: server.dataDir,
      BASE_URL: server.baseUrl,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    await promisify(execFile)(
      process.execPath,
      [
        'bin/kodepos.mjs',
        'admin',
        'create',
        '--email',
        operator.email,
        '--password',
        operator.password,
        '--name',
        operator.name,
      ],
      { cwd: repoRoot, env },
    );
    browser = await launchBrowser();
    subjectContext = await newContext(browser, server.baseUrl);
    officerContext = await newContext(browser, server.baseUrl);
  });

  afterAll(async () => {
    await subjectContext?.close();
    await officerContext?.close();
    await browser?.close();
    await server?.stop();
  });

  let requestPath = '';

  it('files an access request through the public portal and confirms it from the emailed link', async () => {
    const page = await subjectContext.newPage();
    // The server-rendered policy links to /privacy-request; it is the same portal.
    await page.goto('/privacy-request');
    await heading(page, 'Make a privacy request').waitFor();
    await page.getByRole('radio', { name: 'Access my data' }).check();
    await page.getByRole('textbox', { name: 'Your email address' }).fill(subject.email);
    await page.getByRole('textbox', { name: 'Details (optional)' }).fill('Everything you hold about me, please.');
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'portal');
    await page.screenshot({ path: join(screenshotDir, 'privacy-portal.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send request' }).click();
    await heading(page, 'Check your email').waitFor();
    await expect(page.getByText(subject.email).count()).resolves.toBeGreaterThan(0);

    const mail = await server.waitForMail(
      (m) => m.to.includes(subject.email) && /\/privacy\/verify\?token=/.test(m.text || m.html),
    );
    requestPath = linkIn(mail, '/privacy/verify');
    await page.goto(requestPath);
    await heading(page, 'Confirm your privacy request').waitFor();
    await expectAccessible(page, 'verify');
    await page.getByRole('button', { name: 'Confirm my request' }).click();
    await heading(page, 'Request confirmed').waitFor();
    await expect(page.getByText(/will answer by/).textContent()).resolves.toMatch(
      /Access my data request is confirmed/,
    );

    // The link is single-use: a second visit says so instead of confirming twice.
    await page.goto(requestPath);
    await page.getByRole('button', { name: 'Confirm my request' }).click();
    await heading(page, 'This link does not work').waitFor();
    await page.close();
  });

  it('shows the request in the platform queue with a countdown, and completes it', async () => {
    const page = await officerContext.newPage();
    await page.goto('/login');
    await page.getByLabel('Work email').fill(operator.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(operator.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading(page, 'Dashboard').waitFor();

    await page.getByRole('button', { name: 'Privacy' }).click();
    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    await heading(page, 'Privacy requests').waitFor();
    const row = page.getByRole('row').filter({ hasText: subject.email });
    await row.waitFor();
    await expect(row.getByText('Access', { exact: true }).count()).resolves.toBe(1);
    await expect(row.getByText('Open', { exact: true }).count()).resolves.toBe(1);
    await expect(row.getByTestId('countdown').textContent()).resolves.toMatch(/^\d+ (d|h|min)( \d+ (h|min))? left$/);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'queue');
    await page.screenshot({ path: join(screenshotDir, 'privacy-queue.png'), fullPage: true });

    // Filters go to the server: a type that does not match empties the table.
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Delete my data' }).click();
    await page.getByText('No requests match these filters.').waitFor();
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Access my data' }).click();
    await row.waitFor();

    await row.getByRole('link', { name: `Open request from ${subject.email}` }).click();
    await heading(page, subject.email).waitFor();
    await page.getByText('Deadline rule').waitFor();
    // Jurisdiction unknown: the strictest clock (UU PDP, 3×24 hours) applies, and it allows no extension.
    await page
      .getByText(/Strictest/)
      .first()
      .waitFor();
    await expect(page.getByRole('button', { name: 'Extend deadline' }).isDisabled()).resolves.toBe(true);
    await page.getByText('The law that sets this deadline allows no extension.').waitFor();
    await page.getByText('Identity verified by email link').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'request detail');
    await page.screenshot({ path: join(screenshotDir, 'privacy-request.png'), fullPage: true });

    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Complete the request' });
    await dialog.getByRole('button', { name: 'Complete' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Completed', { exact: true }).first().waitFor({ timeout: 60_000 });
    const records = page.getByRole('table', { name: 'Records by table' });
    await records.waitFor();
    // Tables go by their names for people, the SQL name beside them.
    await records.getByRole('cell', { name: 'Privacy requests (privacy_requests)' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'privacy-completed.png'), fullPage: true });
    await page.close();
  });

  it('downloads the export ZIP from the emailed link, once', async () => {
    const mail = await server.waitForMail(
      (m) => m.to.includes(subject.email) && /\/privacy\/download\?token=/.test(m.text || m.html),
      60_000,
    );
    const path = linkIn(mail, '/privacy/download');
    const page = await subjectContext.newPage();
    await page.goto(path);
    await heading(page, 'Download your data').waitFor();
    await expectAccessible(page, 'download');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const file = await download.path();
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await page.getByText('Your download has started').waitFor();

    // Single use: the same link now explains itself instead of failing silently.
    await page.goto(path);
    await page.getByRole('button', { name: 'Download' }).click();
    await heading(page, 'This download is not available').waitFor();
    await page.getByText('already been used').waitFor();
    await page.close();
  });

  it('lets the signed-in subject take a copy, choose emails, and schedule then cancel deletion', async () => {
    await verifyEmail(server, subject.email);

    const page = await subjectContext.newPage();
    await page.goto('/login');
    await page.getByLabel('Work email').fill(subject.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(subject.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading(page, 'Dashboard').waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Privacy' }).click();
    await heading(page, 'Privacy').waitFor();
    await page.getByRole('switch', { name: /Security alerts/ }).waitFor();
    await expect(page.getByRole('switch', { name: /Security alerts/ }).isDisabled()).resolves.toBe(true);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'privacy settings');
    await page.screenshot({ path: join(screenshotDir, 'privacy-settings.png'), fullPage: true });

    const before = new Set((await server.readOutbox()).map((m) => m.file));
    await page.getByRole('button', { name: 'Download my data' }).click();
    await page.getByText('An email with the download link is on its way.').waitFor();
    // A second export link, beside the one the access request produced.
    await server.waitForMail(
      (m) =>
        !before.has(m.file) && m.to.includes(subject.email) && /\/privacy\/download\?token=/.test(m.text || m.html),
      60_000,
    );

    await page.getByRole('switch', { name: /Promotions/ }).click({ force: true });
    await page.getByText('Email preferences saved').waitFor();
    const prefs = await page.request.get('/api/v1/me/email-preferences');
    expect(((await prefs.json()) as { promotions: boolean }).promotions).toBe(true);

    await page.getByRole('button', { name: 'Delete my account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill('not my password');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('That email and password do not match an account.').waitFor();
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(subject.password);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText(/Your account will be deleted on/).waitFor();
    // The dialog fades out; until it has gone its own button would match below as well.
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Cancel deletion' }).click();
    await page.getByText('Deletion cancelled. Your account stays.').waitFor();
    await page.getByRole('region', { name: 'Privacy' }).getByRole('button', { name: 'Delete my account' }).waitFor();
    await page.close();
  });

  it('works a workspace correction request: apply a field, extend the deadline, restrict the contact', async () => {
    // The subject's own sign-up made them owner of a workspace: owners hold privacy.read and privacy.manage.
    const page = await subjectContext.newPage();
    const me = (await (await page.request.get('/api/v1/me')).json()) as { workspaces: { id: string }[] };
    const workspaceId = me.workspaces[0]?.id;
    if (!workspaceId) throw new Error('the subject has no workspace');
    const contactEmail = `wayan.${stamp}@example.com`;
    const created = await page.request.post('/api/v1/contacts', {
      headers: { 'X-Workspace-Id': workspaceId },
      data: { firstName: 'Wayan', lastName: 'Sudarma', email: contactEmail, title: 'Barista' },
    });
    expect(created.ok(), await created.text()).toBe(true);
    const contact = (await created.json()) as { id: string };

    // The contact files a correction through the workspace's portal, from a browser with no session.
    const visitor = await newContext(browser, server.baseUrl);
    const portal = await visitor.newPage();
    await portal.goto('/privacy/request?workspaceId=ws_does_not_exist');
    await portal.getByText('names an organisation we do not know').waitFor();
    await portal.goto(`/privacy/request?workspaceId=${encodeURIComponent(workspaceId)}`);
    await heading(portal, 'Make a privacy request').waitFor();
    await portal.getByText(subject.company).first().waitFor();
    await portal.getByRole('radio', { name: 'Correct my data' }).check();
    await portal.getByRole('textbox', { name: 'Your email address' }).fill(contactEmail);
    await portal.getByRole('textbox', { name: 'Job title' }).fill('Head Barista');
    await portal.getByRole('combobox', { name: 'Where do you live?' }).click();
    await portal.getByRole('option', { name: 'EU/EEA or UK (GDPR)' }).click();
    await expectAccessible(portal, 'portal with correction fields');
    await portal.getByRole('button', { name: 'Send request' }).click();
    await heading(portal, 'Check your email').waitFor();
    const mail = await server.waitForMail(
      (m) => m.to.includes(contactEmail) && /\/privacy\/verify\?token=/.test(m.text || m.html),
    );
    await portal.goto(linkIn(mail, '/privacy/verify'));
    await portal.getByRole('button', { name: 'Confirm my request' }).click();
    await heading(portal, 'Request confirmed').waitFor();
    await visitor.close();

    await page.goto('/privacy/requests');
    await heading(page, 'Privacy requests').waitFor();
    const row = page.getByRole('row').filter({ hasText: contactEmail });
    await row.waitFor();
    await expect(row.getByText('GDPR', { exact: true }).count()).resolves.toBe(1);
    await row.getByRole('link', { name: `Open request from ${contactEmail}` }).click();
    await heading(page, contactEmail).waitFor();

    await page.getByRole('button', { name: 'Apply the correction to Job title' }).click();
    await page.getByRole('row').filter({ hasText: 'Head Barista' }).getByText('Applied').waitFor();
    await page.getByText('Correction applied').first().waitFor();

    await page.getByRole('button', { name: 'Extend deadline' }).click();
    const extend = page.getByRole('dialog', { name: 'Extend the deadline' });
    await extend.getByText(/at the latest/).waitFor();
    await extend.getByRole('button', { name: 'Extend' }).click();
    await extend.getByText('This field is required').waitFor();
    await extend
      .getByRole('textbox', { name: 'Reason' })
      .fill('The records span two systems that need a manual check.');
    await extend.getByRole('button', { name: 'Extend' }).click();
    await extend.waitFor({ state: 'hidden' });
    await page.getByText('The records span two systems that need a manual check.').first().waitFor();
    await page.getByText('The deadline has already been extended once.').waitFor();
    await page.getByText('Originally due').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'workspace request detail');

    // The contact's identity turns out doubtful: the officer rejects what is left, with a reason the subject is sent.
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    const reject = page.getByRole('dialog', { name: 'Reject the request' });
    await reject
      .getByRole('textbox', { name: 'Reason' })
      .fill('We could not confirm the identity behind this address.');
    await reject.getByRole('button', { name: 'Reject request' }).click();
    await reject.waitFor({ state: 'hidden' });
    await page.getByText('This request is closed.').waitFor();
    await page.getByText('Rejection reason').waitFor();
    await server.waitForMail(
      (m) => m.to.includes(contactEmail) && /identity behind this address/.test(m.text || m.html),
    );

    await page.goto(`/contacts/${contact.id}`);
    await heading(page, 'Wayan Sudarma').waitFor();
    await page.getByRole('button', { name: 'Restrict processing' }).click();
    const restrict = page.getByRole('dialog', { name: 'Restrict this contact' });
    await restrict.getByRole('textbox', { name: 'Reason' }).fill('Accuracy contested by the contact');
    await restrict.getByRole('button', { name: 'Restrict processing' }).click();
    await restrict.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Lift restriction' }).waitFor();
    await page.getByText('Restricted', { exact: true }).first().waitFor();
    const restricted = (await (
      await page.request.get(`/api/v1/contacts/${contact.id}`, { headers: { 'X-Workspace-Id': workspaceId } })
    ).json()) as {
      restricted: boolean;
      title: string | null;
    };
    expect(restricted).toMatchObject({ restricted: true, title: 'Head Barista' });
    await page.getByRole('button', { name: 'Lift restriction' }).click();
    const lift = page.getByRole('dialog', { name: 'Lift the restriction' });
    await lift.getByRole('textbox', { name: 'Reason' }).fill('Accuracy confirmed');
    await lift.getByRole('button', { name: 'Lift restriction' }).click();
    await lift.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Restrict processing' }).waitFor();
    await page.close();
  });
});
