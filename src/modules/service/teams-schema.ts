import { z } from 'zod';

/** Shapes of the support teams API. */
export const teamView = z.object({ id: z.string(), name: z.string(), memberIds: z.array(z.string()), createdAt: z.string() });
export type TeamView = z.infer<typeof teamView>;

export const teamCreate = z.object({
  name: z.string().trim().min(1).max(100),
  memberIds: z.array(z.string().min(1).max(100)).max(200).default([]).describe('members of the workspace whose role works tickets'),
});
export type TeamCreate = z.infer<typeof teamCreate>;

export const teamPatch = z.object({ name: z.string().trim().min(1).max(100).optional(), memberIds: z.array(z.string().min(1).max(100)).max(200).optional() });
export type TeamPatch = z.infer<typeof teamPatch>;

export const teamPage = z.object({ data: z.array(teamView), nextCursor: z.string().nullable() });
