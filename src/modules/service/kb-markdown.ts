import { Marked, type Tokens } from 'marked';
import { escapeHtml } from '../../mail/layout.js';

/**
 * Markdown of knowledge-base articles, rendered with the same library as the policy pages
 * (marked). Articles are written by workspace members and shown on the platform's own origin to
 * anyone, so unlike the operator's policy text they are untrusted: raw HTML is shown as text, and
 * a link or image may only point at http(s), mailto or a relative address.
 */
const SAFE_URL = /^(?:https?:|mailto:|\/(?!\/)|#|\.{1,2}\/|[^:/?#]+(?:[/?#]|$))/i;

export function safeUrl(href: string): string {
  const trimmed = href.trim();
  // Browsers drop tabs and newlines inside a scheme ("java\tscript:"), so judge it without them.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be dropped
  const compact = trimmed.replace(/[\u0000-\u001f\u007f\s]/g, '');
  return SAFE_URL.test(compact) ? trimmed : '#';
}

const md = new Marked({ async: false, gfm: true });
md.use({
  walkTokens(token) {
    if (token.type === 'link' || token.type === 'image') {
      const t = token as Tokens.Link | Tokens.Image;
      t.href = safeUrl(t.href);
    }
  },
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
  },
});

/** Article Markdown as HTML safe to place in a page. */
export function renderArticle(markdown: string): string {
  return md.parse(markdown, { async: false });
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The article's words without markup (for excerpts). */
export function plainText(markdown: string): string {
  return renderArticle(markdown)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A short excerpt, around the first query word when one occurs in the text. */
export function excerpt(text: string, words: string[] = [], max = 160): string {
  if (text.length <= max) return text;
  const lower = text.toLowerCase();
  const at = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, Math.min(at - 40, text.length - max));
  const cut = text.slice(start, start + max).trim();
  return `${start > 0 ? '…' : ''}${cut}${start + max < text.length ? '…' : ''}`;
}
