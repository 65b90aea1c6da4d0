import { escapeHtml as h } from '../../mail/layout.js';
import type { SearchHit } from './kb-schema.js';
import { field, fmtDate, nav, problemOf, STYLE, type FieldProblem } from './portal-html.js';
import { T, type Lang } from './portal-text.js';
import type { AttachmentRow, MessageRow, TicketRow } from './tables.js';

/** The customer portal's pages (server-rendered; plain forms that work without script). */
const base = (ws: string): string => `/support/${encodeURIComponent(ws)}`;

export interface PortalHomeInput {
  workspaceId: string;
  workspaceName: string;
  lang: Lang;
  values?: Record<string, string | undefined>;
  problems?: FieldProblem[];
  /** Articles matching the subject, shown before the request goes out (the "send anyway" step). */
  suggestions?: SearchHit[];
  signedIn?: boolean;
}

const hitList = (hits: SearchHit[]): string =>
  `<ul class="kp-list">${hits.map((x) => `<li><a href="${h(new URL(x.url).pathname)}">${h(x.title)}</a><br><span class="kp-muted">${h(x.excerpt)}</span></li>`).join('')}</ul>`;

export function portalHomeBody(p: PortalHomeInput): string {
  const t = T[p.lang];
  const ws = p.workspaceId;
  const v = p.values ?? {};
  const confirm = Boolean(p.suggestions?.length);
  const alert = p.problems?.length ? `<p class="kp-alert" role="alert">${h(t.errors)}</p>` : '';
  const before = confirm ? `<section class="kp-suggest" aria-labelledby="kp-before" role="region"><h2 id="kp-before">${h(t.suggested)}</h2><p>${h(t.beforeSend)}</p>${hitList(p.suggestions ?? [])}</section>` : '';
  const other = p.lang === 'en' ? 'id' : 'en';
  return `${STYLE}${nav({ workspaceId: ws, lang: p.lang, current: 'support', otherHref: `${base(ws)}?lang=${other}` })}
<h1>${h(t.portalOf(p.workspaceName))}</h1>
${alert}${before}
<section aria-labelledby="kp-new"><h2 id="kp-new">${h(t.newTicket)}</h2>
<form method="post" action="${base(ws)}" id="kp-ticket" data-search="/public/v1/kb/${h(encodeURIComponent(ws))}/search" data-lang="${p.lang}" data-title="${h(t.suggested)}" novalidate>
<input type="hidden" name="lang" value="${p.lang}">
${confirm ? '<input type="hidden" name="confirmed" value="1">' : ''}
${field({ id: 'kp-email', name: 'email', label: t.email, type: 'email', value: v.email, required: true, lang: p.lang, problem: problemOf(p.problems, 'email'), autocomplete: 'email', maxLength: 254 })}
${field({ id: 'kp-name', name: 'name', label: t.name, value: v.name, lang: p.lang, problem: problemOf(p.problems, 'name'), autocomplete: 'name', maxLength: 200 })}
${field({ id: 'kp-subject', name: 'subject', label: t.subject, value: v.subject, required: true, lang: p.lang, problem: problemOf(p.problems, 'subject'), maxLength: 300, extra: ' autocomplete="off" aria-controls="kp-suggest"' })}
<div id="kp-suggest" class="kp-suggest" aria-live="polite"></div>
${field({ id: 'kp-body', name: 'body', label: t.body, value: v.body, required: true, lang: p.lang, problem: problemOf(p.problems, 'body'), textarea: true, maxLength: 20000 })}
<div class="kp-hp" aria-hidden="true"><label for="kp-website">${h(t.honeypot)}</label><input type="text" id="kp-website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit" class="kp-btn">${h(confirm ? t.sendAnyway : t.send)}</button>
</form></section>
<section aria-labelledby="kp-mine"><h2 id="kp-mine">${h(t.myTickets)}</h2>
${p.signedIn ? `<p><a href="${base(ws)}/tickets?lang=${p.lang}">${h(t.yourTickets)}</a></p>` : `<p>${h(t.myTicketsIntro)}</p>
<form method="post" action="${base(ws)}/sign-in">
<input type="hidden" name="lang" value="${p.lang}">
${field({ id: 'kp-link-email', name: 'email', label: t.email, type: 'email', required: true, lang: p.lang, problem: problemOf(p.problems, 'link.email'), autocomplete: 'email', maxLength: 254 })}
<button type="submit" class="kp-btn">${h(t.sendLink)}</button>
</form>`}</section>
<script src="/support-assets/portal.js" defer></script>`;
}

export function messageBody(title: string, text: string, back: { href: string; label: string } | null, role: 'status' | 'alert' = 'status'): string {
  return `${STYLE}<h1>${h(title)}</h1><p role="${role}">${h(text)}</p>${back ? `<p><a href="${h(back.href)}">${h(back.label)}</a></p>` : ''}`;
}

export function signInBody(ws: string, lang: Lang, token: string): string {
  const t = T[lang];
  return `${STYLE}<h1>${h(t.signInTitle)}</h1>
<form method="post" action="${base(ws)}/sign-in/confirm"><input type="hidden" name="token" value="${h(token)}"><input type="hidden" name="lang" value="${lang}">
<button type="submit" class="kp-btn">${h(t.signInButton)}</button></form>`;
}

function signedInBar(ws: string, lang: Lang, email: string): string {
  const t = T[lang];
  return `<form method="post" action="${base(ws)}/sign-out" class="kp-muted"><input type="hidden" name="lang" value="${lang}">${h(t.signedInAs(email))} · <button type="submit" class="kp-link">${h(t.signOut)}</button></form>`;
}

export function ticketsBody(p: { workspaceId: string; workspaceName: string; lang: Lang; email: string; tickets: TicketRow[] }): string {
  const t = T[p.lang];
  const ws = p.workspaceId;
  const other = p.lang === 'en' ? 'id' : 'en';
  const rows = p.tickets.length
    ? `<table><caption class="kp-hp">${h(t.yourTickets)}</caption><thead><tr><th scope="col">#</th><th scope="col">${h(t.subject)}</th><th scope="col">Status</th><th scope="col">${h(t.updated)}</th></tr></thead><tbody>${p.tickets
        .map((x) => `<tr><td>${x.number}</td><td><a href="${base(ws)}/tickets/${encodeURIComponent(x.id)}?lang=${p.lang}">${h(x.subject)}</a></td><td>${h(t.status[x.status] ?? x.status)}</td><td>${h(fmtDate(x.last_message_at, p.lang))}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p>${h(t.noTickets)}</p>`;
  return `${STYLE}${nav({ workspaceId: ws, lang: p.lang, current: 'tickets', otherHref: `${base(ws)}/tickets?lang=${other}` })}
${signedInBar(ws, p.lang, p.email)}
<h1>${h(t.yourTickets)}</h1>${rows}
<p><a href="${base(ws)}?lang=${p.lang}">${h(t.newTicket)}</a></p>`;
}

export function ticketBody(p: { workspaceId: string; lang: Lang; email: string; ticket: TicketRow; messages: MessageRow[]; attachments: AttachmentRow[]; problem?: string | undefined; replied?: boolean }): string {
  const t = T[p.lang];
  const ws = p.workspaceId;
  const x = p.ticket;
  const other = p.lang === 'en' ? 'id' : 'en';
  const who = (m: MessageRow): string => (m.author_type === 'requester' ? t.you : m.author_type === 'agent' ? (m.author_name ?? t.agent) : t.system);
  const files = (m: MessageRow): string => {
    const mine = p.attachments.filter((a) => a.message_id === m.id);
    return mine.length ? `<ul class="kp-list">${mine.map((a) => `<li><a href="${base(ws)}/tickets/${encodeURIComponent(x.id)}/attachments/${encodeURIComponent(a.id)}" download>${h(a.filename)}</a> <span class="kp-muted">(${Math.max(1, Math.round(a.size / 1024))} KB)</span></li>`).join('')}</ul>` : '';
  };
  const thread = p.messages
    .map((m) => `<article class="kp-msg${m.author_type === 'requester' ? ' kp-me' : ''}" aria-label="${h(who(m))}, ${h(fmtDate(m.created_at, p.lang))}"><p class="kp-muted"><strong>${h(who(m))}</strong> · <time datetime="${h(m.created_at)}">${h(fmtDate(m.created_at, p.lang))}</time></p><p>${h(m.body_text)}</p>${files(m)}</article>`)
    .join('\n');
  const merged = x.merged_into_id ? `<p class="kp-ok">${h(t.mergedInto)} <a href="${base(ws)}/tickets/${encodeURIComponent(x.merged_into_id)}?lang=${p.lang}">${h(x.merged_into_id)}</a></p>` : '';
  const done = p.replied ? `<p class="kp-ok" role="status">${h(t.replySent)}</p>` : '';
  const form = x.merged_into_id
    ? ''
    : `<form method="post" action="${base(ws)}/tickets/${encodeURIComponent(x.id)}/replies"><input type="hidden" name="lang" value="${p.lang}">
${field({ id: 'kp-reply', name: 'body', label: t.reply, required: true, lang: p.lang, problem: p.problem, textarea: true, maxLength: 20000 })}
<button type="submit" class="kp-btn">${h(t.sendReply)}</button></form>`;
  return `${STYLE}${nav({ workspaceId: ws, lang: p.lang, current: 'tickets', otherHref: `${base(ws)}/tickets/${encodeURIComponent(x.id)}?lang=${other}` })}
${signedInBar(ws, p.lang, p.email)}
<p class="kp-muted"><a href="${base(ws)}/tickets?lang=${p.lang}">${h(t.yourTickets)}</a></p>
<h1>${h(x.subject)}</h1>
<p class="kp-muted">${h(t.number(x.number))} · ${h(t.status[x.status] ?? x.status)}</p>
${merged}${done}
<section aria-label="${h(t.number(x.number))}">${thread}</section>
${form}`;
}
