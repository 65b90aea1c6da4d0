import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requestMeta, requireUser } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import { shortUserAgent, truncateIp } from '../../lib/net.js';
import { deletionBody, emailPreferences, emailPreferencesBody } from './requests-schema.js';
import * as service from './selfservice.js';

const tags = ['privacy'];
const limit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** The signed-in user's own privacy controls (platform scope). */
export function selfServiceRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post('/api/v1/me/export', {
    config: limit,
    schema: { tags, summary: 'Email me a download link to a copy of my data', response: { 202: z.object({ id: z.string() }), ...errors } },
  }, async (req, reply) => {
    const { user } = await requireUser(ctx, req);
    return reply.status(202).send(await service.requestExport(ctx, user));
  });

  app.post('/api/v1/me/deletion', {
    config: limit,
    schema: { tags, summary: 'Delete my account after a 14-day grace period (confirmed with the password)', body: deletionBody, response: { 202: z.object({ scheduledAt: z.string() }), ...errors } },
  }, async (req, reply) => {
    const { user } = await requireUser(ctx, req);
    return reply.status(202).send(await service.scheduleDeletion(ctx, user, req.body.password));
  });

  app.delete('/api/v1/me/deletion', {
    schema: { tags, summary: 'Cancel the scheduled deletion of my account', response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
  }, async (req) => {
    const { user } = await requireUser(ctx, req);
    await service.cancelDeletion(ctx, user);
    return { ok: true as const };
  });

  app.get('/api/v1/me/email-preferences', {
    schema: { tags, summary: 'Which emails I receive (security alerts always)', response: { 200: emailPreferences, ...errors } },
  }, async (req) => service.emailPreferences(ctx, (await requireUser(ctx, req)).user.id));

  app.put('/api/v1/me/email-preferences', {
    schema: { tags, summary: 'Choose which emails I receive (recorded as marketing consent)', body: emailPreferencesBody, response: { 200: emailPreferences, ...errors } },
  }, async (req) => {
    const { user } = await requireUser(ctx, req);
    const meta = requestMeta(req);
    return service.setEmailPreferences(ctx, user.id, req.body, { ipTruncated: truncateIp(meta.ip) ?? undefined, userAgent: shortUserAgent(meta.userAgent) ?? undefined });
  });
}
