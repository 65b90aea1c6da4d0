import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { MarketingSendsTable, SkipReason } from './campaigns-tables.js';

/** SQL of the per-recipient send rows. */
export type SendRow = Selectable<MarketingSendsTable>;

export async function insertQueued(k: Kysely<Database>, rows: MarketingSendsTable[]): Promise<void> {
  if (!rows.length) return;
  await k
    .insertInto('marketing_sends')
    .values(rows)
    .onConflict((oc) => oc.columns(['campaign_id', 'contact_id']).doNothing())
    .execute();
}

export async function countFor(k: Kysely<Database>, campaignId: string): Promise<number> {
  const r = await k.selectFrom('marketing_sends').select(sql<number>`count(*)`.as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function nextQueued(k: Kysely<Database>, campaignId: string, limit: number): Promise<SendRow[]> {
  return k.selectFrom('marketing_sends').selectAll().where('campaign_id', '=', campaignId).where('status', '=', 'queued').orderBy('id').limit(limit).execute();
}

/** Rows a crashed worker left claimed longer than the lease go back to the queue. */
export async function releaseStale(k: Kysely<Database>, campaignId: string, before: string): Promise<void> {
  await k.updateTable('marketing_sends').set({ status: 'queued', claimed_at: null }).where('campaign_id', '=', campaignId).where('status', '=', 'sending').where('claimed_at', '<', before).execute();
}

/**
 * Takes the rows of a batch for this worker; returns the ids it got (another worker may hold some).
 * Only while the campaign is sending under this chain: one statement, so a resume committed before
 * it leaves a job of the old chain with nothing, on either database.
 */
export async function claimMany(k: Kysely<Database>, chain: { campaignId: string; run: string }, ids: string[], at: string): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await k
    .updateTable('marketing_sends')
    .set({ status: 'sending', claimed_at: at })
    .where('id', 'in', ids)
    .where('status', '=', 'queued')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('marketing_campaigns')
          .select('marketing_campaigns.id')
          .where('marketing_campaigns.id', '=', chain.campaignId)
          .where('marketing_campaigns.status', '=', 'sending')
          .where((w) => w.or([w('marketing_campaigns.run_id', '=', chain.run), w('marketing_campaigns.run_id', 'is', null)])),
      ),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function unclaimMany(k: Kysely<Database>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await k.updateTable('marketing_sends').set({ status: 'queued', claimed_at: null }).where('id', 'in', ids).where('status', '=', 'sending').execute();
}

export async function contactsOf(k: Kysely<Database>, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  return k.selectFrom('contacts').select(['id', 'email', 'first_name', 'last_name', 'locale', 'country']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

export async function markSent(k: Kysely<Database>, id: string, v: { email: string; messageId: string; tracked: boolean; at: string }): Promise<void> {
  await k.updateTable('marketing_sends').set({ status: 'sent', email: v.email, message_id: v.messageId, tracked: v.tracked ? 1 : 0, sent_at: v.at }).where('id', '=', id).execute();
}

export async function markSkipped(k: Kysely<Database>, id: string, reason: SkipReason): Promise<void> {
  await k.updateTable('marketing_sends').set({ status: 'skipped', skip_reason: reason }).where('id', '=', id).execute();
}

export async function markRejected(k: Kysely<Database>, id: string, email: string, at: string): Promise<void> {
  await k.updateTable('marketing_sends').set({ status: 'bounced', email, bounced_at: at }).where('id', '=', id).execute();
}

export async function pending(k: Kysely<Database>, campaignId: string): Promise<number> {
  const r = await k
    .selectFrom('marketing_sends')
    .select(sql<number>`count(*)`.as('n'))
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Mails the workspace sent since `since`: the rate limit holds across all its campaigns. */
export async function sentSince(k: Kysely<Database>, workspaceId: string, since: string): Promise<number> {
  const r = await k.selectFrom('marketing_sends').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', workspaceId).where('sent_at', '>=', since).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findById(k: Kysely<Database>, id: string): Promise<SendRow | undefined> {
  return k.selectFrom('marketing_sends').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setTimeOnce(k: Kysely<Database>, id: string, column: 'opened_at' | 'clicked_at' | 'unsubscribed_at' | 'complained_at', at: string): Promise<void> {
  await k.updateTable('marketing_sends').set({ [column]: at }).where('id', '=', id).where(column, 'is', null).execute();
}
