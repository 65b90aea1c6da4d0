import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { JobContext } from '../../jobs/types.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { SYSTEM } from '../audit/service.js';
import type { SuppressionReason } from '../marketing/campaigns-tables.js';
import { isSuppressed, suppress, suppressionReasons } from '../marketing/suppression.js';
import { contactIdsWithEmail, contactsWithEmail } from '../crm/contacts-service.js';
import { canProcess, currentConsent, recordConsent } from '../privacy/consent.js';
import type { OptOut } from './clients-email.js';
import { emailClient } from './connections.js';
import { emailSha256 } from './hashing.js';
import { ProviderError } from './http-client.js';
import * as repo from './repo.js';
import { safeError, withRun } from './runs.js';

/**
 * List sync with Mailchimp and Brevo, both ways.
 * Out (`push`): every contact with an email passes the consent gate for marketing over the `sync`
 * channel (which also refuses restricted subjects and logs the decision) and the suppression list.
 * Those who pass are subscribed; those who do not, but were sent before, are unsubscribed there
 * (consent withdrawn, suppressed) or archived (restricted: the processor must stop using them).
 * Back (`pull`, hourly, and the providers' webhooks at once, inbound.ts): unsubscribes, hard
 * bounces and spam complaints become suppressions (unsubscribe, hard_bounce, complaint) and a
 * recorded withdrawal of marketing consent, source `api`.
 */
const PAGE = 200;

/** A 4xx about one member (invalid address, compliance state) fails that member only; anything else stops the run. */
const memberError = (err: unknown): boolean => err instanceof ProviderError && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 403 && err.status !== 429;

export function push(ctx: AppContext, conn: repo.ConnectionRow, job: JobContext | null): Promise<string> {
  const client = emailClient(ctx, conn);
  const ws = conn.workspace_id;
  return withRun(ctx, conn, 'push', job, { purpose: 'marketing', dataCategories: ['contact', 'identity'] }, async (run) => {
    const { counts } = run;
    let after: string | null = null;
    for (;;) {
      const page = await contactsWithEmail(ctx, ws, after, PAGE);
      const mappedByRef = await repo.remoteByRefs(ctx.db.k, conn.id, page.map((c) => emailSha256(c.email ?? '')));
      for (const c of page) {
        const email = c.email ?? '';
        const ref = emailSha256(email);
        const decision = await canProcess(ctx, { workspaceId: ws, contactId: c.id }, 'marketing', 'sync');
        const suppressed = await isSuppressed(ctx.db.k, ws, email);
        const mapped = mappedByRef.get(ref);
        const at = ctx.clock.now().toISOString();
        try {
          if (decision.allowed && !suppressed) {
            const remoteId = await client.upsert({ email, firstName: c.first_name, lastName: c.last_name });
            await repo.saveRemote(ctx.db.k, { id: mapped?.id ?? newId('irm', ctx.clock.now().getTime()), workspace_id: ws, connection_id: conn.id, provider: conn.provider, contact_id: c.id, email_ref: ref, remote_id: remoteId, status: 'subscribed', synced_at: at });
            counts.sent++;
            run.disclosed++;
            continue;
          }
          counts.skipped++;
          if (mapped?.status !== 'subscribed') continue;
          if (decision.reason === 'restricted') {
            await client.archive(mapped.remote_id);
            await repo.setRemoteStatus(ctx.db.k, mapped.id, 'archived', at);
          } else {
            await client.unsubscribe(mapped.remote_id, email);
            await repo.setRemoteStatus(ctx.db.k, mapped.id, 'unsubscribed', at);
          }
          run.disclosed++;
        } catch (err) {
          if (!memberError(err)) throw err;
          counts.failed++;
          counts.errors.push(safeError(err));
        }
      }
      if (job) await job.progress(counts.sent + counts.skipped + counts.failed, null, 'contacts');
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.id ?? null;
    }
  });
}

export function pull(ctx: AppContext, conn: repo.ConnectionRow, job: JobContext | null): Promise<string> {
  const client = emailClient(ctx, conn);
  return withRun(ctx, conn, 'pull', job, null, async ({ counts }) => {
    const optOuts = await client.optOutsSince(conn.last_pull_at);
    let latest = conn.last_pull_at;
    for (const o of optOuts) {
      await applyOptOut(ctx, conn, o, 'poll');
      counts.received++;
      if (!latest || o.changedAt > latest) latest = o.changedAt;
    }
    if (job) await job.progress(counts.received, optOuts.length, 'opt-outs');
    await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { last_pull_at: latest });
  });
}

/** The suppression each kind of opt-out puts on the address (a soft bounce is none: it never reaches here). */
const REASON: Record<OptOut['kind'], SuppressionReason> = { unsubscribed: 'unsubscribe', cleaned: 'hard_bounce', complaint: 'complaint' };
/** What the provider now holds the member as. */
const REMOTE_STATUS: Record<OptOut['kind'], string> = { unsubscribed: 'unsubscribed', cleaned: 'cleaned', complaint: 'complained' };

/**
 * One opt-out from a provider, in one transaction: the suppression, a withdrawal of marketing
 * consent for every contact with the address that still has it, and the member's status. Returns
 * whether anything changed; only a change is audited, so a repeated delivery or a second poll of
 * the same opt-out changes nothing and writes nothing.
 */
export async function applyOptOut(ctx: AppContext, conn: repo.ConnectionRow, o: Pick<OptOut, 'email' | 'kind'>, via: 'poll' | 'webhook'): Promise<boolean> {
  const ws = conn.workspace_id;
  const reason = REASON[o.kind];
  return ctx.db.k.transaction().execute(async (trx: Kysely<Database>) => {
    const at = ctx.clock.now().toISOString();
    let changed = false;
    if (!(await suppressionReasons(trx, ws, o.email)).includes(reason)) {
      await suppress(trx, ws, o.email, reason, at);
      changed = true;
    }
    let withdrawn = 0;
    for (const c of await contactIdsWithEmail(trx, ws, o.email)) {
      const subject = { workspaceId: ws, contactId: c.id };
      if (!(await currentConsent(ctx, subject, trx)).marketing) continue;
      await recordConsent(ctx, subject, { purpose: 'marketing', granted: false, source: 'api', wordingVersion: `${conn.provider}:${o.kind}` }, { actor: SYSTEM, trx });
      withdrawn++;
    }
    const mapped = await repo.remoteByRef(trx, conn.id, emailSha256(o.email));
    if (mapped && mapped.status !== REMOTE_STATUS[o.kind]) {
      await repo.setRemoteStatus(trx, mapped.id, REMOTE_STATUS[o.kind], at);
      changed = true;
    }
    if (withdrawn > 0) changed = true;
    // Counts and kinds only: the audit log keeps no address.
    if (changed) await audit.record(ctx.db, ctx.clock, { actor: SYSTEM, workspaceId: ws, action: 'integration.opt_out_received', target: { type: 'integration', id: conn.id }, details: { provider: conn.provider, kind: o.kind, suppression: reason, consentWithdrawals: withdrawn, via } }, trx);
    return changed;
  });
}
