import { z } from 'zod';

/** Shapes of the canned responses API. */
export const cannedView = z.object({ id: z.string(), title: z.string(), body: z.string(), shortcut: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() });
export type CannedView = z.infer<typeof cannedView>;

const shortcut = z.string().trim().min(1).max(50).regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and - only');
export const cannedCreate = z.object({ title: z.string().trim().min(1).max(200), body: z.string().trim().min(1).max(20_000), shortcut: shortcut.nullable().optional() });
export type CannedCreate = z.infer<typeof cannedCreate>;
export const cannedPatch = cannedCreate.partial();
export type CannedPatch = z.infer<typeof cannedPatch>;

export const cannedPage = z.object({ data: z.array(cannedView), nextCursor: z.string().nullable() });
export const cannedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().max(200).optional().describe('words of the title or the shortcut'),
});
