import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { findWorkspace } from '../workspaces/repo.js';
import { excerpt, plainText } from './kb-markdown.js';
import * as repo from './kb-repo.js';
import type { SearchHit } from './kb-schema.js';
import { articleUrl } from './kb-service.js';
import type { ServiceLocale } from './tables.js';

/**
 * Public search over published articles. A workspace's knowledge base is hundreds of articles,
 * not millions, so no separate index: the database keeps only articles of that workspace (and
 * language) containing some word, through the (workspace_id, locale, slug) index, and the
 * ranking here keeps word-prefix matches ("pass" finds "password") and puts title matches first.
 */
const MAX_WORDS = 8;
/** Candidates ranked per query: enough for any real knowledge base's matches of all words. */
const CANDIDATES = 200;

/** Words too common to find anything by, so a typed sentence ("how do I reset my password") still finds articles. */
const STOP = new Set(['a', 'an', 'and', 'are', 'can', 'do', 'does', 'for', 'how', 'i', 'in', 'is', 'it', 'my', 'not', 'of', 'on', 'or', 'the', 'to', 'what', 'why', 'with', 'you', 'your', 'ada', 'apa', 'bagaimana', 'bisa', 'cara', 'dan', 'dari', 'di', 'ini', 'itu', 'ke', 'saya', 'tidak', 'untuk', 'yang']);

const fold = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Lower-case query words (letters and digits), at most eight, one or more characters each. */
export function searchWords(q: string): string[] {
  const words = [...new Set(fold(q).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).map((w) => w.slice(0, 50)))];
  const meaningful = words.filter((w) => !STOP.has(w));
  return (meaningful.length ? meaningful : words).slice(0, MAX_WORDS);
}

const wordsOf = (text: string): string[] => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const prefixed = (words: string[], w: string): boolean => words.some((x) => x.startsWith(w));

export interface Ranked {
  row: repo.ArticleRow;
  hits: number;
  titleHits: number;
}

/**
 * Articles where some query word starts a word of the title or body: those matching more of the
 * words first, then those matching more in the title, then the most read.
 */
export function rank(rows: repo.ArticleRow[], words: string[]): Ranked[] {
  const out: Ranked[] = [];
  for (const row of rows) {
    const title = wordsOf(row.title);
    // Markdown's marks are not letters, so its words are the text's words (rendering each candidate would cost more than the query).
    const body = wordsOf(row.body_markdown);
    let titleHits = 0;
    let hits = 0;
    for (const w of words) {
      if (prefixed(title, w)) {
        titleHits++;
        hits++;
      } else if (prefixed(body, w)) hits++;
    }
    if (hits) out.push({ row, hits, titleHits });
  }
  return out.sort((a, b) => b.hits - a.hits || b.titleHits - a.titleHits || Number(b.row.views) - Number(a.row.views) || a.row.title.localeCompare(b.row.title));
}

export async function searchPublished(ctx: AppContext, workspaceId: string, q: string, locale: ServiceLocale | undefined, limit: number): Promise<SearchHit[]> {
  if (!(await findWorkspace(ctx.db.k, workspaceId))) throw notFound('Workspace');
  const words = searchWords(q);
  if (!words.length) return [];
  const rows = await repo.searchCandidates(ctx.db.k, ctx.db.dialect, workspaceId, locale, words, CANDIDATES);
  return rank(rows, words)
    .slice(0, limit)
    .map(({ row }) => ({ id: row.id, slug: row.slug, title: row.title, excerpt: excerpt(plainText(row.body_markdown), words), locale: row.locale, url: articleUrl(ctx, workspaceId, row.locale, row.slug) }));
}
