import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { contact, listWith, mailsTo, sendCampaign, sendRows, type Owner } from './campaigns-test-support.js';
import { parseReport } from './bounces-service.js';
import { signToken } from './send-links.js';

const dsn = (recipient: string, sendId: string, status = '5.1.1', action = 'failed') => `From: MAILER-DAEMON@mx.example
To: bounces@kodepos.test
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain

Your message could not be delivered.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example

Final-Recipient: rfc822; ${recipient}
Action: ${action}
Status: ${status}
Diagnostic-Code: smtp; 550 5.1.1 No such user

--B1
Content-Type: text/rfc822-headers

Message-ID: <unknown@elsewhere>
X-Kodepos-Send: ${sendId}
Subject: hi

--B1--
`;

const arf = (recipient: string, messageId: string) => `From: feedback@isp.example
To: abuse@kodepos.test
Subject: FW: complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="F1"

--F1
Content-Type: text/plain

This is an email abuse report.

--F1
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ISP-FBL/1.0
Version: 1
Original-Rcpt-To: <${recipient}>

--F1
Content-Type: message/rfc822

Message-ID: ${messageId}
Subject: hi

body
--F1--
`;

describe('bounce and complaint parsing', () => {
  it('reads RFC 3464 delivery status and RFC 5965 feedback reports', async () => {
    expect(await parseReport(dsn('Gone@Example.com', 'snd_x'))).toEqual({ kind: 'hard_bounce', recipient: 'gone@example.com', sendId: 'snd_x', messageId: '<unknown@elsewhere>' });
    expect((await parseReport(dsn('a@example.com', 'snd_x', '4.2.2'))).kind).toBe('soft_bounce');
    expect((await parseReport(dsn('a@example.com', 'snd_x', '2.0.0', 'delivered'))).kind).toBe('ignored');
    expect(await parseReport(arf('fan@example.com', '<m1@kodepos.local>'))).toEqual({ kind: 'complaint', recipient: 'fan@example.com', sendId: null, messageId: '<m1@kodepos.local>' });
    expect((await parseReport('Subject: hello\r\n\r\njust a reply')).kind).toBe('ignored');
  });
});

describe.each(testDialects)('tracking, bounces, complaints and reports on %s', (dialect) => {
  let ta: TestApp;
  let o: Owner;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    o = await signUp(ta, { email: 'owner@reports.example', company: 'Toko Laporan' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('tracks only contacts who allowed it, redirects only to campaign links, and reports bounces and complaints', async () => {
    const tracked = await contact(ta, o, { firstName: 'Tia', email: 'tia@rep.example' }, { marketing: true, analytics: true });
    const plain = await contact(ta, o, { firstName: 'Pak', email: 'pak@rep.example' }, { marketing: true });
    const list = await listWith(ta, o, [tracked, plain]);
    const c = await sendCampaign(ta, o, { category: 'promotion', listId: list, subject: 'Sale', html: '<p>Go <a href="https://shop.example/sale?a=1&amp;b=2">shop</a></p>' });
    const rows = Object.fromEntries((await sendRows(ta, c.id)).map((r) => [r.contact_id, r]));
    const all = await ta.outbox();
    const tMail = mailsTo(all, 'tia@rep.example', 'Sale')[0]!;
    const pMail = mailsTo(all, 'pak@rep.example', 'Sale')[0]!;
    expect(tMail.html).toContain('/public/v1/email/open/');
    expect(tMail.html).not.toContain('https://shop.example/sale');
    expect(pMail.html).not.toContain('/public/v1/email/open/');
    expect(pMail.html).not.toContain('/public/v1/email/click/');
    expect(pMail.html).toContain('https://shop.example/sale?a=1&amp;b=2');

    const click = /http:\/\/kodepos\.test(\/public\/v1\/email\/click\/[^"]+)/.exec(tMail.html)?.[1];
    expect(click).toBeDefined();
    const go = await ta.app.inject({ method: 'GET', url: click! });
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe('https://shop.example/sale?a=1&b=2');
    // Only links of the campaign: another index or a forged token leads nowhere.
    expectError(await ta.app.inject({ method: 'GET', url: click!.replace(/\/0$/, '/1') }), 404, 'not_found');
    expectError(await ta.app.inject({ method: 'GET', url: click!.replace(/\.[0-9a-f]{4}/, '.0000') }), 404, 'not_found');
    // Without tracking consent a hit records nothing, even with a valid token.
    const pTok = signToken(ta.ctx.secret, 'track', rows[plain]!.id);
    expect((await ta.app.inject({ method: 'GET', url: `/public/v1/email/open/${pTok}` })).headers['content-type']).toBe('image/gif');
    expect((await ta.app.inject({ method: 'GET', url: `/public/v1/email/click/${pTok}/0` })).statusCode).toBe(302);
    const after = Object.fromEntries((await sendRows(ta, c.id)).map((r) => [r.contact_id, r]));
    expect(after[tracked]).toMatchObject({ tracked: 1 });
    expect(after[tracked]!.clicked_at).not.toBeNull();
    expect(after[tracked]!.opened_at).not.toBeNull();
    expect(after[plain]).toMatchObject({ tracked: 0, opened_at: null, clicked_at: null });

    // Inbound reports need the workspace token.
    const post = (body: string, token: string) => ta.app.inject({ method: 'POST', url: '/public/v1/marketing/inbound', payload: body, headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` } });
    expectError(await post(dsn('pak@rep.example', rows[plain]!.id), 'nope'), 401, 'unauthenticated');
    const token = json<{ token: string }>(await call(ta, 'POST', '/api/v1/marketing/settings/inbound-token', o)).token;
    expect(json(await post(dsn('pak@rep.example', rows[plain]!.id), token))).toEqual({ kind: 'hard_bounce', matched: true });
    expect(json(await post(arf('tia@rep.example', rows[tracked]!.message_id!), token))).toEqual({ kind: 'complaint', matched: true });
    expect(json(await post(dsn('pak@rep.example', rows[plain]!.id, '4.4.1'), token))).toEqual({ kind: 'soft_bounce', matched: false });
    // Relays that post the raw message as text/plain are read the same way; an empty body is refused.
    const asText = await ta.app.inject({ method: 'POST', url: '/public/v1/marketing/inbound', payload: dsn('pak@rep.example', rows[plain]!.id, '4.4.1'), headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` } });
    expect(json(asText)).toEqual({ kind: 'soft_bounce', matched: false });
    expectError(await ta.app.inject({ method: 'POST', url: '/public/v1/marketing/inbound', payload: '', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` } }), 400, 'missing_body');
    const sup = await ta.ctx.db.k.selectFrom('marketing_suppressions').select('reason').where('workspace_id', '=', o.workspaceId).orderBy('reason').execute();
    expect(sup.map((s) => s.reason)).toEqual(['complaint', 'hard_bounce']);
    const consents = json<{ current: Record<string, boolean> }>(await call(ta, 'GET', `/api/v1/contacts/${tracked}/consents`, o));
    expect(consents.current.marketing).toBe(false);

    const report = json<Record<string, unknown>>(await call(ta, 'GET', `/api/v1/campaigns/${c.id}/report`, o));
    expect(report).toMatchObject({ recipients: 2, sent: 2, delivered: 1, bounced: 1, complaints: 1, opened: 1, clicked: 1, unsubscribed: 0, tracked: 1 });
    expect((report.series as { sent: number }[]).reduce((s, x) => s + x.sent, 0)).toBe(2);

    // Both addresses are now suppressed: the next campaign reaches nobody.
    const next = await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'Next' });
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${next.id}/report`, o))).toMatchObject({ sent: 0, skipped: { suppressed: 2 } });
  });

  it('stops counting opens once the contact withdraws tracking consent, even for mails already sent', async () => {
    const who = await contact(ta, o, { firstName: 'Wati', email: 'wati@rep.example' }, { marketing: true, analytics: true });
    const list = await listWith(ta, o, [who]);
    const c = await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'Tracked then not' });
    const row = (await sendRows(ta, c.id))[0]!;
    expect(row.tracked).toBe(1);
    const { recordConsent } = await import('../privacy/consent.js');
    ta.clock.advance(10);
    await recordConsent(ta.ctx, { workspaceId: o.workspaceId, contactId: who }, { purpose: 'analytics', granted: false, source: 'api' }, { actor: { type: 'user', id: o.userId } });
    const tok = signToken(ta.ctx.secret, 'track', row.id);
    expect((await ta.app.inject({ method: 'GET', url: `/public/v1/email/open/${tok}` })).statusCode).toBe(200);
    expect((await ta.app.inject({ method: 'GET', url: `/public/v1/email/click/${tok}/0` })).statusCode).toBe(302);
    expect((await sendRows(ta, c.id))[0]).toMatchObject({ opened_at: null, clicked_at: null });
  });
});
