import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { teamCreate, teamPage, teamPatch, teamView } from './teams-schema.js';
import * as teams from './teams-service.js';

const tags = ['service'];
const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() });

export function teamsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/service/teams', { schema: { tags, summary: 'Support teams with their members', querystring: pageQuery, response: { 200: teamPage, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return teams.listTeams(ctx, scope, req.query.limit, req.query.cursor);
  });

  app.post('/api/v1/service/teams', { schema: { tags, summary: 'Create a support team', body: teamCreate, response: { 201: teamView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return reply.status(201).send(await teams.createTeam(ctx, scope, req.body));
  });

  app.get('/api/v1/service/teams/:id', { schema: { tags, summary: 'One support team', params: idParams, response: { 200: teamView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return teams.getTeam(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/service/teams/:id', { schema: { tags, summary: 'Rename a team or replace its members', params: idParams, body: teamPatch, response: { 200: teamView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return teams.updateTeam(ctx, scope, req.params.id, req.body);
  });

  app.delete('/api/v1/service/teams/:id', { schema: { tags, summary: 'Delete a team (its tickets keep their assignee, lose the team)', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    await teams.deleteTeam(ctx, scope, req.params.id);
    return reply.status(204).send();
  });
}
