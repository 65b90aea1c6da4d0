import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, pushState, startTracking, type PageGlobals, type Tracking } from './tracking-helpers.js';

/**
 * The first-party tracker in Chromium against the real server: what the snippet sends to
 * /public/v1/events under each choice, and what the server records. Page clocks are faked so a
 * 15-second heartbeat takes no real time.
 */

const HEARTBEAT_MS = 15_000;

type Purposes = Record<'analytics' | 'marketing' | 'personalization' | 'ads', boolean>;

let t: Tracking;
let shopServer: Server | undefined;

/**
 * Counts every call the page makes to the events endpoint, in sessionStorage so that it outlives
 * navigations: a beacon sent while a page unloads shows in no request log of the browser.
 */
function spyOnEventCalls(): void {
  const g = globalThis as unknown as PageGlobals;
  const log = (how: string, url: unknown): void => {
    if (String(url).includes('/public/v1/events'))
      g.sessionStorage.setItem('e2e-events', `${g.sessionStorage.getItem('e2e-events') ?? ''}${how} `);
  };
  const beacon = g.navigator.sendBeacon.bind(g.navigator);
  g.navigator.sendBeacon = (url, data) => {
    log('beacon', url);
    return beacon(url, data);
  };
  const fetch = g.fetch.bind(g);
  g.fetch = (input, init) => {
    log('fetch', input instanceof Object && 'url' in input ? input.url : input);
    return fetch(input, init);
  };
}

/** Pretends the tab went to the background (or came back), as switching tabs would. */
const setVisibility = (page: Page, state: 'visible' | 'hidden'): Promise<void> =>
  page.evaluate((s) => {
    const g = globalThis as unknown as PageGlobals;
    Object.defineProperty(g.document, 'visibilityState', { get: () => s, configurable: true });
    g.document.dispatchEvent(new g.Event('visibilitychange'));
  }, state);

async function consentOf(visitorId: string): Promise<Purposes> {
  const res = await fetch(`${t.server.baseUrl}/public/v1/consent?visitorId=${visitorId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { purposes: Purposes }).purposes;
}

const cookieNames = async (context: BrowserContext, page: Page): Promise<{ browser: string[]; script: string[] }> => ({
  browser: (await context.cookies()).map((c) => c.name).sort(),
  script: (await page.evaluate(() => (globalThis as unknown as PageGlobals).document.cookie))
    .split(';')
    .map((c) => c.split('=')[0]?.trim() ?? '')
    .filter(Boolean)
    .sort(),
});

describe('first-party tracking', () => {
  beforeAll(async () => {
    t = await startTracking();
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((ok) => (shopServer ? shopServer.close(ok) : ok(undefined)));
  });

  it('Reject all: no analytics request over a page view, a navigation and a heartbeat, and no cookie but the choice', async () => {
    const { context, page, sent } = await t.visitor();
    await page.addInitScript(spyOnEventCalls);
    await page.goto('/privacy');
    const dialog = page.getByRole('dialog', { name: 'Cookies and your privacy' });
    await dialog.getByRole('button', { name: 'Reject all', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Legal' }).getByRole('link', { name: 'Cookies', exact: true }).click();
    await page.waitForURL('**/cookies');
    await pushState(page, '/cookies?lang=id');
    await page.clock.runFor(HEARTBEAT_MS + 1_000);
    // Whatever the page meant to send has been handed to the network by now; give it time to show.
    await new Promise((r) => setTimeout(r, 500));

    expect(sent.map((r) => r.postData())).toEqual([]);
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('e2e-events')),
    ).toBeNull();
    expect(await cookieNames(context, page)).toEqual({ browser: ['kodepos_consent'], script: ['kodepos_consent'] });
    expect(t.db.prepare('SELECT count(*) AS n FROM analytics_events').get()).toEqual({ n: 0 });
  });

  it('analytics allowed: page views, heartbeats, SPA navigation and features are recorded with the visitor id', async () => {
    const { context, page } = await t.visitor();
    await page.goto('/privacy?utm_source=newsletter&utm_medium=email&utm_campaign=launch&email=x#top');
    const dialog = page.getByRole('dialog', { name: 'Cookies and your privacy' });
    await dialog.getByRole('button', { name: 'Settings' }).click();
    await dialog.getByRole('checkbox', { name: /^Analytics/ }).check();
    const view = await nextEvent(page, 'pageview', () => dialog.getByRole('button', { name: 'Save choices' }).click());

    const vid = (await context.cookies()).find((c) => c.name === 'kodepos_vid')?.value;
    expect(vid).toBeTruthy();
    // The grant reached the server before the first event carrying the id.
    expect((await consentOf(vid!)).analytics).toBe(true);
    expect(view).toMatchObject({
      visitorId: vid,
      url: `${t.server.baseUrl}/privacy?utm_source=newsletter&utm_medium=email&utm_campaign=launch&email=x`,
      timeZone: 'Asia/Jakarta',
    });
    expect(view.workspaceId).toBeUndefined();
    expect(view.pageId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    // Page view ids start with the page's clock in base 36, so the server's index takes them in order.
    const madeAt = parseInt(view.pageId.slice(0, 9), 36);
    const pageNow = await page.evaluate(() => Date.now());
    expect(pageNow - madeAt).toBeGreaterThanOrEqual(0);
    expect(pageNow - madeAt).toBeLessThan(60_000);

    const beat = await nextEvent(page, 'heartbeat', () => page.clock.runFor(HEARTBEAT_MS + 500));
    expect(beat).toMatchObject({ pageId: view.pageId, visitorId: vid });
    expect(beat.engagedMs).toBeGreaterThanOrEqual(HEARTBEAT_MS);

    // A single-page app's navigation: a new page view whose referrer is the page before.
    const second = await nextEvent(page, 'pageview', () => pushState(page, '/privacy/details'));
    expect(second).toMatchObject({ url: `${t.server.baseUrl}/privacy/details`, visitorId: vid, referrer: view.url });
    expect(second.pageId).not.toBe(view.pageId);
    expect(second.pageId > view.pageId).toBe(true);
    // The same address again (a router re-writing its state) is no new page view.
    await pushState(page, '/privacy/details');

    // A name the server would refuse (it might carry personal data) is not sent at all.
    await page.evaluate(() => (globalThis as unknown as PageGlobals).Kodepos?.track?.('signed up: ana@example.com'));
    const feature = await nextEvent(page, 'feature', () =>
      page.evaluate(() => (globalThis as unknown as PageGlobals).Kodepos?.track?.('e2e.checkout')),
    );
    expect(feature).toMatchObject({ feature: 'e2e.checkout', pageId: second.pageId, visitorId: vid });

    // Going to the background sends the visible time at once (a beacon); hidden time does not count.
    // (Leaving the page does the same on pagehide, but Chromium sends a leaving page's beacon with
    // its own user agent, HeadlessChrome here, which the server rightly drops as a bot.)
    await page.clock.runFor(5_000);
    await setVisibility(page, 'hidden');
    await page.clock.runFor(HEARTBEAT_MS * 2);
    await setVisibility(page, 'visible');
    await page.goto('/cookies');

    const rows = await t.rowsUntil(
      'visitor_id = ?',
      [vid],
      (r) =>
        r.filter((e) => e.type === 'pageview').length >= 3 &&
        (r.find((e) => e.page_id === second.pageId)?.engaged_ms ?? 0) >= 5_000,
    );
    const views = rows.filter((r) => r.type === 'pageview');
    expect(views.map((r) => r.path)).toEqual(['/privacy', '/privacy/details', '/cookies']);
    expect(views[0]).toMatchObject({
      page_id: view.pageId,
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'launch',
      time_zone: 'Asia/Jakarta',
      hostname: '127.0.0.1',
      visitor_hash: null,
    });
    expect(views[0]!.engaged_ms).toBeGreaterThanOrEqual(HEARTBEAT_MS);
    expect(views[1]!.engaged_ms).toBeGreaterThanOrEqual(5_000);
    expect(views[1]!.engaged_ms).toBeLessThan(HEARTBEAT_MS);
    expect(rows.filter((r) => r.type === 'feature').map((r) => r.feature)).toEqual(['e2e.checkout']);
  });

  it('Global Privacy Control: Accept all still denies ads, and analytics is counted', async () => {
    const { page } = await t.visitor({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
    await page.addInitScript(() => {
      Object.defineProperty((globalThis as unknown as PageGlobals).Navigator.prototype, 'globalPrivacyControl', {
        get: () => true,
        configurable: true,
      });
    });
    await page.goto('/privacy');
    const dialog = page.getByRole('dialog', { name: 'Cookies and your privacy' });
    const view = await nextEvent(page, 'pageview', () =>
      dialog.getByRole('button', { name: 'Accept all', exact: true }).click(),
    );
    expect(await consentOf(view.visitorId!)).toEqual({
      analytics: true,
      marketing: true,
      personalization: true,
      ads: false,
    });
    const updates = await page.evaluate(() =>
      ((globalThis as unknown as PageGlobals).dataLayer ?? [])
        .map((a) => Array.from(a))
        .filter((a) => a[0] === 'consent' && a[1] === 'update'),
    );
    expect(updates.at(-1)).toMatchObject([
      'consent',
      'update',
      { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
    ]);
    // GPC is no opt-out of analytics: the page view counts for this visitor.
    const rows = await t.rowsUntil('page_id = ?', [view.pageId], (r) => r.length > 0);
    expect(rows).toMatchObject([{ type: 'pageview', visitor_id: view.visitorId, path: '/privacy' }]);
  });

  it('on a customer site: anonymous counting sends no id and sets no cookie; data-track="false" sends nothing', async () => {
    const page = (
      attrs: string,
    ): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="${t.server.baseUrl}/snippet.js" ${attrs}></script></head><body><main><h1>Shop</h1></main></body></html>`;
    const site = createServer((req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page(req.url?.startsWith('/quiet') ? 'data-track="false"' : 'data-anonymous-stats="true"')),
    );
    shopServer = site;
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    // Another host name than the server's: the snippet and its requests go cross-site.
    const shop = `http://localhost:${(site.address() as AddressInfo).port}`;

    const anon = await t.visitor();
    const view = await nextEvent(anon.page, 'pageview', () => anon.page.goto(`${shop}/anon`));
    expect(view.visitorId).toBeUndefined();
    expect(view.url).toBe(`${shop}/anon`);
    expect((await anon.context.cookies()).map((c) => c.name)).toEqual([]);
    // Refusing analytics keeps it anonymous.
    await anon.page.getByRole('button', { name: 'Reject all', exact: true }).click();
    const beat = await nextEvent(anon.page, 'heartbeat', () => anon.page.clock.runFor(HEARTBEAT_MS + 500));
    expect(beat.visitorId).toBeUndefined();
    expect((await anon.context.cookies()).map((c) => c.name)).toEqual(['kodepos_consent']);
    const [row] = await t.rowsUntil('page_id = ?', [view.pageId], (r) => r.length > 0);
    expect(row).toMatchObject({ type: 'pageview', visitor_id: null, hostname: 'localhost', path: '/anon' });
    expect(row?.visitor_hash).toBeTruthy();

    const quiet = await t.visitor();
    await quiet.page.goto(`${shop}/quiet`);
    await quiet.page.getByRole('button', { name: 'Accept all', exact: true }).click();
    await quiet.page.clock.runFor(HEARTBEAT_MS + 500);
    await quiet.page.evaluate(() => (globalThis as unknown as PageGlobals).Kodepos?.track?.('e2e.quiet'));
    await new Promise((r) => setTimeout(r, 500));
    expect(quiet.sent).toEqual([]);
  });
});
