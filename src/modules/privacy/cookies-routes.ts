import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { publicPage } from '../../http/page.js';
import * as governance from '../governance/service.js';
import { errors } from '../../http/schemas.js';
import { escapeHtml } from '../../mail/layout.js';
import { COOKIE_CATEGORIES, publicInventory, type CookieCategory, type Lang, type PublicCookie } from './cookies.js';

const langQuery = z.object({ lang: z.enum(['en', 'id']).default('en') });

const T = {
  en: {
    title: 'Cookie Policy',
    intro:
      'This page lists every cookie and browser-storage entry Kodepos uses, on this site and in the script our customers embed on theirs. It is generated from the same list the software checks itself against, so nothing is set that is not listed here.',
    choice:
      'Strictly necessary entries need no consent. Everything else is set only after you allow its category, and is deleted when you withdraw it. A Global Privacy Control signal from your browser counts as a refusal of ads, which accepting all does not override.',
    more: 'How we handle personal data is explained in the <a href="/privacy">privacy policy</a>.',
    other: 'Bahasa Indonesia',
    cols: ['Name', 'Type', 'Purpose', 'Lifetime', 'Party', 'Set by'],
    none: 'Nothing is set in this category.',
    party: { first: 'First party', third: 'Third party' },
    setBy: { server: 'Server', app: 'Web app', snippet: 'Site script' },
    kind: { cookie: 'Cookie', localStorage: 'Local storage', sessionStorage: 'Session storage' },
    categories: { necessary: 'Strictly necessary', analytics: 'Analytics', marketing: 'Marketing', personalization: 'Personalisation', ads: 'Advertising' },
  },
  id: {
    title: 'Kebijakan Cookie',
    intro:
      'Halaman ini memuat setiap cookie dan entri penyimpanan peramban yang digunakan Kodepos, di situs ini dan dalam skrip yang dipasang pelanggan kami di situs mereka. Halaman ini dibuat dari daftar yang sama yang diperiksa oleh perangkat lunak, jadi tidak ada yang dipasang tanpa tercantum di sini.',
    choice:
      'Entri yang benar-benar diperlukan tidak memerlukan persetujuan. Selebihnya hanya dipasang setelah Anda mengizinkan kategorinya, dan dihapus saat Anda menarik izin tersebut. Sinyal Global Privacy Control dari peramban Anda dianggap sebagai penolakan iklan, yang tidak dibatalkan oleh pilihan terima semua.',
    more: 'Cara kami menangani data pribadi dijelaskan dalam <a href="/privacy">kebijakan privasi</a>.',
    other: 'English',
    cols: ['Nama', 'Jenis', 'Tujuan', 'Masa berlaku', 'Pihak', 'Dipasang oleh'],
    none: 'Tidak ada yang dipasang dalam kategori ini.',
    party: { first: 'Pihak pertama', third: 'Pihak ketiga' },
    setBy: { server: 'Server', app: 'Aplikasi web', snippet: 'Skrip situs' },
    kind: { cookie: 'Cookie', localStorage: 'Penyimpanan lokal', sessionStorage: 'Penyimpanan sesi' },
    categories: { necessary: 'Benar-benar diperlukan', analytics: 'Analitik', marketing: 'Pemasaran', personalization: 'Personalisasi', ads: 'Iklan' },
  },
} as const;

export function renderCookiePage(lang: Lang, policyVersion?: string): string {
  const t = T[lang];
  const inventory = publicInventory(lang);
  const row = (c: PublicCookie): string =>
    `<tr><td><code>${escapeHtml(c.name)}</code></td><td>${t.kind[c.kind]}</td><td>${escapeHtml(c.purpose)}</td><td>${escapeHtml(c.lifetime)}</td><td>${t.party[c.party]}</td><td>${t.setBy[c.setBy]}</td></tr>`;
  const section = (cat: CookieCategory): string => {
    const rows = inventory.filter((c) => c.category === cat);
    const table = rows.length
      ? `<table><thead><tr>${t.cols.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.map(row).join('')}</tbody></table>`
      : `<p>${t.none}</p>`;
    return `<h2 id="${cat}">${t.categories[cat]}</h2>${table}`;
  };
  const body = `<h1>${t.title}</h1>
<p class="meta"><a href="/cookies${lang === 'en' ? '?lang=id' : ''}" hreflang="${lang === 'en' ? 'id' : 'en'}">${t.other}</a></p>
<p>${t.intro}</p><p>${t.choice}</p>
${COOKIE_CATEGORIES.map(section).join('\n')}
<p>${t.more}</p>`;
  return publicPage({ title: t.title, body, lang, policyVersion });
}

const cookieView = z.object({
  name: z.string(),
  kind: z.enum(['cookie', 'localStorage', 'sessionStorage']),
  category: z.enum(COOKIE_CATEGORIES),
  purpose: z.string(),
  lifetime: z.string(),
  party: z.enum(['first', 'third']),
  setBy: z.enum(['server', 'app', 'snippet']),
});

export function cookieRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/public/v1/cookies', {
    schema: { tags: ['public'], summary: 'The cookie inventory: every cookie and storage key the platform and its site script set', querystring: langQuery, response: { 200: z.object({ categories: z.array(z.enum(COOKIE_CATEGORIES)), data: z.array(cookieView) }), ...errors } },
  }, async (req) => ({ categories: [...COOKIE_CATEGORIES], data: publicInventory(req.query.lang) }));

  app.get('/cookies', { schema: { hide: true, querystring: langQuery } }, async (req, reply) => {
    const policy = await governance.currentPolicy(ctx);
    return reply.type('text/html; charset=utf-8').send(renderCookiePage(req.query.lang, policy?.version));
  });
}
