import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, screenshotDir, startServer, type TestServer } from './harness.js';

/**
 * The consent banner in Chromium, under the server's real CSP on its own /privacy page and
 * cross-origin on a customer's page (a loopback host name of its own, so cookies and CORS are
 * those of another site).
 */

type Purposes = Record<'analytics' | 'marketing' | 'personalization' | 'ads', boolean>;
interface Posted {
  visitorId: string;
  purposes: Purposes;
  source: string;
  wordingVersion: string;
}
/** What functions run in the page see (this project compiles without the DOM library). */
interface Marks {
  __analyticsRuns?: number;
  __adsRuns?: number;
  dataLayer?: ArrayLike<unknown>[];
  Kodepos?: { consent?: { open(): void }; track?(feature: string): void };
  history: { pushState(state: unknown, title: string, url: string): void };
  document: { cookie: string; activeElement: { textContent: string | null; getAttribute(name: string): string | null } | null };
  getComputedStyle(el: unknown): Record<string, string>;
  Navigator: { prototype: object };
}

const ALL_ON: Purposes = { analytics: true, marketing: true, personalization: true, ads: true };
const ALL_OFF: Purposes = { analytics: false, marketing: false, personalization: false, ads: false };

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let shopServer: Server | undefined;

async function state(visitorId: string): Promise<{ purposes: Purposes }> {
  const res = await fetch(`${server.baseUrl}/public/v1/consent?visitorId=${visitorId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { purposes: Purposes };
}

const consentPost = (page: Page): Promise<Response> =>
  page.waitForResponse((r) => r.url().endsWith('/public/v1/consent') && r.request().method() === 'POST');

const marks = (page: Page): Promise<{ analytics?: number; ads?: number }> =>
  page.evaluate(() => {
    const w = globalThis as unknown as Marks;
    return { analytics: w.__analyticsRuns, ads: w.__adsRuns };
  });

/** The consent-mode calls queued on dataLayer, as plain arrays. */
const consentCalls = (page: Page): Promise<unknown[][]> =>
  page.evaluate(() => ((globalThis as unknown as Marks).dataLayer ?? []).map((a) => Array.from(a)).filter((a) => a[0] === 'consent'));

async function cookieNames(context: BrowserContext, url: string): Promise<Map<string, string>> {
  return new Map((await context.cookies(url)).map((c) => [c.name, c.value]));
}

describe('consent banner', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    await new Promise((ok) => (shopServer ? shopServer.close(ok) : ok(undefined)));
  });

  it('on /privacy: equal buttons, Reject all records the choice and keeps analytics blocked; re-opened, Accept all runs it', async () => {
    // The server's CSP applies (no bypass): the banner and the activated scripts are same-origin.
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    // The policy page as a site would tag its own trackers: blocked until their category is allowed.
    await page.route('**/privacy', async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(
        '</main>',
        '</main><script type="text/plain" data-category="analytics" src="/e2e/analytics.js"></script><script type="text/plain" data-category="ads" src="/e2e/ads.js"></script>',
      );
      await route.fulfill({ response: res, body });
    });
    await page.route('**/e2e/analytics.js', (r) => r.fulfill({ contentType: 'text/javascript', body: 'window.__analyticsRuns = (window.__analyticsRuns || 0) + 1;' }));
    await page.route('**/e2e/ads.js', (r) => r.fulfill({ contentType: 'text/javascript', body: 'window.__adsRuns = (window.__adsRuns || 0) + 1;' }));
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) cspErrors.push(m.text());
    });

    await page.goto('/privacy');
    const dialog = page.getByRole('dialog', { name: 'Cookies and your privacy' });
    await dialog.waitFor();
    const accept = dialog.getByRole('button', { name: 'Accept all', exact: true });
    const reject = dialog.getByRole('button', { name: 'Reject all', exact: true });
    await expect(dialog.getByRole('button', { name: 'Settings' }).isVisible()).resolves.toBe(true);

    // Equally prominent: the same box and the same look.
    const [a, r] = [await accept.boundingBox(), await reject.boundingBox()];
    expect(a && r && [a.width, a.height]).toEqual(r && [r.width, r.height]);
    const look = (el: unknown): (string | undefined)[] => {
      const s = (globalThis as unknown as Marks).getComputedStyle(el);
      return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderColor, s.borderWidth, s.padding];
    };
    expect(await accept.evaluate(look)).toEqual(await reject.evaluate(look));
    await page.screenshot({ path: join(screenshotDir, 'banner-privacy.png') });

    // Focus starts in the dialog; the keyboard reaches and presses Reject all.
    expect(await page.evaluate(() => (globalThis as unknown as Marks).document.activeElement?.getAttribute('role'))).toBe('dialog');
    expect(await marks(page)).toEqual({});
    expect((await consentCalls(page))[0]).toMatchObject(['consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as Marks).document.activeElement?.textContent)).toBe('Reject all');
    const rejected = consentPost(page);
    await page.keyboard.press('Enter');
    const res = await rejected;
    expect(res.status()).toBe(201);
    const sent = res.request().postDataJSON() as Posted;
    expect(sent).toMatchObject({ source: 'banner', purposes: ALL_OFF, wordingVersion: expect.stringMatching(/^banner-/) as unknown });
    expect((await state(sent.visitorId)).purposes).toEqual(ALL_OFF);
    await dialog.waitFor({ state: 'detached' });
    expect(await marks(page)).toEqual({});
    let cookies = await cookieNames(context, server.baseUrl);
    expect(cookies.get('kodepos_consent')).toMatch(/^1\.0000\./);
    expect(cookies.has('kodepos_vid')).toBe(false);

    // The choice is remembered: no banner on the next load, trackers still blocked.
    await page.reload();
    await page.waitForFunction(() => Boolean((globalThis as unknown as Marks).Kodepos?.consent));
    expect(await dialog.count()).toBe(0);
    expect(await marks(page)).toEqual({});

    // A choice made under other words or another policy version no longer counts: the banner asks again.
    const stored = (await context.cookies(server.baseUrl)).find((c) => c.name === 'kodepos_consent');
    expect(stored?.value).toMatch(/^1\.0000\.[0-9a-z]+\.[0-9a-z]+$/);
    await context.addCookies([{ ...stored!, value: stored!.value.replace(/\.[0-9a-z]+$/, '.0ld') }]);
    await page.reload();
    await dialog.waitFor();
    await context.addCookies([stored!]);
    await page.reload();
    await page.waitForFunction(() => Boolean((globalThis as unknown as Marks).Kodepos?.consent));
    expect(await dialog.count()).toBe(0);

    // The footer link re-opens it; Accept all runs the blocked scripts and updates Consent Mode.
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await dialog.waitFor();
    const accepted = consentPost(page);
    await accept.click();
    const res2 = await accepted;
    expect(res2.status()).toBe(201);
    const sent2 = res2.request().postDataJSON() as Posted;
    expect(sent2.purposes).toEqual(ALL_ON);
    await page.waitForFunction(() => (globalThis as unknown as Marks).__analyticsRuns === 1 && (globalThis as unknown as Marks).__adsRuns === 1);
    expect((await consentCalls(page)).at(-1)).toEqual(['consent', 'update', { analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', personalization_storage: 'granted' }]);
    cookies = await cookieNames(context, server.baseUrl);
    expect(cookies.get('kodepos_consent')).toMatch(/^1\.1111\./);
    // With analytics allowed, the id sent is the first-party visitor cookie.
    expect(cookies.get('kodepos_vid')).toBe(sent2.visitorId);
    expect((await state(sent2.visitorId)).purposes).toEqual(ALL_ON);
    expect(await page.evaluate(() => (globalThis as unknown as Marks).document.activeElement?.textContent)).toBe('Cookie settings');

    // Withdrawing analytics in the settings deletes its cookies (the visitor id and a tool's own).
    await page.evaluate(() => {
      (globalThis as unknown as Marks).document.cookie = '_ga=GA1.1.123.456; Path=/';
    });
    await page.evaluate(() => (globalThis as unknown as Marks).Kodepos?.consent?.open());
    await dialog.getByRole('button', { name: 'Settings' }).click();
    await expect(dialog.getByRole('checkbox', { name: /^Necessary/ }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('checkbox', { name: /^Analytics/ }).uncheck();
    const saved = consentPost(page);
    await dialog.getByRole('button', { name: 'Save choices' }).click();
    const sent3 = (await saved).request().postDataJSON() as Posted;
    expect(sent3.purposes).toEqual({ ...ALL_ON, analytics: false });
    // The withdrawal lands on the id that held the grant, then that id's cookie is gone.
    expect(sent3.visitorId).toBe(sent2.visitorId);
    expect((await state(sent2.visitorId)).purposes).toEqual({ ...ALL_ON, analytics: false });
    cookies = await cookieNames(context, server.baseUrl);
    expect(cookies.has('kodepos_vid')).toBe(false);
    expect(cookies.has('_ga')).toBe(false);
    expect(cookies.get('kodepos_consent')).toMatch(/^1\.0111\./);
    // Tracking stops at once: a navigation and a feature after the withdrawal send nothing.
    const tracked: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/public/v1/events')) tracked.push(r.postData() ?? '');
    });
    await page.evaluate(() => {
      const w = globalThis as unknown as Marks;
      w.history.pushState(null, '', '/privacy/after');
      w.Kodepos?.track?.('e2e.after');
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(tracked).toEqual([]);
    expect(cspErrors).toEqual([]);
  });

  it('on a customer site with Global Privacy Control, in Bahasa Indonesia: Accept all still denies ads', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
    contexts.push(context);
    await context.addInitScript(() => {
      Object.defineProperty((globalThis as unknown as Marks).Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
    });
    const page = await context.newPage();
    // The shop is a real server of its own on loopback (a page faked by routing would count as a
    // public site, which Chromium keeps from loading anything from loopback): another port and
    // host name than Kodepos, so the snippet and its calls go cross-site.
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Toko Kopi</title>
<script src="${server.baseUrl}/snippet.js" data-lang="id" data-policy-url="/privasi"></script></head>
<body><main><h1>Toko Kopi</h1><p>Kopi dari Aceh.</p></main>
<script type="text/plain" data-category="analytics">window.__analyticsRuns = (window.__analyticsRuns || 0) + 1;</script>
<script type="text/plain" data-category="ads">window.__adsRuns = (window.__adsRuns || 0) + 1;</script></body></html>`;
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    shopServer = site;
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    const shop = `http://localhost:${(site.address() as AddressInfo).port}`;
    await page.goto(`${shop}/toko`);
    const dialog = page.getByRole('dialog', { name: 'Cookie dan privasi Anda' });
    await dialog.waitFor();
    await expect(dialog.getByText('Global Privacy Control').isVisible()).resolves.toBe(true);
    await expect(dialog.getByRole('link', { name: 'Kebijakan privasi' }).getAttribute('href')).resolves.toBe('/privasi');
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'banner-shop-gpc-id.png') });

    const posted = consentPost(page);
    await dialog.getByRole('button', { name: 'Terima semua', exact: true }).click();
    const res = await posted;
    expect(res.status()).toBe(201);
    expect(res.headers()['access-control-allow-origin']).toBe('*');
    const sent = res.request().postDataJSON() as Posted;
    expect(sent.purposes).toEqual({ ...ALL_ON, ads: false });
    // The server's record (read back over the API: the cross-origin response body is not read here).
    expect((await state(sent.visitorId)).purposes).toEqual({ ...ALL_ON, ads: false });

    await page.waitForFunction(() => (globalThis as unknown as Marks).__analyticsRuns === 1, undefined, { timeout: 10_000 });
    expect((await marks(page)).ads).toBeUndefined();
    expect((await consentCalls(page)).at(-1)).toMatchObject(['consent', 'update', { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }]);
    // The choice lives in the site's own (first-party) cookies.
    const cookies = await cookieNames(context, shop);
    expect(cookies.get('kodepos_consent')).toMatch(/^1\.1110\./);
    expect(cookies.get('kodepos_vid')).toBe(sent.visitorId);

    // In the settings, ads cannot be switched on while the signal is sent.
    await page.evaluate(() => (globalThis as unknown as Marks).Kodepos?.consent?.open());
    await dialog.getByRole('button', { name: 'Pengaturan' }).click();
    const ads = dialog.getByRole('checkbox', { name: /^Iklan/ });
    await expect(ads.isDisabled()).resolves.toBe(true);
    await expect(ads.isChecked()).resolves.toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });
});
