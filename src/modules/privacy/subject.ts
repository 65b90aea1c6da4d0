/**
 * Subject resolution (issue 4 item 1): from verified addresses, phones or an account id, every row
 * of one person in one scope, across every table the data map links. Nothing here names a table
 * but the two subject tables: a new table with a subject link is found without a change here.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { phoneDigits } from '../crm/match-keys.js';
import { docBase, SLOTS } from '../search/doc-rowid.js';
import { terms } from '../search/service.js';
import { DATAMAP } from './datamap.js';
import type { ColumnEntry, ColumnLink, TableEntry } from './datamap/types.js';
import type { PrivacyScope, SubjectIdentifiers, SubjectRows } from './engine-types.js';

export type RootTable = 'users' | 'contacts';

/** One table the engine reads or changes for a scope: which links make a row the subject's, and how rows are keyed. */
export interface ScopeTable {
  table: string;
  entry: TableEntry;
  links: ColumnLink[];
  /** The column SubjectRows lists values of: `id`, or the link column for tables without one (link tables, search index). */
  keyColumn: string;
  /** `eq`: rows of the scope's workspace; `null`: platform rows of a two-scope table; `none`: every row. */
  tenancy: 'eq' | 'null' | 'none';
}

/** Values per `IN (…)` list: well under SQLite's and PostgreSQL's parameter limits. */
export const IN_CHUNK = 500;

export function chunks<T>(xs: readonly T[], n = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export const rootTableOf = (scope: PrivacyScope): RootTable => (scope.kind === 'platform' ? 'users' : 'contacts');

const existsOn = (x: { dialect?: DialectName }, dialect: DialectName): boolean => x.dialect === undefined || x.dialect === dialect;

/** The columns of a table that exist on this database. */
export function liveColumnsOf(entry: TableEntry, dialect: DialectName): [string, ColumnEntry][] {
  return Object.entries<ColumnEntry>(entry.columns).filter(([, c]) => existsOn(c, dialect));
}

/** The subject table a link ends at, directly or through one parent table. */
function linkRoot(link: ColumnLink, scope: PrivacyScope): string | undefined {
  const target = DATAMAP[link.table];
  if (!target) return undefined;
  if (target.subject.via === 'self') return link.table;
  const parentLinks = linksFor(target, scope);
  return parentLinks.map((l) => DATAMAP[l.table]?.subject.via === 'self' ? l.table : undefined).find((t) => t !== undefined);
}

function linksFor(entry: TableEntry, scope: PrivacyScope): ColumnLink[] {
  if (entry.scopeLinks) return (scope.kind === 'platform' ? entry.scopeLinks.platform : entry.scopeLinks.workspace) ?? [];
  return entry.subject.via === 'column' ? [entry.subject] : [];
}

/**
 * The tables that can hold rows of a subject in `scope` on `dialect`, parents before the tables
 * that link through them. The platform scope takes every table linked to accounts (memberships and
 * invitations included: they are the account's, whichever workspace), two-scope tables limited to
 * their platform rows; the workspace scope takes that workspace's rows of the tables linked to contacts.
 */
export function scopeTables(scope: PrivacyScope, dialect: DialectName): ScopeTable[] {
  const root = rootTableOf(scope);
  const out: ScopeTable[] = [];
  for (const [table, entry] of Object.entries(DATAMAP)) {
    if (entry.scope === 'system' || !existsOn(entry, dialect) || entry.subject.via === 'self') continue;
    if (scope.kind === 'workspace' && entry.scope !== 'workspace') continue;
    const links = linksFor(entry, scope).filter((l) => linkRoot(l, scope) === root);
    if (links.length === 0) continue;
    const hasId = Object.hasOwn(entry.columns, 'id');
    const first = links[0];
    if (!hasId && (links.length > 1 || !first)) throw new Error(`data map: ${table} has no id, so it may have one subject link only`);
    const tenancy = scope.kind === 'workspace' ? 'eq' : entry.scopeLinks ? 'null' : 'none';
    out.push({ table, entry, links, keyColumn: hasId ? 'id' : (first as ColumnLink).column, tenancy });
  }
  // Tables linking to a non-subject table (a request's corrections) come after that table.
  const direct = (t: ScopeTable): boolean => t.links.every((l) => DATAMAP[l.table]?.subject.via === 'self');
  return [...out.filter(direct), ...out.filter((t) => !direct(t))];
}

/** The scope's tables by name, the subject table included (it is linked by itself). */
export function subjectPlan(scope: PrivacyScope, dialect: DialectName): Map<string, ScopeTable> {
  const plan = new Map(scopeTables(scope, dialect).map((t) => [t.table, t]));
  const root = rootTableOf(scope);
  const entry = DATAMAP[root];
  if (entry) plan.set(root, { table: root, entry, links: [], keyColumn: 'id', tenancy: scope.kind === 'workspace' ? 'eq' : 'none' });
  return plan;
}

/**
 * An extra condition that lets the database find rows by an index a column filter cannot use:
 * SQLite's FTS5 cannot index its object columns, so a record's search document sits at a rowid
 * computed from the record (search/doc-rowid.ts). Documents written before that scheme are
 * found by the search module's own fallback scan (`forget`), which erasure runs first.
 */
function indexHint(table: string, link: ColumnLink | undefined, values: readonly string[]): RawBuilder<unknown> {
  if (table !== 'search_fts' || !link?.when || link.when.column !== 'object_type' || link.column !== 'object_id' || values.length === 0) return sql`1 = 1`;
  const ranges = link.when.in.flatMap((type) =>
    values.map((id) => {
      const base = docBase(type, id);
      return sql`rowid between ${base} and ${base + BigInt(SLOTS - 1)}`;
    }),
  );
  return sql`(${sql.join(ranges, sql` or `)})`;
}

/**
 * `AND`-able conditions limiting a table's rows to the scope (tenancy) and a link's `when`.
 * `keyed`: the caller's own condition is on a column that leads an index (the key, an indexed link
 * column). The tenancy test is then written so no index can serve it: "the platform's rows" or
 * "this workspace's rows" are most of a big table (analytics events), and a planner without fresh
 * statistics would otherwise walk a (workspace_id, …) index over all of them instead of seeking
 * the few rows of one person.
 */
export function scopeFilter(t: ScopeTable, scope: PrivacyScope, link?: ColumnLink, keyed = false): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  const tenant = keyed ? sql`(${sql.ref('workspace_id')} || '')` : sql.ref('workspace_id');
  if (t.tenancy === 'eq' && scope.kind === 'workspace') parts.push(sql`${tenant} = ${scope.workspaceId}`);
  if (t.tenancy === 'null') parts.push(sql`${tenant} is null`);
  if (link?.when) parts.push(sql`${sql.ref(link.when.column)} in (${sql.join(link.when.in)})`);
  return parts.length > 0 ? sql.join(parts, sql` and `) : sql`1 = 1`;
}

/** Conditions selecting the rows a SubjectRows entry names: its keys, and when keyed by the link column, the link's condition. */
export function rowFilter(t: ScopeTable, scope: PrivacyScope, keys: readonly string[]): RawBuilder<unknown> {
  const byLink = t.keyColumn !== 'id' ? t.links[0] : undefined;
  return sql`${sql.ref(t.keyColumn)} in (${sql.join(keys)}) and ${scopeFilter(t, scope, byLink, !byLink)} and ${indexHint(t.table, byLink, keys)}`;
}

const leadCache = new Map<string, Set<string>>();

/** The columns that lead an index of `table` (its primary key included), from the live schema; cached. */
export async function leadingIndexColumns(k: Kysely<Database>, dialect: DialectName, table: string): Promise<Set<string>> {
  const cacheKey = `${dialect}:${table}`;
  const hit = leadCache.get(cacheKey);
  if (hit) return hit;
  const r =
    dialect === 'sqlite'
      ? await sql<{ col: string }>`select ii.name as col from pragma_index_list(${table}) as il, pragma_index_info(il.name) as ii where ii.seqno = 0
          union select name as col from pragma_table_info(${table}) where pk = 1`.execute(k)
      : await sql<{ col: string }>`select a.attname as col from pg_index i join pg_class c on c.oid = i.indrelid
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
          join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0] where c.relname = ${table}`.execute(k);
  const out = new Set(r.rows.map((x) => x.col));
  if (out.size > 0) leadCache.set(cacheKey, out);
  return out;
}

/** The keys of `t`'s rows whose link column holds one of `values` (resolution's query; exported so a test can EXPLAIN it). */
export function linkLookup(t: ScopeTable, scope: PrivacyScope, link: ColumnLink, values: readonly string[], linkIndexed: boolean): RawBuilder<{ k: string | number | null }> {
  return sql<{ k: string | number | null }>`select ${sql.ref(t.keyColumn)} as k from ${sql.table(t.table)}
    where ${sql.ref(link.column)} in (${sql.join(values)}) and ${scopeFilter(t, scope, link, linkIndexed)} and ${indexHint(t.table, link, values)}`;
}

const norm = (e: string): string => e.trim().toLowerCase();
/** Search hits per address beyond which the index is not narrowing anything down. */
const CANDIDATES = 200;
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

interface RootRow {
  id: string;
  email: string | null;
}

async function platformRoots(k: Kysely<Database>, ids: SubjectIdentifiers): Promise<RootRow[]> {
  const emails = [...new Set(ids.emails.map(norm).filter(Boolean))];
  const conds: RawBuilder<unknown>[] = [];
  // Addresses are stored normalised (lower case), so the unique index answers this.
  if (emails.length > 0) conds.push(sql`email in (${sql.join(emails)})`);
  if (ids.userId) conds.push(sql`id = ${ids.userId}`);
  if (conds.length === 0) return [];
  const r = await sql<RootRow>`select id, email from users where ${sql.join(conds, sql` or `)}`.execute(k);
  return r.rows;
}

async function workspaceRoots(ctx: AppContext, workspaceId: string, ids: SubjectIdentifiers): Promise<RootRow[]> {
  const k = ctx.db.k;
  const emails = [...new Set(ids.emails.map(norm).filter(Boolean))];
  const phones = [...new Set(ids.phones.map((p) => p.trim()).filter(Boolean))];
  const digits = [...new Set(phones.map((p) => phoneDigits(p)).filter((d): d is string => !!d))];
  const found = new Map<string, RootRow>();
  const add = (rows: RootRow[]): void => {
    for (const r of rows) found.set(r.id, r);
  };
  // Indexed look-ups first: (workspace_id, email), (workspace_id, phone), (workspace_id, phone_digits).
  if (emails.length > 0) add((await sql<RootRow>`select id, email from contacts where workspace_id = ${workspaceId} and email in (${sql.join(emails)})`.execute(k)).rows);
  if (phones.length > 0) add((await sql<RootRow>`select id, email from contacts where workspace_id = ${workspaceId} and phone in (${sql.join(phones)})`.execute(k)).rows);
  if (digits.length > 0) add((await sql<RootRow>`select id, email from contacts where workspace_id = ${workspaceId} and phone_digits in (${sql.join(digits)})`.execute(k)).rows);
  // Secondary addresses live only in the JSON list, which no B-tree indexes. The search index
  // holds every address of a contact as words, so it names the candidates; the parsed list then
  // confirms each (a substring of a longer address does not count). When the words are too common
  // to narrow anything down, one pass over the workspace's rows does it instead.
  if (emails.length > 0) {
    const candidates = new Set<string>();
    let narrowed = true;
    for (const e of emails) {
      const ids = await addressCandidates(ctx, workspaceId, e);
      if (ids.length >= CANDIDATES) narrowed = false;
      for (const id of ids) candidates.add(id);
    }
    let rows: (RootRow & { emails: unknown })[] = [];
    if (narrowed) {
      for (const part of chunks([...candidates])) {
        rows.push(...(await sql<RootRow & { emails: unknown }>`select id, email, emails from contacts where workspace_id = ${workspaceId} and id in (${sql.join(part)})`.execute(k)).rows);
      }
    } else {
      const text = ctx.db.dialect === 'postgres' ? sql`emails::text` : sql`emails`;
      const likes = emails.map((e) => sql`lower(${text}) like ${`%${likeEscape(e)}%`} escape '\\'`);
      rows = (await sql<RootRow & { emails: unknown }>`select id, email, emails from contacts
        where workspace_id = ${workspaceId} and (${sql.join(likes, sql` or `)})`.execute(k)).rows;
    }
    const wanted = new Set(emails);
    add(rows.filter((row) => jsonList(row.emails).some((x) => typeof x.email === 'string' && wanted.has(norm(x.email)))).map(({ id, email }) => ({ id, email })));
  }
  return [...found.values()];
}

/**
 * Contacts whose search document holds the address's words in a row: an exact phrase, no prefixes
 * and no ranking, so a common word (a mail provider's domain) costs a seek, not a merge of a
 * million entries. The words come from `terms` (letters and digits only), safe inside the query.
 */
async function addressCandidates(ctx: AppContext, workspaceId: string, email: string): Promise<string[]> {
  const words = terms(email.replace(/[@._+-]+/g, ' '));
  if (words.length === 0) return [];
  const r =
    ctx.db.dialect === 'sqlite'
      ? await sql<{ id: string }>`select object_id as id from search_fts where search_fts match ${`"${words.join(' ')}"`}
          and workspace_id = ${workspaceId} and object_type = 'contact' limit ${CANDIDATES}`.execute(ctx.db.k)
      : await sql<{ id: string }>`select object_id as id from search_documents where tsv @@ to_tsquery('simple', ${words.join(' <-> ')})
          and workspace_id = ${workspaceId} and object_type = 'contact' limit ${CANDIDATES}`.execute(ctx.db.k);
  return r.rows.map((x) => x.id);
}

function jsonList(v: unknown): { email?: unknown }[] {
  try {
    const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
    return Array.isArray(parsed) ? (parsed as { email?: unknown }[]) : [];
  } catch {
    return [];
  }
}

/** Every row of the subject in `scope`: the subject rows themselves, then every linked table's rows. */
export async function resolveSubject(ctx: AppContext, scope: PrivacyScope, ids: SubjectIdentifiers): Promise<SubjectRows> {
  const k = ctx.db.k;
  const dialect = ctx.db.dialect;
  const rootTable = rootTableOf(scope);
  const roots = scope.kind === 'platform' ? await platformRoots(k, ids) : await workspaceRoots(ctx, scope.workspaceId, ids);
  const tables: Record<string, string[]> = {};
  if (roots.length > 0) tables[rootTable] = roots.map((r) => r.id).sort();
  // Values a link can match, per subject table and key column.
  const emails = new Set([...ids.emails.map(norm), ...roots.map((r) => r.email).filter((e): e is string => !!e)]);
  const plan = scopeTables(scope, dialect);
  const keyValues = async (table: string, key: string): Promise<string[]> => {
    if (table === rootTable) {
      if (key === 'id') return roots.map((r) => r.id);
      if (key === 'email') return [...emails];
      return [];
    }
    const found = tables[table] ?? [];
    if (key === 'id') return found;
    // A link through another column of a parent (analytics events hold the visitor id of the subject's visitor rows).
    const parent = plan.find((x) => x.table === table);
    if (!parent || found.length === 0) return [];
    const out = new Set<string>();
    for (const part of chunks(found)) {
      const r = await sql<{ v: string | null }>`select ${sql.ref(key)} as v from ${sql.table(table)} where ${rowFilter(parent, scope, part)}`.execute(k);
      for (const row of r.rows) if (row.v !== null && row.v !== undefined) out.add(String(row.v));
    }
    return [...out];
  };
  for (const t of plan) {
    const keys = new Set<string>();
    for (const link of t.links) {
      const values = await keyValues(link.table, link.key ?? 'id');
      if (values.length === 0) continue;
      const indexed = (await leadingIndexColumns(k, dialect, t.table)).has(link.column);
      for (const part of chunks(values)) {
        const r = await linkLookup(t, scope, link, part, indexed).execute(k);
        for (const row of r.rows) if (row.k !== null && row.k !== undefined) keys.add(String(row.k));
      }
    }
    if (keys.size > 0) tables[t.table] = [...keys].sort();
  }
  return { scope, tables, roots: roots.map((r) => ({ table: rootTable, id: r.id })), identifiers: ids };
}
