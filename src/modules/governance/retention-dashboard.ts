import { Cron } from 'croner';
import type { AppContext } from '../../context.js';
import { DAY } from '../../lib/clock.js';
import { RETENTION_CRON } from './retention-jobs.js';
import { planSummary } from './retention.js';

/**
 * The data-protection dashboard (issue 7 item 6): open data-subject requests and their deadlines,
 * open breaches, the next retention run and what it will touch, and consent rates. Platform scope
 * (an operator: the platform's own requests and breaches, the whole retention plan, the platform's
 * consent records) or one workspace (its requests, breaches and consent records; retention runs for the whole deployment, so it is
 * shown to operators only).
 */

export type DashboardScope = { kind: 'platform' } | { kind: 'workspace'; workspaceId: string };

/** Consent choices counted over this many days: rates of what visitors and contacts decide now. */
export const CONSENT_WINDOW_DAYS = 90;
const DUE_SOON_DAYS = 7;

export interface Dashboard {
  generatedAt: string;
  requests: { open: number; overdue: number; dueSoon: number; next: { id: string; type: string; status: string; dueAt: string }[] };
  /** Breaches whose notices (authority or subjects) are not all sent; overdue when a deadline passed unsent. */
  breaches: { open: number; overdue: number };
  retention: { nextRunAt: string; actions: { table: string; action: string; rows: number }[] } | null;
  consent: { windowDays: number; purposes: { purpose: string; granted: number; denied: number; rate: number | null }[] };
}

/** The time the daily job fires next after `now` (its cron schedule, UTC). */
export function nextRunAt(now: Date): Date {
  return new Cron(RETENTION_CRON, { timezone: 'UTC', paused: true }).nextRun(now) ?? new Date(now.getTime() + DAY);
}

export async function dashboard(ctx: AppContext, scope: DashboardScope): Promise<Dashboard> {
  const k = ctx.db.k;
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const ws = scope.kind === 'workspace' ? scope.workspaceId : null;
  let rq = k.selectFrom('privacy_requests').select(['id', 'type', 'status', 'due_at']).where('status', 'in', ['open', 'processing']);
  rq = ws === null ? rq.where('workspace_id', 'is', null) : rq.where('workspace_id', '=', ws);
  const open = await rq.orderBy('due_at').orderBy('id').execute();
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * DAY).toISOString();

  let bq = k.selectFrom('breaches').select(['authority_due_at', 'subjects_due_at', 'authority_notified_at', 'subjects_notified_at']).where((eb) => eb.or([eb('authority_notified_at', 'is', null), eb('subjects_notified_at', 'is', null)]));
  bq = ws === null ? bq.where('workspace_id', 'is', null) : bq.where('workspace_id', '=', ws);
  const openBreaches = await bq.execute();
  const breachOverdue = openBreaches.filter((b) => (!b.authority_notified_at && b.authority_due_at < iso) || (!b.subjects_notified_at && b.subjects_due_at < iso)).length;

  let retention: Dashboard['retention'] = null;
  if (scope.kind === 'platform') {
    const at = nextRunAt(now);
    // Exact counts: the dashboard lists no rows, so it never needs the capped sample.
    retention = { nextRunAt: at.toISOString(), actions: await planSummary(ctx, at) };
  }

  let cq = k
    .selectFrom('consent_records')
    .select(['purpose', 'granted', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', new Date(now.getTime() - CONSENT_WINDOW_DAYS * DAY).toISOString())
    .groupBy(['purpose', 'granted']);
  cq = ws === null ? cq.where('workspace_id', 'is', null) : cq.where('workspace_id', '=', ws);
  const counts = new Map<string, { granted: number; denied: number }>();
  for (const r of await cq.execute()) {
    const c = counts.get(r.purpose) ?? { granted: 0, denied: 0 };
    if (Number(r.granted) === 1) c.granted += Number(r.n);
    else c.denied += Number(r.n);
    counts.set(r.purpose, c);
  }
  const purposes = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([purpose, c]) => ({ purpose, ...c, rate: c.granted + c.denied ? Math.round((c.granted / (c.granted + c.denied)) * 1000) / 1000 : null }));

  return {
    generatedAt: iso,
    requests: {
      open: open.length,
      overdue: open.filter((r) => r.due_at < iso).length,
      dueSoon: open.filter((r) => r.due_at >= iso && r.due_at < soon).length,
      next: open.slice(0, 10).map((r) => ({ id: r.id, type: r.type, status: r.status, dueAt: r.due_at })),
    },
    breaches: { open: openBreaches.length, overdue: breachOverdue },
    retention,
    consent: { windowDays: CONSENT_WINDOW_DAYS, purposes },
  };
}
