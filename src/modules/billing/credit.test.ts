import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signUp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { CREDIT_APPLIED, type InvoiceDetail, type InvoiceView } from './invoices-service.js';
import { RENEWAL_JOB } from './jobs.js';
import { mulDivRound } from './money.js';
import type { SubscriptionView } from './subscriptions-service.js';
import { billingWorld, createPlan, putDetails, type BillingWorld } from './test-support.js';

type Owner = { cookie: string; userId: string; workspaceId: string };
type Result = { subscription: SubscriptionView; invoiceId: string | null; effective?: string };

describe.each(testDialects)('account credit carried forward on %s', (dialect) => {
  let w: BillingWorld;
  let small: string;
  let big: string;
  let huge: string;

  const sub = async (who: Owner): Promise<SubscriptionView> => json<{ subscription: SubscriptionView }>(await call(w.ta, 'GET', '/api/v1/billing/subscription', who)).subscription;
  const invoice = async (who: Owner, id: string): Promise<InvoiceDetail> => json<InvoiceDetail>(await call(w.ta, 'GET', `/api/v1/billing/invoices/${id}`, who));
  const latest = async (who: Owner): Promise<InvoiceDetail> => invoice(who, json<{ data: InvoiceView[] }>(await call(w.ta, 'GET', '/api/v1/billing/invoices', who)).data[0]!.id);
  const paidUp = async (who: Owner): Promise<void> => {
    await w.ta.ctx.db.k.updateTable('billing_invoices').set({ status: 'paid', paid_at: w.ta.clock.now().toISOString() }).where('workspace_id', '=', who.workspaceId).where('status', '=', 'open').execute();
  };
  const renewAt = async (at: string): Promise<void> => {
    w.ta.clock.set(at);
    await w.ta.ctx.queue.enqueue(RENEWAL_JOB, null);
    await w.ta.drain();
  };
  const audits = async (who: Owner, action: string): Promise<Record<string, unknown>[]> =>
    (await w.ta.ctx.db.k.selectFrom('audit_log').select(['details']).where('workspace_id', '=', who.workspaceId).where('action', '=', action).orderBy('id').execute()).map((a) => JSON.parse(String(a.details)) as Record<string, unknown>);

  beforeAll(async () => {
    w = await billingWorld(dialect);
    w.ta.clock.set('2026-03-01T00:00:00.000Z');
    small = (await createPlan(w.ta, w.operator, 'small', { usd: 30_00, idr: 500_000_00, seats: 5 })).id;
    big = (await createPlan(w.ta, w.operator, 'big', { usd: 90_00, idr: 1_500_000_00, seats: 5 })).id;
    huge = (await createPlan(w.ta, w.operator, 'huge', { usd: 300_00, idr: 5_000_000_00, seats: 5 })).id;
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('a downgrade taken mid-period leaves credit; the renewal invoice consumes it before PPN and is never below zero', async () => {
    const o = await signUp(w.ta, { email: 'owner@kredit.example', company: 'Kredit' });
    expect((await putDetails(w.ta, o, { company: 'PT Kredit', address: 'Jl. Asia Afrika 8, Bandung', country: 'ID', email: 'tagihan@kredit.example' })).statusCode).toBe(200);
    w.ta.clock.set('2026-03-01T00:00:00.000Z');
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription', o, { planId: big, currency: 'IDR' })).statusCode).toBe(201);
    await paidUp(o);
    expect((await sub(o)).creditBalance).toBe(0);

    // Eight days of a 31-day March left: unused Big credited, Small charged, each rounded to whole rupiah.
    w.ta.clock.set('2026-03-24T00:00:00.000Z');
    const down = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/plan', o, { planId: small, timing: 'now' }));
    expect(down.effective).toBe('now');
    const note = await invoice(o, down.invoiceId!);
    const remaining = 8 * 86_400;
    const length = 31 * 86_400;
    const credit = mulDivRound(1_500_000_00, remaining, length * 100) * 100 - mulDivRound(500_000_00, remaining, length * 100) * 100;
    expect(note).toMatchObject({ total: -credit, taxAmount: 0, status: 'paid' });
    expect(credit).toBeGreaterThan(0);
    expect(down.subscription.creditBalance).toBe(credit);
    expect((await sub(o)).creditBalance).toBe(credit);
    expect(await audits(o, 'billing.credit_added')).toEqual([{ amount: credit, currency: 'IDR', balance: credit }]);

    await renewAt('2026-04-01T00:30:00.000Z');
    const renewal = await latest(o);
    expect(renewal.kind).toBe('renewal');
    expect(renewal.lines.map((l) => [l.kind, l.description, l.amount])).toEqual([
      ['plan', expect.stringContaining('Small') as unknown, 500_000_00],
      ['credit_applied', CREDIT_APPLIED, -credit],
    ]);
    const subtotal = 500_000_00 - credit;
    const tax = mulDivRound(mulDivRound(subtotal, 1100, 10_000), 1, 100) * 100;
    expect(renewal).toMatchObject({ subtotal, taxLabel: 'PPN', taxAmount: tax, total: subtotal + tax, status: 'open' });
    // Whole rupiah: Midtrans can take it.
    expect(renewal.total % 100).toBe(0);
    expect((await sub(o)).creditBalance).toBe(0);
    expect(await audits(o, 'billing.credit_applied')).toEqual([{ amount: credit, currency: 'IDR', balance: 0 }]);
    const html = await call(w.ta, 'GET', `/api/v1/billing/invoices/${renewal.id}/html`, o);
    expect(html.body).toContain(CREDIT_APPLIED);
  });

  it('a credit larger than one invoice spans two renewals and the rest carries on, also into a new subscription in its currency', async () => {
    const o = await signUp(w.ta, { email: 'owner@bigcredit.example', company: 'Big Credit' });
    expect((await putDetails(w.ta, o, { company: 'Big Credit LLC', address: '1 Pine St', country: 'US', email: 'billing@bigcredit.example' })).statusCode).toBe(200);
    w.ta.clock.set('2026-05-01T00:00:00.000Z');
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription', o, { planId: huge, currency: 'USD' })).statusCode).toBe(201);
    await paidUp(o);
    // Half of May left: $150 of Huge back, $15 of Small charged → $135 owed to the workspace.
    w.ta.clock.set('2026-05-16T12:00:00.000Z');
    const down = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/plan', o, { planId: small, timing: 'now' }));
    expect((await invoice(o, down.invoiceId!)).total).toBe(-135_00);
    expect((await sub(o)).creditBalance).toBe(135_00);

    await renewAt('2026-06-01T00:30:00.000Z');
    const june = await latest(o);
    expect(june.lines.map((l) => [l.kind, l.amount])).toEqual([['plan', 30_00], ['credit_applied', -30_00]]);
    expect(june).toMatchObject({ subtotal: 0, taxAmount: 0, total: 0, status: 'paid' });
    expect((await sub(o)).creditBalance).toBe(105_00);

    await renewAt('2026-07-01T00:30:00.000Z');
    const july = await latest(o);
    expect(july.id).not.toBe(june.id);
    expect(july).toMatchObject({ kind: 'renewal', total: 0, status: 'paid' });
    expect((await sub(o)).creditBalance).toBe(75_00);
    expect((await audits(o, 'billing.credit_applied')).map((a) => [a.amount, a.balance])).toEqual([[30_00, 105_00], [30_00, 75_00]]);

    // An upgrade's proration invoice is an invoice like any other: credit pays for it first.
    w.ta.clock.set('2026-07-16T12:00:00.000Z');
    const up = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/plan', o, { planId: big }));
    const upInv = await invoice(o, up.invoiceId!);
    expect(upInv.lines.map((l) => l.kind)).toEqual(['credit', 'plan', 'credit_applied']);
    expect(upInv.lines[2]!.amount).toBe(-(upInv.lines[0]!.amount + upInv.lines[1]!.amount));
    expect(upInv.total).toBe(0);
    const left = 75_00 + upInv.lines[2]!.amount;
    expect((await sub(o)).creditBalance).toBe(left);

    // Cancelled: the credit stays with the workspace, and a new subscription in its currency uses it.
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription/cancel', o, { atPeriodEnd: false })).statusCode).toBe(200);
    expect((await sub(o)).creditBalance).toBe(left);
    expectError(await call(w.ta, 'POST', '/api/v1/billing/subscription', o, { planId: small, currency: 'IDR' }), 400, 'credit_currency');
    const again = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription', o, { planId: small, currency: 'USD' }));
    const first = await invoice(o, again.invoiceId!);
    expect(first.lines.at(-1)).toMatchObject({ kind: 'credit_applied', amount: -Math.min(left, 30_00) });
    expect(first.total).toBe(30_00 - Math.min(left, 30_00));
    expect(again.subscription.creditBalance).toBe(left - Math.min(left, 30_00));
  });

  it('fewer seats mid-period is a credit note too, and its credit pays the next invoice', async () => {
    const o = await signUp(w.ta, { email: 'owner@seats-down.example', company: 'Seats Down' });
    w.ta.clock.set('2026-09-01T00:00:00.000Z');
    // Small includes 5 seats at $30; 9 seats add 4 × $5.
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription', o, { planId: small, currency: 'USD', seats: 9 })).statusCode).toBe(201);
    await paidUp(o);
    // Half of a 30-day September left: $50 credited, $30 charged → $10 owed to the workspace.
    w.ta.clock.set('2026-09-16T00:00:00.000Z');
    const r = json<Result>(await call(w.ta, 'POST', '/api/v1/billing/subscription/seats', o, { seats: 5 }));
    expect((await invoice(o, r.invoiceId!)).total).toBe(-10_00);
    expect(r.subscription.creditBalance).toBe(10_00);
    await renewAt('2026-10-01T00:30:00.000Z');
    expect(await latest(o)).toMatchObject({ kind: 'renewal', subtotal: 20_00, total: 20_00, status: 'open' });
    expect((await sub(o)).creditBalance).toBe(0);
  });

  it('credit is spent once under concurrent invoices', async () => {
    const o = await signUp(w.ta, { email: 'owner@race.example', company: 'Race' });
    w.ta.clock.set('2026-08-01T00:00:00.000Z');
    expect((await call(w.ta, 'POST', '/api/v1/billing/subscription', o, { planId: small, currency: 'USD' })).statusCode).toBe(201);
    await w.ta.ctx.db.k.updateTable('billing_subscriptions').set({ credit_balance: 40_00 }).where('workspace_id', '=', o.workspaceId).execute();
    const { issue } = await import('./invoices-service.js');
    const s = (await w.ta.ctx.db.k.selectFrom('billing_subscriptions').select('id').where('workspace_id', '=', o.workspaceId).executeTakeFirstOrThrow()).id;
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => w.ta.ctx.db.k.transaction().execute((trx) => issue(w.ta.ctx, trx, { workspaceId: o.workspaceId, subscriptionId: s, kind: 'seats', currency: 'USD', lines: [{ kind: 'seats', description: 'Seats', quantity: 1, unitAmount: 30_00 }] }))),
    );
    const applied = (await w.ta.ctx.db.k.selectFrom('billing_invoice_lines').select('amount').where('invoice_id', 'in', ids).where('kind', '=', 'credit_applied').execute()).reduce((n, l) => n - Number(l.amount), 0);
    expect(applied).toBe(40_00);
    expect((await sub(o)).creditBalance).toBe(0);
  });
});
