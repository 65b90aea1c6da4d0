import type { AppContext } from '../../context.js';
import { tx } from '../../db/db.js';
import { conflict, notFound } from '../../http/errors.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { renderArticle } from './kb-markdown.js';
import * as repo from './kb-repo.js';
import type { ArticleInput, ArticleListQuery, ArticlePatch, ArticleView, CategoryInput, CategoryPatch, CategoryView } from './kb-schema.js';
import { searchWords } from './kb-search.js';

/** Knowledge-base rules: categories, articles in English and Bahasa Indonesia, publishing. */

export function slugify(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return s || 'article';
}

/** The first free slug of base, base-2, base-3 … */
async function freeSlug(taken: (s: string) => Promise<boolean>, base: string): Promise<string> {
  if (!(await taken(base))) return base;
  for (let i = 2; ; i++) {
    const s = `${base.slice(0, 90)}-${i}`;
    if (!(await taken(s))) return s;
  }
}

export const articleUrl = (ctx: AppContext, workspaceId: string, locale: string, slug: string): string =>
  `${ctx.config.baseUrl.replace(/\/$/, '')}/help/${encodeURIComponent(workspaceId)}/${locale}/${encodeURIComponent(slug)}`;

const categoryView = (r: repo.CategoryRow): CategoryView => ({ id: r.id, slug: r.slug, nameEn: r.name_en, nameId: r.name_id, position: r.position, createdAt: r.created_at });

function articleView(ctx: AppContext, r: repo.ArticleRow, group: repo.ArticleRow[]): ArticleView {
  return {
    id: r.id,
    groupId: r.group_id,
    locale: r.locale,
    slug: r.slug,
    title: r.title,
    bodyMarkdown: r.body_markdown,
    bodyHtml: renderArticle(r.body_markdown),
    status: r.status,
    categoryId: r.category_id,
    publishedAt: r.published_at,
    authorId: r.author_id,
    views: Number(r.views),
    url: articleUrl(ctx, r.workspace_id, r.locale, r.slug),
    translations: group.filter((g) => g.id !== r.id).map((g) => ({ id: g.id, locale: g.locale, slug: g.slug, status: g.status })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listCategories(ctx: AppContext, scope: WorkspaceScope): Promise<{ data: CategoryView[]; nextCursor: null }> {
  return { data: (await repo.listCategories(ctx.db.k, scope.workspaceId)).map(categoryView), nextCursor: null };
}

export async function createCategory(ctx: AppContext, scope: WorkspaceScope, input: CategoryInput): Promise<CategoryView> {
  const ws = scope.workspaceId;
  if (input.slug && (await repo.categorySlugTaken(ctx.db.k, ws, input.slug))) throw conflict('slug_taken', 'Another category has this slug');
  const slug = input.slug ?? (await freeSlug((s) => repo.categorySlugTaken(ctx.db.k, ws, s), slugify(input.nameEn)));
  const row: repo.CategoryRow = { id: newId('kbc'), workspace_id: ws, slug, name_en: input.nameEn, name_id: input.nameId, position: input.position ?? 0, created_at: ctx.clock.now().toISOString() };
  await repo.insertCategory(ctx.db.k, row);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: ws, action: 'service.kb_category_created', target: { type: 'kb_category', id: row.id } });
  return categoryView(row);
}

export async function updateCategory(ctx: AppContext, scope: WorkspaceScope, id: string, patch: CategoryPatch): Promise<CategoryView> {
  const ws = scope.workspaceId;
  const found = await repo.findCategory(ctx.db.k, ws, id);
  if (!found) throw notFound('Category');
  if (patch.slug && (await repo.categorySlugTaken(ctx.db.k, ws, patch.slug, id))) throw conflict('slug_taken', 'Another category has this slug');
  const set = { slug: patch.slug ?? found.slug, name_en: patch.nameEn ?? found.name_en, name_id: patch.nameId ?? found.name_id, position: patch.position ?? found.position };
  await repo.updateCategory(ctx.db.k, ws, id, set);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: ws, action: 'service.kb_category_updated', target: { type: 'kb_category', id } });
  return categoryView({ ...found, ...set });
}

export async function deleteCategory(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  // Its articles stay, without a category (the foreign key sets null).
  if (!(await repo.deleteCategory(ctx.db.k, scope.workspaceId, id))) throw notFound('Category');
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.kb_category_deleted', target: { type: 'kb_category', id } });
}

export async function listArticles(ctx: AppContext, scope: WorkspaceScope, q: ArticleListQuery): Promise<{ data: ArticleView[]; nextCursor: string | null }> {
  const ws = scope.workspaceId;
  const rows = await repo.listArticles(ctx.db.k, ctx.db.dialect, ws, { status: q.status, locale: q.locale, categoryId: q.categoryId, words: q.q ? searchWords(q.q) : undefined }, q.limit, q.cursor);
  const groups = await repo.groupsArticles(ctx.db.k, ws, [...new Set(rows.map((r) => r.group_id))]);
  const data = rows.map((r) => articleView(ctx, r, groups.filter((g) => g.group_id === r.group_id)));
  return { data, nextCursor: rows.length === q.limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function getArticle(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<ArticleView> {
  const r = await repo.findArticle(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('Article');
  return articleView(ctx, r, await repo.groupArticles(ctx.db.k, scope.workspaceId, r.group_id));
}

async function checkCategory(ctx: AppContext, ws: string, categoryId: string | null | undefined): Promise<void> {
  if (categoryId && !(await repo.findCategory(ctx.db.k, ws, categoryId))) throw notFound('Category');
}

export async function createArticle(ctx: AppContext, scope: WorkspaceScope, input: ArticleInput): Promise<ArticleView> {
  const ws = scope.workspaceId;
  await checkCategory(ctx, ws, input.categoryId);
  const id = await tx(ctx.db, async (trx) => {
    if (input.groupId) {
      const group = await repo.groupArticles(trx, ws, input.groupId);
      if (!group.length) throw notFound('Article group');
      if (group.some((g) => g.locale === input.locale)) throw conflict('translation_exists', `This article already has a ${input.locale === 'id' ? 'Bahasa Indonesia' : 'English'} version`);
    }
    if (input.slug && (await repo.articleSlugTaken(trx, ws, input.locale, input.slug))) throw conflict('slug_taken', 'Another article in this language has this slug');
    const slug = input.slug ?? (await freeSlug((s) => repo.articleSlugTaken(trx, ws, input.locale, s), slugify(input.title)));
    const now = ctx.clock.now().toISOString();
    const status = input.status ?? 'draft';
    const row: repo.ArticleRow = {
      id: newId('kba'),
      workspace_id: ws,
      category_id: input.categoryId ?? null,
      group_id: input.groupId ?? newId('kbg'),
      locale: input.locale,
      slug,
      title: input.title,
      body_markdown: input.bodyMarkdown,
      status,
      published_at: status === 'published' ? now : null,
      author_id: scope.userId,
      views: 0,
      created_at: now,
      updated_at: now,
    };
    await repo.insertArticle(trx, row);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: ws, action: 'service.kb_article_created', target: { type: 'kb_article', id: row.id }, details: { status } }, trx);
    return row.id;
  });
  return getArticle(ctx, scope, id);
}

export async function updateArticle(ctx: AppContext, scope: WorkspaceScope, id: string, patch: ArticlePatch): Promise<ArticleView> {
  const ws = scope.workspaceId;
  const found = await repo.findArticle(ctx.db.k, ws, id);
  if (!found) throw notFound('Article');
  await checkCategory(ctx, ws, patch.categoryId);
  if (patch.slug && (await repo.articleSlugTaken(ctx.db.k, ws, found.locale, patch.slug, id))) throw conflict('slug_taken', 'Another article in this language has this slug');
  const now = ctx.clock.now().toISOString();
  const status = patch.status ?? found.status;
  const publishedAt = status === 'draft' ? null : found.status === 'published' ? found.published_at : now;
  await repo.updateArticle(ctx.db.k, ws, id, {
    title: patch.title ?? found.title,
    body_markdown: patch.bodyMarkdown ?? found.body_markdown,
    slug: patch.slug ?? found.slug,
    category_id: patch.categoryId === undefined ? found.category_id : patch.categoryId,
    status,
    published_at: publishedAt,
    updated_at: now,
  });
  const action = status !== found.status ? (status === 'published' ? 'service.kb_article_published' : 'service.kb_article_unpublished') : 'service.kb_article_updated';
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: ws, action, target: { type: 'kb_article', id } });
  return getArticle(ctx, scope, id);
}

export async function deleteArticle(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  if (!(await repo.deleteArticle(ctx.db.k, scope.workspaceId, id))) throw notFound('Article');
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'service.kb_article_deleted', target: { type: 'kb_article', id } });
}
