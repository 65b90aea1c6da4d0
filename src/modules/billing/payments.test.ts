import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signUp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { MidtransClient } from './midtrans-client.js';
import { midtransSignature } from './signatures.js';
import type { InvoiceDetail } from './invoices-service.js';
import { ProviderError, StripeClient } from './stripe-client.js';
import { billingWorld, createPlan, midtransHook, MIDTRANS_KEY, putDetails, STRIPE_KEY, stripeHook, type BillingWorld } from './test-support.js';

type Owner = { cookie: string; userId: string; workspaceId: string };

describe.each(testDialects)('billing payments through Stripe and Midtrans fakes on %s', (dialect) => {
  let w: BillingWorld;
  let usd: Owner;
  let idr: Owner;
  let planId: string;

  async function openInvoice(who: Owner, currency: 'USD' | 'IDR'): Promise<InvoiceDetail> {
    const res = await call(w.ta, 'POST', '/api/v1/billing/subscription', who, { planId, currency });
    expect(res.statusCode, res.body).toBe(201);
    const { invoiceId } = json<{ invoiceId: string }>(res);
    return json<InvoiceDetail>(await call(w.ta, 'GET', `/api/v1/billing/invoices/${invoiceId}`, who));
  }

  const snapshot = async (): Promise<unknown[]> => [
    await w.ta.ctx.db.k.selectFrom('billing_invoices').select(['id', 'status', 'paid_at']).orderBy('id').execute(),
    await w.ta.ctx.db.k.selectFrom('billing_payments').select(['id', 'status', 'raw_event_id']).orderBy('id').execute(),
    await w.ta.ctx.db.k.selectFrom('billing_subscriptions').select(['id', 'status']).orderBy('id').execute(),
    await w.ta.ctx.db.k.selectFrom('billing_webhook_events').select(['id']).orderBy('id').execute(),
  ];

  beforeAll(async () => {
    w = await billingWorld(dialect);
    planId = (await createPlan(w.ta, w.operator, 'team')).id;
    usd = await signUp(w.ta, { email: 'owner@us-pay.example', company: 'US Pay' });
    idr = await signUp(w.ta, { email: 'owner@id-pay.example', company: 'Toko Bayar' });
    expect((await putDetails(w.ta, usd, { company: 'US Pay Inc', address: '1 Main St\nAustin TX', country: 'US', email: 'billing@us-pay.example' })).statusCode).toBe(200);
    expect((await putDetails(w.ta, idr, { company: 'PT Toko Bayar', address: 'Jl. Sudirman 1, Jakarta', country: 'ID', taxId: '01.234.567.8-901.000', email: 'tagihan@id-pay.example' })).statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('a full Stripe payment: Checkout Session through the real client, signed event marks the invoice paid; forged, stale and replayed events are refused and change nothing; refund', async () => {
    const inv = await openInvoice(usd, 'USD');
    expect(inv).toMatchObject({ status: 'open', currency: 'USD', subtotal: 30_00, taxLabel: 'none', taxAmount: 0, total: 30_00 });
    const co = await call(w.ta, 'POST', `/api/v1/billing/invoices/${inv.id}/checkout`, usd, { provider: 'stripe' });
    expect(co.statusCode, co.body).toBe(201);
    const { url } = json<{ url: string }>(co);
    expect(url.startsWith(`${w.stripe.base}/c/pay/cs_test_`)).toBe(true);
    const req = w.stripe.requests.find((r) => r.path === '/v1/checkout/sessions')!;
    expect(req.form).toMatchObject({ mode: 'payment', 'line_items[0][price_data][currency]': 'usd', 'line_items[0][price_data][unit_amount]': '3000', 'line_items[0][quantity]': '1', 'metadata[invoice_id]': inv.id, client_reference_id: inv.id, customer_email: 'billing@us-pay.example' });
    expect(req.idempotencyKey).toBeTruthy();
    // No card field ever crosses our API: the body names only amounts, ids and URLs.
    expect(Object.keys(req.form).some((k) => /card|cvc|exp_month|exp_year/i.test(k))).toBe(false);
    const session = [...w.stripe.sessions.values()].find((s) => s.metadata.invoice_id === inv.id)!;
    // The billing address going to Stripe (US) is logged as a disclosure and a transfer of the operator's own processing.
    const disclosed = await w.ta.ctx.db.k.selectFrom('disclosure_log').selectAll().where('subprocessor_key', '=', 'stripe').execute();
    expect(disclosed).toHaveLength(1);
    expect(disclosed[0]).toMatchObject({ workspace_id: null, source: 'billing', purpose: 'billing', subject_count: 1, country: 'US', cross_border: 1 });

    const ev = w.stripe.complete(session.id, { at: w.ta.clock.now() });
    const before = await snapshot();
    // Forged: signed with another secret; tampered payload; stale (timestamp 10 minutes back); missing header.
    const forged = (await import('./signatures.js')).stripeSignature('whsec_attacker', ev.payload, Math.floor(w.ta.clock.now().getTime() / 1000));
    expectError(await stripeHook(w.ta, ev.payload, forged), 400, 'invalid_signature');
    expectError(await stripeHook(w.ta, ev.payload.replace('"paid"', '"unpaid"'), ev.header), 400, 'invalid_signature');
    expectError(await stripeHook(w.ta, ev.payload, w.stripe.sign(ev.payload, new Date(w.ta.clock.now().getTime() - 600_000))), 400, 'invalid_signature');
    expectError(await stripeHook(w.ta, ev.payload, undefined), 400, 'invalid_signature');
    expect(await snapshot()).toEqual(before);

    const ok = await stripeHook(w.ta, ev.payload, ev.header);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toEqual({ received: true, outcome: 'invoice_paid' });
    const paid = json<InvoiceDetail>(await call(w.ta, 'GET', `/api/v1/billing/invoices/${inv.id}`, usd));
    expect(paid.status).toBe('paid');
    expect(paid.paidAt).toBeTruthy();
    // Replayed: the same event again, freshly signed or not, is refused and changes nothing.
    const afterPaid = await snapshot();
    expectError(await stripeHook(w.ta, ev.payload, ev.header), 400, 'invalid_signature');
    expectError(await stripeHook(w.ta, ev.payload, w.stripe.sign(ev.payload, w.ta.clock.now())), 400, 'invalid_signature');
    expect(await snapshot()).toEqual(afterPaid);
    const audits = await w.ta.ctx.db.k.selectFrom('audit_log').select(['details']).where('action', '=', 'billing.webhook').execute();
    const outcomes = audits.map((a) => (JSON.parse(String(a.details)) as { outcome: string }).outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['refused_mismatch', 'refused_stale', 'refused_missing', 'invoice_paid', 'refused_replay']));
    expect(outcomes).toHaveLength(7);

    // Refund through the real client (operator only), then Stripe's charge.refunded event is idempotent with it.
    expectError(await call(w.ta, 'POST', `/api/v1/platform/billing/invoices/${inv.id}/refund`, usd), 403, 'forbidden');
    const rf = await call(w.ta, 'POST', `/api/v1/platform/billing/invoices/${inv.id}/refund`, w.operator);
    expect(rf.statusCode, rf.body).toBe(200);
    expect(w.stripe.requests.at(-1)).toMatchObject({ path: '/v1/refunds', form: { payment_intent: session.payment_intent } });
    expect(json<InvoiceDetail>(await call(w.ta, 'GET', `/api/v1/billing/invoices/${inv.id}`, usd)).status).toBe('refunded');
    const refundEv = w.stripe.refunded(session.id, { at: w.ta.clock.now() });
    expect(json(await stripeHook(w.ta, refundEv.payload, refundEv.header))).toEqual({ received: true, outcome: 'invoice_refunded' });
    expectError(await call(w.ta, 'POST', `/api/v1/platform/billing/invoices/${inv.id}/refund`, w.operator), 409, 'invoice_not_refundable');
  });

  it('a failed Stripe payment makes the subscription past due', async () => {
    const other = await signUp(w.ta, { email: 'owner@fail-pay.example', company: 'Fail Pay' });
    const inv = await openInvoice(other, 'USD');
    expect((await call(w.ta, 'POST', `/api/v1/billing/invoices/${inv.id}/checkout`, other, { provider: 'stripe' })).statusCode).toBe(201);
    const session = [...w.stripe.sessions.values()].find((s) => s.metadata.invoice_id === inv.id)!;
    const ev = w.stripe.fail(session.id, { at: w.ta.clock.now() });
    expect(json(await stripeHook(w.ta, ev.payload, ev.header))).toEqual({ received: true, outcome: 'past_due' });
    const sub = json<{ subscription: { status: string; pastDueSince: string } }>(await call(w.ta, 'GET', '/api/v1/billing/subscription', other)).subscription;
    expect(sub.status).toBe('past_due');
    expect(sub.pastDueSince).toBeTruthy();
  });

  it('a full Midtrans payment: Snap transaction through the real client, signed notification confirmed by the status API; forged and replayed refused', async () => {
    const inv = await openInvoice(idr, 'IDR');
    expect(inv).toMatchObject({ currency: 'IDR', subtotal: 500_000_00, taxLabel: 'PPN', taxRate: 11, taxAmount: 55_000_00, total: 555_000_00 });
    expectError(await call(w.ta, 'POST', `/api/v1/billing/invoices/${inv.id}/checkout`, idr, { provider: 'paypal' }), 400, 'validation_failed');
    const co = await call(w.ta, 'POST', `/api/v1/billing/invoices/${inv.id}/checkout`, idr, { provider: 'midtrans' });
    expect(co.statusCode, co.body).toBe(201);
    expect(json<{ url: string }>(co).url).toContain('/snap/v4/redirection/');
    const snap = w.midtrans.requests.find((r) => r.path === '/snap/v1/transactions')!;
    const body = snap.json as { transaction_details: { order_id: string; gross_amount: number } };
    expect(body.transaction_details.gross_amount).toBe(555_000);
    const orderId = body.transaction_details.order_id;
    expect(orderId.startsWith(inv.number!)).toBe(true);

    const note = w.midtrans.notify(orderId, 'settlement');
    const before = await snapshot();
    expectError(await midtransHook(w.ta, { ...note, signature_key: 'f'.repeat(128) }), 400, 'invalid_signature');
    expectError(await midtransHook(w.ta, { ...note, gross_amount: '1.00' }), 400, 'invalid_signature');
    expectError(await w.ta.app.inject({ method: 'POST', url: '/public/v1/webhooks/midtrans', headers: { 'content-type': 'application/json' }, payload: '{not json' }), 400, 'invalid_signature');
    expect(await snapshot()).toEqual(before);
    const ok = await midtransHook(w.ta, note);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toEqual({ received: true, outcome: 'invoice_paid' });
    expect(w.midtrans.requests.some((r) => r.method === 'GET' && r.path === `/v2/${orderId}/status`)).toBe(true);
    expect(json<InvoiceDetail>(await call(w.ta, 'GET', `/api/v1/billing/invoices/${inv.id}`, idr)).status).toBe('paid');
    const after = await snapshot();
    expectError(await midtransHook(w.ta, note), 400, 'invalid_signature');
    // Stale: a correctly signed earlier state (pending) that the status API no longer reports.
    const pending = { ...note, transaction_status: 'pending', status_code: '201', signature_key: midtransSignature(orderId, '201', note.gross_amount, MIDTRANS_KEY) };
    expectError(await midtransHook(w.ta, pending), 400, 'invalid_signature');
    expect(await snapshot()).toEqual(after);
    // USD invoices cannot go to Midtrans.
    const usdOpen = await call(w.ta, 'GET', '/api/v1/billing/invoices', usd);
    expect(json<{ data: unknown[] }>(usdOpen).data.length).toBeGreaterThan(0);
  });

  it('the clients send documented requests and surface documented errors from the fakes', async () => {
    const bad = new StripeClient(w.stripe.base, 'sk_test_wrong');
    await expect(bad.refund('pi_x')).rejects.toMatchObject({ provider: 'stripe', status: 401 });
    const good = new StripeClient(w.stripe.base, STRIPE_KEY);
    const err = await good.refund('pi_unknown').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 400, code: 'resource_missing' });
    const s = await good.createCheckoutSession({ invoiceId: 'inv_1', invoiceNumber: 'KDP-2026-000999', currency: 'IDR', amount: 100_000_00, description: 'Invoice KDP-2026-000999', customerEmail: 'x@example.com', successUrl: 'http://kodepos.test/ok', cancelUrl: 'http://kodepos.test/no' });
    expect(s).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    expect(w.stripe.requests.at(-1)?.form['line_items[0][price_data][currency]']).toBe('idr');

    const mt = new MidtransClient(w.midtrans.base, w.midtrans.base, MIDTRANS_KEY);
    await expect(new MidtransClient(w.midtrans.base, w.midtrans.base, 'wrong').createSnapTransaction({ orderId: 'o-1', grossAmount: 1000, itemName: 'x', email: 'x@example.com', finishUrl: 'http://kodepos.test' })).rejects.toMatchObject({ provider: 'midtrans', status: 401 });
    const t = await mt.createSnapTransaction({ orderId: 'o-2', grossAmount: 1000, itemName: 'x', email: 'x@example.com', finishUrl: 'http://kodepos.test' });
    expect(t.token).toMatch(/^[0-9a-f]{32}$/);
    await expect(mt.createSnapTransaction({ orderId: 'o-2', grossAmount: 1000, itemName: 'x', email: 'x@example.com', finishUrl: 'http://kodepos.test' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('already been taken') });
    expect(await mt.status('o-2')).toMatchObject({ status_code: '201', transaction_status: 'pending', gross_amount: '1000.00' });
    await expect(mt.status('o-missing')).rejects.toMatchObject({ status: 404 });
  });
});
