import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { marked } from 'marked';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { publicPage } from '../../http/page.js';
import { errors } from '../../http/schemas.js';
import { escapeHtml } from '../../mail/layout.js';
import { disclosureRoutes } from './disclosures-routes.js';
import { policyPages } from './policies-pages.js';
import { registerPolicyJobs } from './policies-jobs.js';
import { policyRoutes } from './policies-routes.js';
import { ropaRoutes } from './ropa-routes.js';
import * as service from './service.js';
import { registerSubprocessorJobs, subprocessorRoutes } from './subprocessors-routes.js';

const policySchema = z.object({ version: z.string(), effectiveAt: z.string(), lastUpdated: z.string(), markdown: z.string() });

export function governanceRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  policyRoutes(root, ctx);
  policyPages(root, ctx);
  subprocessorRoutes(root, ctx);
  ropaRoutes(root, ctx);
  disclosureRoutes(root, ctx);

  app.get('/public/v1/policy', { schema: { tags: ['public'], summary: 'The privacy policy in force', response: { 200: policySchema, ...errors } } }, async () => {
    const p = await service.currentPolicy(ctx);
    if (!p) throw notFound('Policy');
    return p;
  });

  app.get('/privacy', { schema: { hide: true } }, async (_req, reply) => {
    const p = await service.currentPolicy(ctx);
    if (!p) throw notFound('Policy');
    const history = await service.policyHistory(ctx);
    const body = `<p class="meta">Version ${escapeHtml(p.version)} · Last Updated: <time datetime="${escapeHtml(p.lastUpdated)}">${escapeHtml(p.lastUpdated)}</time> · In effect since ${escapeHtml(p.effectiveAt.slice(0, 10))}</p>
${await marked.parse(p.markdown)}
<h2>Earlier versions</h2><ul>${history.map((h) => `<li>Version ${escapeHtml(h.version)}, effective ${escapeHtml(h.effectiveAt.slice(0, 10))}</li>`).join('')}</ul>
<p><a href="/privacy/history">History of this policy and what changed between versions</a></p>`;
    return reply.type('text/html; charset=utf-8').send(publicPage({ title: 'Privacy Policy', body, policyVersion: p.version }));
  });
}

/** Job handlers of the governance module (policy notices, sub-processor notices). */
export function registerGovernanceJobs(ctx: AppContext): void {
  registerPolicyJobs(ctx);
  registerSubprocessorJobs(ctx);
}
