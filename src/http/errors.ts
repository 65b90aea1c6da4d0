import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** The one HTTP error: a status, a machine-readable code, a message, optional details. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what = 'Record'): HttpError => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'Your role may not do this'): HttpError => new HttpError(403, 'forbidden', message);
export const unauthenticated = (): HttpError => new HttpError(401, 'unauthenticated', 'Sign in or send an API key');
export const badRequest = (code: string, message: string, details?: unknown): HttpError =>
  new HttpError(400, code, message, details);
export const conflict = (code: string, message: string): HttpError => new HttpError(409, code, message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
  FST_ERR_VALIDATION: [400, 'validation_failed'],
};

function statusCode(err: FastifyError): number | undefined {
  const s = err.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : undefined;
}

/** Maps every error to the API.md shape; anything unexpected is a logged 500 with no detail leaked. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HttpError) {
      if (err.headers) void reply.headers(err.headers);
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        field: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      return reply.status(400).send(body('validation_failed', 'Some fields are missing or invalid', details));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, route: req.routeOptions.url }, 'response did not match its schema');
      return reply.status(500).send(body('internal_error', 'Something went wrong on our side'));
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(known[0]).send(body(known[1], err.message));
    if (err.statusCode === 429) {
      return reply.status(429).send(body('rate_limited', 'Too many requests, slow down'));
    }
    const status = statusCode(err);
    if (status) return reply.status(status).send(body('bad_request', err.message));
    req.log.error({ err, route: req.routeOptions.url }, 'unhandled error');
    return reply.status(500).send(body('internal_error', 'Something went wrong on our side'));
  });
}
