import { escapeHtml } from '../../mail/layout.js';
import type { MailMessage } from '../../mail/mailer.js';
import type { CampaignCategory } from './campaigns-tables.js';
import { clickUrl, mailLinks, openUrl } from './send-links.js';

/**
 * One campaign mail for one recipient: variables filled in, the footer with the unsubscribe and
 * preference-centre links, the RFC 8058 headers, and — only when the contact allowed tracking — a
 * pixel and rewritten links. Without that consent the mail carries no tracking of any kind.
 */
export interface Recipient {
  sendId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
}

export interface CampaignContent {
  subject: string;
  html: string;
  category: CampaignCategory;
  workspaceName: string;
}

export interface RenderOptions {
  baseUrl: string;
  secret: string;
  tracked: boolean;
}

export const isMarketing = (c: CampaignCategory): boolean => c !== 'security_alert';

const HREF = /(<a\b[^>]*?\shref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi;

function decodeAttr(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * The http(s) links of a campaign body, in order of first appearance. A click link carries only
 * an index into this list, so the redirect can lead nowhere but to a URL the campaign contained.
 */
export function campaignLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(HREF)) {
    const url = decodeAttr(m[3] ?? '');
    if (!out.includes(url)) out.push(url);
  }
  return out;
}

function fill(template: string, r: Recipient, escape: boolean): string {
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  const values: Record<string, string> = { firstName: r.firstName ?? '', lastName: r.lastName ?? '', name, email: r.email };
  return template.replace(/\{\{\s*(firstName|lastName|name|email)\s*\}\}/g, (_m, key: string) => {
    const v = values[key] ?? '';
    return escape ? escapeHtml(v) : v;
  });
}

export function htmlToText(html: string): string {
  return decodeAttr(
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
      .replace(/<a\b[^>]*?href=["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' '),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const FOOTER = {
  en: { why: (ws: string) => `You receive this email from ${ws}.`, unsubscribe: 'Unsubscribe', preferences: 'Email preferences', security: (ws: string) => `A security notice from ${ws}. The law requires us to tell you, so it reaches you whatever your email preferences.` },
  id: { why: (ws: string) => `Anda menerima email ini dari ${ws}.`, unsubscribe: 'Berhenti berlangganan', preferences: 'Preferensi email', security: (ws: string) => `Pemberitahuan keamanan dari ${ws}. Hukum mewajibkan kami memberi tahu Anda, jadi email ini tetap dikirim apa pun preferensi email Anda.` },
} as const;

export function languageOf(locale: string | null | undefined): 'en' | 'id' {
  return locale?.toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function renderCampaignMail(c: CampaignContent, r: Recipient, o: RenderOptions): MailMessage {
  const lang = FOOTER[languageOf(r.locale)];
  const links = mailLinks(o.baseUrl, o.secret, r.sendId);
  let body = fill(c.html, r, true);
  if (o.tracked) {
    const urls = campaignLinks(c.html);
    body = body.replace(HREF, (_m, pre: string, q: string, url: string) => `${pre}${q}${escapeHtml(clickUrl(o.baseUrl, o.secret, r.sendId, urls.indexOf(decodeAttr(url))))}${q}`);
  }
  const marketing = isMarketing(c.category);
  const footerHtml = marketing
    ? `<p style="font-size:12px;color:#666;text-align:center;margin-top:24px">${escapeHtml(lang.why(c.workspaceName))}<br><a href="${escapeHtml(links.unsubscribe)}">${lang.unsubscribe}</a> · <a href="${escapeHtml(links.preferences)}">${lang.preferences}</a></p>`
    : `<p style="font-size:12px;color:#666;text-align:center;margin-top:24px">${escapeHtml(lang.security(c.workspaceName))}</p>`;
  const pixel = o.tracked ? `<img src="${escapeHtml(openUrl(o.baseUrl, o.secret, r.sendId))}" width="1" height="1" alt="" style="display:block;border:0">` : '';
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="margin:0;padding:0"><div style="max-width:640px;margin:0 auto;padding:16px">${body}${footerHtml}${pixel}</div></body></html>`;
  const footerText = marketing ? `--\n${lang.why(c.workspaceName)}\n${lang.unsubscribe}: ${links.unsubscribe}\n${lang.preferences}: ${links.preferences}` : `--\n${lang.security(c.workspaceName)}`;
  return {
    to: r.email,
    subject: fill(c.subject, r, false).replace(/[\r\n]+/g, ' '),
    text: `${htmlToText(fill(c.html, r, false))}\n\n${footerText}\n`,
    html,
    category: c.category,
    headers: {
      'X-Kodepos-Send': r.sendId,
      ...(marketing ? { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  };
}
