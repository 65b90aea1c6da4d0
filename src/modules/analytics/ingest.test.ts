import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { expectError } from '../workspaces/test-support.js';
import { flushEvents } from './buffer.js';
import { linkVisitor } from './link.js';
import { HEARTBEAT_CAP_MS } from './ingest.js';
import { ENGAGED_TOTAL_CAP_MS } from './repo.js';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** Google's public resolver: the database surely places it in the United States. */
const US_IP = '8.8.8.8';

describe.each(testDialects)('event ingestion on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let n = 0;
  const id = (tag: string): string => `${tag}-${dialect}-${String(++n).padStart(10, '0')}`;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@ingest.example', company: 'Toko Ingest' });
  });
  afterAll(async () => {
    await ta.close();
  });

  function send(body: unknown, opts: { ua?: string | null; ip?: string; contentType?: string } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
    if (opts.ua !== null) headers['user-agent'] = opts.ua ?? CHROME;
    return ta.app.inject({ method: 'POST', url: '/public/v1/events', payload: typeof body === 'string' ? body : JSON.stringify(body), headers, remoteAddress: opts.ip ?? US_IP });
  }
  const recorded = async (res: Promise<LightMyRequestResponse>): Promise<boolean> => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(202);
    return json<{ recorded: boolean }>(r).recorded;
  };
  const rows = async (pageId: string) => {
    await flushEvents(ta.ctx);
    return ta.ctx.db.k.selectFrom('analytics_events').selectAll().where('page_id', '=', pageId).execute();
  };
  async function grant(visitorId: string, workspaceId: string | undefined, analytics: boolean): Promise<void> {
    const purposes = { analytics, marketing: false, personalization: false, ads: false };
    const res = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', payload: { visitorId, purposes, source: 'banner', ...(workspaceId ? { workspaceId } : {}) }, remoteAddress: `10.77.0.${(n % 250) + 1}` });
    expect(res.statusCode, res.body).toBe(201);
  }

  it('records an anonymous page view with a daily hash, host and path only, UTM tags, country, browser and device', async () => {
    const pageId = id('page');
    const url = 'https://toko.example/produk/sepatu?utm_source=newsletter&utm_medium=email&utm_campaign=promo&utm_term=lari&utm_content=a&email=x%40y.example&q=secret#top';
    expect(await recorded(send({ workspaceId: owner.workspaceId, type: 'pageview', url, referrer: 'https://www.google.com/search?q=sepatu', pageId, timeZone: 'Asia/Jakarta' }))).toBe(true);
    const [row] = await rows(pageId);
    expect(row).toMatchObject({
      workspace_id: owner.workspaceId,
      type: 'pageview',
      visitor_id: null,
      hostname: 'toko.example',
      path: '/produk/sepatu',
      referrer_host: 'www.google.com',
      referrer_path: '/search',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'promo',
      utm_term: 'lari',
      utm_content: 'a',
      country: 'US',
      browser: 'Chrome',
      os: 'Windows',
      device: 'desktop',
      time_zone: 'Asia/Jakarta',
      engaged_ms: 0,
      day: ta.clock.now().toISOString().slice(0, 10),
    });
    expect(row?.visitor_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toMatch(/secret|x%40y|#top/);
  });

  it('gives the same visitor the same hash within a day and site, another on another site', async () => {
    const a = id('page');
    const b = id('page');
    const c = id('page');
    await send({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/a', pageId: a }, { ip: '1.1.1.1', ua: IPHONE });
    await send({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/b', pageId: b }, { ip: '1.1.1.1', ua: IPHONE });
    await send({ type: 'pageview', url: 'https://kodepos.test/pricing', pageId: c }, { ip: '1.1.1.1', ua: IPHONE });
    const [ra, rb, rc] = [(await rows(a))[0], (await rows(b))[0], (await rows(c))[0]];
    expect(ra?.visitor_hash).toBe(rb?.visitor_hash);
    expect(rc?.visitor_hash).not.toBe(ra?.visitor_hash);
    expect(rc).toMatchObject({ workspace_id: null, country: 'AU', browser: 'Safari', os: 'iOS', device: 'mobile' });
  });

  it('counts a visitor id only with analytics consent on that site, and records the visitor once', async () => {
    const consenting = id('vid');
    await grant(consenting, owner.workspaceId, true);
    const p1 = id('page');
    const p2 = id('page');
    expect(await recorded(send({ workspaceId: owner.workspaceId, visitorId: consenting, type: 'pageview', url: 'https://toko.example/', pageId: p1 }))).toBe(true);
    expect(await recorded(send({ workspaceId: owner.workspaceId, visitorId: consenting, type: 'pageview', url: 'https://toko.example/lagi', pageId: p2 }))).toBe(true);
    expect((await rows(p1))[0]).toMatchObject({ visitor_id: consenting, visitor_hash: null });
    const visitors = await ta.ctx.db.k.selectFrom('analytics_visitors').selectAll().where('visitor_id', '=', consenting).execute();
    expect(visitors).toHaveLength(1);
    expect(visitors[0]).toMatchObject({ workspace_id: owner.workspaceId, user_id: null, contact_id: null });

    // Consent given on the platform's site does not count on a workspace's site.
    const elsewhere = id('vid');
    await grant(elsewhere, undefined, true);
    const p3 = id('page');
    await send({ workspaceId: owner.workspaceId, visitorId: elsewhere, type: 'pageview', url: 'https://toko.example/', pageId: p3 });
    expect((await rows(p3))[0]).toMatchObject({ visitor_id: null });

    // Refused, or never asked: anonymous.
    const refusing = id('vid');
    await grant(refusing, owner.workspaceId, false);
    for (const visitorId of [refusing, id('vid')]) {
      const p = id('page');
      await send({ workspaceId: owner.workspaceId, visitorId, type: 'pageview', url: 'https://toko.example/', pageId: p });
      const [row] = await rows(p);
      expect(row?.visitor_id).toBeNull();
      expect(row?.visitor_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await ta.ctx.db.k.selectFrom('analytics_visitors').select('id').where('visitor_id', 'in', [refusing, elsewhere]).execute()).toEqual([]);
  });

  it('records nothing, not even anonymously, for a visitor linked to a restricted contact', async () => {
    const vid = id('vid');
    await grant(vid, owner.workspaceId, true);
    const made = await ta.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { cookie: owner.cookie, 'x-workspace-id': owner.workspaceId }, payload: { firstName: 'Restu', email: `${vid}@restricted.example` } });
    expect(made.statusCode, made.body).toBe(201);
    const contactId = json<{ id: string }>(made).id;
    expect(await linkVisitor(ta.ctx, { workspaceId: owner.workspaceId, visitorId: vid, contactId })).toBe('linked');
    await ta.ctx.db.k.updateTable('contacts').set({ restricted: 1 }).where('id', '=', contactId).execute();
    const p = id('page');
    expect(await recorded(send({ workspaceId: owner.workspaceId, visitorId: vid, type: 'pageview', url: 'https://toko.example/', pageId: p }))).toBe(false);
    expect(await recorded(send({ workspaceId: owner.workspaceId, visitorId: vid, type: 'heartbeat', url: 'https://toko.example/', pageId: p, engagedMs: 5000 }))).toBe(false);
    expect(await rows(p)).toEqual([]);
  });

  it('in mode none drops visitors without consent and keeps consented ones', async () => {
    const site = await signUp(ta, { email: 'none@ingest.example', company: 'Toko Tanpa Hash' });
    await ta.ctx.db.k.updateTable('workspaces').set({ analytics_mode: 'none' }).where('id', '=', site.workspaceId).execute();
    const p = id('page');
    expect(await recorded(send({ workspaceId: site.workspaceId, type: 'pageview', url: 'https://tanpa.example/', pageId: p }))).toBe(false);
    expect(await recorded(send({ workspaceId: site.workspaceId, type: 'heartbeat', url: 'https://tanpa.example/', pageId: p, engagedMs: 5000 }))).toBe(false);
    const vid = id('vid');
    await grant(vid, site.workspaceId, true);
    const q = id('page');
    expect(await recorded(send({ workspaceId: site.workspaceId, visitorId: vid, type: 'pageview', url: 'https://tanpa.example/', pageId: q }))).toBe(true);
    expect(await rows(p)).toEqual([]);
    expect((await rows(q))[0]).toMatchObject({ visitor_id: vid, visitor_hash: null });
  });

  it('drops bots and requests without a user agent', async () => {
    for (const ua of [GOOGLEBOT, 'curl/8.5.0', '', null]) {
      const p = id('page');
      expect(await recorded(send({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/', pageId: p }, { ua }))).toBe(false);
      expect(await rows(p)).toEqual([]);
    }
  });

  it('adds heartbeats to the page view, capped per beat and in total, whether or not it was written yet', async () => {
    const p = id('page');
    const base = { workspaceId: owner.workspaceId, url: 'https://toko.example/artikel', pageId: p };
    await send({ ...base, type: 'pageview' });
    await send({ ...base, type: 'heartbeat', engagedMs: 15_000 });
    await flushEvents(ta.ctx);
    await send({ ...base, type: 'heartbeat', engagedMs: 10_000 });
    await send({ ...base, type: 'heartbeat', engagedMs: 10 * 60_000 });
    expect((await rows(p)).map((r) => r.engaged_ms)).toEqual([15_000 + 10_000 + HEARTBEAT_CAP_MS]);
    // A heartbeat only touches its own site's page view.
    await send({ ...base, workspaceId: undefined, type: 'heartbeat', engagedMs: 30_000 });
    expect((await rows(p))[0]?.engaged_ms).toBe(85_000);
    for (let i = 0; i < 300; i++) await send({ ...base, type: 'heartbeat', engagedMs: HEARTBEAT_CAP_MS }, { ip: `10.66.${i % 200}.1` });
    expect((await rows(p))[0]?.engaged_ms).toBe(ENGAGED_TOTAL_CAP_MS);
    // Only page views and feature events are stored as rows.
    expect((await rows(p)).map((r) => r.type)).toEqual(['pageview']);
  });

  it('records feature events with their name', async () => {
    const p = id('page');
    expect(await recorded(send({ type: 'feature', feature: 'contacts.import', url: 'https://kodepos.test/app/contacts', pageId: p }))).toBe(true);
    expect((await rows(p))[0]).toMatchObject({ type: 'feature', feature: 'contacts.import', workspace_id: null, path: '/app/contacts' });
  });

  it('treats a same-site referrer as none', async () => {
    const p = id('page');
    await send({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/b', referrer: 'https://toko.example/a?x=1', pageId: p });
    expect((await rows(p))[0]).toMatchObject({ referrer_host: null, referrer_path: null });
  });

  it('accepts a text/plain body (navigator.sendBeacon) and answers any origin, with a preflight', async () => {
    const p = id('page');
    const body = JSON.stringify({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/beacon', pageId: p });
    const res = await send(body, { contentType: 'text/plain;charset=UTF-8' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect((await rows(p))[0]?.path).toBe('/beacon');
    const pre = await ta.app.inject({ method: 'OPTIONS', url: '/public/v1/events', headers: { origin: 'https://toko.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST' });
  });

  it('reads no session: a beacon carrying a session cookie from another site is recorded, where a session write would be refused', async () => {
    const p = id('page');
    const headers = { 'content-type': 'text/plain', 'user-agent': CHROME, cookie: owner.cookie, 'sec-fetch-site': 'cross-site', origin: 'https://toko.example' };
    const beacon = await ta.app.inject({ method: 'POST', url: '/public/v1/events', payload: JSON.stringify({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/c', pageId: p }), headers, remoteAddress: US_IP });
    expect(beacon.statusCode, beacon.body).toBe(202);
    // Recorded as the anonymous visit it is: the session names nobody here.
    expect((await rows(p))[0]).toMatchObject({ path: '/c', visitor_id: null });
    const write = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', payload: { visitorId: id('vis'), purposes: { analytics: true, marketing: false, personalization: false, ads: false }, source: 'banner' }, headers: { ...headers, 'content-type': 'application/json' } });
    expectError(write, 403, 'csrf_rejected');
  });

  it('answers with the headers of a cross-site JSON endpoint, errors and a query string included', async () => {
    const ok = { workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/h', pageId: id('page') };
    const crossSite = {
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cache-control': 'no-store',
    };
    const accepted = await send(ok);
    expect(accepted.statusCode).toBe(202);
    expect(accepted.headers).toMatchObject(crossSite);
    // The document headers of the rest of the API are not sent: a beacon's answer is rendered by no page.
    expect(accepted.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(accepted.headers['x-dns-prefetch-control']).toBeUndefined();
    const broken = await send('{"type":', { contentType: 'text/plain' });
    expectError(broken, 400, 'invalid_json');
    expect(broken.headers).toMatchObject({ 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'cross-origin' });
    const queried = await ta.app.inject({ method: 'POST', url: '/public/v1/events?v=2', payload: ok, headers: { 'user-agent': CHROME }, remoteAddress: US_IP });
    expect(queried.statusCode).toBe(202);
    expect(queried.headers['access-control-allow-origin']).toBe('*');
    // Every other route keeps the full set.
    const other = await ta.app.inject({ method: 'GET', url: '/public/v1/cookies' });
    expect(String(other.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown workspace with 404 and bad bodies with 400, never 500', async () => {
    const ok = { type: 'pageview', url: 'https://toko.example/', pageId: id('page') };
    expectError(await send({ ...ok, workspaceId: 'wsp_unknown' }), 404, 'not_found');
    const bad: unknown[] = [
      { ...ok, type: 'click' },
      { ...ok, url: 'javascript:alert(1)' },
      { ...ok, url: 'not a url' },
      { ...ok, pageId: 'short' },
      { ...ok, visitorId: 'has spaces in it, not allowed!!' },
      { ...ok, type: 'feature' },
      { ...ok, engagedMs: -1 },
      { ...ok, engagedMs: 'many' },
      { ...ok, timeZone: '<script>' },
      { ...ok, url: `https://toko.example/${'x'.repeat(9000)}` },
      { url: 'https://toko.example/' },
      [],
      'null',
    ];
    for (const body of bad) expectError(await send(body), 400, 'validation_failed');
    for (const contentType of ['application/json', 'text/plain']) {
      expectError(await send('{"type":', { contentType }), 400, 'invalid_json');
      expectError(await send('', { contentType }), 400, 'invalid_json');
    }
    expectError(await send(ok, { contentType: 'application/xml' }), 415, 'unsupported_media_type');
    expectError(await send({ ...ok, pad: 'x'.repeat(1_100_000) }), 413, 'payload_too_large');
  });

  it('caps stored lengths', async () => {
    const p = id('page');
    await send({ workspaceId: owner.workspaceId, type: 'pageview', url: `https://toko.example/${'p'.repeat(3000)}?utm_source=${'s'.repeat(500)}`, pageId: p });
    const [row] = await rows(p);
    expect(row?.path.length).toBe(1024);
    expect(row?.utm_source?.length).toBe(200);
  });

  it('stores no client address anywhere, IPv4 or IPv6', async () => {
    const v4 = '203.0.113.77';
    const v6 = '2001:4860:4860::8844';
    await send({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/', pageId: id('page') }, { ip: v4 });
    const p6 = id('page');
    await send({ workspaceId: owner.workspaceId, type: 'pageview', url: 'https://toko.example/', pageId: p6 }, { ip: v6 });
    await flushEvents(ta.ctx);
    expect((await rows(p6))[0]?.country).toBe('US');
    const k = ta.ctx.db.k;
    const tables =
      ta.ctx.db.dialect === 'postgres'
        ? (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(k)).rows
        : (await sql<{ t: string }>`select name as t from sqlite_master where type = 'table'`.execute(k)).rows;
    const hits: string[] = [];
    for (const { t } of tables) {
      const dump = JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(k)).rows);
      if (dump.includes(v4) || dump.includes('4860::8844') || dump.includes('203.0.113.')) hits.push(t);
    }
    expect(hits).toEqual([]);
  });

  it('rate-limits per client address at the configured rate', async () => {
    const limited = await createTestApp(dialect, { analyticsRateLimit: 3 });
    try {
      const answers: LightMyRequestResponse[] = [];
      for (let i = 0; i < 5; i++) {
        answers.push(await limited.app.inject({ method: 'POST', url: '/public/v1/events', payload: { type: 'pageview', url: 'https://kodepos.test/', pageId: id('page') }, headers: { 'user-agent': CHROME }, remoteAddress: '10.55.0.1' }));
      }
      expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 202, 429, 429]);
      expect(answers[0]?.headers).not.toHaveProperty('x-ratelimit-remaining');
      expectError(answers[3]!, 429, 'rate_limited');
      expect(answers[3]?.headers).toHaveProperty('retry-after');
      // Another address is not held back.
      expect((await limited.app.inject({ method: 'POST', url: '/public/v1/events', payload: { type: 'pageview', url: 'https://kodepos.test/', pageId: id('page') }, headers: { 'user-agent': CHROME }, remoteAddress: '10.55.0.2' })).statusCode).toBe(202);
    } finally {
      await limited.close();
    }
  });

  it('writes waiting events when the server closes', async () => {
    const other = await createTestApp(dialect);
    const p = id('page');
    const res = await other.app.inject({ method: 'POST', url: '/public/v1/events', payload: { type: 'pageview', url: 'https://kodepos.test/', pageId: p }, headers: { 'user-agent': CHROME } });
    expect(res.statusCode).toBe(202);
    await other.app.close();
    const stored = await other.t.db.k.selectFrom('analytics_events').select('path').where('page_id', '=', p).execute();
    expect(stored).toEqual([{ path: '/' }]);
    await other.close();
  });
});
