import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { canProcess } from '../privacy/consent.js';
import * as consentRepo from '../privacy/consent-repo.js';
import type { CampaignRow } from './campaigns-repo.js';
import type { CampaignCategory, DoubleOptIn, SkipReason } from './campaigns-tables.js';
import { isConfirmed, needsDoubleOptIn, requestConfirmation } from './send-optin.js';
import { renderCampaignMail } from './send-mail.js';
import * as repo from './send-repo.js';
import { blocks, suppress, suppressionReasons } from './suppression.js';

/**
 * One batch of recipients in four steps: claim the rows; decide for each inside one transaction
 * (the gate's decision log is written with one commit per batch, not one per mail — on SQLite
 * with synchronous=FULL each commit is an fsync); send the mails with no transaction open; record
 * the outcomes in one more transaction. A crash between sending and recording leaves rows
 * claimed; the lease puts them back, so delivery is at least once.
 */

/** Email preferences per category, as the preference centre records them (wording version of a marketing consent). */
export const TOPICS: Record<Exclude<CampaignCategory, 'security_alert'>, string> = { product_update: 'email:product_updates', promotion: 'email:promotions' };

interface Contact {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  locale: string | null;
  country: string | null;
}

type Plan = { send: repo.SendRow; contact: Contact & { email: string }; tracked: boolean } | { send: repo.SendRow; skip: SkipReason; confirmContact?: string };

/** Why this contact must not get this mail, or null when it may go. Gate decisions are recorded. */
async function refusal(ctx: AppContext, k: Kysely<Database>, c: CampaignRow, contact: Contact & { email: string }, doi: DoubleOptIn): Promise<SkipReason | null> {
  const subject = { workspaceId: c.workspace_id, contactId: contact.id };
  if (blocks(await suppressionReasons(k, c.workspace_id, contact.email), c.category === 'security_alert')) return 'suppressed';
  if (c.category === 'security_alert') {
    // Required by law (a breach or account-security notice): it rests on legal obligation, so even
    // a restricted subject gets it; the gate still records the decision.
    const gate = await canProcess(ctx, subject, 'necessary', 'email:security_alert', k);
    return gate.allowed ? null : 'no_consent';
  }
  const gate = await canProcess(ctx, subject, 'marketing', `email:${c.category}`, k);
  if (!gate.allowed) return gate.reason === 'restricted' ? 'restricted' : 'no_consent';
  const topic = await consentRepo.latest(k, subject, 'marketing', TOPICS[c.category]);
  if (topic && topic.granted !== 1) return 'category_off';
  if (needsDoubleOptIn(doi, contact.country) && !(await isConfirmed(k, c.workspace_id, contact.id))) return 'double_opt_in_pending';
  return null;
}

async function plan(ctx: AppContext, c: CampaignRow, sends: repo.SendRow[], doi: DoubleOptIn): Promise<Plan[]> {
  const contacts = new Map((await repo.contactsOf(ctx.db.k, c.workspace_id, sends.map((s) => s.contact_id))).map((x) => [x.id, x]));
  return ctx.db.k.transaction().execute(async (trx) => {
    const out: Plan[] = [];
    for (const send of sends) {
      const contact = contacts.get(send.contact_id);
      if (!contact?.email) {
        out.push({ send, skip: 'no_email' });
        continue;
      }
      const withEmail = { ...contact, email: contact.email };
      const reason = await refusal(ctx, trx, c, withEmail, doi);
      if (reason) {
        out.push({ send, skip: reason, ...(reason === 'double_opt_in_pending' ? { confirmContact: contact.id } : {}) });
        continue;
      }
      // Opens and clicks are measured only with the contact's analytics consent (the gate records that too).
      const tracked = (await canProcess(ctx, { workspaceId: c.workspace_id, contactId: contact.id }, 'analytics', 'email_tracking', trx)).allowed;
      out.push({ send, contact: withEmail, tracked });
    }
    return out;
  });
}

type Result = { id: string; sent: { email: string; messageId: string; tracked: boolean; at: string } } | { id: string; skip: SkipReason } | { id: string; rejected: string; at: string };

async function record(ctx: AppContext, workspaceId: string, results: Result[]): Promise<void> {
  if (!results.length) return;
  await ctx.db.k.transaction().execute(async (trx) => {
    for (const r of results) {
      if ('sent' in r) await repo.markSent(trx, r.id, r.sent);
      else if ('skip' in r) await repo.markSkipped(trx, r.id, r.skip);
      else {
        await repo.markRejected(trx, r.id, r.rejected, r.at);
        await suppress(trx, workspaceId, r.rejected, 'hard_bounce', r.at);
      }
    }
  });
}

/** Sends one batch; returns how many rows it handled. A transport failure records what was done, puts the rest back and throws. */
export async function sendBatch(ctx: AppContext, c: CampaignRow, run: string, workspaceName: string, doi: DoubleOptIn, batch: repo.SendRow[]): Promise<number> {
  const k = ctx.db.k;
  const claimed = new Set(await repo.claimMany(k, { campaignId: c.id, run }, batch.map((s) => s.id), ctx.clock.now().toISOString()));
  const plans = await plan(ctx, c, batch.filter((s) => claimed.has(s.id)), doi);
  const results: Result[] = [];
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    if ('skip' in p) {
      if (p.confirmContact) await requestConfirmation(ctx, c.workspace_id, p.confirmContact);
      results.push({ id: p.send.id, skip: p.skip });
      continue;
    }
    const msg = renderCampaignMail(
      { subject: c.subject, html: c.html, category: c.category, workspaceName },
      { sendId: p.send.id, email: p.contact.email, firstName: p.contact.first_name, lastName: p.contact.last_name, locale: p.contact.locale },
      { baseUrl: ctx.config.baseUrl, secret: ctx.secret, tracked: p.tracked },
    );
    try {
      const info = await ctx.mailer.send(msg);
      results.push({ id: p.send.id, sent: { email: p.contact.email, messageId: info.messageId, tracked: p.tracked, at: ctx.clock.now().toISOString() } });
    } catch (err) {
      // The relay refused this address for good (5xx): a hard bounce, never tried again. Anything
      // else (connection lost, 4xx) fails the job, which retries with backoff.
      const code = (err as { responseCode?: unknown }).responseCode;
      if (typeof code === 'number' && code >= 500 && code < 600) {
        results.push({ id: p.send.id, rejected: p.contact.email, at: ctx.clock.now().toISOString() });
        continue;
      }
      await record(ctx, c.workspace_id, results);
      await repo.unclaimMany(k, plans.slice(i).map((x) => x.send.id));
      throw err;
    }
  }
  await record(ctx, c.workspace_id, results);
  return results.length;
}
