/** Row types of migration 0018_retention. */
export interface RetentionNoticesTable {
  id: string;
  user_id: string;
  warned_at: string;
  inactive_since: string;
  erase_after: string;
}

export interface RetentionTables {
  retention_notices: RetentionNoticesTable;
}
