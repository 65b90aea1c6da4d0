/** A workspace's billing details: what its next invoices are addressed to. */
import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import { record, type Actor } from '../audit/service.js';
import * as repo from './repo.js';

export interface DetailsView {
  company: string;
  address: string;
  country: string;
  taxId: string | null;
  email: string;
  updatedAt: string;
}

export async function get(ctx: AppContext, workspaceId: string): Promise<DetailsView | null> {
  const d = await repo.details(ctx.db.k, workspaceId);
  return d ? { company: d.company, address: d.address, country: d.country, taxId: d.tax_id, email: d.email, updatedAt: d.updated_at } : null;
}

export async function save(ctx: AppContext, workspaceId: string, userId: string | null, actor: Actor, i: { company: string; address: string; country: string; taxId?: string | null | undefined; email: string }): Promise<DetailsView> {
  const at = ctx.clock.now().toISOString();
  await repo.upsertDetails(ctx.db.k, { id: newId('bdt'), workspace_id: workspaceId, user_id: userId, company: i.company, address: i.address, country: i.country, tax_id: i.taxId || null, email: i.email.trim().toLowerCase(), created_at: at, updated_at: at });
  await record(ctx.db, ctx.clock, { actor, workspaceId, action: 'billing.details_updated', target: { type: 'workspace', id: workspaceId }, details: { fields: ['company', 'address', 'country', 'taxId', 'email'] } });
  const d = await get(ctx, workspaceId);
  if (!d) throw new Error('billing details vanished');
  return d;
}
