import { defineTables, personal, plain } from './types.js';

const ws = 'Tenant (invariant 2)';

/**
 * Webhooks (migration 0007). The workspace chooses the endpoint and the events, so the data leaves
 * on its instructions; it is no sub-processor of ours, hence no entry under `recipients`. What
 * leaves passes the disclosure gate (integrations/webhooks-service.ts `mayDisclose`).
 */
export const webhookTables = defineTables({
  webhook_subscriptions: {
    label: 'Webhook endpoints',
    description: 'Webhook endpoints a workspace subscribed to record events',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['workspace_processing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept until the workspace deletes the webhook (its delivery log goes with it)' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      url: plain("The workspace's endpoint URL"),
      events: plain('Event names and patterns subscribed to (JSON)'),
      secret: plain('Signing secret, sealed with AES-256-GCM; a key of the integration, about nobody'),
      active: plain('0 while paused by a member'),
      description: plain('Label a member gave the endpoint'),
      created_by: plain('Member or API key that created it (opaque id)'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change of the row'),
      failure_count: plain('Deliveries in a row that ended failed'),
      disabled_at: plain('When it was turned off after repeated failures'),
    },
  },

  webhook_deliveries: {
    label: 'Webhook deliveries',
    description: 'Delivery log and outbox of webhooks: each event as sent, with attempts and answers',
    scope: 'workspace',
    subject: { via: 'column', column: 'object_id', table: 'contacts', when: { column: 'object_type', in: ['contact'] } },
    // A ticket's events carry its requester's data: they belong to the requester through the ticket.
    scopeLinks: {
      workspace: [
        { via: 'column', column: 'object_id', table: 'contacts', when: { column: 'object_type', in: ['contact'] } },
        { via: 'column', column: 'object_id', table: 'tickets', when: { column: 'object_type', in: ['ticket'] } },
      ],
    },
    purposes: ['workspace_processing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Deleted 30 days after the event (the webhooks.purge job), or with the webhook', days: 30, after: 'created_at' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key; the body id and Kodepos-Delivery header receivers dedupe by'),
      workspace_id: plain(ws),
      subscription_id: plain('The webhook'),
      event: plain('contact.created, deal.updated, ticket.updated, ping …'),
      object_type: plain('contact, company, deal, ticket or webhook (ping)'),
      object_id: plain('The record (subject link for contacts, and through the ticket for tickets)'),
      payload: personal('content', 'delete_row', 'The JSON body as sent: the whole record as the API shows it (names, emails, phones of a contact; a ticket’s requester and subject)'),
      status: plain('pending, succeeded or failed'),
      attempts: plain('Attempts so far (at most 6 automatic)'),
      response_status: plain('HTTP status of the last answer'),
      response_ms: plain('Time to the last answer'),
      error: plain('Why the last attempt failed: HTTP status, network error code or the gate; never response content'),
      created_at: plain('When the event happened'),
      delivered_at: plain('When a 2xx answer came'),
      next_attempt_at: plain('When the next attempt is due'),
    },
  },
});
