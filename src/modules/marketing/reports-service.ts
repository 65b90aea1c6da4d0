import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { SKIP_REASONS, type CampaignStatus, type SkipReason } from './campaigns-tables.js';

/** Per-campaign report: what went out, what came back, and how people reacted (tracked mails only). */
export interface CampaignReport {
  campaignId: string;
  status: CampaignStatus;
  recipients: number;
  sent: number;
  delivered: number;
  bounced: number;
  complaints: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  tracked: number;
  skipped: Record<SkipReason, number>;
  series: { hour: string; sent: number; opened: number; clicked: number }[];
}

const n = (v: unknown): number => Number(v ?? 0);

export async function campaignReport(ctx: AppContext, scope: WorkspaceScope, campaignId: string): Promise<CampaignReport> {
  const k = ctx.db.k;
  const c = await k.selectFrom('marketing_campaigns').select(['id', 'status']).where('workspace_id', '=', scope.workspaceId).where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw notFound('Campaign');
  const base = k.selectFrom('marketing_sends').where('workspace_id', '=', scope.workspaceId).where('campaign_id', '=', campaignId);
  const t = await base
    .select([
      sql<number>`count(*)`.as('recipients'),
      sql<number>`count(sent_at)`.as('sent'),
      sql<number>`count(bounced_at)`.as('bounced'),
      sql<number>`count(case when sent_at is not null and bounced_at is null then 1 end)`.as('delivered'),
      sql<number>`count(complained_at)`.as('complaints'),
      sql<number>`count(opened_at)`.as('opened'),
      sql<number>`count(clicked_at)`.as('clicked'),
      sql<number>`count(unsubscribed_at)`.as('unsubscribed'),
      sql<number>`sum(tracked)`.as('tracked'),
    ])
    .executeTakeFirstOrThrow();
  const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  for (const r of await base.select(['skip_reason', sql<number>`count(*)`.as('n')]).where('status', '=', 'skipped').groupBy('skip_reason').execute()) {
    if (r.skip_reason) skipped[r.skip_reason] = n(r.n);
  }
  const hour = (col: 'sent_at' | 'opened_at' | 'clicked_at') =>
    ctx.db.dialect === 'postgres' ? sql<string>`to_char(${sql.ref(col)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00Z"')` : sql<string>`substr(${sql.ref(col)}, 1, 13) || ':00Z'`;
  const series = new Map<string, { hour: string; sent: number; opened: number; clicked: number }>();
  for (const [col, key] of [['sent_at', 'sent'], ['opened_at', 'opened'], ['clicked_at', 'clicked']] as const) {
    const rows = await base.select([hour(col).as('h'), sql<number>`count(*)`.as('n')]).where(col, 'is not', null).groupBy(sql`1`).execute();
    for (const r of rows) {
      const e = series.get(r.h) ?? { hour: r.h, sent: 0, opened: 0, clicked: 0 };
      e[key] = n(r.n);
      series.set(r.h, e);
    }
  }
  return {
    campaignId,
    status: c.status,
    recipients: n(t.recipients),
    // A 5xx refusal at send time never left: it counts as bounced, not as sent; a later DSN makes a sent mail undelivered.
    sent: n(t.sent),
    delivered: n(t.delivered),
    bounced: n(t.bounced),
    complaints: n(t.complaints),
    opened: n(t.opened),
    clicked: n(t.clicked),
    unsubscribed: n(t.unsubscribed),
    tracked: n(t.tracked),
    skipped,
    series: [...series.values()].sort((a, b) => a.hour.localeCompare(b.hour)),
  };
}
