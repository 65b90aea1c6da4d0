/**
 * The payment method on file, as display data only: what Settings → Billing shows as "Visa •••• 4242,
 * expires 12/2030" or "BCA virtual account". Stripe's come from the PaymentMethod of a completed
 * Checkout Session (its PaymentIntent or, in setup mode, its SetupIntent); Midtrans's from the
 * status answer confirming a paid notification. A card number, CVC or account number is never
 * read into a row: only brand, last four digits, expiry, payment type and bank.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { HttpError, notFound } from '../../http/errors.js';
import { SYSTEM, record, type Actor } from '../audit/service.js';
import type { MidtransStatus } from './midtrans-client.js';
import { providerFailed, stripeClient } from './payments-service.js';
import * as repo from './repo.js';
import { ProviderError, type PaymentMethod } from './stripe-client.js';

const word = (v: unknown, max = 40): string | null => (typeof v === 'string' && /^[a-z0-9_]+$/i.test(v) && v.length <= max ? v.toLowerCase() : null);
const last4Of = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}$/.test(v) ? v : null);
const month = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 12 ? v : null);
const year = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 2000 && v <= 2200 ? v : null);

/** Display data of a Stripe PaymentMethod; null when it has no usable type. */
export function fromStripe(pm: PaymentMethod): repo.PaymentMethodRow | null {
  const type = word(pm.type);
  if (!type) return null;
  const card = type === 'card' ? pm.card : null;
  return { pm_provider: 'stripe', pm_type: type, pm_brand: word(card?.brand), pm_last4: last4Of(card?.last4), pm_exp_month: month(card?.exp_month), pm_exp_year: year(card?.exp_year), pm_bank: null };
}

/** A card's network from the first digits Midtrans shows (481111-1114 → visa). */
function brandOfBin(masked: string): string | null {
  if (/^4/.test(masked)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(masked)) return 'mastercard';
  if (/^3[47]/.test(masked)) return 'amex';
  if (/^35/.test(masked)) return 'jcb';
  return null;
}

/** Display data of the Midtrans payment a status answer describes; null without a payment type. */
export function fromMidtrans(s: MidtransStatus): repo.PaymentMethodRow | null {
  const type = word(s.payment_type);
  if (!type) return null;
  const masked = typeof s.masked_card === 'string' ? s.masked_card : '';
  const card = type === 'credit_card' && /^\d{6}-\d{4}$/.test(masked);
  const bank = word(s.va_numbers?.[0]?.bank) ?? (s.permata_va_number ? 'permata' : null) ?? (type === 'echannel' ? 'mandiri' : null) ?? word(s.bank) ?? word(s.store);
  return { pm_provider: 'midtrans', pm_type: type, pm_brand: card ? brandOfBin(masked) : null, pm_last4: card ? masked.slice(-4) : null, pm_exp_month: null, pm_exp_year: null, pm_bank: bank };
}

/**
 * The PaymentMethod behind a completed Checkout Session, read from Stripe. A lookup that fails
 * returns null: the payment itself still counts, only its display data is missing.
 */
export async function stripeMethodOf(ctx: AppContext, ref: { paymentIntent: string | null; setupIntent: string | null }): Promise<repo.PaymentMethodRow | null> {
  try {
    const client = stripeClient(ctx);
    const intent = ref.setupIntent ? await client.setupIntent(ref.setupIntent) : ref.paymentIntent ? await client.paymentIntent(ref.paymentIntent) : null;
    const id = typeof intent?.payment_method === 'string' ? intent.payment_method : null;
    return id ? fromStripe(await client.paymentMethod(id)) : null;
  } catch (err) {
    ctx.log.warn({ provider: 'stripe', status: err instanceof ProviderError ? err.status : undefined, code: err instanceof ProviderError ? err.code : undefined }, 'payment method lookup failed');
    return null;
  }
}

/** Stores the payment method of `workspaceId`'s subscription and audits the change (type only). */
export async function remember(ctx: AppContext, k: Kysely<Database>, workspaceId: string, pm: repo.PaymentMethodRow, via: string): Promise<void> {
  const s = await repo.subscription(k, workspaceId);
  if (!s) return;
  const same = s.pm_provider === pm.pm_provider && s.pm_type === pm.pm_type && s.pm_brand === pm.pm_brand && s.pm_last4 === pm.pm_last4 && s.pm_exp_month === pm.pm_exp_month && s.pm_exp_year === pm.pm_exp_year && s.pm_bank === pm.pm_bank;
  await repo.setPaymentMethod(k, workspaceId, pm, ctx.clock.now().toISOString());
  if (!same) await record(ctx.db, ctx.clock, { actor: SYSTEM, workspaceId, action: 'billing.payment_method_updated', target: { type: 'billing_subscription', id: s.id }, details: { provider: pm.pm_provider, type: pm.pm_type, via } }, k);
}

/**
 * "Change" on Stripe: a Checkout Session in setup mode, where the customer enters a card on
 * Stripe's page; its completion event brings the new card's display data back. Midtrans has no
 * stored method: each invoice is paid through Snap.
 */
export async function startSetup(ctx: AppContext, workspaceId: string, actor: Actor): Promise<{ url: string }> {
  const s = await repo.subscription(ctx.db.k, workspaceId);
  if (!s || s.status === 'cancelled') throw notFound('Subscription');
  const back = `${ctx.config.baseUrl}/settings/billing`;
  let url: string;
  try {
    const session = await stripeClient(ctx).createSetupSession({ workspaceId, currency: s.currency, successUrl: `${back}?payment_method=updated`, cancelUrl: back });
    if (!session.url) throw new HttpError(502, 'provider_error', 'Stripe returned no Checkout URL');
    url = session.url;
  } catch (err) {
    providerFailed(err);
  }
  await record(ctx.db, ctx.clock, { actor, workspaceId, action: 'billing.payment_method_setup_started', target: { type: 'billing_subscription', id: s.id }, details: { provider: 'stripe' } });
  return { url };
}
