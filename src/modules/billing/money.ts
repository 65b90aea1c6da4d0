/**
 * Money arithmetic: integer minor units only, rounding half away from zero with BigInt so a
 * yearly price times a period in seconds never loses precision.
 */
import type { BillingPlansTable, Currency } from './tables.js';

/** round(a * b / c), halves away from zero; c > 0. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c <= 0) throw new RangeError('divisor must be positive');
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return Number(neg ? -q : q);
}

/** Rupiah are paid in whole units (Midtrans takes no decimals): IDR amounts round to 100 minor units. */
export function roundForCurrency(minor: number, currency: Currency): number {
  return currency === 'IDR' ? mulDivRound(minor, 1, 100) * 100 : minor;
}

export type PlanPrices = Pick<BillingPlansTable, 'price_idr' | 'price_usd' | 'seat_price_idr' | 'seat_price_usd' | 'seats_included'>;

/** A plan's price for one interval at `seats` seats in `currency`. */
export function periodPrice(plan: PlanPrices, seats: number, currency: Currency): { base: number; extraSeats: number; seatPrice: number; total: number } {
  const base = currency === 'IDR' ? plan.price_idr : plan.price_usd;
  const seatPrice = currency === 'IDR' ? plan.seat_price_idr : plan.seat_price_usd;
  const extraSeats = Math.max(0, seats - plan.seats_included);
  return { base, extraSeats, seatPrice, total: base + extraSeats * seatPrice };
}

export interface ProrationInput {
  periodStart: Date;
  periodEnd: Date;
  at: Date;
  /** What the rest of the period costs on the old terms and on the new ones (full-period prices). */
  oldPrice: number;
  newPrice: number;
}

export interface Proration {
  /** Seconds left of the period and its length. */
  remaining: number;
  length: number;
  /** Negative: the unused part of the old terms. */
  credit: number;
  /** The new terms for the rest of the period. */
  charge: number;
  net: number;
}

/**
 * Proration to the second: the unused seconds of the period are credited at the old price and
 * charged at the new one, each rounded on its own (the two lines of the invoice).
 */
export function prorate(p: ProrationInput): Proration {
  const length = Math.floor((p.periodEnd.getTime() - p.periodStart.getTime()) / 1000);
  if (length <= 0) throw new RangeError('empty period');
  const at = Math.min(Math.max(p.at.getTime(), p.periodStart.getTime()), p.periodEnd.getTime());
  const remaining = Math.floor((p.periodEnd.getTime() - at) / 1000);
  const credit = -mulDivRound(p.oldPrice, remaining, length);
  const charge = mulDivRound(p.newPrice, remaining, length);
  return { remaining, length, credit, charge, net: credit + charge };
}

export interface Tax {
  label: string;
  rateBp: number;
  amount: number;
}

/** Tax on `subtotal` at `rateBp` basis points; `null` rate means none. */
export function computeTax(subtotal: number, rateBp: number | null, label: string): Tax {
  if (rateBp === null || rateBp === 0) return { label: 'none', rateBp: 0, amount: 0 };
  return { label, rateBp, amount: mulDivRound(subtotal, rateBp, 10_000) };
}

/** The tax a customer in `country` pays under the operator's settings: PPN in Indonesia, the US setting for the US, none elsewhere (exports of services). */
export function taxFor(country: string, subtotal: number, rates: { taxId: number | null; taxUs: number | null }): Tax {
  if (country === 'ID') return computeTax(subtotal, rates.taxId, 'PPN');
  if (country === 'US') return computeTax(subtotal, rates.taxUs, 'Sales tax');
  return computeTax(subtotal, null, 'none');
}

/** Plan interval end: calendar months (the 31st becomes the month's last day) or years, in UTC. */
export function addInterval(start: Date, interval: 'month' | 'year'): Date {
  const months = interval === 'month' ? 1 : 12;
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(start);
  d.setUTCFullYear(y, m, Math.min(start.getUTCDate(), lastDay));
  return d;
}

/** 1234567 IDR minor units → "Rp 12.345,67"; USD → "$12,345.67". */
export function formatMoney(minor: number, currency: Currency): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  if (currency === 'IDR') return `${sign}Rp ${whole.toLocaleString('de-DE')},${cents}`;
  return `${sign}$${whole.toLocaleString('en-US')}.${cents}`;
}
