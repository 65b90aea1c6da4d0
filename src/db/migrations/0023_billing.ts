import type { Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Billing (issue 9 items 1–3): plans, one subscription per workspace, billing details, invoices
 * with their lines and per-operator yearly numbering, payments through Stripe or Midtrans, and the
 * provider webhook events already handled (a replayed event id is refused). Money is integer minor
 * units of the row's currency.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('billing_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_idr', t.bigint, (c) => c.notNull())
    .addColumn('price_usd', t.bigint, (c) => c.notNull())
    .addColumn('seat_price_idr', t.bigint, (c) => c.notNull())
    .addColumn('seat_price_usd', t.bigint, (c) => c.notNull())
    .addColumn('seats_included', 'integer', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('billing_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().unique().references('workspaces.id').onDelete('cascade'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('billing_plans.id'))
    .addColumn('pending_plan_id', 'text', (c) => c.references('billing_plans.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('current_period_start', t.ts, (c) => c.notNull())
    .addColumn('current_period_end', t.ts, (c) => c.notNull())
    .addColumn('trial_end', t.ts)
    .addColumn('cancel_at_period_end', t.bool, (c) => c.notNull().defaultTo(0))
    .addColumn('cancelled_at', t.ts)
    .addColumn('past_due_since', t.ts)
    .addColumn('dunning_stage', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider', 'text')
    .addColumn('provider_customer_id', 'text')
    .addColumn('provider_subscription_id', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('billing_subscriptions_due_idx').on('billing_subscriptions').columns(['current_period_end']).execute();
  await db.schema
    .createTable('billing_details')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().unique().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text')
    .addColumn('company', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('billing_number_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('billing_invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('company', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', t.bigint, (c) => c.notNull())
    .addColumn('tax_label', 'text', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('tax_amount', t.bigint, (c) => c.notNull())
    .addColumn('total', t.bigint, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('period_start', t.ts)
    .addColumn('period_end', t.ts)
    .addColumn('issued_at', t.ts)
    .addColumn('due_at', t.ts)
    .addColumn('paid_at', t.ts)
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('billing_invoices_ws_idx').on('billing_invoices').columns(['workspace_id', 'id']).execute();
  await db.schema
    .createTable('billing_invoice_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('billing_invoices.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_amount', t.bigint, (c) => c.notNull())
    .addColumn('amount', t.bigint, (c) => c.notNull())
    .addColumn('period_start', t.ts)
    .addColumn('period_end', t.ts)
    .execute();
  await db.schema.createIndex('billing_invoice_lines_inv_idx').on('billing_invoice_lines').columns(['invoice_id', 'position']).execute();
  await db.schema
    .createTable('billing_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('billing_invoices.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text', (c) => c.notNull())
    .addColumn('provider_payment_id', 'text')
    .addColumn('checkout_url', 'text')
    .addColumn('amount', t.bigint, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('raw_event_id', 'text')
    .addColumn('created_at', t.ts, (c) => c.notNull())
    .addColumn('updated_at', t.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('billing_payments_ref_uq').on('billing_payments').columns(['provider', 'provider_ref']).unique().execute();
  await db.schema.createIndex('billing_payments_inv_idx').on('billing_payments').columns(['invoice_id']).execute();
  await db.schema
    .createTable('billing_webhook_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('received_at', t.ts, (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('billing_webhook_events_uq').on('billing_webhook_events').columns(['provider', 'event_id']).unique().execute();
}
