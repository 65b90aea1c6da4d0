import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { publicPage } from '../../http/page.js';
import { escapeHtml } from '../../mail/layout.js';
import type { DiffLine } from './policies-diff.js';
import * as policies from './policies.js';
import { currentPolicy } from './service.js';

type Lang = 'en' | 'id';

const T = {
  en: {
    title: 'Privacy policy history',
    intro: 'Every published version of the privacy policy. A material change asked every user to accept it again.',
    version: 'Version',
    effective: 'In effect from',
    updated: 'Last Updated',
    material: 'Material change',
    changes: 'Changes',
    diffTitle: (a: string, b: string) => `Changes from version ${a} to ${b}`,
    vsPrevious: 'what changed',
    back: 'All versions',
    other: 'Bahasa Indonesia',
    yes: 'yes',
    no: 'no',
    current: 'Current policy',
  },
  id: {
    title: 'Riwayat kebijakan privasi',
    intro: 'Setiap versi kebijakan privasi yang pernah diterbitkan. Perubahan penting meminta setiap pengguna menyetujuinya kembali.',
    version: 'Versi',
    effective: 'Berlaku sejak',
    updated: 'Terakhir Diperbarui',
    material: 'Perubahan penting',
    changes: 'Perubahan',
    diffTitle: (a: string, b: string) => `Perubahan dari versi ${a} ke ${b}`,
    vsPrevious: 'apa yang berubah',
    back: 'Semua versi',
    other: 'English',
    yes: 'ya',
    no: 'tidak',
    current: 'Kebijakan yang berlaku',
  },
} as const;

const query = z.object({ lang: z.enum(['en', 'id']).default('en'), from: z.string().max(100).optional(), to: z.string().max(100).optional() });

function diffHtml(lines: DiffLine[]): string {
  const row = (l: DiffLine) => {
    const sign = l.op === 'add' ? '+' : l.op === 'del' ? '−' : ' ';
    const style = l.op === 'add' ? ' style="background:#ebfbee"' : l.op === 'del' ? ' style="background:#fff5f5"' : '';
    const tag = l.op === 'add' ? 'ins' : l.op === 'del' ? 'del' : 'span';
    return `<div${style}><code>${sign}</code> <${tag}>${escapeHtml(l.text)}</${tag}></div>`;
  };
  return `<div class="diff" style="font-family:ui-monospace,monospace;font-size:13px;white-space:pre-wrap">${lines.map(row).join('\n')}</div>`;
}

/** The public history of policy versions, with a diff of each version against the one before (policy §13). */
export function policyPages(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/privacy/history', { schema: { hide: true, querystring: query } }, async (req, reply) => {
    const lang: Lang = req.query.lang;
    const t = T[lang];
    const rows = await policies.publishedWithPrevious(ctx);
    const current = await currentPolicy(ctx);
    const suffix = lang === 'id' ? '&amp;lang=id' : '';
    const other = `<p class="meta"><a href="/privacy/history${lang === 'en' ? '?lang=id' : ''}" hreflang="${lang === 'en' ? 'id' : 'en'}">${t.other}</a> · <a href="/privacy">${t.current}</a></p>`;
    const { from, to } = req.query;
    const published = new Set(rows.map((r) => r.row.id));
    let body: string;
    if (from && to && published.has(from) && published.has(to)) {
      const d = await policies.diff(ctx, from, to);
      body = `<h1>${escapeHtml(t.diffTitle(d.from.version, d.to.version))}</h1>${other}
<p><a href="/privacy/history${lang === 'id' ? '?lang=id' : ''}">${t.back}</a></p>${diffHtml(d.lines)}`;
    } else {
      const tr = rows
        .map(({ row, previous }) => {
          const link = previous ? `<a href="/privacy/history?from=${encodeURIComponent(previous.id)}&amp;to=${encodeURIComponent(row.id)}${suffix}">${t.vsPrevious}</a>` : '';
          return `<tr><td>${escapeHtml(row.version)}</td><td><time datetime="${escapeHtml(row.effective_at)}">${escapeHtml(row.effective_at.slice(0, 10))}</time></td><td>${escapeHtml((row.published_at ?? row.effective_at).slice(0, 10))}</td><td>${row.material === 1 ? t.yes : t.no}</td><td>${link}</td></tr>`;
        })
        .join('\n');
      body = `<h1>${t.title}</h1>${other}<p>${t.intro}</p>
<table><thead><tr><th>${t.version}</th><th>${t.effective}</th><th>${t.updated}</th><th>${t.material}</th><th>${t.changes}</th></tr></thead><tbody>${tr}</tbody></table>`;
    }
    return reply.type('text/html; charset=utf-8').send(publicPage({ title: t.title, body, lang, policyVersion: current?.version }));
  });
}
