/**
 * Kodepos help widget: a launcher button and a panel to search the workspace's help articles and,
 * if they do not answer, send a request (it becomes a ticket, channel "widget"). Loaded by the
 * snippet when its tag has data-help="true" (widget-loader.ts); reads data-api, data-workspace and
 * data-lang from its own tag. Posts without credentials: no cookie is read or written.
 */
import { WIDGET_TEXTS, type Lang } from './widget-texts.js';

interface Hit {
  title: string;
  excerpt: string;
  url: string;
}

const me = document.currentScript as HTMLScriptElement | null;
const api = (me?.getAttribute('data-api') ?? (me?.src ? new URL(me.src).origin : location.origin)).replace(/\/$/, '');
const workspace = me?.getAttribute('data-workspace') ?? '';
const lang: Lang = /^(id|in)\b/i.test(me?.getAttribute('data-lang') ?? document.documentElement.lang ?? '') ? 'id' : 'en';
const t = WIDGET_TEXTS[lang];
const ws = encodeURIComponent(workspace);

const CSS = `#kph-btn{position:fixed;z-index:2147483500;right:16px;bottom:16px;background:#1864ab;color:#fff;border:0;border-radius:24px;padding:12px 20px;font:600 15px/1 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;cursor:pointer;box-shadow:0 2px 12px rgba(0,0,0,.25)}
#kph{position:fixed;z-index:2147483501;right:16px;bottom:72px;width:360px;max-width:calc(100vw - 32px);max-height:calc(100vh - 96px);overflow:auto;background:#fff;color:#1a1b1e;border:1px solid #ced4da;border-radius:8px;box-shadow:0 4px 24px rgba(0,0,0,.2);padding:16px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;box-sizing:border-box}
#kph h2{font-size:17px;margin:0 32px 12px 0}#kph a{color:#1864ab}#kph ul{padding-left:18px;margin:8px 0}#kph li{margin:6px 0}
#kph label{display:block;font-weight:600;margin:8px 0 4px}#kph input,#kph textarea{width:100%;box-sizing:border-box;padding:8px;border:1px solid #868e96;border-radius:4px;font:inherit}
#kph button{font:inherit;cursor:pointer;border-radius:4px}#kph .kph-main{background:#1864ab;color:#fff;border:0;padding:8px 16px;margin-top:12px}
#kph .kph-sub{background:none;border:0;color:#1864ab;text-decoration:underline;padding:0;margin-top:12px}
#kph .kph-x{position:absolute;top:8px;right:8px;background:none;border:0;font-size:22px;line-height:1;padding:4px 8px;color:#495057}
#kph .kph-muted{color:#495057;font-size:13px}#kph .kph-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
#kph [role=alert]{color:#c92a2a}#kph [role=alert]:empty,#kph [role=status]:empty{display:none}
#kph-btn:focus-visible,#kph button:focus-visible,#kph a:focus-visible,#kph input:focus-visible,#kph textarea:focus-visible{outline:3px solid #f08c00;outline-offset:2px}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k] as string);
  if (text) e.textContent = text;
  return e;
}

function field(id: string, label: string, control: HTMLInputElement | HTMLTextAreaElement): HTMLDivElement {
  control.id = id;
  const wrap = el('div');
  wrap.append(el('label', { for: id }, label), control);
  return wrap;
}

let panel: HTMLElement | null = null;
let launcher: HTMLButtonElement;

function close(): void {
  if (!panel) return;
  panel.remove();
  panel = null;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.focus();
}

function trapKeys(dialog: HTMLElement, e: KeyboardEvent): void {
  if (e.key === 'Escape') {
    e.preventDefault();
    close();
    return;
  }
  if (e.key !== 'Tab') return;
  const items = Array.from(dialog.querySelectorAll<HTMLElement>('button,a[href],input:not([tabindex="-1"]),textarea')).filter((x) => !x.hasAttribute('disabled'));
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement as HTMLElement | null;
  // Focus on a message or the panel itself: the next Tab still stays inside.
  if (!active || !items.includes(active)) {
    e.preventDefault();
    (e.shiftKey ? last : first)?.focus();
  } else if (e.shiftKey && active === first) {
    e.preventDefault();
    last?.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first?.focus();
  }
}

function searchView(body: HTMLElement, showContact: () => void): void {
  body.textContent = '';
  const input = el('input', { type: 'search', autocomplete: 'off', maxlength: '200' });
  const status = el('p', { role: 'status', class: 'kph-muted' });
  const list = el('ul');
  let timer = 0;
  let seq = 0;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const q = input.value.trim();
      const mine = ++seq;
      list.textContent = '';
      status.textContent = '';
      if (q.length < 2) return;
      fetch(`${api}/public/v1/kb/${ws}/search?limit=5&locale=${lang}&q=${encodeURIComponent(q)}`, { credentials: 'omit' })
        .then((r) => (r.ok ? (r.json() as Promise<{ data: Hit[] }>) : { data: [] }))
        .then((b) => {
          if (mine !== seq) return;
          status.textContent = b.data.length ? t.results(b.data.length) : t.noResults;
          for (const h of b.data) {
            const li = el('li');
            const a = el('a', { href: h.url, target: '_blank', rel: 'noopener' }, h.title);
            li.append(a, el('br'), el('span', { class: 'kph-muted' }, h.excerpt));
            list.append(li);
          }
        })
        .catch(() => undefined);
    }, 250);
  });
  const contact = el('button', { type: 'button', class: 'kph-main' }, t.contact);
  contact.addEventListener('click', showContact);
  body.append(field('kph-q', t.search, input), status, list, contact);
  input.focus();
}

function contactView(body: HTMLElement, showSearch: () => void): void {
  body.textContent = '';
  const form = el('form', { novalidate: '' });
  const email = el('input', { type: 'email', name: 'email', autocomplete: 'email', required: '', maxlength: '254' });
  const name = el('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: '200' });
  const subject = el('input', { type: 'text', name: 'subject', required: '', maxlength: '300' });
  const message = el('textarea', { name: 'body', rows: '4', required: '', maxlength: '20000' });
  const hp = el('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' });
  const hpWrap = el('div', { class: 'kph-hp', 'aria-hidden': 'true' });
  hpWrap.append(el('label', { for: 'kph-hp' }, t.honeypot), hp);
  hp.id = 'kph-hp';
  const alert = el('p', { role: 'alert' });
  const send = el('button', { type: 'submit', class: 'kph-main' }, t.send);
  const back = el('button', { type: 'button', class: 'kph-sub' }, t.back);
  back.addEventListener('click', showSearch);
  form.append(field('kph-email', t.email, email), field('kph-name', t.name, name), field('kph-subject', t.subject, subject), field('kph-body', t.message, message), hpWrap, alert, send, el('br'), back);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    alert.textContent = '';
    if (!email.value.trim() || !subject.value.trim() || !message.value.trim()) {
      alert.textContent = t.required;
      return;
    }
    send.disabled = true;
    send.textContent = t.sending;
    const payload = { email: email.value.trim(), name: name.value.trim() || undefined, subject: subject.value.trim(), body: message.value, locale: lang, website: hp.value || undefined, source: 'widget' };
    fetch(`${api}/public/v1/support/${ws}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), credentials: 'omit' })
      .then(async (r) => {
        if (!r.ok) throw new Error(String(r.status));
        const b = (await r.json()) as { number: number };
        body.textContent = '';
        const done = el('p', { role: 'status', tabindex: '-1' }, t.sent(b.number));
        body.append(done);
        done.focus();
      })
      .catch(() => {
        send.disabled = false;
        send.textContent = t.send;
        alert.textContent = t.failed;
      });
  });
  body.append(form);
  email.focus();
}

function open(): void {
  if (panel) return;
  const dialog = el('div', { id: 'kph', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'kph-title', lang, tabindex: '-1' });
  const x = el('button', { type: 'button', class: 'kph-x', 'aria-label': t.close }, '×');
  x.addEventListener('click', close);
  const body = el('div');
  dialog.append(el('h2', { id: 'kph-title' }, t.title), x, body);
  dialog.addEventListener('keydown', (e) => trapKeys(dialog, e));
  document.body.append(dialog);
  panel = dialog;
  launcher.setAttribute('aria-expanded', 'true');
  const showSearch = (): void => searchView(body, () => contactView(body, showSearch));
  showSearch();
}

function start(): void {
  if (!workspace || document.getElementById('kph-btn')) return;
  document.head.append(el('style', {}, CSS));
  launcher = el('button', { type: 'button', id: 'kph-btn', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'kph', lang }, t.open);
  launcher.addEventListener('click', () => (panel ? close() : open()));
  document.body.append(launcher);
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start);
