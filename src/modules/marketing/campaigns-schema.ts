import { z } from 'zod';
import { OPS } from '../crm/list-query.js';
import { CAMPAIGN_STATUSES, CATEGORIES, DOUBLE_OPT_IN, SKIP_REASONS } from './campaigns-tables.js';

/** Request and answer schemas of the marketing routes (API.md: lists, segments, campaigns). */
const name = z.string().trim().min(1).max(200);
const id = z.string().min(1).max(100);

export const listInput = z.object({ name });
export const listView = z.object({ id: z.string(), name: z.string(), memberCount: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
export const membersInput = z.object({ contactIds: z.array(id).min(1).max(1000) });
export const membersAnswer = listView.extend({ changed: z.number().int().describe('Members added (or removed) by this call') });

export const filter = z.object({
  field: z.string().min(1).max(100).describe('A contact field (email, country, tags …), custom.<key>, or consent.<purpose>'),
  op: z.enum(OPS),
  value: z.unknown().optional(),
});
export const segmentInput = z.object({ name, filters: z.array(filter).max(20) });
export const segmentPatch = z.object({ name: name.optional(), filters: z.array(filter).max(20).optional() });
export const segmentView = z.object({ id: z.string(), name: z.string(), filters: z.array(filter), count: z.number().int().describe('Contacts matching now'), createdAt: z.string(), updatedAt: z.string() });
export const segmentCountInput = z.object({ filters: z.array(filter).max(20) });

const subject = z.string().trim().min(1).max(300);
const html = z.string().min(1).max(500_000);

export const templateInput = z.object({ name, subject, html });
export const templateView = z.object({ id: z.string(), name: z.string(), subject: z.string(), html: z.string(), createdAt: z.string(), updatedAt: z.string() });

export const campaignInput = z.object({
  name,
  subject: subject.describe('May use {{firstName}}, {{lastName}}, {{name}}, {{email}}'),
  html: html.describe('Body; the same variables; an unsubscribe and preferences footer is added to marketing mail'),
  category: z.enum(CATEGORIES),
  listId: id.optional(),
  segmentId: id.optional().describe('Instead of listId'),
});
export const campaignPatch = campaignInput.partial();
export const sendInput = z.object({ scheduledAt: z.iso.datetime({ offset: true }).optional().describe('Start later (ISO 8601); absent: now') });

const counts = z.object({ queued: z.number().int(), sent: z.number().int(), skipped: z.number().int(), bounced: z.number().int() });
export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  subject: z.string(),
  html: z.string(),
  category: z.enum(CATEGORIES),
  listId: z.string().nullable(),
  segmentId: z.string().nullable(),
  status: z.enum(CAMPAIGN_STATUSES),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  recipientsTotal: z.number().int().nullable(),
  failureReason: z.string().nullable().describe('Why sending stopped, while the status is failed (resume to carry on)'),
  progress: counts,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const reportView = z.object({
  campaignId: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  recipients: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int().describe('Sent and not bounced'),
  bounced: z.number().int(),
  complaints: z.number().int(),
  opened: z.number().int().describe('Counted only for contacts who allowed tracking'),
  clicked: z.number().int(),
  unsubscribed: z.number().int(),
  tracked: z.number().int().describe('Mails that carried tracking (the base for open and click rates)'),
  skipped: z.record(z.enum(SKIP_REASONS), z.number().int()),
  series: z.array(z.object({ hour: z.string(), sent: z.number().int(), opened: z.number().int(), clicked: z.number().int() })),
});

export const settingsView = z.object({
  ratePerMinute: z.number().int().describe('Emails per minute across the workspace'),
  doubleOptIn: z.enum(DOUBLE_OPT_IN).describe('off; eu: contacts whose country is in the EU/EEA; all'),
  inboundTokenSet: z.boolean(),
});
export const settingsPatch = z.object({ ratePerMinute: z.number().int().min(1).max(100_000).optional(), doubleOptIn: z.enum(DOUBLE_OPT_IN).optional() });
export const inboundTokenAnswer = z.object({ token: z.string().describe('Shown once: send it as Authorization: Bearer to POST /public/v1/marketing/inbound') });
