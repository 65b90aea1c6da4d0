/** Row type of the reports of a minor's data (migration 0016; policy §12). */

export const MINOR_RELATIONS = ['self', 'parent', 'guardian', 'other'] as const;
export type MinorRelation = (typeof MINOR_RELATIONS)[number];

export const MINOR_STATUSES = ['open', 'erased', 'dismissed'] as const;
export type MinorStatus = (typeof MINOR_STATUSES)[number];

export interface MinorReportsTable {
  id: string;
  /** Null: the operator's own service (accounts); else the workspace whose contact it is. */
  workspace_id: string | null;
  /** The minor's address, as reported; a keyed hash once the person is erased. */
  email: string;
  reporter_email: string | null;
  relation: MinorRelation;
  details: string | null;
  locale: string;
  status: MinorStatus;
  received_at: string;
  handled_at: string | null;
  handled_by: string | null;
  /** What the erasure did: tables and row counts (JSON). */
  result: string | null;
  created_at: string;
  updated_at: string;
}

export interface MinorTables {
  minor_reports: MinorReportsTable;
}
