/**
 * Business-hours arithmetic on a calendar: a time zone, weekly opening hours (several intervals a
 * day), the public holidays of some regions and a workspace's own extra holidays.
 *
 * Everything is computed per local day: the day's intervals are turned into UTC instants through
 * the zone's offset at that wall time (Intl, no time-zone library), so a DST change only makes the
 * one day's interval longer or shorter. A wall time that does not exist (spring-forward gap) moves
 * forward by the gap; one that exists twice (fall-back) is the earlier instant — Temporal's
 * "compatible" disambiguation.
 */
import { DAY, MINUTE } from '../../lib/clock.js';
import { holidaysFor, type Holiday, type HolidayRegion } from './holidays.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours of one weekday: ["09:00", "12:00"] pairs, "24:00" allowed as an end. */
export type WeeklyHours = Record<Weekday, [string, string][]>;

export interface CalendarSpec {
  timeZone: string;
  hours: WeeklyHours;
  holidayRegions: HolidayRegion[];
  extraHolidays: Holiday[];
}

export class CalendarError extends Error {
  constructor(
    readonly code: 'invalid_time_zone' | 'invalid_hours' | 'calendar_has_no_hours',
    message: string,
  ) {
    super(message);
  }
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

function minuteOf(t: string): number | null {
  const m = TIME.exec(t);
  if (!m) return null;
  return m[1] === undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

/** Problems with a weekly-hours value, as `{field, message}` pairs (empty when it is valid). */
export function hoursProblems(hours: WeeklyHours): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const day of WEEKDAYS) {
    let prevEnd = -1;
    const sorted = [...hours[day]].sort((a, b) => a[0].localeCompare(b[0]));
    for (const [i, [from, to]] of sorted.entries()) {
      const s = minuteOf(from);
      const e = minuteOf(to);
      if (s === null || e === null || s === 24 * 60) problems.push({ field: `${day}.${i}`, message: 'times are HH:MM from 00:00 to 24:00' });
      else if (e <= s) problems.push({ field: `${day}.${i}`, message: `${from}–${to}: the end must come after the start (intervals do not cross midnight)` });
      else if (s < prevEnd) problems.push({ field: `${day}.${i}`, message: `${from}–${to} overlaps the interval before it` });
      else prevEnd = e;
    }
  }
  return problems;
}

/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of `ms` in the zone, as a UTC timestamp of the same fields. */
function wallMs(f: Intl.DateTimeFormat, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/** The zone's offset from UTC at instant `ms` (whole seconds, as every IANA offset since 1970 is). */
function offsetAt(f: Intl.DateTimeFormat, ms: number): number {
  const floored = Math.floor(ms / 1000) * 1000;
  return wallMs(f, floored) - floored;
}

/** A day number (days since 1970-01-01) as YYYY-MM-DD. */
const dayKey = (dn: number): string => new Date(dn * DAY).toISOString().slice(0, 10);

/** One compiled calendar: build once per computation batch (it caches per local day). */
export class BusinessCalendar {
  private readonly f: Intl.DateTimeFormat;
  private readonly week: [number, number][][];
  private readonly extra: Set<string>;
  private readonly regionYears = new Map<number, Set<string>>();
  private readonly days = new Map<number, [number, number][]>();
  readonly spec: CalendarSpec;

  constructor(spec: CalendarSpec) {
    if (!isTimeZone(spec.timeZone)) throw new CalendarError('invalid_time_zone', `Unknown time zone ${spec.timeZone}`);
    const problems = hoursProblems(spec.hours);
    if (problems.length) throw new CalendarError('invalid_hours', problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.spec = spec;
    this.f = formatter(spec.timeZone);
    this.week = WEEKDAYS.map((d) =>
      spec.hours[d]
        .map(([a, b]) => [minuteOf(a) ?? 0, minuteOf(b) ?? 0] as [number, number])
        .sort((x, y) => x[0] - y[0]),
    );
    if (this.week.every((d) => d.length === 0)) throw new CalendarError('calendar_has_no_hours', 'The calendar has no opening hours on any day');
    this.extra = new Set(spec.extraHolidays.map((h) => h.date));
  }

  /** Whether YYYY-MM-DD is a holiday of this calendar (its regions' lists or its extra holidays). */
  isHoliday(date: string): boolean {
    if (this.extra.has(date)) return true;
    const year = Number(date.slice(0, 4));
    let set = this.regionYears.get(year);
    if (!set) {
      set = new Set(this.spec.holidayRegions.flatMap((r) => (holidaysFor(r, year) ?? []).map((h) => h.date)));
      this.regionYears.set(year, set);
    }
    return set.has(date);
  }

  /** The local day (days since 1970-01-01 in the zone's wall clock) that instant `ms` falls on. */
  private localDay(ms: number): number {
    return Math.floor(wallMs(this.f, ms) / DAY);
  }

  /** The instant at `minute` past local midnight of day `dn` (compatible disambiguation). */
  private instant(dn: number, minute: number): number {
    const wall = dn * DAY + minute * MINUTE;
    const before = offsetAt(this.f, wall - DAY);
    const after = offsetAt(this.f, wall + DAY);
    const valid = [before, after].map((o) => wall - o).filter((t) => offsetAt(this.f, t) === wall - t);
    if (valid.length) return Math.min(...valid);
    // In a spring-forward gap: read the wall time with the offset before the change, which lands after it.
    return wall - before;
  }

  /** Business intervals of local day `dn` as [startMs, endMs) instants. */
  intervals(dn: number): [number, number][] {
    let list = this.days.get(dn);
    if (!list) {
      const weekday = new Date(dn * DAY).getUTCDay();
      list = this.isHoliday(dayKey(dn)) ? [] : (this.week[weekday] ?? []).map(([s, e]) => [this.instant(dn, s), this.instant(dn, e)] as [number, number]).filter(([s, e]) => e > s);
      if (this.days.size > 20_000) this.days.clear();
      this.days.set(dn, list);
    }
    return list;
  }

  /**
   * The instant `ms` business milliseconds after `from`. Adding 0 returns `from` itself. A deadline
   * that uses up an interval exactly is that interval's end (17:00, not 09:00 the next day).
   */
  addBusinessMs(from: Date, ms: number): Date {
    let left = Math.max(0, Math.round(ms));
    let cursor = from.getTime();
    if (left === 0) return new Date(cursor);
    let idle = 0;
    for (let dn = this.localDay(cursor); ; dn++) {
      const list = this.intervals(dn);
      idle = list.length ? 0 : idle + 1;
      // A year of consecutive days without business time means the holidays cover everything.
      if (idle > 366) throw new CalendarError('calendar_has_no_hours', 'The calendar has no business time within a year');
      for (const [s, e] of list) {
        if (e <= cursor) continue;
        const start = Math.max(s, cursor);
        if (left <= e - start) return new Date(start + left);
        left -= e - start;
        cursor = e;
      }
    }
  }

  addBusinessMinutes(from: Date, minutes: number): Date {
    return this.addBusinessMs(from, minutes * MINUTE);
  }

  /** Business milliseconds in [a, b); 0 when b is not after a. */
  businessMsBetween(a: Date, b: Date): number {
    const from = a.getTime();
    const to = b.getTime();
    if (to <= from) return 0;
    let total = 0;
    const last = this.localDay(to);
    for (let dn = this.localDay(from); dn <= last; dn++) {
      for (const [s, e] of this.intervals(dn)) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
    }
    return total;
  }

  businessMinutesBetween(a: Date, b: Date): number {
    return this.businessMsBetween(a, b) / MINUTE;
  }

  /** Whether instant `at` falls inside business hours. */
  isOpen(at: Date): boolean {
    const t = at.getTime();
    return this.intervals(this.localDay(t)).some(([s, e]) => t >= s && t < e);
  }
}

/** Monday to Friday 09:00–17:00, the default opening hours. */
export const OFFICE_HOURS: WeeklyHours = {
  sun: [],
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
  sat: [],
};
