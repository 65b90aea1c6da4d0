import { publicPage } from '../../http/page.js';
import { escapeHtml } from '../../mail/layout.js';
import type { Preferences } from './unsubscribe-service.js';

/** The hosted pages behind the links in marketing mail, in English and Bahasa Indonesia. */
export type Lang = 'en' | 'id';

export const T = {
  en: {
    unsubTitle: 'Unsubscribe',
    unsubAsk: (ws: string, email: string) => `Stop marketing emails from ${ws} to ${email}?`,
    unsubButton: 'Unsubscribe',
    unsubDone: (ws: string) => `You are unsubscribed. ${ws} will send you no more marketing emails. Security notices the law requires still reach you.`,
    prefsLink: 'Choose what you receive instead',
    prefsTitle: 'Email preferences',
    prefsIntro: (ws: string, email: string) => `Choose which emails ${ws} sends to ${email}.`,
    productUpdates: 'Product updates',
    promotions: 'Promotions and offers',
    securityAlerts: 'Security alerts (always sent: the law requires them)',
    save: 'Save',
    saved: 'Your preferences are saved.',
    confirmTitle: 'Confirm your subscription',
    confirmAsk: 'Press the button to confirm that you want marketing emails at this address.',
    confirmButton: 'Confirm',
    confirmed: 'Thank you, your subscription is confirmed.',
    other: 'Bahasa Indonesia',
  },
  id: {
    unsubTitle: 'Berhenti berlangganan',
    unsubAsk: (ws: string, email: string) => `Hentikan email pemasaran dari ${ws} ke ${email}?`,
    unsubButton: 'Berhenti berlangganan',
    unsubDone: (ws: string) => `Anda telah berhenti berlangganan. ${ws} tidak akan mengirimi Anda email pemasaran lagi. Pemberitahuan keamanan yang diwajibkan hukum tetap dikirim.`,
    prefsLink: 'Pilih email yang ingin Anda terima',
    prefsTitle: 'Preferensi email',
    prefsIntro: (ws: string, email: string) => `Pilih email yang dikirim ${ws} ke ${email}.`,
    productUpdates: 'Pembaruan produk',
    promotions: 'Promosi dan penawaran',
    securityAlerts: 'Peringatan keamanan (selalu dikirim: diwajibkan hukum)',
    save: 'Simpan',
    saved: 'Preferensi Anda telah disimpan.',
    confirmTitle: 'Konfirmasi langganan Anda',
    confirmAsk: 'Tekan tombol untuk mengonfirmasi bahwa Anda ingin menerima email pemasaran di alamat ini.',
    confirmButton: 'Konfirmasi',
    confirmed: 'Terima kasih, langganan Anda telah dikonfirmasi.',
    other: 'English',
  },
} as const;

const button = 'background:#1c7ed6;color:#fff;border:0;padding:10px 18px;border-radius:6px;font-size:16px;cursor:pointer';

function page(lang: Lang, title: string, body: string, path: string): string {
  const other: Lang = lang === 'en' ? 'id' : 'en';
  return publicPage({ lang, title, body: `<h1>${escapeHtml(title)}</h1>${body}<p class="meta"><a href="${escapeHtml(path)}?lang=${other}" lang="${other}">${T[lang].other}</a></p>` });
}

export function unsubscribePage(lang: Lang, path: string, ws: string, email: string, done: boolean, prefsPath: string): string {
  const t = T[lang];
  const body = done
    ? `<p role="status">${escapeHtml(t.unsubDone(ws))}</p><p><a href="${escapeHtml(prefsPath)}?lang=${lang}">${t.prefsLink}</a></p>`
    : `<p>${escapeHtml(t.unsubAsk(ws, email))}</p><form method="post" action="${escapeHtml(path)}?lang=${lang}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="${button}">${t.unsubButton}</button></form><p><a href="${escapeHtml(prefsPath)}?lang=${lang}">${t.prefsLink}</a></p>`;
  return page(lang, t.unsubTitle, body, path);
}

export function preferencesPage(lang: Lang, path: string, ws: string, email: string, prefs: Preferences, saved: boolean): string {
  const t = T[lang];
  const sw = (name: string, label: string, on: boolean, disabled = false) =>
    `<p><label><input type="checkbox" role="switch" name="${name}" value="on"${on ? ' checked' : ''}${disabled ? ' disabled' : ''}> ${escapeHtml(label)}</label></p>`;
  const body = `${saved ? `<p role="status"><strong>${t.saved}</strong></p>` : ''}<p>${escapeHtml(t.prefsIntro(ws, email))}</p>
<form method="post" action="${escapeHtml(path)}?lang=${lang}">${sw('productUpdates', t.productUpdates, prefs.productUpdates)}${sw('promotions', t.promotions, prefs.promotions)}${sw('securityAlerts', t.securityAlerts, true, true)}
<button type="submit" style="${button}">${t.save}</button></form>`;
  return page(lang, t.prefsTitle, body, path);
}

export function confirmPage(lang: Lang, path: string, done: boolean): string {
  const t = T[lang];
  const body = done ? `<p role="status">${t.confirmed}</p>` : `<p>${t.confirmAsk}</p><form method="post" action="${escapeHtml(path)}?lang=${lang}"><button type="submit" style="${button}">${t.confirmButton}</button></form>`;
  return page(lang, t.confirmTitle, body, path);
}
