import { z } from 'zod';
import { PROVIDERS } from './tables.js';

/** Shapes of the integrations API: connect (credentials in, never out), status, sync runs. */
const baseUrl = z.url().max(500).optional().describe("API base URL; leave out for the provider's own (https only outside development and tests)");
const token = z.string().trim().min(8).max(500);

export const connectBody = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('mailchimp'), apiKey: token.describe('API key, ending in -<data centre>'), listId: z.string().trim().min(1).max(100).describe('Audience (list) id'), baseUrl }),
  z.object({ provider: z.literal('brevo'), apiKey: token, listId: z.number().int().positive().describe('Contact list id'), baseUrl }),
  z.object({ provider: z.literal('google_analytics'), measurementId: z.string().regex(/^G-[A-Z0-9]{4,20}$/, 'a GA4 measurement id, G-XXXXXXX'), apiSecret: token.describe('Measurement Protocol API secret'), baseUrl }),
  z.object({
    provider: z.literal('meta'),
    accessToken: token,
    audienceId: z.string().regex(/^\d{1,30}$/, 'a numeric custom audience id'),
    pixelId: z.string().regex(/^\d{1,30}$/, 'a numeric pixel (dataset) id').optional().describe('For conversion events'),
    apiVersion: z.string().regex(/^v\d{1,2}\.\d$/, 'like v21.0').optional(),
    baseUrl,
  }),
  z.object({
    provider: z.literal('linkedin'),
    accessToken: token,
    segmentId: z.string().regex(/^\d{1,30}$/, 'a numeric DMP segment id'),
    conversionId: z.string().regex(/^\d{1,30}$/, 'a numeric conversion rule id').optional().describe('For conversion events'),
    version: z.string().regex(/^\d{6}$/, 'YYYYMM').optional().describe('LinkedIn-Version header'),
    baseUrl,
  }),
]);
export type ConnectBody = z.infer<typeof connectBody>;

export const SYNC_KINDS = ['push', 'pull', 'audience', 'conversions', 'forward'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export const syncBody = z.object({
  kind: z.enum(SYNC_KINDS).optional().describe('push/pull (Mailchimp, Brevo; default both), audience/conversions (Meta, LinkedIn; default audience), forward (Google Analytics)'),
});

export const connectionView = z.object({
  id: z.string(),
  provider: z.enum(PROVIDERS),
  status: z.enum(['connected', 'error', 'disconnected']),
  audienceId: z.string().nullable(),
  settings: z.record(z.string(), z.union([z.string(), z.number()])).describe('Settings that are no secret'),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  webhook: z
    .object({
      registered: z.boolean(),
      registeredAt: z.string().nullable(),
      lastEventAt: z.string().nullable().describe('When the provider last called it'),
      error: z.string().nullable().describe('Why the registration failed (provider status and code); the hourly pull still runs'),
    })
    .nullable()
    .describe('The inbound webhook for unsubscribes, bounces and complaints (Mailchimp, Brevo); null for the other tools'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionView>;

export const connectionList = z.object({ data: z.array(connectionView) });

export const runView = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  jobId: z.string().nullable(),
  sent: z.number(),
  skipped: z.number(),
  received: z.number(),
  failed: z.number(),
  errors: z.array(z.string()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunView = z.infer<typeof runView>;

export const runPage = z.object({ data: z.array(runView), nextCursor: z.string().nullable() });
export const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() });
export const syncStarted = z.object({ jobIds: z.array(z.string()) });

/** Inbound provider webhooks (public, authenticated by the connection's webhook secret). */
export const inboundParams = z.object({ id: z.string().min(1).max(100) });
export const mailchimpQuery = z.object({ token: z.string().max(200).optional() });
export const mailchimpForm = z
  .object({ type: z.string().min(1).max(50), fired_at: z.string().max(50).optional() })
  .catchall(z.string().max(2000))
  .describe('Form fields as Mailchimp posts them: type, fired_at, data[email], data[reason], data[list_id] …');
const brevoEvent = z.looseObject({ event: z.string().min(1).max(50), email: z.string().max(320).optional() });
export const brevoBody = z.union([brevoEvent, z.array(brevoEvent).min(1).max(1000)]).describe('One event, or a batch of them');
export const inboundAnswer = z.object({ received: z.number(), applied: z.number(), ignored: z.number() });
