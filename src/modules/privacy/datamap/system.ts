import { defineTables, plain } from './types.js';

/** Kysely's migration bookkeeping (created by its Migrator, not by our migrations). */
export const systemTables = defineTables({
  kysely_migration: {
    label: 'Database migrations',
    description: 'Migrations applied to this database',
    scope: 'system',
    subject: { via: 'none' },
    purposes: ['service'],
    lawfulBasis: 'legitimate_interests',
    retention: { summary: 'Kept for the life of the deployment' },
    recipients: [],
    columns: {
      name: plain('Migration name'),
      timestamp: plain('When it was applied'),
    },
  },
  kysely_migration_lock: {
    label: 'Migration lock',
    description: 'Lock that lets one process migrate at a time',
    scope: 'system',
    subject: { via: 'none' },
    purposes: ['service'],
    lawfulBasis: 'legitimate_interests',
    retention: { summary: 'One row, kept for the life of the deployment' },
    recipients: [],
    columns: {
      id: plain('Lock name'),
      is_locked: plain('Whether a migration is running'),
    },
  },
});
