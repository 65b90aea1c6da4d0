import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { excerpt, plainText, renderArticle, safeUrl } from './kb-markdown.js';
import { searchWords } from './kb-search.js';
import { slugify } from './kb-service.js';

interface Article {
  id: string;
  groupId: string;
  slug: string;
  status: string;
  bodyHtml: string;
  publishedAt: string | null;
  url: string;
  translations: { id: string; locale: string }[];
}
interface Hit {
  id: string;
  title: string;
  excerpt: string;
  locale: string;
  url: string;
}

describe('kb markdown', () => {
  it('shows raw HTML as text and neutralises script links', () => {
    const html = renderArticle('# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](java\tscript:alert(1)) ![i](data:text/html,hi) [ok](https://example.com/a) [rel](/help/x)');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="java/i);
    expect(html).not.toContain('src="data:');
    expect(html).toContain('href="https://example.com/a"');
    expect(html).toContain('href="/help/x"');
    expect(safeUrl('JaVaScRiPt:alert(1)')).toBe('#');
    expect(safeUrl('mailto:a@b.c')).toBe('mailto:a@b.c');
  });

  it('makes plain text, excerpts, slugs and query words', () => {
    expect(plainText('**Reset** your _password_ &amp; more')).toBe('Reset your password & more');
    expect(excerpt('a'.repeat(100) + ' needle ' + 'b'.repeat(200), ['needle'])).toMatch(/^….*needle.*…$/);
    expect(slugify('Cara Mengganti Kata Sandi — Ä!')).toBe('cara-mengganti-kata-sandi-a');
    expect(searchWords('  Pass-word RESET reset ')).toEqual(['pass', 'word', 'reset']);
  });
});

describe.each(testDialects)('knowledge base (%s)', (dialect) => {
  let ta: TestApp;
  let a: { cookie: string; workspaceId: string; userId: string };
  let b: { cookie: string; workspaceId: string; userId: string };
  const create = async (body: Record<string, unknown>, who = a) => {
    const res = await call(ta, 'POST', '/api/v1/kb/articles', who, body);
    expect(res.statusCode, res.body).toBe(201);
    return json<Article>(res);
  };
  const search = async (ws: string, q: string, locale?: string) => {
    const res = await ta.app.inject({ method: 'GET', url: `/public/v1/kb/${ws}/search?q=${encodeURIComponent(q)}${locale ? `&locale=${locale}` : ''}` });
    expect(res.statusCode, res.body).toBe(200);
    return json<{ data: Hit[] }>(res).data;
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await signUp(ta, { email: 'kb-a@example.com' });
    b = await signUp(ta, { email: 'kb-b@example.com' });
  });
  afterAll(async () => ta.close());

  it('creates categories with unique slugs', async () => {
    const res = await call(ta, 'POST', '/api/v1/kb/categories', a, { nameEn: 'Billing & Plans', nameId: 'Tagihan' });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<{ slug: string }>(res).slug).toBe('billing-plans');
    expectError(await call(ta, 'POST', '/api/v1/kb/categories', a, { nameEn: 'X', nameId: 'Y', slug: 'billing-plans' }), 409, 'slug_taken');
    expectError(await call(ta, 'POST', '/api/v1/kb/categories', a, { nameEn: 'X', nameId: 'Y', slug: 'Not a slug' }), 400, 'validation_failed');
    const list = json<{ data: { id: string }[] }>(await call(ta, 'GET', '/api/v1/kb/categories', a));
    expect(list.data).toHaveLength(1);
    expect(json<{ data: unknown[] }>(await call(ta, 'GET', '/api/v1/kb/categories', b)).data).toHaveLength(0);
  });

  it('links the English and Indonesian versions and publishes', async () => {
    const en = await create({ locale: 'en', title: 'Reset your password', bodyMarkdown: 'Open **Settings**.' });
    expect(en.status).toBe('draft');
    expect(en.publishedAt).toBeNull();
    expect(en.bodyHtml).toContain('<strong>Settings</strong>');
    const id = await create({ locale: 'id', title: 'Atur ulang kata sandi', bodyMarkdown: 'Buka Pengaturan.', groupId: en.groupId, status: 'published' });
    expect(id.translations).toEqual([expect.objectContaining({ id: en.id, locale: 'en' })]);
    expectError(await call(ta, 'POST', '/api/v1/kb/articles', a, { locale: 'id', title: 'Lagi', bodyMarkdown: '', groupId: en.groupId }), 409, 'translation_exists');
    expectError(await call(ta, 'POST', '/api/v1/kb/articles', b, { locale: 'id', title: 'Lagi', bodyMarkdown: '', groupId: en.groupId }), 404, 'not_found');
    const pub = json<Article>(await call(ta, 'PATCH', `/api/v1/kb/articles/${en.id}`, a, { status: 'published' }));
    expect(pub.status).toBe('published');
    expect(pub.publishedAt).not.toBeNull();
    expect(pub.url).toBe(`http://kodepos.test/help/${a.workspaceId}/en/reset-your-password`);
    const again = await create({ locale: 'en', title: 'Reset your password', bodyMarkdown: 'Duplicate title' });
    expect(again.slug).toBe('reset-your-password-2');
    expectError(await call(ta, 'PATCH', `/api/v1/kb/articles/${again.id}`, a, { slug: 'reset-your-password' }), 409, 'slug_taken');
    expectError(await call(ta, 'GET', `/api/v1/kb/articles/${en.id}`, b), 404, 'not_found');
    expectError(await call(ta, 'PATCH', `/api/v1/kb/articles/${en.id}`, b, { title: 'x' }), 404, 'not_found');
    expectError(await call(ta, 'DELETE', `/api/v1/kb/articles/${en.id}`, b), 404, 'not_found');
    const drafts = json<{ data: Article[] }>(await call(ta, 'GET', '/api/v1/kb/articles?status=draft', a));
    expect(drafts.data.map((d) => d.id)).toEqual([again.id]);
  });

  it('searches published articles only, by word prefix, title matches first, per locale', async () => {
    await create({ locale: 'en', title: 'Invoices explained', bodyMarkdown: 'How to read an invoice. If you forgot your password, see the reset article.', status: 'published' });
    await create({ locale: 'en', title: 'Password rules draft', bodyMarkdown: 'secret draft', status: 'draft' });
    await create({ locale: 'en', title: 'Other workspace password', bodyMarkdown: 'x', status: 'published' }, b);
    const hits = await search(a.workspaceId, 'passw', 'en');
    expect(hits.map((h) => h.title)).toEqual(['Reset your password', 'Invoices explained']);
    expect(hits[1]?.excerpt).toContain('password');
    expect(await search(a.workspaceId, 'assword', 'en')).toEqual([]);
    expect((await search(a.workspaceId, 'sandi', 'id')).map((h) => h.locale)).toEqual(['id']);
    expect(await search(a.workspaceId, 'sandi', 'en')).toEqual([]);
    expect((await search(a.workspaceId, 'reset pass')).map((h) => h.title)).toEqual(['Reset your password', 'Invoices explained']);
    expect(await search(a.workspaceId, '%_')).toEqual([]);
    expect(await search(a.workspaceId, '')).toEqual([]);
    const missing = await ta.app.inject({ method: 'GET', url: '/public/v1/kb/ws_missing/search?q=a' });
    expectError(missing, 404, 'not_found');
  });
});
