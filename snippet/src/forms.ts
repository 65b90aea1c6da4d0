/**
 * Embedded forms: `<div data-kodepos-form="frm_…"></div>` next to the snippet's script tag becomes
 * the published form, fetched from GET /public/v1/forms/{id} and posted as JSON to its submission
 * endpoint. Consent boxes are never pre-ticked. A form with an age gate shows its 18+ box (or asks
 * for the birth date that stands in for it), in the wording the server sends. The visitor id goes along only when its cookie
 * exists, which the banner writes only under analytics consent.
 */
import { readCookie, VISITOR_COOKIE } from './effects.js';

type Lang = 'en' | 'id';
interface Bi {
  en: string;
  id: string;
}
interface Field {
  key: string;
  label: Bi;
  type: 'text' | 'email' | 'phone' | 'textarea' | 'select' | 'checkbox' | 'birthdate';
  required: boolean;
  options: { value: string; label: Bi }[];
}
interface FormDef {
  id: string;
  fields: Field[];
  consents: { key: string; text: Bi; versionId: string }[];
  honeypot: string;
  ageGate: { mode: 'checkbox' | 'birthdate'; key: string; text: Bi; underage: Bi } | null;
}

const TEXT = {
  en: { send: 'Send', thanks: 'Thank you! We received your message.', failed: 'Sending failed. Please try again.', check: 'Please check the marked fields.', choose: 'Choose…' },
  id: { send: 'Kirim', thanks: 'Terima kasih! Pesan Anda sudah kami terima.', failed: 'Gagal mengirim. Silakan coba lagi.', check: 'Periksa kembali kolom yang ditandai.', choose: 'Pilih…' },
};

const me = document.currentScript as HTMLScriptElement | null;
const base = (me?.getAttribute('data-api') ?? (me?.src ? new URL(me.src).origin : location.origin)).replace(/\/$/, '');
const langOf = (v: string | null | undefined): Lang | null => (v ? (/^(id|in)\b/i.test(v) ? 'id' : 'en') : null);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const k in props) e.setAttribute(k, props[k] as string);
  if (text) e.textContent = text;
  return e;
}

function render(host: HTMLElement, def: FormDef, lang: Lang): void {
  const t = TEXT[lang];
  const uid = `kpf-${def.id}`;
  const form = el('form', { novalidate: '' });
  const alert = el('p', { role: 'alert', class: 'kpf-alert' });
  const errs: Record<string, HTMLElement> = {};
  const gate = def.ageGate;
  const add = (key: string, control: HTMLElement, label: string, required: boolean, box: boolean): void => {
    const id = `${uid}-${key}`;
    control.id = id;
    control.setAttribute('name', key);
    if (required) control.setAttribute('required', '');
    const lab = el('label', { for: id }, label + (required ? ' *' : ''));
    const err = el('span', { id: `${id}-err`, class: 'kpf-err' });
    errs[key] = err;
    const wrap = el('div', { class: box ? 'kpf-check' : 'kpf-field' });
    if (box) wrap.append(control, lab, err);
    else wrap.append(lab, control, err);
    form.append(wrap);
  };
  for (const f of def.fields) {
    let c: HTMLElement;
    if (f.type === 'textarea') c = el('textarea', { rows: '4' });
    else if (f.type === 'select') {
      c = el('select');
      c.append(el('option', { value: '' }, t.choose));
      for (const o of f.options) c.append(el('option', { value: o.value }, o.label[lang]));
    } else c = el('input', { type: f.type === 'phone' ? 'tel' : f.type === 'birthdate' ? 'date' : f.type });
    add(f.key, c, f.label[lang], f.required || gate?.key === f.key, f.type === 'checkbox');
  }
  if (gate?.mode === 'checkbox') add(gate.key, el('input', { type: 'checkbox' }), gate.text[lang], true, true);
  for (const c of def.consents) {
    add(c.key, el('input', { type: 'checkbox' }), c.text[lang], false, true);
    // The wording version shown, so the consent is recorded with these very words.
    form.append(el('input', { type: 'hidden', name: `kp_ver_${c.key}`, value: c.versionId }));
  }
  const hp = el('input', { type: 'text', name: def.honeypot, tabindex: '-1', autocomplete: 'off', 'aria-hidden': 'true' });
  hp.style.cssText = 'position:absolute;left:-10000px;width:1px;height:1px';
  const send = el('button', { type: 'submit' }, t.send);
  form.append(hp, alert, send);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body: Record<string, string | boolean> = {};
    for (const x of Array.from(form.elements) as HTMLInputElement[]) {
      if (!x.name) continue;
      body[x.name] = x.type === 'checkbox' ? x.checked : x.value;
    }
    const vid = readCookie(VISITOR_COOKIE);
    if (vid) body.visitorId = vid;
    send.disabled = true;
    alert.textContent = '';
    fetch(`${base}/public/v1/forms/${encodeURIComponent(def.id)}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(async (res) => {
        if (res.status === 201) {
          host.replaceChildren(el('p', { role: 'status', class: 'kpf-thanks' }, t.thanks));
          return;
        }
        const j = (await res.json().catch(() => null)) as { error?: { code?: string; details?: { field: string; message: string }[] } } | null;
        for (const k in errs) {
          (errs[k] as HTMLElement).textContent = '';
          document.getElementById(`${uid}-${k}`)?.removeAttribute('aria-invalid');
        }
        const details = res.status === 400 ? (j?.error?.details ?? []) : [];
        for (const d of details) {
          const key = d.field.replace(/^body\./, '');
          const input = document.getElementById(`${uid}-${key}`);
          if (!input || !errs[key]) continue;
          errs[key].textContent = d.message;
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', `${uid}-${key}-err`);
        }
        // `underage` without details: a birth date under 18 (no retry helps); with details, fields to fix.
        alert.textContent = gate && j?.error?.code === 'underage' && !details.length ? gate.underage[lang] : details.length ? t.check : t.failed;
      })
      .catch(() => {
        alert.textContent = t.failed;
      })
      .finally(() => {
        send.disabled = false;
      });
  });
  host.replaceChildren(form);
}

function mountAll(): void {
  const fallback = langOf(me?.getAttribute('data-lang')) ?? langOf(document.documentElement.lang) ?? 'en';
  for (const host of Array.from(document.querySelectorAll<HTMLElement>('[data-kodepos-form]'))) {
    const id = host.getAttribute('data-kodepos-form');
    if (!id || host.hasAttribute('data-kodepos-ready')) continue;
    host.setAttribute('data-kodepos-ready', '');
    const lang = langOf(host.getAttribute('data-lang')) ?? fallback;
    fetch(`${base}/public/v1/forms/${encodeURIComponent(id)}`)
      .then((r) => (r.ok ? (r.json() as Promise<FormDef>) : null))
      .then((def) => def && render(host, def, lang))
      .catch(() => undefined);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
else mountAll();
