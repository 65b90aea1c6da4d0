import { defineTables, held, personal, plain, type ScopeLinks } from './types.js';

const tenant = 'Tenant (invariant 2); null for a breach of the operator’s own processing';
/** Rows found by an address: an account's on the platform, a contact's in a workspace. */
const byAddress = {
  platform: [{ via: 'column', column: 'email', table: 'users', key: 'email' }],
  workspace: [{ via: 'column', column: 'email', table: 'contacts', key: 'email' }],
} as const satisfies ScopeLinks;

/**
 * The breach register (migration 0016). The register itself describes an incident, not a person
 * (categories and counts only); the recipients are the people told of it, found by their address:
 * an account's in the platform scope, a contact's in a workspace.
 */
export const breachTables = defineTables({
  breaches: {
    label: 'Breach register',
    description: 'Personal-data breaches: nature, categories, approximate numbers, legal deadlines, notifications',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept as the documentation GDPR Art. 33(5) requires while the controller exists' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(tenant),
      title: plain('Short name of the incident (no personal data by policy)'),
      nature: plain('What happened: nature of the breach (no personal data by policy)'),
      data_categories: plain('Categories of personal data concerned'),
      approx_subjects: plain('Approximate number of subjects concerned'),
      approx_records: plain('Approximate number of records concerned'),
      aware_at: plain('When the controller became aware (starts the legal clocks)'),
      detected_at: plain('When the breach happened or was first detected'),
      systems: plain('Systems affected'),
      consequences: plain('Likely consequences'),
      measures: plain('Measures taken or proposed'),
      authority_due_at: plain('Deadline to notify the supervisory authority'),
      subjects_due_at: plain('Deadline to notify the subjects'),
      authority_notified_at: plain('When the authority was notified'),
      subjects_notified_at: plain('When the subject notification was started'),
      notify_job_id: plain('The job mailing the subjects'),
      late_reason: plain('Reasons for notifying the authority after 72 hours (no personal data by policy)'),
      created_by: plain('The officer who registered it'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change of the row'),
    },
  },

  breach_checklist: {
    label: 'Breach containment checklist',
    description: 'Containment steps of a breach, ticked with who and when',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept with its breach' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      breach_id: plain('The breach'),
      workspace_id: plain(tenant),
      item: plain('Which step'),
      position: plain('Order of the step'),
      done_at: plain('When it was ticked'),
      done_by: plain('The officer who ticked it'),
    },
  },

  breach_recipients: {
    label: 'Breach notifications',
    description: 'Subjects told of a breach by email, with the delivery state of each mail',
    scope: 'workspace',
    subject: { via: 'column', column: 'email', table: 'users', key: 'email' },
    scopeLinks: byAddress,
    purposes: ['legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept with its breach as proof the subjects were told' },
    recipients: ['smtp'],
    columns: {
      id: plain('Opaque primary key'),
      breach_id: plain('The breach'),
      workspace_id: plain(tenant),
      email: personal('contact', 'delete_row', 'Address the notice goes to'),
      locale: plain('Language of the notice (en or id)'),
      status: plain('queued, sent, failed'),
      sent_at: plain('When the notice was sent'),
      error: plain('Why delivery failed (transport message, no address)'),
      created_at: plain('Row creation time'),
    },
  },

  minor_reports: {
    label: 'Reports of a minor',
    description: 'Reports that a person under 18 has an account or is a contact (policy §12), and how the officer handled them',
    scope: 'workspace',
    subject: { via: 'column', column: 'email', table: 'users', key: 'email' },
    // The minor is found by the address reported: an account's on the platform, a contact's in a workspace.
    scopeLinks: byAddress,
    purposes: ['legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept 3 years after handling as proof, the address pseudonymised once the minor is erased', days: 1095, after: 'handled_at' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(tenant),
      email: personal('contact', 'pseudonymise', 'Address of the minor, as reported; a keyed hash after erasure'),
      reporter_email: personal('contact', 'null', 'Address of whoever reported it (a parent, say), to answer them'),
      relation: plain('Who reported it: self, parent, guardian, other'),
      details: personal('content', 'null', 'What the reporter wrote'),
      locale: plain('Language of the report (en or id)'),
      status: plain('open, erased, dismissed'),
      received_at: held('usage', 3, 'When the report arrived'),
      handled_at: held('usage', 3, 'When the officer acted on it'),
      handled_by: plain('The officer who acted'),
      result: plain('What the erasure did: tables and row counts'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change of the row'),
    },
  },
});
