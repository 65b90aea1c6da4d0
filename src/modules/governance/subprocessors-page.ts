import { publicPage } from '../../http/page.js';
import { escapeHtml } from '../../mail/layout.js';
import { countryName } from '../privacy/recipients.js';
import type { Subprocessor } from './subprocessors.js';

export type Lang = 'en' | 'id';

const T = {
  en: {
    title: 'Sub-processors',
    intro: 'These companies process personal data on our behalf. Where one works outside the country where your workspace keeps its data, that is a cross-border transfer, made under the mechanism shown. We email every user when this list changes.',
    cols: ['Name', 'Purpose', 'Data', 'Country', 'Transfer mechanism', 'Data processing agreement'],
    mechanism: { adequacy: 'Adequate protection / no transfer', scc: 'Standard contractual clauses', consent: 'Your explicit consent' },
    operator: "The operator's choice",
    none: '—',
    other: 'Bahasa Indonesia',
  },
  id: {
    title: 'Sub-pemroses',
    intro: 'Perusahaan berikut memproses data pribadi atas nama kami. Jika salah satunya bekerja di luar negara tempat workspace Anda menyimpan data, itu adalah transfer lintas negara, yang dilakukan berdasarkan mekanisme yang tercantum. Kami mengirim email kepada setiap pengguna saat daftar ini berubah.',
    cols: ['Nama', 'Tujuan', 'Data', 'Negara', 'Mekanisme transfer', 'Perjanjian pemrosesan data'],
    mechanism: { adequacy: 'Perlindungan setara / tanpa transfer', scc: 'Klausul kontrak standar', consent: 'Persetujuan eksplisit Anda' },
    operator: 'Pilihan operator',
    none: '—',
    other: 'English',
  },
} as const;

export function renderSubprocessorPage(lang: Lang, rows: Subprocessor[], policyVersion?: string): string {
  const t = T[lang];
  const tr = rows
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.purpose)}</td><td>${escapeHtml(s.dataCategories.join(', ') || t.none)}</td><td>${escapeHtml(s.country ? countryName(s.country) : t.operator)}</td><td>${escapeHtml(t.mechanism[s.mechanism])}</td><td>${escapeHtml(s.dpaDate ?? t.none)}</td></tr>`,
    )
    .join('\n');
  const body = `<h1>${t.title}</h1>
<p class="meta"><a href="/subprocessors${lang === 'en' ? '?lang=id' : ''}" hreflang="${lang === 'en' ? 'id' : 'en'}">${t.other}</a> · <a href="/privacy">Privacy policy</a></p>
<p>${t.intro}</p>
<table><thead><tr>${t.cols.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${tr}</tbody></table>`;
  return publicPage({ title: t.title, body, lang, policyVersion });
}
