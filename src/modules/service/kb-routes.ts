import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { articleInput, articleListQuery, articlePatch, articleView, categoryInput, categoryPatch, categoryView, searchAnswer, searchQuery } from './kb-schema.js';
import { searchPublished } from './kb-search.js';
import * as kb from './kb-service.js';

const tags = ['knowledge base'];
const paged = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
const readLimit = { rateLimit: { max: 240, timeWindow: '1 minute' } };

/** Knowledge base: the admin API (`/api/v1/kb/…`) and the public search. */
export function kbRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/kb/categories', { schema: { tags, summary: 'Knowledge-base categories in their order', response: { 200: paged(categoryView), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return kb.listCategories(ctx, scope);
  });

  app.post('/api/v1/kb/categories', { schema: { tags, summary: 'Create a category (names in English and Bahasa Indonesia)', body: categoryInput, response: { 201: categoryView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await kb.createCategory(ctx, scope, req.body));
  });

  app.patch('/api/v1/kb/categories/:id', { schema: { tags, summary: 'Rename, re-slug or move a category', params: idParams, body: categoryPatch, response: { 200: categoryView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return kb.updateCategory(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/kb/categories/:id', { schema: { tags, summary: 'Delete a category (its articles stay, uncategorised)', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await kb.deleteCategory(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/kb/articles', { schema: { tags, summary: 'Articles, newest first; filter by status, locale, category, words', querystring: articleListQuery, response: { 200: paged(articleView), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return kb.listArticles(ctx, scope, req.query);
  });

  app.post('/api/v1/kb/articles', { schema: { tags, summary: 'Create an article; groupId makes it the other-language version of an existing one', body: articleInput, response: { 201: articleView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await kb.createArticle(ctx, scope, req.body));
  });

  app.get('/api/v1/kb/articles/:id', { schema: { tags, summary: 'One article with its Markdown rendered and its other-language version', params: idParams, response: { 200: articleView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return kb.getArticle(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/kb/articles/:id', { schema: { tags, summary: 'Edit an article; status publishes or unpublishes it', params: idParams, body: articlePatch, response: { 200: articleView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return kb.updateArticle(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/kb/articles/:id', { schema: { tags, summary: 'Delete an article', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await kb.deleteArticle(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/public/v1/kb/:workspaceId/search', {
    config: readLimit,
    schema: { tags: ['public'], summary: 'Search published help articles (word prefixes; title matches first)', params: z.object({ workspaceId: z.string().min(1).max(100) }), querystring: searchQuery, response: { 200: searchAnswer, ...errors } },
  }, async (req, reply) => {
    const data = await searchPublished(ctx, req.params.workspaceId, req.query.q, req.query.locale, req.query.limit);
    // The help widget asks from customers' sites; published articles are public anyway.
    return reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=60').send({ data });
  });
}
