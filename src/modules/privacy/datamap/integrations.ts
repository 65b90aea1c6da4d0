import { defineTables, held, personal, plain } from './types.js';

const ws = 'Tenant (invariant 2)';

/**
 * Third-party tools (migrations 0024 and 0026, integrations module). What leaves for each provider passes the
 * consent gate and is written to the disclosure log; these tables hold the connection, the run log
 * and the provider's id per member, nothing the provider was sent beyond that id.
 */
export const integrationTables = defineTables({
  integration_connections: {
    label: 'Integration connections',
    description: "A workspace's connection to Mailchimp, Brevo, Google Analytics, Meta or LinkedIn, with sealed credentials",
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['workspace_processing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while connected; credentials are wiped on disconnect, the row goes with the workspace' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      provider: plain('mailchimp, brevo, google_analytics, meta or linkedin'),
      config: plain('Settings that are no secret: list, audience, measurement or pixel id, API base URL'),
      secret: plain('API key or access token, sealed with AES-256-GCM; a key of the integration, about nobody'),
      audience_id: plain('The list, audience or segment at the provider'),
      status: plain('connected, error or disconnected'),
      last_sync_at: plain('When the last sync ended'),
      last_pull_at: plain('Provider change time the way back has read up to'),
      cursor: plain('Event or deal id forwarding has read up to'),
      last_error: plain('The last provider error: HTTP status and code, no personal data'),
      webhook_id: plain("The provider's id of the inbound webhook registered for the connection (migration 0026)"),
      webhook_token_hash: plain('SHA-256 of the secret the provider presents when calling the webhook; a key of the integration, about nobody'),
      webhook_registered_at: plain('When the webhook was registered at the provider'),
      webhook_error: plain('Why the last webhook registration failed: HTTP status and code, no personal data'),
      last_event_at: plain('When the last authenticated webhook call arrived'),
      created_by: plain('Member who connected it (opaque id)'),
      created_at: plain('Row creation time'),
      updated_at: plain('Last change of the row'),
    },
  },

  integration_sync_runs: {
    label: 'Integration sync runs',
    description: 'One row per sync run: counts sent, skipped, received and failed, and errors',
    scope: 'workspace',
    subject: { via: 'none' },
    purposes: ['workspace_processing'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the connection exists (its history on the settings page)' },
    recipients: [],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      connection_id: plain('The connection'),
      provider: plain('Provider of the connection'),
      kind: plain('push, pull, audience, conversions, forward or deletion'),
      job_id: plain('The job that ran it'),
      status: plain('running, completed or failed'),
      sent: plain('Subjects sent'),
      skipped: plain('Subjects the consent gate or the suppression list held back'),
      received: plain('Opt-outs that came back'),
      failed: plain('Subjects the provider refused'),
      errors: plain('Provider errors: HTTP status and code, never personal data (JSON)'),
      started_at: plain('Start time'),
      finished_at: plain('End time'),
    },
  },

  integration_remote_ids: {
    label: 'Integration member ids',
    description: 'Which contact a provider holds and under which id, so opt-outs come back and deletions reach it',
    scope: 'workspace',
    subject: { via: 'column', column: 'contact_id', table: 'contacts' },
    purposes: ['workspace_processing', 'legal_compliance'],
    lawfulBasis: 'controller_instructions',
    retention: { summary: 'Kept while the provider holds the member; deleted once a processor deletion reached the provider (the pseudonymous ids are kept until then so it can)' },
    recipients: ['mailchimp', 'brevo', 'meta', 'linkedin'],
    columns: {
      id: plain('Opaque primary key'),
      workspace_id: plain(ws),
      connection_id: plain('The connection'),
      provider: plain('Provider holding the member'),
      contact_id: personal('identity', 'null', 'The contact (subject link); emptied on erasure'),
      email_ref: held('identity', 1, 'SHA-256 of the normalised email, the name processor deletion tasks use; deleted with the row once the provider deleted the member'),
      remote_id: held('identity', 1, "The provider's member id (Mailchimp MD5 subscriber hash, Brevo contact id, audience SHA-256), needed to delete the member there"),
      status: plain('subscribed, unsubscribed, archived, cleaned, complained or member'),
      synced_at: plain('Last time it was sent or read'),
    },
  },
});
