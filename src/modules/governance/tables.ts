/** Row types of migration 0017 (policy notices, sub-processor register). */
export interface GovernanceNoticesTable {
  id: string;
  /** 'policy' (a published version) or 'subprocessors' (a register change). */
  kind: string;
  policy_version_id: string | null;
  job_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface SubprocessorsTable {
  /** The data map's recipient id (smtp, stripe, …). */
  key: string;
  name: string;
  purpose: string;
  /** JSON array of data categories. */
  data_categories: string;
  /** ISO country code; null when the operator chooses (its own mail server). */
  country: string | null;
  /** adequacy | scc | consent */
  mechanism: string;
  /** YYYY-MM-DD the data processing agreement was signed. */
  dpa_date: string | null;
  updated_at: string;
}

/** Where a notice job got to: a retry resumes after `last_user_id` (users are mailed in id order). */
export interface GovernanceNoticeProgressTable {
  job_id: string;
  last_user_id: string;
  sent: number;
  updated_at: string;
}

/** One batch of personal data that flowed to a sub-processor (migration 0022). Counts, no personal values. */
export interface DisclosureLogTable {
  id: string;
  /** Null: the operator's own processing. */
  workspace_id: string | null;
  subprocessor_key: string;
  /** What sent it: `mail` (outgoing mail), later each integration's key. */
  source: string;
  /** Data-map purpose of the flow. */
  purpose: string;
  /** JSON array of data categories. */
  data_categories: string;
  subject_count: number;
  country: string | null;
  data_region: string;
  /** 1 when the sub-processor's country differs from the data region. */
  cross_border: number;
  /** Transfer mechanism from the register, on cross-border rows. */
  mechanism: string | null;
  first_at: string;
  last_at: string;
  created_at: string;
}

export interface GovernanceTables {
  governance_notices: GovernanceNoticesTable;
  governance_notice_progress: GovernanceNoticeProgressTable;
  subprocessors: SubprocessorsTable;
  disclosure_log: DisclosureLogTable;
}
