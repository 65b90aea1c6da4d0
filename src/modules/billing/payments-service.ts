/**
 * Payments start on the provider's hosted page (Stripe Checkout, Midtrans Snap): the platform
 * sends the amount and gets back a URL, so card data never reaches it.
 */
import type { AppContext } from '../../context.js';
import { HttpError, badRequest, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { record, type Actor } from '../audit/service.js';
import { logDisclosure } from '../governance/disclosures.js';
import { MidtransClient } from './midtrans-client.js';
import * as repo from './repo.js';
import { ProviderError, StripeClient } from './stripe-client.js';
import type { Provider } from './tables.js';

export function stripeClient(ctx: AppContext): StripeClient {
  const c = ctx.config.billing.stripe;
  if (!c.secretKey) throw new HttpError(409, 'provider_not_configured', 'Stripe is not configured (STRIPE_SECRET_KEY)');
  return new StripeClient(c.apiBase, c.secretKey);
}

export function midtransClient(ctx: AppContext): MidtransClient {
  const c = ctx.config.billing.midtrans;
  if (!c.serverKey) throw new HttpError(409, 'provider_not_configured', 'Midtrans is not configured (MIDTRANS_SERVER_KEY)');
  return new MidtransClient(c.apiBase, c.snapBase, c.serverKey);
}

/** A provider that refused or could not be reached: 502 with its code, never a 500. */
export function providerFailed(err: unknown): never {
  if (err instanceof ProviderError) throw new HttpError(502, 'provider_error', `${err.provider} refused the request: ${err.message}`, { provider: err.provider, status: err.status, code: err.code });
  if (err instanceof HttpError) throw err;
  throw new HttpError(502, 'provider_unreachable', 'The payment provider could not be reached');
}

export async function checkout(ctx: AppContext, workspaceId: string, actor: Actor, invoiceId: string, provider: Provider): Promise<{ paymentId: string; url: string }> {
  const inv = await repo.invoice(ctx.db.k, workspaceId, invoiceId);
  if (!inv) throw notFound('Invoice');
  if (inv.status !== 'open' || inv.total <= 0) throw new HttpError(409, 'invoice_not_payable', 'Only an open invoice with an amount due can be paid');
  if (provider === 'midtrans' && inv.currency !== 'IDR') throw badRequest('currency_unsupported', 'Midtrans takes rupiah: pay USD invoices with Stripe');
  if (provider === 'midtrans' && inv.total % 100 !== 0) throw badRequest('amount_unsupported', 'Midtrans takes whole rupiah');
  const now = ctx.clock.now();
  const base = ctx.config.baseUrl;
  const back = `${base}/settings/billing?invoice=${encodeURIComponent(inv.id)}`;
  const description = `Invoice ${inv.number ?? inv.id}`;
  let ref: string;
  let url: string;
  try {
    if (provider === 'stripe') {
      const s = await stripeClient(ctx).createCheckoutSession({ invoiceId: inv.id, invoiceNumber: inv.number ?? inv.id, currency: inv.currency, amount: inv.total, description, customerEmail: inv.email, successUrl: `${back}&paid=1`, cancelUrl: back });
      ref = s.id;
      url = s.url;
    } else {
      // Order ids are single-use at Midtrans: each attempt gets its own.
      ref = `${inv.number ?? inv.id}-${now.getTime().toString(36)}`;
      const t = await midtransClient(ctx).createSnapTransaction({ orderId: ref, grossAmount: inv.total / 100, itemName: description, email: inv.email, finishUrl: back });
      url = t.redirect_url;
    }
  } catch (err) {
    providerFailed(err);
  }
  const id = newId('pay', now.getTime());
  const at = now.toISOString();
  await repo.insertPayment(ctx.db.k, { id, workspace_id: workspaceId, invoice_id: inv.id, provider, provider_ref: ref, provider_payment_id: null, checkout_url: url, amount: inv.total, currency: inv.currency, status: 'pending', raw_event_id: null, created_at: at, updated_at: at });
  // The billing address went to the provider: the operator's own processing, logged as a disclosure (and a transfer when abroad).
  await logDisclosure(ctx, { workspaceId: null, subprocessor: provider, source: 'billing', purpose: 'billing', dataCategories: ['contact', 'billing'], subjectCount: 1 });
  await record(ctx.db, ctx.clock, { actor, workspaceId, action: 'billing.checkout_started', target: { type: 'billing_invoice', id: inv.id }, details: { provider, paymentId: id } });
  return { paymentId: id, url };
}

/** Refunds a paid invoice through the provider it was paid with (operator). Stripe only: Midtrans refunds are made in its dashboard and arrive as a notification. */
export async function refund(ctx: AppContext, actor: Actor, invoiceId: string): Promise<{ refundId: string }> {
  const inv = await repo.invoiceById(ctx.db.k, invoiceId);
  if (!inv) throw notFound('Invoice');
  const pay = await repo.paidPayment(ctx.db.k, invoiceId);
  if (inv.status !== 'paid' || !pay) throw new HttpError(409, 'invoice_not_refundable', 'Only a paid invoice can be refunded');
  if (pay.provider !== 'stripe' || !pay.provider_payment_id) throw new HttpError(409, 'refund_in_provider', 'Refund Midtrans payments in the Midtrans dashboard; its notification marks the invoice');
  let refundId: string;
  try {
    refundId = (await stripeClient(ctx).refund(pay.provider_payment_id)).id;
  } catch (err) {
    providerFailed(err);
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.updatePayment(trx, pay.id, { status: 'refunded', updated_at: at });
    await repo.updateInvoice(trx, inv.id, { status: 'refunded', updated_at: at });
    await record(ctx.db, ctx.clock, { actor, workspaceId: inv.workspace_id, action: 'billing.refunded', target: { type: 'billing_invoice', id: inv.id }, details: { provider: 'stripe', refundId } }, trx);
  });
  return { refundId };
}
