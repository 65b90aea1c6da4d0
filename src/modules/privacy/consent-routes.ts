import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { errors, idParams } from '../../http/schemas.js';
import { contactView } from '../crm/schema.js';
import { currentConsent, recordConsent } from './consent.js';
import * as repo from './consent-repo.js';
import { consentBody, consentView, consentsAnswer, restrictionBody } from './requests-schema.js';
import { restrictContact } from './restriction.js';

const tags = ['privacy'];

const view = (r: repo.ConsentRow): z.infer<typeof consentView> => ({
  id: r.id,
  purpose: r.purpose,
  granted: r.granted === 1,
  source: r.source,
  lawfulBasis: r.lawful_basis,
  policyVersion: r.policy_version,
  recordedBy: r.recorded_by,
  createdAt: r.created_at,
});

async function contactExists(ctx: AppContext, workspaceId: string, id: string): Promise<void> {
  const row = await ctx.db.k.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Contact');
}

/** A contact's consent record and restriction flag (workspace scope). */
export function contactPrivacyRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post('/api/v1/contacts/:id/consents', {
    schema: { tags, summary: 'Record a consent choice obtained for this contact (history is kept)', params: idParams, body: consentBody, response: { 201: consentView, ...errors } },
  }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await contactExists(ctx, scope.workspaceId, req.params.id);
    const b = req.body;
    const row = await recordConsent(ctx, { workspaceId: scope.workspaceId, contactId: req.params.id }, {
      purpose: b.purpose, granted: b.granted, source: b.source, lawfulBasis: b.lawfulBasis, policyVersion: b.policyVersion, recordedBy: scope.userId ?? undefined,
    }, { actor: scope.actor });
    return reply.status(201).send(view(row));
  });

  app.get('/api/v1/contacts/:id/consents', {
    schema: { tags, summary: 'Current consent per purpose and the history of choices', params: idParams, response: { 200: consentsAnswer, ...errors } },
  }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    await contactExists(ctx, scope.workspaceId, req.params.id);
    const subject = { workspaceId: scope.workspaceId, contactId: req.params.id };
    return { current: await currentConsent(ctx, subject), history: (await repo.history(ctx.db.k, subject, 200)).map(view) };
  });

  app.post('/api/v1/contacts/:id/restriction', {
    schema: { tags, summary: 'Restrict processing of this contact, or lift the restriction (privacy officers)', params: idParams, body: restrictionBody, response: { 200: contactView, ...errors } },
  }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'privacy.manage');
    return restrictContact(ctx, scope, req.params.id, req.body.restricted, req.body.reason);
  });
}
