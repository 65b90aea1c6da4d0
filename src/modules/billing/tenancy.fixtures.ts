import { json, type TestApp } from '../../test/app.js';
import { SYSTEM } from '../audit/service.js';
import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { call } from '../workspaces/test-support.js';
import * as plans from './plans-service.js';

async function tenancyPlan(ta: TestApp): Promise<plans.PlanView> {
  return (await plans.list(ta.ctx, true)).find((p) => p.code === 'tenancy') ?? plans.create(ta.ctx, SYSTEM, { code: 'tenancy', name: 'Tenancy', prices: { IDR: 100_000_00, USD: 10_00 }, seatPrices: { IDR: 10_000_00, USD: 1_00 }, seatsIncluded: 3, interval: 'month' });
}

/**
 * An invoice of the victim workspace B: B subscribes to a plan (made here, as plans are the
 * operator's) and the first period's invoice is issued.
 */
export const fixtures: TenancyFixtures = {
  // Operator routes: a tenant is refused with 403 before any lookup; these give the probes an id.
  '/api/v1/platform/billing/plans': async ({ ta }) => (await tenancyPlan(ta)).id,
  '/api/v1/platform/billing/invoices': () => Promise.resolve('inv_tenancy_b_no_such_invoice'),
  '/api/v1/billing/invoices': async ({ ta, b }) => {
    const plan = await tenancyPlan(ta);
    const res = await call(ta, 'POST', '/api/v1/billing/subscription', b, { planId: plan.id, currency: 'USD' });
    return json<{ invoiceId: string }>(res).invoiceId;
  },
};
