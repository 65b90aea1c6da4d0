import { api } from '../../../api/client';

/** Shapes of /api/v1/billing (src/modules/billing/schema.ts). Money is integer minor units. */
export type Currency = 'IDR' | 'USD';

export interface Plan {
  id: string;
  code: string;
  name: string;
  prices: Record<Currency, number>;
  seatPrices: Record<Currency, number>;
  seatsIncluded: number;
  interval: 'month' | 'year';
  active: boolean;
}

export interface Subscription {
  id: string;
  planId: string;
  planName: string;
  pendingPlanId: string | null;
  status: 'trial' | 'active' | 'past_due' | 'cancelled';
  seats: number;
  currency: Currency;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  trialEnd: string | null;
  cancelAtPeriodEnd: boolean;
  periodPrice: number;
  /** Account credit the next invoices consume, minor units of `currency`. */
  creditBalance: number;
  paymentMethod: PaymentMethod | null;
}

/** How the workspace last paid: display data only (no card number is ever stored). */
export interface PaymentMethod {
  provider: 'stripe' | 'midtrans';
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  bank: string | null;
  updatedAt: string | null;
}

export interface Invoice {
  id: string;
  number: string | null;
  kind: string;
  status: 'draft' | 'open' | 'paid' | 'void' | 'refunded';
  currency: Currency;
  total: number;
  issuedAt: string | null;
  dueAt: string | null;
}

export interface BillingDetails {
  company: string;
  address: string;
  country: string;
  taxId: string | null;
  email: string;
}

export interface SubscriptionResult {
  subscription: Subscription;
  invoiceId: string | null;
  effective?: 'now' | 'period_end';
}

export const billingApi = {
  plans: () => api<{ data: Plan[] }>('/api/v1/billing/plans'),
  subscription: () => api<{ subscription: Subscription | null }>('/api/v1/billing/subscription'),
  subscribe: (body: { planId: string; currency: Currency; seats?: number; trial?: boolean }) =>
    api<SubscriptionResult>('/api/v1/billing/subscription', { method: 'POST', body }),
  changePlan: (body: { planId: string; timing?: 'now' | 'period_end' }) =>
    api<SubscriptionResult>('/api/v1/billing/subscription/plan', { method: 'POST', body }),
  changeSeats: (seats: number) => api<SubscriptionResult>('/api/v1/billing/subscription/seats', { method: 'POST', body: { seats } }),
  cancel: (atPeriodEnd: boolean) => api<{ subscription: Subscription }>('/api/v1/billing/subscription/cancel', { method: 'POST', body: { atPeriodEnd } }),
  resume: () => api<{ subscription: Subscription }>('/api/v1/billing/subscription/resume', { method: 'POST' }),
  invoices: () => api<{ data: Invoice[]; nextCursor: string | null }>('/api/v1/billing/invoices?limit=50'),
  checkout: (id: string, provider: 'stripe' | 'midtrans') =>
    api<{ paymentId: string; url: string }>(`/api/v1/billing/invoices/${encodeURIComponent(id)}/checkout`, { method: 'POST', body: { provider } }),
  setupPaymentMethod: () => api<{ url: string }>('/api/v1/billing/payment-method/setup', { method: 'POST', body: { provider: 'stripe' } }),
  details: () => api<{ details: BillingDetails | null }>('/api/v1/billing/details'),
  saveDetails: (body: BillingDetails) => api<{ details: BillingDetails }>('/api/v1/billing/details', { method: 'PUT', body }),
};

/** Links that open in a new tab cannot send X-Workspace-Id: the workspace goes in the query. */
export function invoiceLink(id: string, format: 'html' | 'pdf', workspaceId: string, lang: string): string {
  return `/api/v1/billing/invoices/${encodeURIComponent(id)}/${format}?workspaceId=${encodeURIComponent(workspaceId)}&lang=${lang === 'id' ? 'id' : 'en'}`;
}

export function formatMoney(minor: number, currency: Currency, locale: string): string {
  return new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US', { style: 'currency', currency, minimumFractionDigits: 2 }).format(minor / 100);
}
