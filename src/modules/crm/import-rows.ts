import type { z } from 'zod';
import { HttpError } from '../../http/errors.js';
import { validateValues, type CustomFieldDef } from './custom-fields.js';
import { CUT, type FileRecord } from './import-file.js';
import type { ColumnMapping, ImportObject } from './import-mapping.js';
import { normaliseHeader } from './import-mapping.js';
import { companyInput, contactInput, LIFECYCLE_STAGES, type CompanyInput, type ContactInput } from './schema.js';

/**
 * One CSV row turned into the API input it stands for, validated by the same zod schemas as the
 * API, or the reasons it cannot be. Messages name fields and columns, never the value.
 */
export interface RowError {
  field: string;
  column: string | null;
  message: string;
}

export interface CompanyLink {
  name?: string;
  domain?: string;
}

export interface PreparedRow {
  /** Row in the file, the header being row 1. */
  row: number;
  /** The cells as read, each bounded, for the rejected-rows download. */
  raw: string[];
  errors: RowError[];
  /** Every cell blank: skipped, not refused. */
  empty: boolean;
  contact?: ContactInput;
  company?: CompanyInput;
  /** The company a contact row names (found, or created by the import). */
  link?: CompanyLink;
  /** Dedupe key: a contact's email, a company's domain or `name:<lower-case name>`. */
  key: string | null;
}

const RAW_CELL_MAX = 1000;
const LIST_SPLIT = /\s*(?:,|;|:::)\s*/;
const FORMULA_START = /^[=+\-@\t\r]/;
const DOMAIN = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const SIZES = ['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+'] as const;

/** Our own export writes `'=…` so spreadsheets show text: the quote is ours, not the data's. */
function unescapeCell(v: string): string {
  return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

function boundedRaw(cells: string[]): string[] {
  // Almost every row: nothing to clean or cut, and the cells are never changed, so they serve as they are.
  if (cells.every((c) => c.length <= RAW_CELL_MAX && !c.includes('\u0000'))) return cells;
  return cells.map((c) => {
    const clean = c.split('\u0000').map((part, i) => (i ? part.slice(1) : part)).join('');
    return clean.length > RAW_CELL_MAX ? `${clean.slice(0, RAW_CELL_MAX)}…` : clean;
  });
}

let countries: Map<string, string> | null = null;
// Withdrawn codes ICU still names (UK, SU, YU…): their names belong to the current code.
const WITHDRAWN = new Set(['AN', 'BU', 'CS', 'DD', 'DY', 'FX', 'HV', 'NH', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR']);

/** "Indonesia", "Amerika Serikat", "USA" or "id" → "ID"; built once from the runtime's ICU data. */
export function countryCode(v: string): string | null {
  if (!countries) {
    const map = new Map([['usa', 'US'], ['unitedstatesofamerica', 'US'], ['uk', 'GB'], ['greatbritain', 'GB'], ['england', 'GB'], ['southkorea', 'KR'], ['korea', 'KR'], ['russia', 'RU'], ['vietnam', 'VN']]);
    const names = [new Intl.DisplayNames(['en'], { type: 'region' }), new Intl.DisplayNames(['id'], { type: 'region' })];
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (WITHDRAWN.has(code)) continue;
        for (const dn of names) {
          const name = dn.of(code);
          if (!name || name === code || name === 'Unknown Region') continue;
          map.set(code.toLowerCase(), code);
          if (!map.has(normaliseHeader(name))) map.set(normaliseHeader(name), code);
        }
      }
    }
    countries = map;
  }
  return countries.get(normaliseHeader(v)) ?? null;
}

/** "https://www.Example.co.id/about" → "example.co.id". */
export function domainOf(v: string): string | null {
  let host = v.trim().toLowerCase();
  try {
    host = new URL(/^[a-z]+:\/\//.test(host) ? host : `http://${host}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/^www\./, '');
  return DOMAIN.test(host) && host.length <= 253 ? host : null;
}

function lifecycle(v: string): string | null {
  const n = normaliseHeader(v);
  const named: Record<string, string> = { marketingqualifiedlead: 'mql', salesqualifiedlead: 'sql', customers: 'customer', leads: 'lead', subscribers: 'subscriber' };
  const stage = named[n] ?? n;
  return (LIFECYCLE_STAGES as readonly string[]).includes(stage) ? stage : null;
}

function sizeBand(v: string): string | null {
  if ((SIZES as readonly string[]).includes(v.replace(/\s/g, ''))) return v.replace(/\s/g, '');
  const n = Number(v.replace(/[\s,.]/g, ''));
  if (!Number.isInteger(n) || n < 1) return null;
  return n <= 10 ? '1-10' : n <= 50 ? '11-50' : n <= 200 ? '51-200' : n <= 1000 ? '201-1000' : n <= 5000 ? '1001-5000' : '5000+';
}

function list(v: string): string[] {
  return [...new Set(v.split(LIST_SPLIT).map((x) => x.trim()).filter(Boolean))];
}

/** A custom field's text as the typed value `validateValues` expects; the text itself when it does not parse. */
function customValue(def: CustomFieldDef, v: string): unknown {
  switch (def.type) {
    case 'number': {
      const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v) ? v.replace(/,/g, '') : v.replace(/\s/g, '');
      const n = Number(plain);
      return plain !== '' && Number.isFinite(n) ? n : v;
    }
    case 'boolean': {
      const b = v.toLowerCase();
      if (['true', 'yes', 'y', '1', 'ya'].includes(b)) return true;
      if (['false', 'no', 'n', '0', 'tidak'].includes(b)) return false;
      return v;
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(v) ? v.slice(0, 10) : v;
    case 'multi_select':
      return list(v);
    case 'currency': {
      const m = /^([A-Za-z]{3})\s*(-?[\d.]+)$/.exec(v) ?? /^(-?[\d.]+)\s*([A-Za-z]{3})$/.exec(v);
      if (!m) return v;
      const [a, b] = [m[1] ?? '', m[2] ?? ''];
      return /^[A-Za-z]/.test(a) ? { currency: a.toUpperCase(), amount: Number(b) } : { currency: b.toUpperCase(), amount: Number(a) };
    }
    case 'text':
    case 'select':
    case 'url':
    case 'email':
    case 'phone':
      return v;
  }
}

function zodErrors(issues: z.core.$ZodIssue[], columnOf: (field: string) => string | null): RowError[] {
  return issues.map((i) => {
    const [head, next] = i.path.map(String);
    const field = head === 'address' || head === 'customFields' ? `${head === 'address' ? 'address' : 'custom'}.${next ?? ''}` : head === 'emails' ? 'email' : head === 'phones' ? 'phone' : (head ?? 'row');
    return { field, column: columnOf(field), message: i.message };
  });
}

/** Builds the converter of one import: mapping and custom-field definitions are fixed for the run. */
export function rowConverter(object: ImportObject, mapping: ColumnMapping[], defs: CustomFieldDef[]): (rec: FileRecord) => PreparedRow {
  const columnOf = (field: string): string | null => mapping.find((m) => m.field === field)?.column ?? null;
  const byKey = new Map(defs.map((d) => [d.key, d]));

  return (rec) => {
    const row = rec.index + 1;
    const base = { row, empty: false, key: null };
    if (!rec.cells) return { ...base, raw: [rec.error?.raw ?? ''], errors: [{ field: 'row', column: null, message: rec.error?.message ?? 'the row is not valid CSV' }] };
    const cells = rec.cells;
    const raw = boundedRaw(cells);
    if (cells.length !== mapping.length) {
      return { ...base, raw, errors: [{ field: 'row', column: null, message: `the row has ${cells.length} cells where the header has ${mapping.length}` }] };
    }
    const errors: RowError[] = [];
    cells.forEach((c, i) => {
      if (!c.includes('\u0000')) return;
      const m = mapping[i];
      const message = c.includes(CUT.cell) ? 'the cell is longer than 65,536 characters' : c.includes(CUT.columns) ? 'the row has more than 1,000 cells' : 'the row is longer than 1,048,576 characters';
      errors.push({ field: m?.field ?? 'row', column: m?.column ?? null, message });
    });
    if (errors.length) return { ...base, raw, errors };
    if (cells.every((c) => c.trim() === '')) return { ...base, raw, errors, empty: true };

    const scalar: Record<string, string> = {};
    const multi: Record<string, string[]> = { email: [], phone: [], tags: [] };
    const custom: Record<string, unknown> = {};
    cells.forEach((c, i) => {
      const field = mapping[i]?.field;
      const v = unescapeCell(c.trim());
      if (!field || v === '') return;
      if (field.startsWith('custom.')) {
        const def = byKey.get(field.slice(7));
        if (def) custom[def.key] = customValue(def, v);
      } else if (Object.hasOwn(multi, field)) {
        const parts = field === 'tags' ? list(v).map((t) => t.replace(/^\*\s*/, '')).filter((t) => t && t !== 'myContacts') : list(v);
        multi[field]?.push(...parts);
      } else {
        scalar[field] ??= v;
      }
    });

    const address: Record<string, string> = {};
    for (const [k, v] of Object.entries(scalar)) if (k.startsWith('address.')) address[k.slice(8)] = v;
    if (address.country) {
      const code = countryCode(address.country);
      if (code) address.country = code;
      else {
        delete address.country;
        errors.push({ field: 'address.country', column: columnOf('address.country'), message: 'not a country we know: use its English name or a two-letter code such as ID' });
      }
    }
    try {
      validateValues(defs, custom, {}, false);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      for (const d of (err.details ?? []) as { field: string; message: string }[]) {
        const field = d.field.replace('body.customFields.', 'custom.');
        errors.push({ field, column: columnOf(field), message: d.message });
      }
    }
    const emails = [...new Map(multi.email?.map((e) => [e.toLowerCase(), e])).values()];
    const phones = multi.phone ?? [];
    const tags = multi.tags?.length ? [...new Set(multi.tags)] : undefined;
    const addr = Object.keys(address).length ? address : undefined;
    const customFields = Object.keys(custom).length ? custom : undefined;

    if (object === 'company') {
      let domain: string | undefined;
      if (scalar.domain) {
        domain = domainOf(scalar.domain) ?? undefined;
        if (!domain) errors.push({ field: 'domain', column: columnOf('domain'), message: 'not a web address or domain such as example.co.id' });
      }
      let size: string | undefined;
      if (scalar.size) {
        size = sizeBand(scalar.size) ?? undefined;
        if (!size) errors.push({ field: 'size', column: columnOf('size'), message: `use a number of employees or one of ${SIZES.join(', ')}` });
      }
      if (!scalar.name && !domain) errors.push({ field: 'name', column: columnOf('name'), message: 'a company needs a name or a domain' });
      const input = { name: scalar.name, domain, industry: scalar.industry, size, phone: phones[0], address: addr, tags, customFields };
      const parsed = companyInput.safeParse(input);
      if (!parsed.success) errors.push(...zodErrors(parsed.error.issues, columnOf));
      if (errors.length || !parsed.success) return { ...base, raw, errors };
      const key = parsed.data.domain ? parsed.data.domain : parsed.data.name ? `name:${parsed.data.name.toLowerCase()}` : null;
      return { ...base, raw, errors, company: parsed.data, key };
    }

    let { firstName, lastName } = scalar;
    if (!firstName && !lastName && scalar.fullName) {
      const words = scalar.fullName.split(/\s+/);
      lastName = words.length > 1 ? words.pop() : undefined;
      firstName = words.join(' ');
    }
    let lifecycleStage: string | undefined;
    if (scalar.lifecycleStage) {
      lifecycleStage = lifecycle(scalar.lifecycleStage) ?? undefined;
      if (!lifecycleStage) errors.push({ field: 'lifecycleStage', column: columnOf('lifecycleStage'), message: `use one of ${LIFECYCLE_STAGES.join(', ')}` });
    }
    const link: CompanyLink = {};
    if (scalar.company) {
      const name = companyInput.shape.name.safeParse(scalar.company);
      if (name.success && name.data) link.name = name.data;
      else errors.push({ field: 'company', column: columnOf('company'), message: name.error?.issues[0]?.message ?? 'not a company name' });
    }
    if (scalar.companyDomain) {
      const d = domainOf(scalar.companyDomain);
      if (d) link.domain = d;
      else errors.push({ field: 'companyDomain', column: columnOf('companyDomain'), message: 'not a web address or domain such as example.co.id' });
    }
    if (!firstName && !lastName && emails.length === 0 && phones.length === 0) {
      errors.push({ field: 'firstName', column: columnOf('firstName') ?? columnOf('fullName'), message: 'a contact needs a name, an email or a phone' });
    }
    const input = {
      firstName,
      lastName,
      email: emails[0],
      emails: emails.length > 1 ? emails.map((email) => ({ email })) : undefined,
      phone: phones[0],
      phones: phones.length > 1 ? phones.map((phone) => ({ phone })) : undefined,
      title: scalar.title,
      address: addr,
      source: scalar.source,
      tags,
      lifecycleStage,
      timeZone: scalar.timeZone,
      locale: scalar.locale,
      customFields,
    };
    const parsed = contactInput.safeParse(input);
    if (!parsed.success) errors.push(...zodErrors(parsed.error.issues, columnOf));
    if (errors.length || !parsed.success) return { ...base, raw, errors };
    return { ...base, raw, errors, contact: parsed.data, link: link.name || link.domain ? link : undefined, key: parsed.data.email?.toLowerCase() ?? null };
  };
}
