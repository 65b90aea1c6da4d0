import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { getAuth, requireWorkspace } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import { datamapTables } from './datamap.js';
import { CATEGORIES, ERASURES, LAWFUL_BASES, PURPOSES, RECIPIENTS, TABLE_SCOPES } from './datamap/types.js';

const tags = ['privacy'];

const columnLinkSchema = z.object({
  via: z.literal('column'),
  column: z.string().describe('Column of this table that identifies the subject'),
  table: z.string().describe('Subject table'),
  key: z.string().optional().describe("Column of the subject table it matches (default that table's key)"),
  when: z.object({ column: z.string(), in: z.array(z.string()) }).optional().describe('Only rows where this column has one of these values'),
});

const subjectSchema = z.discriminatedUnion('via', [
  z.object({ via: z.literal('self'), key: z.string().describe('Key column of the subject row') }),
  columnLinkSchema,
  z.object({ via: z.literal('none') }),
]);

const columnSchema = z.object({
  name: z.string(),
  personal: z.boolean(),
  category: z.enum(CATEGORIES).optional(),
  erasure: z.enum(ERASURES).optional(),
  holdYears: z.number().int().optional().describe('Legal hold when erasure is keep'),
  selfService: z.boolean().optional().describe('The subject may correct it in their profile'),
  description: z.string(),
});

const tableSchema = z.object({
  name: z.string(),
  label: z.string().optional().describe('A short name for people (English)'),
  description: z.string(),
  scope: z.enum(TABLE_SCOPES),
  subject: subjectSchema,
  scopeLinks: z
    .object({ platform: z.array(columnLinkSchema).optional(), workspace: z.array(columnLinkSchema).optional() })
    .optional()
    .describe('Links per scope for tables serving both (platform rows have no workspace); any link matching makes the row the subject’s'),
  purposes: z.array(z.enum(PURPOSES)),
  lawfulBasis: z.enum(LAWFUL_BASES),
  retention: z.object({
    summary: z.string(),
    days: z.number().int().optional(),
    after: z.string().optional().describe('Column the days count from'),
  }),
  recipients: z.array(z.enum(RECIPIENTS)).describe('Sub-processor ids'),
  columns: z.array(columnSchema),
});

/** Platform operators see the map without a workspace; everyone else needs privacy.read in theirs. */
async function requireDatamapReader(ctx: AppContext, req: FastifyRequest): Promise<void> {
  const auth = await getAuth(ctx, req);
  if (auth.user?.is_platform_operator === 1) return;
  await requireWorkspace(ctx, req, 'privacy.read');
}

export function privacyRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/privacy/datamap', {
    schema: {
      tags,
      summary: 'Every table and column with its privacy classification (the records of processing)',
      response: { 200: z.object({ tables: z.array(tableSchema) }), ...errors },
    },
  }, async (req) => {
    await requireDatamapReader(ctx, req);
    return { tables: datamapTables(ctx.db.dialect) };
  });
}
