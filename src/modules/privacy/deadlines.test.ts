import { describe, expect, it } from 'vitest';
import { addCalendarMonths, addUsBusinessDays, extensionFor, isUsBusinessDay, requestClock, usFederalHolidays } from './deadlines.js';

const d = (s: string): Date => new Date(s);

describe('GDPR: one calendar month', () => {
  it('clamps to the end of a shorter month, in leap and common years', () => {
    expect(addCalendarMonths(d('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addCalendarMonths(d('2028-01-31T10:00:00Z'), 1).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(addCalendarMonths(d('2026-03-31T00:00:00Z'), 1).toISOString()).toBe('2026-04-30T00:00:00.000Z');
    expect(addCalendarMonths(d('2026-01-15T08:30:00Z'), 1).toISOString()).toBe('2026-02-15T08:30:00.000Z');
  });
  it('crosses the year end and adds three months for the maximum', () => {
    expect(addCalendarMonths(d('2026-12-31T23:59:00Z'), 1).toISOString()).toBe('2027-01-31T23:59:00.000Z');
    expect(addCalendarMonths(d('2026-11-30T12:00:00Z'), 3).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    const c = requestClock('gdpr', 'access', '2027-11-30T12:00:00Z');
    expect(c).toMatchObject({ dueAt: '2027-12-30T12:00:00.000Z', ackDueAt: null, maxExtensionDueAt: '2028-02-29T12:00:00.000Z' });
    expect(c.clock).toContain('GDPR Art. 12(3)');
  });
  it('extends once, only inside the first month', () => {
    const r = { jurisdiction: 'gdpr' as const, type: 'deletion' as const, receivedAt: '2026-01-31T10:00:00.000Z', originalDueAt: '2026-02-28T10:00:00.000Z', extendedAt: null };
    expect(extensionFor(r, d('2026-02-20T00:00:00Z'))).toEqual({ dueAt: '2026-04-30T10:00:00.000Z' });
    expect(extensionFor(r, d('2026-03-01T00:00:00Z'))).toHaveProperty('refused');
    expect(extensionFor({ ...r, extendedAt: '2026-02-01T00:00:00Z' }, d('2026-02-02T00:00:00Z'))).toHaveProperty('refused');
  });
});

describe('CCPA: business days and 45 + 45 days', () => {
  it('knows the observed federal holidays', () => {
    const h2026 = usFederalHolidays(2026);
    for (const day of ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']) {
      expect(h2026.has(day), day).toBe(true);
    }
    // 1 January 2028 is a Saturday: observed on Friday 31 December 2027.
    expect(isUsBusinessDay(d('2027-12-31T12:00:00Z'))).toBe(false);
    // 4 July 2027 is a Sunday: observed on Monday 5 July.
    expect(isUsBusinessDay(d('2027-07-05T12:00:00Z'))).toBe(false);
    expect(isUsBusinessDay(d('2026-07-06T12:00:00Z'))).toBe(true);
  });
  it('skips weekends', () => {
    // Friday 2026-03-06 + 10 business days = Friday 2026-03-20.
    expect(addUsBusinessDays(d('2026-03-06T15:00:00Z'), 10).toISOString()).toBe('2026-03-20T15:00:00.000Z');
    // Received on a Saturday: counting starts Monday.
    expect(addUsBusinessDays(d('2026-03-07T15:00:00Z'), 1).toISOString()).toBe('2026-03-09T15:00:00.000Z');
  });
  it('skips holidays: Thanksgiving and Christmas', () => {
    // Mon 2026-11-23: 24, 25, (26 Thanksgiving), 27, 30, Dec 1, 2, 3, 4, 7, 8 → the 10th business day is Tue 8 Dec.
    expect(addUsBusinessDays(d('2026-11-23T09:00:00Z'), 10).toISOString()).toBe('2026-12-08T09:00:00.000Z');
    // Fri 2026-12-18: 21, 22, 23, 24, (25 Christmas), 28, 29, 30, 31, (1 Jan), 4, 5 → Tue 5 Jan 2027.
    expect(addUsBusinessDays(d('2026-12-18T09:00:00Z'), 10).toISOString()).toBe('2027-01-05T09:00:00.000Z');
  });
  it('answers within 45 days, extendable once to 90', () => {
    const c = requestClock('ccpa', 'access', '2026-03-06T15:00:00Z');
    expect(c).toMatchObject({ dueAt: '2026-04-20T15:00:00.000Z', ackDueAt: '2026-03-20T15:00:00.000Z', maxExtensionDueAt: '2026-06-04T15:00:00.000Z' });
    const r = { jurisdiction: 'ccpa' as const, type: 'access' as const, receivedAt: '2026-03-06T15:00:00.000Z', originalDueAt: c.dueAt, extendedAt: null };
    expect(extensionFor(r, d('2026-04-01T00:00:00Z'))).toEqual({ dueAt: '2026-06-04T15:00:00.000Z' });
    expect(extensionFor({ ...r, extendedAt: '2026-04-01T00:00:00Z' }, d('2026-04-02T00:00:00Z'))).toEqual({ refused: 'This request was already extended once' });
  });
});

describe('UU PDP', () => {
  it('gives 3×24 hours for access, correction and restriction, with no extension', () => {
    for (const [type, article] of [['access', 'Pasal 32(2)'], ['correction', 'Pasal 30(1)'], ['restriction', 'Pasal 41']] as const) {
      const c = requestClock('uu_pdp', type, '2026-02-27T22:00:00Z');
      expect(c).toEqual({ dueAt: '2026-03-02T22:00:00.000Z', ackDueAt: null, maxExtensionDueAt: null, clock: `UU PDP ${article}: 3×24 hours` });
      const r = { jurisdiction: 'uu_pdp' as const, type, receivedAt: '2026-02-27T22:00:00Z', originalDueAt: c.dueAt, extendedAt: null };
      expect(extensionFor(r, d('2026-02-28T00:00:00Z'))).toHaveProperty('refused');
    }
  });
  it('tracks deletion like GDPR', () => {
    const c = requestClock('uu_pdp', 'deletion', '2026-01-31T10:00:00Z');
    expect(c.dueAt).toBe('2026-02-28T10:00:00.000Z');
    expect(c.clock).toContain('tracked like GDPR');
  });
});

describe('unknown jurisdiction: the strictest', () => {
  it('takes the 72 hours for access and the CCPA acknowledgement, no extension', () => {
    const c = requestClock('unknown', 'access', '2026-03-06T15:00:00Z');
    expect(c.dueAt).toBe('2026-03-09T15:00:00.000Z');
    expect(c.ackDueAt).toBe('2026-03-20T15:00:00.000Z');
    expect(c.maxExtensionDueAt).toBeNull();
    expect(c.clock).toMatch(/^Strictest of GDPR, CCPA and UU PDP \(jurisdiction unknown\): UU PDP Pasal 32\(2\)/);
  });
  it('takes the earlier of one month and 45 days for deletion, capped at the smaller maximum', () => {
    const c = requestClock('unknown', 'deletion', '2026-01-31T10:00:00Z');
    expect(c.dueAt).toBe('2026-02-28T10:00:00.000Z');
    // GDPR maximum 30 April; CCPA 90 days = 1 May: the earlier wins.
    expect(c.maxExtensionDueAt).toBe('2026-04-30T10:00:00.000Z');
    expect(c.clock).toContain('GDPR Art. 12(3)');
  });
});
