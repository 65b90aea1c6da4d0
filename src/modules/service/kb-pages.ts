import { escapeHtml as h } from '../../mail/layout.js';
import { renderArticle } from './kb-markdown.js';
import type { ArticleRow, CategoryRow } from './kb-repo.js';
import type { SearchHit } from './kb-schema.js';
import { fmtDate, nav, STYLE } from './portal-html.js';
import { langName, T, type Lang } from './portal-text.js';

/** The public help centre's pages: home with search and categories, and one article. */
const articleHref = (ws: string, a: { locale: string; slug: string }): string => `/help/${encodeURIComponent(ws)}/${a.locale}/${encodeURIComponent(a.slug)}`;

function searchForm(ws: string, lang: Lang, q: string): string {
  const t = T[lang];
  return `<form role="search" method="get" action="/help/${encodeURIComponent(ws)}" class="kp-field">
<input type="hidden" name="lang" value="${lang}">
<label for="kp-q">${h(t.search)}</label>
<div style="display:flex;gap:8px"><input type="search" id="kp-q" name="q" value="${h(q)}" maxlength="200" autocomplete="off"><button type="submit" class="kp-btn">${h(t.searchButton)}</button></div>
</form>`;
}

export interface HelpHomeInput {
  workspaceId: string;
  workspaceName: string;
  lang: Lang;
  q: string;
  hits: SearchHit[] | null;
  categories: CategoryRow[];
  articles: ArticleRow[];
  /** The workspace's portal is on: link to it. */
  portal: boolean;
}

export function helpHomeBody(p: HelpHomeInput): string {
  const t = T[p.lang];
  const ws = p.workspaceId;
  let main: string;
  if (p.hits) {
    const list = p.hits.length
      ? `<ul class="kp-list">${p.hits.map((x) => `<li><a href="${articleHref(ws, x)}">${h(x.title)}</a><br><span class="kp-muted">${h(x.excerpt)}</span></li>`).join('')}</ul>`
      : `<p>${h(t.noResults)}</p>`;
    main = `<section aria-labelledby="kp-results"><h2 id="kp-results" role="status">${h(t.results(p.hits.length, p.q))}</h2>${list}</section>`;
  } else if (!p.articles.length) {
    main = `<p>${h(t.noArticles)}</p>`;
  } else {
    const byCat = new Map<string | null, ArticleRow[]>();
    for (const a of p.articles) {
      const key = p.categories.some((c) => c.id === a.category_id) ? a.category_id : null;
      byCat.set(key, [...(byCat.get(key) ?? []), a]);
    }
    const section = (id: string, title: string, rows: ArticleRow[]): string =>
      `<section aria-labelledby="${id}"><h2 id="${id}">${h(title)}</h2><ul class="kp-list">${rows.map((a) => `<li><a href="${articleHref(ws, a)}">${h(a.title)}</a></li>`).join('')}</ul></section>`;
    main = [
      ...p.categories.filter((c) => byCat.has(c.id)).map((c) => section(`kp-cat-${h(c.slug)}`, p.lang === 'id' ? c.name_id : c.name_en, byCat.get(c.id) ?? [])),
      ...(byCat.has(null) ? [section('kp-cat-other', p.categories.length ? t.uncategorised : t.popular, byCat.get(null) ?? [])] : []),
    ].join('\n');
  }
  const other = p.lang === 'en' ? 'id' : 'en';
  return `${STYLE}${nav({ workspaceId: ws, lang: p.lang, current: 'help', portal: p.portal, otherHref: `/help/${encodeURIComponent(ws)}?lang=${other}${p.q ? `&q=${encodeURIComponent(p.q)}` : ''}` })}
<h1>${h(t.helpOf(p.workspaceName))}</h1>
${searchForm(ws, p.lang, p.q)}
${main}
${p.portal ? `<p><strong>${h(t.stillNeedHelp)}</strong> <a href="/support/${encodeURIComponent(ws)}?lang=${p.lang}">${h(t.contact)}</a></p>` : ''}`;
}

export function articleBody(p: { workspaceId: string; workspaceName: string; article: ArticleRow; translation: ArticleRow | undefined; portal: boolean }): string {
  const a = p.article;
  const lang: Lang = a.locale;
  const t = T[lang];
  const ws = p.workspaceId;
  const tr = p.translation;
  const otherHref = tr ? articleHref(ws, tr) : `/help/${encodeURIComponent(ws)}?lang=${lang === 'en' ? 'id' : 'en'}`;
  const also = tr ? `<p class="kp-muted">${h(t.alsoIn)}: <a href="${articleHref(ws, tr)}" hreflang="${tr.locale}" lang="${tr.locale}">${langName(tr.locale)}</a></p>` : '';
  return `${STYLE}${nav({ workspaceId: ws, lang, current: 'none', portal: p.portal, otherHref })}
<p class="kp-muted"><a href="/help/${encodeURIComponent(ws)}?lang=${lang}">${h(t.helpOf(p.workspaceName))}</a></p>
<article class="kp-article" aria-labelledby="kp-title">
<h1 id="kp-title">${h(a.title)}</h1>
<p class="kp-muted">${h(t.published)} <time datetime="${h(a.published_at ?? '')}">${h(fmtDate(a.published_at, lang))}</time> · ${h(t.views(Number(a.views)))}</p>
${also}
${renderArticle(a.body_markdown)}
</article>
${p.portal ? `<p><strong>${h(t.stillNeedHelp)}</strong> <a href="/support/${encodeURIComponent(ws)}?lang=${lang}">${h(t.contact)}</a></p>` : ''}`;
}
