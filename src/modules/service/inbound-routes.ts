import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { errorSchema, errors } from '../../http/schemas.js';
import { MAX_MAIL_BYTES } from './inbound-parse.js';
import { receiveTicketMail } from './inbound-service.js';
import { workspaceOfToken } from './mail-repo.js';

const tags = ['service'];
const RAW_TYPES = ['message/rfc822', 'text/plain'];
const answer = z.object({
  ticketId: z.string().nullable(),
  messageId: z.string().nullable(),
  created: z.boolean().describe('A new ticket was opened'),
  ignored: z.enum(['automatic', 'loop']).nullable().describe('Nothing stored: an auto-reply or bounce, or mail from our own addresses'),
});

/**
 * Inbound support mail as raw MIME, posted by the relay or mailbox that receives it. Public (a
 * mail system has no session): the workspace's inbound token, as a bearer token, says whose mail it is.
 */
export function inboundRoutes(root: FastifyInstance, ctx: AppContext): void {
  void root.register(async (scope) => {
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: MAX_MAIL_BYTES }, (_req, body, done) => done(null, body));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/public/v1/service/inbound',
      {
        config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Deliver one support email as raw MIME (Content-Type: message/rfc822); a repeated Message-ID answers 200 with the same ids',
          headers: z.object({ authorization: z.string().max(200).optional() }),
          response: { 200: answer, 202: answer, ...errors, 413: errorSchema },
        },
      },
      async (req, reply) => {
        const token = /^Bearer\s+(\S{1,200})$/i.exec(req.headers.authorization ?? '')?.[1];
        const workspaceId = token ? await workspaceOfToken(ctx.db.k, token) : null;
        if (!workspaceId) throw new HttpError(401, 'unauthenticated', 'Send the workspace inbound token (service settings) as Authorization: Bearer', undefined, { 'www-authenticate': 'Bearer' });
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'missing_body', 'Send the raw message as the body with Content-Type: message/rfc822');
        const r = await receiveTicketMail(ctx, workspaceId, req.body);
        return reply.status(r.duplicate ? 200 : 202).send({ ticketId: r.ticketId, messageId: r.messageId, created: r.created, ignored: r.ignored });
      },
    );
  });
}
