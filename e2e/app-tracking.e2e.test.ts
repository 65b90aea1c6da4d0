import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, startTracking, type Tracking } from './tracking-helpers.js';
import { verifyEmail } from './harness.js';

/**
 * In-app feature use (web/src/lib/track.ts) in Chromium against the real server: the app's
 * actions reach /public/v1/events through the platform's consent snippet once analytics is
 * allowed, under the visitor id.
 */

let t: Tracking;

describe('feature use in the app', () => {
  beforeAll(async () => {
    t = await startTracking();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('in the app: creating a contact and opening a search result count as feature use once analytics is allowed', async () => {
    const owner = {
      name: 'Sari Wulandari',
      email: `sari.${Date.now()}@example.com`,
      company: 'Kopi Sari',
      password: 'correct horse battery staple',
    };
    const register = await fetch(`${t.server.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...owner, ageConfirmed: true, locale: 'en' }),
    });
    expect(register.status).toBeLessThan(300);
    await verifyEmail(t.server, owner.email);

    // The app's timers (debounced search, queries) run on the real clock here.
    const { context, page } = await t.visitor({}, false);
    // The app shell with the platform's snippet, as on every platform page, whether or not its
    // index.html has the tag yet.
    await context.route(
      (url) => !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/public/') && !url.pathname.includes('.'),
      async (route) => {
        if (route.request().resourceType() !== 'document') return route.fallback();
        const res = await route.fetch();
        const html = await res.text();
        const body = html.includes('/snippet.js')
          ? html
          : html.replace('</head>', '<script src="/snippet.js" defer></script></head>');
        return route.fulfill({ response: res, body });
      },
    );
    await page.goto('/login');
    const banner = page.getByRole('dialog', { name: 'Cookies and your privacy' });
    const view = await nextEvent(page, 'pageview', () =>
      banner.getByRole('button', { name: 'Accept all', exact: true }).click(),
    );
    await page.getByLabel('Work email').fill(owner.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'New contact' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByLabel('First name').fill('Dewi');
    await dialog.getByLabel('Last name').fill('Anggraini');
    const created = await nextEvent(page, 'feature', () =>
      dialog.getByRole('button', { name: 'Create contact' }).click(),
    );
    expect(created).toMatchObject({ feature: 'contacts.create', visitorId: view.visitorId });
    await page.getByRole('heading', { level: 1, name: 'Dewi Anggraini' }).waitFor();

    const search = page.getByRole('textbox', { name: 'Search contacts, companies and deals' });
    const option = page.getByRole('option', { name: 'Dewi Anggraini' });
    // The search index follows record changes a moment later.
    for (let attempt = 0; attempt < 10 && !(await option.isVisible()); attempt++) {
      await search.fill('');
      await search.fill('Dewi');
      await option.waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    const opened = await nextEvent(page, 'feature', () => search.press('Enter'));
    expect(opened).toMatchObject({ feature: 'search.result_open', visitorId: view.visitorId });

    const rows = await t.rowsUntil(
      'visitor_id = ?',
      [view.visitorId],
      (r) => r.filter((e) => e.type === 'feature').length >= 2,
    );
    expect(rows.filter((r) => r.type === 'feature').map((r) => r.feature)).toEqual([
      'contacts.create',
      'search.result_open',
    ]);
    // The app's own navigation counts as page views; a record's id is the only thing its path holds.
    expect(rows.filter((r) => r.type === 'pageview').map((r) => r.path)).toEqual(
      expect.arrayContaining(['/login', '/contacts']),
    );
  });
});
