import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { shortUserAgent, truncateIp } from '../../lib/net.js';
import { confirmPage, invalidPage, preferencesPage, unsubscribePage, type Lang } from './preferences-page.js';
import { confirm } from './send-optin.js';
import { languageOf } from './send-mail.js';
import * as unsub from './unsubscribe-service.js';

const tags = ['marketing'];
const limit = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const tokenParams = z.object({ token: z.string().min(10).max(200) });
const langQuery = z.object({ lang: z.enum(['en', 'id']).optional() });
/** Form posts: the one-click body (`List-Unsubscribe=One-Click`) and the preference switches. */
const formBody = z.record(z.string(), z.string()).nullish();

const meta = (req: FastifyRequest) => ({ ipTruncated: truncateIp(req.ip) ?? undefined, userAgent: shortUserAgent(req.headers['user-agent']) ?? undefined });
const html = 'text/html; charset=utf-8';

/**
 * The links in marketing mail: one-click unsubscribe (RFC 8058: a POST unsubscribes at once, a GET
 * only shows a page, because mail scanners follow links), the preference centre, and the double
 * opt-in confirmation (also a button, for the same reason). No login: the token is the key.
 */
export function unsubscribeRoutes(root: FastifyInstance, ctx: AppContext): void {
  void root.register(async (scope) => {
    // Mail clients post the one-click body form-encoded (RFC 8058 §3.1) or as multipart form data;
    // the body carries nothing the server needs, so it is read as text and only form fields kept.
    scope.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string', bodyLimit: 16_384 }, (req, body, done) => {
      const type = req.headers['content-type'] ?? '';
      done(null, type.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(String(body))) : {});
    });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const pick = (req: { query: { lang?: Lang | undefined } }, locale: string | null): Lang => req.query.lang ?? languageOf(locale);

    app.get('/public/v1/email/unsubscribe/:token', { config: limit, schema: { tags, summary: 'Unsubscribe page (confirm with one button)', params: tokenParams, querystring: langQuery } }, async (req, reply) => {
      const t = await unsub.resolve(ctx, req.params.token);
      const lang = pick(req, t?.locale ?? null);
      if (!t) return reply.status(404).type(html).send(invalidPage(lang));
      const path = `/public/v1/email/unsubscribe/${req.params.token}`;
      return reply.type(html).send(unsubscribePage(lang, path, t.workspaceName, t.email, Boolean(t.send.unsubscribed_at), path.replace('/unsubscribe/', '/preferences/')));
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
      const lang = pick(req, t?.locale ?? null);
      if (!t) return reply.status(404).type(html).send(invalidPage(lang));
      return reply.type(html).send(preferencesPage(lang, `/public/v1/email/preferences/${req.params.token}`, t.workspaceName, t.email, await unsub.preferences(ctx, t), false));
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
