/**
 * Invoices: issued with the billing details as they are that day (a later edit never rewrites an
 * issued invoice), tax from the customer's country, and a number from the operator's yearly
 * sequence (KDP-2026-000123) taken inside the issuing transaction.
 *
 * Account credit: an invoice whose lines sum below zero (a downgrade taken at once) is a credit
 * note, and what it owes the workspace is kept as account credit. The next invoices in the same
 * currency consume it before tax as a "Credit applied" line, never below a zero total; what is
 * left carries on to the invoice after. Both movements are audited with the balance after them.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { DAY, addMs } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM, record } from '../audit/service.js';
import { roundForCurrency, taxFor } from './money.js';
import * as repo from './repo.js';
import type { Currency } from './tables.js';

/** Days an invoice may stay unpaid before the subscription goes past due. */
export const PAYMENT_TERMS_DAYS = 7;

export interface LineInput {
  kind: 'plan' | 'seats' | 'credit' | 'credit_applied';
  description: string;
  quantity: number;
  unitAmount: number;
  periodStart?: string;
  periodEnd?: string;
}

export function formatNumber(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

/** Allocates the next invoice number of `year`. Call inside the issuing transaction. */
export async function allocateNumber(k: Kysely<Database>, prefix: string, year: number): Promise<string> {
  return formatNumber(prefix, year, await repo.nextNumber(k, `${prefix}-${year}`));
}

export interface IssueInput {
  workspaceId: string;
  subscriptionId: string | null;
  kind: string;
  currency: Currency;
  lines: LineInput[];
  periodStart?: string;
  periodEnd?: string;
}

export const CREDIT_APPLIED = 'Credit applied (account credit carried forward)';

/**
 * Takes up to `max` of the workspace's credit in `currency` (inside the issuing transaction);
 * returns what was taken. The decrement is conditional, so two invoices never spend the same credit.
 */
async function takeCredit(trx: Kysely<Database>, workspaceId: string, currency: Currency, max: number, at: string): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const s = await repo.subscription(trx, workspaceId);
    if (!s || s.currency !== currency || s.credit_balance <= 0) return 0;
    const take = Math.min(Number(s.credit_balance), max);
    if (await repo.addCredit(trx, workspaceId, -take, at)) return take;
  }
  return 0;
}

async function creditBalance(trx: Kysely<Database>, workspaceId: string): Promise<number> {
  return Number((await repo.subscription(trx, workspaceId))?.credit_balance ?? 0);
}

/** Issues an invoice (status open, or paid when nothing is owed) in `trx`; returns its id. */
export async function issue(ctx: AppContext, trx: Kysely<Database>, input: IssueInput): Promise<string> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const charged = input.lines.reduce((s, l) => s + l.quantity * l.unitAmount, 0);
  const applied = charged > 0 ? await takeCredit(trx, input.workspaceId, input.currency, charged, at) : 0;
  const i: IssueInput = applied > 0 ? { ...input, lines: [...input.lines, { kind: 'credit_applied', description: CREDIT_APPLIED, quantity: 1, unitAmount: -applied }] } : input;
  const d = await repo.details(trx, i.workspaceId);
  const owner = d ? undefined : (await repo.owners(trx, i.workspaceId))[0];
  const ws = d ? undefined : await repo.workspaceName(trx, i.workspaceId);
  const billTo = {
    user_id: d?.user_id ?? owner?.id ?? null,
    company: d?.company ?? ws?.name ?? '',
    address: d?.address ?? '',
    country: d?.country ?? (i.currency === 'IDR' ? 'ID' : 'US'),
    tax_id: d?.tax_id ?? null,
    email: d?.email ?? owner?.email ?? '',
  };
  const subtotal = i.lines.reduce((s, l) => s + l.quantity * l.unitAmount, 0);
  const tax = taxFor(billTo.country, Math.max(0, subtotal), ctx.config.billing);
  // A credit-only invoice (a downgrade taken at once) is a credit note: negative and owed to nobody.
  const taxAmount = subtotal > 0 ? roundForCurrency(tax.amount, i.currency) : 0;
  const total = subtotal + taxAmount;
  const id = newId('inv', now.getTime());
  const number = await allocateNumber(trx, ctx.config.billing.invoicePrefix, now.getUTCFullYear());
  await repo.insertInvoice(
    trx,
    {
      id,
      workspace_id: i.workspaceId,
      subscription_id: i.subscriptionId,
      number,
      kind: i.kind,
      ...billTo,
      currency: i.currency,
      subtotal,
      tax_label: subtotal > 0 ? tax.label : 'none',
      tax_rate_bp: subtotal > 0 ? tax.rateBp : 0,
      tax_amount: taxAmount,
      total,
      status: total > 0 ? 'open' : 'paid',
      period_start: i.periodStart ?? null,
      period_end: i.periodEnd ?? null,
      issued_at: at,
      due_at: addMs(now, PAYMENT_TERMS_DAYS * DAY).toISOString(),
      paid_at: total > 0 ? null : at,
      created_at: at,
      updated_at: at,
    },
    i.lines.map((l, n) => ({
      id: newId('inl', now.getTime()),
      invoice_id: id,
      workspace_id: i.workspaceId,
      position: n + 1,
      kind: l.kind,
      description: l.description,
      quantity: l.quantity,
      unit_amount: l.unitAmount,
      amount: l.quantity * l.unitAmount,
      period_start: l.periodStart ?? null,
      period_end: l.periodEnd ?? null,
    })),
  );
  if (applied > 0) {
    await record(ctx.db, ctx.clock, { actor: SYSTEM, workspaceId: i.workspaceId, action: 'billing.credit_applied', target: { type: 'billing_invoice', id }, details: { amount: applied, currency: i.currency, balance: await creditBalance(trx, i.workspaceId) } }, trx);
  }
  // A credit note: the workspace is owed its amount, kept as account credit for the next invoices.
  if (total < 0 && (await repo.addCredit(trx, i.workspaceId, -total, at))) {
    await record(ctx.db, ctx.clock, { actor: SYSTEM, workspaceId: i.workspaceId, action: 'billing.credit_added', target: { type: 'billing_invoice', id }, details: { amount: -total, currency: i.currency, balance: await creditBalance(trx, i.workspaceId) } }, trx);
  }
  return id;
}

export interface InvoiceView {
  id: string;
  number: string | null;
  kind: string;
  status: string;
  currency: Currency;
  subtotal: number;
  taxLabel: string;
  taxRate: number;
  taxAmount: number;
  total: number;
  billTo: { company: string; address: string; country: string; taxId: string | null; email: string };
  periodStart: string | null;
  periodEnd: string | null;
  issuedAt: string | null;
  dueAt: string | null;
  paidAt: string | null;
}

export interface InvoiceDetail extends InvoiceView {
  lines: { kind: string; description: string; quantity: number; unitAmount: number; amount: number; periodStart: string | null; periodEnd: string | null }[];
}

export function view(r: repo.InvoiceRow): InvoiceView {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    currency: r.currency,
    subtotal: r.subtotal,
    taxLabel: r.tax_label,
    taxRate: r.tax_rate_bp / 100,
    taxAmount: r.tax_amount,
    total: r.total,
    billTo: { company: r.company, address: r.address, country: r.country, taxId: r.tax_id, email: r.email },
    periodStart: r.period_start,
    periodEnd: r.period_end,
    issuedAt: r.issued_at,
    dueAt: r.due_at,
    paidAt: r.paid_at,
  };
}

export async function list(ctx: AppContext, workspaceId: string, limit: number, cursor?: string): Promise<{ data: InvoiceView[]; nextCursor: string | null }> {
  const rows = await repo.invoices(ctx.db.k, workspaceId, limit, cursor);
  return { data: rows.map(view), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function detail(ctx: AppContext, workspaceId: string, id: string): Promise<InvoiceDetail> {
  const r = await repo.invoice(ctx.db.k, workspaceId, id);
  if (!r) throw notFound('Invoice');
  const ls = await repo.lines(ctx.db.k, id);
  return {
    ...view(r),
    lines: ls.map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, unitAmount: l.unit_amount, amount: l.amount, periodStart: l.period_start, periodEnd: l.period_end })),
  };
}
