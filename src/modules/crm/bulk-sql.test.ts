import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachRow } from '../../db/db.js';
import type { Database } from '../../db/types.js';
import { createTestDb, testDialects, type TestDb } from '../../test/db.js';
import { insertRows, paddedLists, shapedChunks } from './bulk-sql.js';

describe('bulk statement shapes', () => {
  it('chunks every item once, in order, in at most log2(max) + 1 sizes', () => {
    const sizes = new Set<number>();
    for (let n = 0; n <= 1000; n++) {
      const xs = Array.from({ length: n }, (_, i) => i);
      const chunks = shapedChunks(xs, 200);
      expect(chunks.flat()).toEqual(xs);
      for (const c of chunks) sizes.add(c.length);
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 200]);
  });

  it('pads in-lists with a value they hold, to a power of two or the maximum', () => {
    expect(paddedLists([], 512)).toEqual([]);
    expect(paddedLists(['a', 'b', 'c'], 512)).toEqual([['a', 'b', 'c', 'a']]);
    const xs = Array.from({ length: 1100 }, (_, i) => `v${i}`);
    const lists = paddedLists(xs, 512);
    expect(lists.map((l) => l.length)).toEqual([512, 512, 128]);
    expect(new Set(lists.flat())).toEqual(new Set(xs));
  });
});

describe.each(testDialects)('insertRows on %s', (dialect) => {
  let t: TestDb;
  let k: Kysely<Database>;
  beforeAll(async () => {
    t = await createTestDb(dialect, { migrate: false });
    k = t.db.k;
    await sql`create table bulk_probe (id text primary key, n integer not null, note text)`.execute(k);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('inserts every row in shaped statements, undefined as null, and again with the same texts', async () => {
    const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, n: from + i, note: i % 3 ? `catatan ${from + i}` : undefined }));
    await insertRows(k, dialect, 'bulk_probe', rows(0, 301), 128);
    await insertRows(k, dialect, 'bulk_probe', rows(301, 301), 128);
    await insertRows(k, dialect, 'bulk_probe', [], 128);
    const got = await sql<{ id: string; n: number; note: string | null }>`select id, n, note from bulk_probe order by n`.execute(k);
    expect(got.rows).toHaveLength(602);
    expect(got.rows[0]).toEqual({ id: 'r0', n: 0, note: null });
    expect(got.rows[302]).toEqual({ id: 'r302', n: 302, note: 'catatan 302' });
    expect(got.rows.map((r) => r.n)).toEqual(Array.from({ length: 602 }, (_, i) => i));
  });
});

describe('insertRows on sqlite, one row a statement in one driver call', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('sqlite', { migrate: false });
    await sql`create table each_probe (id text primary key, n integer not null check (n >= 0))`.execute(t.db.k);
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  const count = async () => (await sql<{ c: number }>`select count(*) as c from each_probe`.execute(t.db.k)).rows[0]?.c;

  it('writes every row, reports the changes and takes part in the caller’s transaction', async () => {
    const r = await t.db.k.executeQuery(eachRow('insert into each_probe (id, n) values (?, ?)', [['a', 1], ['b', 2], ['c', 3]]));
    expect(r.numAffectedRows).toBe(3n);
    await expect(
      t.db.k.transaction().execute(async (trx) => {
        await insertRows(trx, 'sqlite', 'each_probe', [{ id: 'd', n: 4 }, { id: 'e', n: 5 }], 200);
        expect((await sql<{ c: number }>`select count(*) as c from each_probe`.execute(trx)).rows[0]?.c).toBe(5);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count()).toBe(3);
  });

  it('stops at a row that breaks a constraint, and the transaction undoes the rows before it', async () => {
    await expect(
      t.db.k.transaction().execute((trx) => insertRows(trx, 'sqlite', 'each_probe', [{ id: 'f', n: 6 }, { id: 'g', n: -1 }, { id: 'h', n: 8 }], 200)),
    ).rejects.toThrow(/CHECK constraint/);
    expect(await count()).toBe(3);
    // The same text runs plain again afterwards: the batch statement is cached apart from it.
    await sql`insert into each_probe (id, n) values (${'i'}, ${9})`.execute(t.db.k);
    expect(await count()).toBe(4);
  });
});
