import { badRequest } from '../../http/errors.js';
import type { CustomFieldDef } from './custom-fields.js';

/**
 * Which CSV column fills which field. Headers are recognised from the exports of HubSpot,
 * Salesforce, Google Contacts and Outlook (and our own export, so a file round-trips); the member
 * can override any column with `{ "<csv header>": "<field>" | null }`.
 */
export type ImportObject = 'contact' | 'company';

export const CONTACT_TARGETS = [
  'firstName', 'lastName', 'fullName', 'email', 'phone', 'title', 'company', 'companyDomain',
  'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country',
  'source', 'tags', 'lifecycleStage', 'timeZone', 'locale',
] as const;

export const COMPANY_TARGETS = [
  'name', 'domain', 'industry', 'size', 'phone',
  'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country',
  'tags',
] as const;

/** Fields several columns may fill: every email and phone column adds one, tags are merged. */
export const MULTI_TARGETS = new Set(['email', 'phone', 'tags']);

export interface ColumnMapping {
  column: string;
  field: string | null;
}

/** Lower-case letters and digits only: "E-mail 1 - Value" → "email1value". */
export function normaliseHeader(h: string): string {
  return h.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
}

// Aliases in priority order: when two columns claim a single-value field, the earlier alias wins
// (Outlook's "Title" is Mr/Ms, so "Job Title" must beat it).
const address = {
  'address.line1': ['addressline1', 'streetaddress', 'street', 'address', 'address1street', 'mailingstreet', 'businessstreet', 'billingstreet', 'homestreet'],
  'address.line2': ['addressline2', 'street2', 'address1extendedaddress', 'businessstreet2', 'homestreet2'],
  'address.city': ['addresscity', 'city', 'address1city', 'mailingcity', 'businesscity', 'billingcity', 'homecity', 'town'],
  'address.region': ['addressregion', 'stateregion', 'state', 'region', 'province', 'stateprovince', 'address1region', 'mailingstateprovince', 'mailingstate', 'businessstate', 'billingstateprovince', 'billingstate', 'homestate'],
  'address.postalCode': ['addresspostalcode', 'postalcode', 'zip', 'zipcode', 'postcode', 'zippostalcode', 'address1postalcode', 'mailingzippostalcode', 'mailingpostalcode', 'businesspostalcode', 'billingzippostalcode', 'billingpostalcode', 'homepostalcode'],
  'address.country': ['addresscountry', 'country', 'countryregion', 'address1country', 'mailingcountry', 'businesscountryregion', 'businesscountry', 'billingcountry', 'homecountryregion', 'homecountry'],
};

const CONTACT_ALIASES: Record<string, string[]> = {
  firstName: ['firstname', 'givenname', 'first', 'fname', 'contactfirstname'],
  lastName: ['lastname', 'familyname', 'surname', 'last', 'lname', 'contactlastname'],
  fullName: ['fullname', 'name', 'contactname', 'displayname', 'fileas'],
  email: ['email', 'emails', 'emailaddress', 'email1value', 'email2value', 'email3value', 'email2address', 'email3address', 'primaryemail', 'workemail', 'personalemail'],
  phone: ['phone', 'phones', 'phonenumber', 'mobilephonenumber', 'mobilephone', 'mobile', 'businessphone', 'homephone', 'primaryphone', 'phone1value', 'phone2value', 'phone3value', 'workphone', 'cellphone', 'telephone', 'businessphone2', 'homephone2', 'otherphone'],
  title: ['jobtitle', 'organization1title', 'organizationtitle', 'title', 'position'],
  company: ['company', 'companyname', 'organization1name', 'organizationname', 'organization', 'accountname', 'account', 'employer'],
  companyDomain: ['companydomainname', 'companydomain', 'companywebsite'],
  ...address,
  source: ['source', 'leadsource', 'originalsource', 'contactsource'],
  tags: ['tags', 'tag', 'labels', 'categories', 'groupmembership'],
  lifecycleStage: ['lifecyclestage', 'lifecycle', 'stage'],
  timeZone: ['timezone'],
  locale: ['locale', 'language', 'preferredlanguage'],
};

const COMPANY_ALIASES: Record<string, string[]> = {
  name: ['name', 'companyname', 'accountname', 'company', 'organization', 'organizationname', 'organization1name', 'account'],
  domain: ['domain', 'companydomainname', 'companydomain', 'website', 'websiteurl', 'companywebsite', 'webpage', 'url'],
  industry: ['industry'],
  size: ['size', 'companysize', 'numberofemployees', 'employees', 'headcount', 'employeecount'],
  phone: ['phone', 'phonenumber', 'companyphone', 'mainphone', 'businessphone', 'accountphone'],
  ...address,
  tags: ['tags', 'tag', 'labels', 'categories'],
};

export function targetsOf(object: ImportObject): readonly string[] {
  return object === 'contact' ? CONTACT_TARGETS : COMPANY_TARGETS;
}

function customTarget(header: string, defs: CustomFieldDef[]): string | null {
  const explicit = /^custom\.([a-z][a-z0-9_]{0,62})$/.exec(header.trim());
  if (explicit) return defs.some((d) => d.key === explicit[1]) ? `custom.${explicit[1]}` : null;
  const n = normaliseHeader(header);
  const def = defs.find((d) => normaliseHeader(d.key) === n || normaliseHeader(d.label) === n);
  return def ? `custom.${def.key}` : null;
}

/** The automatic mapping of a header row; columns nobody recognises stay unmapped (null). */
export function autoMap(object: ImportObject, headers: string[], defs: CustomFieldDef[]): ColumnMapping[] {
  const aliases = object === 'contact' ? CONTACT_ALIASES : COMPANY_ALIASES;
  const out: ColumnMapping[] = headers.map((column) => ({ column, field: null }));
  const rank = (field: string, n: string): number => aliases[field]?.indexOf(n) ?? -1;
  const claimed = new Set<string>();
  for (const [field] of Object.entries(aliases)) {
    const hits = headers.map((h, i) => ({ i, r: rank(field, normaliseHeader(h)) })).filter((x) => x.r >= 0 && out[x.i]?.field === null);
    if (hits.length === 0) continue;
    if (MULTI_TARGETS.has(field)) {
      for (const h of hits) out[h.i] = { column: headers[h.i] ?? '', field };
    } else {
      const best = hits.reduce((a, b) => (b.r < a.r ? b : a));
      out[best.i] = { column: headers[best.i] ?? '', field };
    }
    claimed.add(field);
  }
  headers.forEach((h, i) => {
    if (out[i]?.field !== null) return;
    const custom = customTarget(h, defs);
    if (custom && !claimed.has(custom)) {
      out[i] = { column: h, field: custom };
      claimed.add(custom);
    }
  });
  return out;
}

/**
 * Applies the member's `{header: field|null}` over the automatic mapping. An unknown field, a header
 * the file does not have, or two columns on one single-value field is a 400 naming each.
 */
export function applyOverrides(object: ImportObject, mapping: ColumnMapping[], overrides: Record<string, unknown>, defs: CustomFieldDef[]): ColumnMapping[] {
  const targets = new Set(targetsOf(object));
  const details: { field: string; message: string }[] = [];
  const out = mapping.map((m) => ({ ...m }));
  for (const [header, field] of Object.entries(overrides)) {
    const at = `body.mapping.${header.slice(0, 100)}`;
    if (field !== null && typeof field !== 'string') {
      details.push({ field: at, message: 'must be a field name or null' });
      continue;
    }
    const cols = out.filter((m) => m.column === header);
    if (cols.length === 0) {
      details.push({ field: at, message: 'the file has no column with this header' });
      continue;
    }
    if (field !== null && !targets.has(field) && !(field.startsWith('custom.') && defs.some((d) => `custom.${d.key}` === field))) {
      details.push({ field: at, message: `unknown field; use one of ${[...targets].join(', ')} or custom.<key>` });
      continue;
    }
    for (const c of cols) c.field = field;
    // The member chose this column for the field: an automatic pick elsewhere gives way.
    if (field && !MULTI_TARGETS.has(field)) for (const m of out) if (m.field === field && m.column !== header && !Object.hasOwn(overrides, m.column)) m.field = null;
  }
  const seen = new Map<string, number>();
  for (const m of out) if (m.field && !MULTI_TARGETS.has(m.field)) seen.set(m.field, (seen.get(m.field) ?? 0) + 1);
  for (const [field, n] of seen) if (n > 1) details.push({ field: 'body.mapping', message: `${n} columns are mapped to ${field}, which takes one` });
  if (details.length) throw badRequest('validation_failed', 'The column mapping is not valid', details);
  return out;
}

/** The file must fill at least one field, and a field that identifies a record. */
export function assertMappable(object: ImportObject, mapping: ColumnMapping[]): void {
  const fields = new Set(mapping.map((m) => m.field).filter(Boolean));
  const identifying = object === 'contact' ? ['firstName', 'lastName', 'fullName', 'email', 'phone'] : ['name', 'domain'];
  if (!identifying.some((f) => fields.has(f))) {
    throw badRequest(
      'unmapped_file',
      object === 'contact'
        ? 'No column of the file could be matched to a name, email or phone of a contact. Name the columns (e.g. "First Name", "Email") or send a mapping.'
        : 'No column of the file could be matched to the name or domain of a company. Name the columns (e.g. "Company Name", "Website") or send a mapping.',
      { columns: mapping.map((m) => m.column).slice(0, 50) },
    );
  }
}
