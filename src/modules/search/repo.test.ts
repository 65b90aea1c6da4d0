import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { createTestApp, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { docBase, SLOTS } from './doc-rowid.js';
import * as repo from './repo.js';

/**
 * The search index keeps one document per record through creates, replacements and deletes; on
 * SQLite documents sit at rowids computed from the record (doc-rowid.ts), records that share a base
 * rowid take separate slots, and a document stored elsewhere (an index written before) is still found.
 */
describe.each(testDialects)('search index documents on %s', (dialect) => {
  let ta: TestApp;
  let ws: string;
  const doc = (id: string, title: string): repo.SearchDoc => ({ workspaceId: ws, objectType: 'contact', objectId: id, title, body: '' });
  const titles = async (q: string) => (await repo.query(ta.ctx.db.k, dialect, ws, q, ['contact'], 50)).map((h) => `${h.objectId}:${h.title}`).sort();

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ws = (await signUp(ta, { email: 'owner@indeks.example' })).workspaceId;
  });
  afterAll(async () => {
    await ta?.close();
  });

  /** Two contact ids of millisecond `at` whose documents share a base rowid. */
  const sameBase = (at: number): [string, string] => {
    const seen = new Map<bigint, string>();
    for (;;) {
      const id = newId('ct', at);
      const base = docBase('contact', id);
      const other = seen.get(base);
      if (other) return [other, id];
      seen.set(base, id);
    }
  };

  it('places records of the same millisecond whose hashes meet in separate slots, and replaces and deletes each alone', async () => {
    const [a, b] = sameBase(Date.now());
    await repo.insertMany(ta.ctx.db.k, dialect, [doc(a, 'Kembar Satu'), doc(b, 'Kembar Dua')]);
    expect(await titles('kembar')).toEqual([`${a}:Kembar Satu`, `${b}:Kembar Dua`].sort());
    await repo.upsert(ta.ctx.db.k, dialect, doc(b, 'Kembar Diganti'));
    expect(await titles('kembar')).toEqual([`${a}:Kembar Satu`, `${b}:Kembar Diganti`].sort());
    await repo.remove(ta.ctx.db.k, dialect, 'contact', a);
    expect(await titles('kembar')).toEqual([`${b}:Kembar Diganti`]);
    await repo.remove(ta.ctx.db.k, dialect, 'contact', b);
    expect(await titles('kembar')).toEqual([]);
  });

  it('gives two documents of one base separate slots when they fall into different look-up groups of one batch', async () => {
    // place() looks rowids up 1,000 documents at a time: 999 earlier documents, then a pair sharing a
    // base, put the pair either side of a group boundary (this once failed the insert on its primary key).
    const at = Date.now() - 60_000;
    const pair = sameBase(at);
    const earlier = Array.from({ length: 999 }, (_, i) => doc(newId('ct', at - 1 - (i % 5)), `Rombongan ${i}`));
    await repo.insertMany(ta.ctx.db.k, dialect, [...earlier, doc(pair[0], 'Pasangan Satu'), doc(pair[1], 'Pasangan Dua')]);
    expect(await titles('pasangan')).toEqual([`${pair[0]}:Pasangan Satu`, `${pair[1]}:Pasangan Dua`].sort());
    await repo.remove(ta.ctx.db.k, dialect, 'contact', pair[0]);
    expect(await titles('pasangan')).toEqual([`${pair[1]}:Pasangan Dua`]);
  });

  it('stores a document at one of its own rowids', async () => {
    if (dialect !== 'sqlite') return;
    const id = newId('ct');
    await repo.insertMany(ta.ctx.db.k, dialect, [doc(id, 'Baris Sendiri')]);
    const base = docBase('contact', id);
    const r = await sql<{ off: number }>`select rowid - ${base} as off from search_fts where object_id = ${id}`.execute(ta.ctx.db.k);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.off).toBeGreaterThanOrEqual(0);
    expect(r.rows[0]!.off).toBeLessThan(SLOTS);
  });

  it('finds and removes a document stored at any other rowid (written before rowids were computed)', async () => {
    if (dialect !== 'sqlite') return;
    const id = newId('ct');
    await sql`insert into search_fts (rowid, title, body, workspace_id, object_type, object_id) values (7, 'Lama Sekali', '', ${ws}, 'contact', ${id})`.execute(ta.ctx.db.k);
    expect(await titles('lama')).toEqual([`${id}:Lama Sekali`]);
    await repo.upsert(ta.ctx.db.k, dialect, doc(id, 'Lama Baru'));
    expect(await titles('lama')).toEqual([`${id}:Lama Baru`]);
    await repo.remove(ta.ctx.db.k, dialect, 'contact', id);
    expect(await titles('lama')).toEqual([]);
  });
});
