import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { parse } from 'csv-parse/sync';
import { json, type TestApp } from '../../test/app.js';

/** Helpers of the import and export tests (test code only). */
export interface ImportView {
  id: string;
  status: string;
  processed: number;
  total: number;
  errors: number;
  created: number;
  updated: number;
  skipped: number;
  object: string;
  jobId: string | null;
  undoJobId: string | null;
  finishedAt: string | null;
  mapping: { column: string; field: string | null }[];
}

export interface ContactRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  emails: { email: string }[];
  phone: string | null;
  phones: { phone: string }[];
  title: string | null;
  companyId: string | null;
  companyIds: string[];
  address: { city: string | null; country: string | null };
  source: string | null;
  tags: string[];
  lifecycleStage: string;
  customFields: Record<string, unknown>;
}

export interface Caller {
  cookie?: string;
  authorization?: string;
}

function headersOf(who: Caller): Record<string, string> {
  return { ...(who.cookie ? { cookie: who.cookie } : {}), ...(who.authorization ? { authorization: who.authorization } : {}) };
}

/** A multipart/form-data body as a browser would send it. */
export function multipart(fields: Record<string, string>, file?: { name?: string; content: Buffer | string; field?: string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kodepos${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name ?? 'contacts.csv'}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(typeof file.content === 'string' ? Buffer.from(file.content) : file.content);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function upload(ta: TestApp, who: Caller, csv: Buffer | string, fields: Record<string, string> = {}, name = 'contacts.csv'): Promise<LightMyRequestResponse> {
  const body = multipart({ object: 'contact', ...fields }, { name, content: csv });
  return ta.app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { ...body.headers, ...headersOf(who) } });
}

export function call(ta: TestApp, who: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: headersOf(who) });
}

/** Uploads, expects 202, runs the job and returns the finished import. */
export async function importNow(ta: TestApp, who: Caller, csv: Buffer | string, fields: Record<string, string> = {}): Promise<ImportView> {
  const res = await upload(ta, who, csv, fields);
  if (res.statusCode !== 202) throw new Error(`upload answered ${res.statusCode}: ${res.body}`);
  const { id } = json<{ id: string }>(res);
  await ta.drain();
  return json<ImportView>(await call(ta, who, 'GET', `/api/v1/imports/${id}`));
}

export async function contactByEmail(ta: TestApp, who: Caller, email: string): Promise<ContactRecord | undefined> {
  const filter = encodeURIComponent(JSON.stringify([{ field: 'email', op: 'eq', value: email }]));
  return json<{ data: ContactRecord[] }>(await call(ta, who, 'GET', `/api/v1/contacts?filter=${filter}`)).data[0];
}

/** Rows of a CSV download, the BOM dropped. */
export function csvRows(body: string): string[][] {
  const rows: string[][] = parse(body.replace(/^\uFEFF/, ''), { relax_column_count: true });
  return rows;
}

export async function countRows(ta: TestApp, table: 'contacts' | 'companies' | 'imports' | 'import_rows_rejected', workspaceId?: string): Promise<number> {
  let q = ta.ctx.db.k.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Files left under `$DATA_DIR/imports` (uploads are deleted once an import is over). */
export function storedUploads(ta: TestApp): string[] {
  const dir = join(ta.t.dataDir, 'imports');
  return existsSync(dir) ? readdirSync(dir) : [];
}
