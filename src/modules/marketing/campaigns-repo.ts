import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { CampaignStatus, MarketingCampaignsTable, MarketingTemplatesTable, SendStatus } from './campaigns-tables.js';

/** SQL of campaigns and templates. */
export type CampaignRow = Selectable<MarketingCampaignsTable>;
export type TemplateRow = Selectable<MarketingTemplatesTable>;

export async function list(k: Kysely<Database>, workspaceId: string, limit: number, cursor?: string): Promise<CampaignRow[]> {
  let q = k.selectFrom('marketing_campaigns').selectAll().where('workspace_id', '=', workspaceId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function find(k: Kysely<Database>, workspaceId: string, id: string): Promise<CampaignRow | undefined> {
  return k.selectFrom('marketing_campaigns').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insert(k: Kysely<Database>, row: MarketingCampaignsTable): Promise<void> {
  await k.insertInto('marketing_campaigns').values(row).execute();
}

export async function update(k: Kysely<Database>, workspaceId: string, id: string, patch: Partial<MarketingCampaignsTable>): Promise<void> {
  await k.updateTable('marketing_campaigns').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Moves the status only from one of `from` (and, given `run`, only under that chain); false when another request moved it first. */
export async function transition(k: Kysely<Database>, workspaceId: string, id: string, from: CampaignStatus[], patch: Partial<MarketingCampaignsTable> & { status: CampaignStatus }, run?: string): Promise<boolean> {
  let q = k.updateTable('marketing_campaigns').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).where('status', 'in', from);
  if (run !== undefined) q = q.where((eb) => eb.or([eb('run_id', '=', run), eb('run_id', 'is', null)]));
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Recipients per send status for some campaigns. */
export async function statusCounts(k: Kysely<Database>, workspaceId: string, campaignIds: string[]): Promise<Map<string, Record<SendStatus, number>>> {
  const out = new Map<string, Record<SendStatus, number>>();
  if (!campaignIds.length) return out;
  const rows = await k
    .selectFrom('marketing_sends')
    .select(['campaign_id', 'status', sql<number>`count(*)`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('campaign_id', 'in', campaignIds)
    .groupBy(['campaign_id', 'status'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.campaign_id) ?? { queued: 0, sending: 0, sent: 0, skipped: 0, bounced: 0 };
    c[r.status] = Number(r.n);
    out.set(r.campaign_id, c);
  }
  return out;
}

export async function listExists(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  return (await k.selectFrom('marketing_lists').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function segmentExists(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  return (await k.selectFrom('marketing_segments').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function listTemplates(k: Kysely<Database>, workspaceId: string, limit: number, cursor?: string): Promise<TemplateRow[]> {
  let q = k.selectFrom('marketing_templates').selectAll().where('workspace_id', '=', workspaceId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function findTemplate(k: Kysely<Database>, workspaceId: string, id: string): Promise<TemplateRow | undefined> {
  return k.selectFrom('marketing_templates').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insertTemplate(k: Kysely<Database>, row: MarketingTemplatesTable): Promise<void> {
  await k.insertInto('marketing_templates').values(row).execute();
}

export async function updateTemplate(k: Kysely<Database>, workspaceId: string, id: string, patch: Partial<MarketingTemplatesTable>): Promise<void> {
  await k.updateTable('marketing_templates').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function removeTemplate(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('marketing_templates').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
