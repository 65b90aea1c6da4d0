import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { publicPage } from '../../http/page.js';
import { currentPolicy } from '../governance/service.js';
import { searchPublished } from './kb-search.js';
import { contentDisposition } from './tickets-attachments.js';
import { notFoundBody } from './portal-html.js';
import { messageBody, portalHomeBody, signInBody, ticketBody, ticketsBody } from './portal-pages.js';
import { LINK_LIMIT, TICKET_LIMIT } from './portal-routes.js';
import { formValues, magicLinkInput, pageProblems, replyInput, ticketInput } from './portal-schema.js';
import * as portal from './portal-service.js';
import { pickLang, T, type Lang } from './portal-text.js';

export const PORTAL_COOKIE = 'kodepos_portal';
const readLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
const wsParams = z.object({ workspaceId: z.string().min(1).max(100) });
const langQuery = z.object({ lang: z.enum(['en', 'id']).optional() });
const formBody = z.record(z.string().max(100), z.string().max(25_000));

interface Page {
  status?: number;
  title: string;
  body: string;
  workspaceId?: string;
}

async function html(ctx: AppContext, reply: FastifyReply, lang: Lang, p: Page): Promise<FastifyReply> {
  const policyVersion = (await currentPolicy(ctx))?.version;
  return reply.status(p.status ?? 200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(publicPage({ title: p.title, lang, policyVersion, workspaceId: p.workspaceId, body: p.body }));
}

/** The portal, or a 404 page when the workspace is unknown or its portal is off. */
async function workspaceOr404(ctx: AppContext, reply: FastifyReply, id: string, lang: Lang): Promise<portal.PortalWorkspace | null> {
  try {
    return await portal.portalWorkspace(ctx, id);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) {
      await html(ctx, reply, lang, { status: 404, title: '404', body: notFoundBody(lang) });
      return null;
    }
    throw err;
  }
}

/** A record the requester may not see is a 404 page; anything else is a real failure. */
function nullIfNotFound(err: unknown): null {
  if (err instanceof HttpError && err.status === 404) return null;
  throw err;
}

/** Form posts must come from the portal's own pages (the cookie is SameSite=Lax besides). */
function crossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (!origin) return false;
  const host = req.headers.host;
  return origin === 'null' || !host || (origin !== `http://${host}` && origin !== `https://${host}`);
}

const base = (ws: string): string => `/support/${encodeURIComponent(ws)}`;

function setPortalCookie(ctx: AppContext, reply: FastifyReply, ws: string, value: string): void {
  void reply.setCookie(PORTAL_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: Boolean(ctx.config.tls) || ctx.config.baseUrl.startsWith('https:'), path: base(ws), maxAge: portal.SESSION_TTL_MS / 1000 });
}

/** Customer portal pages under `/support/{workspaceId}`. */
export function portalPageRoutes(root: FastifyInstance, ctx: AppContext): void {
  root.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    app.addHook('preHandler', async (req) => {
      if (req.method === 'POST' && crossSite(req)) throw new HttpError(403, 'csrf_rejected', 'Cross-site request refused');
    });
    const langOf = (req: FastifyRequest, explicit: unknown, ws?: portal.PortalWorkspace): Lang => pickLang(explicit, req.headers['accept-language'], ws?.defaultLocale);
    const emailOf = (req: FastifyRequest, ws: portal.PortalWorkspace): Promise<string | undefined> => portal.sessionEmail(ctx, ws, req.cookies[PORTAL_COOKIE]);

    app.get('/support/:workspaceId', { config: readLimit, schema: { hide: true, params: wsParams, querystring: langQuery } }, async (req, reply) => {
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, req.query.lang));
      if (!ws) return reply;
      const lang = langOf(req, req.query.lang, ws);
      const signedIn = Boolean(await emailOf(req, ws));
      return html(ctx, reply, lang, { title: T[lang].portalOf(ws.name), workspaceId: ws.id, body: portalHomeBody({ workspaceId: ws.id, workspaceName: ws.name, lang, signedIn }) });
    });

    app.post('/support/:workspaceId', { config: TICKET_LIMIT, schema: { hide: true, params: wsParams, body: formBody } }, async (req, reply) => {
      const values = formValues(req.body);
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, values.lang));
      if (!ws) return reply;
      const lang = langOf(req, values.lang, ws);
      const title = T[lang].portalOf(ws.name);
      const parsed = ticketInput.safeParse({ ...values, source: undefined, locale: lang });
      if (!parsed.success) {
        return html(ctx, reply, lang, { status: 400, title, workspaceId: ws.id, body: portalHomeBody({ workspaceId: ws.id, workspaceName: ws.name, lang, values, problems: pageProblems(parsed.error, lang) }) });
      }
      // Before the first send, articles matching the subject are shown once more with a "send anyway" button.
      if (values.confirmed !== '1' && !parsed.data.website) {
        const suggestions = await searchPublished(ctx, ws.id, parsed.data.subject, lang, 5);
        if (suggestions.length) return html(ctx, reply, lang, { title, workspaceId: ws.id, body: portalHomeBody({ workspaceId: ws.id, workspaceName: ws.name, lang, values, suggestions }) });
      }
      const r = await portal.submitTicket(ctx, ws, parsed.data, 'portal');
      // Post/redirect/get: a reload of the confirmation does not send the request again.
      return reply.redirect(`${base(ws.id)}/sent?n=${r.number}&lang=${lang}`, 303);
    });

    app.get('/support/:workspaceId/sent', { config: readLimit, schema: { hide: true, params: wsParams, querystring: langQuery.extend({ n: z.coerce.number().int().min(0).max(1e9).default(0) }) } }, async (req, reply) => {
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, req.query.lang));
      if (!ws) return reply;
      const lang = langOf(req, req.query.lang, ws);
      const t = T[lang];
      return html(ctx, reply, lang, { title: t.sent, workspaceId: ws.id, body: messageBody(t.sent, t.sentBody(req.query.n), { href: `${base(ws.id)}?lang=${lang}`, label: t.backToPortal }) });
    });

    app.post('/support/:workspaceId/sign-in', { config: LINK_LIMIT, schema: { hide: true, params: wsParams, body: formBody } }, async (req, reply) => {
      const values = formValues(req.body);
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, values.lang));
      if (!ws) return reply;
      const lang = langOf(req, values.lang, ws);
      const t = T[lang];
      const parsed = magicLinkInput.safeParse({ email: values.email });
      if (!parsed.success) {
        return html(ctx, reply, lang, { status: 400, title: t.portalOf(ws.name), workspaceId: ws.id, body: portalHomeBody({ workspaceId: ws.id, workspaceName: ws.name, lang, problems: pageProblems(parsed.error, lang, 'link.') }) });
      }
      await portal.requestMagicLink(ctx, ws, parsed.data.email, lang);
      return html(ctx, reply, lang, { title: t.linkSent, workspaceId: ws.id, body: messageBody(t.linkSent, t.linkSentBody, { href: `${base(ws.id)}?lang=${lang}`, label: t.backToPortal }) });
    });

    // The mailed link shows a button; only its POST uses the link (scanners that fetch links do not sign in).
    app.get('/support/:workspaceId/sign-in', { config: readLimit, schema: { hide: true, params: wsParams, querystring: langQuery.extend({ token: z.string().max(200).default('') }) } }, async (req, reply) => {
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, req.query.lang));
      if (!ws) return reply;
      const lang = langOf(req, req.query.lang, ws);
      const t = T[lang];
      if (!(await portal.checkLink(ctx, ws, req.query.token))) {
        return html(ctx, reply, lang, { status: 410, title: t.signInTitle, workspaceId: ws.id, body: messageBody(t.signInTitle, t.linkInvalid, { href: `${base(ws.id)}?lang=${lang}#kp-mine`, label: t.myTickets }, 'alert') });
      }
      return html(ctx, reply, lang, { title: t.signInTitle, workspaceId: ws.id, body: signInBody(ws.id, lang, req.query.token) });
    });

    app.post('/support/:workspaceId/sign-in/confirm', { config: LINK_LIMIT, schema: { hide: true, params: wsParams, body: formBody } }, async (req, reply) => {
      const values = formValues(req.body);
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, values.lang));
      if (!ws) return reply;
      const lang = langOf(req, values.lang, ws);
      const t = T[lang];
      const cookie = await portal.signIn(ctx, ws, values.token ?? '');
      if (!cookie) {
        return html(ctx, reply, lang, { status: 410, title: t.signInTitle, workspaceId: ws.id, body: messageBody(t.signInTitle, t.linkInvalid, { href: `${base(ws.id)}?lang=${lang}#kp-mine`, label: t.myTickets }, 'alert') });
      }
      setPortalCookie(ctx, reply, ws.id, cookie);
      return reply.redirect(`${base(ws.id)}/tickets?lang=${lang}`, 303);
    });

    app.post('/support/:workspaceId/sign-out', { config: readLimit, schema: { hide: true, params: wsParams, body: formBody.optional() } }, async (req, reply) => {
      const values = formValues(req.body);
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, values.lang));
      if (!ws) return reply;
      await portal.signOut(ctx, ws, req.cookies[PORTAL_COOKIE]);
      void reply.clearCookie(PORTAL_COOKIE, { path: base(ws.id) });
      return reply.redirect(`${base(ws.id)}?lang=${langOf(req, values.lang, ws)}`, 303);
    });

    app.get('/support/:workspaceId/tickets', { config: readLimit, schema: { hide: true, params: wsParams, querystring: langQuery } }, async (req, reply) => {
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, req.query.lang));
      if (!ws) return reply;
      const lang = langOf(req, req.query.lang, ws);
      const email = await emailOf(req, ws);
      if (!email) return reply.redirect(`${base(ws.id)}?lang=${lang}#kp-mine`, 303);
      const tickets = await portal.myTickets(ctx, ws, email);
      return html(ctx, reply, lang, { title: T[lang].yourTickets, workspaceId: ws.id, body: ticketsBody({ workspaceId: ws.id, workspaceName: ws.name, lang, email, tickets }) });
    });

    app.get('/support/:workspaceId/tickets/:id', { config: readLimit, schema: { hide: true, params: wsParams.extend({ id: z.string().min(1).max(100) }), querystring: langQuery.extend({ replied: z.literal('1').optional() }) } }, async (req, reply) => {
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, req.query.lang));
      if (!ws) return reply;
      const lang = langOf(req, req.query.lang, ws);
      const email = await emailOf(req, ws);
      if (!email) return reply.redirect(`${base(ws.id)}?lang=${lang}#kp-mine`, 303);
      const found = await portal.myTicket(ctx, ws, email, req.params.id).catch(nullIfNotFound);
      if (!found) return html(ctx, reply, lang, { status: 404, title: '404', workspaceId: ws.id, body: notFoundBody(lang) });
      return html(ctx, reply, lang, { title: found.ticket.subject, workspaceId: ws.id, body: ticketBody({ workspaceId: ws.id, lang, email, ...found, replied: req.query.replied === '1' }) });
    });

    app.get('/support/:workspaceId/tickets/:id/attachments/:attachmentId', { config: readLimit, schema: { hide: true, params: wsParams.extend({ id: z.string().min(1).max(100), attachmentId: z.string().min(1).max(100) }) } }, async (req, reply) => {
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, undefined));
      if (!ws) return reply;
      const lang = langOf(req, undefined, ws);
      const email = await emailOf(req, ws);
      const found = email ? await portal.myAttachment(ctx, ws, email, req.params.id, req.params.attachmentId).catch(nullIfNotFound) : null;
      if (!found) return html(ctx, reply, lang, { status: 404, title: '404', workspaceId: ws.id, body: notFoundBody(lang) });
      return reply
        .header('content-type', found.row.content_type)
        .header('content-disposition', contentDisposition(found.row.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(found.bytes);
    });

    app.post('/support/:workspaceId/tickets/:id/replies', { config: TICKET_LIMIT, schema: { hide: true, params: wsParams.extend({ id: z.string().min(1).max(100) }), body: formBody } }, async (req, reply) => {
      const values = formValues(req.body);
      const ws = await workspaceOr404(ctx, reply, req.params.workspaceId, langOf(req, values.lang));
      if (!ws) return reply;
      const lang = langOf(req, values.lang, ws);
      const email = await emailOf(req, ws);
      if (!email) return reply.redirect(`${base(ws.id)}?lang=${lang}#kp-mine`, 303);
      const found = await portal.myTicket(ctx, ws, email, req.params.id).catch(nullIfNotFound);
      if (!found) return html(ctx, reply, lang, { status: 404, title: '404', workspaceId: ws.id, body: notFoundBody(lang) });
      const parsed = replyInput.safeParse({ body: values.body });
      if (!parsed.success) {
        const problem = pageProblems(parsed.error, lang)[0]?.message;
        return html(ctx, reply, lang, { status: 400, title: found.ticket.subject, workspaceId: ws.id, body: ticketBody({ workspaceId: ws.id, lang, email, ...found, problem }) });
      }
      const ticketId = await portal.reply(ctx, ws, email, found.ticket.id, parsed.data.body);
      return reply.redirect(`${base(ws.id)}/tickets/${encodeURIComponent(ticketId)}?lang=${lang}&replied=1`, 303);
    });
  });
}
