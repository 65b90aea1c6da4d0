import { describe, expect, it } from 'vitest';
import { breachDeadlines } from './breaches-deadlines.js';

describe('breach deadlines', () => {
  it('counts 72 elapsed hours to the authority and 3×24 hours to the subjects', () => {
    expect(breachDeadlines('2026-03-10T09:15:00.000Z')).toEqual({ authority: '2026-03-13T09:15:00.000Z', subjects: '2026-03-13T09:15:00.000Z' });
  });

  it('crosses month and year ends, and leap days', () => {
    expect(breachDeadlines('2026-01-30T23:00:00Z').authority).toBe('2026-02-02T23:00:00.000Z');
    expect(breachDeadlines('2026-02-27T12:00:00Z').authority).toBe('2026-03-02T12:00:00.000Z');
    expect(breachDeadlines('2028-02-27T12:00:00Z').authority).toBe('2028-03-01T12:00:00.000Z');
    expect(breachDeadlines('2026-12-30T18:30:00Z').subjects).toBe('2027-01-02T18:30:00.000Z');
  });

  it('ignores daylight-saving changes: an offset input is converted to UTC first', () => {
    // 29 March 2026 is the EU switch to summer time; 72 real hours stay 72 hours.
    expect(breachDeadlines('2026-03-28T10:00:00+01:00').authority).toBe('2026-03-31T09:00:00.000Z');
    // Jakarta (UTC+7) has no DST.
    expect(breachDeadlines('2026-10-31T08:00:00+07:00').subjects).toBe('2026-11-03T01:00:00.000Z');
  });

  it('refuses a non-time', () => {
    expect(() => breachDeadlines('not a date')).toThrow(RangeError);
  });
});
