import type { ColumnDataType, Kysely } from 'kysely';
import { columnTypes, type DialectName } from '../dialect.js';

/**
 * Billing gaps (issue 9):
 * - `billing_subscriptions.credit_balance`: money the operator owes the workspace (a downgrade's
 *   credit note), in the subscription's currency; the next invoices consume it.
 * - `billing_subscriptions.pm_*`: how the workspace last paid, as display data only (card brand,
 *   last four digits and expiry from Stripe; the payment type and bank from Midtrans). No card
 *   number, CVC or account number is ever stored.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations build the schema the types describe
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const add = (name: string, type: ColumnDataType): Promise<void> => db.schema.alterTable('billing_subscriptions').addColumn(name, type).execute();
  await db.schema.alterTable('billing_subscriptions').addColumn('credit_balance', t.bigint, (c) => c.notNull().defaultTo(0)).execute();
  await add('pm_provider', 'text');
  await add('pm_type', 'text');
  await add('pm_brand', 'text');
  await add('pm_last4', 'text');
  await add('pm_exp_month', 'integer');
  await add('pm_exp_year', 'integer');
  await add('pm_bank', 'text');
  await add('pm_updated_at', t.ts);
}
