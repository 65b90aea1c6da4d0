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

export interface GovernanceTables {
  governance_notices: GovernanceNoticesTable;
  subprocessors: SubprocessorsTable;
}
