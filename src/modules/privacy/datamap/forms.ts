import { defineTables, personal, plain } from './types.js';

const tenant = "Tenant (invariant 2); null for the operator's own form (Request a demo)";
const viaEmail = { via: 'column', column: 'email', table: 'users', key: 'email' } as const;
const viaContact = { via: 'column', column: 'contact_id', table: 'contacts' } as const;

/**
 * Forms (migration 0015). Definitions and wording versions are about nobody; a submission is the
 * submitter's: in a workspace it links to the contact it created or updated, on the operator's
 * demo form to the address given (the operator is controller, there may be no account yet).
 */
export const formTables = defineTables({
  forms: {
    label: 'Forms',
    description: 'Web-to-lead and demo-request form definitions: fields, consent checkboxes, owner pool',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['workspace_processing', 'marketing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the workspace keeps the form' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(tenant),
      name: plain('Name the builder gave the form'),
      kind: plain('web_to_lead or demo_request'),
      status: plain('draft, published, archived'),
      fields: plain('Field definitions: keys, labels, types, required flags (no answers)'),
      consents: plain('Consent checkboxes: purpose and the wording version in force'),
      owner_pool: plain('Member ids new submissions are assigned to in turn'),
      rr_counter: plain('Round-robin position'),
      age_gate: plain('1: submissions need an 18+ confirmation or an adult birth date (policy §12)'),
      created_by: plain('The member who created it'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change of the row'),
    },
  },

  form_consent_versions: {
    label: 'Form consent wording',
    description: 'The exact words of each consent checkbox, one immutable row per version (proof of what was agreed to)',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept while the form exists: consent records and submissions point at these versions' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key; the wording version a consent record names'),
      form_id: plain('The form'),
      workspace_id: plain(tenant),
      consent_key: plain('Which checkbox of the form'),
      purpose: plain('Consent purpose the box asks for'),
      text_en: plain('Wording in English'),
      text_id: plain('Wording in Bahasa Indonesia'),
      created_at: plain('When this version was first shown'),
    },
  },

  form_submissions: {
    label: 'Form submissions',
    description: 'What a visitor sent through a form: answers, the consent boxes shown and ticked, the assignee',
    scope: 'workspace',
    subject: viaContact,
    scopeLinks: { platform: [viaEmail], workspace: [viaContact] },
    purposes: ['workspace_processing', 'marketing'],
    lawfulBasis: 'controller_instructions',
    // `days` applies to unconverted demo requests only (the retention engine's own rule reads it);
    // a workspace's submissions live as long as the workspace keeps them.
    retention: {
      summary: 'Workspace forms: kept with the contact. Demo requests on the operator’s form: deleted 365 days after they were sent unless the address became an account; consent proof lives on in consent_records',
      days: 365,
      after: 'created_at',
    },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      form_id: plain('The form'),
      workspace_id: plain(tenant),
      contact_id: plain('The contact created or updated (subject link, workspace scope)'),
      email: personal('contact', 'delete_row', 'Address given (subject link, platform scope)'),
      answers: personal('content', 'delete_row', 'Every answer as submitted'),
      consents: personal('consent', 'delete_row', 'Each checkbox shown: purpose, wording version, ticked or not'),
      visitor_id: personal('technical', 'delete_row', 'Visitor id cookie of the page the form was on'),
      ip_truncated: personal('technical', 'delete_row', 'IP address with the host part removed'),
      user_agent: personal('technical', 'delete_row', 'Browser and version'),
      assignee_id: plain('The member (or operator) the follow-up went to'),
      task_id: plain('The follow-up task'),
      status: plain('new, contacted, closed'),
      created_at: personal('usage', 'delete_row', 'When it was sent'),
    },
  },
});
