import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';

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

export interface FieldProblem {
  field: string;
  message: string;
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Fastify's own errors, with our code and a message that does not echo the request back. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The body is empty but Content-Type says JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'Request body is too large (limit 1 MB)'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length', 'Request body size did not match Content-Length'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'The URL is not valid'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'A path segment is too long'],
  FST_ERR_INVALID_URL: [400, 'bad_url', 'The URL is not valid'],
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: [400, 'missing_content_type', 'Send a Content-Type header'],
  FST_ERR_ROUTE_MISSING_CONTENT: [400, 'missing_body', 'This request needs a body'],
  FST_ERR_NOT_FOUND: [404, 'not_found', 'Not found'],
};

/** A code for any other 4xx that a plugin raises, so the shape holds whatever the source. */
const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  411: 'length_required',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  431: 'headers_too_large',
};

interface ValidationEntry {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function validationDetails(context: string | undefined, entries: ValidationEntry[]): FieldProblem[] {
  return entries.map((v) => {
    const path = String(v.instancePath ?? '')
      .split('/')
      .filter(Boolean);
    const missing = v.params?.missingProperty;
    if (typeof missing === 'string') path.push(missing);
    return { field: [context ?? 'body', ...path].join('.'), message: v.message ?? 'is invalid' };
  });
}

/**
 * Values the caller sent (body, query, path). An unexpected error often quotes one of them
 * (a name, an address), and free text cannot be recognised by pattern, so they are cut out of
 * what is logged before the logger's own scrubbing runs.
 */
function sentValues(req: FastifyRequest): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string' && v.length >= 3) out.add(v);
    else if (v && typeof v === 'object' && depth < 6) for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(req.body, 0);
  walk(req.query, 0);
  walk(req.params, 0);
  return [...out].sort((a, b) => b.length - a.length);
}

function cut(text: string | undefined, values: string[]): string | undefined {
  if (text === undefined) return undefined;
  return values.reduce((t, v) => t.split(v).join('[redacted]'), text);
}

function loggableError(err: FastifyError, req: FastifyRequest): Record<string, unknown> {
  const values = sentValues(req);
  return {
    type: err.name,
    code: typeof err.code === 'string' ? err.code : undefined,
    message: cut(err.message, values),
    stack: cut(err.stack, values),
  };
}

function clientStatus(err: FastifyError): number | undefined {
  const s = err.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : undefined;
}

function routePath(req: FastifyRequest): string | undefined {
  return req.routeOptions.url;
}

/** Maps every error to the API.md shape; anything unexpected is a logged 500 with no detail leaked. */
export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof HttpError) {
    if (err.headers) void reply.headers(err.headers);
    return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
  }
  // Schema failures from the zod type provider (or any other validator Fastify runs).
  if (Array.isArray(err.validation)) {
    const details = validationDetails(err.validationContext, err.validation);
    return reply.status(400).send(errorBody('validation_failed', 'Some fields are missing or invalid', details));
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err: loggableError(err, req), route: routePath(req) }, 'response did not match its schema');
    return reply.status(500).send(errorBody('internal_error', 'Something went wrong on our side'));
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) return reply.status(known[0]).send(errorBody(known[1], known[2]));
  const status = clientStatus(err);
  if (status) {
    return reply
      .status(status)
      .send(errorBody(STATUS_CODES[status] ?? 'bad_request', err.message || 'Request refused'));
  }
  req.log.error({ err: loggableError(err, req), route: routePath(req) }, 'unhandled error');
  return reply.status(500).send(errorBody('internal_error', 'Something went wrong on our side'));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
}

/**
 * For errors the router raises before any hook runs (a bad %-escape, an over-long path
 * segment): the same JSON shape, plus the headers the hooks would have added.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-content-type-options', 'nosniff');
  void handleError(err, req, reply);
}

/** Malformed HTTP (oversized headers, garbage request line): answered in the error shape, then closed. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers are too large']
        : [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP'];
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
