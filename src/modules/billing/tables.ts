/** Row types of migration 0023 (billing). Money is integer minor units of the row's currency. */

export const CURRENCIES = ['IDR', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const INTERVALS = ['month', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];
export const SUBSCRIPTION_STATUSES = ['trial', 'active', 'past_due', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'refunded'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const PROVIDERS = ['stripe', 'midtrans'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface BillingPlansTable {
  id: string;
  code: string;
  name: string;
  price_idr: number;
  price_usd: number;
  /** Price of each seat above `seats_included`, per interval. */
  seat_price_idr: number;
  seat_price_usd: number;
  seats_included: number;
  interval: Interval;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface BillingSubscriptionsTable {
  id: string;
  workspace_id: string;
  plan_id: string;
  /** A downgrade waiting for the period end. */
  pending_plan_id: string | null;
  status: SubscriptionStatus;
  seats: number;
  currency: Currency;
  current_period_start: string;
  current_period_end: string;
  trial_end: string | null;
  cancel_at_period_end: number;
  cancelled_at: string | null;
  past_due_since: string | null;
  /** Dunning mails sent for the current failure: 0 none, 1 day 1, 2 day 3, 3 day 7. */
  dunning_stage: number;
  provider: Provider | null;
  provider_customer_id: string | null;
  provider_subscription_id: string | null;
  /** Money owed to the workspace (credit notes), minor units of `currency`; the next invoices consume it. */
  credit_balance: number;
  /** How the workspace last paid, display data only (migration 0025): never a card number or CVC. */
  pm_provider: Provider | null;
  /** Stripe payment method type (card, link …) or Midtrans payment_type (gopay, bank_transfer …). */
  pm_type: string | null;
  pm_brand: string | null;
  pm_last4: string | null;
  pm_exp_month: number | null;
  pm_exp_year: number | null;
  /** Bank of a Midtrans virtual account or card. */
  pm_bank: string | null;
  pm_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BillingDetailsTable {
  id: string;
  workspace_id: string;
  /** The member who last edited the details: the billing contact. */
  user_id: string | null;
  company: string;
  address: string;
  /** ISO 3166 alpha-2; decides the tax. */
  country: string;
  tax_id: string | null;
  email: string;
  created_at: string;
  updated_at: string;
}

/** `<prefix>-<year>` → the last number given out that year. */
export interface BillingNumberCountersTable {
  key: string;
  last: number;
}

export interface BillingInvoicesTable {
  id: string;
  workspace_id: string;
  subscription_id: string | null;
  user_id: string | null;
  /** KDP-2026-000123; null while a draft. */
  number: string | null;
  /** subscription, renewal, change, seats */
  kind: string;
  company: string;
  address: string;
  country: string;
  tax_id: string | null;
  email: string;
  currency: Currency;
  subtotal: number;
  /** PPN, none … */
  tax_label: string;
  /** Basis points: 1100 = 11 %. */
  tax_rate_bp: number;
  tax_amount: number;
  total: number;
  status: InvoiceStatus;
  period_start: string | null;
  period_end: string | null;
  issued_at: string | null;
  due_at: string | null;
  paid_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BillingInvoiceLinesTable {
  id: string;
  invoice_id: string;
  workspace_id: string;
  position: number;
  /** plan, seats, credit, credit_applied */
  kind: string;
  description: string;
  quantity: number;
  unit_amount: number;
  amount: number;
  period_start: string | null;
  period_end: string | null;
}

export interface BillingPaymentsTable {
  id: string;
  workspace_id: string;
  invoice_id: string;
  provider: Provider;
  /** Checkout Session id (Stripe) or order id (Midtrans). */
  provider_ref: string;
  /** PaymentIntent id or Midtrans transaction id, once known. */
  provider_payment_id: string | null;
  checkout_url: string | null;
  amount: number;
  currency: Currency;
  status: PaymentStatus;
  raw_event_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BillingWebhookEventsTable {
  id: string;
  provider: Provider;
  event_id: string;
  event_type: string;
  received_at: string;
  outcome: string;
}

export interface BillingTables {
  billing_plans: BillingPlansTable;
  billing_subscriptions: BillingSubscriptionsTable;
  billing_details: BillingDetailsTable;
  billing_number_counters: BillingNumberCountersTable;
  billing_invoices: BillingInvoicesTable;
  billing_invoice_lines: BillingInvoiceLinesTable;
  billing_payments: BillingPaymentsTable;
  billing_webhook_events: BillingWebhookEventsTable;
}
