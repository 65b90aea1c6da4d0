import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import { getServiceSettings, rotateInboundToken, settingsView, updateServiceSettings } from './settings-service.js';
import { AUTO_ASSIGN_MODES, SERVICE_LOCALES } from './tables.js';

const tags = ['service'];

const settingsSchema = z.object({
  autoAssign: z.enum(AUTO_ASSIGN_MODES),
  csatEnabled: z.boolean(),
  portalEnabled: z.boolean(),
  defaultLocale: z.enum(SERVICE_LOCALES),
  inboundToken: z.string().describe('read-only; the secret part of the inbound address'),
  inboundAddress: z.string().describe('read-only; forward support mail here'),
  portalUrl: z.string().describe('read-only; the customer portal'),
});
const settingsPatch = z.object({
  autoAssign: z.enum(AUTO_ASSIGN_MODES).optional(),
  csatEnabled: z.boolean().optional(),
  portalEnabled: z.boolean().optional(),
  defaultLocale: z.enum(SERVICE_LOCALES).optional(),
});

export function settingsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/service/settings', { schema: { tags, summary: 'Help desk settings, with the inbound address and portal link', response: { 200: settingsSchema, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return settingsView(ctx, await getServiceSettings(ctx, scope.workspaceId));
  });

  app.patch('/api/v1/service/settings', { schema: { tags, summary: 'Change help desk settings', body: settingsPatch, response: { 200: settingsSchema, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return updateServiceSettings(ctx, scope, req.body);
  });

  app.post('/api/v1/service/settings/rotate-inbound-token', { schema: { tags, summary: 'A new inbound address: mail to the old one is refused from now on', response: { 200: settingsSchema, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return rotateInboundToken(ctx, scope);
  });
}
