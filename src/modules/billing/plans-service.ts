/** The operator's plans. Prices are integer minor units per currency. */
import type { AppContext } from '../../context.js';
import { conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { record, type Actor } from '../audit/service.js';
import * as repo from './repo.js';
import type { Interval } from './tables.js';

export interface PlanView {
  id: string;
  code: string;
  name: string;
  prices: { IDR: number; USD: number };
  seatPrices: { IDR: number; USD: number };
  seatsIncluded: number;
  interval: Interval;
  active: boolean;
}

export function view(p: repo.PlanRow): PlanView {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    prices: { IDR: p.price_idr, USD: p.price_usd },
    seatPrices: { IDR: p.seat_price_idr, USD: p.seat_price_usd },
    seatsIncluded: p.seats_included,
    interval: p.interval,
    active: p.active === 1,
  };
}

export interface PlanInput {
  code: string;
  name: string;
  prices: { IDR: number; USD: number };
  seatPrices: { IDR: number; USD: number };
  seatsIncluded: number;
  interval: Interval;
  active?: boolean | undefined;
}

export async function list(ctx: AppContext, activeOnly: boolean): Promise<PlanView[]> {
  return (await repo.plans(ctx.db.k, activeOnly)).map(view);
}

export async function create(ctx: AppContext, actor: Actor, i: PlanInput): Promise<PlanView> {
  if (await repo.planByCode(ctx.db.k, i.code)) throw conflict('plan_code_taken', 'A plan with that code exists');
  const at = ctx.clock.now().toISOString();
  const id = newId('pln');
  await repo.insertPlan(ctx.db.k, {
    id,
    code: i.code,
    name: i.name,
    price_idr: i.prices.IDR,
    price_usd: i.prices.USD,
    seat_price_idr: i.seatPrices.IDR,
    seat_price_usd: i.seatPrices.USD,
    seats_included: i.seatsIncluded,
    interval: i.interval,
    active: i.active === false ? 0 : 1,
    created_at: at,
    updated_at: at,
  });
  await record(ctx.db, ctx.clock, { actor, action: 'billing.plan_created', target: { type: 'billing_plan', id } });
  const p = await repo.plan(ctx.db.k, id);
  if (!p) throw new Error('plan vanished');
  return view(p);
}

/**
 * Name and availability only: prices of a plan people pay for stay as they are (a new price is a
 * new plan), so an invoice always matches the plan it names.
 */
export async function update(ctx: AppContext, actor: Actor, id: string, i: { name?: string | undefined; active?: boolean | undefined }): Promise<PlanView> {
  const p = await repo.plan(ctx.db.k, id);
  if (!p) throw notFound('Plan');
  await repo.updatePlan(ctx.db.k, id, {
    ...(i.name !== undefined ? { name: i.name } : {}),
    ...(i.active !== undefined ? { active: i.active ? 1 : 0 } : {}),
    updated_at: ctx.clock.now().toISOString(),
  });
  await record(ctx.db, ctx.clock, { actor, action: 'billing.plan_updated', target: { type: 'billing_plan', id }, details: { fields: Object.keys(i) } });
  const after = await repo.plan(ctx.db.k, id);
  if (!after) throw notFound('Plan');
  return view(after);
}
