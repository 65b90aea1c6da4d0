/**
 * Who a breach touched, found through the data map. The officer names tables of the scope and a
 * time window; a row is affected when any of its time columns (see TIME_COLUMNS: when it was made,
 * last changed, or the event it records happened) falls inside the window, both ends included.
 * Each affected row is followed to its subject the way the data map links it:
 *
 * - `self` on a table with an `email` column (accounts, contacts): that address;
 * - a `column` link keyed by `email`: the address in that column;
 * - a `column` link to the id of `users` or `contacts`: that account's or contact's address.
 *
 * Tables about nobody, and tables whose link leads elsewhere (e.g. an analytics visitor id), are
 * refused by name, so the officer knows they were not searched. Rows of other workspaces are
 * never read: workspace tables are bounded by `workspace_id`, the platform by `workspace_id IS NULL`
 * or by being platform tables.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import { tableEntry, DATAMAP, type ColumnLink, type TableEntry } from '../privacy/datamap.js';
import { tableLabel } from '../privacy/table-labels.js';

/** Column names taken as "when this row came to be or changed", in order of preference. */
export const TIME_COLUMNS = ['created_at', 'updated_at', 'occurred_at', 'received_at', 'submitted_at', 'sent_at', 'at'] as const;

export const AFFECTED_RULE =
  'A row is affected when one of its time columns (created_at, updated_at, occurred_at, received_at, submitted_at, sent_at, at) falls inside the window, both ends included; its subject is the address the data map links it to.';

/** Tables that hold addresses: a link to their id ends at their `email` column. */
const ADDRESS_TABLES = new Set(['users', 'contacts']);

type Scope = { workspaceId: string | null };

interface Plan {
  table: string;
  timeColumns: string[];
  /** How the address is read: from the row, or from the linked account/contact. */
  email: { from: 'row'; column: string } | { from: 'join'; table: string; column: string; key: string };
  bound: 'workspace' | 'platform_null' | 'none';
}

function linkFor(entry: TableEntry, platform: boolean): ColumnLink | { via: 'self'; key: string } | null {
  const links = entry.scopeLinks?.[platform ? 'platform' : 'workspace'];
  if (links?.length) return links[0] ?? null;
  if (entry.scopeLinks) return null;
  if (entry.subject.via === 'none') return null;
  return entry.subject;
}

function plan(table: string, scope: Scope): Plan | null {
  const entry = tableEntry(table);
  if (!entry) return null;
  const platform = scope.workspaceId === null;
  const inScope = platform ? entry.scope === 'platform' || Boolean(entry.scopeLinks?.platform) : entry.scope === 'workspace';
  if (!inScope) return null;
  const timeColumns = TIME_COLUMNS.filter((c) => Object.hasOwn(entry.columns, c));
  if (!timeColumns.length) return null;
  const link = linkFor(entry, platform);
  if (!link) return null;
  const bound = entry.scope === 'platform' ? 'none' : platform ? 'platform_null' : 'workspace';
  if (link.via === 'self') {
    if (!Object.hasOwn(entry.columns, 'email')) return null;
    return { table, timeColumns, email: { from: 'row', column: 'email' }, bound };
  }
  if (link.key === 'email') return { table, timeColumns, email: { from: 'row', column: link.column }, bound };
  if (!ADDRESS_TABLES.has(link.table)) return null;
  return { table, timeColumns, email: { from: 'join', table: link.table, column: link.column, key: link.key ?? 'id' }, bound };
}

/** The tables an officer of this scope may search, with the time columns each is searched by. */
export function searchableTables(scope: Scope): { table: string; label: string; timeColumns: string[] }[] {
  return Object.keys(DATAMAP)
    .map((t) => plan(t, scope))
    .filter((p): p is Plan => p !== null)
    .map((p) => ({ table: p.table, label: tableLabel(p.table, 'en'), timeColumns: p.timeColumns }));
}

export interface AffectedSubject {
  email: string;
  locale: 'en' | 'id';
  tables: string[];
}

/** Distinct addresses of the subjects whose rows in `tables` fall in [from, to]. */
export async function affectedSubjects(ctx: AppContext, scope: Scope, tables: string[], from: string, to: string): Promise<AffectedSubject[]> {
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(to).toISOString();
  if (fromIso > toIso) throw badRequest('validation_failed', 'The window ends before it starts', [{ path: 'to', message: 'must not be before from' }]);
  const plans = tables.map((t) => ({ t, p: plan(t, scope) }));
  const refused = plans.filter((x) => !x.p).map((x) => x.t);
  if (refused.length) {
    throw badRequest('validation_failed', 'These tables cannot be searched for subjects in this scope', refused.map((t) => ({ path: 'tables', message: `${t}: not a data-map table of this scope with a time column and a subject address` })));
  }
  const found = new Map<string, AffectedSubject>();
  for (const { p } of plans) {
    if (!p) continue;
    for (const row of await runPlan(ctx, p, scope, fromIso, toIso)) {
      if (!row.email) continue;
      const email = row.email.trim().toLowerCase();
      const s = found.get(email) ?? { email, locale: row.locale === 'id' ? 'id' : 'en', tables: [] };
      if (!s.tables.includes(p.table)) s.tables.push(p.table);
      found.set(email, s);
    }
  }
  return [...found.values()].sort((a, b) => a.email.localeCompare(b.email));
}

async function runPlan(ctx: AppContext, p: Plan, scope: Scope, from: string, to: string): Promise<{ email: string | null; locale: string | null }[]> {
  const pg = ctx.db.dialect === 'postgres';
  // Time columns are timestamptz on PostgreSQL and ISO text on SQLite, where text order is time order.
  const bound = (c: string): RawBuilder<unknown> => (pg ? sql`r.${sql.ref(c)} between ${from}::timestamptz and ${to}::timestamptz` : sql`r.${sql.ref(c)} between ${from} and ${to}`);
  const window = sql.join(p.timeColumns.map(bound), sql` or `);
  const tenancy = p.bound === 'workspace' ? sql`r.workspace_id = ${scope.workspaceId}` : p.bound === 'platform_null' ? sql`r.workspace_id is null` : sql`1 = 1`;
  let select: RawBuilder<unknown>;
  let join: RawBuilder<unknown> = sql``;
  if (p.email.from === 'row') {
    const hasLocale = Object.hasOwn(tableEntry(p.table)?.columns ?? {}, 'locale') && ADDRESS_TABLES.has(p.table);
    select = sql`r.${sql.ref(p.email.column)} as email, ${hasLocale ? sql`r.locale` : sql`null`} as locale`;
  } else {
    select = sql`s.email as email, s.locale as locale`;
    join = sql`join ${sql.table(p.email.table)} s on s.${sql.ref(p.email.key)} = r.${sql.ref(p.email.column)}`;
  }
  const res = await sql<{ email: string | null; locale: string | null }>`select distinct ${select} from ${sql.table(p.table)} r ${join} where ${tenancy} and (${window})`.execute(ctx.db.k);
  return res.rows;
}
