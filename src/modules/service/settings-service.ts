import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { randomToken } from '../../lib/crypto.js';
import * as audit from '../audit/service.js';
import { inboundDomain, replyAddress } from './mail-compose.js';
import * as repo from './settings-repo.js';
import type { AutoAssignMode, ServiceLocale, ServiceSettingsTable } from './tables.js';

/** Random 32 characters, URL- and address-safe (the part after `support+`). */
export const newInboundToken = (): string => randomToken(24);

/** The workspace's help desk settings; the row is created with the defaults on first use. */
export async function getServiceSettings(ctx: AppContext, workspaceId: string): Promise<ServiceSettingsTable> {
  const hit = await repo.find(ctx.db.k, workspaceId);
  if (hit) return hit;
  await repo.insertDefaults(ctx.db.k, workspaceId, newInboundToken(), ctx.clock.now().toISOString());
  const row = await repo.find(ctx.db.k, workspaceId);
  if (!row) throw new Error('service settings row missing after insert');
  return row;
}

export interface SettingsView {
  autoAssign: AutoAssignMode;
  csatEnabled: boolean;
  portalEnabled: boolean;
  defaultLocale: ServiceLocale;
  inboundToken: string;
  inboundAddress: string;
  portalUrl: string;
}

export function settingsView(ctx: AppContext, row: ServiceSettingsTable): SettingsView {
  return {
    autoAssign: row.auto_assign,
    csatEnabled: row.csat_enabled === 1,
    portalEnabled: row.portal_enabled === 1,
    defaultLocale: row.default_locale === 'id' ? 'id' : 'en',
    inboundToken: row.inbound_token,
    inboundAddress: replyAddress(inboundDomain(ctx.config), row.inbound_token),
    portalUrl: `${ctx.config.baseUrl.replace(/\/$/, '')}/support/${row.workspace_id}`,
  };
}

export interface SettingsPatch {
  autoAssign?: AutoAssignMode | undefined;
  csatEnabled?: boolean | undefined;
  portalEnabled?: boolean | undefined;
  defaultLocale?: ServiceLocale | undefined;
}

export async function updateServiceSettings(ctx: AppContext, scope: WorkspaceScope, patch: SettingsPatch): Promise<SettingsView> {
  await getServiceSettings(ctx, scope.workspaceId);
  const set: Parameters<typeof repo.update>[2] = { updated_at: ctx.clock.now().toISOString() };
  if (patch.autoAssign !== undefined) set.auto_assign = patch.autoAssign;
  if (patch.csatEnabled !== undefined) set.csat_enabled = patch.csatEnabled ? 1 : 0;
  if (patch.portalEnabled !== undefined) set.portal_enabled = patch.portalEnabled ? 1 : 0;
  if (patch.defaultLocale !== undefined) set.default_locale = patch.defaultLocale;
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.update(trx, scope.workspaceId, set);
    const fields = Object.keys(patch).filter((f) => patch[f as keyof SettingsPatch] !== undefined);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.settings_changed', details: { fields } }, trx);
  });
  return settingsView(ctx, await getServiceSettings(ctx, scope.workspaceId));
}

/** A new inbound token: the old support address stops accepting mail at once. */
export async function rotateInboundToken(ctx: AppContext, scope: WorkspaceScope): Promise<SettingsView> {
  await getServiceSettings(ctx, scope.workspaceId);
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.update(trx, scope.workspaceId, { inbound_token: newInboundToken(), updated_at: ctx.clock.now().toISOString() });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.inbound_token_rotated' }, trx);
  });
  return settingsView(ctx, await getServiceSettings(ctx, scope.workspaceId));
}
