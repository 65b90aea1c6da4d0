/**
 * The SLA clock of a ticket as pure functions of its policy, its calendar and its row: due dates,
 * pausing and resuming, breaches. Hooks, the warnings job and the report share these.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { BusinessCalendar, type WeeklyHours } from './calendar.js';
import type { Holiday, HolidayRegion } from './holidays.js';
import * as repo from './sla-repo.js';
import type { SlaTargets } from './sla-schema.js';
import type { TicketPriority, TicketStatus } from './tables.js';

export interface LoadedPolicy {
  policy: repo.PolicyRow;
  targets: SlaTargets;
  calendar: BusinessCalendar;
}

export function parseJson<T>(s: string): T {
  return JSON.parse(s) as T;
}

export function compileCalendar(row: repo.CalendarRow): BusinessCalendar {
  return new BusinessCalendar({
    timeZone: row.time_zone,
    hours: parseJson<WeeklyHours>(row.hours),
    holidayRegions: parseJson<HolidayRegion[]>(row.holiday_regions),
    extraHolidays: parseJson<Holiday[]>(row.extra_holidays),
  });
}

/** A policy with its parsed targets and compiled calendar; undefined when it is gone. */
export async function loadPolicy(k: Kysely<Database>, workspaceId: string, policyId: string): Promise<LoadedPolicy | undefined> {
  const policy = await repo.policy(k, workspaceId, policyId);
  if (!policy) return undefined;
  const cal = await repo.calendar(k, workspaceId, policy.calendar_id);
  if (!cal) return undefined;
  return { policy, targets: parseJson<SlaTargets>(policy.targets), calendar: compileCalendar(cal) };
}

/** Statuses in which the resolution clock does not run: waiting on the requester, on hold, done. */
export const PAUSED_STATUSES: readonly TicketStatus[] = ['pending', 'on_hold', 'solved', 'closed'];
export const DONE_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

export interface DueDates {
  firstResponseDueAt: string;
  resolutionDueAt: string;
}

/** Due dates of a ticket created at `createdAt` with `priority`, after `pausedMs` business ms of pauses. */
export function dueDates(p: LoadedPolicy, priority: TicketPriority, createdAt: string, pausedMs: number): DueDates {
  const t = p.targets[priority];
  const created = new Date(createdAt);
  const resolution = p.calendar.addBusinessMinutes(created, t.resolutionMinutes);
  return {
    firstResponseDueAt: p.calendar.addBusinessMinutes(created, t.firstResponseMinutes).toISOString(),
    resolutionDueAt: p.calendar.addBusinessMs(resolution, pausedMs).toISOString(),
  };
}

/** The sla_warned markers: each is mailed once. */
export type WarnKey = 'first_response_warning' | 'first_response_breach' | 'resolution_warning' | 'resolution_breach';

export function warnedList(s: string): WarnKey[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'string') as WarnKey[]) : [];
  } catch {
    return [];
  }
}
