import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { getAuth } from '../../http/auth.js';
import { badRequest, forbidden, unauthenticated } from '../../http/errors.js';
import { email, errors } from '../../http/schemas.js';
import { shortUserAgent, truncateIp } from '../../lib/net.js';
import { readChoice, recordChoice, VISITOR_ID } from './consent-public.js';

const tags = ['privacy'];
/**
 * Banners post on every choice and read on page loads, often many visitors behind one office
 * address: looser than the privacy-request intake, still bounded per address.
 */
const postLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
const getLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

const visitorId = z.string().regex(VISITOR_ID, 'must be 16–64 characters of A–Z, a–z, 0–9, _ or -');
const purposes = z.object({ analytics: z.boolean(), marketing: z.boolean(), personalization: z.boolean(), ads: z.boolean() });

const choiceBody = z.object({
  visitorId: visitorId.optional().describe('A random id the page keeps in a first-party cookie; minted when absent'),
  email: email.optional().describe('Links the choice to the signed-in account with this address; for a workspace contact, only withdrawals apply'),
  purposes,
  source: z.enum(['banner', 'form', 'preference_centre']),
  policyVersion: z.string().min(1).max(50).optional().describe('Default: the policy version in force'),
  wordingVersion: z.string().min(1).max(100).optional().describe('Which text of the banner or form was shown'),
  workspaceId: z.string().min(1).max(100).optional().describe('The workspace whose site asked; absent: the platform itself'),
});

const choiceAnswer = z.object({
  visitorId: z.string(),
  purposes,
  updatedAt: z.string().nullable(),
  gpc: z.boolean().describe('Sec-GPC: 1 was sent, so ads is denied whatever the body said'),
  linkedAccount: z.boolean(),
});

const stateQuery = z.object({ visitorId: visitorId.optional(), email: email.optional() });
const stateAnswer = z.object({ purposes, updatedAt: z.string().nullable(), gpc: z.boolean() });

const gpcOn = (req: FastifyRequest): boolean => req.headers['sec-gpc'] === '1';

/**
 * The banner runs on customers' sites and calls these cross-origin. It sends no credentials (the
 * visitor id travels in the body), so any origin may read the answer; a signed-in account's state
 * (`email=`) needs the session cookie, which a cross-site request does not carry.
 */
const CORS = { 'access-control-allow-origin': '*' };
async function anyOrigin(_req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  void reply.headers(CORS);
  return payload;
}

export function consentPublicRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.options('/public/v1/consent', { schema: { hide: true } }, async (_req, reply) =>
    reply.status(204).headers({ ...CORS, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' }).send());

  app.post('/public/v1/consent', {
    config: postLimit,
    onSend: anyOrigin,
    schema: { tags, summary: 'Record a visitor’s consent choice (history kept; Sec-GPC: 1 denies ads)', body: choiceBody, response: { 201: choiceAnswer, ...errors } },
  }, async (req, reply) => {
    const auth = await getAuth(ctx, req).catch(() => null);
    const answer = await recordChoice(ctx, req.body, {
      gpc: gpcOn(req),
      ipTruncated: truncateIp(req.ip),
      userAgent: shortUserAgent(req.headers['user-agent']),
      user: auth?.user ?? null,
    });
    return reply.status(201).header('cache-control', 'no-store').send(answer);
  });

  app.get('/public/v1/consent', {
    config: getLimit,
    onSend: anyOrigin,
    schema: { tags, summary: 'The current choice of a visitor id, or of the signed-in account (email= its own address)', querystring: stateQuery, response: { 200: stateAnswer, ...errors } },
  }, async (req, reply) => {
    const q = req.query;
    if ((q.visitorId === undefined) === (q.email === undefined)) {
      throw badRequest('validation_failed', 'Send exactly one of visitorId or email', [{ field: 'querystring.visitorId', message: 'send exactly one of visitorId or email' }]);
    }
    let subject;
    if (q.email !== undefined) {
      // Only the account's own address: a consent state is personal data of its holder.
      const user = (await getAuth(ctx, req).catch(() => null))?.user;
      if (!user) throw unauthenticated();
      if (user.email.trim().toLowerCase() !== q.email.trim().toLowerCase()) throw forbidden('Only your own address');
      subject = { workspaceId: null, userId: user.id };
    } else {
      subject = { workspaceId: null, visitorId: q.visitorId };
    }
    return reply.header('cache-control', 'no-store').send(await readChoice(ctx, subject, gpcOn(req)));
  });
}
