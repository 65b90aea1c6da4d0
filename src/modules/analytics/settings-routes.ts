import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { requireOperator, requireWorkspace } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import { settingsAnswer, settingsPatch } from './schema.js';
import { analyticsSettings, updateAnalyticsSettings } from './service.js';

const tags = ['analytics'];
const read = { tags, response: { 200: settingsAnswer, ...errors } };
const write = { tags, body: settingsPatch, response: { 200: settingsAnswer, ...errors } };

/** Analytics settings of a workspace's site (owners and admins) and of the platform's own site (operators). */
export function analyticsSettingsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/analytics/settings', { schema: { ...read, summary: 'How this workspace counts visitors without consent, and how long raw events are kept' } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return analyticsSettings(ctx, scope.workspaceId);
  });
  app.patch('/api/v1/analytics/settings', { schema: { ...write, summary: 'Change this workspace’s analytics mode or raw-event retention' } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return updateAnalyticsSettings(ctx, scope.workspaceId, req.body, scope.actor);
  });

  app.get('/api/v1/platform/analytics/settings', { schema: { ...read, summary: 'Analytics settings of the platform’s own site' } }, async (req) => {
    await requireOperator(ctx, req);
    return analyticsSettings(ctx, null);
  });
  app.patch('/api/v1/platform/analytics/settings', { schema: { ...write, summary: 'Change the analytics settings of the platform’s own site' } }, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return updateAnalyticsSettings(ctx, null, req.body, actor);
  });
}
