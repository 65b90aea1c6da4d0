/**
 * The SLA report: tickets created in a date range (UTC days, both ends included) that had an SLA
 * policy, by priority. A clock is met when its target was reached in time (a ticket solved in time
 * without a public reply meets its first response), breached when it was stamped or its due time
 * has passed unmet, pending otherwise. Averages are business minutes on
 * each ticket's own calendar: to the first public reply, and to solving less the paused time.
 */
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest } from '../../http/errors.js';
import { DAY, MINUTE } from '../../lib/clock.js';
import { loadPolicy, type LoadedPolicy } from './sla-clock.js';
import type { slaReport } from './sla-schema.js';
import { TICKET_PRIORITIES, type TicketsTable } from './tables.js';

export type SlaReport = z.infer<typeof slaReport>;

type Row = Pick<TicketsTable, 'id' | 'priority' | 'status' | 'sla_policy_id' | 'created_at' | 'first_response_due_at' | 'resolution_due_at' | 'first_responded_at' | 'first_response_breached_at' | 'resolution_breached_at' | 'sla_paused_at' | 'sla_paused_ms' | 'solved_at'>;

interface Acc {
  met: number;
  breached: number;
  pending: number;
  minutes: number;
  measured: number;
}

const acc = (): Acc => ({ met: 0, breached: 0, pending: 0, minutes: 0, measured: 0 });
const out = (a: Acc) => ({ met: a.met, breached: a.breached, pending: a.pending, avgBusinessMinutes: a.measured ? Math.round(a.minutes / a.measured) : null });
const before = (a: string | null, b: string | null): boolean => a !== null && b !== null && new Date(a).getTime() <= new Date(b).getTime();
const MAX_DAYS = 366;
const PAGE = 2000;

function firstResponse(t: Row, p: LoadedPolicy | undefined, now: Date, a: Acc): void {
  if (t.first_responded_at) {
    if (t.first_response_breached_at || !before(t.first_responded_at, t.first_response_due_at)) a.breached++;
    else a.met++;
    if (p) {
      a.minutes += p.calendar.businessMsBetween(new Date(t.created_at), new Date(t.first_responded_at)) / MINUTE;
      a.measured++;
    }
  } else if (t.first_response_breached_at) a.breached++;
  else if ((t.status === 'solved' || t.status === 'closed') && t.solved_at) a.met++;
  else if (t.first_response_due_at && new Date(t.first_response_due_at).getTime() <= now.getTime()) a.breached++;
  else a.pending++;
}

function resolution(t: Row, p: LoadedPolicy | undefined, now: Date, a: Acc): void {
  const done = (t.status === 'solved' || t.status === 'closed') && t.solved_at;
  if (t.resolution_breached_at) a.breached++;
  else if (done) a.met++;
  else if (!t.sla_paused_at && t.resolution_due_at && new Date(t.resolution_due_at).getTime() <= now.getTime()) a.breached++;
  else a.pending++;
  if (done && t.solved_at && p) {
    a.minutes += Math.max(0, p.calendar.businessMsBetween(new Date(t.created_at), new Date(t.solved_at)) - t.sla_paused_ms) / MINUTE;
    a.measured++;
  }
}

export async function slaReportFor(ctx: AppContext, scope: WorkspaceScope, from: string, to: string): Promise<SlaReport> {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY;
  if (end <= start) throw badRequest('validation_failed', 'The range ends before it starts', [{ field: 'querystring.to', message: 'must not be before from' }]);
  if (end - start > MAX_DAYS * DAY) throw badRequest('validation_failed', `The range is at most ${MAX_DAYS} days`, [{ field: 'querystring.to', message: `at most ${MAX_DAYS} days after from` }]);
  const now = ctx.clock.now();
  const by = new Map(TICKET_PRIORITIES.map((p) => [p, { tickets: 0, fr: acc(), res: acc() }]));
  const total = { tickets: 0, fr: acc(), res: acc() };
  const policies = new Map<string, LoadedPolicy | undefined>();
  let after = '';
  for (;;) {
    const rows: Row[] = await ctx.db.k
      .selectFrom('tickets')
      .select(['id', 'priority', 'status', 'sla_policy_id', 'created_at', 'first_response_due_at', 'resolution_due_at', 'first_responded_at', 'first_response_breached_at', 'resolution_breached_at', 'sla_paused_at', 'sla_paused_ms', 'solved_at'])
      .where('workspace_id', '=', scope.workspaceId)
      .where('created_at', '>=', new Date(start).toISOString())
      .where('created_at', '<', new Date(end).toISOString())
      .where('sla_policy_id', 'is not', null)
      .where('merged_into_id', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const t of rows) {
      const pid = t.sla_policy_id ?? '';
      if (!policies.has(pid)) policies.set(pid, await loadPolicy(ctx.db.k, scope.workspaceId, pid));
      const p = policies.get(pid);
      for (const g of [by.get(t.priority), total]) {
        if (!g) continue;
        g.tickets++;
        firstResponse(t, p, now, g.fr);
        resolution(t, p, now, g.res);
      }
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.id ?? after;
  }
  return {
    from,
    to,
    byPriority: TICKET_PRIORITIES.map((priority) => {
      const g = by.get(priority) ?? { tickets: 0, fr: acc(), res: acc() };
      return { priority, tickets: g.tickets, firstResponse: out(g.fr), resolution: out(g.res) };
    }),
    totals: { tickets: total.tickets, firstResponse: out(total.fr), resolution: out(total.res) },
  };
}
