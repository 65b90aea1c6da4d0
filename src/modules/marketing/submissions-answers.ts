/**
 * Reading a submission body against its form: JSON (`{"email": "…", "consent_news": true}`) and
 * form-encoded posts (`consent_news=on`) read the same. Pure functions, no database.
 */
import type { FieldProblem } from '../../http/errors.js';
import { birthDate } from './forms-age.js';
import type { ContactTarget, FormConsentView, FormField, SubmissionConsent } from './forms-schema.js';

export type Answers = Record<string, string | boolean>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{5,30}$/;
const MAX_LEN: Record<string, number> = { textarea: 5000 };

/** A ticked box: `true`, or what browsers and people send for one ("on", "true", "1", "yes"). */
export function ticked(v: unknown): boolean {
  if (v === true) return true;
  if (typeof v !== 'string') return false;
  return ['on', 'true', '1', 'yes'].includes(v.trim().toLowerCase());
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export interface ReadSubmission {
  answers: Answers;
  consents: SubmissionConsent[];
  problems: FieldProblem[];
  /** Non-empty answers that fill contact fields. */
  contact: Partial<Record<ContactTarget, string>>;
  /** Non-empty answers (and ticked boxes) that fill contact custom fields, by custom field key. */
  custom: Record<string, string | boolean>;
  email: string | null;
}

export function readSubmission(fields: FormField[], consents: FormConsentView[], body: Record<string, unknown>): ReadSubmission {
  const answers: Answers = {};
  const problems: FieldProblem[] = [];
  const contact: Partial<Record<ContactTarget, string>> = {};
  const custom: Record<string, string | boolean> = {};
  const bad = (key: string, message: string): void => void problems.push({ field: `body.${key}`, message });
  for (const f of fields) {
    const raw = body[f.key];
    if (f.type === 'checkbox') {
      const on = ticked(raw);
      answers[f.key] = on;
      if (on && f.customField) custom[f.customField] = true;
      if (f.required && !on) bad(f.key, 'must be ticked');
      continue;
    }
    if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number') {
      bad(f.key, 'must be text');
      continue;
    }
    const v = text(raw) ?? '';
    if (v === '') {
      if (f.required) bad(f.key, 'is required');
      continue;
    }
    const max = MAX_LEN[f.type] ?? 500;
    if (v.length > max) bad(f.key, `must be at most ${max} characters`);
    else if (f.type === 'email' && (!EMAIL.test(v) || v.length > 254)) bad(f.key, 'must be an email address');
    else if (f.type === 'phone' && !PHONE.test(v)) bad(f.key, 'must be a phone number');
    else if (f.type === 'select' && !f.options.some((o) => o.value === v)) bad(f.key, 'must be one of the choices');
    else if (f.type === 'birthdate' && !birthDate(v)) bad(f.key, 'must be a date (YYYY-MM-DD)');
    else {
      const value = f.type === 'email' ? v.toLowerCase() : v;
      answers[f.key] = value;
      if (f.mapsTo) contact[f.mapsTo] = value;
      if (f.customField) custom[f.customField] = value;
    }
  }
  // A box counts only when ticked in this very post: nothing is ever ticked by default.
  const given = consents.map((c) => ({ key: c.key, purpose: c.purpose, versionId: c.versionId, granted: ticked(body[c.key]) }));
  return { answers, consents: given, problems, contact, custom, email: contact.email ?? null };
}
