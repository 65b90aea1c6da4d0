import { escapeHtml as h } from '../../mail/layout.js';
import { langName, otherLang, T, type Lang } from './portal-text.js';

/** Pieces shared by the help centre, portal and survey pages (framed by http/page.ts). */
export const STYLE = `<style>
.kp-nav{display:flex;flex-wrap:wrap;gap:16px;align-items:center;justify-content:space-between;margin:0 0 16px;font-size:15px}
.kp-nav ul{list-style:none;display:flex;gap:16px;margin:0;padding:0}
.kp-field{margin:0 0 16px}.kp-field label{display:block;font-weight:600;margin-bottom:4px}
.kp-field input[type=text],.kp-field input[type=email],.kp-field input[type=search],.kp-field textarea,.kp-field select{width:100%;box-sizing:border-box;padding:8px;border:1px solid #868e96;border-radius:4px;font:inherit}
.kp-err{color:#c92a2a;margin:4px 0 0;font-size:14px}.kp-alert{border:1px solid #c92a2a;color:#c92a2a;padding:8px 12px;border-radius:4px}
.kp-ok{border:1px solid #2b8a3e;color:#1b5e20;padding:8px 12px;border-radius:4px}
.kp-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.kp-btn{background:#1864ab;color:#fff;border:0;border-radius:4px;padding:10px 20px;font:inherit;cursor:pointer}
.kp-link{background:none;border:0;color:#1864ab;text-decoration:underline;font:inherit;cursor:pointer;padding:0}
.kp-btn:focus-visible,.kp-link:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f08c00;outline-offset:2px}
.kp-list{padding-left:20px}.kp-list li{margin:6px 0}.kp-muted{color:#495057;font-size:14px}
.kp-msg{border:1px solid #dee2e6;border-radius:6px;padding:12px 16px;margin:0 0 12px}.kp-msg.kp-me{background:#f1f3f5}
.kp-msg p{margin:0 0 8px;white-space:pre-wrap}.kp-article img{max-width:100%}
.kp-suggest:empty{display:none}.kp-suggest{background:#e7f5ff;border-radius:6px;padding:8px 16px;margin:0 0 16px}
.kp-rating{display:flex;flex-wrap:wrap;gap:12px;border:0;padding:0;margin:0 0 16px}.kp-rating label{display:flex;gap:6px;align-items:center}
</style>`;

export interface FieldProblem {
  field: string;
  message: string;
}

export function field(opts: { id: string; name: string; label: string; type?: string; value?: string; required?: boolean; lang: Lang; problem?: string | undefined; autocomplete?: string; textarea?: boolean; maxLength?: number; extra?: string }): string {
  const t = T[opts.lang];
  const err = opts.problem ? `<p class="kp-err" id="${opts.id}-err">${h(opts.problem)}</p>` : '';
  const aria = `${opts.required ? ' required aria-required="true"' : ''}${opts.problem ? ` aria-invalid="true" aria-describedby="${opts.id}-err"` : ''}${opts.maxLength ? ` maxlength="${opts.maxLength}"` : ''}${opts.extra ?? ''}`;
  const mark = opts.required ? ` <span aria-hidden="true">*</span><span class="kp-hp"> (${t.required})</span>` : ` <span class="kp-muted">(${t.optional})</span>`;
  const control = opts.textarea
    ? `<textarea id="${opts.id}" name="${opts.name}" rows="6"${aria}>${h(opts.value ?? '')}</textarea>`
    : `<input type="${opts.type ?? 'text'}" id="${opts.id}" name="${opts.name}" value="${h(opts.value ?? '')}"${opts.autocomplete ? ` autocomplete="${opts.autocomplete}"` : ''}${aria}>`;
  return `<div class="kp-field"><label for="${opts.id}">${h(opts.label)}${mark}</label>${control}${err}</div>`;
}

export const problemOf = (problems: FieldProblem[] | undefined, name: string): string | undefined => problems?.find((p) => p.field === name)?.message;

/** Top navigation: help centre, support, the other language (same page). */
export function nav(opts: { workspaceId: string; lang: Lang; current: 'help' | 'support' | 'tickets' | 'none'; otherHref: string; portal?: boolean }): string {
  const t = T[opts.lang];
  const ws = encodeURIComponent(opts.workspaceId);
  const link = (href: string, label: string, key: string): string => `<li><a href="${href}"${opts.current === key ? ' aria-current="page"' : ''}>${h(label)}</a></li>`;
  const other = otherLang(opts.lang);
  return `<nav class="kp-nav" aria-label="${h(t.help)}"><ul>${link(`/help/${ws}?lang=${opts.lang}`, t.help, 'help')}${opts.portal === false ? '' : `${link(`/support/${ws}?lang=${opts.lang}`, t.contact, 'support')}${link(`/support/${ws}/tickets?lang=${opts.lang}`, t.myTickets, 'tickets')}`}</ul><a href="${h(opts.otherHref)}" hreflang="${other}" lang="${other}">${langName(other)}</a></nav>`;
}

export function notFoundBody(lang: Lang): string {
  return `<h1>404</h1><p>${h(T[lang].notFound)}</p>`;
}

export const fmtDate = (iso: string | null, lang: Lang): string => (iso ? new Date(iso).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }) : '');
