import { z } from 'zod';

/** Schemas shared by every module's routes. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const idParams = z.object({ id: z.string().min(1).max(100) });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().max(500).optional(),
});

export const email = z.email().max(254);

/** Standard error responses for the OpenAPI document. */
export const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  429: errorSchema,
};

export function page<T extends { id: string }>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  return { data: rows, nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}
