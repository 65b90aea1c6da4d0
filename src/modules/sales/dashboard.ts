import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';

/** Figures behind the sales dashboard; amounts in major units per currency. */
export interface SalesDashboard {
  pipelineByStage: { pipelineId: string; stageId: string; stage: string; kind: string; probability: number; currency: string; count: number; amount: number }[];
  wonLostByMonth: { month: string; currency: string; won: number; lost: number; wonAmount: number }[];
  forecast: { month: string; currency: string; weighted: number; total: number; count: number }[];
  activitiesByOwner: { userId: string | null; name: string; count: number }[];
}

function monthExpr(ctx: AppContext, col: string) {
  return ctx.db.dialect === 'postgres' ? sql<string>`to_char(${sql.ref(col)}::timestamptz at time zone 'UTC', 'YYYY-MM')` : sql<string>`substr(${sql.ref(col)}, 1, 7)`;
}

export async function salesDashboard(ctx: AppContext, scope: WorkspaceScope, opts: { pipelineId?: string | undefined; months?: number } = {}): Promise<SalesDashboard> {
  const k = ctx.db.k;
  const ws = scope.workspaceId;
  let byStage = k
    .selectFrom('pipeline_stages as s')
    .leftJoin('deals as d', 'd.stage_id', 's.id')
    .select(['s.pipeline_id as pipelineId', 's.id as stageId', 's.name as stage', 's.kind as kind', 's.probability as probability', 's.position as position'])
    .select((eb) => [eb.fn.coalesce('d.currency', sql<string>`'IDR'`).as('currency'), eb.fn.count<number>('d.id').as('count'), eb.fn.coalesce(eb.fn.sum<number>('d.amount_minor'), sql<number>`0`).as('amount')])
    .where('s.workspace_id', '=', ws)
    .groupBy(['s.pipeline_id', 's.id', 's.name', 's.kind', 's.probability', 's.position', 'd.currency'])
    .orderBy('s.pipeline_id')
    .orderBy('s.position');
  if (opts.pipelineId) byStage = byStage.where('s.pipeline_id', '=', opts.pipelineId);
  const stages = await byStage.execute();

  const since = new Date(ctx.clock.now().getTime());
  since.setUTCMonth(since.getUTCMonth() - (opts.months ?? 12));
  const closedMonth = monthExpr(ctx, 'd.closed_at');
  const wonLost = await k
    .selectFrom('deals as d')
    .innerJoin('pipeline_stages as s', 's.id', 'd.stage_id')
    .select([closedMonth.as('month'), 'd.currency as currency'])
    .select([
      sql<number>`sum(case when s.kind = 'won' then 1 else 0 end)`.as('won'),
      sql<number>`sum(case when s.kind = 'lost' then 1 else 0 end)`.as('lost'),
      sql<number>`sum(case when s.kind = 'won' then d.amount_minor else 0 end)`.as('wonAmount'),
    ])
    .where('d.workspace_id', '=', ws)
    .where('d.closed_at', 'is not', null)
    .where('d.closed_at', '>=', since.toISOString())
    .groupBy([closedMonth, 'd.currency'])
    .orderBy(closedMonth)
    .execute();

  const closeMonth = sql<string>`substr(d.expected_close_date, 1, 7)`;
  const forecast = await k
    .selectFrom('deals as d')
    .innerJoin('pipeline_stages as s', 's.id', 'd.stage_id')
    .select([closeMonth.as('month'), 'd.currency as currency'])
    .select([
      sql<number>`sum(d.amount_minor * s.probability) / 100`.as('weighted'),
      sql<number>`sum(d.amount_minor)`.as('total'),
      sql<number>`count(*)`.as('count'),
    ])
    .where('d.workspace_id', '=', ws)
    .where('s.kind', '=', 'open')
    .where('d.expected_close_date', 'is not', null)
    .groupBy([closeMonth, 'd.currency'])
    .orderBy(closeMonth)
    .execute();

  const owners = await k
    .selectFrom('activities as a')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .select(['a.created_by as userId', 'u.name as name', (eb) => eb.fn.countAll<number>().as('count')])
    .where('a.workspace_id', '=', ws)
    .where('a.created_at', '>=', since.toISOString())
    .groupBy(['a.created_by', 'u.name'])
    .orderBy('count', 'desc')
    .limit(20)
    .execute();

  return {
    pipelineByStage: stages.map((s) => ({ pipelineId: s.pipelineId, stageId: s.stageId, stage: s.stage, kind: s.kind, probability: s.probability, currency: s.currency, count: Number(s.count), amount: Number(s.amount) / 100 })),
    wonLostByMonth: wonLost.map((r) => ({ month: r.month, currency: r.currency, won: Number(r.won), lost: Number(r.lost), wonAmount: Number(r.wonAmount) / 100 })),
    forecast: forecast.map((r) => ({ month: r.month, currency: r.currency, weighted: Math.round(Number(r.weighted)) / 100, total: Number(r.total) / 100, count: Number(r.count) })),
    activitiesByOwner: owners.map((o) => ({ userId: o.userId, name: o.name ?? 'Deleted user', count: Number(o.count) })),
  };
}
