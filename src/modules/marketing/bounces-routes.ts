import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { errors } from '../../http/schemas.js';
import { handleInbound } from './bounces-service.js';
import { workspaceOfInboundToken } from './send-settings.js';

const tags = ['marketing'];
const answer = z.object({ kind: z.enum(['hard_bounce', 'soft_bounce', 'complaint', 'ignored']), matched: z.boolean().describe('The report named a mail this workspace sent') });
const RAW_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

/**
 * The inbound endpoint for bounces and complaints: the relay or mailbox that receives them posts
 * each one as raw MIME. Public (a mail system has no session), so a per-workspace bearer token
 * (Settings → inbound token) says whose reports these are.
 */
export function bouncesRoutes(root: FastifyInstance, ctx: AppContext): void {
  void root.register(async (scope) => {
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: 5 * 1_048_576 }, (_req, body, done) => done(null, body));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/public/v1/marketing/inbound',
      {
        config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: { tags, summary: 'Report a bounce (RFC 3464 DSN) or complaint (RFC 5965 ARF) as raw MIME (Content-Type: message/rfc822)', headers: z.object({ authorization: z.string().max(200).optional() }), response: { 202: answer, ...errors } },
      },
      async (req, reply) => {
        const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const workspaceId = token ? await workspaceOfInboundToken(ctx.db.k, token) : null;
        if (!workspaceId) throw new HttpError(401, 'unauthenticated', 'Send the workspace inbound token as Authorization: Bearer', undefined, { 'www-authenticate': 'Bearer' });
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'missing_body', 'Send the raw message as the body with Content-Type: message/rfc822');
        return reply.status(202).send(await handleInbound(ctx, workspaceId, req.body));
      },
    );
  });
}
