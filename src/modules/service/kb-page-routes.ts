import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isbot } from 'isbot';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { publicPage } from '../../http/page.js';
import { currentPolicy } from '../governance/service.js';
import { findWorkspace } from '../workspaces/repo.js';
import { articleBody, helpHomeBody } from './kb-pages.js';
import * as repo from './kb-repo.js';
import { searchPublished } from './kb-search.js';
import { notFoundBody } from './portal-html.js';
import { pickLang, T, type Lang } from './portal-text.js';
import { getServiceSettings } from './settings-service.js';

const readLimit = { rateLimit: { max: 240, timeWindow: '1 minute' } };
const wsParams = z.object({ workspaceId: z.string().min(1).max(100) });
/** The home lists the most read articles; search finds the rest. */
const HOME_ARTICLES = 200;

async function send(ctx: AppContext, reply: FastifyReply, status: number, title: string, lang: Lang, body: string, workspaceId?: string): Promise<FastifyReply> {
  const policyVersion = (await currentPolicy(ctx))?.version;
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(publicPage({ title, lang, policyVersion, workspaceId, body }));
}

/** Public help centre pages: `/help/{workspaceId}` and `/help/{workspaceId}/{locale}/{slug}`. */
export function kbPageRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/help/:workspaceId', { config: readLimit, schema: { hide: true, params: wsParams, querystring: z.object({ lang: z.enum(['en', 'id']).optional(), q: z.string().max(200).optional() }) } }, async (req, reply) => {
    const ws = await findWorkspace(ctx.db.k, req.params.workspaceId);
    const lang = pickLang(req.query.lang, req.headers['accept-language']);
    if (!ws) return send(ctx, reply, 404, '404', lang, notFoundBody(lang));
    const q = (req.query.q ?? '').trim();
    const portal = (await getServiceSettings(ctx, ws.id)).portal_enabled === 1;
    const [categories, articles, hits] = await Promise.all([
      repo.listCategories(ctx.db.k, ws.id),
      repo.publishedArticles(ctx.db.k, ws.id, lang, HOME_ARTICLES),
      q ? searchPublished(ctx, ws.id, q, lang, 20) : Promise.resolve(null),
    ]);
    return send(ctx, reply, 200, T[lang].helpOf(ws.name), lang, helpHomeBody({ workspaceId: ws.id, workspaceName: ws.name, lang, q, hits, categories, articles, portal }), ws.id);
  });

  app.get('/help/:workspaceId/:locale/:slug', { config: readLimit, schema: { hide: true, params: wsParams.extend({ locale: z.string().max(10), slug: z.string().max(200) }) } }, async (req, reply) => {
    const { workspaceId, locale, slug } = req.params;
    const lang: Lang = locale === 'id' ? 'id' : 'en';
    const ws = await findWorkspace(ctx.db.k, workspaceId);
    const article = ws && (locale === 'en' || locale === 'id') ? await repo.findPublishedBySlug(ctx.db.k, ws.id, locale, slug) : undefined;
    if (!ws || !article) return send(ctx, reply, 404, '404', lang, notFoundBody(lang));
    // Crawlers and link previews do not count as readers.
    if (!isbot(req.headers['user-agent'] ?? '')) {
      await repo.countView(ctx.db.k, ws.id, article.id);
      article.views = Number(article.views) + 1;
    }
    const portal = (await getServiceSettings(ctx, ws.id)).portal_enabled === 1;
    const translation = (await repo.groupArticles(ctx.db.k, ws.id, article.group_id)).find((a) => a.id !== article.id && a.status === 'published');
    return send(ctx, reply, 200, article.title, lang, articleBody({ workspaceId: ws.id, workspaceName: ws.name, article, translation, portal }), ws.id);
  });
}
