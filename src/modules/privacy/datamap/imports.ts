import { defineTables, personal, plain } from './types.js';

const ws = 'Tenant (invariant 2)';

/**
 * CSV imports (migration 0006). The uploaded file itself lives under `$DATA_DIR/imports/<id>.csv`
 * only while the import runs: it is deleted when the import finishes, fails or is undone.
 */
export const importTables = defineTables({
  imports: {
    label: 'Imports',
    description: 'CSV imports of contacts and companies: progress, counts and the column mapping',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['workspace_processing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the workspace keeps it (its history and undo); DELETE /api/v1/imports/{id} removes it with its rejected rows' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key; contacts and companies it created carry it in import_id'),
      workspace_id: plain(ws),
      object: plain('contact or company'),
      status: plain('previewed, queued, running, completed, failed or undone'),
      file_name: personal('content', 'null', 'Name of the uploaded file as the member named it: it may name a person, so it is treated as content; not linked to any subject'),
      total: plain('Data rows in the file'),
      processed: plain('Rows handled so far; rows 1..processed are committed (the resume point)'),
      created_count: plain('Records created'),
      updated_count: plain('Existing records updated'),
      skipped_count: plain('Rows skipped (duplicates under dedupe=skip, empty rows)'),
      error_count: plain('Rows refused'),
      mapping: plain('CSV column headers and the field each fills (JSON): headers name columns, not people'),
      options: plain('Dedupe mode and delimiter (JSON)'),
      job_id: plain('The job that runs the import'),
      undo_job_id: plain('The job that undoes it'),
      created_by: plain('Member or API key that started it (opaque id; null for the CLI)'),
      actor_type: plain('user, api_key or system'),
      created_at: plain('Row creation time'),
      finished_at: plain('When the import completed or failed'),
      undone_at: plain('When its created records were deleted'),
    },
  },

  import_rows_rejected: {
    label: 'Rejected import rows',
    description: 'Rows an import refused, with the reasons, so the member can fix and re-import them',
    scope: 'workspace',
    // A refused row never became a contact, so there is no record to link it to: the cells are
    // personal data about somebody, but nobody the data map can find. Hence the short retention.
    subject: { via: 'none' },
    purposes: ['workspace_processing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Deleted with their import, and 30 days after the import at the latest', days: 30, after: 'created_at' },
    recipients: [],
    columns: {
      import_id: plain('The import'),
      workspace_id: plain(ws),
      row_number: plain('Row in the file (the header is row 1)'),
      errors: plain('Field names and reasons (JSON); messages never quote the value'),
      raw: personal('content', 'delete_row', "The refused row's cells as uploaded (JSON): names, emails, phones of a person who is not a contact; unlinked, so only retention removes them"),
      created_at: plain('When the row was refused'),
    },
  },
});
