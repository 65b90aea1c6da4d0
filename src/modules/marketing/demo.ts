/**
 * The operator's own "Request a demo" page (policy §2a). Decision: the form is platform-scope
 * (`workspace_id` NULL) because the operator, not any workspace, is controller of demo requests
 * (DESIGN "Who uses it"); a workspace of the operator's would mix its sales leads with a
 * customer's data and would not exist on a fresh deployment. So on this form a submission makes
 * no CRM contact: the submission is the demo request, assigned in turn to the form's owner pool
 * (default: every platform operator), listed for operators at /api/v1/platform/demo-requests, and
 * found by its address for access and erasure (data map: form_submissions, platform link by email).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireOperator } from '../../http/auth.js';
import { badRequest } from '../../http/errors.js';
import { errors, idParams, listQuery } from '../../http/schemas.js';
import { getSetting, setSettingOnce } from '../../db/settings.js';
import * as repo from './forms-repo.js';
import { getForm, updateForm, versionConsents, type FormOwner } from './forms-service.js';
import { pickLang } from './forms-page.js';
import { formPatch, formView, submissionView, type FormConsentInput, type FormField } from './forms-schema.js';
import { SUBMISSION_STATUSES, type FormsTable } from './forms-tables.js';
import { listSubmissions, setSubmissionStatus } from './submissions-list.js';
import { renderHosted } from './submissions-routes.js';
import { newId } from '../../lib/ids.js';

const DEMO_SETTING = 'demo_form_id';

const label = (en: string, id: string) => ({ en, id });
export const DEMO_FIELDS: FormField[] = [
  { key: 'first_name', label: label('First name', 'Nama depan'), type: 'text', required: true, mapsTo: 'firstName', customField: null, options: [] },
  { key: 'last_name', label: label('Last name', 'Nama belakang'), type: 'text', required: false, mapsTo: 'lastName', customField: null, options: [] },
  { key: 'email', label: label('Work email', 'Email kantor'), type: 'email', required: true, mapsTo: 'email', customField: null, options: [] },
  { key: 'company', label: label('Company name', 'Nama perusahaan'), type: 'text', required: true, mapsTo: null, customField: null, options: [] },
  { key: 'phone', label: label('Phone number', 'Nomor telepon'), type: 'phone', required: false, mapsTo: 'phone', customField: null, options: [] },
  { key: 'message', label: label('What would you like to see?', 'Apa yang ingin Anda lihat?'), type: 'textarea', required: false, mapsTo: null, customField: null, options: [] },
];
export const DEMO_CONSENTS: FormConsentInput[] = [
  {
    key: 'consent_marketing',
    purpose: 'marketing',
    text: label(
      'Send me product updates and promotions by email. I can unsubscribe at any time.',
      'Kirimi saya kabar produk dan promosi lewat email. Saya dapat berhenti berlangganan kapan saja.',
    ),
  },
];

/**
 * Makes the demo form once per deployment: the setting names its id, so many nodes starting at
 * once agree on one form, and a form deleted from the database is made again with the same id.
 */
export async function ensureDemoForm(ctx: AppContext): Promise<string> {
  const at = ctx.clock.now().toISOString();
  const id = await setSettingOnce(ctx.db, DEMO_SETTING, newId('frm', ctx.clock.now().getTime()), at);
  if (await repo.findForm(ctx.db.k, null, id)) return id;
  // Shipped content, not anyone's change: no audit entry, as for the default policy.
  await ctx.db.k
    .transaction()
    .execute(async (trx) => {
      const row: FormsTable = { id, workspace_id: null, name: 'Request a demo', kind: 'demo_request', status: 'published', fields: JSON.stringify(DEMO_FIELDS), consents: '[]', owner_pool: '[]', rr_counter: 0, age_gate: 1, created_by: null, created_at: at, updated_at: at };
      await repo.insertForm(trx, row);
      await repo.updateForm(trx, null, id, { consents: JSON.stringify(await versionConsents(ctx, trx, row, DEMO_CONSENTS)) });
    })
    .catch(async (err: unknown) => {
      // Another node made it first: the same outcome.
      if (!(await repo.findForm(ctx.db.k, null, id))) throw err;
    });
  return id;
}

export async function demoFormId(ctx: AppContext): Promise<string> {
  return (await getSetting(ctx.db, DEMO_SETTING)) ?? ensureDemoForm(ctx);
}

const tags = ['forms'];
const page = z.object({ data: z.array(submissionView), nextCursor: z.string().nullable() });
const statusPatch = z.object({ status: z.enum(SUBMISSION_STATUSES).optional(), assigneeId: z.string().min(1).max(100).optional() });

async function operator(ctx: AppContext, req: FastifyRequest): Promise<FormOwner> {
  const { user, actor } = await requireOperator(ctx, req);
  return { workspaceId: null, actor, userId: user.id };
}

export function demoRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/demo', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } }, schema: { hide: true, querystring: z.object({ lang: z.enum(['en', 'id']).optional() }) } }, async (req, reply) => {
    const id = await demoFormId(ctx);
    return renderHosted(ctx, reply, id, { lang: pickLang(req.query.lang, req.headers['accept-language']), action: `/f/${id}` });
  });

  app.get('/api/v1/platform/demo-form', { schema: { tags, summary: 'The operator’s “Request a demo” form', response: { 200: formView, ...errors } } }, async (req) =>
    getForm(ctx, await operator(ctx, req), await demoFormId(ctx)));

  app.patch('/api/v1/platform/demo-form', { schema: { tags, summary: 'Change the demo form (fields, consent wording, the operators who get the requests)', body: formPatch, response: { 200: formView, ...errors } } }, async (req) => {
    const o = await operator(ctx, req);
    if (req.body.kind && req.body.kind !== 'demo_request') throw badRequest('validation_failed', 'The demo form stays a demo-request form', [{ field: 'body.kind', message: 'must be demo_request' }]);
    return updateForm(ctx, o, await demoFormId(ctx), req.body);
  });

  app.get('/api/v1/platform/demo-requests', { schema: { tags, summary: 'Demo requests, newest first', querystring: listQuery.omit({ q: true }), response: { 200: page, ...errors } } }, async (req) => {
    await operator(ctx, req);
    return listSubmissions(ctx, null, null, req.query.limit, req.query.cursor);
  });

  app.patch('/api/v1/platform/demo-requests/:id', { schema: { tags, summary: 'Mark a demo request contacted or closed, or hand it to another operator', params: idParams, body: statusPatch, response: { 200: submissionView, ...errors } } }, async (req) => {
    await operator(ctx, req);
    if (req.body.assigneeId && !(await repo.operatorIds(ctx.db.k)).includes(req.body.assigneeId)) {
      throw badRequest('validation_failed', 'Not a platform operator', [{ field: 'body.assigneeId', message: 'not a platform operator' }]);
    }
    return setSubmissionStatus(ctx, null, req.params.id, req.body);
  });

}
