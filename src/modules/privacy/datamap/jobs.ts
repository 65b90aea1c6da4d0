import { defineTables, plain } from './types.js';

/** The job runners' table (migration 0002_jobs). pg-boss keeps its own tables in a separate schema. */
export const jobTables = defineTables({
  jobs: {
    label: 'Background jobs',
    description: 'Background jobs: the queue on SQLite, a mirror of each pg-boss job on PostgreSQL',
    scope: 'system',
    subject: { via: 'none' },
    purposes: ['service'],
    lawfulBasis: 'legitimate_interests',
    retention: { summary: 'Deleted 30 days after the job finished', days: 30, after: 'finished_at' },
    recipients: [],
    // The queue contract (src/jobs/types.ts) keeps payloads, results and errors to ids and counts.
    columns: {
      id: plain('Opaque job id'),
      name: plain('Handler name, e.g. accounts.send_verification'),
      payload: plain('Handler input (JSON): ids only, never personal data or secrets'),
      status: plain('queued, running, completed, failed or cancelled'),
      attempts: plain('Tries so far'),
      max_attempts: plain('Tries allowed'),
      backoff_ms: plain('First retry delay'),
      idempotency_key: plain('Caller-chosen key that makes enqueueing idempotent'),
      workspace_id: plain('Tenant the job works for, if any'),
      run_at: plain('Not before this time'),
      lease_until: plain('The running worker holds the job until then'),
      locked_by: plain('Worker that holds the lease'),
      progress: plain('Done and total counts with a short message (JSON)'),
      result: plain('Handler output (JSON): ids and counts'),
      error: plain('Message of the last failure, bounded; handlers keep personal data out of messages'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change of the row'),
      finished_at: plain('When the job completed, failed or was cancelled'),
    },
  },
});
