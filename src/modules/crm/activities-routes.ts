import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import * as activities from './activities-service.js';
import { activityCreate, activityListParams, activityPatch, activityView, timelineEntry, timelineParams } from './activities-schema.js';

const tags = ['activities'];
const page = z.object({ data: z.array(activityView), nextCursor: z.string().nullable() });

export function activitiesRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/activities', { schema: { tags, summary: 'List notes, tasks, calls and meetings with filters and sorting', querystring: activityListParams, response: { 200: page, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return activities.list(ctx, scope, req.query);
  });

  app.post('/api/v1/activities', { schema: { tags, summary: 'Log a note, call or meeting, or create a task', body: activityCreate, response: { 201: activityView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await activities.create(ctx, scope, req.body));
  });

  app.get('/api/v1/activities/:id', { schema: { tags, summary: 'One activity', params: idParams, response: { 200: activityView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return activities.get(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/activities/:id', { schema: { tags, summary: 'Update an activity; `done` completes or reopens a task', params: idParams, body: activityPatch, response: { 200: activityView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return activities.update(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/activities/:id', { schema: { tags, summary: 'Delete an activity', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await activities.remove(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/timeline', { schema: { tags, summary: 'Activities and field changes of one contact, company or deal, newest first', querystring: timelineParams, response: { 200: z.object({ data: z.array(timelineEntry) }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return activities.timeline(ctx, scope, req.query);
  });
}
