import { defineTables, personal, plain } from './types.js';

/** The retention engine's own table (migration 0018_retention). */
export const retentionTables = defineTables({
  retention_notices: {
    label: 'Inactivity warnings',
    description: 'Warnings sent to accounts 30 days before their 24-month inactivity anonymisation',
    scope: 'platform',
    subject: { via: 'column', column: 'user_id', table: 'users' },
    purposes: ['service', 'legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Deleted with the account’s erasure; a sign-in makes it void' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      user_id: plain('The warned account (subject link)'),
      warned_at: personal('usage', 'delete_row', 'When the warning was sent'),
      inactive_since: personal('usage', 'delete_row', 'The last activity the warning was about'),
      erase_after: plain('When the account may be anonymised if it stays inactive'),
    },
  },
});
