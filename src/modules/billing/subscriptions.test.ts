import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signUp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { eraseSubject } from '../privacy/erasure.js';
import { certificateMail } from '../privacy/requests-mails.js';
import { resolveSubject } from '../privacy/subject.js';
import { addMember, call, expectError, newMails } from '../workspaces/test-support.js';
import { allocateNumber } from './invoices-service.js';
import type { InvoiceDetail, InvoiceView } from './invoices-service.js';
import { DUNNING_JOB, RENEWAL_JOB } from './jobs.js';
import type { SubscriptionView } from './subscriptions-service.js';
import { billingWorld, createPlan, putDetails, type BillingWorld } from './test-support.js';

type Owner = { cookie: string; userId: string; workspaceId: string };
type Result = { subscription: SubscriptionView; invoiceId: string | null; effective?: string };

/** Text of a PDF: its uncompressed parts and every inflated stream. */
function pdfText(buf: Buffer): string {
  const parts = [buf.toString('latin1')];
  const s = buf.toString('latin1');
  for (let i = s.indexOf('stream\n'); i >= 0; i = s.indexOf('stream\n', i + 7)) {
    const end = s.indexOf('endstream', i);
    try {
      const content = inflateSync(buf.subarray(i + 7, end)).toString('latin1');
      // pdf-lib writes text as hex strings: <4B44502D…> Tj.
      parts.push(content, ...[...content.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1')));
    } catch {
      // not a deflated stream
    }
  }
  return parts.join('\n');
}

describe.each(testDialects)('subscriptions, invoices and dunning on %s', (dialect) => {
  let w: BillingWorld;
  let owner: Owner;
  let small: string;
  let big: string;

  /** Marks every invoice of the workspace paid, as the provider webhooks would. */
  const paidUp = async (who: Owner): Promise<void> => {
    await w.ta.ctx.db.k.updateTable('billing_invoices').set({ status: 'paid', paid_at: w.ta.clock.now().toISOString() }).where('workspace_id', '=', who.workspaceId).where('status', '=', 'open').execute();
  };
  const sub = async (who: Owner): Promise<SubscriptionView> => json<{ subscription: SubscriptionView }>(await call(w.ta, 'GET', '/api/v1/billing/subscription', who)).subscription;
  const invoice = async (who: Owner, id: string): Promise<InvoiceDetail> => json<InvoiceDetail>(await call(w.ta, 'GET', `/api/v1/billing/invoices/${id}`, who));

  beforeAll(async () => {
    w = await billingWorld(dialect);
    w.ta.clock.set('2026-03-01T00:00:00.000Z');
    small = (await createPlan(w.ta, w.operator, 'starter', { usd: 30_00, seatUsd: 5_00, seats: 3 })).id;
    big = (await createPlan(w.ta, w.operator, 'growth', { usd: 90_00, seatUsd: 10_00, seats: 5 })).id;
    owner = await signUp(w.ta, { email: 'owner@subs.example', company: 'Subs Co' });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('only owners manage billing; plans are the operator’s; bad input is a 4xx', async () => {
    const admin = await addMember(w.ta, owner, { email: 'admin@subs.example' }, 'admin');
    expectError(await call(w.ta, 'GET', '/api/v1/billing/subscription', { cookie: admin.cookie, workspaceId: owner.workspaceId }), 403, 'forbidden');
    expectError(await call(w.ta, 'POST', '/api/v1/platform/billing/plans', owner, { code: 'x', name: 'X', prices: { IDR: 1, USD: 1 }, seatPrices: { IDR: 1, USD: 1 }, seatsIncluded: 1, interval: 'month' }), 403, 'forbidden');
    expectError(await call(w.ta, 'POST', '/api/v1/platform/billing/plans', w.operator, { code: 'starter', name: 'Dup', prices: { IDR: 1, USD: 1 }, seatPrices: { IDR: 1, USD: 1 }, seatsIncluded: 1, interval: 'month' }), 409, 'plan_code_taken');
    expectError(await call(w.ta, 'POST', '/api/v1/billing/subscription', owner, { planId: 'pln_nope', currency: 'USD' }), 400, 'plan_unavailable');
    expectError(await call(w.ta, 'POST', '/api/v1/billing/subscription', owner, { planId: small, currency: 'EUR' }), 400, 'validation_failed');
    expectError(await putDetails(w.ta, owner, { company: 'X', address: 'Y', country: 'usa', email: 'x@example.com' }), 400, 'validation_failed');
    expect(json<{ data: { code: string }[] }>(await call(w.ta, 'GET', '/api/v1/billing/plans', owner)).data.map((p) => p.code)).toEqual(['starter', 'growth']);
  });

  it('subscribes with a numbered invoice, upgrades with proration to the second, changes seats, downgrades at period end', async () => {
    expect((await putDetails(w.ta, owner, { company: 'Subs Co LLC', address: '5 Elm St', country: 'US', email: 'billing@subs.example' })).statusCode).toBe(200);
    const r = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription', owner, { planId: small, currency: 'USD', seats: 4 }));
    expect(r.subscription).toMatchObject({ status: 'active', seats: 4, currentPeriodStart: '2026-03-01T00:00:00.000Z', currentPeriodEnd: '2026-04-01T00:00:00.000Z', periodPrice: 35_00 });
    const first = await invoice(owner, r.invoiceId!);
    expect(first.number).toMatch(/^KDP-2026-\d{6}$/);
    expect(first.lines.map((l) => [l.kind, l.quantity, l.amount])).toEqual([['plan', 1, 30_00], ['seats', 1, 5_00]]);
    expect(first).toMatchObject({ total: 35_00, taxLabel: 'none', billTo: { company: 'Subs Co LLC', country: 'US', email: 'billing@subs.example' } });
    expectError(await call(w.ta, 'POST', '/api/v1/billing/subscription', owner, { planId: small, currency: 'USD' }), 409, 'already_subscribed');

    // Upgrade 10.5 days before the end of a 31-day period: credit and charge to the second.
    w.ta.clock.set('2026-03-21T12:00:00.000Z');
    const up = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/plan', owner, { planId: big }));
    expect(up.effective).toBe('now');
    const pr = await invoice(owner, up.invoiceId!);
    const remaining = (Date.parse('2026-04-01T00:00:00Z') - Date.parse('2026-03-21T12:00:00Z')) / 1000;
    const length = 31 * 86_400;
    expect(pr.lines.map((l) => l.kind)).toEqual(['credit', 'plan']);
    expect(pr.lines[0]!.amount).toBe(-Math.round((35_00 * remaining) / length));
    expect(pr.lines[1]!.amount).toBe(Math.round((90_00 * remaining) / length));
    expect(pr.total).toBe(pr.lines[0]!.amount + pr.lines[1]!.amount);
    expect(Number(pr.number!.slice(-6))).toBe(Number(first.number!.slice(-6)) + 1);

    // Seats up: growth includes 5; 7 seats add 2 × $10 for the rest of the period.
    const seats = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/seats', owner, { seats: 7 }));
    expect(seats.subscription.periodPrice).toBe(110_00);
    const si = await invoice(owner, seats.invoiceId!);
    expect(si.lines[1]!.amount + si.lines[0]!.amount).toBe(Math.round((110_00 * remaining) / length) - Math.round((90_00 * remaining) / length));
    expectError(await call(w.ta, 'POST', '/api/v1/billing/subscription/seats', owner, { seats: 1 }), 400, 'seats_below_members');

    // Downgrade waits for the period end and bills nothing now.
    const down = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/plan', owner, { planId: small }));
    expect(down).toMatchObject({ effective: 'period_end', invoiceId: null, subscription: { planId: big, pendingPlanId: small } });
  });

  it('renews through the queue at the period end on the pending plan', async () => {
    await paidUp(owner);
    w.ta.clock.set('2026-04-01T00:30:00.000Z');
    await w.ta.ctx.queue.enqueue(RENEWAL_JOB, null);
    await w.ta.drain();
    const s = await sub(owner);
    expect(s).toMatchObject({ planId: small, pendingPlanId: null, currentPeriodStart: '2026-04-01T00:00:00.000Z', currentPeriodEnd: '2026-05-01T00:00:00.000Z', status: 'active' });
    const list = json<{ data: InvoiceView[] }>(await call(w.ta, 'GET', '/api/v1/billing/invoices', owner)).data;
    expect(list[0]).toMatchObject({ kind: 'renewal', total: 30_00 + 4 * 5_00, periodStart: '2026-04-01T00:00:00.000Z' });
  });

  it('dunning: past due once an invoice is overdue, mails on days 1, 3 and 7 (EN/ID), cancelled on day 14', async () => {
    const ws = await signUp(w.ta, { email: 'owner@dunning.example', company: 'Telat Bayar' });
    await w.ta.ctx.db.k.updateTable('users').set({ locale: 'id' }).where('id', '=', ws.userId).execute();
    w.ta.clock.set('2026-05-01T00:00:00.000Z');
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription', ws, { planId: small, currency: 'IDR' })).statusCode).toBe(201);
    await newMails(w.ta, 'owner@dunning.example');
    const run = async (): Promise<void> => {
      await w.ta.ctx.queue.enqueue(RENEWAL_JOB, null);
      await w.ta.ctx.queue.enqueue(DUNNING_JOB, null);
      await w.ta.drain();
    };
    // Payment terms are 7 days: on day 8 the subscription is past due.
    w.ta.clock.set('2026-05-08T01:00:00.000Z');
    await run();
    expect((await sub(ws)).status).toBe('past_due');
    const mailsOn = async (at: string): Promise<string[]> => {
      w.ta.clock.set(at);
      await run();
      return (await newMails(w.ta, 'owner@dunning.example')).map((m) => m.subject);
    };
    expect(await mailsOn('2026-05-08T12:00:00.000Z')).toEqual([]);
    expect(await mailsOn('2026-05-09T01:30:00.000Z')).toEqual(['Pembayaran Telat Bayar gagal']);
    expect(await mailsOn('2026-05-09T05:00:00.000Z')).toEqual([]);
    expect(await mailsOn('2026-05-11T02:00:00.000Z')).toEqual(['Pembayaran Telat Bayar gagal']);
    expect(await mailsOn('2026-05-15T02:00:00.000Z')).toEqual(['Pembayaran Telat Bayar gagal']);
    expect(await mailsOn('2026-05-21T00:00:00.000Z')).toEqual([]);
    expect((await sub(ws)).status).toBe('past_due');
    expect(await mailsOn('2026-05-22T02:00:00.000Z')).toEqual(['Langganan Telat Bayar dibatalkan']);
    expect((await sub(ws)).status).toBe('cancelled');
    const open = await w.ta.ctx.db.k.selectFrom('billing_invoices').select('status').where('workspace_id', '=', ws.workspaceId).execute();
    expect(open.map((o) => o.status)).toEqual(['void']);
    expect(await mailsOn('2026-06-30T00:00:00.000Z')).toEqual([]);
  });

  it('cancels at period end, resumes, and cancels at once; the period end ends it', async () => {
    const c0 = await signUp(w.ta, { email: 'owner@cancel.example', company: 'Cancel Co' });
    w.ta.clock.set('2026-06-01T00:00:00.000Z');
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription', c0, { planId: small, currency: 'USD' })).statusCode).toBe(201);
    await paidUp(c0);
    const owner = c0;
    const c = json<{ subscription: SubscriptionView }>(await call(w.ta, 'POST', '/api/v1/billing/subscription/cancel', owner, { atPeriodEnd: true })).subscription;
    expect(c.cancelAtPeriodEnd).toBe(true);
    expect(json<{ subscription: SubscriptionView }>(await call(w.ta, 'POST', '/api/v1/billing/subscription/resume', owner)).subscription.cancelAtPeriodEnd).toBe(false);
    const now = json<{ subscription: SubscriptionView }>(await call(w.ta, 'POST', '/api/v1/billing/subscription/cancel', owner, { atPeriodEnd: false })).subscription;
    expect(now.status).toBe('cancelled');
    expectError(await call(w.ta, 'POST', '/api/v1/billing/subscription/seats', owner, { seats: 9 }), 404, 'not_found');
    // Set to end at the period end: the renewal job ends it instead of billing again.
    const c1 = await signUp(w.ta, { email: 'owner@cancel-later.example', company: 'Later Co' });
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription', c1, { planId: small, currency: 'USD' })).statusCode).toBe(201);
    await paidUp(c1);
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription/cancel', c1, {})).statusCode).toBe(200);
    w.ta.clock.set('2026-07-01T00:05:00.000Z');
    await w.ta.ctx.queue.enqueue(RENEWAL_JOB, null);
    await w.ta.drain();
    expect((await sub(c1)).status).toBe('cancelled');
    expect(json<{ data: unknown[] }>(await call(w.ta, 'GET', '/api/v1/billing/invoices', c1)).data).toHaveLength(1);
  });

  it('a trial bills nothing, then its end issues the first invoice; Indonesian customers pay PPN 11%', async () => {
    const t = await signUp(w.ta, { email: 'owner@trial.example', company: 'Coba' });
    expect((await putDetails(w.ta, t, { company: 'PT Coba', address: 'Jl. Thamrin 2', country: 'ID', taxId: '02.345.678.9-012.000', email: 'tagihan@trial.example' })).statusCode).toBe(200);
    w.ta.clock.set('2026-07-01T00:00:00.000Z');
    const r = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription', t, { planId: small, currency: 'IDR', trial: true }));
    expect(r).toMatchObject({ invoiceId: null, subscription: { status: 'trial', trialEnd: '2026-07-15T00:00:00.000Z' } });
    expect(json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/plan', t, { planId: big })).invoiceId).toBeNull();
    w.ta.clock.set('2026-07-15T00:10:00.000Z');
    await w.ta.ctx.queue.enqueue(RENEWAL_JOB, null);
    await w.ta.drain();
    expect((await sub(t)).status).toBe('active');
    const inv = json<{ data: InvoiceView[] }>(await call(w.ta, 'GET', '/api/v1/billing/invoices', t)).data[0]!;
    expect(inv).toMatchObject({ subtotal: 500_000_00, taxLabel: 'PPN', taxRate: 11, taxAmount: 55_000_00, total: 555_000_00, billTo: { taxId: '02.345.678.9-012.000' } });

    // Printable HTML and PDF, in both languages; other workspaces get 404.
    const html = await call(w.ta, 'GET', `/api/v1/billing/invoices/${inv.id}/html?lang=id`, t);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain(inv.number!);
    expect(html.body).toContain('PPN 11%');
    expect(html.body).toContain('Rp 555.000,00');
    expect(html.body).toContain('Ditagihkan kepada');
    const pdf = await call(w.ta, 'GET', `/api/v1/billing/invoices/${inv.id}/pdf`, t);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain(inv.number!);
    expect(text).toContain('PT Coba');
    expectError(await call(w.ta, 'GET', `/api/v1/billing/invoices/${inv.id}/pdf`, owner), 404, 'not_found');
  });

  it('numbers stay unique and gapless under concurrent issuing', async () => {
    const k = w.ta.ctx.db.k;
    const numbers = await Promise.all(Array.from({ length: 25 }, () => k.transaction().execute((trx) => allocateNumber(trx, 'CNC', 2031))));
    expect(new Set(numbers).size).toBe(25);
    expect([...numbers].sort()).toEqual(Array.from({ length: 25 }, (_, i) => `CNC-2031-${String(i + 1).padStart(6, '0')}`));
    expect(await allocateNumber(k, 'CNC', 2032)).toBe('CNC-2032-000001');
  });

  it('erasing the billing contact keeps invoices under the tax-record hold with the contact address pseudonymised, and the certificate names the hold', async () => {
    const e = await signUp(w.ta, { email: 'erase.me@erase.example', company: 'Erase Co' });
    expect((await putDetails(w.ta, e, { company: 'Erase Co Ltd', address: '9 Gone Rd', country: 'US', taxId: 'EIN-12-3456789', email: 'erase.me@erase.example' })).statusCode).toBe(200);
    const r = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription', e, { planId: small, currency: 'USD' }));
    const before = await invoice(e, r.invoiceId!);
    const pf = { kind: 'platform' as const };
    const rows = await resolveSubject(w.ta.ctx, pf, { emails: ['erase.me@erase.example'], phones: [] });
    expect(rows.tables.billing_invoices).toEqual([r.invoiceId]);
    const report = await eraseSubject(w.ta.ctx, pf, rows, { actor: { type: 'operator', id: null } });
    const hold = report.legalHolds.find((h) => h.table === 'billing_invoices');
    expect(hold).toMatchObject({ rows: 1, holdYears: 10 });
    const row = await w.ta.ctx.db.k.selectFrom('billing_invoices').selectAll().where('id', '=', r.invoiceId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ number: before.number, total: before.total, company: 'Erase Co Ltd', address: '9 Gone Rd', tax_id: 'EIN-12-3456789', status: 'open' });
    expect(row.email).not.toContain('erase.me');
    expect(row.email).toMatch(/^[0-9a-f]{64}$/);
    const details = await w.ta.ctx.db.k.selectFrom('billing_details').selectAll().where('workspace_id', '=', e.workspaceId).executeTakeFirstOrThrow();
    expect(JSON.stringify(details)).not.toContain('erase.me');
    expect(details.tax_id).toBeNull();
    const cert = certificateMail('en', 'Kodepos', 'req_1', report);
    expect(cert.text).toContain('Invoices: 1 record(s) kept, pseudonymised, for 10 years');
    expect(certificateMail('id', 'Kodepos', 'req_1', report).text).toContain('Faktur: 1 catatan disimpan, dipseudonimkan, selama 10 tahun');
  });
});
