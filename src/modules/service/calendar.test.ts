import { describe, expect, it } from 'vitest';
import { BusinessCalendar, CalendarError, hoursProblems, OFFICE_HOURS, type CalendarSpec, type WeeklyHours } from './calendar.js';
import { holidaysFor } from './holidays.js';

const d = (s: string): Date => new Date(s);
const cal = (over: Partial<CalendarSpec> = {}): BusinessCalendar =>
  new BusinessCalendar({ timeZone: 'Asia/Jakarta', hours: OFFICE_HOURS, holidayRegions: ['ID'], extraHolidays: [], ...over });
const allDay: WeeklyHours = { sun: [['00:00', '24:00']], mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']], sat: [['00:00', '24:00']] };

describe('business minutes in Asia/Jakarta (UTC+7, Indonesian holidays)', () => {
  const jkt = cal();

  it('carries the rest of a Friday over the weekend to Monday morning', () => {
    // Fri 27 Nov 2026 16:00 WIB + 90 min → Mon 30 Nov 09:30 WIB
    expect(jkt.addBusinessMinutes(d('2026-11-27T09:00:00Z'), 60).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(jkt.addBusinessMinutes(d('2026-11-27T09:00:00Z'), 90).toISOString()).toBe('2026-11-30T02:30:00.000Z');
    expect(jkt.businessMinutesBetween(d('2026-11-27T09:00:00Z'), d('2026-11-30T02:30:00Z'))).toBe(90);
  });

  it('starts the clock at opening time when a ticket arrives before hours, after hours or at the weekend', () => {
    expect(jkt.addBusinessMinutes(d('2026-11-30T00:00:00Z'), 30).toISOString()).toBe('2026-11-30T02:30:00.000Z'); // Mon 07:00 WIB
    expect(jkt.addBusinessMinutes(d('2026-11-30T13:00:00Z'), 30).toISOString()).toBe('2026-12-01T02:30:00.000Z'); // Mon 20:00 WIB
    expect(jkt.addBusinessMinutes(d('2026-11-28T05:00:00Z'), 30).toISOString()).toBe('2026-11-30T02:30:00.000Z'); // Sat noon
    expect(jkt.businessMinutesBetween(d('2026-11-28T05:00:00Z'), d('2026-11-30T02:00:00Z'))).toBe(0);
  });

  it('ends a target that uses a day exactly at closing time, not the next morning', () => {
    expect(jkt.addBusinessMinutes(d('2026-11-30T02:00:00Z'), 480).toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(jkt.addBusinessMinutes(d('2026-11-30T02:00:00Z'), 481).toISOString()).toBe('2026-12-01T02:01:00.000Z');
  });

  it('skips Nyepi, Idul Fitri and their cuti bersama (18–24 March 2026)', () => {
    // Tue 17 Mar 16:00 WIB + 120: one hour that day, then Wed 25 Mar 09:00–10:00
    expect(jkt.addBusinessMinutes(d('2026-03-17T09:00:00Z'), 120).toISOString()).toBe('2026-03-25T03:00:00.000Z');
    expect(jkt.businessMinutesBetween(d('2026-03-16T02:00:00Z'), d('2026-03-26T02:00:00Z'))).toBe(3 * 480);
  });

  it('spans many days across Christmas cuti bersama: five business days from Mon 21 Dec 2026', () => {
    expect(jkt.addBusinessMinutes(d('2026-12-21T02:00:00Z'), 5 * 480).toISOString()).toBe('2026-12-29T10:00:00.000Z');
  });

  it('counts the 18 August 2025 cuti bersama added by the amending SKB', () => {
    expect(jkt.isHoliday('2025-08-18')).toBe(true);
    expect(jkt.businessMinutesBetween(d('2025-08-15T10:00:00Z'), d('2025-08-19T02:00:00Z'))).toBe(0);
  });

  it('takes a workspace extra holiday like a public one', () => {
    const withExtra = cal({ extraHolidays: [{ date: '2026-12-01', name: 'Company day' }] });
    expect(withExtra.addBusinessMinutes(d('2026-11-30T09:00:00Z'), 120).toISOString()).toBe('2026-12-02T03:00:00.000Z');
  });

  it('counts a year without a published Indonesian list as having no regional holidays', () => {
    expect(holidaysFor('ID', 2030)).toBeNull();
    expect(jkt.isHoliday('2030-01-01')).toBe(false);
    expect(jkt.businessMinutesBetween(d('2030-01-01T02:00:00Z'), d('2030-01-01T10:00:00Z'))).toBe(480);
  });
});

describe('other zones', () => {
  it('reads the same opening hours in Asia/Makassar (UTC+8) one hour earlier in UTC', () => {
    const mks = cal({ timeZone: 'Asia/Makassar' });
    expect(mks.addBusinessMinutes(d('2026-11-27T08:00:00Z'), 90).toISOString()).toBe('2026-11-30T01:30:00.000Z');
    expect(mks.isOpen(d('2026-11-30T01:00:00Z'))).toBe(true);
    expect(cal().isOpen(d('2026-11-30T01:00:00Z'))).toBe(false);
  });

  it('keeps 09:00–17:00 local across the spring DST change in America/New_York', () => {
    const ny = cal({ timeZone: 'America/New_York', holidayRegions: ['US'] });
    // Fri 6 Mar 2026 16:00 EST (21:00Z) + 120 → Mon 9 Mar 10:00 EDT (14:00Z)
    expect(ny.addBusinessMinutes(d('2026-03-06T21:00:00Z'), 120).toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(ny.businessMinutesBetween(d('2026-03-06T21:00:00Z'), d('2026-03-09T14:00:00Z'))).toBe(120);
  });

  it('keeps 09:00–17:00 local across the autumn DST change in America/New_York', () => {
    const ny = cal({ timeZone: 'America/New_York', holidayRegions: ['US'] });
    // Fri 30 Oct 2026 16:00 EDT (20:00Z) + 120 → Mon 2 Nov 10:00 EST (15:00Z)
    expect(ny.addBusinessMinutes(d('2026-10-30T20:00:00Z'), 120).toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });

  it('counts the real length of a 23-hour and a 25-hour day on an around-the-clock calendar', () => {
    const ny = cal({ timeZone: 'America/New_York', hours: allDay, holidayRegions: [] });
    expect(ny.businessMinutesBetween(d('2026-03-08T05:00:00Z'), d('2026-03-09T04:00:00Z'))).toBe(23 * 60);
    expect(ny.businessMinutesBetween(d('2026-11-01T04:00:00Z'), d('2026-11-02T05:00:00Z'))).toBe(25 * 60);
    // 24 business hours from Sun 8 Mar 00:00 EST are Mon 9 Mar 01:00 EDT
    expect(ny.addBusinessMinutes(d('2026-03-08T05:00:00Z'), 24 * 60).toISOString()).toBe('2026-03-09T05:00:00.000Z');
  });

  it('moves opening hours inside the spring-forward gap to after it', () => {
    const ny = cal({ timeZone: 'America/New_York', hours: { ...OFFICE_HOURS, sun: [['02:30', '04:00']] }, holidayRegions: [] });
    // 02:30 does not exist on 8 Mar 2026: the interval runs 03:30–04:00 EDT (07:30Z–08:00Z)
    expect(ny.intervals(Date.UTC(2026, 2, 8) / 86_400_000)).toEqual([[Date.parse('2026-03-08T07:30:00Z'), Date.parse('2026-03-08T08:00:00Z')]]);
  });

  it('skips US federal holidays: Thanksgiving 2026 and the observed Independence Day', () => {
    const ny = cal({ timeZone: 'America/New_York', holidayRegions: ['US'] });
    // Wed 25 Nov 16:00 EST + 120 → Fri 27 Nov 10:00 EST
    expect(ny.addBusinessMinutes(d('2026-11-25T21:00:00Z'), 120).toISOString()).toBe('2026-11-27T15:00:00.000Z');
    expect(ny.isHoliday('2026-07-03')).toBe(true);
  });
});

describe('opening hours with several intervals a day', () => {
  const split = cal({ hours: { ...OFFICE_HOURS, mon: [['13:00', '17:00'], ['08:00', '12:00']] } });

  it('jumps the lunch break', () => {
    // Mon 30 Nov 2026 11:30 WIB + 60 → 13:30 WIB
    expect(split.addBusinessMinutes(d('2026-11-30T04:30:00Z'), 60).toISOString()).toBe('2026-11-30T06:30:00.000Z');
    expect(split.businessMinutesBetween(d('2026-11-30T00:00:00Z'), d('2026-11-30T12:00:00Z'))).toBe(480);
  });

  it('adds and measures consistently for many starts and lengths', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const c of [split, cal({ timeZone: 'America/New_York', holidayRegions: ['US'] })]) {
      for (let i = 0; i < 200; i++) {
        const start = new Date(Date.parse('2025-01-01T00:00:00Z') + Math.floor(rnd() * 700) * 86_400_000 + Math.floor(rnd() * 1440) * 60_000);
        const minutes = 1 + Math.floor(rnd() * 20_000);
        const due = c.addBusinessMinutes(start, minutes);
        expect(c.businessMinutesBetween(start, due)).toBe(minutes);
        expect(c.isOpen(new Date(due.getTime() - 1))).toBe(true);
      }
    }
  });
});

describe('calendar validation', () => {
  it('names overlapping, reversed and malformed intervals', () => {
    expect(hoursProblems({ ...OFFICE_HOURS, mon: [['09:00', '12:00'], ['11:00', '13:00']] })).toHaveLength(1);
    expect(hoursProblems({ ...OFFICE_HOURS, tue: [['17:00', '09:00']] })[0]?.message).toMatch(/after the start/);
    expect(hoursProblems({ ...OFFICE_HOURS, wed: [['9:00', '25:00']] })).toHaveLength(1);
    expect(hoursProblems(allDay)).toEqual([]);
  });

  it('refuses an unknown time zone and a week without hours', () => {
    expect(() => cal({ timeZone: 'Mars/Olympus' })).toThrow(CalendarError);
    expect(() => cal({ hours: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } })).toThrow(/no opening hours/);
  });

  it('stops when the holidays leave no business time within a year', () => {
    const only = cal({ hours: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [['09:00', '10:00']] }, holidayRegions: [], extraHolidays: Array.from({ length: 60 }, (_, i) => ({ date: new Date(Date.UTC(2027, 0, 2 + 7 * i)).toISOString().slice(0, 10), name: 'closed' })) });
    expect(() => only.addBusinessMinutes(d('2027-01-01T00:00:00Z'), 60)).toThrow(/within a year/);
  });
});

describe('holiday lists', () => {
  it('lists the US federal holidays as observed, New Year on a Saturday in the year before', () => {
    const y2027 = holidaysFor('US', 2027) ?? [];
    expect(y2027).toHaveLength(12);
    expect(y2027.at(-1)).toEqual({ date: '2027-12-31', name: "New Year's Day" });
    expect(y2027.find((h) => h.name === 'Christmas Day')?.date).toBe('2027-12-24');
    expect(holidaysFor('US', 2028)?.some((h) => h.name === "New Year's Day")).toBe(false);
  });

  it('lists the Indonesian national holidays and cuti bersama of the published SKB', () => {
    const y2026 = holidaysFor('ID', 2026) ?? [];
    expect(y2026.filter((h) => h.name.startsWith('Libur nasional'))).toHaveLength(17);
    expect(y2026.filter((h) => h.name.startsWith('Cuti bersama')).map((h) => h.date)).toEqual(['2026-02-16', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-05-15', '2026-05-28', '2026-12-24']);
    expect(holidaysFor('ID', 2025)).toHaveLength(28);
  });
});
