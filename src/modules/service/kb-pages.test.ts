import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call } from '../workspaces/test-support.js';
import { article, page, text, type Owner } from './portal-test-support.js';

describe.each(testDialects)('help centre pages (%s)', (dialect) => {
  let ta: TestApp;
  let a: Owner;
  let en: { id: string; slug: string; groupId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await signUp(ta, { email: 'help-a@example.com', company: 'Warung Kopi' });
    const cat = json<{ id: string }>(await call(ta, 'POST', '/api/v1/kb/categories', a, { nameEn: 'Accounts', nameId: 'Akun' }));
    en = await article(ta, a, { locale: 'en', title: 'Reset your password', bodyMarkdown: '## Steps\n\n1. Open **Settings**\n\n<img src=x onerror=alert(1)>', categoryId: cat.id });
    await article(ta, a, { locale: 'id', title: 'Atur ulang kata sandi', bodyMarkdown: 'Buka **Pengaturan**.', groupId: en.groupId, categoryId: cat.id });
    await article(ta, a, { locale: 'en', title: 'Secret draft', bodyMarkdown: 'x', status: 'draft' });
    await article(ta, a, { locale: 'en', title: 'Shipping times', bodyMarkdown: 'Two days' });
  });
  afterAll(async () => ta.close());

  it('lists published articles by category in the chosen language, with the banner and a language switch', async () => {
    const res = await page(ta, `/help/${a.workspaceId}?lang=en`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('<script src="/snippet.js"');
    expect(res.body).toContain(`data-workspace="${a.workspaceId}"`);
    const words = text(res.body);
    expect(words).toContain('Warung Kopi help centre');
    expect(words).toContain('Accounts');
    expect(words).toContain('Reset your password');
    expect(words).toContain('Shipping times');
    expect(words).not.toContain('Secret draft');
    expect(words).not.toContain('Atur ulang');
    expect(res.body).toMatch(/hreflang="id" lang="id">Bahasa Indonesia</);
    const id = text((await page(ta, `/help/${a.workspaceId}?lang=id`)).body);
    expect(id).toContain('Pusat bantuan Warung Kopi');
    expect(id).toContain('Akun');
    expect(id).toContain('Atur ulang kata sandi');
    expect((await page(ta, '/help/ws_unknown')).statusCode).toBe(404);
  });

  it('searches without script', async () => {
    const res = await page(ta, `/help/${a.workspaceId}?lang=en&q=ship`);
    expect(res.body).toMatch(/role="status">1 article for “ship”/);
    expect(res.body).toContain(`/help/${a.workspaceId}/en/shipping-times`);
    expect(text((await page(ta, `/help/${a.workspaceId}?lang=en&q=zzzz`)).body)).toContain('No articles match');
  });

  it('shows an article safely, links its other language, and counts readers but not crawlers', async () => {
    const url = `/help/${a.workspaceId}/en/${en.slug}`;
    const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36' };
    const res = await ta.app.inject({ method: 'GET', url, headers: browser });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h2>Steps</h2>');
    expect(res.body).toContain('<strong>Settings</strong>');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.body).toContain(`href="/help/${a.workspaceId}/id/atur-ulang-kata-sandi" hreflang="id"`);
    await ta.app.inject({ method: 'GET', url, headers: browser });
    await ta.app.inject({ method: 'GET', url, headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } });
    expect(json<{ views: number }>(await call(ta, 'GET', `/api/v1/kb/articles/${en.id}`, a)).views).toBe(2);
    expect((await page(ta, `/help/${a.workspaceId}/en/secret-draft`)).statusCode).toBe(404);
    expect((await page(ta, `/help/${a.workspaceId}/fr/${en.slug}`)).statusCode).toBe(404);
    expect((await call(ta, 'PATCH', '/api/v1/service/settings', a, { portalEnabled: false })).statusCode).toBe(200);
    const noPortal = await page(ta, url);
    expect(noPortal.statusCode).toBe(200);
    expect(noPortal.body).not.toContain(`/support/${a.workspaceId}`);
    expect((await call(ta, 'PATCH', '/api/v1/service/settings', a, { portalEnabled: true })).statusCode).toBe(200);
    expect((await page(ta, url)).body).toContain(`/support/${a.workspaceId}?lang=en`);
    const unpublished = await call(ta, 'PATCH', `/api/v1/kb/articles/${en.id}`, a, { status: 'draft' });
    expect(unpublished.statusCode).toBe(200);
    expect((await page(ta, url)).statusCode).toBe(404);
  });
});
