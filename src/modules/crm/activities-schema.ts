import { z } from 'zod';

/** Shapes of the activities API: notes, tasks, calls and meetings, and the unified record timeline. */
export const ACTIVITY_TYPES = ['note', 'task', 'call', 'meeting'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

const ref = z.string().min(1).max(100);
const when = z.iso.datetime({ offset: true }).describe('ISO 8601 time; stored in UTC');

export const activityCreate = z.object({
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string().trim().min(1).max(200),
  body: z.string().max(20_000).nullable().optional(),
  dueAt: when.nullable().optional().describe('tasks only'),
  done: z.boolean().optional().describe('tasks only: marks the task done (sets doneAt) or open again'),
  assigneeId: ref.nullable().optional().describe('a member of the workspace'),
  reminderAt: when.nullable().optional().describe('tasks only: when to email the assignee'),
  durationMinutes: z.number().int().min(0).max(10_080).nullable().optional().describe('calls and meetings only'),
  outcome: z.string().trim().max(200).nullable().optional().describe('calls and meetings only'),
  contactId: ref.nullable().optional(),
  companyId: ref.nullable().optional(),
  dealId: ref.nullable().optional(),
});
export type ActivityCreate = z.infer<typeof activityCreate>;

export const activityPatch = activityCreate.partial();
export type ActivityPatch = z.infer<typeof activityPatch>;

export const activityView = z.object({
  id: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string(),
  body: z.string().nullable(),
  dueAt: z.string().nullable(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  assigneeId: z.string().nullable(),
  reminderAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  outcome: z.string().nullable(),
  contactId: z.string().nullable(),
  companyId: z.string().nullable(),
  dealId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ActivityView = z.infer<typeof activityView>;

export const activityListParams = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  filter: z
    .string()
    .max(10_000)
    .optional()
    .describe('JSON array of {field, op, value}; fields: type, assigneeId, contactId, companyId, dealId, dueAt, doneAt, createdAt'),
  sort: z.string().max(100).optional().describe('field:asc or field:desc (default: newest first)'),
  type: z.enum(ACTIVITY_TYPES).optional(),
  contactId: ref.optional(),
  companyId: ref.optional(),
  dealId: ref.optional(),
  assigneeId: ref.optional(),
  open: z.enum(['true', 'false']).optional().describe('true: only tasks not done yet'),
});

export const TIMELINE_OBJECTS = ['contact', 'company', 'deal'] as const;

export const timelineParams = z.object({
  // Checked in the handler, after the workspace: a caller outside it gets 404 whatever the query.
  objectType: z.enum(TIMELINE_OBJECTS).optional().describe('required: contact, company or deal'),
  objectId: ref.optional().describe('required: the record'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional().describe('only items strictly older than this time (the `at` of the last item of the previous page)'),
});

export const timelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  source: z.enum(['activity', 'event']),
  kind: z.string(),
  activity: activityView.optional(),
  changes: z.unknown().optional(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;
