import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { HttpError, notFound } from '../../http/errors.js';
import { shortUserAgent, truncateIp } from '../../lib/net.js';
import { confirmPage, preferencesPage, unsubscribePage, type Lang } from './preferences-page.js';
import { confirm } from './send-optin.js';
import { languageOf } from './send-mail.js';
import * as unsub from './unsubscribe-service.js';

const tags = ['marketing'];
const limit = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const tokenParams = z.object({ token: z.string().min(10).max(200) });
const langQuery = z.object({ lang: z.enum(['en', 'id']).optional() });
/** Form posts: the one-click body (`List-Unsubscribe=One-Click`) and the preference switches. */
const formBody = z.record(z.string(), z.string()).nullish();

/** Text fields of a small multipart/form-data body, or null when it is not well-formed. */
export function multipartFields(type: string, body: string): Record<string, string> | null {
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary || !body.trimEnd().endsWith(`--${boundary}--`)) return null;
  const out: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`).slice(1, -1)) {
    const [head = '', ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const name = /name="([^"]+)"/i.exec(head)?.[1];
    if (!name) return null;
    out[name] = rest.join('\n\n').replace(/\r?\n$/, '');
  }
  return out;
}

const meta = (req: FastifyRequest) => ({ ipTruncated: truncateIp(req.ip) ?? undefined, userAgent: shortUserAgent(req.headers['user-agent']) ?? undefined });
const html = 'text/html; charset=utf-8';

/**
 * The links in marketing mail: one-click unsubscribe (RFC 8058: a POST unsubscribes at once, a GET
 * only shows a page, because mail scanners follow links), the preference centre, and the double
 * opt-in confirmation (also a button, for the same reason). No login: the token is the key.
 */
export function unsubscribeRoutes(root: FastifyInstance, ctx: AppContext): void {
  void root.register(async (scope) => {
    // Mail clients post the one-click body form-encoded or as multipart form data (RFC 8058 §3.1);
    // only its form fields are kept, and a body that is not well-formed is refused with a 400.
    scope.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string', bodyLimit: 16_384 }, (req, body, done) => {
      const type = req.headers['content-type'] ?? '';
      const fields = type.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(String(body))) : multipartFields(type, String(body));
      if (fields) done(null, fields);
      else done(new HttpError(400, 'invalid_body', 'The form data is not well-formed'), undefined);
    });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const pick = (req: { query: { lang?: Lang | undefined } }, locale: string | null): Lang => req.query.lang ?? languageOf(locale);

    app.get('/public/v1/email/unsubscribe/:token', { config: limit, schema: { tags, summary: 'Unsubscribe page (confirm with one button)', params: tokenParams, querystring: langQuery } }, async (req, reply) => {
      const t = await unsub.resolve(ctx, req.params.token);
      if (!t) throw notFound('Subscription');
      const path = `/public/v1/email/unsubscribe/${req.params.token}`;
      return reply.type(html).send(unsubscribePage(pick(req, t.locale), path, t.workspaceName, t.email, Boolean(t.send.unsubscribed_at), path.replace('/unsubscribe/', '/preferences/')));
    });

    app.post('/public/v1/email/unsubscribe/:token', { config: limit, schema: { tags, summary: 'One-click unsubscribe (RFC 8058): unsubscribes at once, idempotent', params: tokenParams, querystring: langQuery, body: formBody } }, async (req, reply) => {
      const t = await unsub.resolve(ctx, req.params.token);
      if (!t) throw notFound('Subscription');
      await unsub.unsubscribe(ctx, t, meta(req));
      const path = `/public/v1/email/unsubscribe/${req.params.token}`;
      return reply.type(html).send(unsubscribePage(pick(req, t.locale), path, t.workspaceName, t.email, true, path.replace('/unsubscribe/', '/preferences/')));
    });

    app.get('/public/v1/email/preferences/:token', { config: limit, schema: { tags, summary: 'Preference centre: one switch per category', params: tokenParams, querystring: langQuery } }, async (req, reply) => {
      const t = await unsub.resolve(ctx, req.params.token);
      if (!t) throw notFound('Subscription');
      return reply.type(html).send(preferencesPage(pick(req, t.locale), `/public/v1/email/preferences/${req.params.token}`, t.workspaceName, t.email, await unsub.preferences(ctx, t), false));
    });

    app.post('/public/v1/email/preferences/:token', { config: limit, schema: { tags, summary: 'Save the preference centre switches (form fields productUpdates, promotions = "on")', params: tokenParams, querystring: langQuery, body: formBody } }, async (req, reply) => {
      const t = await unsub.resolve(ctx, req.params.token);
      if (!t) throw notFound('Subscription');
      const body = req.body ?? {};
      const prefs = await unsub.setPreferences(ctx, t, { productUpdates: body.productUpdates === 'on', promotions: body.promotions === 'on' }, meta(req));
      return reply.type(html).send(preferencesPage(pick(req, t.locale), `/public/v1/email/preferences/${req.params.token}`, t.workspaceName, t.email, prefs, true));
    });

    app.get('/public/v1/email/confirm/:token', { config: limit, schema: { tags, summary: 'Double opt-in: the confirmation page', params: tokenParams, querystring: langQuery } }, async (req, reply) => {
      return reply.type(html).send(confirmPage(req.query.lang ?? 'en', `/public/v1/email/confirm/${req.params.token}`, false));
    });

    app.post('/public/v1/email/confirm/:token', { config: limit, schema: { tags, summary: 'Double opt-in: confirm (records the consent)', params: tokenParams, querystring: langQuery, body: formBody } }, async (req, reply) => {
      const r = await confirm(ctx, req.params.token, meta(req));
      if (r === 'invalid') throw notFound('Confirmation');
      return reply.type(html).send(confirmPage(req.query.lang ?? 'en', `/public/v1/email/confirm/${req.params.token}`, true));
    });
  });
}
