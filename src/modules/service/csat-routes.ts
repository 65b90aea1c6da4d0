import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { HttpError } from '../../http/errors.js';
import { publicPage } from '../../http/page.js';
import { errors } from '../../http/schemas.js';
import { escapeHtml as h } from '../../mail/layout.js';
import { currentPolicy } from '../governance/service.js';
import { csatReport, reportQuery, reportView } from './csat-report.js';
import { answerSurvey, surveyByToken } from './csat-service.js';
import { STYLE } from './portal-html.js';
import { messageBody } from './portal-pages.js';
import { pickLang, T, type Lang } from './portal-text.js';

const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
const params = z.object({ workspaceId: z.string().min(1).max(100), token: z.string().min(1).max(200) });

async function page(ctx: AppContext, reply: FastifyReply, lang: Lang, status: number, title: string, body: string, workspaceId?: string): Promise<FastifyReply> {
  const policyVersion = (await currentPolicy(ctx))?.version;
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(publicPage({ title, lang, policyVersion, workspaceId, body }));
}

function surveyForm(action: string, lang: Lang, number: number, rating: number | undefined, problem?: string): string {
  const t = T[lang];
  const radios = t.csatScale
    .map((label, i) => `<label><input type="radio" name="rating" value="${i + 1}"${rating === i + 1 ? ' checked' : ''} required> ${h(label)}</label>`)
    .join('');
  const err = problem ? `<p class="kp-err" id="kp-rating-err" role="alert">${h(problem)}</p>` : '';
  return `${STYLE}<h1>${h(t.csatTitle)}</h1>
<form method="post" action="${h(action)}"><input type="hidden" name="lang" value="${lang}">
<fieldset class="kp-rating"${problem ? ' aria-describedby="kp-rating-err"' : ''}><legend>${h(t.csatAsk(number))}</legend>${radios}</fieldset>${err}
<div class="kp-field"><label for="kp-comment">${h(t.csatComment)} <span class="kp-muted">(${h(t.optional)})</span></label><textarea id="kp-comment" name="comment" rows="4" maxlength="2000"></textarea></div>
<button type="submit" class="kp-btn">${h(t.csatSubmit)}</button></form>`;
}

/**
 * Satisfaction: the survey page behind the mailed links and the report. The link's GET only shows
 * the choice (mail scanners fetch links); the POST records it, once.
 */
export function csatRoutes(root: FastifyInstance, ctx: AppContext): void {
  const api = root.withTypeProvider<ZodTypeProvider>();
  api.get('/api/v1/service/reports/csat', { schema: { tags: ['service'], summary: 'Satisfaction: responses, average, distribution 1–5, response rate, recent answers (dates inclusive, UTC)', querystring: reportQuery, response: { 200: reportView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return csatReport(ctx, scope, req.query);
  });

  root.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    app.addHook('preHandler', async (req) => {
      const site = req.headers['sec-fetch-site'];
      if (req.method === 'POST' && site && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'csrf_rejected', 'Cross-site request refused');
    });
    const action = (p: z.infer<typeof params>): string => `/support/${encodeURIComponent(p.workspaceId)}/csat/${encodeURIComponent(p.token)}`;

    app.get('/support/:workspaceId/csat/:token', { config: limit, schema: { hide: true, params, querystring: z.object({ rating: z.coerce.number().int().min(1).max(5).optional().catch(undefined), lang: z.enum(['en', 'id']).optional() }) } }, async (req, reply) => {
      const found = await surveyByToken(ctx, req.params.workspaceId, req.params.token);
      const lang = pickLang(req.query.lang, req.headers['accept-language'], found?.lang);
      const t = T[lang];
      if (!found) return page(ctx, reply, lang, 404, t.csatTitle, messageBody(t.csatTitle, t.csatInvalid, null, 'alert'));
      if (found.survey.answered_at) return page(ctx, reply, lang, 200, t.csatTitle, messageBody(t.csatTitle, t.csatAlready, null), req.params.workspaceId);
      return page(ctx, reply, lang, 200, t.csatTitle, surveyForm(action(req.params), lang, found.number, req.query.rating), req.params.workspaceId);
    });

    app.post('/support/:workspaceId/csat/:token', { config: limit, schema: { hide: true, params, body: z.record(z.string().max(50), z.string().max(5000)) } }, async (req, reply) => {
      const found = await surveyByToken(ctx, req.params.workspaceId, req.params.token);
      const lang = pickLang(req.body.lang, req.headers['accept-language'], found?.lang);
      const t = T[lang];
      if (!found) return page(ctx, reply, lang, 404, t.csatTitle, messageBody(t.csatTitle, t.csatInvalid, null, 'alert'));
      const rating = Number(req.body.rating);
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
        return page(ctx, reply, lang, 400, t.csatTitle, surveyForm(action(req.params), lang, found.number, undefined, t.choose), req.params.workspaceId);
      }
      const outcome = await answerSurvey(ctx, found.survey, rating, req.body.comment?.slice(0, 2000));
      return page(ctx, reply, lang, outcome === 'recorded' ? 200 : 409, t.csatTitle, messageBody(t.csatTitle, outcome === 'recorded' ? t.csatThanks : t.csatAlready, null), req.params.workspaceId);
    });
  });
}
