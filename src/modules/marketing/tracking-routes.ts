import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { errors } from '../../http/schemas.js';
import { recordClick, recordOpen } from './tracking-service.js';

const tags = ['marketing'];
const limit = { rateLimit: { max: 300, timeWindow: '1 minute' } };
const token = z.string().min(10).max(200);
/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Open pixel and click redirect of tracked campaign mail (tracking-service.ts says when they count). */
export function trackingRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/public/v1/email/open/:token', { config: limit, schema: { tags, summary: 'Open pixel (counts only for contacts who allowed tracking)', params: z.object({ token }) } }, async (req, reply) => {
    await recordOpen(ctx, req.params.token);
    // The same image whatever the token: the answer tells nothing about the link.
    return reply.type('image/gif').header('cache-control', 'no-store, max-age=0').send(PIXEL);
  });

  app.get('/public/v1/email/click/:token/:index', { config: limit, schema: { tags, summary: 'Click redirect to a link of the campaign (never elsewhere)', params: z.object({ token, index: z.coerce.number().int().min(0).max(10_000) }), response: { 404: errors[404] } } }, async (req, reply) => {
    const url = await recordClick(ctx, req.params.token, req.params.index);
    if (!url) throw notFound('Link');
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });
}
