import { defineTables, plain } from './types.js';

export const governanceTables = defineTables({
  governance_notices: {
    label: 'Governance notices',
    description: 'Each batched notice to users: a published privacy policy version or a change of the sub-processor register',
    scope: 'platform',
    subject: { via: 'none' },
    purposes: ['legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept for the life of the deployment: proof that users were told' },
    recipients: ['smtp'],
    columns: {
      id: plain('Opaque primary key'),
      kind: plain('policy or subprocessors'),
      policy_version_id: plain('The published policy version'),
      job_id: plain('The batched mail job'),
      created_by: plain('Operator user id who started it'),
      created_at: plain('When it started'),
    },
  },

  subprocessors: {
    label: 'Sub-processor register',
    description: 'Who processes personal data for the operator, where, and under which transfer mechanism',
    scope: 'platform',
    subject: { via: 'none' },
    purposes: ['legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept for the life of the deployment' },
    recipients: [],
    columns: {
      key: plain('Recipient id of the data map'),
      name: plain('Company name'),
      purpose: plain('What it does for us'),
      data_categories: plain('Categories of personal data it receives'),
      country: plain('Country where it processes'),
      mechanism: plain('Transfer mechanism: adequacy, scc or consent'),
      dpa_date: plain('Date of the data processing agreement'),
      updated_at: plain('Last change'),
    },
  },
});
