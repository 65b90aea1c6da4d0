/**
 * Erasure (issue 4 item 6): every personal column of every row of the subject goes through its
 * data-map strategy in one transaction per scope; then the copies outside the database (outbox
 * mails, export archives) are deleted, processors are told, and the journal records the ids so a
 * restored backup can be erased again. Nothing here names a table but the two subject tables.
 */
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { hmacHex, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { forget } from '../search/service.js';
import type { PersonalColumn, Recipient } from './datamap/types.js';
import type { ErasureReport, PrivacyScope, SubjectRows } from './engine-types.js';
import { removeAttachmentFiles, removeExportFiles, removeOutboxMails } from './erasure-files.js';
import { appendJournal, readJournal } from './journal.js';
import { INTEGRATION_RECIPIENTS } from './recipients.js';
import { chunks, liveColumnsOf, rowFilter, subjectPlan, type ScopeTable } from './subject.js';
import { tableLabels } from './table-labels.js';

export interface ColumnType {
  /** Declared type as the database names it (lower case). */
  type: string;
  notNull: boolean;
  json: boolean;
  /** Can hold a text value (what a canary or a marker needs). */
  text: boolean;
  /** Computed by the database (PostgreSQL's search tsvector): never written. */
  generated: boolean;
  /** A foreign key: it can only hold another row's key. */
  references: boolean;
}

const typeCache = new Map<string, Map<string, ColumnType>>();

/** The live types of a table's columns (cached: the schema does not change while the app runs). */
export async function columnTypes(k: Kysely<Database>, dialect: DialectName, table: string): Promise<Map<string, ColumnType>> {
  const cacheKey = `${dialect}:${table}`;
  const hit = typeCache.get(cacheKey);
  if (hit) return hit;
  const out = new Map<string, ColumnType>();
  if (dialect === 'sqlite') {
    const r = await sql<{ name: string; type: string; notnull: number; hidden: number }>`select name, type, "notnull", hidden from pragma_table_xinfo(${table})`.execute(k);
    const fks = new Set((await sql<{ from: string }>`select "from" from pragma_foreign_key_list(${table})`.execute(k)).rows.map((x) => x.from));
    for (const c of r.rows) {
      const type = c.type.toLowerCase();
      out.set(c.name, { type, notNull: c.notnull === 1, json: false, text: type === '' || type === 'text', generated: c.hidden === 2 || c.hidden === 3, references: fks.has(c.name) });
    }
  } else {
    const r = await sql<{ column_name: string; data_type: string; is_nullable: string; is_generated: string }>`select column_name, data_type, is_nullable, is_generated
      from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(k);
    const fks = new Set((await sql<{ column_name: string }>`select kcu.column_name from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name
      where tc.table_schema = current_schema() and tc.table_name = ${table} and tc.constraint_type = 'FOREIGN KEY'`.execute(k)).rows.map((x) => x.column_name));
    for (const c of r.rows) {
      const type = c.data_type.toLowerCase();
      const json = type === 'jsonb' || type === 'json';
      out.set(c.column_name, { type, notNull: c.is_nullable === 'NO', json, text: json || type === 'text' || type === 'character varying', generated: c.is_generated === 'ALWAYS', references: fks.has(c.column_name) });
    }
  }
  if (out.size > 0) typeCache.set(cacheKey, out);
  return out;
}

const HASHED = /^[0-9a-f]{64}$/;

/** A JSON value as the database handed it back (parsed on PostgreSQL, text on SQLite), or undefined when it is not JSON. */
function asJson(value: unknown, type: ColumnType | undefined): unknown {
  if (typeof value !== 'string') return type?.json ? value : undefined;
  // A text column is JSON when it holds a list or an object; a JSON column may come back as its text.
  if (!type?.json && !/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return type?.json ? value : undefined;
  }
}

/**
 * The fixed marker a masked value becomes: an empty list or object for JSON, an unusable value for
 * credentials, a per-row address for addresses (they are unique), otherwise "erased".
 */
function maskValue(column: string, col: PersonalColumn, value: unknown, key: string, type: ColumnType | undefined): unknown {
  if (value === null || value === undefined) return type?.notNull ? 'erased' : null;
  const parsed = asJson(value, type);
  if (parsed !== undefined) return Array.isArray(parsed) ? '[]' : type?.json && typeof parsed !== 'object' ? JSON.stringify('erased') : '{}';
  if (col.category === 'credential') return '!erased';
  if (column.includes('email') || (typeof value === 'string' && value.includes('@'))) return `erased-${key}@invalid`;
  return 'erased';
}

/** What a column's strategy makes of a value; `undefined` leaves it (a legal hold). */
export function erasedValue(column: string, col: PersonalColumn, value: unknown, key: string, type: ColumnType | undefined, secret: string): unknown {
  switch (col.erasure) {
    case 'keep':
    case 'delete_row':
      return undefined;
    case 'null':
      return type?.notNull ? maskValue(column, col, value, key, type) : null;
    case 'mask':
      return maskValue(column, col, value, key, type);
    case 'pseudonymise': {
      if (value === null || value === undefined) return null;
      const s = typeof value === 'string' ? value : JSON.stringify(value);
      // Already a keyed hash (an erasure replayed): hashing again would break the link between copies.
      if (HASHED.test(s)) return s;
      const norm = s.includes('@') ? s.trim().toLowerCase() : s;
      return type?.json ? JSON.stringify(hmacHex(secret, norm)) : hmacHex(secret, norm);
    }
  }
}

const same = (a: unknown, b: unknown): boolean => {
  const text = (v: unknown): string => (v === null || v === undefined ? '\u0000null' : typeof v === 'string' ? v : JSON.stringify(v));
  return text(a) === text(b);
};

interface Applied {
  tables: ErasureReport['tables'];
  legalHolds: ErasureReport['legalHolds'];
  /** Rows deleted or changed: 0 when everything was erased already. */
  changed: number;
  exportFiles: string[];
  /** Ticket attachment files (paths under DATA_DIR/attachments) of deleted rows. */
  attachmentFiles: string[];
}

/** Applies the strategies to the rows of `tables` inside `trx`. Idempotent: erased values stay as they are. */
async function applyStrategies(ctx: AppContext, trx: Kysely<Database>, scope: PrivacyScope, tables: Record<string, string[]>): Promise<Applied> {
  const dialect = ctx.db.dialect;
  const plan = subjectPlan(scope, dialect);
  const out: Applied = { tables: [], legalHolds: [], changed: 0, exportFiles: [], attachmentFiles: [] };
  // Tables that link through another (a request's corrections) go first, so their parent rows still exist.
  const order = Object.keys(tables).sort((a, b) => rank(plan.get(b)) - rank(plan.get(a)) || (a < b ? -1 : 1));
  for (const table of order) {
    const t = plan.get(table);
    const keys = tables[table] ?? [];
    if (!t || keys.length === 0) continue;
    const personalCols = liveColumnsOf(t.entry, dialect).filter((e): e is [string, PersonalColumn] => e[1].personal);
    if (table === 'privacy_exports') out.exportFiles.push(...(await fileColumn(trx, t, scope, keys, 'file_name')));
    if (table === 'ticket_attachments') out.attachmentFiles.push(...(await fileColumn(trx, t, scope, keys, 'storage_path')));
    if (personalCols.some(([, c]) => c.erasure === 'delete_row')) {
      let n = 0;
      for (const part of chunks(keys)) {
        const r = await sql`delete from ${sql.table(table)} where ${rowFilter(t, scope, part)}`.execute(trx);
        n += Number(r.numAffectedRows ?? 0);
      }
      out.tables.push({ table, labels: tableLabels(table), rows: n, action: 'delete_row' });
      out.changed += n;
      continue;
    }
    const n = await anonymiseRows(ctx, trx, t, scope, keys, personalCols);
    out.changed += n.changed;
    out.tables.push({ table, labels: tableLabels(table), rows: n.rows, action: 'anonymise' });
    const holds = personalCols.filter(([, c]) => c.erasure === 'keep');
    if (holds.length > 0 && n.rows > 0) {
      const years = Math.max(...holds.map(([, c]) => (c.erasure === 'keep' ? c.holdYears : 0)));
      out.legalHolds.push({ table, labels: tableLabels(table), rows: n.rows, holdYears: years, reason: `${t.entry.retention.summary} (kept: ${holds.map(([c]) => c).join(', ')})` });
    }
  }
  return out;
}

const rank = (t: ScopeTable | undefined): number => (t && t.links.some((l) => l.table !== 'users' && l.table !== 'contacts') ? 1 : 0);

/** The values of a column naming a file in DATA_DIR (an export archive, a ticket attachment) of the rows about to be erased. */
async function fileColumn(trx: Kysely<Database>, t: ScopeTable, scope: PrivacyScope, keys: string[], column: string): Promise<string[]> {
  const names: string[] = [];
  for (const part of chunks(keys)) {
    const r = await sql<{ f: string }>`select ${sql.ref(column)} as f from ${sql.table(t.table)} where ${rowFilter(t, scope, part)}`.execute(trx);
    names.push(...r.rows.map((x) => x.f));
  }
  return names;
}

async function anonymiseRows(
  ctx: AppContext,
  trx: Kysely<Database>,
  t: ScopeTable,
  scope: PrivacyScope,
  keys: string[],
  cols: [string, PersonalColumn][],
): Promise<{ rows: number; changed: number }> {
  const types = await columnTypes(trx, ctx.db.dialect, t.table);
  const acted = cols.filter(([, c]) => c.erasure !== 'keep');
  // The account itself is marked, so sign-in and mail paths know nobody is there any more.
  const status = t.table === 'users' && Object.hasOwn(t.entry.columns, 'status') ? 'anonymised' : undefined;
  const selected = [...new Set([t.keyColumn, ...acted.map(([c]) => c), ...(status ? ['status'] : [])])];
  let rows = 0;
  let changed = 0;
  for (const part of chunks(keys)) {
    const r = await sql<Record<string, unknown>>`select ${sql.join(selected.map((c) => sql.ref(c)))} from ${sql.table(t.table)}
      where ${rowFilter(t, scope, part)}`.execute(trx);
    for (const row of r.rows) {
      rows++;
      const key = String(row[t.keyColumn]);
      const sets: [string, unknown][] = [];
      for (const [c, col] of acted) {
        const next = erasedValue(c, col, row[c], key, types.get(c), ctx.secret);
        if (next !== undefined && !same(row[c], next)) sets.push([c, next]);
      }
      if (status && row.status !== status) sets.push(['status', status]);
      if (sets.length === 0) continue;
      changed++;
      const assignments = sql.join(sets.map(([c, v]) => sql`${sql.ref(c)} = ${v}`));
      await sql`update ${sql.table(t.table)} set ${assignments} where ${rowFilter(t, scope, [key])}`.execute(trx);
    }
  }
  return { rows, changed };
}

/** The subject's addresses before erasure: what was asked with, and what the subject rows hold. */
async function subjectAddresses(trx: Kysely<Database>, rows: SubjectRows): Promise<string[]> {
  const out = new Set((rows.identifiers?.emails ?? []).map((e) => e.trim().toLowerCase()));
  for (const root of rows.roots) {
    const r = await sql<Record<string, unknown>>`select * from ${sql.table(root.table)} where id = ${root.id}`.execute(trx);
    const row = r.rows[0];
    if (!row) continue;
    if (typeof row.email === 'string') out.add(row.email.toLowerCase());
    const list = asJson(row.emails, typeof row.emails === 'string' ? undefined : { type: 'jsonb', notNull: true, json: true, text: true, generated: false, references: false });
    if (Array.isArray(list)) for (const x of list as { email?: unknown }[]) if (typeof x.email === 'string') out.add(x.email.toLowerCase());
  }
  return [...out].filter((e) => e.includes('@'));
}

/** SQLite keeps old page images in the WAL until a checkpoint: fold them into the file (zeroed by secure_delete) and empty the WAL. */
async function flushWal(ctx: AppContext): Promise<void> {
  if (ctx.db.dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(ctx.db.k);
}

/** Erases one subject in one scope. Writes the journal before the transaction commits. */
export async function eraseSubject(ctx: AppContext, scope: PrivacyScope, rows: SubjectRows, opts: { requestId?: string; actor: audit.Actor }): Promise<ErasureReport> {
  const erasedAt = ctx.clock.now().toISOString();
  const workspaceId = scope.kind === 'workspace' ? scope.workspaceId : null;
  const result = await ctx.db.k.transaction().execute(async (trx) => {
    const addresses = await subjectAddresses(trx, rows);
    // The search module first: it finds documents by their computed rowid (and scans for old ones).
    for (const root of rows.roots) if (root.table === 'contacts') await forget(trx, ctx, 'contact', root.id);
    const applied = await applyStrategies(ctx, trx, scope, rows.tables);
    // One task per third-party integration that received rows of an erased table, per address it knows.
    const recipients = new Set<Recipient>();
    for (const table of Object.keys(rows.tables)) for (const r of subjectPlan(scope, ctx.db.dialect).get(table)?.entry.recipients ?? []) recipients.add(r);
    const processors = INTEGRATION_RECIPIENTS.filter((r) => recipients.has(r));
    for (const recipient of processors) {
      for (const email of addresses) {
        await trx
          .insertInto('processor_deletion_tasks')
          .values({ id: newId('pdt'), request_id: opts.requestId ?? null, workspace_id: workspaceId, recipient, action: 'erase', subject_ref: sha256Hex(email), status: 'pending', attempts: 0, error: null, created_at: erasedAt, completed_at: null })
          .execute();
      }
    }
    const root = rows.roots[0];
    await audit.record(ctx.db, ctx.clock, {
      actor: opts.actor,
      workspaceId,
      action: 'privacy.subject_erased',
      target: root ? { type: root.table === 'users' ? 'user' : 'contact', id: root.id } : undefined,
      details: { requestId: opts.requestId ?? null, tables: Object.fromEntries(applied.tables.map((x) => [x.table, x.rows])), legalHolds: applied.legalHolds.map((h) => h.table), processorTasks: processors },
    }, trx);
    appendJournal(ctx, { v: 1, at: erasedAt, scope, requestId: opts.requestId ?? null, tables: rows.tables, roots: rows.roots });
    return { applied, addresses, processors };
  });
  await flushWal(ctx);
  const filesRemoved = removeOutboxMails(ctx, result.addresses) + removeExportFiles(ctx, result.applied.exportFiles) + removeAttachmentFiles(ctx, result.applied.attachmentFiles);
  return { erasedAt, tables: result.applied.tables, legalHolds: result.applied.legalHolds, processorTasks: result.processors, filesRemoved };
}

/**
 * Applies every journal entry again (after a backup from before an erasure was restored). Entries
 * whose rows hold nothing to erase change nothing; returns how many changed something.
 */
export async function replayErasures(ctx: AppContext): Promise<{ replayed: number }> {
  let replayed = 0;
  for (const entry of readJournal(ctx)) {
    const applied = await ctx.db.k.transaction().execute(async (trx) => {
      for (const root of entry.roots) if (root.table === 'contacts') await forget(trx, ctx, 'contact', root.id);
      const a = await applyStrategies(ctx, trx, entry.scope, entry.tables);
      if (a.changed > 0) {
        await audit.record(ctx.db, ctx.clock, {
          actor: audit.SYSTEM,
          workspaceId: entry.scope.kind === 'workspace' ? entry.scope.workspaceId : null,
          action: 'privacy.erasure_replayed',
          details: { requestId: entry.requestId, erasedAt: entry.at, changed: a.changed },
        }, trx);
      }
      return a;
    });
    removeExportFiles(ctx, applied.exportFiles);
    removeAttachmentFiles(ctx, applied.attachmentFiles);
    if (applied.changed > 0) replayed++;
  }
  await flushWal(ctx);
  return { replayed };
}
