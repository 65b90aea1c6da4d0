import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { useCurrentWorkspace } from '../../../lib/workspace';

/** Shapes of /api/v1/forms (src/modules/marketing/forms-schema.ts). */
export const FIELD_TYPES = ['text', 'email', 'phone', 'textarea', 'select', 'checkbox', 'birthdate'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const CONTACT_TARGETS = ['firstName', 'lastName', 'email', 'phone', 'title'] as const;
export type ContactTarget = (typeof CONTACT_TARGETS)[number];
export const CONSENT_PURPOSES = ['marketing', 'analytics', 'personalization', 'ads'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type FormKind = 'web_to_lead' | 'demo_request';
export type FormStatus = 'draft' | 'published' | 'archived';

export interface Bilingual {
  en: string;
  id: string;
}

export interface FormField {
  key: string;
  label: Bilingual;
  type: FieldType;
  required: boolean;
  mapsTo: ContactTarget | null;
  /** Key of the contact custom field the answer fills. */
  customField: string | null;
  options: { value: string; label: Bilingual }[];
}

export interface FormConsent {
  key: string;
  purpose: ConsentPurpose;
  text: Bilingual;
  versionId?: string;
}

export interface FormDef {
  id: string;
  name: string;
  kind: FormKind;
  status: FormStatus;
  fields: FormField[];
  consents: FormConsent[];
  ownerPool: string[];
  /** Submissions need an 18+ confirmation, or an adult birth date when the form has a birthdate field. */
  ageGate: boolean;
  hostedUrl: string;
  createdAt: string;
  updatedAt: string;
}

export type FormInput = Omit<FormDef, 'id' | 'hostedUrl' | 'createdAt' | 'updatedAt' | 'consents'> & { consents: Omit<FormConsent, 'versionId'>[] };

export interface Submission {
  id: string;
  email: string | null;
  contactId: string | null;
  answers: Record<string, string | boolean>;
  consents: { key: string; purpose: string; versionId: string; granted: boolean }[];
  assigneeId: string | null;
  status: string;
  createdAt: string;
}

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

const path = (id: string) => `/api/v1/forms/${encodeURIComponent(id)}`;

export const formsApi = {
  list: () => api<Page<FormDef>>('/api/v1/forms?limit=200'),
  get: (id: string) => api<FormDef>(path(id)),
  create: (body: Partial<FormInput> & { name: string }) => api<FormDef>('/api/v1/forms', { method: 'POST', body }),
  update: (id: string, body: Partial<FormInput>) => api<FormDef>(path(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(path(id), { method: 'DELETE' }),
  submissions: (id: string) => api<Page<Submission>>(`${path(id)}/submissions?limit=50`),
};

export function useFormsKey() {
  const { id } = useCurrentWorkspace();
  return (...parts: string[]) => ['workspace', id, 'forms', ...parts];
}

export function useForms() {
  const key = useFormsKey();
  return useQuery({ queryKey: key('list'), queryFn: formsApi.list });
}

export function useForm(id: string) {
  const key = useFormsKey();
  return useQuery({ queryKey: key('one', id), queryFn: () => formsApi.get(id) });
}

export function useSubmissions(id: string) {
  const key = useFormsKey();
  return useQuery({ queryKey: key('submissions', id), queryFn: () => formsApi.submissions(id) });
}

/** A new form starts with the one field every published form needs. */
export function starterForm(name: string, kind: FormKind): Partial<FormInput> & { name: string } {
  return {
    name,
    kind,
    status: 'draft',
    fields: [
      { key: 'first_name', label: { en: 'First name', id: 'Nama depan' }, type: 'text', required: false, mapsTo: 'firstName', customField: null, options: [] },
      { key: 'email', label: { en: 'Email', id: 'Email' }, type: 'email', required: true, mapsTo: 'email', customField: null, options: [] },
    ],
    consents: [],
    ownerPool: [],
    ageGate: true,
  };
}
