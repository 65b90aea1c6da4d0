/** Row types of the webhook tables (migration 0007). JSON columns hold strings the repo parses. */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookSubscriptionsTable {
  id: string;
  workspace_id: string;
  url: string;
  /** Event names and patterns (JSON array): `contact.created`, `deal.*`, `*`. */
  events: string;
  /** The signing secret, sealed with secretbox (purpose `webhook-secret`). */
  secret: string;
  /** 0 when a member paused it. */
  active: number;
  description: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Deliveries in a row that ended failed; any success resets it. */
  failure_count: number;
  /** Set when failure_count reached the limit; re-activating clears it. */
  disabled_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  subscription_id: string;
  event: string;
  object_type: string;
  object_id: string;
  /** The JSON body as sent (JSON object). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  response_status: number | null;
  response_ms: number | null;
  error: string | null;
  created_at: string;
  delivered_at: string | null;
  /** When the dispatcher may try next (pending rows); while an attempt runs, the end of its lease. */
  next_attempt_at: string | null;
}

export interface WebhookTables {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
