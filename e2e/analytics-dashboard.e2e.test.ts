import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  launchBrowser,
  logInPage,
  newContext,
  registerVerified,
  repoRoot,
  screenshotDir,
  startServer,
  type TestServer,
} from './harness.js';

const stamp = Date.now();
const operator = { name: 'Rudi Ops', email: `ops.${stamp}@example.com`, password: 'operator passphrase 42' };
const owner = {
  name: 'Sari Analitik',
  email: `sari.${stamp}@example.com`,
  company: 'Toko Sari',
  password: 'correct horse battery staple',
};

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let workspaceId = '';

const day = (back: number): string => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

/**
 * Ten days of visits written straight into the server's database, as ingestion stores them: on the
 * day `back` days ago, `back % 3 + 2` visitors; each lands on /pricing (even) or / (odd), from
 * google.com or directly, and the first of each day also opens /docs.
 */
function seed(dataDir: string, site: string | null = workspaceId): { visitors: number; pageviews: number } {
  const db = new SQLite(join(dataDir, 'kodepos.db'));
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    `insert into analytics_events (workspace_id, occurred_at, day, type, page_id, visitor_hash, hostname, path, referrer_host, country, browser, os, device, engaged_ms)
     values (?, ?, ?, 'pageview', ?, ?, 'toko-sari.example', ?, ?, ?, 'Chrome', 'Android', 'mobile', ?)`,
  );
  let visitors = 0;
  let pageviews = 0;
  db.transaction(() => {
    for (let back = 0; back < 10; back++) {
      const d = day(back);
      for (let v = 0; v < (back % 3) + 2; v++) {
        const at = `${d}T00:0${v}:00.000Z`;
        insert.run(
          site,
          at,
          d,
          `e2e-${site ?? 'platform'}-${back}-${v}-a-${stamp}`,
          `hash-${d}-${v}`,
          v % 2 ? '/' : '/pricing',
          v % 2 ? null : 'google.com',
          'ID',
          12_000,
        );
        visitors += 1;
        pageviews += 1;
        if (v === 0) {
          insert.run(
            site,
            `${d}T00:0${v}:30.000Z`,
            d,
            `e2e-${site ?? 'platform'}-${back}-${v}-b-${stamp}`,
            `hash-${d}-${v}`,
            '/docs',
            null,
            'ID',
            4_000,
          );
          pageviews += 1;
        }
      }
    }
  })();
  db.close();
  return { visitors, pageviews };
}

describe('analytics dashboard screen', () => {
  let expected: { visitors: number; pageviews: number };

  beforeAll(async () => {
    server = await startServer();
    ({ workspaceId } = await registerVerified(server, { ...owner, locale: 'en' }));
    expected = seed(server.dataDir);

    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    await logInPage(page, owner.email, owner.password);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the seeded visits in the KPIs and the top pages, and compares with the period before', async () => {
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    await expect(page.getByTestId('kpi-visitors').textContent()).resolves.toBe(String(expected.visitors));
    await expect(page.getByTestId('kpi-pageviews').textContent()).resolves.toBe(String(expected.pageviews));
    const pages = page.locator('[data-breakdown="page"]');
    await pages.getByRole('row', { name: /\/pricing/ }).waitFor();
    const countries = page.locator('[data-breakdown="country"]');
    await countries.getByRole('cell', { name: 'Indonesia' }).waitFor();
    await page.locator('[data-breakdown="referrer"]').getByRole('cell', { name: 'google.com' }).waitFor();

    // Mantine draws its own controls over visually hidden inputs: the visible labels take the clicks.
    // Two changes straight after each other, before the page re-renders: both must reach the URL.
    await page.locator('label', { hasText: /^7 days$/ }).click();
    await page.getByRole('switch', { name: 'Compare with previous period' }).click();
    await page.waitForURL((url) => url.searchParams.get('range') === 'd7' && url.searchParams.get('compare') === '1');
    await page
      .getByTestId('kpi-visitors-change')
      .waitFor({ timeout: 15_000 })
      .catch(async () => {
        const kpis = await page.locator('[data-kpi]').allInnerTexts();
        throw new Error(`no change against the previous period at ${page.url()}; the KPIs read: ${JSON.stringify(kpis)}`);
      });
    await expect(page.getByTestId('kpi-visitors-change').textContent()).resolves.toMatch(/vs previous period/);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(screenshotDir, 'analytics-dashboard.png'), fullPage: true });
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  it('shows how to install the snippet when the period has no visits', async () => {
    await page.goto('/analytics?range=custom&from=2020-01-01&to=2020-01-31');
    const empty = page.getByTestId('analytics-empty');
    await empty.waitFor();
    await expect(empty.textContent()).resolves.toContain(`data-workspace="${workspaceId}"`);
    await page.screenshot({ path: join(screenshotDir, 'analytics-empty.png'), fullPage: true });
  });

  it('speaks Bahasa Indonesia', async () => {
    await page.evaluate("localStorage.setItem('kodepos.language', 'id')");
    await page.goto('/analytics?range=d30');
    await page.getByRole('heading', { level: 1, name: 'Analitik' }).waitFor();
    await page.getByText('Halaman teratas').waitFor();
    await expect(page.getByTestId('kpi-visitors').textContent()).resolves.toBe(String(expected.visitors));
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(screenshotDir, 'analytics-dashboard-id.png'), fullPage: true });
    await page.evaluate("localStorage.setItem('kodepos.language', 'en')");
  });

  it("shows the platform's own site to an operator, and not to a workspace owner", async () => {
    await page.goto('/platform/analytics');
    await page.getByText('Your role does not allow this action.').waitFor();
    expect(await page.getByRole('link', { name: 'Platform analytics' }).count()).toBe(0);

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
    const platform = seed(server.dataDir, null);
    const opContext = await newContext(browser, server.baseUrl);
    try {
      const op = await opContext.newPage();
      await logInPage(op, operator.email, operator.password);
      await op.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      await op.getByRole('link', { name: 'Platform analytics' }).click();
      await op.getByRole('heading', { level: 1, name: 'Platform site analytics' }).waitFor();
      await expect(op.getByTestId('kpi-visitors').textContent()).resolves.toBe(String(platform.visitors));
      await op
        .locator('[data-breakdown="page"]')
        .getByRole('row', { name: /\/pricing/ })
        .waitFor();
      await op.waitForLoadState('networkidle');
      await op.screenshot({ path: join(screenshotDir, 'analytics-platform.png'), fullPage: true });
    } finally {
      await opContext.close();
    }
  });
});
