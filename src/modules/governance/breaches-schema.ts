import { z } from 'zod';
import { CHECKLIST_ITEMS, RECIPIENT_STATUSES } from './breaches-tables.js';

/** Request and response shapes of the breach register (contract: shared/API.md, Governance). */
const text = (max: number) => z.string().trim().min(1).max(max);
/** An ISO 8601 time with a zone (Z or an offset), so the legal clock never depends on the server's zone. */
const isoTime = z.iso.datetime({ offset: true });

export const scopeQuery = z.object({ scope: z.enum(['platform', 'workspace']).optional().describe('platform: the operator’s own processing (platform operators only)') });

export const createBody = z.object({
  title: text(200),
  awareAt: isoTime.describe('When the controller became aware of the breach: starts both legal clocks'),
  nature: text(5000),
  dataCategories: z.array(text(100)).min(1).max(50),
  approxSubjects: z.number().int().min(0).max(1_000_000_000),
  approxRecords: z.number().int().min(0).max(1_000_000_000_000).optional(),
  detectedAt: isoTime.optional(),
  systems: z.string().trim().max(2000).optional(),
  consequences: z.string().trim().max(5000).optional(),
  measures: z.string().trim().max(5000).optional(),
  lateReason: z.string().trim().max(5000).optional().describe('Why the authority is notified after 72 hours (GDPR Art. 33(1)); printed in the authority report'),
});
export type CreateInput = z.infer<typeof createBody>;

export const updateBody = createBody.omit({ awareAt: true }).partial();
export type UpdateInput = z.infer<typeof updateBody>;

export const deadlines = z.object({ authority: z.string(), subjects: z.string() });

export const created = z.object({ id: z.string(), deadlines });

export const checklistView = z.object({ item: z.enum(CHECKLIST_ITEMS), doneAt: z.string().nullable(), doneBy: z.string().nullable() });

export const breachView = z.object({
  id: z.string(),
  scope: z.enum(['platform', 'workspace']),
  workspaceId: z.string().nullable(),
  title: z.string(),
  nature: z.string(),
  dataCategories: z.array(z.string()),
  approxSubjects: z.number(),
  approxRecords: z.number().nullable(),
  awareAt: z.string(),
  detectedAt: z.string().nullable(),
  systems: z.string().nullable(),
  consequences: z.string().nullable(),
  measures: z.string().nullable(),
  lateReason: z.string().nullable(),
  deadlines,
  rules: deadlines,
  authorityNotifiedAt: z.string().nullable(),
  subjectsNotifiedAt: z.string().nullable(),
  overdue: z.object({ authority: z.boolean(), subjects: z.boolean() }),
  authorityLate: z.boolean().describe('The authority was, or will now be, notified after its deadline: the report needs the reasons (lateReason)'),
  createdAt: z.string(),
});
export type BreachView = z.infer<typeof breachView>;

export const recipientCounts = z.object({ queued: z.number(), sent: z.number(), failed: z.number() });

export const breachDetail = breachView.extend({
  checklist: z.array(checklistView),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), actorId: z.string().nullable(), details: z.record(z.string(), z.unknown()).nullable() })),
  recipients: recipientCounts,
  notifyJob: z.object({ id: z.string(), status: z.string(), done: z.number(), total: z.number().nullable() }).nullable(),
});

export const listQuery = scopeQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().max(500).optional(),
});

export const listAnswer = z.object({ data: z.array(breachView), nextCursor: z.string().nullable() });

/** `item` is one of CHECKLIST_ITEMS; another name is an unknown record (404), like an unknown id. */
export const checklistParams = z.object({ id: z.string().min(1).max(100), item: z.string().min(1).max(100) });
export const checklistBody = z.object({ done: z.boolean() });

export const affectedBody = z.object({
  tables: z.array(z.string().min(1).max(100)).min(1).max(50).describe('Data-map tables of the scope'),
  from: isoTime,
  to: isoTime,
});
export type AffectedInput = z.infer<typeof affectedBody>;

export const affectedAnswer = z.object({
  count: z.number(),
  subjects: z.array(z.object({ email: z.string(), tables: z.array(z.string()) })),
  rule: z.string(),
});

export const affectedTables = z.object({ data: z.array(z.object({ table: z.string(), label: z.string(), timeColumns: z.array(z.string()) })) });

export const notifyAnswer = z.object({ jobId: z.string().nullable(), queued: z.number() });

export const recipientsAnswer = z.object({
  data: z.array(z.object({ id: z.string(), email: z.string(), status: z.enum(RECIPIENT_STATUSES), sentAt: z.string().nullable(), error: z.string().nullable() })),
  counts: recipientCounts,
});

export const reportQuery = scopeQuery.extend({ format: z.enum(['json', 'html']).default('json') });
