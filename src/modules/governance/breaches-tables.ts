import type { MinorReportsTable } from './minors-tables.js';

/** Row types of the breach register (migration 0016). Times are ISO strings. */

/** Containment steps every breach starts with (keys; labels live in the UI's EN/ID texts). */
export const CHECKLIST_ITEMS = ['contain', 'preserve_evidence', 'assess_risk', 'reset_credentials', 'notify_authority', 'notify_subjects', 'review_measures'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export const RECIPIENT_STATUSES = ['queued', 'sent', 'failed'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export interface BreachesTable {
  id: string;
  /** Null: a breach of the operator's own (platform) processing. */
  workspace_id: string | null;
  title: string;
  nature: string;
  /** JSON array of data categories (strings). */
  data_categories: string;
  approx_subjects: number;
  approx_records: number | null;
  aware_at: string;
  detected_at: string | null;
  systems: string | null;
  consequences: string | null;
  measures: string | null;
  authority_due_at: string;
  subjects_due_at: string;
  authority_notified_at: string | null;
  subjects_notified_at: string | null;
  notify_job_id: string | null;
  /** The officer's reasons for notifying the authority after 72 hours (GDPR Art. 33(1)). */
  late_reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface BreachChecklistTable {
  id: string;
  breach_id: string;
  workspace_id: string | null;
  item: string;
  position: number;
  done_at: string | null;
  done_by: string | null;
}

export interface BreachRecipientsTable {
  id: string;
  breach_id: string;
  workspace_id: string | null;
  email: string;
  locale: string;
  status: RecipientStatus;
  sent_at: string | null;
  error: string | null;
  created_at: string;
}

export interface BreachTables {
  breaches: BreachesTable;
  breach_checklist: BreachChecklistTable;
  breach_recipients: BreachRecipientsTable;
  minor_reports: MinorReportsTable;
}
