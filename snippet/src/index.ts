/**
 * Kodepos consent banner: one script tag on any site (the platform's own pages too).
 *
 *   <script src="https://kodepos.example/snippet.js" data-workspace="ws_…" data-lang="id" defer></script>
 *
 * Attributes (or the same keys on `window.KodeposConfig`): data-lang (en | id; default from
 * <html lang>), data-api (default: the origin the script came from), data-workspace,
 * data-policy-version, data-policy-url, data-cookies-url. `KodeposConfig.cookies` adds cookie
 * names (a trailing `*` is a prefix) deleted when their category is withdrawn.
 *
 * The same script counts page views, time on page and feature usage (`Kodepos.track('area.action')`),
 * see track.ts for what is sent under which choice. data-track="false" turns that off;
 * data-anonymous-stats="true" lets it count visitors who made no choice or refused analytics,
 * without an id or a cookie.
 */
import { choiceTag } from './choice.js';
import {
  activateScripts,
  CATEGORY_COOKIES,
  consentModeDefault,
  consentModeUpdate,
  deleteCookies,
  loadChoice,
  saveChoice,
  visitorId,
  type Choices,
} from './effects.js';
import { startTracker, type Tracker } from './track.js';
import './forms.js';
import './widget-loader.js';
import { PURPOSES, TEXTS, WORDING_VERSION, type Category, type Lang, type Purpose } from './texts.js';

interface Config {
  lang?: string;
  api?: string;
  workspace?: string;
  policyVersion?: string;
  policyUrl?: string;
  cookiesUrl?: string;
  cookies?: Partial<Record<Purpose, string[]>>;
  track?: boolean;
  anonymousStats?: boolean;
}

interface ConsentApi {
  open(): void;
  get(): Choices | null;
  onChange(fn: (c: Choices) => void): void;
  registerCookies(category: Purpose, names: string[]): void;
}

type KodeposWindow = Window & { Kodepos?: { consent?: ConsentApi; track?: (feature: string) => void }; KodeposConfig?: Config };

const w = window as KodeposWindow;
const script = document.currentScript as HTMLScriptElement | null;
const attr = (name: string): string | undefined => script?.getAttribute(`data-${name}`) ?? undefined;
const cfg: Config = w.KodeposConfig ?? {};
const gpc = (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
const api = (cfg.api ?? attr('api') ?? (script?.src ? new URL(script.src).origin : location.origin)).replace(/\/$/, '');
const workspace = cfg.workspace ?? attr('workspace');
const policyVersion = cfg.policyVersion ?? attr('policy-version');
const langOf = (v: string | undefined): Lang | undefined => (v ? (/^(id|in)\b/i.test(v) ? 'id' : 'en') : undefined);
const lang: Lang = langOf(cfg.lang ?? attr('lang')) ?? langOf(document.documentElement.lang) ?? 'en';
const t = TEXTS[lang];
const extraCookies: Partial<Record<Purpose, string[]>> = { ...cfg.cookies };
const listeners: ((c: Choices) => void)[] = [];

const version = choiceTag(policyVersion);
let current = loadChoice(version);
let root: HTMLElement | null = null;
let opener: Element | null = null;
/** The latest choice's POST; the tracker's events wait for it. */
let saving: Promise<unknown> = Promise.resolve();
let tracker: Tracker | null = null;

/** GPC is an opt-out of ads that no click undoes. */
const withGpc = (c: Choices): Choices => ({ ...c, ads: gpc ? false : c.ads });

function apply(c: Choices): void {
  consentModeUpdate(c);
  for (const p of PURPOSES) if (!c[p]) deleteCookies([...CATEGORY_COOKIES[p], ...(extraCookies[p] ?? [])]);
  activateScripts(c);
}

function choose(wanted: Choices): void {
  const c = withGpc(wanted);
  current = c;
  saveChoice(c, version);
  const id = visitorId(c.analytics); // before apply(): a withdrawal deletes the cookie holding it
  apply(c);
  const body = { visitorId: id, purposes: c, source: 'banner', wordingVersion: WORDING_VERSION, policyVersion, workspaceId: workspace };
  // No credentials: the visitor id in the body is the subject, so this works from any site.
  saving = fetch(`${api}/public/v1/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' }).catch(() => undefined);
  tracker?.update();
  for (const fn of listeners) fn(c);
  close();
}

const all = (on: boolean): Choices => ({ analytics: on, marketing: on, personalization: on, ads: on });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

const CSS = `#kpc{position:fixed;z-index:2147483600;left:16px;right:16px;bottom:16px;max-width:640px;margin:0 auto;background:#fff;color:#1a1b1e;border:1px solid #ced4da;border-radius:8px;box-shadow:0 4px 24px rgba(0,0,0,.18);padding:20px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-height:calc(100vh - 32px);overflow:auto;box-sizing:border-box}
#kpc h2{font-size:18px;margin:0 0 8px}#kpc p{margin:0 0 12px}#kpc a{color:#1864ab}
#kpc .kpc-row{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin-top:12px}
#kpc button{font:inherit;cursor:pointer;border-radius:6px}
#kpc .kpc-btn{background:#1864ab;color:#fff;border:2px solid #1864ab;padding:10px 12px;font-weight:600;width:100%}
#kpc button:focus-visible,#kpc input:focus-visible{outline:3px solid #f08c00;outline-offset:2px}
#kpc fieldset{border:0;padding:0;margin:8px 0}#kpc label{display:flex;gap:8px;align-items:flex-start;margin:8px 0;font-weight:600}
#kpc label span{display:block;font-weight:400;color:#495057;font-size:14px}#kpc input{margin-top:4px;width:18px;height:18px}
#kpc .kpc-note{background:#fff4e6;border-left:4px solid #f08c00;padding:8px 12px;font-size:14px}
#kpc .kpc-x{position:absolute;top:8px;right:8px;background:none;border:0;font-size:22px;line-height:1;padding:4px 8px;color:#495057}
#kpc .kpc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:520px){#kpc .kpc-row{grid-template-columns:1fr}}`;

function close(): void {
  if (!root) return;
  root.remove();
  root = null;
  if (opener instanceof HTMLElement && document.contains(opener)) opener.focus();
  opener = null;
}

function render(settings: boolean): void {
  root?.remove();
  const id = (s: string): string => `kpc-${s}`;
  const btn = (label: string, onClick: () => void): HTMLButtonElement => el('button', { type: 'button', className: 'kpc-btn', textContent: label, onclick: onClick });
  const boxes: Partial<Record<Purpose, HTMLInputElement>> = {};
  const base = current ?? all(false);
  const option = (cat: Category): HTMLLabelElement => {
    const [name, description] = t.categories[cat];
    const fixed = cat === 'necessary' || (cat === 'ads' && gpc);
    const input = el('input', { type: 'checkbox', checked: cat === 'necessary' || (!fixed && base[cat]), disabled: fixed, id: id(cat) });
    input.setAttribute('aria-describedby', id(`${cat}-d`));
    if (cat !== 'necessary') boxes[cat] = input;
    const more = cat === 'necessary' ? ` ${t.alwaysOn}.` : '';
    return el('label', { htmlFor: id(cat) }, input, el('div', {}, name, el('span', { id: id(`${cat}-d`) }, description + more)));
  };
  const links = el('p', {}, el('a', { href: cfg.policyUrl ?? attr('policy-url') ?? `${api}/privacy` }, t.policy), ' · ', el('a', { href: cfg.cookiesUrl ?? attr('cookies-url') ?? `${api}/cookies?lang=${lang}` }, t.cookies));
  const row = el('div', { className: 'kpc-row' }, btn(t.accept, () => choose(all(true))), btn(t.reject, () => choose(all(false))));
  if (settings) {
    row.append(btn(t.save, () => choose({ analytics: !!boxes.analytics?.checked, marketing: !!boxes.marketing?.checked, personalization: !!boxes.personalization?.checked, ads: !!boxes.ads?.checked })));
  } else {
    row.append(btn(t.settings, () => render(true)));
  }
  const dialog = el('div', { id: 'kpc', tabIndex: -1, lang }, el('style', { textContent: CSS }), el('h2', { id: id('title') }, t.title), el('p', { id: id('body') }, t.body));
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', id('title'));
  dialog.setAttribute('aria-describedby', id('body'));
  if (gpc) dialog.append(el('p', { className: 'kpc-note', id: id('gpc') }, t.gpc));
  if (settings) dialog.append(el('fieldset', {}, el('legend', { className: 'kpc-sr' }, t.settings), ...(['necessary', ...PURPOSES] as Category[]).map(option)));
  dialog.append(row, links);
  // A choice already made can be kept as it is; the first time, only a choice closes the banner.
  if (current) {
    const x = el('button', { type: 'button', className: 'kpc-x', textContent: '×', onclick: close });
    x.setAttribute('aria-label', t.close);
    dialog.append(x);
  }
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      if (settings) render(false);
      else if (current) close();
      return;
    }
    if (e.key !== 'Tab') return;
    // Keep focus inside the dialog while it is open (aria-modal).
    const focusable = Array.from(dialog.querySelectorAll<HTMLElement>('button,a[href],input:not([disabled])'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  });
  root = dialog;
  document.body.append(dialog);
  (settings ? (boxes.analytics ?? dialog) : dialog).focus();
}

function open(): void {
  opener ??= document.activeElement;
  if (document.body) render(false);
  else document.addEventListener('DOMContentLoaded', () => render(false));
}

const consent: ConsentApi = {
  open,
  get: () => current,
  onChange: (fn) => listeners.push(fn),
  registerCookies: (category, names) => {
    (extraCookies[category] ??= []).push(...names);
  },
};
w.Kodepos = { ...w.Kodepos, consent, track: (feature) => tracker?.track(feature) };

consentModeDefault();

function start(): void {
  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target.closest('[data-kodepos-consent-open]') : null;
    if (!target) return;
    e.preventDefault();
    opener = target;
    open();
  });
  if (current) apply(current);
  else open();
  if (cfg.track !== false && attr('track') !== 'false') {
    const anonymous = cfg.anonymousStats === true || attr('anonymous-stats') === 'true';
    tracker = startTracker({ endpoint: `${api}/public/v1/events`, workspace, anonymous, choice: () => current, ready: () => saving });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
