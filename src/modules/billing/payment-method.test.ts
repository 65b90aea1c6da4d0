import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signUp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError } from '../workspaces/test-support.js';
import { fromMidtrans } from './payment-methods.js';
import { stripeSignature } from './signatures.js';
import type { SubscriptionView } from './subscriptions-service.js';
import { billingWorld, createPlan, midtransHook, stripeHook, type BillingWorld } from './test-support.js';

type Owner = { cookie: string; userId: string; workspaceId: string };

describe.each(testDialects)('the payment method on file on %s', (dialect) => {
  let w: BillingWorld;
  let planId: string;

  const sub = async (who: Owner): Promise<SubscriptionView> => json<{ subscription: SubscriptionView }>(await call(w.ta, 'GET', '/api/v1/billing/subscription', who)).subscription;
  const subscribe = async (who: Owner, currency: 'USD' | 'IDR'): Promise<string> => {
    const res = await call(w.ta, 'POST', '/api/v1/billing/subscription', who, { planId, currency });
    expect(res.statusCode, res.body).toBe(201);
    return json<{ invoiceId: string }>(res).invoiceId;
  };
  const methodRows = async (who: Owner): Promise<unknown> => w.ta.ctx.db.k.selectFrom('billing_subscriptions').select(['pm_provider', 'pm_type', 'pm_brand', 'pm_last4', 'pm_exp_month', 'pm_exp_year', 'pm_bank']).where('workspace_id', '=', who.workspaceId).executeTakeFirst();
  const audited = async (who: Owner): Promise<unknown[]> =>
    (await w.ta.ctx.db.k.selectFrom('audit_log').select('details').where('workspace_id', '=', who.workspaceId).where('action', '=', 'billing.payment_method_updated').orderBy('id').execute()).map((a) => JSON.parse(String(a.details)));

  beforeAll(async () => {
    w = await billingWorld(dialect);
    planId = (await createPlan(w.ta, w.operator, 'team')).id;
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('a Stripe payment records the card’s brand, last four digits and expiry, read from its PaymentMethod', async () => {
    const o = await signUp(w.ta, { email: 'owner@card.example', company: 'Card Co' });
    const invoiceId = await subscribe(o, 'USD');
    expect((await sub(o)).paymentMethod).toBeNull();
    expect((await call(w.ta, 'POST', `/api/v1/billing/invoices/${invoiceId}/checkout`, o, { provider: 'stripe' })).statusCode).toBe(201);
    const session = [...w.stripe.sessions.values()].find((s) => s.metadata.invoice_id === invoiceId)!;
    const ev = w.stripe.complete(session.id, { at: w.ta.clock.now(), card: { brand: 'mastercard', last4: '5555', exp_month: 3, exp_year: 2029 } });
    const before = w.stripe.requests.length;
    expect(json(await stripeHook(w.ta, ev.payload, ev.header))).toEqual({ received: true, outcome: 'invoice_paid' });
    // Retrieved as Stripe documents it: the PaymentIntent, then its payment_method.
    const reads = w.stripe.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/_[0-9a-f]+$/, '_x')}`);
    expect(reads).toEqual(['GET /v1/payment_intents/pi_x', 'GET /v1/payment_methods/pm_x']);
    expect((await sub(o)).paymentMethod).toMatchObject({ provider: 'stripe', type: 'card', brand: 'mastercard', last4: '5555', expMonth: 3, expYear: 2029, bank: null });
    expect(await audited(o)).toEqual([{ provider: 'stripe', type: 'card', via: 'payment' }]);
    // A replay is refused before Stripe is asked again.
    const n = w.stripe.requests.length;
    expectError(await stripeHook(w.ta, ev.payload, ev.header), 400, 'invalid_signature');
    expect(w.stripe.requests.length).toBe(n);
  });

  it('a payment whose card Stripe cannot show still counts; only the display data is missing', async () => {
    const o = await signUp(w.ta, { email: 'owner@nocard.example', company: 'No Card' });
    const invoiceId = await subscribe(o, 'USD');
    expect((await call(w.ta, 'POST', `/api/v1/billing/invoices/${invoiceId}/checkout`, o, { provider: 'stripe' })).statusCode).toBe(201);
    const session = [...w.stripe.sessions.values()].find((s) => s.metadata.invoice_id === invoiceId)!;
    const ev = w.stripe.complete(session.id, { at: w.ta.clock.now() });
    w.stripe.paymentMethods.clear();
    expect(json(await stripeHook(w.ta, ev.payload, ev.header))).toEqual({ received: true, outcome: 'invoice_paid' });
    expect(w.stripe.requests.at(-1)?.path).toMatch(/^\/v1\/payment_methods\/pm_/);
    expect(json<{ status: string }>(await call(w.ta, 'GET', `/api/v1/billing/invoices/${invoiceId}`, o)).status).toBe('paid');
    expect((await sub(o)).paymentMethod).toBeNull();
    expect(await audited(o)).toEqual([]);
  });

  it('"Change" opens a setup-mode Checkout Session; its signed completion replaces the card; forged and replayed ones change nothing', async () => {
    const o = await signUp(w.ta, { email: 'owner@setup.example', company: 'Setup Co' });
    expectError(await call(w.ta, 'POST', '/api/v1/billing/payment-method/setup', o, { provider: 'stripe' }), 404, 'not_found');
    await subscribe(o, 'USD');
    const admin = await addMember(w.ta, o, { email: 'admin@setup.example' }, 'admin');
    expectError(await call(w.ta, 'POST', '/api/v1/billing/payment-method/setup', { cookie: admin.cookie, workspaceId: o.workspaceId }, { provider: 'stripe' }), 403, 'forbidden');
    expectError(await call(w.ta, 'POST', '/api/v1/billing/payment-method/setup', o, { provider: 'midtrans' }), 400, 'validation_failed');

    const res = await call(w.ta, 'POST', '/api/v1/billing/payment-method/setup', o, { provider: 'stripe' });
    expect(res.statusCode, res.body).toBe(201);
    const { url } = json<{ url: string }>(res);
    expect(url.startsWith(`${w.stripe.base}/c/pay/cs_test_`)).toBe(true);
    const req = w.stripe.requests.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', form: { mode: 'setup', currency: 'usd', client_reference_id: o.workspaceId, 'metadata[workspace_id]': o.workspaceId } });
    // Nothing about a person goes to Stripe here, and no amount: the card is typed on Stripe's page.
    expect(Object.keys(req.form).filter((k) => /line_items|customer_email|card|amount/.test(k))).toEqual([]);
    const session = [...w.stripe.sessions.values()].find((s) => s.mode === 'setup' && s.metadata.workspace_id === o.workspaceId)!;

    const ev = w.stripe.completeSetup(session.id, { at: w.ta.clock.now() });
    const forged = stripeSignature('whsec_attacker', ev.payload, Math.floor(w.ta.clock.now().getTime() / 1000));
    expectError(await stripeHook(w.ta, ev.payload, forged), 400, 'invalid_signature');
    const otherWs = ev.payload.replaceAll(o.workspaceId, 'ws_someone_else');
    expectError(await stripeHook(w.ta, otherWs, ev.header), 400, 'invalid_signature');
    expect(await methodRows(o)).toMatchObject({ pm_provider: null, pm_last4: null });

    const before = w.stripe.requests.length;
    expect(json(await stripeHook(w.ta, ev.payload, ev.header))).toEqual({ received: true, outcome: 'payment_method_updated' });
    expect(w.stripe.requests.slice(before).map((r) => r.path.replace(/_[0-9a-f]+$/, '_x'))).toEqual(['/v1/setup_intents/seti_x', '/v1/payment_methods/pm_x']);
    expect((await sub(o)).paymentMethod).toMatchObject({ provider: 'stripe', type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 });
    expectError(await stripeHook(w.ta, ev.payload, ev.header), 400, 'invalid_signature');
    expect(await audited(o)).toEqual([{ provider: 'stripe', type: 'card', via: 'setup' }]);
    const started = await w.ta.ctx.db.k.selectFrom('audit_log').select('id').where('workspace_id', '=', o.workspaceId).where('action', '=', 'billing.payment_method_setup_started').execute();
    expect(started).toHaveLength(1);
  });

  it('a Midtrans payment records its payment type and bank from the confirmed status', async () => {
    const o = await signUp(w.ta, { email: 'owner@va.example', company: 'Toko VA' });
    const invoiceId = await subscribe(o, 'IDR');
    expect((await call(w.ta, 'POST', `/api/v1/billing/invoices/${invoiceId}/checkout`, o, { provider: 'midtrans' })).statusCode).toBe(201);
    const orderId = [...w.midtrans.transactions.keys()].at(-1)!;
    const note = w.midtrans.notify(orderId, 'settlement', { paymentType: 'bank_transfer', bank: 'bca' });
    expect(json(await midtransHook(w.ta, note))).toEqual({ received: true, outcome: 'invoice_paid' });
    expect((await sub(o)).paymentMethod).toMatchObject({ provider: 'midtrans', type: 'bank_transfer', bank: 'bca', brand: null, last4: null, expMonth: null });

    // A failed attempt records nothing; the next successful one (GoPay) replaces it.
    const o2 = await signUp(w.ta, { email: 'owner@gopay.example', company: 'Toko GoPay' });
    const inv2 = await subscribe(o2, 'IDR');
    expect((await call(w.ta, 'POST', `/api/v1/billing/invoices/${inv2}/checkout`, o2, { provider: 'midtrans' })).statusCode).toBe(201);
    const first = [...w.midtrans.transactions.keys()].at(-1)!;
    expect(json(await midtransHook(w.ta, w.midtrans.notify(first, 'deny', { paymentType: 'credit_card', maskedCard: '481111-1114', bank: 'bni' }))).outcome).toBe('past_due');
    expect((await sub(o2)).paymentMethod).toBeNull();
    w.ta.clock.set(new Date(w.ta.clock.now().getTime() + 60_000).toISOString());
    expect((await call(w.ta, 'POST', `/api/v1/billing/invoices/${inv2}/checkout`, o2, { provider: 'midtrans' })).statusCode).toBe(201);
    const second = [...w.midtrans.transactions.keys()].at(-1)!;
    expect(second).not.toBe(first);
    expect(json(await midtransHook(w.ta, w.midtrans.notify(second, 'settlement', { paymentType: 'gopay' }))).outcome).toBe('invoice_paid');
    expect((await sub(o2)).paymentMethod).toMatchObject({ provider: 'midtrans', type: 'gopay', bank: null });
  });

  it('reads only display data from Midtrans statuses', () => {
    const base = { status_code: '200', transaction_status: 'settlement', order_id: 'o', gross_amount: '1.00' };
    expect(fromMidtrans({ ...base, payment_type: 'credit_card', masked_card: '521111-1117', bank: 'bni' })).toEqual({ pm_provider: 'midtrans', pm_type: 'credit_card', pm_brand: 'mastercard', pm_last4: '1117', pm_exp_month: null, pm_exp_year: null, pm_bank: 'bni' });
    expect(fromMidtrans({ ...base, payment_type: 'bank_transfer', permata_va_number: '8562000000000001' })).toMatchObject({ pm_type: 'bank_transfer', pm_bank: 'permata', pm_last4: null });
    expect(fromMidtrans({ ...base, payment_type: 'echannel' })).toMatchObject({ pm_type: 'echannel', pm_bank: 'mandiri' });
    expect(fromMidtrans({ ...base, payment_type: '<script>' })).toBeNull();
    expect(fromMidtrans(base)).toBeNull();
  });
});
