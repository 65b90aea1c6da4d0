import type { AppContext } from '../../context.js';
import type { JobContext } from '../../jobs/types.js';
import { consentedEventsAfter, contactOfVisitor } from '../analytics/service.js';
import { canProcess, currentConsent } from '../privacy/consent.js';
import type { Ga4Event } from './clients-ads.js';
import { gaClient } from './connections.js';
import * as repo from './repo.js';
import { withRun } from './runs.js';

/**
 * Google Analytics 4 forwarding over the Measurement Protocol. Only events with a visitor id are
 * read (tracking stores one only with analytics consent), and each visitor passes the gate for
 * analytics over `analytics_forward` again (consent may have been withdrawn since; a visitor linked
 * to a restricted contact is refused through the contact). Consent Mode: ad_user_data and
 * ad_personalization say GRANTED only with ads consent, DENIED otherwise. No email, no contact id:
 * the client id is the first-party visitor id.
 */
const PAGE = 500;

export function forward(ctx: AppContext, conn: repo.ConnectionRow, job: JobContext | null): Promise<string> {
  const client = gaClient(ctx, conn);
  const ws = conn.workspace_id;
  const visitorsSent = new Set<string>();
  return withRun(ctx, conn, 'forward', job, { purpose: 'analytics', dataCategories: ['technical', 'usage'] }, async (run) => {
    const { counts } = run;
    let cursor = conn.cursor;
    for (;;) {
      const rows = await consentedEventsAfter(ctx, ws, cursor, PAGE);
      const byVisitor = new Map<string, Ga4Event[]>();
      for (const e of rows) if (e.visitor_id) byVisitor.set(e.visitor_id, [...(byVisitor.get(e.visitor_id) ?? []), toGa4(e)]);
      for (const [visitorId, events] of byVisitor) {
        const contactId = await contactOfVisitor(ctx, ws, visitorId);
        const subject = contactId ? { workspaceId: ws, contactId } : { workspaceId: ws, visitorId };
        const d = await canProcess(ctx, subject, 'analytics', 'analytics_forward');
        // A linked visitor's own cookie choice counts too: both must allow it.
        const visitorOk = !contactId || (await canProcess(ctx, { workspaceId: ws, visitorId }, 'analytics', 'analytics_forward')).allowed;
        if (!d.allowed || !visitorOk) {
          counts.skipped += events.length;
          continue;
        }
        const ads = (await currentConsent(ctx, subject)).ads ? 'GRANTED' : 'DENIED';
        await client.send(visitorId, events, { ad_user_data: ads, ad_personalization: ads });
        counts.sent += events.length;
        visitorsSent.add(visitorId);
        run.disclosed = visitorsSent.size;
      }
      const last = rows[rows.length - 1];
      if (last) {
        cursor = String(last.id);
        await repo.updateConnection(ctx.db.k, ws, conn.id, { cursor });
      }
      if (job) await job.progress(counts.sent + counts.skipped, null, 'events');
      if (rows.length < PAGE) break;
    }
  });
}

type EventRow = Awaited<ReturnType<typeof consentedEventsAfter>>[number];

function toGa4(e: EventRow): Ga4Event {
  const params: Record<string, string | number> = { page_location: `https://${e.hostname ?? 'unknown'}${e.path}`, engagement_time_msec: Math.max(1, e.engaged_ms) };
  if (e.referrer_host) params.page_referrer = `https://${e.referrer_host}/`;
  if (e.utm_source) params.source = e.utm_source;
  if (e.utm_medium) params.medium = e.utm_medium;
  if (e.utm_campaign) params.campaign = e.utm_campaign;
  return { name: e.type === 'pageview' ? 'page_view' : 'feature_use', params, timestampMicros: Date.parse(e.occurred_at) * 1000 };
}
