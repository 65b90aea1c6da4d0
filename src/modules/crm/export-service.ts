import { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import * as audit from '../audit/service.js';
import * as search from '../search/service.js';
import * as companies from './companies-service.js';
import * as contacts from './contacts-service.js';
import { CSV_BOM, csvText } from './csv-safe.js';
import { listDefs } from './custom-fields.js';
import * as repo from './imports-repo.js';
import type { Filter } from './list-query.js';
import * as views from './saved-views.js';
import type { CompanyView, ContactView } from './schema.js';

/**
 * Exports of contacts and companies with the same `filter`, `sort`, `view` and `q` as the lists,
 * streamed page by page. CSV columns are the view's columns or a default set, custom fields as
 * `custom.<key>`; every text cell is formula-safe. Policy: restricted subjects are not exported,
 * except to someone who may manage privacy (who needs them to answer the subject).
 */
export type ExportObject = 'contact' | 'company';
export type ExportFormat = 'csv' | 'json';

const PAGE = 200;
/** Search narrows an export to its best matches; ids are bound as SQL parameters, so this stays well below driver limits. */
const SEARCH_LIMIT = 10_000;

type Rec = ContactView | CompanyView;
type Getter = (r: Rec, companyName: (id: string | null) => string | null) => unknown;

const addressCols = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
const address: Record<string, Getter> = Object.fromEntries(addressCols.map((k) => [`address.${k}`, (r: Rec) => r.address[k]]));

const CONTACT_COLUMNS: Record<string, Getter> = {
  id: (r) => r.id,
  firstName: (r) => (r as ContactView).firstName,
  lastName: (r) => (r as ContactView).lastName,
  name: (r) => (r as ContactView).name,
  email: (r) => (r as ContactView).email,
  emails: (r) => (r as ContactView).emails.map((e) => e.email),
  phone: (r) => (r as ContactView).phone,
  phones: (r) => (r as ContactView).phones.map((p) => p.phone),
  title: (r) => (r as ContactView).title,
  company: (r, name) => name((r as ContactView).companyId),
  companyId: (r) => (r as ContactView).companyId,
  ...address,
  timeZone: (r) => (r as ContactView).timeZone,
  locale: (r) => (r as ContactView).locale,
  source: (r) => (r as ContactView).source,
  ownerId: (r) => r.ownerId,
  tags: (r) => r.tags,
  lifecycleStage: (r) => (r as ContactView).lifecycleStage,
  createdAt: (r) => r.createdAt,
  updatedAt: (r) => r.updatedAt,
};

const COMPANY_COLUMNS: Record<string, Getter> = {
  id: (r) => r.id,
  name: (r) => (r as CompanyView).name,
  domain: (r) => (r as CompanyView).domain,
  industry: (r) => (r as CompanyView).industry,
  size: (r) => (r as CompanyView).size,
  phone: (r) => (r as CompanyView).phone,
  ...address,
  ownerId: (r) => r.ownerId,
  tags: (r) => r.tags,
  contactCount: (r) => (r as CompanyView).contactCount ?? 0,
  createdAt: (r) => r.createdAt,
  updatedAt: (r) => r.updatedAt,
};

const DEFAULT_COLUMNS: Record<ExportObject, string[]> = {
  contact: ['id', 'firstName', 'lastName', 'email', 'phone', 'title', 'company', ...addressCols.map((k) => `address.${k}`), 'source', 'tags', 'lifecycleStage', 'createdAt', 'updatedAt'],
  company: ['id', 'name', 'domain', 'industry', 'size', 'phone', ...addressCols.map((k) => `address.${k}`), 'tags', 'createdAt', 'updatedAt'],
};

/** List field names a view may use for columns, as export columns. */
const VIEW_ALIASES: Record<string, string> = { city: 'address.city', region: 'address.region', country: 'address.country', postalCode: 'address.postalCode' };

function cellValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.join(', ');
  if (v && typeof v === 'object') {
    const o = v as { amount?: unknown; currency?: unknown };
    return typeof o.amount === 'number' && typeof o.currency === 'string' ? `${o.currency} ${o.amount}` : JSON.stringify(v);
  }
  return v;
}

function columnsFor(object: ExportObject, requested: string[], customKeys: string[]): { name: string; get: Getter }[] {
  const known = object === 'contact' ? CONTACT_COLUMNS : COMPANY_COLUMNS;
  const resolve = (name: string): { name: string; get: Getter } | null => {
    const n = VIEW_ALIASES[name] ?? name;
    if (Object.hasOwn(known, n)) return { name: n, get: known[n] as Getter };
    const key = n.startsWith('custom.') ? n.slice(7) : null;
    return key && customKeys.includes(key) ? { name: n, get: (r) => r.customFields[key] } : null;
  };
  const picked = requested.map(resolve).filter((c): c is { name: string; get: Getter } => c !== null);
  if (picked.length) return picked;
  return [...DEFAULT_COLUMNS[object], ...customKeys.map((k) => `custom.${k}`)].map(resolve).filter((c): c is { name: string; get: Getter } => c !== null);
}

export interface ExportQuery {
  filter?: string | undefined;
  sort?: string | undefined;
  view?: string | undefined;
  q?: string | undefined;
}

export async function exportRecords(ctx: AppContext, scope: WorkspaceScope, object: ExportObject, query: ExportQuery, format: ExportFormat): Promise<{ filename: string; contentType: string; body: Readable }> {
  const { filters, sort } = await views.resolveListParams(ctx, scope, object, query);
  const all: Filter[] = object === 'contact' && !scope.can('privacy.manage') ? [...filters, { field: 'restricted', op: 'eq', value: false }] : filters;
  const ids = query.q ? await search.matchIds(ctx, scope.workspaceId, object, query.q, SEARCH_LIMIT) : undefined;
  const page = (cursor?: string): Promise<{ data: Rec[]; nextCursor: string | null }> =>
    object === 'contact' ? contacts.list(ctx, scope, { filters: all, sort, cursor, limit: PAGE, ids }) : companies.list(ctx, scope, { filters: all, sort, cursor, limit: PAGE, ids });
  // The first page is read now, so a bad filter or sort is a 400 before any byte is sent.
  const first = await page();
  const viewColumns = query.view ? (await views.get(ctx, scope, query.view)).columns : [];
  const defs = await listDefs(ctx.db.k, scope.workspaceId, object);
  const cols = columnsFor(object, viewColumns, defs.map((d) => d.key));
  await audit.record(ctx.db, ctx.clock, {
    actor: scope.actor,
    workspaceId: scope.workspaceId,
    action: `${object}.exported`,
    details: { format, filters: all.length, view: Boolean(query.view), search: Boolean(query.q), restrictedIncluded: object === 'contact' && scope.can('privacy.manage') },
  });

  const k = ctx.db.k;
  async function* pages(): AsyncGenerator<Rec[]> {
    let p = first;
    for (;;) {
      yield p.data;
      if (!p.nextCursor) return;
      p = await page(p.nextCursor);
    }
  }
  async function* csv(): AsyncGenerator<string> {
    yield CSV_BOM + csvText([cols.map((c) => c.name)]);
    for await (const recs of pages()) {
      const companyIds = object === 'contact' ? [...new Set(recs.map((r) => (r as ContactView).companyId).filter((x): x is string => Boolean(x)))] : [];
      const names = await repo.companyNames(k, scope.workspaceId, companyIds);
      const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
      yield csvText(recs.map((r) => cols.map((c) => cellValue(c.get(r, name)))));
    }
  }
  async function* json(): AsyncGenerator<string> {
    let n = 0;
    yield '[';
    for await (const recs of pages()) for (const r of recs) yield `${n++ ? ',' : ''}\n${JSON.stringify(r)}`;
    yield '\n]\n';
  }
  const stamp = ctx.clock.now().toISOString().slice(0, 10);
  const plural = object === 'contact' ? 'contacts' : 'companies';
  return {
    filename: `${plural}-${stamp}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    body: Readable.from(format === 'csv' ? csv() : json()),
  };
}
