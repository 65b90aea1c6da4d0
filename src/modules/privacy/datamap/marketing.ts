import { defineTables, personal, plain } from './types.js';

const ws = 'Tenant (invariant 2)';
const viaContact = { via: 'column', column: 'contact_id', table: 'contacts' } as const;
const contactRetention = { summary: "Kept while the workspace keeps the contact; the workspace's own retention rules and data-subject requests remove it" };

/**
 * Email marketing (migration 0014). The workspace is controller of its campaigns and recipients,
 * the platform its processor. Lists, segments, templates and campaigns are the workspace's own
 * work; a send row and an opt-in confirmation are about one contact; a suppression is kept as a
 * hash of the address so "never mail this address again" survives the contact's erasure.
 */
export const marketingTables = defineTables({
  marketing_lists: {
    description: 'Static mailing lists of a workspace',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['marketing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the workspace keeps the list' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      name: plain('Name a member gave the list'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change'),
    },
  },

  marketing_list_members: {
    description: 'Which contacts are on which list',
    scope: 'workspace',
    subject: viaContact,
    purposes: ['marketing'],
    lawfulBasis: 'controller_instructions',
    retention: contactRetention,
    recipients: [],
    columns: {
      workspace_id: plain(ws),
      list_id: plain('The list'),
      contact_id: plain('The contact (subject link)'),
      created_at: personal('usage', 'delete_row', 'When the contact was added'),
    },
  },

  marketing_segments: {
    description: 'Saved filters over contacts (fields, custom fields, consent state)',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['marketing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the workspace keeps the segment' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      name: plain('Name a member gave the segment'),
      filters: plain('Filter definitions (field, operator, value) written by a member'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change'),
    },
  },

  marketing_templates: {
    description: 'Reusable email subjects and bodies with variables',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['marketing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the workspace keeps the template' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      name: plain('Template name'),
      subject: plain('Subject line with variables'),
      html: plain('Body with variables (filled per recipient only when sending)'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change'),
    },
  },

  marketing_campaigns: {
    description: 'Email campaigns: content, category, audience, schedule and status',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['marketing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the workspace keeps the campaign' },
    recipients: ['smtp'],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      name: plain('Internal name'),
      subject: plain('Subject line'),
      html: plain('Body'),
      category: plain('product_update, promotion or security_alert'),
      list_id: plain('Audience: a list'),
      segment_id: plain('Audience: a segment'),
      status: plain('draft, scheduled, sending, paused, sent'),
      scheduled_at: plain('When sending starts'),
      started_at: plain('When sending started'),
      finished_at: plain('When the last recipient was handled'),
      recipients_total: plain('Audience size at the start'),
      created_by: plain('Member who created it'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change'),
    },
  },

  marketing_sends: {
    description: 'One row per campaign recipient: sent or skipped (and why), bounces, opens, clicks, unsubscribes',
    scope: 'workspace',
    subject: viaContact,
    purposes: ['marketing'],
    lawfulBasis: 'controller_instructions',
    retention: contactRetention,
    recipients: ['smtp'],
    columns: {
      id: plain('Opaque primary key (signed into unsubscribe and tracking links)'),
      workspace_id: plain(ws),
      campaign_id: plain('The campaign'),
      contact_id: plain('The contact (subject link)'),
      email: personal('contact', 'delete_row', 'Address the mail went to'),
      status: personal('usage', 'delete_row', 'queued, sending, sent, skipped, bounced'),
      skip_reason: personal('consent', 'delete_row', 'Why it was not sent (no consent, suppressed, restricted, opt-in pending)'),
      tracked: personal('consent', 'delete_row', 'Whether the contact allowed open and click tracking'),
      message_id: personal('technical', 'delete_row', 'Message-ID, to match bounces and complaints'),
      claimed_at: plain('When a sender worker took it'),
      sent_at: personal('usage', 'delete_row', 'When it was sent'),
      bounced_at: personal('usage', 'delete_row', 'When a bounce came back'),
      complained_at: personal('usage', 'delete_row', 'When a spam complaint came back'),
      opened_at: personal('usage', 'delete_row', 'First open (tracked mails only)'),
      clicked_at: personal('usage', 'delete_row', 'First click (tracked mails only)'),
      unsubscribed_at: personal('consent', 'delete_row', 'When the recipient unsubscribed from this mail'),
      created_at: plain('Row creation time'),
    },
  },

  marketing_suppressions: {
    description: 'Addresses never mailed again (unsubscribes, hard bounces, complaints), as hashes',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['marketing', 'legal_compliance'],
    lawfulBasis: 'legal_obligation',
    retention: { summary: 'Kept while the workspace exists: forgetting it would mail the person again' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      email_hash: plain('SHA-256 of the lower-cased address; cannot be read back, only matched'),
      reason: plain('unsubscribe, hard_bounce, complaint or manual'),
      created_at: plain('When it was added'),
    },
  },

  marketing_optins: {
    description: 'Double opt-in confirmations sent to contacts and when they confirmed',
    scope: 'workspace',
    subject: viaContact,
    purposes: ['marketing'],
    lawfulBasis: 'controller_instructions',
    retention: contactRetention,
    recipients: ['smtp'],
    columns: {
      id: plain('Opaque primary key (signed into the confirmation link)'),
      workspace_id: plain(ws),
      contact_id: plain('The contact (subject link)'),
      sent_at: personal('consent', 'delete_row', 'When the confirmation mail went out'),
      confirmed_at: personal('consent', 'delete_row', 'When the contact confirmed'),
    },
  },

  marketing_settings: {
    description: "A workspace's sending settings: rate, double opt-in rule, inbound token",
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['service'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the workspace exists' },
    recipients: [],
    columns: {
      workspace_id: plain(ws),
      rate_per_minute: plain('Emails per minute across the workspace'),
      double_opt_in: plain('off, eu or all'),
      inbound_token_hash: plain('SHA-256 of the bounce endpoint token'),
      updated_at: plain('Last change'),
    },
  },
});
