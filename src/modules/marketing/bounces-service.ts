import { simpleParser, type ParsedMail } from 'mailparser';
import type { AppContext } from '../../context.js';
import * as audit from '../audit/service.js';
import { recordConsent } from '../privacy/consent.js';
import * as consentRepo from '../privacy/consent-repo.js';
import * as sends from './send-repo.js';
import { suppress } from './suppression.js';

/**
 * Bounces and complaints arriving as raw MIME: delivery status notifications (RFC 3464,
 * multipart/report; report-type=delivery-status) and abuse feedback reports (RFC 5965,
 * report-type=feedback-report). The original mail is found by our `X-Kodepos-Send` header or its
 * Message-ID in the returned headers. A hard bounce (action failed, status 5.x.x) or a complaint
 * suppresses the address; a complaint also withdraws marketing consent (the person objected).
 * Soft bounces (4.x.x, delayed) change nothing: the relay retries them itself.
 */
export type InboundKind = 'hard_bounce' | 'soft_bounce' | 'complaint' | 'ignored';

export interface InboundResult {
  kind: InboundKind;
  matched: boolean;
}

export interface Report {
  kind: InboundKind;
  recipient: string | null;
  sendId: string | null;
  messageId: string | null;
}

function field(text: string, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(text);
  return m?.[1]?.trim() ?? null;
}

function address(v: string | null): string | null {
  if (!v) return null;
  const a = v.replace(/^rfc822\s*;\s*/i, '').replace(/^<|>$/g, '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(a) ? a : null;
}

function part(mail: ParsedMail, ...types: string[]): string | null {
  const a = mail.attachments.find((x) => types.includes(x.contentType.toLowerCase()));
  return a ? a.content.toString('utf8') : null;
}

/** What the report says, without touching the database (tests feed it samples). */
export async function parseReport(raw: Buffer | string): Promise<Report> {
  const mail = await simpleParser(raw);
  const ct = mail.headers.get('content-type');
  const params = typeof ct === 'object' && ct !== null && 'params' in ct ? (ct as { params: Record<string, string> }).params : {};
  const reportType = (params['report-type'] ?? '').toLowerCase();
  const original = part(mail, 'message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers') ?? '';
  const sendId = field(original, 'X-Kodepos-Send');
  const messageId = field(original, 'Message-ID');
  if (reportType === 'feedback-report') {
    const fb = part(mail, 'message/feedback-report') ?? mail.text ?? '';
    const type = (field(fb, 'Feedback-Type') ?? '').toLowerCase();
    const recipient = address(field(fb, 'Original-Rcpt-To')) ?? address(field(original, 'To'));
    return { kind: type === 'abuse' || type === 'fraud' ? 'complaint' : 'ignored', recipient, sendId, messageId };
  }
  if (reportType === 'delivery-status') {
    // mailparser folds a message/delivery-status part into the text body; read the fields from either.
    const ds = part(mail, 'message/delivery-status', 'message/global-delivery-status') ?? mail.text ?? '';
    const action = (field(ds, 'Action') ?? '').toLowerCase();
    const status = field(ds, 'Status') ?? '';
    const recipient = address(field(ds, 'Final-Recipient')) ?? address(field(ds, 'Original-Recipient'));
    const kind: InboundKind = action === 'failed' && status.startsWith('5') ? 'hard_bounce' : action === 'failed' || action === 'delayed' ? 'soft_bounce' : 'ignored';
    return { kind, recipient, sendId, messageId };
  }
  return { kind: 'ignored', recipient: null, sendId: null, messageId: null };
}

async function findSend(ctx: AppContext, workspaceId: string, r: Report): Promise<sends.SendRow | undefined> {
  const k = ctx.db.k;
  if (r.sendId) {
    const s = await sends.findById(k, r.sendId);
    if (s?.workspace_id === workspaceId) return s;
  }
  if (r.messageId) return k.selectFrom('marketing_sends').selectAll().where('workspace_id', '=', workspaceId).where('message_id', '=', r.messageId).executeTakeFirst();
  return undefined;
}

export async function handleInbound(ctx: AppContext, workspaceId: string, raw: Buffer): Promise<InboundResult> {
  const r = await parseReport(raw);
  if (r.kind === 'ignored' || r.kind === 'soft_bounce') return { kind: r.kind, matched: false };
  const send = await findSend(ctx, workspaceId, r);
  // The address the report names; without a matching send only a named address can be suppressed.
  const email = send?.email ?? r.recipient;
  if (!email) return { kind: r.kind, matched: false };
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await suppress(trx, workspaceId, email, r.kind === 'complaint' ? 'complaint' : 'hard_bounce', at);
    if (send && r.kind === 'hard_bounce') await trx.updateTable('marketing_sends').set({ status: 'bounced', bounced_at: at }).where('id', '=', send.id).where('bounced_at', 'is', null).execute();
    if (send && r.kind === 'complaint') {
      await sends.setTimeOnce(trx, send.id, 'complained_at', at);
      const subject = { workspaceId, contactId: send.contact_id };
      if ((await consentRepo.latest(trx, subject, 'marketing'))?.granted === 1) {
        await recordConsent(ctx, subject, { purpose: 'marketing', granted: false, source: 'unsubscribe', wordingVersion: 'email:complaint' }, { actor: audit.SYSTEM, trx });
      }
    }
    await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId, action: `marketing.${r.kind}`, ...(send ? { target: { type: 'marketing_send', id: send.id } } : {}) }, trx);
  });
  return { kind: r.kind, matched: send !== undefined };
}
