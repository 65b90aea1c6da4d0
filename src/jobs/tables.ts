/** Tables of the job runners (see migrations 0002_jobs). */
export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  idempotency_key: string | null;
  workspace_id: string | null;
  run_at: string;
  lease_until: string | null;
  locked_by: string | null;
  progress: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobTables {
  jobs: JobsTable;
}
