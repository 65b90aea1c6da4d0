import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireOperator, requireWorkspace } from '../../http/auth.js';
import { errors } from '../../http/schemas.js';
import { CATEGORIES } from '../privacy/datamap/types.js';
import { subprocessorNoticeMail } from './policies-mails.js';
import { forEveryUser } from './policies-jobs.js';
import { currentPolicy } from './service.js';
import { renderSubprocessorPage } from './subprocessors-page.js';
import * as sp from './subprocessors.js';

const tags = ['governance'];

const subprocessor = z.object({
  key: z.string(),
  name: z.string(),
  purpose: z.string(),
  dataCategories: z.array(z.string()),
  country: z.string().nullable(),
  mechanism: z.enum(sp.MECHANISMS),
  dpaDate: z.string().nullable(),
  updatedAt: z.string(),
});

const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    purpose: z.string().trim().min(1).max(500),
    dataCategories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code').nullable(),
    mechanism: z.enum(sp.MECHANISMS),
    dpaDate: z.iso.date().nullable(),
  })
  .partial();

// A plain string: an unknown key is a 404 after the operator check, not a 400 before it.
const keyParams = z.object({ key: z.string().min(1).max(50) });
const langQuery = z.object({ lang: z.enum(['en', 'id']).default('en') });

/** The sub-processor register: the operator edits it, everyone can read it, workspaces see their transfers. */
export function subprocessorRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/platform/subprocessors', { schema: { tags, summary: 'The sub-processor register', response: { 200: z.object({ data: z.array(subprocessor) }), ...errors } } }, async (req) => {
    await requireOperator(ctx, req);
    return { data: await sp.listSubprocessors(ctx) };
  });

  app.patch('/api/v1/platform/subprocessors/:key', { schema: { tags, summary: 'Change a register entry (audited; users are emailed about the change)', params: keyParams, body: patchBody, response: { 200: subprocessor, ...errors } } }, async (req) => {
    const { actor } = await requireOperator(ctx, req);
    return sp.updateSubprocessor(ctx, req.params.key, req.body, actor);
  });

  app.get('/api/v1/privacy/transfers', { schema: { tags, summary: 'Processors of this workspace’s data, each flagged when it works outside the workspace’s data region', response: { 200: z.object({ dataRegion: z.string(), data: z.array(subprocessor.extend({ transfer: z.boolean() })) }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'privacy.read');
    const region = await sp.workspaceRegion(ctx, scope.workspaceId);
    return { dataRegion: region, data: await sp.transfersFor(ctx, region) };
  });

  app.get('/public/v1/subprocessors', { schema: { tags: ['public'], summary: 'The sub-processor register', response: { 200: z.object({ data: z.array(subprocessor) }), ...errors } } }, async () => ({ data: await sp.listSubprocessors(ctx) }));

  app.get('/subprocessors', { schema: { hide: true, querystring: langQuery } }, async (req, reply) => {
    const policy = await currentPolicy(ctx);
    return reply.type('text/html; charset=utf-8').send(renderSubprocessorPage(req.query.lang, await sp.listSubprocessors(ctx), policy?.version));
  });
}

export function registerSubprocessorJobs(ctx: AppContext): void {
  ctx.queue.register(sp.SUBPROCESSOR_NOTICE_JOB, async (_payload, job) => {
    const url = `${ctx.config.baseUrl}/subprocessors`;
    return forEveryUser(ctx, job, async (u) => {
      await ctx.mailer.send({ to: u.email, ...subprocessorNoticeMail(u.locale, ctx.config.operator.name, u.name, u.locale === 'id' ? `${url}?lang=id` : url), category: 'transactional' });
    });
  });
}
