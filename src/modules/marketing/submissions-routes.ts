import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { publicPage } from '../../http/page.js';
import { errors, idParams } from '../../http/schemas.js';
import { shortUserAgent, truncateIp } from '../../lib/net.js';
import { currentPolicy } from '../governance/service.js';
import { publicForm } from './forms-service.js';
import { AGE_TEXT } from './forms-age.js';
import { formBody, notFoundBody, pickLang, thanksBody, thanksTitle, underageBody, type PageLang } from './forms-page.js';
import { publicFormView } from './forms-schema.js';
import { submit } from './submissions.js';

const tags = ['forms'];
/** Per address: a person sends a form a few times at most; an office behind one address, a few dozen. */
export const SUBMIT_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };
const readLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

const submissionBody = z
  .record(z.string().max(100), z.union([z.string().max(10_000), z.boolean(), z.number(), z.null()]))
  .describe('Answers by field key, each ticked consent box by its key (true or "on"), optional visitorId (the kodepos_vid cookie); JSON or application/x-www-form-urlencoded');
const submissionAnswer = z.object({ id: z.string(), status: z.literal('received') });

/** Forms are embedded on customers' sites and post without credentials, so any origin may call these. */
const CORS = { 'access-control-allow-origin': '*' };
async function anyOrigin(_req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  void reply.headers(CORS);
  return payload;
}

const meta = (req: FastifyRequest) => ({ ipTruncated: truncateIp(req.ip), userAgent: shortUserAgent(req.headers['user-agent']) });

/** Renders the hosted page of a published form, or a 404 page. */
export async function renderHosted(ctx: AppContext, reply: FastifyReply, formId: string, opts: { lang: PageLang; action: string; values?: Record<string, unknown>; problems?: { field: string; message: string }[]; status?: number }): Promise<FastifyReply> {
  const policyVersion = (await currentPolicy(ctx))?.version;
  const form = await publicForm(ctx, formId).catch((err: unknown) => {
    if (err instanceof HttpError && err.status === 404) return null;
    throw err;
  });
  const html = form
    ? publicPage({ title: form.row.name, lang: opts.lang, policyVersion, workspaceId: form.row.workspace_id, body: formBody({ form: form.view, title: form.row.name, lang: opts.lang, action: opts.action, values: opts.values, problems: opts.problems }) })
    : publicPage({ title: '404', lang: opts.lang, policyVersion, body: notFoundBody(opts.lang) });
  return reply.status(form ? (opts.status ?? 200) : 404).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** Public form endpoints: the definition, the submission (JSON or form-encoded), the hosted page. */
export function formPublicRoutes(root: FastifyInstance, ctx: AppContext): void {
  // HTML forms post application/x-www-form-urlencoded; parsed here only, for these routes.
  root.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.options('/public/v1/forms/:id/submissions', { schema: { hide: true } }, async (_req, reply) =>
      reply.status(204).headers({ ...CORS, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' }).send());

    app.get('/public/v1/forms/:id', { config: readLimit, onSend: anyOrigin, schema: { tags, summary: 'A published form as a page renders it (fields, consent wording and its version)', params: idParams, response: { 200: publicFormView, ...errors } } }, async (req, reply) =>
      reply.header('cache-control', 'no-store').send((await publicForm(ctx, req.params.id)).view));

    app.post('/public/v1/forms/:id/submissions', {
      config: SUBMIT_LIMIT,
      onSend: anyOrigin,
      schema: { tags, summary: 'Submit a form: creates or updates the contact, records each ticked consent with its wording version, assigns a follow-up task', params: idParams, body: submissionBody, response: { 201: submissionAnswer, ...errors } },
    }, async (req, reply) => {
      const r = await submit(ctx, req.params.id, req.body, meta(req));
      return reply.status(201).header('cache-control', 'no-store').send({ id: r.id, status: 'received' as const });
    });

    const pageQuery = z.object({ lang: z.enum(['en', 'id']).optional() });
    app.get('/f/:id', { config: readLimit, schema: { hide: true, params: idParams, querystring: pageQuery } }, async (req, reply) =>
      renderHosted(ctx, reply, req.params.id, { lang: pickLang(req.query.lang, req.headers['accept-language']), action: `/f/${req.params.id}` }));

    app.post('/f/:id', { config: SUBMIT_LIMIT, schema: { hide: true, params: idParams, body: submissionBody } }, async (req, reply) => {
      const lang = pickLang(req.body.kp_lang, req.headers['accept-language']);
      try {
        await submit(ctx, req.params.id, req.body, meta(req));
      } catch (err) {
        // A birth date under 18: say why, show nothing of what was typed (it was not kept).
        if (err instanceof HttpError && err.code === 'underage' && !Array.isArray(err.details)) {
          const policyVersion = (await currentPolicy(ctx))?.version;
          return reply.status(400).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(publicPage({ title: AGE_TEXT.underage[lang].split('.')[0] ?? '', lang, policyVersion, body: underageBody(lang, AGE_TEXT.underage[lang], `/f/${req.params.id}?lang=${lang}`) }));
        }
        if (err instanceof HttpError && (err.code === 'validation_failed' || err.code === 'underage')) {
          return renderHosted(ctx, reply, req.params.id, { lang, action: `/f/${req.params.id}`, values: req.body, problems: err.details as { field: string; message: string }[], status: 400 });
        }
        if (err instanceof HttpError && err.status === 404) return renderHosted(ctx, reply, req.params.id, { lang, action: `/f/${req.params.id}` });
        throw err;
      }
      // Post/redirect/get: a reload of the thank-you page does not send the form again.
      return reply.redirect(`/f/${encodeURIComponent(req.params.id)}/thanks?lang=${lang}`, 303);
    });

    app.get('/f/:id/thanks', { config: readLimit, schema: { hide: true, params: idParams, querystring: pageQuery } }, async (req, reply) => {
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      const policyVersion = (await currentPolicy(ctx))?.version;
      return reply.type('text/html; charset=utf-8').send(publicPage({ title: thanksTitle(lang), lang, policyVersion, body: thanksBody(lang, `/f/${req.params.id}?lang=${lang}`) }));
    });
  });
}
