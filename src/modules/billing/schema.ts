import { z } from 'zod';
import { email } from '../../http/schemas.js';
import { CURRENCIES, INTERVALS, PROVIDERS } from './tables.js';

const minor = z.number().int().min(0).max(1_000_000_000_000);
const money = z.object({ IDR: minor, USD: minor });

export const planView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  prices: money.describe('Per interval, integer minor units'),
  seatPrices: money.describe('Per extra seat per interval, integer minor units'),
  seatsIncluded: z.number().int(),
  interval: z.enum(INTERVALS),
  active: z.boolean(),
});

export const planCreate = z.object({
  code: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _'),
  name: z.string().trim().min(1).max(100),
  prices: money,
  seatPrices: money,
  seatsIncluded: z.number().int().min(1).max(100_000),
  interval: z.enum(INTERVALS),
  active: z.boolean().optional(),
});

export const planPatch = z.object({ name: z.string().trim().min(1).max(100).optional(), active: z.boolean().optional() });

export const paymentMethodView = z.object({
  provider: z.enum(PROVIDERS),
  type: z.string(),
  brand: z.string().nullable(),
  last4: z.string().nullable(),
  expMonth: z.number().int().nullable(),
  expYear: z.number().int().nullable(),
  bank: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const subscriptionView = z.object({
  id: z.string(),
  planId: z.string(),
  planCode: z.string(),
  planName: z.string(),
  pendingPlanId: z.string().nullable(),
  status: z.string(),
  seats: z.number().int(),
  currency: z.enum(CURRENCIES),
  currentPeriodStart: z.string(),
  currentPeriodEnd: z.string(),
  trialEnd: z.string().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  cancelledAt: z.string().nullable(),
  pastDueSince: z.string().nullable(),
  periodPrice: z.number().int(),
  creditBalance: z.number().int().describe('Account credit the next invoices consume, minor units of the subscription currency'),
  paymentMethod: paymentMethodView.nullable().describe('How the workspace last paid (display data only; no card number is stored)'),
});

export const subscribeBody = z.object({
  planId: z.string().min(1).max(100),
  currency: z.enum(CURRENCIES),
  seats: z.number().int().min(1).max(100_000).optional(),
  trial: z.boolean().optional(),
});

export const changePlanBody = z.object({
  planId: z.string().min(1).max(100),
  timing: z.enum(['now', 'period_end']).optional().describe('Downgrades only: default period_end; upgrades always apply now'),
});

export const seatsBody = z.object({ seats: z.number().int().min(1).max(100_000) });
export const cancelBody = z.object({ atPeriodEnd: z.boolean().default(true) });

const billTo = z.object({ company: z.string(), address: z.string(), country: z.string(), taxId: z.string().nullable(), email: z.string() });
export const invoiceView = z.object({
  id: z.string(),
  number: z.string().nullable(),
  kind: z.string(),
  status: z.string(),
  currency: z.enum(CURRENCIES),
  subtotal: z.number().int(),
  taxLabel: z.string(),
  taxRate: z.number(),
  taxAmount: z.number().int(),
  total: z.number().int(),
  billTo,
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  issuedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  paidAt: z.string().nullable(),
});
export const invoiceDetail = invoiceView.extend({
  lines: z.array(z.object({ kind: z.string(), description: z.string(), quantity: z.number().int(), unitAmount: z.number().int(), amount: z.number().int(), periodStart: z.string().nullable(), periodEnd: z.string().nullable() })),
});

export const subscriptionResult = z.object({ subscription: subscriptionView, invoiceId: z.string().nullable(), effective: z.enum(['now', 'period_end']).optional() });
export const checkoutBody = z.object({ provider: z.enum(PROVIDERS) });
export const downloadQuery = z.object({ lang: z.enum(['en', 'id']).optional(), workspaceId: z.string().max(100).optional() });

export const detailsBody = z.object({
  company: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(1000),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2, capital letters'),
  taxId: z.string().trim().max(50).nullable().optional(),
  email,
});
export const detailsView = z.object({ company: z.string(), address: z.string(), country: z.string(), taxId: z.string().nullable(), email: z.string(), updatedAt: z.string() });

export const paymentMethodSetupBody = z.object({ provider: z.literal('stripe') });
export const paymentMethodSetupResult = z.object({ url: z.string() });
