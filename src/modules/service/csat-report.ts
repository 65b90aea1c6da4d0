import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { DAY } from '../../lib/clock.js';
import * as repo from './csat-repo.js';

/** The satisfaction report (`GET /api/v1/service/reports/csat`). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const reportQuery = z.object({ from: day.optional(), to: day.optional() });
export const reportView = z.object({
  from: z.string(),
  to: z.string(),
  responses: z.number().int(),
  average: z.number().nullable(),
  distribution: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }),
  rate: z.number().nullable().describe('Answered / sent, over the surveys sent in the range'),
  sent: z.number().int(),
  recent: z.array(z.object({ ticketId: z.string(), number: z.number().int(), rating: z.number().int().nullable(), comment: z.string().nullable(), answeredAt: z.string().nullable() })),
});
export type ReportView = z.infer<typeof reportView>;

const isDay = (s: string): boolean => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Both days inclusive (UTC); by default the last 30 days. */
export async function csatReport(ctx: AppContext, scope: WorkspaceScope, q: z.infer<typeof reportQuery>): Promise<ReportView> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const to = q.to ?? today;
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  const bad = [...(isDay(from) ? [] : [{ field: 'querystring.from', message: 'is not a calendar date' }]), ...(isDay(to) ? [] : [{ field: 'querystring.to', message: 'is not a calendar date' }])];
  if (bad.length) throw badRequest('validation_failed', 'Some fields are missing or invalid', bad);
  if (from > to) throw badRequest('validation_failed', 'from is after to', [{ field: 'querystring.from', message: 'must not be after to' }]);
  const start = `${from}T00:00:00.000Z`;
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY).toISOString();
  const ws = scope.workspaceId;
  const [counts, dist, recent] = await Promise.all([repo.sentCounts(ctx.db.k, ws, start, end), repo.distribution(ctx.db.k, ws, start, end), repo.recent(ctx.db.k, ws, start, end, 20)]);
  const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const d of dist) if (d.rating >= 1 && d.rating <= 5) distribution[d.rating as 1 | 2 | 3 | 4 | 5] = d.n;
  const responses = Object.values(distribution).reduce((a, b) => a + b, 0);
  const sum = Object.entries(distribution).reduce((a, [r, n]) => a + Number(r) * n, 0);
  return {
    from,
    to,
    responses,
    average: responses ? Math.round((sum / responses) * 100) / 100 : null,
    distribution,
    rate: counts.sent ? Math.round((counts.answered / counts.sent) * 1000) / 1000 : null,
    sent: counts.sent,
    recent: recent.map((r) => ({ ticketId: r.ticket_id, number: Number(r.number), rating: r.rating === null ? null : Number(r.rating), comment: r.comment, answeredAt: r.answered_at })),
  };
}
