import { usFederalHolidayList } from '../privacy/deadlines.js';
import { INDONESIAN_HOLIDAY_YEARS, indonesianHolidays, type Holiday } from './holidays-id.js';

export type { Holiday } from './holidays-id.js';

/** Regions whose public holidays a business-hours calendar can take as its defaults. */
export const HOLIDAY_REGIONS = ['ID', 'US'] as const;
export type HolidayRegion = (typeof HOLIDAY_REGIONS)[number];

/** Years the holiday lists are offered for: the US rules are computed, so any year in this range. */
export const HOLIDAY_YEAR_MIN = 2000;
export const HOLIDAY_YEAR_MAX = 2100;

/**
 * The public holidays of `region` in `year`, in date order, or null when the year is unknown.
 *
 * - US: the federal holidays as observed (5 U.S.C. 6103), computed by rule for any year.
 * - ID: the national holidays and cuti bersama of the government's published list (holidays-id.ts);
 *   null for a year whose list is not encoded. The SLA clock then counts no regional holiday in
 *   that year (weekdays inside the calendar's hours are business time) rather than refusing to
 *   compute a due date; the calendar's extra holidays fill the gap, and the holidays API answers
 *   404 `holidays_unknown_year` so the UI can say so.
 */
export function holidaysFor(region: HolidayRegion, year: number): Holiday[] | null {
  switch (region) {
    case 'US':
      return usFederalHolidayList(year);
    case 'ID':
      return indonesianHolidays(year);
  }
}

/** The years for which `region`'s list is known (null: every year, computed by rule). */
export function knownHolidayYears(region: HolidayRegion): readonly number[] | null {
  switch (region) {
    case 'US':
      return null;
    case 'ID':
      return INDONESIAN_HOLIDAY_YEARS;
  }
}
