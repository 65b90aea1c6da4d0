import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, logInPage, newContext, registerVerified, screenshotDir, startServer, type TestServer } from './harness.js';

const stamp = Date.now();
const owner = {
  name: 'Ayu Lestari',
  email: `ayu.${stamp}@example.com`,
  company: 'Warung Ayu',
  password: 'correct horse battery staple',
};
const dealName = `ERP rollout ${stamp}`;
const imported = [
  { first: 'Nurhayati', last: 'Siregar', email: `nurhayati.${stamp}@example.com` },
  { first: 'Bambang', last: 'Susilo', email: `bambang.${stamp}@example.com` },
  { first: 'Citra', last: 'Kirana', email: `citra.${stamp}@example.com` },
];

interface Stage {
  id: string;
  name: string;
}
interface Deal {
  id: string;
  name: string;
  stageId: string;
}

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let csvDir: string;

async function expectAccessible(name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

function heading(name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name });
}

/** The API as the signed-in browser sees it (same cookies). */
async function apiGet<T>(path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

/** Real pointer movement in small steps: dnd-kit listens to pointer events, not HTML5 drag events. */
async function dragTo(source: Locator, target: Locator): Promise<void> {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  const startX = from.x + from.width / 2;
  const startY = from.y + from.height - 12;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  await page.mouse.move(startX + 12, startY + 4, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2, to.y + 64, { steps: 2 });
  await page.mouse.up();
}

describe('CRM and sales screens', () => {
  beforeAll(async () => {
    server = await startServer();
    csvDir = await mkdtemp(join(tmpdir(), 'kodepos-csv-'));
    await registerVerified(server, { ...owner, locale: 'en' });

    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await logInPage(page, owner.email, owner.password);
    await heading('Dashboard').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    if (csvDir) await rm(csvDir, { recursive: true, force: true });
  });

  it('creates a deal on the kanban and drags it to another stage', async () => {
    await page.getByRole('link', { name: 'Deals' }).click();
    await heading('Deals').waitFor();
    const pipelines = await apiGet<{ data: { id: string; stages: Stage[] }[] }>('/api/v1/pipelines');
    const stages = pipelines.data[0]?.stages ?? [];
    const first = stages[0];
    const target = stages[2];
    if (!first || !target) throw new Error('the default pipeline has too few stages');

    await page.getByRole('button', { name: 'New deal' }).click();
    const dialog = page.getByRole('dialog', { name: 'New deal' });
    // Every modal's close button is named (the theme gives it the label in the current language).
    await dialog.getByRole('button', { name: 'Close', exact: true }).waitFor();
    await dialog.getByLabel('Deal name').fill(dealName);
    await dialog.getByRole('textbox', { name: /^Amount/ }).fill('150000000');
    const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Expected close date').fill(nextMonth);
    await dialog.getByRole('button', { name: 'Create deal' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const column = (stage: Stage) => page.locator(`section[data-stage-id="${stage.id}"]`);
    const card = column(first).locator('[data-deal-id]', { hasText: dealName });
    await card.waitFor();
    await expect(card.getByTestId('deal-amount').textContent()).resolves.toBe('Rp 150.000.000');
    await page.waitForLoadState('networkidle');
    await expectAccessible('kanban');

    await dragTo(card, column(target).getByTestId('stage-drop'));
    await column(target).locator('[data-deal-id]', { hasText: dealName }).waitFor();

    let moved: Deal | undefined;
    for (let i = 0; i < 40; i++) {
      const deals = await apiGet<{ data: Deal[] }>('/api/v1/deals?limit=50');
      moved = deals.data.find((d) => d.name === dealName);
      if (moved?.stageId === target.id) break;
      await page.waitForTimeout(250);
    }
    expect(moved?.stageId).toBe(target.id);

    // A second deal in dollars, so the board and the dashboard show both currencies.
    const second = await page.request.post('/api/v1/deals', {
      data: {
        name: 'Fleet tracking',
        amount: 1500,
        currency: 'USD',
        stageId: stages[3]?.id,
        expectedCloseDate: nextMonth,
      },
    });
    expect(second.ok()).toBe(true);
    await page.reload();
    await column(target).locator('[data-deal-id]', { hasText: dealName }).waitFor();
    await page.getByText('$1,500.00').first().waitFor();
    expect(await column(first).locator('[data-deal-id]', { hasText: dealName }).count()).toBe(0);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(screenshotDir, 'crm-kanban.png'), fullPage: true });
  });

  it('imports a CSV through the wizard and lists the contacts', async () => {
    const csv = ['First Name,Last Name,Email,Job Title,Company']
      .concat(imported.map((c) => `${c.first},${c.last},${c.email},Buyer,Toko Maju`))
      .join('\n');
    const file = join(csvDir, 'contacts.csv');
    await writeFile(file, `${csv}\n`);

    await page.getByRole('link', { name: 'Contacts' }).click();
    await heading('Contacts').waitFor();
    await page.getByRole('link', { name: 'Import' }).click();
    await heading('Import contacts').waitFor();
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await page.getByRole('heading', { name: 'Column mapping' }).waitFor();
    await expect(page.getByRole('combobox', { name: 'Field for column Email' }).inputValue()).resolves.toBe('Email');

    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import complete' }).waitFor({ timeout: 60_000 });
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('100');
    await expect(page.getByTestId('import-progress-text').textContent()).resolves.toContain('100%');

    await page.getByRole('link', { name: 'View contacts' }).click();
    await heading('Contacts').waitFor();
    for (const c of imported) await page.getByRole('link', { name: `${c.first} ${c.last}` }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('contacts list');
  });

  it('finds a contact by prefix from the header search and opens it', async () => {
    const search = page.getByRole('textbox', { name: 'Search contacts, companies and deals' });
    const option = page.getByRole('option', { name: 'Nurhayati Siregar' });
    // The search index follows record changes; give a fresh import a moment to arrive.
    for (let attempt = 0; attempt < 10 && !(await option.isVisible()); attempt++) {
      await search.fill('');
      await search.fill('Nurh');
      await option.waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    await option.waitFor();
    await search.press('Enter');
    await heading('Nurhayati Siregar').waitFor();

    await page.getByRole('textbox', { name: 'Subject' }).fill('Call back about the Jakarta branch');
    await page.getByRole('button', { name: 'Add Note' }).click();
    await page.getByText('Call back about the Jakarta branch').waitFor();
    const contactId = page.url().split('/').pop() ?? '';
    const patch = await page.request.patch(`/api/v1/contacts/${contactId}`, { data: { title: 'Head of Procurement' } });
    expect(patch.ok()).toBe(true);
    await page.reload();
    await page.getByText('Head of Procurement', { exact: true }).first().waitFor();
    await page.getByText('Buyer', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible('contact page');
    await page.screenshot({ path: join(screenshotDir, 'crm-contact.png'), fullPage: true });
  });

  it('shows the sales charts on the dashboard', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await heading('Dashboard').waitFor();
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    await page.getByRole('heading', { name: 'Pipeline value by stage' }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await expectAccessible('dashboard');
    await page.screenshot({ path: join(screenshotDir, 'crm-dashboard.png'), fullPage: true });

    // An amount never shows cut short: whole when it fits, else in its short form with the whole
    // amount on hover and for screen readers. Four cards across 1280 px leave too little room for
    // "Rp 150.000.000"; 1600 px leave enough.
    const pipeline = page.getByTestId('kpi-open-pipeline');
    const clipped = () => pipeline.evaluate((el) => el.scrollWidth > el.clientWidth);
    await expect.poll(() => pipeline.getAttribute('data-full')).toBe('Rp 150.000.000');
    await expect(pipeline.locator('[aria-hidden]').textContent()).resolves.toBe('Rp 150 jt');
    await expect(pipeline.getAttribute('title')).resolves.toBe('Rp 150.000.000');
    await expect(pipeline.textContent()).resolves.toContain('Rp 150.000.000');
    expect(await clipped()).toBe(false);
    await page.setViewportSize({ width: 1600, height: 860 });
    await expect.poll(() => pipeline.getAttribute('data-full')).toBeNull();
    await expect(pipeline.textContent()).resolves.toBe('Rp 150.000.000');
    expect(await clipped()).toBe(false);
    await page.screenshot({ path: join(screenshotDir, 'crm-dashboard-wide.png') });
    await page.setViewportSize({ width: 1280, height: 860 });
    await expect.poll(() => pipeline.getAttribute('data-full')).toBe('Rp 150.000.000');
  });
});
