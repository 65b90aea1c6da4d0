import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { HttpError, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as accounts from '../accounts/repo.js';
import * as repo from './campaigns-repo.js';
import { renderCampaignMail } from './send-mail.js';

/** Reusable subjects and bodies with variables, and the test send of a campaign to its author. */
export interface TemplateView {
  id: string;
  name: string;
  subject: string;
  html: string;
  createdAt: string;
  updatedAt: string;
}

const toView = (r: repo.TemplateRow): TemplateView => ({ id: r.id, name: r.name, subject: r.subject, html: r.html, createdAt: r.created_at, updatedAt: r.updated_at });

export async function list(ctx: AppContext, scope: WorkspaceScope, limit: number, cursor?: string): Promise<{ data: TemplateView[]; nextCursor: string | null }> {
  const rows = await repo.listTemplates(ctx.db.k, scope.workspaceId, limit, cursor);
  return { data: rows.map(toView), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<TemplateView> {
  const r = await repo.findTemplate(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('Template');
  return toView(r);
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: { name: string; subject: string; html: string }): Promise<TemplateView> {
  const now = ctx.clock.now();
  const row = { id: newId('tpl', now.getTime()), workspace_id: scope.workspaceId, name: input.name.trim(), subject: input.subject.trim(), html: input.html, created_at: now.toISOString(), updated_at: now.toISOString() };
  await repo.insertTemplate(ctx.db.k, row);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.template_created', target: { type: 'marketing_template', id: row.id } });
  return toView(row);
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: { name?: string | undefined; subject?: string | undefined; html?: string | undefined }): Promise<TemplateView> {
  await get(ctx, scope, id);
  await repo.updateTemplate(ctx.db.k, scope.workspaceId, id, {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.subject !== undefined ? { subject: input.subject.trim() } : {}),
    ...(input.html !== undefined ? { html: input.html } : {}),
    updated_at: ctx.clock.now().toISOString(),
  });
  return get(ctx, scope, id);
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  if (!(await repo.removeTemplate(ctx.db.k, scope.workspaceId, id))) throw notFound('Template');
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.template_deleted', target: { type: 'marketing_template', id } });
}

/**
 * Sends the campaign as it stands to the signed-in member's own address, marked as a test. Only
 * to the caller: a test send to any address would be a way around the consent gate. Its footer
 * links belong to no recipient, so they lead nowhere; there is no tracking.
 */
export async function testSend(ctx: AppContext, scope: WorkspaceScope, campaignId: string): Promise<{ sentTo: string }> {
  const c = await repo.find(ctx.db.k, scope.workspaceId, campaignId);
  if (!c) throw notFound('Campaign');
  const user = scope.userId ? await accounts.findUserById(ctx.db.k, scope.userId) : undefined;
  if (!user) throw new HttpError(400, 'test_needs_user', 'A test send goes to the signed-in member; an API key has no address');
  const ws = await ctx.db.k.selectFrom('workspaces').select('name').where('id', '=', scope.workspaceId).executeTakeFirst();
  const [firstName = null, ...rest] = user.name.split(' ');
  const msg = renderCampaignMail(
    { subject: `[Test] ${c.subject}`, html: c.html, category: c.category, workspaceName: ws?.name ?? 'Kodepos' },
    { sendId: newId('tst', ctx.clock.now().getTime()), email: user.email, firstName, lastName: rest.join(' ') || null, locale: user.locale },
    { baseUrl: ctx.config.baseUrl, secret: ctx.secret, tracked: false },
  );
  await ctx.mailer.send({ ...msg, category: 'transactional' });
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'marketing.campaign_test_sent', target: { type: 'marketing_campaign', id: campaignId } });
  return { sentTo: user.email };
}
