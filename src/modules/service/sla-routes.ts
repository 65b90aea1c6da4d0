import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { DAY } from '../../lib/clock.js';
import { errors, idParams } from '../../http/schemas.js';
import { slaReportFor } from './sla-report.js';
import { calendarInput, calendarPatch, calendarView, defaultsInput, holidayItem, holidaysQuery, policyInput, policyPatch, policyView, reportQuery, slaReport } from './sla-schema.js';
import * as sla from './sla-service.js';

/** Business-hours calendars, SLA policies, public holiday lists and the SLA report. */
export function slaRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['service'];
  const cal = '/api/v1/service/calendars';
  const pol = '/api/v1/service/sla-policies';

  app.get(cal, { schema: { tags, summary: 'Business-hours calendars', response: { 200: z.object({ data: z.array(calendarView), nextCursor: z.null() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await sla.listCalendars(ctx, scope), nextCursor: null };
  });
  app.post(cal, { schema: { tags, summary: 'Create a business-hours calendar', body: calendarInput, response: { 201: calendarView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return reply.status(201).send(await sla.createCalendar(ctx, scope, req.body));
  });
  app.get(`${cal}/:id`, { schema: { tags, summary: 'One calendar', params: idParams, response: { 200: calendarView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return sla.getCalendar(ctx, scope, req.params.id);
  });
  app.patch(`${cal}/:id`, { schema: { tags, summary: 'Change a calendar (due dates already set stay; new ones use the change)', params: idParams, body: calendarPatch, response: { 200: calendarView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return sla.updateCalendar(ctx, scope, req.params.id, req.body);
  });
  app.delete(`${cal}/:id`, { schema: { tags, summary: 'Delete a calendar no policy uses', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    await sla.removeCalendar(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get(pol, { schema: { tags, summary: 'SLA policies, the default first', response: { 200: z.object({ data: z.array(policyView), nextCursor: z.null() }), ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return { data: await sla.listPolicies(ctx, scope), nextCursor: null };
  });
  app.post(pol, { schema: { tags, summary: 'Create an SLA policy (isDefault makes it the one new tickets get)', body: policyInput, response: { 201: policyView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return reply.status(201).send(await sla.createPolicy(ctx, scope, req.body));
  });
  app.post(`${pol}/defaults`, {
    schema: {
      tags,
      summary: 'Turn on the suggested SLA: a Monday–Friday 09:00–17:00 calendar with Indonesian holidays and a default policy (urgent 1h/4h, high 4h/1d, normal 8h/3d, low 1d/5d business time); returns the existing default policy when there is one',
      body: defaultsInput,
      response: { 200: policyView, 201: policyView, ...errors },
    },
  }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    const r = await sla.createDefaults(ctx, scope, req.body.timeZone);
    return reply.status(r.created ? 201 : 200).send(r.policy);
  });
  app.get(`${pol}/:id`, { schema: { tags, summary: 'One SLA policy', params: idParams, response: { 200: policyView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return sla.getPolicy(ctx, scope, req.params.id);
  });
  app.patch(`${pol}/:id`, { schema: { tags, summary: 'Change an SLA policy (open tickets keep their due dates until their priority changes)', params: idParams, body: policyPatch, response: { 200: policyView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    return sla.updatePolicy(ctx, scope, req.params.id, req.body);
  });
  app.delete(`${pol}/:id`, { schema: { tags, summary: 'Delete an SLA policy (its tickets keep the due dates they have)', params: idParams } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'workspace.manage');
    await sla.removePolicy(ctx, scope, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/service/holidays', {
    schema: { tags, summary: 'Public holidays of a region in a year (ID: national holidays and cuti bersama as published; 404 holidays_unknown_year for a year not published)', querystring: holidaysQuery, response: { 200: z.object({ data: z.array(holidayItem) }), ...errors } },
  }, async (req) => {
    await requireWorkspace(ctx, req, 'records.read');
    return { data: sla.listHolidays(req.query.region, req.query.year ?? ctx.clock.now().getUTCFullYear()) };
  });

  app.get('/api/v1/service/reports/sla', { schema: { tags, summary: 'SLA attainment by priority for tickets created in a date range (UTC days, inclusive; the last 30 days when left out)', querystring: reportQuery, response: { 200: slaReport, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const to = req.query.to ?? ctx.clock.now().toISOString().slice(0, 10);
    const from = req.query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
    return slaReportFor(ctx, scope, from, to);
  });
}
