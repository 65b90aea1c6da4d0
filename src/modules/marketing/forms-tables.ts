/** Row types of the forms tables (migration 0015). Times are ISO strings; JSON columns are strings the repo parses. */

export const FORM_KINDS = ['web_to_lead', 'demo_request'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const FORM_STATUSES = ['draft', 'published', 'archived'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export const SUBMISSION_STATUSES = ['new', 'contacted', 'closed'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface FormsTable {
  id: string;
  /** Null: the operator's own form (its "Request a demo" page). */
  workspace_id: string | null;
  name: string;
  kind: FormKind;
  status: FormStatus;
  /** JSON FormField[] (forms-schema.ts). */
  fields: string;
  /** JSON StoredConsent[]: key, purpose, required flag and the id of the wording version in force. */
  consents: string;
  /** JSON string[]: user ids a new submission's task is assigned to, in turn. */
  owner_pool: string;
  rr_counter: number;
  /** 1: a submission needs an 18+ confirmation, or an adult birth date when the form asks for one (policy §12). */
  age_gate: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Never updated: a changed wording is a new row. */
export interface FormConsentVersionsTable {
  id: string;
  form_id: string;
  workspace_id: string | null;
  consent_key: string;
  purpose: string;
  text_en: string;
  text_id: string;
  created_at: string;
}

export interface FormSubmissionsTable {
  id: string;
  form_id: string;
  workspace_id: string | null;
  /** The contact created or updated (workspace forms); null on the operator's form. */
  contact_id: string | null;
  /** Address given, lower case: how a platform-scope submitter is found for access and erasure. */
  email: string | null;
  /** JSON Record<fieldKey, string | boolean>. */
  answers: string;
  /** JSON SubmissionConsent[]: each checkbox shown, ticked or not, with its wording version. */
  consents: string;
  visitor_id: string | null;
  ip_truncated: string | null;
  user_agent: string | null;
  assignee_id: string | null;
  /** The CRM task made for the assignee (workspace forms). */
  task_id: string | null;
  status: SubmissionStatus;
  created_at: string;
}

export interface FormTables {
  forms: FormsTable;
  form_consent_versions: FormConsentVersionsTable;
  form_submissions: FormSubmissionsTable;
}
