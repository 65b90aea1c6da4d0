import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { conflict, HttpError, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { OFFICE_HOURS, type WeeklyHours } from './calendar.js';
import { HOLIDAY_REGIONS, holidaysFor, knownHolidayYears, type Holiday, type HolidayRegion } from './holidays.js';
import { parseJson } from './sla-clock.js';
import { slaOnPolicyChange } from './sla-hooks.js';
import * as repo from './sla-repo.js';
import type { calendarInput, calendarPatch, calendarView, policyInput, policyPatch, policyView, SlaTargets } from './sla-schema.js';

export type CalendarView = z.infer<typeof calendarView>;
export type PolicyView = z.infer<typeof policyView>;

function calendarOut(r: repo.CalendarRow): CalendarView {
  return {
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    hours: parseJson<WeeklyHours>(r.hours),
    holidayRegions: parseJson<string[]>(r.holiday_regions),
    extraHolidays: parseJson<Holiday[]>(r.extra_holidays),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function policyOut(r: repo.PolicyRow): PolicyView {
  return {
    id: r.id,
    name: r.name,
    calendarId: r.calendar_id,
    targets: parseJson<SlaTargets>(r.targets),
    warnBeforeMinutes: r.warn_before_minutes,
    isDefault: r.is_default === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const regions = (list: HolidayRegion[]): string => JSON.stringify(HOLIDAY_REGIONS.filter((r) => list.includes(r)));
const byDate = (list: Holiday[]): string => JSON.stringify([...list].sort((a, b) => a.date.localeCompare(b.date)));

const logEntry = (scope: WorkspaceScope, action: string, type: string, id: string) => ({ actor: scope.actor, workspaceId: scope.workspaceId, action, target: { type, id } });

export async function listCalendars(ctx: AppContext, scope: WorkspaceScope): Promise<CalendarView[]> {
  return (await repo.calendars(ctx.db.k, scope.workspaceId)).map(calendarOut);
}

export async function getCalendar(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<CalendarView> {
  const r = await repo.calendar(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('Calendar');
  return calendarOut(r);
}

export async function createCalendar(ctx: AppContext, scope: WorkspaceScope, input: z.infer<typeof calendarInput>): Promise<CalendarView> {
  const at = ctx.clock.now().toISOString();
  const row: repo.CalendarRow = {
    id: newId('cal'),
    workspace_id: scope.workspaceId,
    name: input.name,
    time_zone: input.timeZone,
    hours: JSON.stringify(input.hours),
    holiday_regions: regions(input.holidayRegions),
    extra_holidays: byDate(input.extraHolidays),
    created_at: at,
    updated_at: at,
  };
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.insertCalendar(trx, row);
    await audit.record(ctx.db, ctx.clock, logEntry(scope, 'service_calendar.created', 'service_calendar', row.id), trx);
  });
  return calendarOut(row);
}

export async function updateCalendar(ctx: AppContext, scope: WorkspaceScope, id: string, input: z.infer<typeof calendarPatch>): Promise<CalendarView> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.calendar(trx, scope.workspaceId, id))) throw notFound('Calendar');
    await repo.updateCalendar(trx, scope.workspaceId, id, {
      updated_at: ctx.clock.now().toISOString(),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
      ...(input.hours !== undefined && { hours: JSON.stringify(input.hours) }),
      ...(input.holidayRegions !== undefined && { holiday_regions: regions(input.holidayRegions) }),
      ...(input.extraHolidays !== undefined && { extra_holidays: byDate(input.extraHolidays) }),
    });
    // Other hours, holidays or time zone move the due dates of open tickets under the policies on this calendar.
    const timing = input.timeZone !== undefined || input.hours !== undefined || input.holidayRegions !== undefined || input.extraHolidays !== undefined;
    const moved = timing ? await slaOnPolicyChange(ctx, trx, scope.workspaceId, await repo.policyIdsUsingCalendar(trx, scope.workspaceId, id)) : 0;
    await audit.record(ctx.db, ctx.clock, { ...logEntry(scope, 'service_calendar.updated', 'service_calendar', id), details: { ticketsRecomputed: moved } }, trx);
  });
  return getCalendar(ctx, scope, id);
}

export async function removeCalendar(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.calendar(trx, scope.workspaceId, id))) throw notFound('Calendar');
    if ((await repo.policiesUsingCalendar(trx, scope.workspaceId, id)) > 0) throw conflict('calendar_in_use', 'An SLA policy uses this calendar: give the policy another calendar first');
    await repo.deleteCalendar(trx, scope.workspaceId, id);
    await audit.record(ctx.db, ctx.clock, logEntry(scope, 'service_calendar.deleted', 'service_calendar', id), trx);
  });
}

export async function listPolicies(ctx: AppContext, scope: WorkspaceScope): Promise<PolicyView[]> {
  return (await repo.policies(ctx.db.k, scope.workspaceId)).map(policyOut);
}

export async function getPolicy(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<PolicyView> {
  const r = await repo.policy(ctx.db.k, scope.workspaceId, id);
  if (!r) throw notFound('SLA policy');
  return policyOut(r);
}

export async function createPolicy(ctx: AppContext, scope: WorkspaceScope, input: z.infer<typeof policyInput>): Promise<PolicyView> {
  const at = ctx.clock.now().toISOString();
  const row: repo.PolicyRow = {
    id: newId('slap'),
    workspace_id: scope.workspaceId,
    name: input.name,
    calendar_id: input.calendarId,
    targets: JSON.stringify(input.targets),
    warn_before_minutes: input.warnBeforeMinutes,
    is_default: input.isDefault ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.calendar(trx, scope.workspaceId, input.calendarId))) throw notFound('Calendar');
    await repo.insertPolicy(trx, row);
    if (input.isDefault) await repo.clearDefault(trx, scope.workspaceId, row.id);
    await audit.record(ctx.db, ctx.clock, logEntry(scope, 'sla_policy.created', 'sla_policy', row.id), trx);
  });
  return policyOut(row);
}

export async function updatePolicy(ctx: AppContext, scope: WorkspaceScope, id: string, input: z.infer<typeof policyPatch>): Promise<PolicyView> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.policy(trx, scope.workspaceId, id))) throw notFound('SLA policy');
    if (input.calendarId !== undefined && !(await repo.calendar(trx, scope.workspaceId, input.calendarId))) throw notFound('Calendar');
    await repo.updatePolicy(trx, scope.workspaceId, id, {
      updated_at: ctx.clock.now().toISOString(),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.calendarId !== undefined && { calendar_id: input.calendarId }),
      ...(input.targets !== undefined && { targets: JSON.stringify(input.targets) }),
      ...(input.warnBeforeMinutes !== undefined && { warn_before_minutes: input.warnBeforeMinutes }),
      ...(input.isDefault !== undefined && { is_default: input.isDefault ? 1 : 0 }),
    });
    if (input.isDefault) await repo.clearDefault(trx, scope.workspaceId, id);
    // New targets or another calendar apply to the tickets already under the policy.
    const moved = input.targets !== undefined || input.calendarId !== undefined ? await slaOnPolicyChange(ctx, trx, scope.workspaceId, [id]) : 0;
    await audit.record(ctx.db, ctx.clock, { ...logEntry(scope, 'sla_policy.updated', 'sla_policy', id), details: { ticketsRecomputed: moved } }, trx);
  });
  return getPolicy(ctx, scope, id);
}

/** Tickets keep the due dates they have; a ticket whose policy is gone is no longer recomputed. */
export async function removePolicy(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.policy(trx, scope.workspaceId, id))) throw notFound('SLA policy');
    await repo.deletePolicy(trx, scope.workspaceId, id);
    await audit.record(ctx.db, ctx.clock, logEntry(scope, 'sla_policy.deleted', 'sla_policy', id), trx);
  });
}

/** The defaults offered by `POST /sla-policies/defaults`, in business minutes (a business day is 8 hours). */
export const DEFAULT_TARGETS: SlaTargets = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 240, resolutionMinutes: 480 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 3 * 480 },
  low: { firstResponseMinutes: 480, resolutionMinutes: 5 * 480 },
};

/**
 * Creates the "Business hours" calendar (Monday to Friday 09:00–17:00, Indonesian holidays) and
 * a default "Standard" policy on it, when the workspace has no default policy yet. Explicit, not
 * lazy: a workspace without a policy has no SLA until someone turns it on. Returns the default
 * policy and whether it was created now.
 */
export async function createDefaults(ctx: AppContext, scope: WorkspaceScope, timeZone = 'Asia/Jakarta'): Promise<{ policy: PolicyView; created: boolean }> {
  return ctx.db.k.transaction().execute(async (trx) => {
    const existing = await repo.defaultPolicy(trx, scope.workspaceId);
    if (existing) return { policy: policyOut(existing), created: false };
    const at = ctx.clock.now().toISOString();
    const cal: repo.CalendarRow = {
      id: newId('cal'),
      workspace_id: scope.workspaceId,
      name: 'Business hours',
      time_zone: timeZone,
      hours: JSON.stringify(OFFICE_HOURS),
      holiday_regions: JSON.stringify(['ID']),
      extra_holidays: '[]',
      created_at: at,
      updated_at: at,
    };
    const pol: repo.PolicyRow = { id: newId('slap'), workspace_id: scope.workspaceId, name: 'Standard', calendar_id: cal.id, targets: JSON.stringify(DEFAULT_TARGETS), warn_before_minutes: 60, is_default: 1, created_at: at, updated_at: at };
    await repo.insertCalendar(trx, cal);
    await repo.insertPolicy(trx, pol);
    await audit.record(ctx.db, ctx.clock, logEntry(scope, 'service_calendar.created', 'service_calendar', cal.id), trx);
    await audit.record(ctx.db, ctx.clock, logEntry(scope, 'sla_policy.created', 'sla_policy', pol.id), trx);
    return { policy: policyOut(pol), created: true };
  });
}

/** A region's public holidays in `year`; 404 `holidays_unknown_year` when that year's list is not known. */
export function listHolidays(region: HolidayRegion, year: number): Holiday[] {
  const list = holidaysFor(region, year);
  if (!list) {
    const years = knownHolidayYears(region) ?? [];
    throw new HttpError(404, 'holidays_unknown_year', `The ${region} holiday list is known for ${years.join(', ')}; add other dates as a calendar's extra holidays`, { knownYears: years });
  }
  return list;
}
