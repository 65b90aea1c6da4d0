/**
 * Provider webhooks (API.md "Billing webhooks"). A call is accepted only with a valid signature
 * over the raw body (Stripe also within 300 s of its timestamp) and an event id not seen before;
 * anything else is 400 `invalid_signature` and changes nothing. The event id is recorded in the
 * same transaction as its effects, so an event is applied exactly once. Every call is audited.
 *
 * A paid payment also records how it was paid (display data only, payment-methods.ts): for Stripe
 * the card of the session's PaymentIntent, read from Stripe before the transaction opens; for
 * Midtrans the payment type and bank of the confirmed status. A completed setup-mode session
 * ("Change" in Settings → Billing) only replaces the card on file.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { HttpError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM, record } from '../audit/service.js';
import { fromMidtrans, remember, stripeMethodOf } from './payment-methods.js';
import { midtransClient } from './payments-service.js';
import * as repo from './repo.js';
import { verifyMidtransSignature, verifyStripeSignature } from './signatures.js';
import type { Provider } from './tables.js';

const refused = (): HttpError => new HttpError(400, 'invalid_signature', 'The webhook signature is missing, wrong, stale or was used before');

async function audit(ctx: AppContext, provider: Provider, outcome: string, details: Record<string, unknown>, trx?: Kysely<Database>): Promise<void> {
  await record(ctx.db, ctx.clock, { actor: SYSTEM, action: 'billing.webhook', target: { type: 'billing_provider', id: provider }, details: { outcome, ...details } }, trx);
}

type Effect = 'paid' | 'failed' | 'expired' | 'refunded';

/** Applies one payment outcome to the payment, its invoice and the subscription; a paid one also records how it was paid. */
async function apply(ctx: AppContext, trx: Kysely<Database>, pay: repo.PaymentRow, effect: Effect, eventId: string, providerPaymentId: string | null, method: repo.PaymentMethodRow | null = null): Promise<string> {
  const at = ctx.clock.now().toISOString();
  const inv = await repo.invoiceById(trx, pay.invoice_id);
  if (!inv) return 'no_invoice';
  const setPay = { raw_event_id: eventId, updated_at: at, ...(providerPaymentId ? { provider_payment_id: providerPaymentId } : {}) };
  switch (effect) {
    case 'paid': {
      await repo.updatePayment(trx, pay.id, { ...setPay, status: 'succeeded' });
      if (inv.status === 'open' || inv.status === 'void') await repo.updateInvoice(trx, inv.id, { status: 'paid', paid_at: at, updated_at: at });
      const sub = await repo.subscription(trx, inv.workspace_id);
      if (sub && sub.provider !== pay.provider) await repo.updateSubscription(trx, inv.workspace_id, { provider: pay.provider, updated_at: at });
      if (method) await remember(ctx, trx, inv.workspace_id, method, 'payment');
      if (sub?.status === 'past_due') {
        const stillOverdue = await trx.selectFrom('billing_invoices').select('id').where('workspace_id', '=', inv.workspace_id).where('status', '=', 'open').where('due_at', '<', at).executeTakeFirst();
        if (!stillOverdue) await repo.updateSubscription(trx, inv.workspace_id, { status: 'active', past_due_since: null, dunning_stage: 0, updated_at: at });
      }
      return 'invoice_paid';
    }
    case 'failed': {
      await repo.updatePayment(trx, pay.id, { ...setPay, status: 'failed' });
      const sub = await repo.subscription(trx, inv.workspace_id);
      if (inv.status === 'open' && (sub?.status === 'active' || sub?.status === 'trial')) {
        await repo.updateSubscription(trx, inv.workspace_id, { status: 'past_due', past_due_since: at, dunning_stage: 0, updated_at: at });
        return 'past_due';
      }
      return 'payment_failed';
    }
    case 'expired':
      await repo.updatePayment(trx, pay.id, { ...setPay, status: 'failed' });
      return 'payment_expired';
    case 'refunded':
      await repo.updatePayment(trx, pay.id, { ...setPay, status: 'refunded' });
      if (inv.status === 'paid') await repo.updateInvoice(trx, inv.id, { status: 'refunded', updated_at: at });
      return 'invoice_refunded';
  }
}

/** Records the event and applies it in one transaction; a replay (the id is known) is refused. */
async function once(ctx: AppContext, provider: Provider, eventId: string, type: string, run: (trx: Kysely<Database>) => Promise<string>): Promise<string> {
  const outcome = await ctx.db.k.transaction().execute(async (trx) => {
    const id = newId('bwe');
    const fresh = await repo.recordEvent(trx, { id, provider, event_id: eventId, event_type: type.slice(0, 100), received_at: ctx.clock.now().toISOString(), outcome: 'received' });
    if (!fresh) return null;
    const result = await run(trx);
    await repo.setEventOutcome(trx, id, result);
    await audit(ctx, provider, result, { eventId, type }, trx);
    return result;
  });
  if (outcome === null) {
    await audit(ctx, provider, 'refused_replay', { eventId, type });
    throw refused();
  }
  return outcome;
}

interface StripeEvent {
  id?: unknown;
  type?: unknown;
  data?: { object?: { id?: unknown; mode?: unknown; payment_intent?: unknown; setup_intent?: unknown; payment_status?: unknown; client_reference_id?: unknown; metadata?: { workspace_id?: unknown } } };
}

export async function stripeWebhook(ctx: AppContext, raw: string, header: string | undefined): Promise<{ received: true; outcome: string }> {
  const secret = ctx.config.billing.stripe.webhookSecret;
  const verdict = secret ? verifyStripeSignature(secret, raw, header, ctx.clock.now()) : ({ ok: false, reason: 'missing' } as const);
  if (!verdict.ok) {
    await audit(ctx, 'stripe', `refused_${verdict.reason}`, {});
    throw refused();
  }
  let ev: StripeEvent;
  try {
    ev = JSON.parse(raw) as StripeEvent;
  } catch {
    await audit(ctx, 'stripe', 'refused_malformed', {});
    throw refused();
  }
  if (typeof ev.id !== 'string' || typeof ev.type !== 'string') {
    await audit(ctx, 'stripe', 'refused_malformed', {});
    throw refused();
  }
  const type = ev.type;
  const obj = ev.data?.object ?? {};
  const pi = typeof obj.payment_intent === 'string' ? obj.payment_intent : null;
  const setup = obj.mode === 'setup';
  const completed = type === 'checkout.session.completed' || type === 'checkout.session.async_payment_succeeded';
  // The card's display data is read from Stripe before the transaction (no network call holds it open), and not for a replay.
  const wantsMethod = completed && (setup || obj.payment_status === 'paid') && !(await repo.recordEventExists(ctx.db.k, 'stripe', ev.id));
  const method = wantsMethod ? await stripeMethodOf(ctx, { paymentIntent: setup ? null : pi, setupIntent: setup && typeof obj.setup_intent === 'string' ? obj.setup_intent : null }) : null;
  const outcome = await once(ctx, 'stripe', ev.id, type, async (trx) => {
    if (setup) {
      // A setup-mode session started from Settings → Billing ("Change"): it saves a card and pays nothing.
      if (!completed) return 'ignored';
      const ref = typeof obj.metadata?.workspace_id === 'string' ? obj.metadata.workspace_id : typeof obj.client_reference_id === 'string' ? obj.client_reference_id : null;
      const sub = ref ? await repo.subscription(trx, ref) : undefined;
      if (!sub) return 'unknown_workspace';
      if (!method) return 'payment_method_unavailable';
      await remember(ctx, trx, sub.workspace_id, method, 'setup');
      return 'payment_method_updated';
    }
    if (type === 'charge.refunded') {
      const pay = pi ? await repo.paymentByProviderPayment(trx, 'stripe', pi) : undefined;
      return pay ? apply(ctx, trx, pay, 'refunded', String(ev.id), null) : 'unknown_payment';
    }
    const effect: Effect | undefined =
      type === 'checkout.session.completed' || type === 'checkout.session.async_payment_succeeded'
        ? obj.payment_status === 'paid' || obj.payment_status === 'no_payment_required'
          ? 'paid'
          : undefined
        : type === 'checkout.session.async_payment_failed'
          ? 'failed'
          : type === 'checkout.session.expired'
            ? 'expired'
            : undefined;
    if (!effect) return 'ignored';
    const pay = typeof obj.id === 'string' ? await repo.paymentByRef(trx, 'stripe', obj.id) : undefined;
    return pay ? apply(ctx, trx, pay, effect, String(ev.id), pi, method) : 'unknown_payment';
  });
  return { received: true, outcome };
}

function midtransEffect(status: string, fraud: string | undefined): Effect | undefined {
  if (status === 'settlement' || (status === 'capture' && (fraud === undefined || fraud === 'accept'))) return 'paid';
  if (status === 'deny' || status === 'failure') return 'failed';
  if (status === 'cancel' || status === 'expire') return 'expired';
  if (status === 'refund' || status === 'partial_refund') return status === 'refund' ? 'refunded' : undefined;
  return undefined;
}

export async function midtransWebhook(ctx: AppContext, raw: string): Promise<{ received: true; outcome: string }> {
  const key = ctx.config.billing.midtrans.serverKey;
  let n: Record<string, unknown>;
  try {
    n = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    n = {};
  }
  if (!key || typeof n !== 'object' || n === null || !verifyMidtransSignature(n, key)) {
    await audit(ctx, 'midtrans', 'refused_signature', {});
    throw refused();
  }
  const orderId = String(n.order_id);
  const txId = typeof n.transaction_id === 'string' ? n.transaction_id : orderId;
  const eventId = `${txId}:${String(n.transaction_status)}`;
  const known = await repo.recordEventExists(ctx.db.k, 'midtrans', eventId);
  if (known) {
    await audit(ctx, 'midtrans', 'refused_replay', { eventId });
    throw refused();
  }
  // Midtrans asks merchants to confirm a notification with the status API: its answer is what counts.
  let status: Awaited<ReturnType<ReturnType<typeof midtransClient>['status']>>;
  try {
    status = await midtransClient(ctx).status(orderId);
  } catch {
    throw new HttpError(502, 'provider_unreachable', 'Midtrans did not confirm the transaction; the notification can be retried');
  }
  // A notification whose status Midtrans no longer reports is stale (an old state sent again): refused.
  if (status.transaction_status !== n.transaction_status) {
    await audit(ctx, 'midtrans', 'refused_stale', { eventId });
    throw refused();
  }
  const effect = midtransEffect(status.transaction_status, status.fraud_status);
  const outcome = await once(ctx, 'midtrans', eventId, String(n.transaction_status), async (trx) => {
    if (!effect) return 'ignored';
    const pay = await repo.paymentByRef(trx, 'midtrans', orderId);
    return pay ? apply(ctx, trx, pay, effect, eventId, txId, effect === 'paid' ? fromMidtrans(status) : null) : 'unknown_payment';
  });
  return { received: true, outcome };
}
