import { z } from 'zod';
import { FORM_KINDS, FORM_STATUSES, SUBMISSION_STATUSES } from './forms-tables.js';

/**
 * Types of form fields; `checkbox` is a yes/no answer (consent boxes are separate, see `formConsent`);
 * `birthdate` (at most one) is a YYYY-MM-DD date that answers the age gate instead of its box.
 */
export const FIELD_TYPES = ['text', 'email', 'phone', 'textarea', 'select', 'checkbox', 'birthdate'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Contact fields an answer can fill (contacts-service ContactInput names). */
export const CONTACT_TARGETS = ['firstName', 'lastName', 'email', 'phone', 'title'] as const;
export type ContactTarget = (typeof CONTACT_TARGETS)[number];

/** Purposes a form may ask consent for; `necessary` needs none, so it is never a checkbox. */
export const FORM_CONSENT_PURPOSES = ['marketing', 'analytics', 'personalization', 'ads'] as const;

/**
 * Keys name answers in the submission body and in form-encoded posts. `kp_` is reserved for the
 * form's own inputs (the honeypot, the language of the hosted page).
 */
const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter (at most 40)')
  .refine((k) => !k.startsWith('kp_'), 'keys starting with kp_ are reserved');

export const bilingual = z.object({ en: z.string().trim().min(1).max(300), id: z.string().trim().min(1).max(300) });
const wording = z.object({ en: z.string().trim().min(1).max(2000), id: z.string().trim().min(1).max(2000) });

export const formField = z.object({
  key,
  label: bilingual,
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  mapsTo: z.enum(CONTACT_TARGETS).nullable().default(null).describe('The contact field this answer fills'),
  customField: z.string().min(1).max(64).nullable().default(null).describe('Key of the contact custom field this answer fills'),
  options: z.array(z.object({ value: z.string().trim().min(1).max(100), label: bilingual })).max(50).default([]).describe('Choices of a select field'),
});
export type FormField = z.infer<typeof formField>;

/**
 * A consent checkbox: never required and never pre-ticked (consent must be freely given, GDPR
 * Art. 7(4), UU PDP Pasal 22), so there is no flag for either. The text is the exact wording shown;
 * changing it makes a new version.
 */
export const formConsent = z.object({
  key,
  purpose: z.enum(FORM_CONSENT_PURPOSES),
  text: wording,
});
export type FormConsentInput = z.infer<typeof formConsent>;

export const formConsentView = formConsent.extend({ versionId: z.string().describe('The wording version recorded with each consent given') });
export type FormConsentView = z.infer<typeof formConsentView>;

export const formCreate = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(FORM_KINDS).default('web_to_lead'),
  status: z.enum(FORM_STATUSES).default('draft'),
  fields: z.array(formField).max(50).default([]),
  consents: z.array(formConsent).max(10).default([]),
  ownerPool: z.array(z.string().min(1).max(100)).max(100).default([]).describe('Members who get the follow-up task, in turn'),
  ageGate: z.boolean().default(true).describe('Ask for an 18+ confirmation (or an adult birth date when the form has a birthdate field); policy §12'),
});
export type FormCreate = z.infer<typeof formCreate>;

export const formPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(FORM_KINDS).optional(),
  status: z.enum(FORM_STATUSES).optional(),
  fields: z.array(formField).max(50).optional(),
  consents: z.array(formConsent).max(10).optional(),
  ownerPool: z.array(z.string().min(1).max(100)).max(100).optional(),
  ageGate: z.boolean().optional(),
});
export type FormPatch = z.infer<typeof formPatch>;

export const formView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(FORM_KINDS),
  status: z.enum(FORM_STATUSES),
  fields: z.array(formField),
  consents: z.array(formConsentView),
  ownerPool: z.array(z.string()),
  ageGate: z.boolean(),
  hostedUrl: z.string().describe('The hosted page of the form'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FormView = z.infer<typeof formView>;

/** The age gate as a page renders it: the confirmation box (`kp_age`), or the birth-date field that answers it. */
export const publicAgeGate = z.object({
  mode: z.enum(['checkbox', 'birthdate']),
  key: z.string().describe('Body key of the box (kp_age) or of the birth-date field'),
  text: bilingual.describe('Wording of the confirmation box'),
  underage: bilingual.describe('What to tell someone refused with the error code underage'),
});
export type PublicAgeGate = z.infer<typeof publicAgeGate>;

/** What a page needs to render a published form: no owners, no counters. */
export const publicFormView = z.object({
  id: z.string(),
  kind: z.enum(FORM_KINDS),
  fields: z.array(formField),
  consents: z.array(formConsentView),
  submitUrl: z.string(),
  honeypot: z.string().describe('Name of the field people never fill (hidden); a value there marks a bot'),
  ageGate: publicAgeGate.nullable().describe('Null when the form asks nothing about age'),
});
export type PublicFormView = z.infer<typeof publicFormView>;

export const submissionConsent = z.object({ key: z.string(), purpose: z.enum(FORM_CONSENT_PURPOSES), versionId: z.string(), granted: z.boolean() });
export type SubmissionConsent = z.infer<typeof submissionConsent>;

export const submissionView = z.object({
  id: z.string(),
  formId: z.string(),
  contactId: z.string().nullable(),
  email: z.string().nullable(),
  answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
  consents: z.array(submissionConsent),
  assigneeId: z.string().nullable(),
  taskId: z.string().nullable(),
  status: z.enum(SUBMISSION_STATUSES),
  createdAt: z.string(),
});
export type SubmissionView = z.infer<typeof submissionView>;

export const HONEYPOT = 'kp_website';

/** Pages send `kp_ver_<key>` with the version of each box's wording they showed. */
export const SHOWN_VERSION_PREFIX = 'kp_ver_';
