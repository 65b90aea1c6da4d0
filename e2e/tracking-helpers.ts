import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, startServer, type TestServer } from './harness.js';

/**
 * What the tracking browser tests share: a real server, Chromium, the server's database opened
 * read-only (what was recorded is read from the SQLite file), and visitors whose requests to
 * /public/v1/events are collected.
 */

export const EVENTS = '/public/v1/events';

export interface SentEvent {
  workspaceId?: string;
  visitorId?: string;
  type: 'pageview' | 'heartbeat' | 'feature';
  url: string;
  referrer?: string;
  pageId: string;
  engagedMs?: number;
  feature?: string;
  timeZone?: string;
}

export interface EventRow {
  type: string;
  page_id: string | null;
  visitor_id: string | null;
  visitor_hash: string | null;
  hostname: string | null;
  path: string;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  time_zone: string | null;
  feature: string | null;
  engaged_ms: number;
}

/** What functions run in the page see (this project compiles without the DOM library). */
export interface PageGlobals {
  document: { cookie: string; visibilityState: string; dispatchEvent(e: unknown): boolean };
  Event: new (type: string) => unknown;
  navigator: { sendBeacon(url: unknown, data?: unknown): boolean };
  fetch(input: unknown, init?: unknown): Promise<unknown>;
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  history: { pushState(state: unknown, title: string, url: string): void };
  dataLayer?: ArrayLike<unknown>[];
  Kodepos?: { track?(feature: string): void };
  Navigator: { prototype: object };
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Every request to the events endpoint, in order. */
  sent: Request[];
}

export interface Tracking {
  server: TestServer;
  db: SQLite.Database;
  /** A fresh browser context; `fakeClock`: the page's timers move only when the test says so. */
  visitor(options?: BrowserContextOptions, fakeClock?: boolean): Promise<Visitor>;
  /** Polls the recorded events (written in batches every second) until `done` or 15 s. */
  rowsUntil(where: string, params: unknown[], done: (rows: EventRow[]) => boolean): Promise<EventRow[]>;
  close(): Promise<void>;
}

export const parse = (r: Request): SentEvent | null => {
  try {
    return JSON.parse(r.postData() ?? '') as SentEvent;
  } catch {
    return null;
  }
};

export const isEvent = (r: Request): boolean => new URL(r.url()).pathname === EVENTS;

export async function startTracking(): Promise<Tracking> {
  const server = await startServer();
  const browser: Browser = await launchBrowser();
  // A desktop Chrome user agent: the server drops headless browsers as bots.
  const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version().split('.')[0]}.0.0.0 Safari/537.36`;
  const db = new SQLite(join(server.dataDir, 'kodepos.db'), { readonly: true });
  const contexts: BrowserContext[] = [];
  return {
    server,
    db,
    async visitor(options = {}, fakeClock = true) {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        viewport: { width: 1280, height: 860 },
        locale: 'en-US',
        timezoneId: 'Asia/Jakarta',
        userAgent,
        ...options,
      });
      contexts.push(context);
      const sent: Request[] = [];
      context.on('request', (r) => {
        if (isEvent(r)) sent.push(r);
      });
      const page = await context.newPage();
      if (fakeClock) await page.clock.install();
      return { context, page, sent };
    },
    async rowsUntil(where, params, done) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const rows = db
          .prepare(`SELECT * FROM analytics_events WHERE ${where} ORDER BY id`)
          .all(...params) as EventRow[];
        if (done(rows) || Date.now() > deadline) return rows;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      db.close();
      for (const c of contexts) await c.close();
      await browser.close();
      await server.stop();
    },
  };
}

/** The next event of that type the page sends, once the server accepted it. */
export async function nextEvent(
  page: Page,
  type: SentEvent['type'],
  action: () => Promise<unknown>,
): Promise<SentEvent> {
  const response = page.waitForResponse((r) => isEvent(r.request()) && parse(r.request())?.type === type);
  await action();
  const res = await response;
  // Only the status: Chromium hands a keepalive request's answer body to no one.
  expect(res.status()).toBe(202);
  return parse(res.request())!;
}

export const pushState = (page: Page, url: string): Promise<void> =>
  page.evaluate((u) => (globalThis as unknown as PageGlobals).history.pushState(null, '', u), url);
