import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams, listQuery } from '../../http/schemas.js';
import { listInput, listView, membersAnswer, membersInput, segmentCountInput, segmentInput, segmentPatch, segmentView } from './campaigns-schema.js';
import * as lists from './lists-service.js';
import * as segments from './segments-service.js';

const tags = ['marketing'];
const paged = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
const pageQuery = listQuery.omit({ q: true });

/** Lists and segments (API.md: `/api/v1/lists`). */
export function listsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/lists', { schema: { tags, summary: 'Mailing lists with their member counts, newest first', querystring: pageQuery, response: { 200: paged(listView), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return lists.list(ctx, scope, req.query.limit, req.query.cursor);
  });

  app.post('/api/v1/lists', { schema: { tags, summary: 'Create a mailing list', body: listInput, response: { 201: listView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await lists.create(ctx, scope, req.body));
  });

  app.get('/api/v1/lists/:id', { schema: { tags, summary: 'One mailing list', params: idParams, response: { 200: listView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return lists.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/lists/:id', { schema: { tags, summary: 'Rename a mailing list', params: idParams, body: listInput, response: { 200: listView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return lists.rename(ctx, scope, req.params.id, req.body.name);
  });

  app.delete('/api/v1/lists/:id', { schema: { tags, summary: 'Delete a mailing list (its contacts stay)', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await lists.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/lists/:id/members', { schema: { tags, summary: 'Add contacts to a list (already present: unchanged)', params: idParams, body: membersInput, response: { 200: membersAnswer, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return lists.changeMembers(ctx, scope, req.params.id, req.body.contactIds);
  });

  app.post('/api/v1/lists/:id/members/remove', { schema: { tags, summary: 'Remove contacts from a list', params: idParams, body: membersInput, response: { 200: membersAnswer, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return lists.changeMembers(ctx, scope, req.params.id, req.body.contactIds, true);
  });

  app.get('/api/v1/segments', { schema: { tags, summary: 'Saved segments with live counts', querystring: pageQuery, response: { 200: paged(segmentView), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return segments.list(ctx, scope, req.query.limit, req.query.cursor);
  });

  app.post('/api/v1/segments', { schema: { tags, summary: 'Save a segment: filters over contact fields, custom.<key> and consent.<purpose>', body: segmentInput, response: { 201: segmentView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await segments.create(ctx, scope, req.body));
  });

  app.post('/api/v1/segments/count', { schema: { tags, summary: 'Count the contacts some filters match (live preview)', body: segmentCountInput, response: { 200: z.object({ count: z.number().int() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { count: await segments.countFor(ctx, scope.workspaceId, req.body.filters) };
  });

  app.get('/api/v1/segments/:id', { schema: { tags, summary: 'One segment with its live count', params: idParams, response: { 200: segmentView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return segments.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/segments/:id', { schema: { tags, summary: 'Rename a segment or change its filters', params: idParams, body: segmentPatch, response: { 200: segmentView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return segments.update(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/segments/:id', { schema: { tags, summary: 'Delete a segment', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await segments.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });
}
