import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { newId } from '../../lib/ids.js';
import type { ArticleRow } from './kb-repo.js';

/** A large knowledge base stays quick to search with the LIKE scan (no separate index). */
const ARTICLES = 3000;
const WORDS = ['invoice', 'payment', 'shipping', 'refund', 'account', 'password', 'printer', 'warranty', 'delivery', 'voucher', 'subscription', 'receipt'];

describe.each(testDialects)('knowledge base search at size (%s)', (dialect) => {
  let ta: TestApp;
  let ws: string;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ws = (await signUp(ta, { email: 'kb-size@example.com' })).workspaceId;
    const now = new Date().toISOString();
    const rows: ArticleRow[] = [];
    for (let i = 0; i < ARTICLES; i++) {
      const w = WORDS[i % WORDS.length] ?? 'x';
      const body = Array.from({ length: 60 }, (_, j) => `${WORDS[(i + j) % WORDS.length]} paragraph ${i}-${j} lorem ipsum dolor sit amet`).join('. ');
      rows.push({ id: newId('kba'), workspace_id: ws, category_id: null, group_id: newId('kbg'), locale: i % 2 ? 'id' : 'en', slug: `a-${i}`, title: `How ${w} works ${i}`, body_markdown: body, status: 'published', published_at: now, author_id: null, views: i % 17, created_at: now, updated_at: now });
    }
    for (let i = 0; i < rows.length; i += 200) await ta.ctx.db.k.insertInto('kb_articles').values(rows.slice(i, i + 200)).execute();
  }, 120_000);
  afterAll(async () => ta.close());

  it(`answers within a few hundred milliseconds over ${ARTICLES} articles of about 3 KB`, async () => {
    const times: number[] = [];
    for (const q of ['shipping', 'pass', 'printer warranty', 'how do I get a receipt', 'zzz']) {
      const t0 = performance.now();
      const res = await ta.app.inject({ method: 'GET', url: `/public/v1/kb/${ws}/search?q=${encodeURIComponent(q)}&locale=en` });
      times.push(performance.now() - t0);
      expect(res.statusCode).toBe(200);
      const hits = json<{ data: { title: string }[] }>(res).data;
      if (q !== 'zzz') expect(hits.length).toBeGreaterThan(0);
      // Every body mentions every word; the title matches still come first.
      if (q === 'shipping') expect(hits.every((h) => h.title.includes('shipping'))).toBe(true);
    }
    const sorted = [...times].sort((x, y) => x - y);
    console.log(`kb search over ${ARTICLES} articles (${dialect}): median ${sorted[2]?.toFixed(0)} ms, max ${sorted[4]?.toFixed(0)} ms`);
    expect(sorted[2]).toBeLessThan(1000);
  });
});
