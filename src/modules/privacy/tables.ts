/** Row types of the privacy tables (migration 0009). Booleans 0/1, times ISO strings, JSON strings. */

export const REQUEST_TYPES = ['access', 'portability', 'correction', 'deletion', 'restriction', 'withdraw_consent', 'opt_out_sale'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * `unverified` until the emailed link is followed (or the requester was signed in); `open` while
 * the officer works on it; `processing` while its job runs; then `completed` or `rejected`.
 * `expired`: never verified before the link ran out.
 */
export const REQUEST_STATUSES = ['unverified', 'open', 'processing', 'completed', 'rejected', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** `unknown` applies the strictest clock of all three. */
export const JURISDICTIONS = ['gdpr', 'ccpa', 'uu_pdp', 'unknown'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const CONSENT_PURPOSES = ['necessary', 'analytics', 'marketing', 'personalization', 'ads'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_SOURCES = ['banner', 'form', 'preference_centre', 'api', 'import', 'privacy_request', 'unsubscribe', 'gpc'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface PrivacyRequestsTable {
  id: string;
  /** Null: platform scope (the operator is controller). */
  workspace_id: string | null;
  type: RequestType;
  status: RequestStatus;
  email: string;
  phone: string | null;
  jurisdiction: Jurisdiction;
  /** Language of the mails to the requester (migration 0012). */
  locale: 'en' | 'id';
  details: string | null;
  /** Set when a signed-in user filed it (verified by the session). */
  user_id: string | null;
  verify_token_hash: string | null;
  verify_expires_at: string | null;
  received_at: string;
  verified_at: string | null;
  /** CCPA: acknowledgement due within 10 business days. */
  ack_due_at: string | null;
  acknowledged_at: string | null;
  due_at: string;
  original_due_at: string;
  extended_at: string | null;
  extension_reason: string | null;
  assignee_id: string | null;
  rejection_reason: string | null;
  completed_at: string | null;
  /** JSON summary of what was done (tables, row counts, legal holds): ids and counts only. */
  result: string | null;
  created_at: string;
  updated_at: string;
}

export const CORRECTION_STATUSES = ['pending', 'applied', 'declined'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

export interface PrivacyCorrectionsTable {
  id: string;
  request_id: string;
  workspace_id: string | null;
  table_name: string;
  column_name: string;
  /** The row to change; null until the subject's rows are resolved. */
  row_id: string | null;
  proposed_value: string | null;
  status: CorrectionStatus;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface PrivacyExportsTable {
  id: string;
  request_id: string | null;
  workspace_id: string | null;
  /** Self-service exports: the account that asked. */
  user_id: string | null;
  token_hash: string;
  /** File name under DATA_DIR/exports. */
  file_name: string;
  size_bytes: number;
  created_at: string;
  expires_at: string;
  downloaded_at: string | null;
  deleted_at: string | null;
}

export interface ProcessorDeletionTasksTable {
  id: string;
  request_id: string | null;
  workspace_id: string | null;
  /** A data-map recipient id (mailchimp, brevo, meta …). */
  recipient: string;
  /** `erase` or `restrict`. */
  action: string;
  /** What the processor knows the subject by, as a SHA-256 of the normalised email: never the raw value. */
  subject_ref: string;
  status: string;
  attempts: number;
  error: string | null;
  created_at: string;
  completed_at: string | null;
}

/** Append-only: current consent is the latest row per (subject, purpose). */
export interface ConsentRecordsTable {
  id: string;
  workspace_id: string | null;
  contact_id: string | null;
  user_id: string | null;
  visitor_id: string | null;
  purpose: ConsentPurpose;
  granted: number;
  lawful_basis: string;
  source: ConsentSource;
  wording_version: string | null;
  policy_version: string | null;
  ip_truncated: string | null;
  user_agent: string | null;
  /** The member who entered consent obtained elsewhere (a paper form, a call). */
  recorded_by: string | null;
  created_at: string;
}

/** The consent gate's log: every decision it took, allowed or not (invariant 3). */
export interface ConsentDecisionsTable {
  id: string;
  workspace_id: string | null;
  contact_id: string | null;
  user_id: string | null;
  visitor_id: string | null;
  purpose: ConsentPurpose;
  /** Where the data was going: email, webhook, analytics, ads, sync … */
  channel: string;
  allowed: number;
  /** granted, not_required, no_consent, withdrawn, restricted, gpc, suppressed … */
  reason: string;
  created_at: string;
}

export interface PrivacyTables {
  privacy_requests: PrivacyRequestsTable;
  privacy_corrections: PrivacyCorrectionsTable;
  privacy_exports: PrivacyExportsTable;
  processor_deletion_tasks: ProcessorDeletionTasksTable;
  consent_records: ConsentRecordsTable;
  consent_decisions: ConsentDecisionsTable;
}
