import { describe, expect, it } from 'vitest';
import { addInterval, computeTax, formatMoney, mulDivRound, periodPrice, prorate, roundForCurrency, taxFor } from './money.js';

describe('billing arithmetic', () => {
  it('rounds a × b / c half away from zero without losing precision', () => {
    expect(mulDivRound(100, 1, 3)).toBe(33);
    expect(mulDivRound(100, 2, 3)).toBe(67);
    expect(mulDivRound(1, 1, 2)).toBe(1);
    expect(mulDivRound(-1, 1, 2)).toBe(-1);
    // A yearly IDR price in minor units times a year in seconds is far above 2^53.
    expect(mulDivRound(12_000_000_000, 31_536_000 - 1, 31_536_000)).toBe(11_999_999_619);
    expect(() => mulDivRound(1, 1, 0)).toThrow(RangeError);
  });

  it('prorates to the second: credit for the unused old time, charge for the new', () => {
    const periodStart = new Date('2026-03-01T00:00:00Z');
    const periodEnd = new Date('2026-03-31T00:00:00Z'); // 30 days = 2,592,000 s
    const at = new Date('2026-03-16T00:00:00Z'); // half left
    const p = prorate({ periodStart, periodEnd, at, oldPrice: 10_000, newPrice: 30_000 });
    expect(p).toEqual({ remaining: 1_296_000, length: 2_592_000, credit: -5_000, charge: 15_000, net: 10_000 });
    // One second later: both lines shrink by one second's worth, rounded on their own.
    const q = prorate({ periodStart, periodEnd, at: new Date(at.getTime() + 1000), oldPrice: 10_000, newPrice: 30_000 });
    expect(q.remaining).toBe(1_295_999);
    expect(q.credit).toBe(-Math.round((10_000 * 1_295_999) / 2_592_000));
    expect(q.charge).toBe(Math.round((30_000 * 1_295_999) / 2_592_000));
    // A downgrade taken at once nets a credit; at the period end nothing is left to prorate.
    expect(prorate({ periodStart, periodEnd, at, oldPrice: 30_000, newPrice: 10_000 }).net).toBe(-10_000);
    expect(prorate({ periodStart, periodEnd, at: periodEnd, oldPrice: 30_000, newPrice: 10_000 })).toMatchObject({ remaining: 0, credit: -0, charge: 0 });
    expect(() => prorate({ periodStart, periodEnd: periodStart, at, oldPrice: 1, newPrice: 1 })).toThrow(RangeError);
  });

  it('prices seats above the included ones', () => {
    const plan = { price_idr: 500_000_00, price_usd: 49_00, seat_price_idr: 50_000_00, seat_price_usd: 5_00, seats_included: 3 };
    expect(periodPrice(plan, 2, 'USD')).toEqual({ base: 49_00, extraSeats: 0, seatPrice: 5_00, total: 49_00 });
    expect(periodPrice(plan, 5, 'IDR').total).toBe(500_000_00 + 2 * 50_000_00);
  });

  it('applies PPN 11% in Indonesia, none for the US by default, and a configured US rate', () => {
    const rates = { taxId: 1100, taxUs: null };
    expect(taxFor('ID', 100_000_00, rates)).toEqual({ label: 'PPN', rateBp: 1100, amount: 11_000_00 });
    expect(taxFor('US', 49_00, rates)).toEqual({ label: 'none', rateBp: 0, amount: 0 });
    expect(taxFor('SG', 49_00, rates).amount).toBe(0);
    expect(taxFor('US', 49_00, { taxId: 1100, taxUs: 725 })).toEqual({ label: 'Sales tax', rateBp: 725, amount: 355 });
    expect(computeTax(333, 1100, 'PPN').amount).toBe(37);
  });

  it('adds calendar months and years in UTC, clamping to the month end', () => {
    expect(addInterval(new Date('2026-01-31T10:00:00Z'), 'month').toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addInterval(new Date('2026-03-15T00:00:00Z'), 'month').toISOString()).toBe('2026-04-15T00:00:00.000Z');
    expect(addInterval(new Date('2028-02-29T00:00:00Z'), 'year').toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });

  it('rounds rupiah to whole units and leaves cents alone', () => {
    expect(roundForCurrency(123_456_50, 'IDR')).toBe(123_457_00);
    expect(roundForCurrency(-123_456_49, 'IDR')).toBe(-123_456_00);
    expect(roundForCurrency(12_345, 'USD')).toBe(12_345);
  });

  it('formats amounts per currency', () => {
    expect(formatMoney(1_234_567_00, 'IDR')).toBe('Rp 1.234.567,00');
    expect(formatMoney(-4_900, 'USD')).toBe('-$49.00');
  });
});
