/** Row types of the import tables (migration 0006). JSON columns hold strings the repo parses. */
export const IMPORT_STATUSES = ['previewed', 'queued', 'running', 'completed', 'failed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportsTable {
  id: string;
  workspace_id: string;
  object: string;
  status: string;
  file_name: string | null;
  total: number;
  processed: number;
  created_count: number;
  updated_count: number;
  skipped_count: number;
  error_count: number;
  /** `[{column, field}]` in file order: the CSV header and the field it fills (null: ignored). */
  mapping: string;
  /** `{dedupe, delimiter}`. */
  options: string;
  job_id: string | null;
  undo_job_id: string | null;
  created_by: string | null;
  actor_type: string;
  created_at: string;
  finished_at: string | null;
  undone_at: string | null;
}

export interface ImportRowsRejectedTable {
  import_id: string;
  workspace_id: string;
  row_number: number;
  /** `[{field, column, message}]`. */
  errors: string;
  /** The row's cells as read from the file (JSON array of strings). */
  raw: string;
  created_at: string;
}

export interface ImportTables {
  imports: ImportsTable;
  import_rows_rejected: ImportRowsRejectedTable;
}
