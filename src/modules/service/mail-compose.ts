import type { Config } from '../../config.js';
import { escapeHtml } from '../../mail/layout.js';
import { randomToken } from '../../lib/crypto.js';

/**
 * The pure parts of service mail: addresses, Message-IDs, subjects and bodies, in the ticket's
 * language (English or Bahasa Indonesia). Inbound threading reads what these write, so both
 * sides live here.
 */
export type MailLocale = 'en' | 'id';
export const mailLocale = (l: string | null | undefined): MailLocale => (l === 'id' ? 'id' : 'en');

/** Domain of the reply address and of our Message-IDs. */
export function inboundDomain(config: Pick<Config, 'serviceInboundDomain' | 'baseUrl'>): string {
  return config.serviceInboundDomain ?? new URL(config.baseUrl).hostname;
}

/** Where requesters reply: plus-addressing carries the workspace's inbound token. */
export const replyAddress = (domain: string, inboundToken: string): string => `support+${inboundToken}@${domain}`;

/** The token of a `support+<token>@…` address, or null. */
export function tokenOfAddress(address: string): string | null {
  const m = /^support\+([A-Za-z0-9_-]{8,100})@[^@\s]+$/i.exec(address.trim());
  return m?.[1] ?? null;
}

/** A Message-ID of ours (without angle brackets): random, so knowing one proves having the mail. */
export const newMessageId = (domain: string): string => `kp.${randomToken(18)}@${domain}`;

/**
 * The acknowledgement's Message-ID names its ticket, so a reply to the acknowledgement threads
 * even when the request came from the portal and no stored message carries a Message-ID.
 */
export const ackMessageId = (ticketId: string, domain: string): string => `kp.ticket.${ticketId}@${domain}`;
export function ticketIdOfAckMessageId(id: string): string | null {
  return /^kp\.ticket\.([a-z0-9_]{4,80})@/i.exec(id)?.[1] ?? null;
}

/** "<a@b>" → "a@b"; nothing usable → null. */
export function normaliseMessageId(v: string | null | undefined): string | null {
  const s = (v ?? '').trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return s.length > 0 && s.length <= 500 && !/\s/.test(s) ? s : null;
}

/** Every Message-ID in a header value such as References ("<a@b> <c@d>"), in order, without duplicates. */
export function messageIdList(v: string | string[] | null | undefined): string[] {
  const raw = Array.isArray(v) ? v.join(' ') : (v ?? '');
  const found = [...raw.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '');
  const ids = found.length > 0 ? found : raw.split(/[\s,]+/);
  const out: string[] = [];
  for (const id of ids) {
    const n = normaliseMessageId(id);
    if (n && !out.includes(n)) out.push(n);
  }
  return out;
}

/** In-Reply-To and References of a mail in a thread whose earlier Message-IDs are `thread` (oldest first). */
export function threadHeaders(thread: string[], inReplyTo: string | null): Record<string, string> {
  if (thread.length === 0) return {};
  // RFC 5322 §3.6.4: keep the first and the most recent ids when a long thread must be shortened.
  const refs = thread.length > 20 ? [thread[0] ?? '', ...thread.slice(-19)] : thread;
  return { 'In-Reply-To': `<${inReplyTo ?? thread[thread.length - 1] ?? ''}>`, References: refs.map((id) => `<${id}>`).join(' ') };
}

const PREFIX = /^\s*((re|fw|fwd|aw|wg|sv|vs|bls|balas|tr|rv)\s*(\[\d+\])?\s*:\s*)+/i;
const TAG = /\[#(\d{1,9})\]/;

/** The ticket number a subject is tagged with ("Re: [#42] Printer"), or null. */
export function subjectTag(subject: string): number | null {
  const m = TAG.exec(subject);
  return m?.[1] ? Number(m[1]) : null;
}

/** A subject without reply/forward prefixes and our ticket tag: what a new ticket is called. */
export function cleanSubject(subject: string): string {
  let s = subject.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 5; i++) {
    const next = s.replace(PREFIX, '').replace(/\s*\[#\d{1,9}\]\s*/, ' ').trim();
    if (next === s) break;
    s = next;
  }
  return s;
}

/** `[#N] subject`, and `Re: [#N] subject` for replies, never "Re: Re:". */
export function ticketSubject(number: number, subject: string, reply: boolean): string {
  const s = `[#${number}] ${cleanSubject(subject) || '…'}`;
  return reply ? `Re: ${s}` : s;
}

const T = {
  en: {
    marker: '##- Please type your reply above this line -##',
    hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    ack: (n: number, subject: string) => `We received your request #${n}, "${subject}". Our team will answer by email. To add anything, reply to this message.`,
    ackHeading: (n: number) => `We received your request #${n}`,
    footer: (n: number, ws: string) => `${ws} · request #${n} · reply to this email to answer`,
  },
  id: {
    marker: '##- Ketik balasan Anda di atas baris ini -##',
    hello: (name: string | null) => (name ? `Halo ${name},` : 'Halo,'),
    ack: (n: number, subject: string) => `Kami telah menerima permintaan Anda #${n}, "${subject}". Tim kami akan menjawab melalui email. Untuk menambahkan sesuatu, balas pesan ini.`,
    ackHeading: (n: number) => `Kami telah menerima permintaan Anda #${n}`,
    footer: (n: number, ws: string) => `${ws} · permintaan #${n} · balas email ini untuk menjawab`,
  },
} as const;

/** Every language's reply marker: inbound mail is cut there, whatever language the thread used. */
export const REPLY_MARKERS = [T.en.marker, T.id.marker];

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

function frame(l: MailLocale, subject: string, paragraphs: string[], footer: string): ComposedMail {
  const text = [T[l].marker, '', ...paragraphs.flatMap((p) => [p, '']), '--', footer].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1b1e;line-height:1.5">
<p style="color:#868e96;font-size:12px">${escapeHtml(T[l].marker)}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`).join('\n')}
<p style="color:#868e96;font-size:12px;border-top:1px solid #dee2e6;padding-top:8px">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}

export interface TicketInfo {
  number: number;
  subject: string;
  requesterName: string | null;
  workspaceName: string;
}

export function ackMail(l: MailLocale, t: TicketInfo): ComposedMail {
  const subject = cleanSubject(t.subject);
  return frame(l, ticketSubject(t.number, t.subject, false), [T[l].hello(t.requesterName), T[l].ack(t.number, subject)], T[l].footer(t.number, t.workspaceName));
}

/** An agent's public reply: their words only (no quoted history), signed with their name. */
export function replyMail(l: MailLocale, t: TicketInfo, body: string, agentName: string | null, isReply = true): ComposedMail {
  const signature = agentName ? `${agentName}\n${t.workspaceName}` : t.workspaceName;
  return frame(l, ticketSubject(t.number, t.subject, isReply), [body.trim(), signature], T[l].footer(t.number, t.workspaceName));
}
