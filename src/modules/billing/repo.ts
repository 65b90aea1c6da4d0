/** Billing SQL. Workspace rows are always read with their workspace id (invariant 2). */
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { BillingDetailsTable, BillingInvoiceLinesTable, BillingInvoicesTable, BillingPaymentsTable, BillingPlansTable, BillingSubscriptionsTable, Provider } from './tables.js';

type K = Kysely<Database>;
export type PlanRow = Selectable<BillingPlansTable>;
export type SubscriptionRow = Selectable<BillingSubscriptionsTable>;
export type DetailsRow = Selectable<BillingDetailsTable>;
export type InvoiceRow = Selectable<BillingInvoicesTable>;
export type LineRow = Selectable<BillingInvoiceLinesTable>;
export type PaymentRow = Selectable<BillingPaymentsTable>;

export function plans(k: K, activeOnly: boolean): Promise<PlanRow[]> {
  let q = k.selectFrom('billing_plans').selectAll();
  if (activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('price_usd').orderBy('code').execute();
}

export function plan(k: K, id: string): Promise<PlanRow | undefined> {
  return k.selectFrom('billing_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export function planByCode(k: K, code: string): Promise<PlanRow | undefined> {
  return k.selectFrom('billing_plans').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertPlan(k: K, row: Insertable<BillingPlansTable>): Promise<void> {
  await k.insertInto('billing_plans').values(row).execute();
}

export async function updatePlan(k: K, id: string, set: Updateable<BillingPlansTable>): Promise<void> {
  await k.updateTable('billing_plans').set(set).where('id', '=', id).execute();
}

export function subscription(k: K, workspaceId: string): Promise<SubscriptionRow | undefined> {
  return k.selectFrom('billing_subscriptions').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function insertSubscription(k: K, row: Insertable<BillingSubscriptionsTable>): Promise<void> {
  await k.insertInto('billing_subscriptions').values(row).execute();
}

export async function updateSubscription(k: K, workspaceId: string, set: Updateable<BillingSubscriptionsTable>): Promise<void> {
  await k.updateTable('billing_subscriptions').set(set).where('workspace_id', '=', workspaceId).execute();
}

export async function deleteSubscription(k: K, workspaceId: string): Promise<void> {
  await k.deleteFrom('billing_subscriptions').where('workspace_id', '=', workspaceId).execute();
}

/** Subscriptions whose period ended (renewal, trial end, cancellation at period end). */
export function periodEnded(k: K, now: string, limit: number): Promise<SubscriptionRow[]> {
  return k.selectFrom('billing_subscriptions').selectAll().where('status', '!=', 'cancelled').where('current_period_end', '<=', now).orderBy('id').limit(limit).execute();
}

export function pastDue(k: K, limit: number): Promise<SubscriptionRow[]> {
  return k.selectFrom('billing_subscriptions').selectAll().where('status', '=', 'past_due').orderBy('id').limit(limit).execute();
}

/** Active subscriptions with an open invoice past its due date. */
export function overdue(k: K, now: string, limit: number): Promise<{ workspace_id: string }[]> {
  return k
    .selectFrom('billing_subscriptions as s')
    .innerJoin('billing_invoices as i', (j) => j.onRef('i.workspace_id', '=', 's.workspace_id'))
    .select('s.workspace_id')
    .distinct()
    .where('s.status', '=', 'active')
    .where('i.status', '=', 'open')
    .where('i.due_at', '<', now)
    .limit(limit)
    .execute();
}

export function details(k: K, workspaceId: string): Promise<DetailsRow | undefined> {
  return k.selectFrom('billing_details').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function upsertDetails(k: K, row: Insertable<BillingDetailsTable>): Promise<void> {
  const { id: _id, created_at: _c, workspace_id: _w, ...set } = row;
  await k.insertInto('billing_details').values(row).onConflict((oc) => oc.column('workspace_id').doUpdateSet(set)).execute();
}

/** The next number of `key` (prefix and year): one atomic upsert, so concurrent issuers never share a number. */
export async function nextNumber(k: K, key: string): Promise<number> {
  const r = await sql<{ last: number }>`insert into billing_number_counters (key, last) values (${key}, 1)
    on conflict (key) do update set last = billing_number_counters.last + 1 returning last`.execute(k);
  const last = r.rows[0]?.last;
  if (last === undefined) throw new Error('invoice counter returned nothing');
  return Number(last);
}

export async function insertInvoice(k: K, row: Insertable<BillingInvoicesTable>, lines: Insertable<BillingInvoiceLinesTable>[]): Promise<void> {
  await k.insertInto('billing_invoices').values(row).execute();
  if (lines.length) await k.insertInto('billing_invoice_lines').values(lines).execute();
}

export function invoice(k: K, workspaceId: string, id: string): Promise<InvoiceRow | undefined> {
  return k.selectFrom('billing_invoices').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function invoiceById(k: K, id: string): Promise<InvoiceRow | undefined> {
  return k.selectFrom('billing_invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function invoices(k: K, workspaceId: string, limit: number, cursor: string | undefined): Promise<InvoiceRow[]> {
  let q = k.selectFrom('billing_invoices').selectAll().where('workspace_id', '=', workspaceId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function lines(k: K, invoiceId: string): Promise<LineRow[]> {
  return k.selectFrom('billing_invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute();
}

export async function updateInvoice(k: K, id: string, set: Updateable<BillingInvoicesTable>): Promise<void> {
  await k.updateTable('billing_invoices').set(set).where('id', '=', id).execute();
}

export async function insertPayment(k: K, row: Insertable<BillingPaymentsTable>): Promise<void> {
  await k.insertInto('billing_payments').values(row).execute();
}

export function paymentByRef(k: K, provider: Provider, ref: string): Promise<PaymentRow | undefined> {
  return k.selectFrom('billing_payments').selectAll().where('provider', '=', provider).where('provider_ref', '=', ref).executeTakeFirst();
}

export function paymentByProviderPayment(k: K, provider: Provider, paymentId: string): Promise<PaymentRow | undefined> {
  return k.selectFrom('billing_payments').selectAll().where('provider', '=', provider).where('provider_payment_id', '=', paymentId).executeTakeFirst();
}

export function paidPayment(k: K, invoiceId: string): Promise<PaymentRow | undefined> {
  return k.selectFrom('billing_payments').selectAll().where('invoice_id', '=', invoiceId).where('status', '=', 'succeeded').executeTakeFirst();
}

export async function updatePayment(k: K, id: string, set: Updateable<BillingPaymentsTable>): Promise<void> {
  await k.updateTable('billing_payments').set(set).where('id', '=', id).execute();
}

/** Records an event id once; false when it was seen before (a replay). */
export async function recordEvent(k: K, row: { id: string; provider: Provider; event_id: string; event_type: string; received_at: string; outcome: string }): Promise<boolean> {
  const r = await k.insertInto('billing_webhook_events').values(row).onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function setEventOutcome(k: K, id: string, outcome: string): Promise<void> {
  await k.updateTable('billing_webhook_events').set({ outcome }).where('id', '=', id).execute();
}

/** Owners of a workspace who can receive mail. */
export function owners(k: K, workspaceId: string): Promise<{ id: string; email: string; locale: string }[]> {
  return k
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.locale'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.role', '=', 'owner')
    .where('u.status', '!=', 'anonymised')
    .orderBy('u.id')
    .execute();
}

export function workspaceName(k: K, workspaceId: string): Promise<{ name: string } | undefined> {
  return k.selectFrom('workspaces').select('name').where('id', '=', workspaceId).executeTakeFirst();
}

export async function recordEventExists(k: K, provider: Provider, eventId: string): Promise<boolean> {
  return (await k.selectFrom('billing_webhook_events').select('id').where('provider', '=', provider).where('event_id', '=', eventId).executeTakeFirst()) !== undefined;
}

/** Adds `amount` (negative to take) to the workspace's account credit; taking more than there is changes nothing and returns false. */
export async function addCredit(k: K, workspaceId: string, amount: number, at: string): Promise<boolean> {
  let q = k
    .updateTable('billing_subscriptions')
    .set({ credit_balance: sql<number>`credit_balance + ${amount}`, updated_at: at })
    .where('workspace_id', '=', workspaceId);
  if (amount < 0) q = q.where('credit_balance', '>=', -amount);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The display data of a payment method (never a card number or CVC). */
export interface PaymentMethodRow {
  pm_provider: Provider;
  pm_type: string;
  pm_brand: string | null;
  pm_last4: string | null;
  pm_exp_month: number | null;
  pm_exp_year: number | null;
  pm_bank: string | null;
}

export async function setPaymentMethod(k: K, workspaceId: string, pm: PaymentMethodRow, at: string): Promise<void> {
  await k.updateTable('billing_subscriptions').set({ ...pm, pm_updated_at: at, updated_at: at }).where('workspace_id', '=', workspaceId).execute();
}
