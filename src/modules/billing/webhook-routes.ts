import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { errorSchema, errors } from '../../http/schemas.js';
import { unstorableFields } from '../../http/security.js';
import { midtransWebhook, stripeWebhook } from './webhooks-service.js';

const tags = ['billing'];
const answer = z.object({ received: z.literal(true), outcome: z.string() });
const MAX_BYTES = 256 * 1024;

/**
 * Payment provider webhooks (API.md). The body is kept as the exact bytes received: a signature is
 * over those bytes, and a parsed-and-reserialised body would not match it.
 */
export function billingWebhookRoutes(root: FastifyInstance, ctx: AppContext): void {
  void root.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BYTES }, (_req, body, done) => done(null, body));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const raw = (body: unknown): string => {
      if (typeof body !== 'string' || body.length === 0) throw new HttpError(400, 'invalid_signature', 'The webhook signature is missing, wrong, stale or was used before');
      // The same input hygiene as every JSON route (http/security.ts): the raw body skips the global walk.
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return body;
      }
      const problems = unstorableFields(parsed, 'body');
      if (problems.length > 0) throw new HttpError(400, 'validation_failed', 'Some fields are missing or invalid', problems);
      return body;
    };
    app.post(
      '/public/v1/webhooks/stripe',
      {
        config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Stripe events (Stripe-Signature verified over the raw body, 300 s tolerance); forged, stale or replayed → 400 invalid_signature',
          headers: z.object({ 'stripe-signature': z.string().max(2000).optional() }),
          response: { 200: answer, ...errors, 413: errorSchema, 502: errorSchema },
        },
      },
      async (req) => stripeWebhook(ctx, raw(req.body), req.headers['stripe-signature']),
    );
    app.post(
      '/public/v1/webhooks/midtrans',
      {
        config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Midtrans HTTP notifications (signature_key verified, then confirmed with the status API); forged or replayed → 400 invalid_signature',
          response: { 200: answer, ...errors, 413: errorSchema, 502: errorSchema },
        },
      },
      async (req) => midtransWebhook(ctx, raw(req.body)),
    );
  });
}
