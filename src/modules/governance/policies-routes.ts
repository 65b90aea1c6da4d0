import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireOperator, requireUser } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { errors, idParams } from '../../http/schemas.js';
import * as policies from './policies.js';
import { registerPolicyGate } from './policies-gate.js';
import * as s from './policies-schema.js';

const tags = ['governance'];

/** Policy versions: operator drafting and publishing, public history and diffs, the user's acceptance. */
export function policyRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  registerPolicyGate(root, ctx);

  app.post('/api/v1/platform/policies', { schema: { tags, summary: 'Draft a new privacy policy version', body: s.policyDraftBody, response: { 201: z.object({ id: z.string() }), ...errors } } }, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    const out = await policies.createDraft(ctx, req.body, actor);
    return reply.code(201).send(out);
  });

  app.get('/api/v1/platform/policies', { schema: { tags, summary: 'Every policy version, drafts included, newest first', response: { 200: z.object({ data: z.array(s.policyView) }), ...errors } } }, async (req) => {
    await requireOperator(ctx, req);
    return { data: await policies.listPolicies(ctx) };
  });

  app.get('/api/v1/platform/policies/:id', { schema: { tags, summary: 'One policy version and the progress of its notice to users', params: idParams, response: { 200: s.policyDetail, ...errors } } }, async (req) => {
    await requireOperator(ctx, req);
    const p = await policies.getPolicy(ctx, req.params.id);
    const job = p.noticeJobId ? await ctx.queue.get(p.noticeJobId) : null;
    return { ...p, notice: job ? { status: job.status, done: job.progress?.done ?? 0, total: job.progress?.total ?? null } : null };
  });

  app.post('/api/v1/platform/policies/:id/publish', { schema: { tags, summary: 'Publish a draft: current at its effective time; every user is emailed (a batched job)', params: idParams, response: { 202: z.object({ id: z.string(), jobId: z.string() }), ...errors } } }, async (req, reply) => {
    const { actor } = await requireOperator(ctx, req);
    return reply.code(202).send(await policies.publish(ctx, req.params.id, actor));
  });

  app.get('/api/v1/platform/policies/diff', { schema: { tags, summary: 'Line diff between any two versions, drafts included', querystring: s.diffQuery, response: { 200: s.diffAnswer, ...errors } } }, async (req) => {
    await requireOperator(ctx, req);
    return policies.diff(ctx, req.query.from, req.query.to);
  });

  app.get('/public/v1/policy/versions', { schema: { tags: ['public'], summary: 'Published policy versions, newest first', response: { 200: z.object({ data: z.array(s.publicVersion) }), ...errors } } }, async () => {
    const rows = await policies.publishedWithPrevious(ctx);
    return {
      data: rows.map(({ row, previous }) => ({ id: row.id, version: row.version, effectiveAt: row.effective_at, lastUpdated: (row.published_at ?? row.effective_at).slice(0, 10), material: row.material === 1, previousId: previous?.id ?? null })),
    };
  });

  app.get('/public/v1/policy/diff', { schema: { tags: ['public'], summary: 'Line diff between two published versions', querystring: s.diffQuery, response: { 200: s.diffAnswer, ...errors } } }, async (req) => {
    const published = new Set((await policies.publishedWithPrevious(ctx)).map((r) => r.row.id));
    // Drafts are the operator's working copies: not public until published.
    if (!published.has(req.query.from) || !published.has(req.query.to)) throw notFound('Policy version');
    return policies.diff(ctx, req.query.from, req.query.to);
  });

  app.get('/api/v1/policies/acceptance', { schema: { tags, summary: 'Whether you must accept a new policy version before continuing', response: { 200: s.acceptanceAnswer, ...errors } } }, async (req) => {
    const { user } = await requireUser(ctx, req);
    return policies.acceptanceState(ctx, user.id);
  });

  app.post('/api/v1/policies/accept', { schema: { tags, summary: 'Accept the policy version in force', response: { 200: z.object({ version: z.string() }), ...errors } } }, async (req) => {
    const { user } = await requireUser(ctx, req);
    return policies.accept(ctx, user.id, { ip: req.ip, userAgent: req.headers['user-agent'] });
  });
}
