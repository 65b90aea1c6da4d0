import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, contactByEmail, countRows, csvRows, importNow, storedUploads, upload, type Caller } from './imports-test-support.js';

const codeOf = (body: string): string | undefined => (JSON.parse(body) as { error?: { code?: string } }).error?.code;

describe.each(testDialects)('import files on %s', (dialect) => {
  let ta: TestApp;
  let owner: Caller & { workspaceId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const s = await signUp(ta, { email: 'owner@files.example' });
    owner = { cookie: s.cookie, workspaceId: s.workspaceId };
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('imports a UTF-16 file with a byte-order mark (Excel "Unicode text"), tab- or semicolon-separated', async () => {
    const text = 'First Name\tLast Name\tE-mail Address\r\nJosé\tGonçalves\tjose@utf16.example\r\nŁucja\tŻak\tlucja@utf16.example\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await importNow(ta, owner, le)).toMatchObject({ status: 'completed', created: 2, errors: 0 });
    expect(await contactByEmail(ta, owner, 'jose@utf16.example')).toMatchObject({ firstName: 'José', lastName: 'Gonçalves' });
    const be = Buffer.from(Buffer.from(`\ufeff${'Nama;Email\nWidya;widya@utf16.example\n'}`, 'utf16le').swap16());
    const mapped = await importNow(ta, owner, be, { mapping: JSON.stringify({ Nama: 'firstName' }) });
    expect(mapped).toMatchObject({ status: 'completed', created: 1 });
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Email,First Name\nbom@utf8.example,Bom\n')]);
    expect(await importNow(ta, owner, bom8)).toMatchObject({ created: 1 });
    expect((await contactByEmail(ta, owner, 'bom@utf8.example'))?.firstName).toBe('Bom');
  });

  it('refuses Latin-1 and binary files with 400 invalid_encoding and keeps nothing', async () => {
    const before = await countRows(ta, 'imports', owner.workspaceId);
    const latin1 = Buffer.from('First Name,Email\nJos\u00e9,jose@latin1.example\n', 'latin1');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(2000, 7)]);
    const nul = Buffer.from('Email,First Name\nnul@x.example,A\u0000B\n');
    for (const file of [latin1, png, nul]) {
      const res = await upload(ta, owner, file);
      expect({ status: res.statusCode, code: codeOf(res.body) }, res.body).toEqual({ status: 400, code: 'invalid_encoding' });
    }
    expect(await countRows(ta, 'imports', owner.workspaceId)).toBe(before);
    expect(storedUploads(ta)).toEqual([]);
  });

  it('answers 413 payload_too_large to a 51 MB upload and keeps nothing', { timeout: 60_000 }, async () => {
    const before = await countRows(ta, 'imports', owner.workspaceId);
    const row = 'Filler,filler@big.example,'.padEnd(99, 'x') + '\n';
    const file = Buffer.from(`First Name,Email,Note\n${row.repeat(Math.ceil((51 * 1024 * 1024) / row.length))}`);
    expect(file.length).toBeGreaterThan(51 * 1024 * 1024);
    const res = await upload(ta, owner, file);
    expect({ status: res.statusCode, code: codeOf(res.body) }).toEqual({ status: 413, code: 'payload_too_large' });
    expect(await countRows(ta, 'imports', owner.workspaceId)).toBe(before);
    expect(storedUploads(ta)).toEqual([]);
  });

  it('refuses only the row of a 2 MB cell, and keeps the rows around it', async () => {
    const csv = `First Name,Email,Title\nBefore,before@cell.example,A\nHuge,huge@cell.example,"${'z'.repeat(2 * 1024 * 1024)}"\nAfter,after@cell.example,B\n`;
    const done = await importNow(ta, owner, csv);
    expect(done).toMatchObject({ status: 'completed', total: 3, created: 2, errors: 1 });
    expect(await contactByEmail(ta, owner, 'after@cell.example')).toBeDefined();
    expect(await contactByEmail(ta, owner, 'huge@cell.example')).toBeUndefined();
    const res = await call(ta, owner, 'GET', `/api/v1/imports/${done.id}/rejected.csv`);
    const rows = csvRows(res.body);
    expect(rows[1]?.slice(0, 4)).toEqual(['3', 'Title: the cell is longer than 65,536 characters', 'Huge', 'huge@cell.example']);
    expect(rows[1]?.[4]?.length).toBeLessThanOrEqual(1001);
  });

  it('rejects ragged rows and bad values per row, downloadable as formula-safe CSV', async () => {
    const csv = [
      'First Name,Email,Phone',
      'Good,good@ragged.example,+62 811 000 111',
      'Extra,extra@ragged.example,+62 811 000 222,surplus',
      'Short,short@ragged.example',
      'Bad,not-an-email,+62 811 000 333',
      '=HYPERLINK("http://evil.example"),evil@ragged.example,call me',
      'Last,last@ragged.example,',
      '',
    ].join('\n');
    const done = await importNow(ta, owner, csv);
    expect(done).toMatchObject({ status: 'completed', total: 6, processed: 6, created: 2, errors: 4 });
    const res = await call(ta, owner, 'GET', `/api/v1/imports/${done.id}/rejected.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="import-.*-rejected\.csv"$/);
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(['row', 'error', 'First Name', 'Email', 'Phone']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['3', '4', '5', '6']);
    expect(rows[1]).toEqual(['3', 'row: the row has 4 cells where the header has 3', 'Extra', 'extra@ragged.example', '+62 811 000 222', 'surplus'].map((c) => (c.startsWith('+') ? `'${c}` : c)));
    expect(rows[2]?.[1]).toBe('row: the row has 2 cells where the header has 3');
    expect(rows[3]?.[1]).toMatch(/^Email: /);
    expect(rows[4]?.[1]).toMatch(/^Phone: /);
    expect(rows[4]?.[2]).toBe('\'=HYPERLINK("http://evil.example")');
    expect(await countRows(ta, 'import_rows_rejected', owner.workspaceId)).toBeGreaterThanOrEqual(4);
  });

  it('reports a quote that never closes as one bad row, not a broken import', async () => {
    const csv = 'First Name,Email\nOpen,open@quote.example\n"Unclosed,unclosed@quote.example\nLost,lost@quote.example\n';
    const done = await importNow(ta, owner, csv);
    expect(done).toMatchObject({ status: 'completed', total: 2, created: 1, errors: 1 });
    const rows = csvRows((await call(ta, owner, 'GET', `/api/v1/imports/${done.id}/rejected.csv`)).body);
    expect(rows[1]?.[1]).toContain('never closed');
    const list = json<{ data: { id: string }[] }>(await call(ta, owner, 'GET', '/api/v1/imports?limit=2'));
    expect(list.data[0]?.id).toBe(done.id);
  });
});
