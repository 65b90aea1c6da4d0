import type { AppContext } from '../../context.js';
import type { JobContext } from '../../jobs/types.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { contactsWithEmail } from '../crm/contacts-service.js';
import { canProcess } from '../privacy/consent.js';
import { wonDealContacts } from '../sales/deals.js';
import type { Conversion } from './clients-ads.js';
import { adsClient } from './connections.js';
import { emailSha256 } from './hashing.js';
import * as repo from './repo.js';
import { withRun } from './runs.js';

/**
 * Meta and LinkedIn: custom-audience (DMP segment) sync and conversion events. A subject goes only
 * with ads consent, no restriction and no Global Privacy Control signal on record for the contact
 * or a visitor linked to it (GPC is an opt-out of sale and sharing that no later click undoes):
 * the consent gate checks all three. Emails go only as SHA-256 of the normalised address.
 * Members who no longer qualify are removed from the audience.
 */
const PAGE = 500;

/**
 * The gate over the `ads` channel, which logs each decision and refuses a subject without ads
 * consent, restricted, or with a GPC signal on record for it or a browser linked to it.
 */
async function mayTarget(ctx: AppContext, workspaceId: string, contactId: string): Promise<boolean> {
  return (await canProcess(ctx, { workspaceId, contactId }, 'ads', 'ads')).allowed;
}

export function audience(ctx: AppContext, conn: repo.ConnectionRow, job: JobContext | null): Promise<string> {
  const client = adsClient(ctx, conn);
  const ws = conn.workspace_id;
  return withRun(ctx, conn, 'audience', job, { purpose: 'marketing', dataCategories: ['contact'] }, async (run) => {
    const { counts } = run;
    let after: string | null = null;
    for (;;) {
      const page = await contactsWithEmail(ctx, ws, after, PAGE);
      const mappedByRef = await repo.remoteByRefs(ctx.db.k, conn.id, page.map((c) => emailSha256(c.email ?? '')));
      const add: { ref: string; contactId: string; mappedId: string | undefined }[] = [];
      const remove: { ref: string; mappedId: string }[] = [];
      for (const c of page) {
        const ref = emailSha256(c.email ?? '');
        const mapped = mappedByRef.get(ref);
        if (await mayTarget(ctx, ws, c.id)) add.push({ ref, contactId: c.id, mappedId: mapped?.id });
        else {
          counts.skipped++;
          if (mapped?.status === 'member') remove.push({ ref, mappedId: mapped.id });
        }
      }
      const at = ctx.clock.now().toISOString();
      if (add.length > 0) {
        await client.addUsers(add.map((a) => a.ref));
        for (const a of add) await repo.saveRemote(ctx.db.k, { id: a.mappedId ?? newId('irm', ctx.clock.now().getTime()), workspace_id: ws, connection_id: conn.id, provider: conn.provider, contact_id: a.contactId, email_ref: a.ref, remote_id: a.ref, status: 'member', synced_at: at });
        counts.sent += add.length;
        run.disclosed += add.length;
      }
      if (remove.length > 0) {
        await client.removeUsers(remove.map((r) => r.ref));
        for (const r of remove) await repo.deleteRemote(ctx.db.k, r.mappedId);
        run.disclosed += remove.length;
      }
      if (job) await job.progress(counts.sent + counts.skipped, null, 'contacts');
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.id ?? null;
    }
  });
}

/** Won deals since the last run become conversion events (Meta Purchase, LinkedIn's conversion rule) for the deal's contacts. */
export function conversions(ctx: AppContext, conn: repo.ConnectionRow, job: JobContext | null): Promise<string> {
  const client = adsClient(ctx, conn);
  const ws = conn.workspace_id;
  return withRun(ctx, conn, 'conversions', job, { purpose: 'marketing', dataCategories: ['contact', 'usage'] }, async (run) => {
    const { counts } = run;
    let cursor = conn.cursor;
    for (;;) {
      const rows = await wonDealContacts(ctx, ws, cursor, PAGE);
      const events: Conversion[] = [];
      for (const r of rows) {
        if (!(await mayTarget(ctx, ws, r.contactId))) {
          counts.skipped++;
          continue;
        }
        events.push({ eventId: sha256Hex(`${r.dealId}:${r.contactId}`).slice(0, 40), name: 'Purchase', at: r.closedAt ?? run.startedAt, emailSha256: emailSha256(r.email ?? ''), value: r.amountMinor / 100, currency: r.currency });
      }
      if (events.length > 0) await client.sendConversions(events);
      counts.sent += events.length;
      run.disclosed += events.length;
      const last = rows[rows.length - 1];
      if (last?.closedAt) {
        cursor = last.closedAt;
        await repo.updateConnection(ctx.db.k, ws, conn.id, { cursor });
      }
      if (job) await job.progress(counts.sent + counts.skipped, null, 'conversions');
      if (rows.length < PAGE) break;
    }
  });
}
