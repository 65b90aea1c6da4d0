import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { KbArticlesTable, KbCategoriesTable, KbStatus, ServiceLocale } from './tables.js';

/** SQL of knowledge-base categories and articles. Every query names its workspace. */
export type CategoryRow = Selectable<KbCategoriesTable>;
export type ArticleRow = Selectable<KbArticlesTable>;

export function listCategories(k: Kysely<Database>, workspaceId: string): Promise<CategoryRow[]> {
  return k.selectFrom('kb_categories').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('id').execute();
}

export function findCategory(k: Kysely<Database>, workspaceId: string, id: string): Promise<CategoryRow | undefined> {
  return k.selectFrom('kb_categories').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function categorySlugTaken(k: Kysely<Database>, workspaceId: string, slug: string, exceptId?: string): Promise<boolean> {
  let q = k.selectFrom('kb_categories').select('id').where('workspace_id', '=', workspaceId).where('slug', '=', slug);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
}

export async function insertCategory(k: Kysely<Database>, row: CategoryRow): Promise<void> {
  await k.insertInto('kb_categories').values(row).execute();
}

export async function updateCategory(k: Kysely<Database>, workspaceId: string, id: string, set: Partial<Omit<CategoryRow, 'id' | 'workspace_id'>>): Promise<void> {
  await k.updateTable('kb_categories').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteCategory(k: Kysely<Database>, workspaceId: string, id: string): Promise<number> {
  const r = await k.deleteFrom('kb_categories').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface ArticleFilter {
  status?: KbStatus | undefined;
  locale?: ServiceLocale | undefined;
  categoryId?: string | undefined;
  /** Lower-case words the article must contain (title or body): all of them, or any with `anyWord`. */
  words?: string[] | undefined;
  anyWord?: boolean;
}

/** `%word%` with LIKE's own wildcards escaped (the query says `escape '\'`). */
export function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function containing(dialect: DialectName, words: string[]) {
  // SQLite's LIKE ignores ASCII case; PostgreSQL needs ILIKE for the same.
  const op = dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
  return words.map((w) => {
    const p = likePattern(w);
    return sql<boolean>`(title ${op} ${p} escape '\\' or body_markdown ${op} ${p} escape '\\')`;
  });
}

export async function listArticles(k: Kysely<Database>, dialect: DialectName, workspaceId: string, f: ArticleFilter, limit: number, cursor?: string): Promise<ArticleRow[]> {
  let q = k.selectFrom('kb_articles').selectAll().where('workspace_id', '=', workspaceId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.locale) q = q.where('locale', '=', f.locale);
  if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
  const conds = containing(dialect, f.words ?? []);
  if (f.anyWord && conds.length) q = q.where((eb) => eb.or(conds));
  else for (const cond of conds) q = q.where(cond);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Published articles containing the words somewhere (the ranking in kb-search.ts then keeps
 * word-prefix matches and puts title matches first): those with a word in the title, then the
 * newest others, at most `limit` of each, so title matches are never crowded out by body matches.
 */
export async function searchCandidates(k: Kysely<Database>, dialect: DialectName, workspaceId: string, locale: ServiceLocale | undefined, words: string[], limit: number): Promise<ArticleRow[]> {
  const op = dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
  let titled = k.selectFrom('kb_articles').selectAll().where('workspace_id', '=', workspaceId).where('status', '=', 'published');
  if (locale) titled = titled.where('locale', '=', locale);
  titled = titled.where((eb) => eb.or(words.map((w) => sql<boolean>`title ${op} ${likePattern(w)} escape '\\'`)));
  const [inTitle, anywhere] = await Promise.all([
    titled.orderBy('id', 'desc').limit(limit).execute(),
    listArticles(k, dialect, workspaceId, { status: 'published', locale, words, anyWord: true }, limit),
  ]);
  const seen = new Set(inTitle.map((r) => r.id));
  return [...inTitle, ...anywhere.filter((r) => !seen.has(r.id))];
}

export function findArticle(k: Kysely<Database>, workspaceId: string, id: string): Promise<ArticleRow | undefined> {
  return k.selectFrom('kb_articles').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function findPublishedBySlug(k: Kysely<Database>, workspaceId: string, locale: ServiceLocale, slug: string): Promise<ArticleRow | undefined> {
  return k.selectFrom('kb_articles').selectAll().where('workspace_id', '=', workspaceId).where('locale', '=', locale).where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
}

export function groupArticles(k: Kysely<Database>, workspaceId: string, groupId: string): Promise<ArticleRow[]> {
  return k.selectFrom('kb_articles').selectAll().where('workspace_id', '=', workspaceId).where('group_id', '=', groupId).orderBy('locale').execute();
}

export function groupsArticles(k: Kysely<Database>, workspaceId: string, groupIds: string[]): Promise<ArticleRow[]> {
  if (!groupIds.length) return Promise.resolve([]);
  return k.selectFrom('kb_articles').selectAll().where('workspace_id', '=', workspaceId).where('group_id', 'in', groupIds).execute();
}

export async function articleSlugTaken(k: Kysely<Database>, workspaceId: string, locale: ServiceLocale, slug: string, exceptId?: string): Promise<boolean> {
  let q = k.selectFrom('kb_articles').select('id').where('workspace_id', '=', workspaceId).where('locale', '=', locale).where('slug', '=', slug);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
}

export async function insertArticle(k: Kysely<Database>, row: ArticleRow): Promise<void> {
  await k.insertInto('kb_articles').values(row).execute();
}

export async function updateArticle(k: Kysely<Database>, workspaceId: string, id: string, set: Partial<Omit<ArticleRow, 'id' | 'workspace_id'>>): Promise<void> {
  await k.updateTable('kb_articles').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteArticle(k: Kysely<Database>, workspaceId: string, id: string): Promise<number> {
  const r = await k.deleteFrom('kb_articles').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** One more view, counted in the database (no read-modify-write race between nodes). */
export async function countView(k: Kysely<Database>, workspaceId: string, id: string): Promise<void> {
  await k.updateTable('kb_articles').set({ views: sql`views + 1` }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Published articles of a locale for the help centre's home, by category then title. */
export function publishedArticles(k: Kysely<Database>, workspaceId: string, locale: ServiceLocale, limit: number): Promise<ArticleRow[]> {
  return k.selectFrom('kb_articles').selectAll().where('workspace_id', '=', workspaceId).where('locale', '=', locale).where('status', '=', 'published').orderBy('views', 'desc').orderBy('title').limit(limit).execute();
}
