/** Third-party tool connections (migration 0024): connections, sync runs and remote member ids. */
export const PROVIDERS = ['mailchimp', 'brevo', 'google_analytics', 'meta', 'linkedin'] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface IntegrationConnectionsTable {
  id: string;
  workspace_id: string;
  provider: Provider;
  /** JSON of the settings that are no secret (list id, measurement id, base URL …). */
  config: string;
  /** JSON of the credentials, sealed with AES-256-GCM (lib/secretbox); '' once disconnected. */
  secret: string;
  /** The list, audience or segment the data goes to. */
  audience_id: string | null;
  /** connected, error or disconnected. */
  status: string;
  last_sync_at: string | null;
  /** Up to where the way back has read (provider change times). */
  last_pull_at: string | null;
  /** Up to where forwarding has read (analytics events, won deals). */
  cursor: string | null;
  last_error: string | null;
  /** The provider's id of the inbound webhook registered for the connection (Mailchimp, Brevo; migration 0026). */
  webhook_id: string | null;
  /** SHA-256 of the secret the provider presents when it calls the webhook; null when none is registered. */
  webhook_token_hash: string | null;
  webhook_registered_at: string | null;
  /** Why the last registration failed (provider status and code). */
  webhook_error: string | null;
  /** When the last authenticated webhook call arrived. */
  last_event_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IntegrationSyncRunsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  provider: Provider;
  /** push, pull, audience, conversions, forward or deletion. */
  kind: string;
  job_id: string | null;
  /** running, completed or failed. */
  status: string;
  sent: number;
  skipped: number;
  received: number;
  failed: number;
  /** JSON array of error messages (provider status and code, never personal data). */
  errors: string;
  started_at: string;
  finished_at: string | null;
}

export interface IntegrationRemoteIdsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  provider: Provider;
  /** Null once the contact is erased (the row then waits for the processor deletion). */
  contact_id: string | null;
  /** SHA-256 of the normalised email: what processor deletion tasks name the subject by. */
  email_ref: string;
  /** The provider's id for the member: Mailchimp subscriber hash, Brevo contact id, or the SHA-256 sent to an ad audience. */
  remote_id: string;
  /** subscribed, unsubscribed, archived, cleaned, complained or member (ad audiences). */
  status: string;
  synced_at: string;
}

export interface IntegrationTables {
  integration_connections: IntegrationConnectionsTable;
  integration_sync_runs: IntegrationSyncRunsTable;
  integration_remote_ids: IntegrationRemoteIdsTable;
}
