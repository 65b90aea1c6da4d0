import { z } from 'zod';
import { email } from '../../http/schemas.js';
import { CONSENT_PURPOSES, CORRECTION_STATUSES, JURISDICTIONS, REQUEST_STATUSES, REQUEST_TYPES } from './tables.js';

/** Request and response shapes of the privacy request workflow (contract: notes/privacy-api.md). */
const text = (max: number) => z.string().trim().min(1).max(max);

export const intakeBody = z.object({
  type: z.enum(REQUEST_TYPES),
  email,
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  locale: z.enum(['en', 'id']).optional().describe('Language of the mails about the request; a signed-in requester’s own by default'),
  details: z.string().max(5000).optional(),
  workspaceId: z.string().min(1).max(100).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  corrections: z
    .array(z.object({ field: z.string().min(3).max(100).describe('"table.column" of a correctable column, e.g. contacts.first_name'), value: z.string().max(1000) }))
    .max(30)
    .optional(),
});
export type IntakeInput = z.infer<typeof intakeBody>;

export const tokenBody = z.object({ token: z.string().min(10).max(200) });

export const verifyAnswer = z.object({ id: z.string(), status: z.enum(REQUEST_STATUSES), dueAt: z.string(), type: z.enum(REQUEST_TYPES) });

export const correctionView = z.object({
  id: z.string(),
  table: z.string(),
  column: z.string(),
  label: z.string(),
  currentValue: z.string().nullable(),
  proposedValue: z.string().nullable(),
  status: z.enum(CORRECTION_STATUSES),
  selfService: z.boolean(),
});

export const requestView = z.object({
  id: z.string(),
  type: z.enum(REQUEST_TYPES),
  status: z.enum(REQUEST_STATUSES),
  scope: z.enum(['platform', 'workspace']),
  workspaceId: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  jurisdiction: z.enum(JURISDICTIONS),
  details: z.string().nullable(),
  receivedAt: z.string(),
  verifiedAt: z.string().nullable(),
  ackDueAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  dueAt: z.string(),
  originalDueAt: z.string(),
  extendedAt: z.string().nullable(),
  extensionReason: z.string().nullable(),
  maxExtensionDueAt: z.string().nullable(),
  assigneeId: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  overdue: z.boolean(),
  clock: z.string(),
  result: z.record(z.string(), z.unknown()).nullable(),
  corrections: z.array(correctionView),
});
export type RequestView = z.infer<typeof requestView>;

export const historyItem = z.object({ at: z.string(), action: z.string(), actorId: z.string().nullable(), reason: z.string().nullable() });
export const requestDetail = requestView.extend({ history: z.array(historyItem) });

export const scopeQuery = z.object({ scope: z.enum(['platform', 'workspace']).optional().describe('platform: the operator’s own data (platform operators only)') });

export const listQuery = scopeQuery.extend({
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  assignee: z.string().max(100).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const listAnswer = z.object({ data: z.array(requestView), nextCursor: z.string().nullable() });

export const assignBody = z.object({ assigneeId: z.string().min(1).max(100).nullable() });
export const reasonBody = z.object({ reason: text(2000) });
export const correctionParams = z.object({ id: z.string().min(1).max(100), correctionId: z.string().min(1).max(100) });
export const decisionBody = z.object({ decision: z.enum(['apply', 'decline']) });

export const consentBody = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  source: z.enum(['form', 'preference_centre', 'api', 'import']),
  lawfulBasis: z.enum(['consent', 'contract', 'legal_obligation', 'legitimate_interest']).optional(),
  policyVersion: z.string().max(50).optional(),
});

export const consentView = z.object({
  id: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  source: z.string(),
  lawfulBasis: z.string(),
  policyVersion: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
});

const purposeFlags = z.object({ necessary: z.boolean(), analytics: z.boolean(), marketing: z.boolean(), personalization: z.boolean(), ads: z.boolean() });
export const consentsAnswer = z.object({ current: purposeFlags, history: z.array(consentView) });

export const restrictionBody = z.object({ restricted: z.boolean(), reason: text(1000) });

export const emailPreferences = z.object({ productUpdates: z.boolean(), promotions: z.boolean(), securityAlerts: z.literal(true) });
export const emailPreferencesBody = z.object({ productUpdates: z.boolean(), promotions: z.boolean(), securityAlerts: z.boolean().optional().describe('Always on: security alerts cannot be turned off') });
export const deletionBody = z.object({ password: z.string().min(1).max(200) });
