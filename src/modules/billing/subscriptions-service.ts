/**
 * Subscriptions: one per workspace. Changes bill the rest of the current period to the second:
 * the unused part of the old terms is a credit line, the new terms a charge line, on one invoice.
 *
 * Plan changes: an upgrade (a dearer period price) always takes effect at once. A downgrade
 * takes effect at the period end by default (nothing is billed now; the renewal bills the cheaper
 * plan); with `timing: "now"` it takes effect at once and the invoice's credit line is larger than
 * its charge, making it a credit note (negative total, nothing to pay). Seat changes take effect at
 * once in both directions, billed the same way. During a trial nothing is billed: changes apply
 * and the first invoice, at the trial's end, uses the terms then in force.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { HttpError, badRequest, conflict, notFound } from '../../http/errors.js';
import { DAY, addMs } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { record, type Actor } from '../audit/service.js';
import * as invoices from './invoices-service.js';
import { addInterval, periodPrice, prorate, roundForCurrency } from './money.js';
import * as repo from './repo.js';
import type { Currency, Provider } from './tables.js';

export const TRIAL_DAYS = 14;

export interface SubscriptionView {
  id: string;
  planId: string;
  planCode: string;
  planName: string;
  pendingPlanId: string | null;
  status: string;
  seats: number;
  currency: Currency;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  trialEnd: string | null;
  cancelAtPeriodEnd: boolean;
  cancelledAt: string | null;
  pastDueSince: string | null;
  /** The period price at the current terms, minor units. */
  periodPrice: number;
  /** Account credit the next invoices consume, minor units of `currency`. */
  creditBalance: number;
  paymentMethod: PaymentMethodView | null;
}

/** How the workspace last paid, display data only. */
export interface PaymentMethodView {
  provider: Provider;
  /** Stripe payment method type (card …) or Midtrans payment_type (gopay, bank_transfer, credit_card …). */
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  bank: string | null;
  updatedAt: string | null;
}

export function paymentMethodOf(s: repo.SubscriptionRow): PaymentMethodView | null {
  if (!s.pm_provider || !s.pm_type) return null;
  return { provider: s.pm_provider, type: s.pm_type, brand: s.pm_brand, last4: s.pm_last4, expMonth: s.pm_exp_month, expYear: s.pm_exp_year, bank: s.pm_bank, updatedAt: s.pm_updated_at };
}

async function viewOf(k: Kysely<Database>, s: repo.SubscriptionRow): Promise<SubscriptionView> {
  const p = await repo.plan(k, s.plan_id);
  if (!p) throw new Error('subscription without its plan');
  return {
    id: s.id,
    planId: s.plan_id,
    planCode: p.code,
    planName: p.name,
    pendingPlanId: s.pending_plan_id,
    status: s.status,
    seats: s.seats,
    currency: s.currency,
    currentPeriodStart: s.current_period_start,
    currentPeriodEnd: s.current_period_end,
    trialEnd: s.trial_end,
    cancelAtPeriodEnd: s.cancel_at_period_end === 1,
    cancelledAt: s.cancelled_at,
    pastDueSince: s.past_due_since,
    periodPrice: periodPrice(p, s.seats, s.currency).total,
    creditBalance: Number(s.credit_balance),
    paymentMethod: paymentMethodOf(s),
  };
}

export async function get(ctx: AppContext, workspaceId: string): Promise<SubscriptionView | null> {
  const s = await repo.subscription(ctx.db.k, workspaceId);
  return s ? viewOf(ctx.db.k, s) : null;
}

async function activePlan(k: Kysely<Database>, id: string): Promise<repo.PlanRow> {
  const p = await repo.plan(k, id);
  if (!p || p.active !== 1) throw badRequest('plan_unavailable', 'That plan does not exist or can no longer be chosen');
  return p;
}

function planLines(p: repo.PlanRow, seats: number, currency: Currency, start: string, end: string): invoices.LineInput[] {
  const price = periodPrice(p, seats, currency);
  const out: invoices.LineInput[] = [{ kind: 'plan', description: `${p.name} (${p.interval === 'month' ? 'monthly' : 'yearly'}), ${p.seats_included} seats included`, quantity: 1, unitAmount: price.base, periodStart: start, periodEnd: end }];
  if (price.extraSeats > 0) out.push({ kind: 'seats', description: `Additional seats on ${p.name}`, quantity: price.extraSeats, unitAmount: price.seatPrice, periodStart: start, periodEnd: end });
  return out;
}

async function mustHave(k: Kysely<Database>, workspaceId: string): Promise<repo.SubscriptionRow> {
  const s = await repo.subscription(k, workspaceId);
  if (!s || s.status === 'cancelled') throw notFound('Subscription');
  return s;
}

export interface SubscribeInput {
  planId: string;
  currency: Currency;
  seats?: number | undefined;
  trial?: boolean | undefined;
}

/** Starts a subscription: a trial (nothing billed until it ends) or a paid first period (an open invoice). */
export async function subscribe(ctx: AppContext, workspaceId: string, actor: Actor, i: SubscribeInput): Promise<{ subscription: SubscriptionView; invoiceId: string | null }> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const p = await activePlan(trx, i.planId);
    const existing = await repo.subscription(trx, workspaceId);
    if (existing && existing.status !== 'cancelled') throw conflict('already_subscribed', 'This workspace already has a subscription; change its plan instead');
    if (existing && i.trial) throw badRequest('trial_used', 'A workspace gets one trial');
    // Account credit and the payment method outlive a cancelled subscription: the new one takes them over.
    const credit = Number(existing?.credit_balance ?? 0);
    if (existing && credit > 0 && existing.currency !== i.currency) throw badRequest('credit_currency', `The workspace has account credit in ${existing.currency}: subscribe in ${existing.currency} to use it`, { currency: existing.currency, credit });
    const now = ctx.clock.now();
    const seats = Math.max(i.seats ?? p.seats_included, 1);
    const start = now.toISOString();
    const end = (i.trial ? addMs(now, TRIAL_DAYS * DAY) : addInterval(now, p.interval)).toISOString();
    const id = newId('sub', now.getTime());
    if (existing) await repo.deleteSubscription(trx, workspaceId);
    await repo.insertSubscription(trx, {
      id,
      workspace_id: workspaceId,
      plan_id: p.id,
      pending_plan_id: null,
      status: i.trial ? 'trial' : 'active',
      seats,
      currency: i.currency,
      current_period_start: start,
      current_period_end: end,
      trial_end: i.trial ? end : null,
      cancel_at_period_end: 0,
      cancelled_at: null,
      past_due_since: null,
      dunning_stage: 0,
      provider: null,
      provider_customer_id: null,
      provider_subscription_id: null,
      credit_balance: credit,
      pm_provider: existing?.pm_provider ?? null,
      pm_type: existing?.pm_type ?? null,
      pm_brand: existing?.pm_brand ?? null,
      pm_last4: existing?.pm_last4 ?? null,
      pm_exp_month: existing?.pm_exp_month ?? null,
      pm_exp_year: existing?.pm_exp_year ?? null,
      pm_bank: existing?.pm_bank ?? null,
      pm_updated_at: existing?.pm_updated_at ?? null,
      created_at: start,
      updated_at: start,
    });
    const invoiceId = i.trial ? null : await invoices.issue(ctx, trx, { workspaceId, subscriptionId: id, kind: 'subscription', currency: i.currency, lines: planLines(p, seats, i.currency, start, end), periodStart: start, periodEnd: end });
    await record(ctx.db, ctx.clock, { actor, workspaceId, action: i.trial ? 'billing.trial_started' : 'billing.subscribed', target: { type: 'billing_subscription', id }, details: { planId: p.id, seats, currency: i.currency, invoiceId } }, trx);
    const s = await mustHave(trx, workspaceId);
    return { subscription: await viewOf(trx, s), invoiceId };
  });
}

/** Bills the rest of the period: credit at the old terms, charge at the new, as one invoice. */
async function prorationInvoice(ctx: AppContext, trx: Kysely<Database>, s: repo.SubscriptionRow, oldPlan: repo.PlanRow, newPlan: repo.PlanRow, newSeats: number, kind: string): Promise<string | null> {
  if (s.status === 'trial') return null;
  const now = ctx.clock.now();
  const oldPrice = periodPrice(oldPlan, s.seats, s.currency).total;
  const newPrice = periodPrice(newPlan, newSeats, s.currency).total;
  const p = prorate({ periodStart: new Date(s.current_period_start), periodEnd: new Date(s.current_period_end), at: now, oldPrice, newPrice });
  if (p.remaining === 0) return null;
  const credit = roundForCurrency(p.credit, s.currency);
  const charge = roundForCurrency(p.charge, s.currency);
  const from = now.toISOString();
  const days = (p.remaining / 86_400).toFixed(2);
  return invoices.issue(ctx, trx, {
    workspaceId: s.workspace_id,
    subscriptionId: s.id,
    kind,
    currency: s.currency,
    periodStart: from,
    periodEnd: s.current_period_end,
    lines: [
      { kind: 'credit', description: `Unused time on ${oldPlan.name}, ${s.seats} seats (${days} of ${(p.length / 86_400).toFixed(2)} days)`, quantity: 1, unitAmount: credit, periodStart: from, periodEnd: s.current_period_end },
      { kind: 'plan', description: `Remaining time on ${newPlan.name}, ${newSeats} seats (${days} days)`, quantity: 1, unitAmount: charge, periodStart: from, periodEnd: s.current_period_end },
    ],
  });
}

export async function changePlan(ctx: AppContext, workspaceId: string, actor: Actor, i: { planId: string; timing?: 'now' | 'period_end' | undefined }): Promise<{ subscription: SubscriptionView; invoiceId: string | null; effective: 'now' | 'period_end' }> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const s = await mustHave(trx, workspaceId);
    const next = await activePlan(trx, i.planId);
    const current = await repo.plan(trx, s.plan_id);
    if (!current) throw new Error('subscription without its plan');
    if (next.id === current.id) throw badRequest('same_plan', 'The workspace is on that plan already');
    if (next.interval !== current.interval) throw badRequest('interval_change', 'Plans of another interval start at the period end: cancel at period end and subscribe again');
    const seats = Math.max(s.seats, 1);
    const upgrade = periodPrice(next, seats, s.currency).total >= periodPrice(current, seats, s.currency).total;
    const now = ctx.clock.now().toISOString();
    let invoiceId: string | null = null;
    let effective: 'now' | 'period_end' = 'now';
    if (!upgrade && i.timing !== 'now' && s.status !== 'trial') {
      effective = 'period_end';
      await repo.updateSubscription(trx, workspaceId, { pending_plan_id: next.id, updated_at: now });
    } else {
      invoiceId = await prorationInvoice(ctx, trx, s, current, next, seats, 'change');
      await repo.updateSubscription(trx, workspaceId, { plan_id: next.id, pending_plan_id: null, updated_at: now });
    }
    await record(ctx.db, ctx.clock, { actor, workspaceId, action: 'billing.plan_changed', target: { type: 'billing_subscription', id: s.id }, details: { from: current.id, to: next.id, effective, invoiceId } }, trx);
    return { subscription: await viewOf(trx, await mustHave(trx, workspaceId)), invoiceId, effective };
  });
}

export async function changeSeats(ctx: AppContext, workspaceId: string, actor: Actor, seats: number): Promise<{ subscription: SubscriptionView; invoiceId: string | null }> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const s = await mustHave(trx, workspaceId);
    if (seats === s.seats) throw badRequest('same_seats', 'The subscription has that many seats already');
    const members = await trx.selectFrom('workspace_members').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (seats < Number(members?.n ?? 0)) throw badRequest('seats_below_members', 'Fewer seats than members: remove members first', { members: Number(members?.n ?? 0) });
    const p = await repo.plan(trx, s.plan_id);
    if (!p) throw new Error('subscription without its plan');
    const invoiceId = await prorationInvoice(ctx, trx, s, p, p, seats, 'seats');
    await repo.updateSubscription(trx, workspaceId, { seats, updated_at: ctx.clock.now().toISOString() });
    await record(ctx.db, ctx.clock, { actor, workspaceId, action: 'billing.seats_changed', target: { type: 'billing_subscription', id: s.id }, details: { from: s.seats, to: seats, invoiceId } }, trx);
    return { subscription: await viewOf(trx, await mustHave(trx, workspaceId)), invoiceId };
  });
}

export async function cancel(ctx: AppContext, workspaceId: string, actor: Actor, atPeriodEnd: boolean): Promise<SubscriptionView> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const s = await mustHave(trx, workspaceId);
    const now = ctx.clock.now().toISOString();
    if (atPeriodEnd) await repo.updateSubscription(trx, workspaceId, { cancel_at_period_end: 1, updated_at: now });
    else await endSubscription(trx, workspaceId, now);
    await record(ctx.db, ctx.clock, { actor, workspaceId, action: 'billing.cancelled', target: { type: 'billing_subscription', id: s.id }, details: { atPeriodEnd } }, trx);
    return viewOf(trx, (await repo.subscription(trx, workspaceId)) ?? s);
  });
}

/** Ends a subscription now; its open invoices are voided (nothing more is owed for a service that stopped). */
export async function endSubscription(trx: Kysely<Database>, workspaceId: string, now: string): Promise<void> {
  await repo.updateSubscription(trx, workspaceId, { status: 'cancelled', cancelled_at: now, cancel_at_period_end: 0, pending_plan_id: null, updated_at: now });
  await trx.updateTable('billing_invoices').set({ status: 'void', updated_at: now }).where('workspace_id', '=', workspaceId).where('status', '=', 'open').execute();
}

/** Undo a cancel-at-period-end before the period ends. */
export async function resume(ctx: AppContext, workspaceId: string, actor: Actor): Promise<SubscriptionView> {
  const s = await mustHave(ctx.db.k, workspaceId);
  if (s.cancel_at_period_end !== 1) throw new HttpError(409, 'not_cancelling', 'The subscription is not set to end');
  await repo.updateSubscription(ctx.db.k, workspaceId, { cancel_at_period_end: 0, updated_at: ctx.clock.now().toISOString() });
  await record(ctx.db, ctx.clock, { actor, workspaceId, action: 'billing.resumed', target: { type: 'billing_subscription', id: s.id } });
  return viewOf(ctx.db.k, await mustHave(ctx.db.k, workspaceId));
}

/**
 * The period end: a cancellation at period end takes effect; otherwise a pending downgrade
 * applies, the next period starts and its invoice is issued. Returns what happened.
 */
export async function renew(ctx: AppContext, workspaceId: string): Promise<'cancelled' | 'renewed' | 'skipped'> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const s = await repo.subscription(trx, workspaceId);
    const now = ctx.clock.now();
    if (!s || s.status === 'cancelled' || new Date(s.current_period_end) > now) return 'skipped';
    const at = now.toISOString();
    if (s.cancel_at_period_end === 1) {
      await endSubscription(trx, workspaceId, at);
      await record(ctx.db, ctx.clock, { actor: { type: 'system', id: null }, workspaceId, action: 'billing.cancelled', target: { type: 'billing_subscription', id: s.id }, details: { atPeriodEnd: true } }, trx);
      return 'cancelled';
    }
    const p = await repo.plan(trx, s.pending_plan_id ?? s.plan_id);
    if (!p) throw new Error('subscription without its plan');
    const start = s.current_period_end;
    const end = addInterval(new Date(start), p.interval).toISOString();
    await repo.updateSubscription(trx, workspaceId, {
      plan_id: p.id,
      pending_plan_id: null,
      status: s.status === 'trial' ? 'active' : s.status,
      current_period_start: start,
      current_period_end: end,
      updated_at: at,
    });
    const invoiceId = await invoices.issue(ctx, trx, { workspaceId, subscriptionId: s.id, kind: 'renewal', currency: s.currency, lines: planLines(p, s.seats, s.currency, start, end), periodStart: start, periodEnd: end });
    await record(ctx.db, ctx.clock, { actor: { type: 'system', id: null }, workspaceId, action: 'billing.renewed', target: { type: 'billing_subscription', id: s.id }, details: { planId: p.id, invoiceId } }, trx);
    return 'renewed';
  });
}
