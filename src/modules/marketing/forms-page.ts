/**
 * The hosted form page (`/f/{id}`, and `/demo` for the operator's form): server-rendered, every
 * input with its own label, errors tied to their inputs, and a plain POST so it works without
 * JavaScript. English and Bahasa Indonesia.
 */
import type { FieldProblem } from '../../http/errors.js';
import { escapeHtml as h } from '../../mail/layout.js';
import { SHOWN_VERSION_PREFIX, type ContactTarget, type FormField, type PublicFormView } from './forms-schema.js';

export type PageLang = 'en' | 'id';

const TEXT = {
  en: { required: 'required', send: 'Send', thanks: 'Thank you', thanksBody: 'We received your message and will be in touch soon.', errors: 'Please check the fields marked below.', choose: 'Choose…', honeypot: 'Leave this field empty', back: 'Back to the form', notFound: 'This form is not available.', other: 'Language', unavailable: 'Not available' },
  id: { required: 'wajib', send: 'Kirim', thanks: 'Terima kasih', thanksBody: 'Pesan Anda sudah kami terima. Kami akan segera menghubungi Anda.', errors: 'Periksa kembali kolom yang ditandai di bawah.', choose: 'Pilih…', honeypot: 'Biarkan kolom ini kosong', back: 'Kembali ke formulir', notFound: 'Formulir ini tidak tersedia.', other: 'Bahasa', unavailable: 'Tidak tersedia' },
} as const;

/** The validation messages of submissions-answers.ts in Bahasa Indonesia. */
const ID_MESSAGES: [RegExp, string][] = [
  [/^is required$/, 'wajib diisi'],
  [/^must be ticked$/, 'wajib dicentang'],
  [/^must be an email address$/, 'harus berupa alamat email'],
  [/^must be a phone number$/, 'harus berupa nomor telepon'],
  [/^must be one of the choices$/, 'pilih salah satu pilihan'],
  [/^must be text$/, 'harus berupa teks'],
  [/^must be at most (\d+) characters$/, 'paling banyak $1 karakter'],
  [/^must be a date \(YYYY-MM-DD\)$/, 'harus berupa tanggal (TTTT-BB-HH)'],
];

export function problemText(message: string, lang: PageLang): string {
  if (lang === 'en') return message;
  for (const [re, id] of ID_MESSAGES) if (re.test(message)) return message.replace(re, id);
  return message;
}

const AUTOCOMPLETE: Record<ContactTarget, string> = { firstName: 'given-name', lastName: 'family-name', email: 'email', phone: 'tel', title: 'organization-title' };
const INPUT_TYPE: Record<string, string> = { text: 'text', email: 'email', phone: 'tel', birthdate: 'date' };

export const STYLE = `<style>
.kf-field{margin:0 0 16px}.kf-field label{display:block;font-weight:600;margin-bottom:4px}
.kf-field input[type=text],.kf-field input[type=email],.kf-field input[type=tel],.kf-field input[type=date],.kf-field select,.kf-field textarea{width:100%;box-sizing:border-box;padding:8px;border:1px solid #868e96;border-radius:4px;font:inherit}
.kf-check{display:flex;gap:8px;align-items:flex-start;margin:0 0 12px}.kf-check label{font-weight:400}
.kf-err{color:#c92a2a;margin:4px 0 0;font-size:14px}.kf-alert{border:1px solid #c92a2a;color:#c92a2a;padding:8px 12px;border-radius:4px}
.kf-hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button.kf-send{background:#1864ab;color:#fff;border:0;border-radius:4px;padding:10px 20px;font:inherit;cursor:pointer}
</style>`;

function fieldHtml(f: FormField, lang: PageLang, value: string | boolean | undefined, problem: string | undefined): string {
  const id = `kf-${f.key}`;
  const err = problem ? `<p class="kf-err" id="${id}-err">${h(problemText(problem, lang))}</p>` : '';
  const aria = `${f.required ? ' required aria-required="true"' : ''}${problem ? ` aria-invalid="true" aria-describedby="${id}-err"` : ''}`;
  const req = f.required ? ` <span aria-hidden="true">*</span><span class="kf-hp"> (${TEXT[lang].required})</span>` : '';
  const label = h(f.label[lang]);
  const text = typeof value === 'string' ? value : '';
  if (f.type === 'checkbox') {
    return `<div class="kf-check"><input type="checkbox" id="${id}" name="${f.key}" value="on"${value === true ? ' checked' : ''}${aria}><label for="${id}">${label}${req}</label>${err}</div>`;
  }
  let control: string;
  if (f.type === 'textarea') control = `<textarea id="${id}" name="${f.key}" rows="5"${aria}>${h(text)}</textarea>`;
  else if (f.type === 'select') {
    const opts = f.options.map((o) => `<option value="${h(o.value)}"${o.value === text ? ' selected' : ''}>${h(o.label[lang])}</option>`).join('');
    control = `<select id="${id}" name="${f.key}"${aria}><option value="">${TEXT[lang].choose}</option>${opts}</select>`;
  } else {
    const auto = f.mapsTo ? ` autocomplete="${AUTOCOMPLETE[f.mapsTo]}"` : f.type === 'birthdate' ? ' autocomplete="bday"' : '';
    control = `<input type="${INPUT_TYPE[f.type] ?? 'text'}" id="${id}" name="${f.key}" value="${h(text)}"${auto}${aria}>`;
  }
  return `<div class="kf-field"><label for="${id}">${label}${req}</label>${control}${err}</div>`;
}

export interface FormPageInput {
  form: PublicFormView;
  title: string;
  lang: PageLang;
  action: string;
  values?: Record<string, unknown>;
  problems?: FieldProblem[];
}

/** The body of the hosted page (framed by http/page.ts). */
export function formBody(p: FormPageInput): string {
  const t = TEXT[p.lang];
  const problemOf = (key: string): string | undefined => p.problems?.find((x) => x.field === `body.${key}`)?.message;
  const valueOf = (f: FormField): string | boolean | undefined => {
    const v = p.values?.[f.key];
    if (f.type === 'checkbox') return v === true || v === 'on';
    return typeof v === 'string' ? v : undefined;
  };
  const alert = p.problems?.length ? `<p class="kf-alert" role="alert">${t.errors}</p>` : '';
  // Never pre-ticked, not even after a failed post: the visitor ticks each box in this very post.
  const gate = p.form.ageGate;
  // The gate's own box; with a birth-date field the field answers it and is always asked for.
  const age =
    gate?.mode === 'checkbox'
      ? `<div class="kf-check"><input type="checkbox" id="kf-${gate.key}" name="${gate.key}" value="on" required aria-required="true"${p.values?.[gate.key] === 'on' || p.values?.[gate.key] === true ? ' checked' : ''}${problemOf(gate.key) ? ` aria-invalid="true" aria-describedby="kf-${gate.key}-err"` : ''}><label for="kf-${gate.key}">${h(gate.text[p.lang])} <span aria-hidden="true">*</span><span class="kf-hp"> (${t.required})</span></label>${problemOf(gate.key) ? `<p class="kf-err" id="kf-${gate.key}-err">${h(problemText(problemOf(gate.key) ?? '', p.lang))}</p>` : ''}</div>`
      : '';
  const fields = p.form.fields.map((f) => fieldHtml(gate?.mode === 'birthdate' && gate.key === f.key ? { ...f, required: true } : f, p.lang, valueOf(f), problemOf(f.key))).join('\n');
  const consents = p.form.consents
    .map((c) => `<div class="kf-check"><input type="hidden" name="${SHOWN_VERSION_PREFIX}${c.key}" value="${h(c.versionId)}"><input type="checkbox" id="kf-${c.key}" name="${c.key}" value="on"><label for="kf-${c.key}">${h(c.text[p.lang])}</label></div>`)
    .join('\n');
  const other: PageLang = p.lang === 'en' ? 'id' : 'en';
  return `${STYLE}<h1>${h(p.title)}</h1>
<p class="meta"><a href="?lang=${other}" hreflang="${other}" lang="${other}">${other === 'id' ? 'Bahasa Indonesia' : 'English'}</a></p>
${alert}
<form method="post" action="${h(p.action)}" data-kodepos-hosted-form="${h(p.form.id)}">
<input type="hidden" name="kp_lang" value="${p.lang}">
${fields}
${age}
${consents}
<div class="kf-hp" aria-hidden="true"><label for="kf-hp">${t.honeypot}</label><input type="text" id="kf-hp" name="${p.form.honeypot}" tabindex="-1" autocomplete="off"></div>
<button type="submit" class="kf-send">${t.send}</button>
</form>`;
}

export function thanksBody(lang: PageLang, back: string): string {
  const t = TEXT[lang];
  return `<h1>${t.thanks}</h1><p role="status">${t.thanksBody}</p><p><a href="${h(back)}">${t.back}</a></p>`;
}

/** The answer to a birth date under 18: nothing is shown back, nothing was kept. */
export function underageBody(lang: PageLang, text: string, back: string): string {
  return `<h1>${TEXT[lang].unavailable}</h1><p role="alert">${h(text)}</p><p><a href="${h(back)}">${TEXT[lang].back}</a></p>`;
}

export function notFoundBody(lang: PageLang): string {
  return `<h1>404</h1><p>${TEXT[lang].notFound}</p>`;
}

/** `?lang=` or the hidden field first, then the browser's first choice. */
export function pickLang(explicit: unknown, acceptLanguage: string | undefined): PageLang {
  if (explicit === 'id' || explicit === 'en') return explicit;
  return /^\s*id\b/i.test(acceptLanguage ?? '') ? 'id' : 'en';
}

export const thanksTitle = (lang: PageLang): string => TEXT[lang].thanks;
