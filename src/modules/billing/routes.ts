import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace, type WorkspaceScope } from '../../http/auth.js';
import { forbidden } from '../../http/errors.js';
import { errors, idParams, listQuery } from '../../http/schemas.js';
import * as details from './details-service.js';
import { invoiceHtml, invoicePdf, type InvoiceLocale } from './invoice-render.js';
import * as invoices from './invoices-service.js';
import { startSetup } from './payment-methods.js';
import * as payments from './payments-service.js';
import * as plans from './plans-service.js';
import * as schema from './schema.js';
import * as subs from './subscriptions-service.js';

const tags = ['billing'];
const errs = { ...errors, 502: errors[400] };

/** Billing is the workspace owner's: other roles and API keys are refused (a key must not spend money). */
export function ownerOnly(scope: WorkspaceScope): WorkspaceScope {
  if (scope.role !== 'owner') throw forbidden('Only a workspace owner may manage billing');
  return scope;
}

export async function requireOwner(ctx: AppContext, req: FastifyRequest): Promise<WorkspaceScope> {
  return ownerOnly(await requireWorkspace(ctx, req, 'workspace.manage'));
}

/**
 * Routes naming an invoice look it up in the caller's workspace first: another workspace's id is
 * 404 for everyone (invariant 2), and only then is the role checked.
 */
async function ownInvoice(ctx: AppContext, req: FastifyRequest, id: string): Promise<{ scope: WorkspaceScope; inv: invoices.InvoiceDetail }> {
  const scope = await requireWorkspace(ctx, req, 'records.read');
  const inv = await invoices.detail(ctx, scope.workspaceId, id);
  return { scope: ownerOnly(scope), inv };
}

function localeOf(req: FastifyRequest, lang: InvoiceLocale | undefined): InvoiceLocale {
  if (lang) return lang;
  return String(req.headers['accept-language'] ?? '').toLowerCase().startsWith('id') ? 'id' : 'en';
}

/** `/api/v1/billing/…`: plans, the subscription, invoices, payments and billing details of the caller's workspace. */
export function billingRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const seller = (): { name: string; email: string } => ({ name: ctx.config.operator.name, email: ctx.config.operator.email });

  app.get('/api/v1/billing/plans', { schema: { tags, summary: 'Plans that can be chosen', response: { 200: z.object({ data: z.array(schema.planView) }), ...errors } } }, async (req) => {
    await requireOwner(ctx, req);
    return { data: await plans.list(ctx, true) };
  });

  app.get('/api/v1/billing/subscription', { schema: { tags, summary: 'The workspace’s subscription (null when it has none)', response: { 200: z.object({ subscription: schema.subscriptionView.nullable() }), ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return { subscription: await subs.get(ctx, s.workspaceId) };
  });

  app.post('/api/v1/billing/subscription', { schema: { tags, summary: 'Subscribe: a 14-day trial, or a paid first period (an open invoice)', body: schema.subscribeBody, response: { 201: schema.subscriptionResult, ...errors } } }, async (req, reply) => {
    const s = await requireOwner(ctx, req);
    return reply.status(201).send(await subs.subscribe(ctx, s.workspaceId, s.actor, req.body));
  });

  app.post('/api/v1/billing/subscription/plan', { schema: { tags, summary: 'Change plan, prorated to the second (downgrades at period end unless timing=now)', body: schema.changePlanBody, response: { 200: schema.subscriptionResult, ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return subs.changePlan(ctx, s.workspaceId, s.actor, req.body);
  });

  app.post('/api/v1/billing/subscription/seats', { schema: { tags, summary: 'Change seats at once, prorated to the second', body: schema.seatsBody, response: { 200: schema.subscriptionResult, ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return subs.changeSeats(ctx, s.workspaceId, s.actor, req.body.seats);
  });

  app.post('/api/v1/billing/subscription/cancel', { schema: { tags, summary: 'Cancel at the period end (default) or at once', body: schema.cancelBody, response: { 200: z.object({ subscription: schema.subscriptionView }), ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return { subscription: await subs.cancel(ctx, s.workspaceId, s.actor, req.body.atPeriodEnd) };
  });

  app.post('/api/v1/billing/subscription/resume', { schema: { tags, summary: 'Keep a subscription that was set to end at the period end', response: { 200: z.object({ subscription: schema.subscriptionView }), ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return { subscription: await subs.resume(ctx, s.workspaceId, s.actor) };
  });

  app.get('/api/v1/billing/invoices', { schema: { tags, summary: 'Invoices, newest first', querystring: listQuery.omit({ q: true }), response: { 200: z.object({ data: z.array(schema.invoiceView), nextCursor: z.string().nullable() }), ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return invoices.list(ctx, s.workspaceId, req.query.limit, req.query.cursor);
  });

  app.get('/api/v1/billing/invoices/:id', { schema: { tags, summary: 'One invoice with its lines', params: idParams, response: { 200: schema.invoiceDetail, ...errors } } }, async (req) => {
    return (await ownInvoice(ctx, req, req.params.id)).inv;
  });

  app.get('/api/v1/billing/invoices/:id/html', { schema: { tags, summary: 'Printable invoice (HTML); ?lang=en|id', params: idParams, querystring: schema.downloadQuery } }, async (req, reply) => {
    const { inv } = await ownInvoice(ctx, req, req.params.id);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(invoiceHtml(inv, seller(), localeOf(req, req.query.lang)));
  });

  app.get('/api/v1/billing/invoices/:id/pdf', { schema: { tags, summary: 'Invoice as PDF; ?lang=en|id', params: idParams, querystring: schema.downloadQuery } }, async (req, reply) => {
    const { inv } = await ownInvoice(ctx, req, req.params.id);
    const pdf = await invoicePdf(inv, seller(), localeOf(req, req.query.lang));
    const name = (inv.number ?? inv.id).replace(/[^A-Za-z0-9-]/g, '');
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).header('cache-control', 'no-store').send(pdf);
  });

  app.post('/api/v1/billing/invoices/:id/checkout', { schema: { tags, summary: 'Pay an open invoice on the provider’s hosted page (Stripe Checkout or Midtrans Snap): returns its URL', params: idParams, body: schema.checkoutBody, response: { 201: z.object({ paymentId: z.string(), url: z.string() }), ...errs } } }, async (req, reply) => {
    const { scope: s } = await ownInvoice(ctx, req, req.params.id);
    return reply.status(201).send(await payments.checkout(ctx, s.workspaceId, s.actor, req.params.id, req.body.provider));
  });

  app.post('/api/v1/billing/payment-method/setup', { schema: { tags, summary: 'Change the card on file: a Stripe Checkout Session in setup mode (returns its URL); Midtrans payments choose their method on each Snap page', body: schema.paymentMethodSetupBody, response: { 201: schema.paymentMethodSetupResult, ...errs } } }, async (req, reply) => {
    const s = await requireOwner(ctx, req);
    return reply.status(201).send(await startSetup(ctx, s.workspaceId, s.actor));
  });

  app.get('/api/v1/billing/details', { schema: { tags, summary: 'Billing details (null until saved)', response: { 200: z.object({ details: schema.detailsView.nullable() }), ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return { details: await details.get(ctx, s.workspaceId) };
  });

  app.put('/api/v1/billing/details', { schema: { tags, summary: 'Save billing details (used by invoices issued from now on)', body: schema.detailsBody, response: { 200: z.object({ details: schema.detailsView }), ...errors } } }, async (req) => {
    const s = await requireOwner(ctx, req);
    return { details: await details.save(ctx, s.workspaceId, s.userId, s.actor, req.body) };
  });
}
