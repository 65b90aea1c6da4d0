/**
 * Amounts are in major units. Each currency is written the way its own market writes it, whatever
 * the interface language: rupiah without decimals (`Rp 150.000.000`), dollars with cents (`$1,500.00`).
 */
const FULL: Record<string, Intl.NumberFormat> = {
  IDR: new Intl.NumberFormat('id-ID', {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }),
  USD: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
};

const COMPACT: Record<string, Intl.NumberFormat> = {
  IDR: new Intl.NumberFormat('id-ID', {
    style: 'currency',
    currency: 'IDR',
    notation: 'compact',
    maximumFractionDigits: 1,
  }),
  USD: new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    maximumFractionDigits: 1,
  }),
};

/** Intl puts a no-break space after "Rp"; a plain space reads and copies the same. */
function tidy(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export function formatMoney(amount: number, currency: string): string {
  const format = FULL[currency];
  if (!format) return `${currency} ${amount.toLocaleString('en-US')}`;
  return tidy(format.format(amount));
}

export function formatMoneyCompact(amount: number, currency: string): string {
  const format = COMPACT[currency];
  return format ? tidy(format.format(amount)) : formatMoney(amount, currency);
}

/** Totals per currency, in a stable order, for column headers and summaries. */
export function totalsByCurrency<T extends { amount: number; currency: string }>(items: T[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.currency, (totals.get(item.currency) ?? 0) + item.amount);
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b));
}
