import { z } from 'zod';

export const CURRENCIES = ['IDR', 'USD'] as const;
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;

export const stageInput = z.object({
  id: z.string().max(100).optional().describe('keep an existing stage (PATCH); omit for a new one'),
  name: z.string().trim().min(1).max(100),
  probability: z.number().int().min(0).max(100),
  kind: z.enum(STAGE_KINDS).default('open'),
});

export const pipelineInput = z.object({
  name: z.string().trim().min(1).max(100),
  stages: z.array(stageInput).min(2).max(30).optional(),
});

export const pipelinePatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  stages: z.array(stageInput).min(2).max(30).optional().describe('the full ordered list; stages left out are removed if no deal is in them'),
});

export const stageView = z.object({ id: z.string(), name: z.string(), position: z.number(), probability: z.number(), kind: z.string() });
export const pipelineView = z.object({ id: z.string(), name: z.string(), position: z.number(), stages: z.array(stageView), createdAt: z.string(), updatedAt: z.string() });

const money = z.number().min(0).max(1e13).describe('in major units (e.g. 1500000 for IDR 1.500.000 or 99.5 for USD 99.50)');

export const dealInput = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  amount: money.optional(),
  currency: z.enum(CURRENCIES).optional(),
  pipelineId: z.string().max(100).optional(),
  stageId: z.string().max(100).optional(),
  expectedCloseDate: z.iso.date().nullable().optional(),
  ownerId: z.string().max(100).nullable().optional(),
  companyId: z.string().max(100).nullable().optional(),
  contactIds: z.array(z.string().max(100)).max(50).optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  customFields: z.record(z.string().max(64), z.unknown()).optional(),
});
export type DealInput = z.infer<typeof dealInput>;

export const dealView = z.object({
  id: z.string(),
  name: z.string(),
  amount: z.number(),
  currency: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  stageName: z.string(),
  probability: z.number(),
  status: z.enum(STAGE_KINDS),
  expectedCloseDate: z.string().nullable(),
  ownerId: z.string().nullable(),
  companyId: z.string().nullable(),
  contactIds: z.array(z.string()),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DealView = z.infer<typeof dealView>;

export const moveInput = z.object({ stageId: z.string().min(1).max(100) });
