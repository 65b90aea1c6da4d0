import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import * as audit from '../audit/service.js';
import type { DoubleOptIn } from './campaigns-tables.js';

/** A workspace's sending settings; a workspace that never saved any gets the defaults. */
export interface SendSettings {
  ratePerMinute: number;
  doubleOptIn: DoubleOptIn;
  inboundTokenSet: boolean;
}

/** Ten a second: gentle enough for a small self-hosted relay, raised per workspace in settings. */
export const DEFAULT_RATE = 600;

export async function getSettings(k: Kysely<Database>, workspaceId: string): Promise<SendSettings> {
  const r = await k.selectFrom('marketing_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  return { ratePerMinute: r?.rate_per_minute ?? DEFAULT_RATE, doubleOptIn: r?.double_opt_in ?? 'eu', inboundTokenSet: Boolean(r?.inbound_token_hash) };
}

async function save(ctx: AppContext, workspaceId: string, patch: { rate_per_minute?: number; double_opt_in?: DoubleOptIn; inbound_token_hash?: string }): Promise<void> {
  const cur = await getSettings(ctx.db.k, workspaceId);
  const now = ctx.clock.now().toISOString();
  const row = { workspace_id: workspaceId, rate_per_minute: patch.rate_per_minute ?? cur.ratePerMinute, double_opt_in: patch.double_opt_in ?? cur.doubleOptIn, updated_at: now };
  await ctx.db.k
    .insertInto('marketing_settings')
    .values({ ...row, inbound_token_hash: patch.inbound_token_hash ?? null })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...row, ...(patch.inbound_token_hash ? { inbound_token_hash: patch.inbound_token_hash } : {}) }))
    .execute();
}

export async function updateSettings(ctx: AppContext, scope: WorkspaceScope, input: { ratePerMinute?: number | undefined; doubleOptIn?: DoubleOptIn | undefined }): Promise<SendSettings> {
  await save(ctx, scope.workspaceId, { ...(input.ratePerMinute ? { rate_per_minute: input.ratePerMinute } : {}), ...(input.doubleOptIn ? { double_opt_in: input.doubleOptIn } : {}) });
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.settings_changed', details: { ratePerMinute: input.ratePerMinute ?? null, doubleOptIn: input.doubleOptIn ?? null } });
  return getSettings(ctx.db.k, scope.workspaceId);
}

/** A new bearer token for the bounce and complaint endpoint; only its hash is kept, the old one stops working. */
export async function rotateInboundToken(ctx: AppContext, scope: WorkspaceScope): Promise<string> {
  const token = `kpin_${randomToken(24)}`;
  await save(ctx, scope.workspaceId, { inbound_token_hash: sha256Hex(token) });
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.inbound_token_rotated' });
  return token;
}

export async function workspaceOfInboundToken(k: Kysely<Database>, token: string): Promise<string | null> {
  const r = await k.selectFrom('marketing_settings').select('workspace_id').where('inbound_token_hash', '=', sha256Hex(token)).executeTakeFirst();
  return r?.workspace_id ?? null;
}
