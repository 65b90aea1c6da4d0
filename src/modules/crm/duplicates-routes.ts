import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import * as dup from './duplicates.js';
import { mergeCompanies, mergeContacts, mergeInput } from './merge.js';
import { companyView, contactView } from './schema.js';

const group = z.object({ reason: z.enum(['email', 'phone', 'name', 'domain']), key: z.string(), ids: z.array(z.string()) });
const similar = z.object({ data: z.array(z.object({ id: z.string(), reasons: z.array(z.string()) })) });
const tags = ['duplicates'];

export function duplicatesRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/duplicates', {
    schema: { tags, summary: 'Groups of likely duplicates: same email, phone or name (contacts); same domain or name (companies)', querystring: z.object({ object: z.enum(['contact', 'company']).default('contact'), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.object({ data: z.array(group) }), ...errors } },
  }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const data = req.query.object === 'company' ? await dup.companyGroups(ctx, scope, req.query.limit) : await dup.contactGroups(ctx, scope, req.query.limit);
    return { data };
  });

  app.get('/api/v1/contacts/:id/duplicates', { schema: { tags, summary: 'Contacts that look like this one', params: idParams, response: { 200: similar, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await dup.similarTo(ctx, scope, 'contacts', req.params.id) };
  });

  app.get('/api/v1/companies/:id/duplicates', { schema: { tags, summary: 'Companies that look like this one', params: idParams, response: { 200: similar, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await dup.similarTo(ctx, scope, 'companies', req.params.id) };
  });

  app.post('/api/v1/contacts/merge', { schema: { tags, summary: 'Merge contacts into one, choosing each field; activities, deals and history move to the primary', body: mergeInput, response: { 200: contactView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return mergeContacts(ctx, scope, req.body);
  });

  app.post('/api/v1/companies/merge', { schema: { tags, summary: 'Merge companies into one; contacts, deals and activities move to the primary', body: mergeInput, response: { 200: companyView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return mergeCompanies(ctx, scope, req.body);
  });
}
