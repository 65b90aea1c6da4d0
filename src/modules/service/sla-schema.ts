import { z } from 'zod';
import { hoursProblems, isTimeZone, WEEKDAYS } from './calendar.js';
import { HOLIDAY_REGIONS, HOLIDAY_YEAR_MAX, HOLIDAY_YEAR_MIN } from './holidays.js';
import { TICKET_PRIORITIES } from './tables.js';

const time = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM from 00:00 to 24:00');
const interval = z.tuple([time, time]).describe('[start, end] in local time; the end after the start');
const day = z.array(interval).max(8);

export const weeklyHours = z
  .object({ sun: day, mon: day, tue: day, wed: day, thu: day, fri: day, sat: day })
  .superRefine((h, c) => {
    for (const p of hoursProblems(h)) c.addIssue({ code: 'custom', path: p.field.split('.'), message: p.message });
    if (WEEKDAYS.every((d) => h[d].length === 0)) c.addIssue({ code: 'custom', path: [], message: 'at least one day needs opening hours' });
  });

const timeZone = z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Jakarta').describe('IANA time zone, e.g. Asia/Jakarta');

const isoDate = z.iso.date();

export const holidayItem = z.object({ date: isoDate, name: z.string().trim().min(1).max(100) });

export const calendarInput = z.object({
  name: z.string().trim().min(1).max(100),
  timeZone,
  hours: weeklyHours,
  holidayRegions: z.array(z.enum(HOLIDAY_REGIONS)).max(HOLIDAY_REGIONS.length).default([]),
  extraHolidays: z.array(holidayItem).max(400).default([]),
});

export const calendarPatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  timeZone: timeZone.optional(),
  hours: weeklyHours.optional(),
  holidayRegions: z.array(z.enum(HOLIDAY_REGIONS)).max(HOLIDAY_REGIONS.length).optional(),
  extraHolidays: z.array(holidayItem).max(400).optional(),
});

export const calendarView = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  hours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  holidayRegions: z.array(z.string()),
  extraHolidays: z.array(z.object({ date: z.string(), name: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** At most a year of business minutes. */
const minutes = z.number().int().min(1).max(525_600);
const target = z.object({ firstResponseMinutes: minutes, resolutionMinutes: minutes });

export const targetsSchema = z.object({ urgent: target, high: target, normal: target, low: target });
export type SlaTargets = z.infer<typeof targetsSchema>;

export const policyInput = z.object({
  name: z.string().trim().min(1).max(100),
  calendarId: z.string().min(1).max(100),
  targets: targetsSchema.describe('business minutes per priority'),
  warnBeforeMinutes: z.number().int().min(0).max(10_080).default(60).describe('business minutes before a due time that the warning mail goes out; 0 for none'),
  isDefault: z.boolean().default(false).describe('the policy new tickets get; one per workspace'),
});

export const policyPatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  calendarId: z.string().min(1).max(100).optional(),
  targets: targetsSchema.optional(),
  warnBeforeMinutes: z.number().int().min(0).max(10_080).optional(),
  isDefault: z.boolean().optional(),
});

export const policyView = z.object({
  id: z.string(),
  name: z.string(),
  calendarId: z.string(),
  targets: targetsSchema,
  warnBeforeMinutes: z.number(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const defaultsInput = z
  .object({ timeZone: timeZone.optional().describe('of the business-hours calendar; Asia/Jakarta when left out') })
  .default({});

export const holidaysQuery = z.object({
  region: z.enum(HOLIDAY_REGIONS).default('ID'),
  year: z.coerce.number().int().min(HOLIDAY_YEAR_MIN).max(HOLIDAY_YEAR_MAX).optional().describe('this year when left out'),
});

export const reportQuery = z.object({
  from: isoDate.optional().describe('first UTC day; 29 days before `to` when left out'),
  to: isoDate.optional().describe('last UTC day, included; today when left out'),
});

const clockStats = z.object({ met: z.number(), breached: z.number(), pending: z.number(), avgBusinessMinutes: z.number().nullable() });
const reportRow = z.object({ tickets: z.number(), firstResponse: clockStats, resolution: clockStats });

export const slaReport = z.object({
  from: z.string(),
  to: z.string(),
  byPriority: z.array(reportRow.extend({ priority: z.enum(TICKET_PRIORITIES) })),
  totals: reportRow,
});
