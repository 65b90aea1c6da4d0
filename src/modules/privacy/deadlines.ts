/**
 * The clocks of a data-subject request (LAW.md), as pure functions of the receipt time. All
 * arithmetic is in UTC: a deadline keeps the time of day it was received at.
 *
 * - GDPR Art. 12(3): one calendar month from receipt (31 Jan → end of February), extendable by two
 *   further months when the subject is told inside the first month.
 * - CCPA, 11 CCR §7021: acknowledge within 10 business days (weekends and US federal holidays do
 *   not count), answer within 45 calendar days, extendable once by 45.
 * - UU PDP: 3×24 hours for access (Pasal 32(2)), correction (Pasal 30(1)) and restriction
 *   (Pasal 41); the other rights state no hour limit, so they are tracked like GDPR.
 * - Unknown jurisdiction: the earliest answer date of all three, the CCPA acknowledgement, and
 *   the smallest extension any of them allows.
 */
import { DAY, HOUR } from '../../lib/clock.js';
import type { Jurisdiction, RequestType } from './tables.js';

export interface RequestClock {
  dueAt: string;
  /** Acknowledgement deadline (CCPA and the strictest rule); null when the law sets none. */
  ackDueAt: string | null;
  /** The latest date an extension may reach; null when the deadline cannot be extended. */
  maxExtensionDueAt: string | null;
  /** One sentence naming the rule that set the due date. */
  clock: string;
}

type Law = Exclude<Jurisdiction, 'unknown'>;

/** `months` calendar months later; a day the target month lacks becomes its last day. */
export function addCalendarMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(from);
  d.setUTCFullYear(y, m, Math.min(from.getUTCDate(), lastDay));
  return d;
}

function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const lastDate = new Date(Date.UTC(year, month + 1, 0));
  return lastDate.getUTCDate() - ((lastDate.getUTCDay() - weekday + 7) % 7);
}

const key = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** A fixed-date holiday falling on a weekend is observed on the Friday before or the Monday after (5 U.S.C. 6103). */
function observed(y: number, m: number, d: number): string {
  const wd = new Date(Date.UTC(y, m, d)).getUTCDay();
  return key(y, m, d + (wd === 6 ? -1 : wd === 0 ? 1 : 0));
}

/**
 * The eleven US federal holidays (5 U.S.C. 6103) observed in `year`, with their names, in date
 * order. A New Year's Day on a Saturday is observed on 31 December of the year before, so it is
 * listed in that year.
 */
export function usFederalHolidayList(year: number): { date: string; name: string }[] {
  const rules: [string, (y: number) => string][] = [
    ["New Year's Day", (y) => observed(y, 0, 1)],
    ['Birthday of Martin Luther King, Jr.', (y) => key(y, 0, nthWeekday(y, 0, 1, 3))],
    ["Washington's Birthday", (y) => key(y, 1, nthWeekday(y, 1, 1, 3))],
    ['Memorial Day', (y) => key(y, 4, lastWeekday(y, 4, 1))],
    ['Juneteenth National Independence Day', (y) => observed(y, 5, 19)],
    ['Independence Day', (y) => observed(y, 6, 4)],
    ['Labor Day', (y) => key(y, 8, nthWeekday(y, 8, 1, 1))],
    ['Columbus Day', (y) => key(y, 9, nthWeekday(y, 9, 1, 2))],
    ['Veterans Day', (y) => observed(y, 10, 11)],
    ['Thanksgiving Day', (y) => key(y, 10, nthWeekday(y, 10, 4, 4))],
    ['Christmas Day', (y) => observed(y, 11, 25)],
  ];
  return [year, year + 1]
    .flatMap((y) => rules.map(([name, rule]) => ({ date: rule(y), name })))
    .filter((h) => h.date.startsWith(`${year}-`))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The US federal holidays as observed in `year`, as YYYY-MM-DD dates. */
export function usFederalHolidays(year: number): Set<string> {
  return new Set(usFederalHolidayList(year).map((h) => h.date));
}

export function isUsBusinessDay(d: Date): boolean {
  const wd = d.getUTCDay();
  if (wd === 0 || wd === 6) return false;
  return !usFederalHolidays(d.getUTCFullYear()).has(d.toISOString().slice(0, 10));
}

/** The same time of day, `n` business days later (the day of receipt does not count). */
export function addUsBusinessDays(from: Date, n: number): Date {
  let d = new Date(from);
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() + DAY);
    if (isUsBusinessDay(d)) left--;
  }
  return d;
}

const UU_PDP_72H: Partial<Record<RequestType, string>> = {
  access: 'Pasal 32(2)',
  correction: 'Pasal 30(1)',
  restriction: 'Pasal 41',
};

interface LawClock {
  due: Date;
  ack: Date | null;
  maxExtension: Date | null;
  rule: string;
}

function lawClock(law: Law, type: RequestType, received: Date): LawClock {
  switch (law) {
    case 'gdpr':
      return {
        due: addCalendarMonths(received, 1),
        ack: null,
        maxExtension: addCalendarMonths(received, 3),
        rule: 'GDPR Art. 12(3): one month from receipt, extendable by two further months with notice inside the first month',
      };
    case 'ccpa':
      return {
        due: new Date(received.getTime() + 45 * DAY),
        ack: addUsBusinessDays(received, 10),
        maxExtension: new Date(received.getTime() + 90 * DAY),
        rule: 'CCPA (11 CCR §7021): acknowledge within 10 business days, answer within 45 days, extendable once by 45',
      };
    case 'uu_pdp': {
      const article = UU_PDP_72H[type];
      if (article) return { due: new Date(received.getTime() + 72 * HOUR), ack: null, maxExtension: null, rule: `UU PDP ${article}: 3×24 hours` };
      return { ...lawClock('gdpr', type, received), rule: 'UU PDP Pasal 42–44: no time limit stated, so tracked like GDPR (one month from receipt)' };
    }
  }
}

const LAWS: Law[] = ['gdpr', 'ccpa', 'uu_pdp'];
const min = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);

/** The clock of a request received at `receivedAt` under `jurisdiction`. */
export function requestClock(jurisdiction: Jurisdiction, type: RequestType, receivedAt: Date | string): RequestClock {
  const received = new Date(receivedAt);
  if (jurisdiction !== 'unknown') {
    const c = lawClock(jurisdiction, type, received);
    return { dueAt: c.due.toISOString(), ackDueAt: c.ack?.toISOString() ?? null, maxExtensionDueAt: c.maxExtension?.toISOString() ?? null, clock: c.rule };
  }
  const all = LAWS.map((l) => lawClock(l, type, received));
  const winner = all.reduce((a, b) => (b.due.getTime() < a.due.getTime() ? b : a));
  // A law that allows no extension caps every other at its own due date.
  const cap = all.map((c) => c.maxExtension ?? c.due).reduce(min);
  const ack = all.map((c) => c.ack).filter((d): d is Date => d !== null).reduce(min);
  return {
    dueAt: winner.due.toISOString(),
    ackDueAt: ack.toISOString(),
    maxExtensionDueAt: cap.getTime() > winner.due.getTime() ? cap.toISOString() : null,
    clock: `Strictest of GDPR, CCPA and UU PDP (jurisdiction unknown): ${winner.rule}; acknowledgement within 10 US business days`,
  };
}

export interface ExtensionState {
  jurisdiction: Jurisdiction;
  type: RequestType;
  receivedAt: string;
  originalDueAt: string;
  extendedAt: string | null;
}

/**
 * The new due date of an extension asked at `now`, or why none is allowed. One extension per
 * request, up to the legal maximum; GDPR (and so the strictest rule) needs it inside the first month.
 */
export function extensionFor(r: ExtensionState, now: Date): { dueAt: string } | { refused: string } {
  const c = requestClock(r.jurisdiction, r.type, r.receivedAt);
  if (!c.maxExtensionDueAt) return { refused: 'The law that sets this deadline allows no extension' };
  if (r.extendedAt) return { refused: 'This request was already extended once' };
  const gdprRule = r.jurisdiction === 'gdpr' || r.jurisdiction === 'unknown' || (r.jurisdiction === 'uu_pdp' && !UU_PDP_72H[r.type]);
  if (now.getTime() > new Date(r.originalDueAt).getTime()) {
    return { refused: gdprRule ? 'An extension must be notified inside the first month' : 'The deadline has already passed' };
  }
  return { dueAt: c.maxExtensionDueAt };
}
