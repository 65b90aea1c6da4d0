import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { getAuth, requireUser, requireWorkspace } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { errors, idParams, listQuery, page } from '../../http/schemas.js';
import * as keys from './apikeys.js';
import * as s from './schema.js';
import * as service from './service.js';

const tags = ['workspaces'];

function invitationView(r: { id: string; email: string; role: string; created_at: string; expires_at: string; accepted_at: string | null }) {
  return { id: r.id, email: r.email, role: r.role, createdAt: r.created_at, expiresAt: r.expires_at, acceptedAt: r.accepted_at };
}

export function workspacesRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/workspace', { schema: { tags, summary: 'The current workspace' } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const ws = await service.findWorkspace(ctx.db.k, scope.workspaceId);
    if (!ws) throw notFound('Workspace');
    return { id: ws.id, name: ws.name, dataRegion: ws.data_region, require2fa: ws.require_2fa === 1, role: scope.role };
  });

  app.patch('/api/v1/workspace', { schema: { tags, summary: 'Rename the workspace or require two-factor', body: s.workspacePatch } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    const ws = await service.updateWorkspace(ctx, scope.workspaceId, req.body, scope.actor);
    if (!ws) throw notFound('Workspace');
    return { id: ws.id, name: ws.name, dataRegion: ws.data_region, require2fa: ws.require_2fa === 1, role: scope.role };
  });

  app.post('/api/v1/workspaces', { schema: { tags, summary: 'Create another workspace you own', body: s.createWorkspaceBody } }, async (req, reply) => {
    const { user } = await requireUser(ctx, req);
    const ws = await ctx.db.k.transaction().execute((trx) =>
      service.createWorkspace(ctx, trx, { name: req.body.name, ownerId: user.id, dataRegion: req.body.dataRegion }, { type: 'user', id: user.id }),
    );
    return reply.status(201).send(ws);
  });

  app.get('/api/v1/members', { schema: { tags, summary: 'Members of the workspace', querystring: listQuery, response: { 200: z.object({ data: z.array(s.memberView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return page(await service.listMembers(ctx.db.k, scope.workspaceId, req.query.limit, req.query.cursor), req.query.limit);
  });

  app.patch('/api/v1/members/:id', { schema: { tags, summary: "Change a member's role", params: idParams, body: s.roleBody } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'members.manage');
    return service.changeRole(ctx, scope.workspaceId, req.params.id, req.body.role, scope.actor, scope.role ?? 'admin');
  });

  app.delete('/api/v1/members/:id', { schema: { tags, summary: 'Remove a member', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'members.manage');
    await service.removeMember(ctx, scope.workspaceId, req.params.id, scope.actor, scope.role ?? 'admin');
    return reply.status(204).send();
  });

  app.get('/api/v1/invitations', { schema: { tags, summary: 'Open invitations', querystring: listQuery, response: { 200: z.object({ data: z.array(s.invitationView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'members.manage');
    const rows = await service.listInvitations(ctx.db.k, scope.workspaceId, req.query.limit, req.query.cursor);
    return page(rows.map(invitationView), req.query.limit);
  });

  app.post('/api/v1/invitations', { schema: { tags, summary: 'Invite someone by email', body: s.inviteBody, response: { 201: s.invitationView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'members.manage');
    const inv = await service.invite(ctx, scope.workspaceId, req.body, scope.actor, scope.role);
    return reply.status(201).send(invitationView(inv));
  });

  app.delete('/api/v1/invitations/:id', { schema: { tags, summary: 'Revoke an invitation', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'members.manage');
    await service.revokeInvitation(ctx, scope.workspaceId, req.params.id, scope.actor);
    return reply.status(204).send();
  });

  app.post('/api/v1/invitations/accept', { schema: { tags, summary: 'Join a workspace with an invitation token', body: s.acceptBody } }, async (req) => {
    const { user } = await requireUser(ctx, req);
    return { workspace: await service.acceptInvitationForUser(ctx, req.body.token, user) };
  });

  app.get('/api/v1/api-keys', { schema: { tags, summary: "The workspace's API keys", querystring: listQuery, response: { 200: z.object({ data: z.array(s.apiKeyView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'apikeys.manage');
    return page(await keys.listKeys(ctx, scope.workspaceId, req.query.limit, req.query.cursor), req.query.limit);
  });

  app.post('/api/v1/api-keys', { schema: { tags, summary: 'Create an API key (shown once)', body: s.apiKeyBody, response: { 201: s.apiKeyView.extend({ key: z.string() }), ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'apikeys.manage');
    const caller = (await getAuth(ctx, req)).apiKey;
    return reply.status(201).send(await keys.createKey(ctx, scope.workspaceId, req.body, scope.actor, caller?.scopes ?? null));
  });

  app.delete('/api/v1/api-keys/:id', { schema: { tags, summary: 'Revoke an API key', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'apikeys.manage');
    await keys.revokeKey(ctx, scope.workspaceId, req.params.id, scope.actor);
    return reply.status(204).send();
  });
}
