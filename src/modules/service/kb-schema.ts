import { z } from 'zod';
import { KB_STATUSES, SERVICE_LOCALES } from './tables.js';

/** Request and response shapes of the knowledge base (admin API and public search). */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slug = z.string().min(1).max(100).regex(SLUG, 'must be lower-case letters, digits and single hyphens');
export const kbLocale = z.enum(SERVICE_LOCALES);
export const kbStatus = z.enum(KB_STATUSES);

export const categoryInput = z.object({
  slug: slug.optional().describe('Generated from nameEn when left out'),
  nameEn: z.string().trim().min(1).max(200),
  nameId: z.string().trim().min(1).max(200),
  position: z.number().int().min(0).max(100_000).optional(),
});
export const categoryPatch = categoryInput.partial();
export type CategoryInput = z.infer<typeof categoryInput>;
export type CategoryPatch = z.infer<typeof categoryPatch>;

export const categoryView = z.object({
  id: z.string(),
  slug: z.string(),
  nameEn: z.string(),
  nameId: z.string(),
  position: z.number().int(),
  createdAt: z.string(),
});
export type CategoryView = z.infer<typeof categoryView>;

export const articleInput = z.object({
  locale: kbLocale,
  title: z.string().trim().min(1).max(300),
  bodyMarkdown: z.string().max(200_000),
  slug: slug.optional().describe('Generated from the title when left out'),
  categoryId: z.string().max(100).nullable().optional(),
  groupId: z.string().max(100).optional().describe('Group of an existing article: this one is its version in the other language'),
  status: kbStatus.optional(),
});
export const articlePatch = articleInput.omit({ locale: true, groupId: true }).partial();
export type ArticleInput = z.infer<typeof articleInput>;
export type ArticlePatch = z.infer<typeof articlePatch>;

export const articleView = z.object({
  id: z.string(),
  groupId: z.string(),
  locale: kbLocale,
  slug: z.string(),
  title: z.string(),
  bodyMarkdown: z.string(),
  bodyHtml: z.string(),
  status: kbStatus,
  categoryId: z.string().nullable(),
  publishedAt: z.string().nullable(),
  authorId: z.string().nullable(),
  views: z.number().int(),
  url: z.string().describe('Public address (serves only while published)'),
  translations: z.array(z.object({ id: z.string(), locale: kbLocale, slug: z.string(), status: kbStatus })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ArticleView = z.infer<typeof articleView>;

export const articleListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
  status: kbStatus.optional(),
  locale: kbLocale.optional(),
  categoryId: z.string().max(100).optional(),
});
export type ArticleListQuery = z.infer<typeof articleListQuery>;

export const searchQuery = z.object({
  q: z.string().max(200).default(''),
  locale: kbLocale.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export const searchHit = z.object({ id: z.string(), slug: z.string(), title: z.string(), excerpt: z.string(), locale: kbLocale, url: z.string() });
export type SearchHit = z.infer<typeof searchHit>;
export const searchAnswer = z.object({ data: z.array(searchHit) });
