import { z } from 'zod';
import { email } from '../../http/schemas.js';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, AUTHOR_TYPES, DELIVERY_STATUSES } from './tables.js';

/** Shapes of the tickets API (SERVICE.md). */
const text = (max: number): z.ZodString => z.string().trim().min(1).max(max);
const tag = z.string().trim().min(1).max(100);
export const tagsInput = z.array(tag).max(50);

export const attachmentView = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), createdAt: z.string() });
export type AttachmentView = z.infer<typeof attachmentView>;

export const ticketView = z.object({
  id: z.string(),
  number: z.number(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  channel: z.enum(TICKET_CHANNELS),
  requester: z.object({ contactId: z.string().nullable(), userId: z.string().nullable(), email: z.string(), name: z.string().nullable() }),
  assigneeId: z.string().nullable(),
  teamId: z.string().nullable(),
  tags: z.array(z.string()),
  mergedIntoId: z.string().nullable(),
  locale: z.string(),
  sla: z.object({
    policyId: z.string().nullable(),
    firstResponseDueAt: z.string().nullable(),
    resolutionDueAt: z.string().nullable(),
    firstRespondedAt: z.string().nullable(),
    firstResponseBreachedAt: z.string().nullable(),
    resolutionBreachedAt: z.string().nullable(),
    paused: z.boolean(),
  }),
  solvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  lastMessageAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketView = z.infer<typeof ticketView>;

export const messageView = z.object({
  id: z.string(),
  authorType: z.enum(AUTHOR_TYPES),
  authorUserId: z.string().nullable(),
  authorName: z.string().nullable(),
  authorEmail: z.string().nullable(),
  internal: z.boolean(),
  bodyText: z.string(),
  bodyHtml: z.string().nullable(),
  channel: z.enum(TICKET_CHANNELS),
  deliveryStatus: z.enum(DELIVERY_STATUSES).nullable(),
  createdAt: z.string(),
  attachments: z.array(attachmentView),
});
export type MessageView = z.infer<typeof messageView>;

export const ticketDetail = ticketView.extend({
  messages: z.array(messageView),
  csat: z.object({ rating: z.number().nullable(), comment: z.string().nullable(), answeredAt: z.string().nullable() }).nullable(),
});
export type TicketDetail = z.infer<typeof ticketDetail>;

export const ticketPage = z.object({ data: z.array(ticketView), nextCursor: z.string().nullable() });

export const ticketViewCounts = z.object({
  mine: z.number().int().nullable().describe('open tickets assigned to me; null for an API key'),
  unassigned: z.number().int(),
  breaching: z.number().int(),
  cap: z.number().int().describe('each count stops here: a count equal to cap means cap or more'),
});

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const ticketListParams = z.object({
  view: z.enum(['all', 'mine', 'unassigned', 'breaching']).default('all').describe('mine: assigned to me and not solved; unassigned: nobody and not solved; breaching: an SLA target due within its warning window or missed'),
  status: csv(TICKET_STATUSES).optional().describe('one or more, comma-separated'),
  priority: csv(TICKET_PRIORITIES).optional().describe('one or more, comma-separated'),
  assigneeId: z.string().max(100).optional(),
  teamId: z.string().max(100).optional(),
  tag: z.string().max(100).optional(),
  requesterContactId: z.string().max(100).optional(),
  q: z.string().max(500).optional().describe('a ticket number (#12), a requester address (exact), or words of the subject'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type TicketListParams = z.infer<typeof ticketListParams>;

export const ticketCreate = z.object({
  subject: text(500),
  body: text(100_000),
  requesterEmail: email,
  requesterName: text(200).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  tags: tagsInput.optional(),
  teamId: z.string().max(100).optional(),
  assigneeId: z.string().max(100).optional(),
});
export type TicketCreate = z.infer<typeof ticketCreate>;

export const ticketPatch = z.object({
  subject: text(500).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  assigneeId: z.string().max(100).nullable().optional(),
  teamId: z.string().max(100).nullable().optional(),
  tags: tagsInput.optional(),
});
export type TicketPatch = z.infer<typeof ticketPatch>;

export const replyInput = z.object({
  body: text(100_000),
  internal: z.boolean().optional().describe('an internal note: never mailed, never shown to the requester'),
  attachmentIds: z.array(z.string().max(100)).max(20).optional().describe('files uploaded to this ticket with POST …/attachments and not sent yet'),
});

export const mergeInput = z.object({ intoTicketId: z.string().min(1).max(100) });

export const privacyRequestInput = z.object({
  type: z.enum(['access', 'portability', 'correction', 'deletion', 'restriction', 'withdraw_consent', 'opt_out_sale']),
  details: z.string().trim().max(5000).optional(),
});

export const attachmentParams = z.object({ id: z.string().min(1).max(100), attachmentId: z.string().min(1).max(100) });
