import type { AppContext } from '../../context.js';
import type { JobContext } from '../../jobs/types.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM } from '../audit/service.js';
import { isSuppressed, suppress } from '../marketing/suppression.js';
import { canProcess, currentConsent, recordConsent } from '../privacy/consent.js';
import { emailClient } from './connections.js';
import { recordDisclosure } from './disclosure.js';
import { emailSha256 } from './hashing.js';
import { ProviderError } from './http-client.js';
import * as repo from './repo.js';
import { emptyCounts, finishRun, safeError, startRun } from './runs.js';

/**
 * List sync with Mailchimp and Brevo, both ways.
 * Out (`push`): every contact with an email passes the consent gate for marketing over the `sync`
 * channel (which also refuses restricted subjects and logs the decision) and the suppression list.
 * Those who pass are subscribed; those who do not, but were sent before, are unsubscribed there
 * (consent withdrawn, suppressed) or archived (restricted: the processor must stop using them).
 * Back (`pull`): unsubscribed and cleaned members changed since the last pull become suppressions
 * (unsubscribe, hard_bounce) and a recorded withdrawal of marketing consent, source `api`.
 */
const PAGE = 200;

/** A 4xx about one member (invalid address, compliance state) fails that member only; anything else stops the run. */
const memberError = (err: unknown): boolean => err instanceof ProviderError && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 403 && err.status !== 429;

export async function push(ctx: AppContext, conn: repo.ConnectionRow, job: JobContext | null): Promise<string> {
  const client = emailClient(ctx, conn);
  const runId = await startRun(ctx, conn, 'push', job?.id ?? null);
  const counts = emptyCounts();
  const ws = conn.workspace_id;
  const firstAt = ctx.clock.now().toISOString();
  let disclosed = 0;
  let fatal: Error | undefined;
  try {
    let after: string | null = null;
    for (;;) {
      const page = await repo.contactsPage(ctx.db.k, ws, after, PAGE);
      for (const c of page) {
        const email = c.email ?? '';
        const ref = emailSha256(email);
        const decision = await canProcess(ctx, { workspaceId: ws, contactId: c.id }, 'marketing', 'sync');
        const suppressed = await isSuppressed(ctx.db.k, ws, email);
        const mapped = await repo.remoteByRef(ctx.db.k, conn.id, ref);
        const at = ctx.clock.now().toISOString();
        try {
          if (decision.allowed && !suppressed) {
            const remoteId = await client.upsert({ email, firstName: c.first_name, lastName: c.last_name });
            await repo.saveRemote(ctx.db.k, { id: mapped?.id ?? newId('irm', ctx.clock.now().getTime()), workspace_id: ws, connection_id: conn.id, provider: conn.provider, contact_id: c.id, email_ref: ref, remote_id: remoteId, status: 'subscribed', synced_at: at });
            counts.sent++;
            disclosed++;
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
          disclosed++;
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
  } catch (err) {
    fatal = err instanceof Error ? err : new Error(String(err));
  }
  await recordDisclosure(ctx, { workspaceId: ws, provider: conn.provider, purpose: 'marketing', dataCategories: ['contact', 'identity'], subjectCount: disclosed, firstAt, lastAt: ctx.clock.now().toISOString() });
  await finishRun(ctx, conn, runId, counts, fatal);
  if (fatal !== undefined) throw fatal;
  return runId;
}

export async function pull(ctx: AppContext, conn: repo.ConnectionRow, job: JobContext | null): Promise<string> {
  const client = emailClient(ctx, conn);
  const runId = await startRun(ctx, conn, 'pull', job?.id ?? null);
  const counts = emptyCounts();
  const ws = conn.workspace_id;
  let fatal: Error | undefined;
  try {
    const optOuts = await client.optOutsSince(conn.last_pull_at);
    let latest = conn.last_pull_at;
    for (const o of optOuts) {
      const at = ctx.clock.now().toISOString();
      await ctx.db.k.transaction().execute(async (trx) => {
        await suppress(trx, ws, o.email, o.kind === 'cleaned' ? 'hard_bounce' : 'unsubscribe', at);
        for (const c of await repo.contactsByEmail(trx, ws, o.email)) {
          const subject = { workspaceId: ws, contactId: c.id };
          if (!(await currentConsent(ctx, subject, trx)).marketing) continue;
          await recordConsent(ctx, subject, { purpose: 'marketing', granted: false, source: 'api', wordingVersion: `${conn.provider}:${o.kind}` }, { actor: SYSTEM, trx });
        }
        const mapped = await repo.remoteByRef(trx, conn.id, emailSha256(o.email));
        if (mapped) await repo.setRemoteStatus(trx, mapped.id, o.kind, at);
      });
      counts.received++;
      if (!latest || o.changedAt > latest) latest = o.changedAt;
    }
    if (job) await job.progress(counts.received, optOuts.length, 'opt-outs');
    await repo.updateConnection(ctx.db.k, ws, conn.id, { last_pull_at: latest });
  } catch (err) {
    fatal = err instanceof Error ? err : new Error(String(err));
  }
  await finishRun(ctx, conn, runId, counts, fatal);
  if (fatal !== undefined) throw fatal;
  return runId;
}
