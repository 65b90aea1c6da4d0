import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { choiceTag, choiceValue, parseChoice } from '../../../snippet/src/choice.js';
import { COOKIES } from './cookies.js';
import { buildSnippet } from './snippet-routes.js';
import { currentPolicy } from '../governance/service.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('consent snippet build', () => {
  it('is one dependency-free file under 15 KB gzipped', () => {
    const { code } = buildSnippet();
    const gz = gzipSync(code).length;
    expect(gz).toBeLessThan(15 * 1024);
    const text = code.toString('utf8');
    expect(text).not.toMatch(/\brequire\(|\bimport\s*\(|^import\s/m);
    for (const s of ['kodepos_consent', 'kodepos_vid', '/public/v1/consent', 'Accept all', 'Terima semua', 'globalPrivacyControl', 'data-kodepos-consent-open']) expect(text).toContain(s);
  });

  it('typechecks against the DOM library', () => {
    const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', resolve(ROOT, 'snippet/tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });

  it('sets its cookies with the lifetimes the cookie inventory states', () => {
    const src = readFileSync(resolve(ROOT, 'snippet/src/effects.ts'), 'utf8');
    const seconds = (name: string): number => Number(new RegExp(`const ${name} = (\\d[\\d_]*);`).exec(src)?.[1]?.replace(/_/g, '') ?? NaN);
    const months = (cookie: string): number => Number(/^(\d+) months$/.exec(COOKIES.find((c) => c.name === cookie)?.lifetime.en ?? '')?.[1] ?? NaN);
    expect(src).toMatch(/CONSENT_COOKIE = 'kodepos_consent'/);
    expect(src).toMatch(/VISITOR_COOKIE = 'kodepos_vid'/);
    expect(seconds('CONSENT_MAX_AGE') / 86400).toBe(Math.round((months('kodepos_consent') * 365) / 12));
    expect(seconds('VISITOR_MAX_AGE') / 86400).toBe(Math.round((months('kodepos_vid') * 365) / 12));
  });

  it('stores nothing the cookie inventory does not list: two cookies, no web storage', () => {
    const dir = resolve(ROOT, 'snippet/src');
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
    for (const [file, src] of sources) {
      expect(src, file).not.toMatch(/localStorage|sessionStorage|indexedDB|caches\./);
      // Only effects.ts writes cookies (its writeCookie and deletions); the tracker reads through it.
      if (file !== 'effects.ts') expect(src, file).not.toMatch(/document\.cookie/);
    }
    const effects = sources.find(([f]) => f === 'effects.ts')?.[1] ?? '';
    const written = [...effects.matchAll(/writeCookie\((\w+),/g)].map((m) => m[1]);
    expect(written.sort()).toEqual(['CONSENT_COOKIE', 'VISITOR_COOKIE']);
    const listed = COOKIES.filter((c) => c.setBy === 'snippet').map((c) => [c.name, c.kind, c.category]);
    expect(listed).toEqual([
      ['kodepos_consent', 'cookie', 'necessary'],
      ['kodepos_vid', 'cookie', 'analytics'],
    ]);
  });

  it('stores a choice tagged with the wording and policy version, and no longer reads it under another', () => {
    const c = { analytics: true, marketing: false, personalization: true, ads: false };
    const tag = choiceTag('1.0');
    const value = choiceValue(c, tag, Date.UTC(2026, 10, 28));
    expect(value).toMatch(/^1\.1010\.[0-9a-z]+\.[0-9a-z]+$/);
    expect(parseChoice(value, tag)).toEqual(c);
    expect(choiceTag('1.1')).not.toBe(tag);
    expect(choiceTag(undefined)).not.toBe(tag);
    expect(parseChoice(value, choiceTag('1.1'))).toBeNull();
    expect(parseChoice('1.10x0.abc.' + tag, tag)).toBeNull();
    expect(parseChoice('', tag)).toBeNull();
  });

  it('bundles the tracker: events endpoint, beacon on leaving, the site opt-out and anonymous opt-in', () => {
    const text = buildSnippet().code.toString('utf8');
    for (const s of ['/public/v1/events', 'sendBeacon', 'visibilitychange', 'pagehide', 'pushState', 'popstate', 'anonymous-stats', 'timeZone']) {
      expect(text).toContain(s);
    }
  });
});

describe.each(testDialects)('serving the snippet and cross-site consent calls on %s', (dialect) => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('serves /snippet.js cacheable, loadable from other sites, with ETag revalidation', async () => {
    const res = await ta.app.inject({ method: 'GET', url: '/snippet.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toMatch(/^public, max-age=3600/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload.equals(buildSnippet().code)).toBe(true);
    const etag = String(res.headers.etag);
    const again = await ta.app.inject({ method: 'GET', url: '/snippet.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await ta.app.inject({ method: 'GET', url: '/snippet.js', headers: { 'if-none-match': '"stale"' } })).statusCode).toBe(200);
    expect(res.cookies).toEqual([]);
  });

  it('answers the CORS preflight and cross-origin calls to /public/v1/consent, errors included', async () => {
    const origin = 'https://shop.example';
    const pre = await ta.app.inject({ method: 'OPTIONS', url: '/public/v1/consent', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();

    const visitorId = 'cors-visitor-0123456789';
    const post = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', headers: { origin, 'sec-fetch-site': 'cross-site' }, payload: { visitorId, purposes: { analytics: true, marketing: false, personalization: false, ads: false }, source: 'banner', wordingVersion: 'banner-test' } });
    expect(post.statusCode).toBe(201);
    expect(post.headers['access-control-allow-origin']).toBe('*');
    const got = await ta.app.inject({ method: 'GET', url: `/public/v1/consent?visitorId=${visitorId}`, headers: { origin } });
    expect(got.headers['access-control-allow-origin']).toBe('*');
    expect(json<{ purposes: Record<string, boolean> }>(got).purposes).toEqual({ analytics: true, marketing: false, personalization: false, ads: false });
    const bad = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', headers: { origin }, payload: { source: 'banner' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['access-control-allow-origin']).toBe('*');
  });

  it('puts the banner, told the policy version in force, and a link that re-opens it on the public pages', async () => {
    const policy = await currentPolicy(ta.ctx);
    expect(policy?.version).toBeTruthy();
    for (const url of ['/privacy', '/cookies', '/cookies?lang=id']) {
      const page = await ta.app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      // A new policy version changes the banner's tag, so every visitor is asked again.
      expect(page.body).toContain(`<script src="/snippet.js" data-policy-version="${policy?.version ?? ''}" defer></script>`);
      expect(page.body).toMatch(/<a href="\/cookies" data-kodepos-consent-open>/);
      // Same-origin script: allowed by the page's own policy, no inline script needed.
      expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'(;|$)/);
    }
  });
});
