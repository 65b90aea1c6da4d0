import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../config.js';
import type { DialectName } from '../../db/dialect.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { call } from '../workspaces/test-support.js';
import { startMidtransFake, type MidtransFake } from './fakes/midtrans-fake.js';
import { startStripeFake, type StripeFake } from './fakes/stripe-fake.js';
import type { PlanView } from './plans-service.js';

export const STRIPE_KEY = 'sk_test_kodepos';
export const STRIPE_WHSEC = 'whsec_kodepos_test';
export const MIDTRANS_KEY = 'SB-Mid-server-kodepos';

export interface BillingWorld {
  ta: TestApp;
  stripe: StripeFake;
  midtrans: MidtransFake;
  operator: { cookie: string; userId: string; workspaceId: string };
  close(): Promise<void>;
}

/** A test app whose billing talks to local Stripe and Midtrans fakes, and a platform operator. */
export async function billingWorld(dialect: DialectName): Promise<BillingWorld> {
  const stripe = await startStripeFake({ secretKey: STRIPE_KEY, webhookSecret: STRIPE_WHSEC });
  const midtrans = await startMidtransFake({ serverKey: MIDTRANS_KEY });
  const billing = loadConfig({
    STRIPE_API_BASE: stripe.base,
    STRIPE_SECRET_KEY: STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: STRIPE_WHSEC,
    MIDTRANS_API_BASE: midtrans.base,
    MIDTRANS_SNAP_BASE: midtrans.base,
    MIDTRANS_SERVER_KEY: MIDTRANS_KEY,
  }).billing;
  const ta = await createTestApp(dialect, { billing, sessionTtlDays: 365 });
  const operator = await signUp(ta, { email: 'operator@billing.example', company: 'Operator' });
  await ta.ctx.db.k.updateTable('users').set({ is_platform_operator: 1 }).where('id', '=', operator.userId).execute();
  return {
    ta,
    stripe,
    midtrans,
    operator,
    async close() {
      await ta.close();
      await stripe.close();
      await midtrans.close();
    },
  };
}

export async function createPlan(ta: TestApp, operator: { cookie: string }, code: string, over: Partial<{ usd: number; idr: number; seatUsd: number; seatIdr: number; seats: number }> = {}): Promise<PlanView> {
  const res = await call(ta, 'POST', '/api/v1/platform/billing/plans', operator, {
    code,
    name: code[0]!.toUpperCase() + code.slice(1),
    prices: { IDR: over.idr ?? 500_000_00, USD: over.usd ?? 30_00 },
    seatPrices: { IDR: over.seatIdr ?? 50_000_00, USD: over.seatUsd ?? 5_00 },
    seatsIncluded: over.seats ?? 3,
    interval: 'month',
  });
  if (res.statusCode !== 201) throw new Error(`plan: ${res.statusCode} ${res.body}`);
  return json<PlanView>(res);
}

export function putDetails(ta: TestApp, who: { cookie: string; workspaceId: string }, body: unknown): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method: 'PUT', url: '/api/v1/billing/details', headers: { cookie: who.cookie, 'x-workspace-id': who.workspaceId }, payload: body as Record<string, unknown> });
}

export function stripeHook(ta: TestApp, payload: string, signature: string | undefined): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method: 'POST', url: '/public/v1/webhooks/stripe', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, payload });
}

export function midtransHook(ta: TestApp, body: unknown): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method: 'POST', url: '/public/v1/webhooks/midtrans', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}
