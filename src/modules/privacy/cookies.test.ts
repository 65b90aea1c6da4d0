import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../http/auth.js';
import { PORTAL_COOKIE } from '../service/portal-page-routes.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { login } from '../workspaces/test-support.js';
import { COOKIE_CATEGORIES, COOKIES, cookieNames } from './cookies.js';

const ROOT = resolve(import.meta.dirname, '../../..');

function sources(dir: string, ext: RegExp): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (ext.test(e.name)) out.push({ file: relative(ROOT, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(ROOT, dir));
  return out;
}

const literals = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1] ?? '');

describe('cookie inventory', () => {
  it('lists each entry once, with a category, both languages and a lifetime', () => {
    expect(new Set(COOKIES.map((c) => c.name)).size).toBe(COOKIES.length);
    for (const c of COOKIES) {
      expect(COOKIE_CATEGORIES).toContain(c.category);
      expect(c.purpose.en.length * c.purpose.id.length * c.lifetime.en.length * c.lifetime.id.length, c.name).toBeGreaterThan(0);
    }
    // What the site script will set: the choice itself (necessary) and the visitor id (analytics only).
    expect(COOKIES.find((c) => c.name === 'kodepos_consent')).toMatchObject({ category: 'necessary', setBy: 'snippet', kind: 'cookie', party: 'first' });
    expect(COOKIES.find((c) => c.name === 'kodepos_vid')).toMatchObject({ category: 'analytics', setBy: 'snippet', kind: 'cookie', party: 'first' });
  });

  it('names every cookie the server code sets', () => {
    const registered = cookieNames((c) => c.setBy === 'server' && c.kind === 'cookie');
    const problems: string[] = [];
    for (const { file, text } of sources('src', /(?<!\.test)\.ts$/)) {
      for (const arg of literals(text, /\.setCookie\(\s*([^,)]+)/g)) {
        const constants: Record<string, string> = { SESSION_COOKIE, PORTAL_COOKIE };
        const name = constants[arg.trim()] ?? /^['"`]([^'"`]+)['"`]$/.exec(arg.trim())?.[1];
        if (!name) problems.push(`${file}: cookie name not a literal or known constant: ${arg.trim()}`);
        else if (!registered.has(name)) problems.push(`${file}: sets cookie ${name}, missing from src/modules/privacy/cookies.ts`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names every storage key the web app uses, and lists no key the app no longer uses', () => {
    const files = sources('web/src', /\.(ts|tsx|js|jsx)$/);
    expect(files.length).toBeGreaterThan(10);
    const registered = cookieNames((c) => c.setBy === 'app');
    const used = new Set<string>();
    const problems: string[] = [];
    for (const { file, text } of files) {
      const keysBlock = /STORAGE_KEYS\s*=\s*\{([^}]*)\}/.exec(text)?.[1];
      if (keysBlock) for (const k of literals(keysBlock, /:\s*['"`]([^'"`]+)['"`]/g)) used.add(k);
      for (const k of literals(text, /(?:readStored|writeStored)\(\s*['"`]([^'"`]+)['"`]/g)) used.add(k);
      for (const k of literals(text, /(?:localStorage|sessionStorage)\.(?:getItem|setItem|removeItem)\(\s*['"`]([^'"`]+)['"`]/g)) used.add(k);
      // Direct storage access with a computed key only in the one wrapper whose keys are listed above.
      if (!file.endsWith('web/src/lib/storage.ts')) {
        for (const m of text.matchAll(/(?:localStorage|sessionStorage)(?!\.(?:getItem|setItem|removeItem)\(\s*['"`])/g)) problems.push(`${file}: storage used with a key the test cannot read (${text.slice(m.index, m.index + 40)})`);
      }
      for (const m of text.matchAll(/document\.cookie\s*=\s*(['"`])([A-Za-z0-9_.-]*)=?/g)) {
        if (!cookieNames((c) => c.kind === 'cookie').has(m[2] ?? '')) problems.push(`${file}: sets cookie ${m[2] ?? '?'}`);
      }
      if (/document\.cookie\s*=\s*[^'"`\s]/.test(text)) problems.push(`${file}: sets a cookie with a computed name`);
      // The UI library reads its colour-scheme key unless the app hands it another manager.
      if (/<MantineProvider\b(?![^>]*colorSchemeManager)/.test(text)) used.add('mantine-color-scheme-value');
    }
    for (const k of used) if (!registered.has(k)) problems.push(`web app uses storage key ${k}, missing from src/modules/privacy/cookies.ts`);
    for (const k of registered) if (!used.has(k)) problems.push(`cookies.ts lists ${k}, which the web app no longer uses`);
    expect(problems).toEqual([]);
  });
});

describe.each(testDialects)('cookies set over HTTP and the cookie policy on %s', (dialect) => {
  let ta: TestApp;
  const seen = new Set<string>();
  const note = (res: LightMyRequestResponse): LightMyRequestResponse => {
    for (const c of res.cookies) seen.add(c.name);
    return res;
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
  });
  afterAll(async () => {
    await ta.close();
  });

  it('sets no cookie over HTTP that the inventory does not list (sign-up, login, every GET route, logout)', async () => {
    const user = await signUp(ta, { email: 'keks@cookies.example', name: 'Kiki Keks' });
    const res = note(await login(ta, 'keks@cookies.example'));
    expect(res.statusCode).toBe(200);
    expect(seen.has(SESSION_COOKIE)).toBe(true);
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(await ta.app.inject({ method: 'GET', url: '/api/openapi.json' }));
    const paths = [...Object.keys(doc.paths).filter((p) => !p.includes('{') && 'get' in doc.paths[p]!), '/privacy', '/cookies', '/healthz', '/'];
    for (const url of paths) {
      note(await ta.app.inject({ method: 'GET', url, headers: { cookie: user.cookie } }));
      note(await ta.app.inject({ method: 'GET', url }));
    }
    note(await ta.app.inject({ method: 'POST', url: '/public/v1/consent', payload: { purposes: { analytics: true, marketing: true, personalization: true, ads: true }, source: 'banner' } }));
    note(await ta.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: user.cookie } }));
    const serverSet = cookieNames((c) => c.setBy === 'server');
    expect([...seen].filter((n) => !serverSet.has(n))).toEqual([]);
  });

  it('serves the cookie policy generated from the inventory, in English and Bahasa Indonesia', async () => {
    const en = await ta.app.inject({ method: 'GET', url: '/cookies' });
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Cookie Policy');
    for (const c of COOKIES) {
      expect(en.body).toContain(`<code>${c.name}</code>`);
      expect(en.body).toContain(c.lifetime.en);
    }
    expect(en.body).toContain('Strictly necessary');
    expect(en.body).toContain('Analytics');
    expect(en.body).toContain('href="/cookies?lang=id"');
    expect(en.body).toContain('href="/privacy"');

    const id = await ta.app.inject({ method: 'GET', url: '/cookies?lang=id' });
    expect(id.statusCode).toBe(200);
    expect(id.body).toContain('<html lang="id"');
    expect(id.body).toContain('Kebijakan Cookie');
    expect(id.body).toContain('Benar-benar diperlukan');
    for (const c of COOKIES) expect(id.body).toContain(c.purpose.id.replace(/'/g, '&#39;'));

    // The privacy policy page links to it.
    const privacy = await ta.app.inject({ method: 'GET', url: '/privacy' });
    expect(privacy.body).toContain('href="/cookies"');

    const api = json<{ categories: string[]; data: { name: string; category: string; purpose: string }[] }>(await ta.app.inject({ method: 'GET', url: '/public/v1/cookies?lang=id' }));
    expect(api.categories).toEqual([...COOKIE_CATEGORIES]);
    expect(api.data.map((c) => c.name)).toEqual(COOKIES.map((c) => c.name));
    expect(api.data.find((c) => c.name === 'kodepos_vid')).toMatchObject({ category: 'analytics', purpose: COOKIES.find((c) => c.name === 'kodepos_vid')!.purpose.id });
    expect((await ta.app.inject({ method: 'GET', url: '/public/v1/cookies?lang=fr' })).statusCode).toBe(400);
  });
});
