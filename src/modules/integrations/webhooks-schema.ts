import { z } from 'zod';
import { DELIVERY_STATUSES } from './webhooks-tables.js';

/** Shapes of the webhooks API: subscriptions, their signing secret (shown once) and the delivery log. */
export const WEBHOOK_OBJECTS = ['contact', 'company', 'deal', 'ticket'] as const;
export type WebhookObject = (typeof WEBHOOK_OBJECTS)[number];
export const WEBHOOK_KINDS = ['created', 'updated', 'deleted'] as const;

/** What a subscription may name: one event, every event of an object (`deal.*`), or everything (`*`). */
export const EVENT_PATTERNS = ['*', ...WEBHOOK_OBJECTS.flatMap((o) => [`${o}.*`, ...WEBHOOK_KINDS.map((k) => `${o}.${k}`)])] as [string, ...string[]];

/** Sent by `POST /webhooks/{id}/test` only; no subscription names it. */
export const PING_EVENT = 'ping';

const events = z
  .array(z.enum(EVENT_PATTERNS))
  .min(1)
  .max(20)
  .describe('contact|company|deal . created|updated|deleted, ticket.created|updated, `<object>.*`, or `*` for all');

export const webhookCreate = z.object({
  url: z.url().max(2048).describe('https (http only in development and tests); never a link-local or cloud-metadata address'),
  events,
  description: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional().describe('default true'),
});
export type WebhookCreate = z.infer<typeof webhookCreate>;

export const webhookPatch = webhookCreate.partial().describe('`active: true` also re-enables a subscription disabled after repeated failures');
export type WebhookPatch = z.infer<typeof webhookPatch>;

export const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  status: z.enum(['active', 'paused', 'disabled']).describe('disabled: turned off after 20 failed deliveries in a row'),
  failureCount: z.number().int(),
  disabledAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookView>;

export const webhookWithSecret = webhookView.extend({
  secret: z.string().describe('Signing secret for Kodepos-Signature; shown only in this answer'),
});
export type WebhookWithSecret = z.infer<typeof webhookWithSecret>;

export const deliveryView = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  payload: z.record(z.string(), z.unknown()).describe('The JSON body as sent'),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  responseMs: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryView>;

export const pageParams = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional().describe('nextCursor of the previous page'),
});

export const deliveryListParams = pageParams.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
});
export type DeliveryListParams = z.infer<typeof deliveryListParams>;

export const webhookPage = z.object({ data: z.array(webhookView), nextCursor: z.string().nullable() });
export const deliveryPage = z.object({ data: z.array(deliveryView), nextCursor: z.string().nullable() });
