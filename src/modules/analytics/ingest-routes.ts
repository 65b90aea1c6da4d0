import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { windowLimit } from '../../http/rate-window.js';
import { errors } from '../../http/schemas.js';
import { bufferFor } from './buffer.js';
import { eventValidatorCompiler } from './ingest-check.js';
import { LOG_LEVEL, warnLogger } from './ingest-log.js';
import { ingestEvent } from './ingest.js';
import { eventAnswer, eventBody } from './schema.js';

const tags = ['analytics'];

/** The two possible answers, serialized once. */
const RECORDED = JSON.stringify({ recorded: true });
const DROPPED = JSON.stringify({ recorded: false });
function answer(reply: FastifyReply, recorded: boolean): void {
  void reply.status(202).header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8').send(recorded ? RECORDED : DROPPED);
}

/**
 * `POST /public/v1/events`. navigator.sendBeacon can only send text/plain without a CORS preflight,
 * so a text/plain body holding JSON is read like application/json. The parsers are set in a scope of
 * their own so no other route starts accepting text/plain.
 */
export function ingestRoutes(root: FastifyInstance, ctx: AppContext): void {
  const buffer = bufferFor(ctx);
  buffer.start();
  /**
   * Per client address, decided synchronously (http/rate-window.ts). Accepted events carry no
   * x-ratelimit-* headers: a beacon never reads its answer. A refusal says when to retry.
   */
  const limited = windowLimit(ctx.config.analyticsRateLimit, 60_000);
  root.addHook('onClose', async () => buffer.close());

  void root.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        // The same answer as Fastify's own JSON parser gives on every other route.
        done(new HttpError(400, 'invalid_json', 'The body is not valid JSON'), undefined);
      }
    });
    const app = scope.withTypeProvider<ZodTypeProvider>();

    app.options('/public/v1/events', { schema: { hide: true }, config: { securityHeaders: 'cross-site' } }, async (_req, reply) =>
      reply.status(204).headers({ 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' }).send());

    app.post('/public/v1/events', {
      // The snippet posts from customers' sites with no credentials (the visitor id travels in the
      // body): any origin may send and read the answer, errors included (see http/headers.ts).
      config: { securityHeaders: 'cross-site' },
      onRequest: limited,
      // One log line pair per page view and heartbeat would be most of the log and a fifth of the
      // cost of an event; failures (4xx, 5xx) still reach the log through the error handler.
      logLevel: LOG_LEVEL,
      childLoggerFactory: (logger, bindings, opts) => warnLogger(logger, bindings, opts),
      // The answer is built here from a boolean, so re-checking it against its schema per event buys
      // nothing; the schema still documents it. (Error answers come from the error handler.)
      serializerCompiler: () => (data) => JSON.stringify(data),
      // The zod schema stays the definition; most bodies pass a quick check first (ingest-check.ts).
      validatorCompiler: eventValidatorCompiler,
      schema: {
        tags,
        consumes: ['application/json', 'text/plain'],
        summary: 'Record a page view, a heartbeat (time on page) or a feature use; JSON as application/json or text/plain',
        body: eventBody,
        response: { 202: eventAnswer, ...errors },
      },
    }, (req, reply) => {
      // Nearly every event is decided from memory, so the answer is sent without waiting on a promise.
      const recorded = ingestEvent(ctx, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] });
      if (typeof recorded === 'boolean') {
        answer(reply, recorded);
        return undefined;
      }
      return recorded.then((r) => answer(reply, r));
    });
  });
}
