/**
 * The raw baselines of the CRM benchmark, written straight on better-sqlite3 with no framework:
 * the import (csv-parse streaming into one prepared INSERT inside one transaction) and the reads
 * (the same FTS5 MATCH and the same keyset `select … order by … limit` the app's repos build).
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import SQLite from 'better-sqlite3';
import { newId } from '../../src/lib/ids.js';
import { personKey, phoneDigits } from '../../src/modules/crm/match-keys.js';
import { HEADER } from './csv.js';

/** The `contacts` table as the migrations leave it (0003, and 0010's sort indexes), without the foreign keys. */
export const CONTACTS_DDL = `
create table contacts (
  id text primary key, workspace_id text not null, first_name text, last_name text, email text,
  emails text not null, phone text, phones text not null, title text, company_id text,
  address_line1 text, address_line2 text, city text, region text, postal_code text, country text,
  time_zone text, locale text, source text, owner_id text, tags text not null,
  lifecycle_stage text not null default 'lead', custom_fields text not null,
  restricted integer not null default 0, phone_digits text, name_key text, import_id text,
  created_at text not null, updated_at text not null);
create index contacts_ws_phone_digits_idx on contacts (workspace_id, phone_digits);
create index contacts_ws_name_key_idx on contacts (workspace_id, name_key);
create index contacts_ws_idx on contacts (workspace_id, id);
create index contacts_ws_email_idx on contacts (workspace_id, email);
create index contacts_ws_phone_idx on contacts (workspace_id, phone);
create index contacts_ws_updated_idx on contacts (workspace_id, updated_at);
create index contacts_import_idx on contacts (import_id);
create index contacts_ws_sort_last_name_idx on contacts (workspace_id, (coalesce(lower(last_name), '')), id);
create index contacts_ws_sort_first_name_idx on contacts (workspace_id, (coalesce(lower(first_name), '')), id);`;

export const INSERT_SQL = `insert into contacts (id, workspace_id, first_name, last_name, email, emails, phone, phones, title,
  company_id, address_line1, address_line2, city, region, postal_code, country, time_zone, locale, source, owner_id, tags,
  lifecycle_stage, custom_fields, restricted, phone_digits, name_key, import_id, created_at, updated_at)
  values (@id, @workspace_id, @first_name, @last_name, @email, @emails, @phone, @phones, @title, null, null, null, @city,
  @region, null, @country, null, null, @source, null, @tags, @lifecycle_stage, '{}', 0, @phone_digits, @name_key,
  @import_id, @created_at, @created_at)`;

export interface ContactValues {
  id: string;
  workspace_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  emails: string;
  phone: string | null;
  phones: string;
  title: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  source: string | null;
  tags: string;
  lifecycle_stage: string;
  phone_digits: string | null;
  name_key: string | null;
  import_id: string | null;
  created_at: string;
}

const COL = Object.fromEntries(HEADER.map((h, i) => [h, i])) as Record<string, number>;
const COUNTRIES: Record<string, string> = { indonesia: 'ID', 'united states': 'US' };

/** One generated CSV record as the column values the import stores for it (no company link). */
export function contactValues(cells: string[], workspaceId: string, importId: string | null, at: string): ContactValues {
  const get = (h: string): string | null => {
    const v = cells[COL[h] ?? -1]?.trim();
    return v ? v : null;
  };
  const email = get('Email')?.toLowerCase() ?? null;
  const phone = get('Phone');
  const country = get('Country');
  const tags = (get('Tags') ?? '').split(/\s*(?:,|;|:::)\s*/).filter(Boolean);
  return {
    id: newId('ct'),
    workspace_id: workspaceId,
    first_name: get('First Name'),
    last_name: get('Last Name'),
    email,
    emails: JSON.stringify(email ? [{ email }] : []),
    phone,
    phones: JSON.stringify(phone ? [{ phone }] : []),
    title: get('Job Title'),
    city: get('City'),
    region: get('State'),
    country: country ? (COUNTRIES[country.toLowerCase()] ?? country) : null,
    source: get('Lead Source'),
    tags: JSON.stringify([...new Set(tags)]),
    lifecycle_stage: get('Lifecycle Stage') ?? 'lead',
    phone_digits: phoneDigits(phone),
    name_key: personKey(get('First Name'), get('Last Name')),
    import_id: importId,
    created_at: at,
  };
}

/** The search document src/modules/search/service.ts writes for such a contact. */
export function searchDoc(c: ContactValues): { title: string; body: string } {
  const name = [c.first_name, c.last_name].filter(Boolean).join(' ') || c.email || c.phone || '(no name)';
  const tags = JSON.parse(c.tags) as string[];
  const parts = [c.email ?? '', c.email ?? '', c.phone ?? '', c.phone ?? '', c.title ?? '', ...tags];
  parts.push(...[c.email ?? '', c.email ?? ''].map((e) => e.replace(/[@._+-]+/g, ' ')));
  parts.push(...[c.phone ?? '', c.phone ?? ''].map((p) => p.replace(/\D/g, '')));
  return { title: name, body: [...new Set(parts.filter(Boolean))].join(' ') };
}

/** Streams the records of a CSV file (header skipped) through csv-parse. */
export async function* csvRecords(path: string): AsyncGenerator<string[]> {
  const parser = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(parse({ from_line: 2, relax_column_count: true }));
  for await (const rec of parser as AsyncIterable<string[]>) yield rec;
}

export function openLikeApp(path: string, readonly = false): SQLite.Database {
  const db = new SQLite(path, readonly ? { readonly: true, fileMustExist: true } : {});
  if (!readonly) {
    // The pragmas of openSqlite in src/db/db.ts.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  }
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The baseline import: one prepared INSERT, one transaction, the file streamed. Returns the row count. */
export async function baselineImport(csvPath: string, dbPath: string): Promise<number> {
  const db = openLikeApp(dbPath);
  db.exec(CONTACTS_DDL);
  const insert = db.prepare<[ContactValues]>(INSERT_SQL);
  const ws = 'ws_baseline';
  const at = new Date().toISOString();
  let n = 0;
  db.exec('begin');
  for await (const cells of csvRecords(csvPath)) {
    insert.run(contactValues(cells, ws, null, at));
    n++;
  }
  db.exec('commit');
  db.close();
  return n;
}

/** What the read baselines run, and on which workspace. */
export interface QueryPlan {
  workspaceId: string;
  prefixes: string[];
  repeats: number;
  deepPages: number;
  city: string;
}

export interface Timings {
  search: number[];
  firstPage: number[];
  deepPages: number[];
  filtered: number[];
  searchHits: number;
}

/** `repo.query` of src/modules/search/repo.ts for SQLite, by hand. */
export const SEARCH_SQL = `select object_type as "objectType", object_id as "objectId", title from search_fts
  where search_fts match ? and workspace_id = ? and object_type in (?, ?, ?) order by rank limit ?`;

/** `repo.list` of contacts-repo.ts sorted by lastName (key `coalesce(lower(last_name), '')`), by hand. */
const SORT_KEY = `coalesce(lower("contacts"."last_name"), '')`;
export const FIRST_PAGE_SQL = `select "contacts".*, ${SORT_KEY} as "_sort" from "contacts" where "contacts"."workspace_id" = ?
  order by ${SORT_KEY} asc, "contacts"."id" asc limit ?`;
export const NEXT_PAGE_SQL = `select "contacts".*, ${SORT_KEY} as "_sort" from "contacts" where "contacts"."workspace_id" = ?
  and (${SORT_KEY} >= ? and (${SORT_KEY} > ? or "contacts"."id" > ?)) order by ${SORT_KEY} asc, "contacts"."id" asc limit ?`;
/** The default sort (id desc) orders by the id itself. */
export const FILTERED_SQL = `select "contacts".*, "contacts"."id" as "_sort" from "contacts" where "contacts"."workspace_id" = ?
  and lower("contacts"."city") = ? order by "contacts"."id" desc limit ?`;

export function ftsMatch(q: string): string {
  return (q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8).map((w) => `"${w}"*`).join(' ');
}

function timed<T>(fn: () => T): [number, T] {
  const t = process.hrtime.bigint();
  const r = fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
}

/** The read baselines on a read-only connection to the server's SQLite file. */
export function baselineQueries(dbPath: string, plan: QueryPlan): Timings {
  const db = openLikeApp(dbPath, true);
  const search = db.prepare<[string, string, string, string, string, number], { objectId: string }>(SEARCH_SQL);
  const first = db.prepare<[string, number], { id: string; _sort: string }>(FIRST_PAGE_SQL);
  const next = db.prepare<[string, string, string, string, number], { id: string; _sort: string }>(NEXT_PAGE_SQL);
  const filtered = db.prepare<[string, string, number], { id: string }>(FILTERED_SQL);
  const ws = plan.workspaceId;
  const runSearch = (p: string): number => search.all(ftsMatch(p), ws, 'contact', 'company', 'deal', 20).length;
  const out: Timings = { search: [], firstPage: [], deepPages: [], filtered: [], searchHits: 0 };
  // Warm-up, as the HTTP client does: the page cache and the statements, not counted.
  for (const p of plan.prefixes.slice(0, 10)) runSearch(p);
  first.all(ws, 51);
  for (const p of plan.prefixes) {
    const [ms, hits] = timed(() => runSearch(p));
    out.search.push(ms);
    out.searchHits += hits;
  }
  for (let i = 0; i < plan.repeats; i++) out.firstPage.push(timed(() => first.all(ws, 51))[0]);
  let [, page] = timed(() => first.all(ws, 51));
  for (let i = 0; i < plan.deepPages && page.length > 50; i++) {
    const last = page[49];
    if (!last) break;
    const [ms, rows] = timed(() => next.all(ws, last._sort, last._sort, last.id, 51));
    out.deepPages.push(ms);
    page = rows;
  }
  const city = plan.city.toLowerCase();
  for (let i = 0; i < plan.repeats; i++) out.filtered.push(timed(() => filtered.all(ws, city, 51))[0]);
  db.close();
  return out;
}
