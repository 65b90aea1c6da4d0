import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams, listQuery } from '../../http/schemas.js';
import type { Permission } from '../workspaces/roles.js';
import * as forms from './forms-service.js';
import { formCreate, formPatch, formView, submissionView } from './forms-schema.js';
import { listSubmissions } from './submissions-list.js';

const tags = ['forms'];
const formPage = z.object({ data: z.array(formView), nextCursor: z.string().nullable() });
const submissionPage = z.object({ data: z.array(submissionView), nextCursor: z.string().nullable() });
const pageQuery = listQuery.omit({ q: true });

async function owner(ctx: AppContext, req: FastifyRequest, p: Permission): Promise<forms.FormOwner & { workspaceId: string }> {
  const scope = await requireWorkspace(ctx, req, p);
  return { workspaceId: scope.workspaceId, actor: scope.actor, userId: scope.userId };
}

/** The form builder: a workspace's web-to-lead and demo-request forms. */
export function formBuilderRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/forms', { schema: { tags, summary: 'List the workspace’s forms', querystring: pageQuery, response: { 200: formPage, ...errors } } }, async (req) =>
    forms.listForms(ctx, await owner(ctx, req, 'records.read'), req.query.limit, req.query.cursor));

  app.post('/api/v1/forms', { schema: { tags, summary: 'Create a form (fields, consent checkboxes with their wording, owner pool)', body: formCreate, response: { 201: formView, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await forms.createForm(ctx, await owner(ctx, req, 'records.write'), req.body)));

  app.get('/api/v1/forms/:id', { schema: { tags, summary: 'One form with the wording version of each consent checkbox', params: idParams, response: { 200: formView, ...errors } } }, async (req) =>
    forms.getForm(ctx, await owner(ctx, req, 'records.read'), req.params.id));

  app.patch('/api/v1/forms/:id', { schema: { tags, summary: 'Change a form; a changed consent wording becomes a new version', params: idParams, body: formPatch, response: { 200: formView, ...errors } } }, async (req) =>
    forms.updateForm(ctx, await owner(ctx, req, 'records.write'), req.params.id, req.body));

  app.delete('/api/v1/forms/:id', { schema: { tags, summary: 'Delete a form and its submissions (contacts, consent records and tasks stay)', params: idParams } }, async (req, reply) => {
    await forms.deleteForm(ctx, await owner(ctx, req, 'records.write'), req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/forms/:id/submissions', { schema: { tags, summary: 'Submissions of a form, newest first', params: idParams, querystring: pageQuery, response: { 200: submissionPage, ...errors } } }, async (req) => {
    const o = await owner(ctx, req, 'records.read');
    return listSubmissions(ctx, o.workspaceId, req.params.id, req.query.limit, req.query.cursor);
  });
}
