/**
 * Proof of consent for one contact (GDPR Art. 7(1): the controller must be able to demonstrate
 * consent): every record of the append-only history, oldest first, with what was shown (wording
 * and policy versions), where it came from and who entered it, plus a SHA-256 of the list so a
 * copy handed to an authority can later be checked against a fresh export.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { errors, idParams } from '../../http/schemas.js';
import { sha256Hex } from '../../lib/crypto.js';
import { CSV_BOM, csvText } from '../crm/csv-safe.js';

const proofRecord = z.object({
  id: z.string(),
  time: z.string(),
  purpose: z.string(),
  granted: z.boolean(),
  lawfulBasis: z.string(),
  source: z.string(),
  wordingVersion: z.string().nullable(),
  policyVersion: z.string().nullable(),
  ipTruncated: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The member who entered consent obtained elsewhere; null when the subject chose it themself (or an API key recorded it). */
  recordedBy: z.string().nullable(),
  recordedByName: z.string().nullable(),
});
export type ProofRecord = z.infer<typeof proofRecord>;

export const proofAnswer = z.object({
  contactId: z.string(),
  generatedAt: z.string(),
  count: z.number(),
  records: z.array(proofRecord),
  hash: z.object({ algorithm: z.literal('sha256'), value: z.string().describe('SHA-256 (hex) of JSON.stringify(records)') }),
});
export type ProofAnswer = z.infer<typeof proofAnswer>;

const COLUMNS: (keyof ProofRecord)[] = ['id', 'time', 'purpose', 'granted', 'lawfulBasis', 'source', 'wordingVersion', 'policyVersion', 'ipTruncated', 'userAgent', 'recordedBy', 'recordedByName'];

/** The proof for a contact of `workspaceId`; 404 for an unknown or foreign contact. */
export async function consentProof(ctx: AppContext, workspaceId: string, contactId: string): Promise<ProofAnswer> {
  const k = ctx.db.k;
  const contact = await k.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
  if (!contact) throw notFound('Contact');
  const rows = await k
    .selectFrom('consent_records as c')
    .leftJoin('users as u', 'u.id', 'c.recorded_by')
    .select(['c.id', 'c.created_at', 'c.purpose', 'c.granted', 'c.lawful_basis', 'c.source', 'c.wording_version', 'c.policy_version', 'c.ip_truncated', 'c.user_agent', 'c.recorded_by', 'u.name as recorded_by_name'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.contact_id', '=', contactId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  const records: ProofRecord[] = rows.map((r) => ({
    id: r.id,
    time: r.created_at,
    purpose: r.purpose,
    granted: r.granted === 1,
    lawfulBasis: r.lawful_basis,
    source: r.source,
    wordingVersion: r.wording_version,
    policyVersion: r.policy_version,
    ipTruncated: r.ip_truncated,
    userAgent: r.user_agent,
    recordedBy: r.recorded_by,
    recordedByName: r.recorded_by_name ?? null,
  }));
  return { contactId, generatedAt: ctx.clock.now().toISOString(), count: records.length, records, hash: { algorithm: 'sha256', value: sha256Hex(JSON.stringify(records)) } };
}

/** The same list as formula-safe CSV; the hash (of the JSON list) travels in a header. */
export function proofCsv(p: ProofAnswer): string {
  return CSV_BOM + csvText([COLUMNS, ...p.records.map((r) => COLUMNS.map((c) => r[c]))]);
}

export function consentProofRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/contacts/:id/consents/proof', {
    schema: {
      tags: ['privacy'],
      summary: 'Proof of consent: every consent record of the contact with a SHA-256 of the list (?format=csv for a spreadsheet)',
      params: idParams,
      querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }),
      produces: ['application/json', 'text/csv'],
      response: { 200: proofAnswer, ...errors },
    },
  }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'privacy.read');
    const proof = await consentProof(ctx, scope.workspaceId, req.params.id);
    void reply.header('cache-control', 'no-store').header('x-proof-sha256', proof.hash.value);
    if (req.query.format === 'csv') {
      // The typed reply only knows the JSON schema; a text/csv string is sent as is, unserialised.
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="consent-proof-${proof.contactId.replace(/[^A-Za-z0-9_-]/g, '')}.csv"`)
        .send(proofCsv(proof));
    }
    return proof;
  });
}
