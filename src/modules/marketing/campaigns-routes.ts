import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams, listQuery } from '../../http/schemas.js';
import * as campaigns from './campaigns-service.js';
import { campaignInput, campaignPatch, campaignView, inboundTokenAnswer, sendInput, settingsPatch, settingsView } from './campaigns-schema.js';
import { getSettings, rotateInboundToken, updateSettings } from './send-settings.js';

const tags = ['marketing'];
const pageQuery = listQuery.omit({ q: true });

/** Campaigns and the workspace's sending settings (API.md: `/api/v1/campaigns`). */
export function campaignsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/campaigns', { schema: { tags, summary: 'Campaigns with their progress, newest first', querystring: pageQuery, response: { 200: z.object({ data: z.array(campaignView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return campaigns.list(ctx, scope, req.query.limit, req.query.cursor);
  });

  app.post('/api/v1/campaigns', { schema: { tags, summary: 'Create a draft campaign for a list (or a segment)', body: campaignInput, response: { 201: campaignView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await campaigns.create(ctx, scope, req.body));
  });

  app.get('/api/v1/campaigns/:id', { schema: { tags, summary: 'One campaign', params: idParams, response: { 200: campaignView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return campaigns.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/campaigns/:id', { schema: { tags, summary: 'Change a draft (409 campaign_not_draft otherwise)', params: idParams, body: campaignPatch, response: { 200: campaignView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return campaigns.update(ctx, scope, req.params.id, req.body);
  });

  app.post('/api/v1/campaigns/:id/send', { schema: { tags, summary: 'Send now or at scheduledAt; runs as a job (202)', params: idParams, body: sendInput.optional(), response: { 202: campaignView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(202).send(await campaigns.send(ctx, scope, req.params.id, req.body?.scheduledAt));
  });

  app.post('/api/v1/campaigns/:id/pause', { schema: { tags, summary: 'Pause a sending or scheduled campaign', params: idParams, response: { 200: campaignView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return campaigns.pause(ctx, scope, req.params.id);
  });

  app.post('/api/v1/campaigns/:id/resume', { schema: { tags, summary: 'Resume a paused or failed campaign: sending continues with the recipients not yet handled (at the scheduled time if that is still ahead)', params: idParams, response: { 202: campaignView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(202).send(await campaigns.resume(ctx, scope, req.params.id));
  });

  app.get('/api/v1/marketing/settings', { schema: { tags, summary: 'Sending settings: rate per minute, double opt-in rule', response: { 200: settingsView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return getSettings(ctx.db.k, scope.workspaceId);
  });

  app.patch('/api/v1/marketing/settings', { schema: { tags, summary: 'Change the sending settings (workspace admins)', body: settingsPatch, response: { 200: settingsView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return updateSettings(ctx, scope, req.body);
  });

  app.post('/api/v1/marketing/settings/inbound-token', { schema: { tags, summary: 'New token for the bounce and complaint endpoint (the old one stops working)', response: { 201: inboundTokenAnswer, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return reply.status(201).send({ token: await rotateInboundToken(ctx, scope) });
  });
}
