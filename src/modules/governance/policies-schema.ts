import { z } from 'zod';

export const policyDraftBody = z.object({
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/, 'letters, digits, dots, dashes; up to 32'),
  markdown: z.string().trim().min(1).max(200_000),
  effectiveAt: z.iso.datetime({ offset: true }).describe('When it takes effect; ISO 8601, stored in UTC'),
  material: z.boolean().describe('A material change asks every user to accept it at the next sign-in'),
});

export const policyView = z.object({
  id: z.string(),
  version: z.string(),
  markdown: z.string(),
  effectiveAt: z.string(),
  material: z.boolean(),
  status: z.enum(['draft', 'scheduled', 'current', 'superseded']),
  publishedAt: z.string().nullable(),
  lastUpdated: z.string().nullable(),
  createdAt: z.string(),
  noticeJobId: z.string().nullable(),
});

export const noticeProgress = z.object({ status: z.string(), done: z.number(), total: z.number().nullable() }).nullable();

export const policyDetail = policyView.extend({ notice: noticeProgress });

export const diffAnswer = z.object({
  from: z.object({ id: z.string(), version: z.string() }),
  to: z.object({ id: z.string(), version: z.string() }),
  lines: z.array(z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() })),
});

export const diffQuery = z.object({ from: z.string().min(1).max(100), to: z.string().min(1).max(100) });

export const publicVersion = z.object({ id: z.string(), version: z.string(), effectiveAt: z.string(), lastUpdated: z.string(), material: z.boolean(), previousId: z.string().nullable() });

export const acceptanceAnswer = z.object({
  required: z.boolean(),
  policy: z.object({ id: z.string(), version: z.string(), effectiveAt: z.string() }).nullable(),
});
