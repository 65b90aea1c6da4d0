/**
 * The age gate of forms (policy §12: the services are not for anyone under 18). A form with the
 * gate on asks for a ticked 18+ confirmation, or, when it has a birth-date field, for an adult
 * birth date instead. A birth date under 18 is refused on every form, gate or not: the answer
 * itself says the sender is a minor. Refusals happen before anything is stored.
 */
import { badRequest, type FieldProblem } from '../../http/errors.js';
import { ageOn, MIN_AGE } from '../accounts/service.js';
import type { FormField, PublicAgeGate } from './forms-schema.js';

/** Body key of the confirmation box (`kp_` keys are the form's own inputs). */
export const AGE_KEY = 'kp_age';

export const AGE_TEXT = {
  confirm: { en: `I confirm that I am ${MIN_AGE} years of age or older.`, id: `Saya menyatakan bahwa usia saya ${MIN_AGE} tahun atau lebih.` },
  underage: { en: `Sorry, this form is only for people aged ${MIN_AGE} or older. Nothing you entered was saved.`, id: `Maaf, formulir ini hanya untuk orang berusia ${MIN_AGE} tahun atau lebih. Tidak ada data Anda yang disimpan.` },
} as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date as YYYY-MM-DD, or null. */
export function birthDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = DATE.exec(v.trim());
  if (!m) return null;
  const d = new Date(`${m[0]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0] ? null : m[0];
}

export const birthDateField = (fields: FormField[]): FormField | undefined => fields.find((f) => f.type === 'birthdate');

/** What a page shows for the gate: the confirmation box, or the birth-date field that stands in for it. */
export function publicAgeGate(on: boolean, fields: FormField[]): PublicAgeGate | null {
  if (!on) return null;
  const field = birthDateField(fields);
  return field ? { mode: 'birthdate', key: field.key, text: AGE_TEXT.confirm, underage: AGE_TEXT.underage } : { mode: 'checkbox', key: AGE_KEY, text: AGE_TEXT.confirm, underage: AGE_TEXT.underage };
}

/**
 * Throws `underage` (400) for a birth date under 18, or when the gate is on and neither an adult
 * birth date nor a ticked confirmation came; `others` are the form's other problems, listed too
 * so a page marks every field at once.
 */
export function assertAge(on: boolean, fields: FormField[], body: Record<string, unknown>, now: Date, confirmed: boolean, others: FieldProblem[]): void {
  const field = birthDateField(fields);
  const born = field ? birthDate(body[field.key]) : null;
  if (born && ageOn(born, now) < MIN_AGE) throw badRequest('underage', AGE_TEXT.underage.en);
  if (!on) return;
  if (field) {
    if (born) return;
    const problem = others.some((p) => p.field === `body.${field.key}`) ? [] : [{ field: `body.${field.key}`, message: 'is required' }];
    throw badRequest('underage', `Give your date of birth: this form is only for people aged ${MIN_AGE} or older.`, [...problem, ...others]);
  }
  if (!confirmed) throw badRequest('underage', `Confirm that you are ${MIN_AGE} or older.`, [{ field: `body.${AGE_KEY}`, message: 'must be ticked' }, ...others]);
}
