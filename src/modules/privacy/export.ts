/**
 * Access and portability (issue 4 item 4): a ZIP with one JSON and one CSV file per table, a JSON
 * Schema of those files and the HTML report, behind a single-use link that expires after 7 days.
 * Generic over the data map: every table of SubjectRows is read with its classified columns.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { CSV_BOM, csvText } from '../crm/csv-safe.js';
import type { ColumnEntry } from './datamap/types.js';
import type { ExportResult, PrivacyScope, SubjectRows } from './engine-types.js';
import { renderReportHtml, type ExportTable } from './export-html.js';
import { chunks, liveColumnsOf, rowFilter, subjectPlan } from './subject.js';
import { tableLabels } from './table-labels.js';

export const EXPORT_TTL_DAYS = 7;
const DAY_MS = 86_400_000;

export const exportsDir = (ctx: AppContext): string => join(ctx.config.dataDir, 'exports');

/** A value as JSON can carry it: times as ISO strings, bytes as base64. */
function plainValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/** Rows of every table of SubjectRows, with the columns a subject receives (all but credentials). */
export async function collectSubjectData(ctx: AppContext, rows: SubjectRows): Promise<ExportTable[]> {
  const plan = subjectPlan(rows.scope, ctx.db.dialect);
  const out: ExportTable[] = [];
  for (const [table, keys] of Object.entries(rows.tables).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const t = plan.get(table);
    if (!t || keys.length === 0) continue;
    const columns = liveColumnsOf(t.entry, ctx.db.dialect).filter(([, c]) => !(c.personal && c.category === 'credential'));
    const data: Record<string, unknown>[] = [];
    for (const part of chunks(keys)) {
      const r = await sql<Record<string, unknown>>`select ${sql.join(columns.map(([c]) => sql.ref(c)))} from ${sql.table(table)}
        where ${rowFilter(t, rows.scope, part)}`.execute(ctx.db.k);
      for (const row of r.rows) data.push(Object.fromEntries(columns.map(([c]) => [c, plainValue(row[c])])));
    }
    if (data.length > 0) out.push({ table, entry: t.entry, columns, rows: data });
  }
  return out;
}

function columnSchema(c: ColumnEntry): Record<string, unknown> {
  return {
    description: c.description,
    'x-personal': c.personal,
    ...(c.personal ? { 'x-category': c.category } : {}),
  };
}

/** A JSON Schema (2020-12) of every file in the archive, from the data map. */
export function exportSchema(tables: readonly ExportTable[]): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (const t of tables) {
    defs[t.table] = {
      title: t.table,
      description: t.entry.description,
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(t.columns.map(([name, c]) => [name, columnSchema(c)])),
      },
      'x-files': [`${t.table}.json`, `${t.table}.csv`],
      'x-purposes': t.entry.purposes,
      'x-lawful-basis': t.entry.lawfulBasis,
      'x-retention': t.entry.retention.summary,
      'x-recipients': t.entry.recipients,
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Personal data export',
    description: 'Each <table>.json file is an array of rows described under $defs.<table>; <table>.csv holds the same rows.',
    $defs: defs,
  };
}

function scopeLabel(scope: PrivacyScope): string {
  return scope.kind === 'platform' ? 'your account on the platform' : `the records of workspace ${scope.workspaceId}`;
}

/** The access report as HTML, for the officer's preview and the archive. */
export async function renderAccessReport(ctx: AppContext, rows: SubjectRows): Promise<string> {
  const tables = await collectSubjectData(ctx, rows);
  return renderReportHtml({ operator: ctx.config.operator.name, scopeLabel: scopeLabel(rows.scope), generatedAt: ctx.clock.now().toISOString() }, tables);
}

/** The archive's bytes: per table JSON and CSV, schema.json and report.html. */
export function buildZip(tables: readonly ExportTable[], html: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const t of tables) {
    const names = t.columns.map(([c]) => c);
    files[`${t.table}.json`] = strToU8(JSON.stringify(t.rows, null, 2));
    files[`${t.table}.csv`] = strToU8(CSV_BOM + csvText([names, ...t.rows.map((r) => names.map((n) => r[n]))]));
  }
  files['schema.json'] = strToU8(JSON.stringify(exportSchema(tables), null, 2));
  files['report.html'] = strToU8(html);
  return zipSync(files, { level: 6 });
}

/**
 * Builds the archive, stores it under DATA_DIR/exports with a random name and records it with the
 * hash of a fresh link token; returns the token (the only copy) for the emailed link.
 */
export async function buildExport(ctx: AppContext, scope: PrivacyScope, rows: SubjectRows, opts: { requestId?: string; userId?: string } = {}): Promise<ExportResult> {
  const tables = await collectSubjectData(ctx, rows);
  const now = ctx.clock.now();
  const html = renderReportHtml({ operator: ctx.config.operator.name, scopeLabel: scopeLabel(scope), generatedAt: now.toISOString() }, tables);
  const zip = buildZip(tables, html);
  const dir = exportsDir(ctx);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileName = `${randomToken(18)}.zip`;
  writeFileSync(join(dir, fileName), zip, { mode: 0o600 });
  const token = randomToken();
  const id = newId('pex');
  const expiresAt = new Date(now.getTime() + EXPORT_TTL_DAYS * DAY_MS).toISOString();
  const workspaceId = scope.kind === 'workspace' ? scope.workspaceId : null;
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx
      .insertInto('privacy_exports')
      .values({ id, request_id: opts.requestId ?? null, workspace_id: workspaceId, user_id: opts.userId ?? null, token_hash: sha256Hex(token), file_name: fileName, size_bytes: zip.byteLength, created_at: now.toISOString(), expires_at: expiresAt, downloaded_at: null, deleted_at: null })
      .execute();
    const counts = Object.fromEntries(tables.map((t) => [t.table, t.rows.length]));
    await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId, action: 'privacy.export_created', target: { type: 'privacy_export', id }, details: { requestId: opts.requestId ?? null, tables: counts } }, trx);
  });
  return { exportId: id, token, expiresAt, tables: tables.map((t) => ({ table: t.table, labels: tableLabels(t.table), rows: t.rows.length })) };
}

const timeOf = (v: unknown): number => new Date(v instanceof Date ? v : String(v)).getTime();

/**
 * Hands out the archive once: the link is claimed atomically (a second click or a mail scanner
 * racing the subject gets export_used), the file is read and deleted at once.
 */
export async function redeemExport(ctx: AppContext, token: string): Promise<{ buffer: Buffer; fileName: string }> {
  const row = await ctx.db.k.selectFrom('privacy_exports').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
  if (!row) throw new HttpError(404, 'token_invalid', 'This download link is not valid');
  if (row.downloaded_at) throw new HttpError(410, 'export_used', 'This download link has been used already');
  const now = ctx.clock.now();
  if (row.deleted_at || timeOf(row.expires_at) <= now.getTime()) throw new HttpError(410, 'export_expired', 'This download link has expired');
  const at = now.toISOString();
  const claimed = await ctx.db.k.updateTable('privacy_exports').set({ downloaded_at: at }).where('id', '=', row.id).where('downloaded_at', 'is', null).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new HttpError(410, 'export_used', 'This download link has been used already');
  const path = join(exportsDir(ctx), row.file_name);
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch {
    throw new HttpError(410, 'export_expired', 'This download link has expired');
  }
  rmSync(path, { force: true });
  await ctx.db.k.updateTable('privacy_exports').set({ deleted_at: at }).where('id', '=', row.id).execute();
  await audit.record(ctx.db, ctx.clock, { actor: { type: 'subject', id: null }, workspaceId: row.workspace_id, action: 'privacy.export_downloaded', target: { type: 'privacy_export', id: row.id } });
  return { buffer, fileName: `personal-data-${at.slice(0, 10)}.zip` };
}

/** Deletes the files of links past expiry (the daily privacy.purge_exports job). */
export async function purgeExpiredExports(ctx: AppContext): Promise<{ deleted: number }> {
  const now = ctx.clock.now().toISOString();
  const due = await ctx.db.k.selectFrom('privacy_exports').select(['id', 'file_name']).where('deleted_at', 'is', null).where('expires_at', '<=', now).execute();
  for (const r of due) {
    rmSync(join(exportsDir(ctx), r.file_name), { force: true });
    await ctx.db.k.updateTable('privacy_exports').set({ deleted_at: now }).where('id', '=', r.id).execute();
  }
  return { deleted: due.length };
}
