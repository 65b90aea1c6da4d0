import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../modules/audit/service.js';
import { jobScope } from '../modules/crm/import-jobs.js';
import * as imports from '../modules/crm/imports-service.js';
import { search } from '../modules/search/service.js';
import { createTestApp, signUp, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';
import { runImportCommand } from './import.js';

/**
 * `kodepos import` in this process, with the CLI's transactions and SQLite settings: every row is
 * found by search, an undo takes them out of the index again, and the connection gets its settings
 * back afterwards. (Transactions of several chunks: imports-batches.test.ts.)
 */
describe.each(testDialects)('kodepos import in process on %s', (dialect) => {
  let ta: TestApp;
  let ws: string;
  let files: string;
  const pragma = async (name: string): Promise<number> => Number((await sql.raw<Record<string, number>>(`pragma ${name}`).execute(ta.ctx.db.k)).rows[0]?.[name]);

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ws = (await signUp(ta, { email: 'owner@cli-run.example' })).workspaceId;
    files = mkdtempSync(join(tmpdir(), 'kodepos-import-run-'));
  });
  afterAll(async () => {
    await ta?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('imports 1,500 rows indexed for search, puts the settings back, and undo forgets them', { timeout: 180_000 }, async () => {
    const lines = ['First Name,Last Name,Email,Company'];
    for (let i = 0; i < 1500; i++) lines.push(`Baris${i},Perintah${i % 10},cli${i}@baris.example,${i % 3 ? `PT Baris ${i % 40}` : ''}`);
    const csv = join(files, 'contacts.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const before = dialect === 'sqlite' ? [await pragma('cache_size'), await pragma('wal_autocheckpoint')] : [];
    const log: string[] = [];
    const code = await runImportCommand(ta.ctx, csv, { workspace: ws, object: 'contact', dedupe: 'create' }, { log: (l) => log.push(l), stream: new PassThrough() as unknown as NodeJS.WriteStream });
    expect(code, log.join('\n')).toBe(0);
    expect(log.join('\n')).toMatch(/completed: 1500 of 1500 rows; created 1500/);
    if (dialect === 'sqlite') expect([await pragma('cache_size'), await pragma('wal_autocheckpoint')]).toEqual(before);

    const hits = async (q: string) => (await search(ta.ctx, ws, q, ['contact'], 50)).map((h) => h.title);
    expect(await hits('baris1499')).toEqual(['Baris1499 Perintah9']);
    expect(await hits('cli1321')).toEqual(['Baris1321 Perintah1']);
    expect(await hits('baris')).toHaveLength(50);
    const companies = await search(ta.ctx, ws, 'baris', ['company'], 100);
    expect(companies).toHaveLength(40);

    const scope = jobScope(ws, SYSTEM);
    const [imp] = (await imports.list(ta.ctx, scope, 1)).data;
    await imports.undo(ta.ctx, scope, imp!.id);
    await ta.drain();
    expect(await hits('baris1499')).toEqual([]);
    expect(await hits('baris')).toEqual([]);
    expect(await search(ta.ctx, ws, 'baris', ['company'], 100)).toEqual([]);
  });
});
