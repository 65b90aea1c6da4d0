/**
 * Keys that make near-identical records meet: a person's name folded (case, accents, word order,
 * punctuation), a company's name without its legal form, a phone number as digits with the
 * Indonesian trunk prefix normalised.
 */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim();
}

export function personKey(first: string | null | undefined, last: string | null | undefined): string | null {
  const words = fold(`${first ?? ''} ${last ?? ''}`).split(/\s+/).filter(Boolean);
  return words.length ? words.sort().join(' ') : null;
}

const LEGAL_FORMS = new Set(['pt', 'cv', 'tbk', 'persero', 'inc', 'incorporated', 'llc', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'gmbh', 'bv', 'plc', 'ud', 'fa']);

export function companyKey(name: string | null | undefined): string | null {
  const words = fold(name ?? '').split(/\s+/).filter((w) => w && !LEGAL_FORMS.has(w));
  return words.length ? words.join(' ') : null;
}

/** +62 812…, 0812…, 62812… all become 62812…; other numbers keep their digits. */
export function phoneDigits(phone: string | null | undefined): string | null {
  const d = (phone ?? '').replace(/\D/g, '');
  if (d.length < 6) return null;
  if (d.startsWith('0') && d.length >= 9) return `62${d.slice(1)}`;
  return d;
}
