import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, testDialects, type TestDb } from '../test/db.js';
import { readNow, relaxedTx } from './db.js';
import { preparedQuery } from './prepared.js';
import { migrateToLatest } from './migrate.js';

describe.each(testDialects)('data layer on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('migrates, and a second run applies nothing', async () => {
    const again = await migrateToLatest(t.db);
    expect(again.applied).toEqual([]);
  });

  it('reads timestamps back as ISO strings and JSON as text on both dialects', async () => {
    const now = new Date('2026-03-01T10:20:30.456Z').toISOString();
    await t.db.k
      .insertInto('platform_settings')
      .values({ key: 'probe', value: JSON.stringify({ a: 1 }), updated_at: now })
      .execute();
    const row = await t.db.k.selectFrom('platform_settings').selectAll().where('key', '=', 'probe').executeTakeFirstOrThrow();
    expect(row.updated_at).toBe(now);
    expect(JSON.parse(row.value)).toEqual({ a: 1 });
  });

  it('enforces foreign keys', async () => {
    const now = new Date().toISOString();
    await expect(
      t.db.k
        .insertInto('sessions')
        .values({ id: 's1', user_id: 'nobody', token_hash: 'x', created_at: now, last_seen_at: now, expires_at: now })
        .execute(),
    ).rejects.toThrow();
  });

  it('rolls back a failed transaction whole', async () => {
    const now = new Date().toISOString();
    await expect(
      t.db.k.transaction().execute(async (trx) => {
        await trx.insertInto('platform_settings').values({ key: 'half', value: '1', updated_at: now }).execute();
        await trx.insertInto('platform_settings').values({ key: 'half', value: '2', updated_at: now }).execute();
      }),
    ).rejects.toThrow();
    const rows = await t.db.k.selectFrom('platform_settings').selectAll().where('key', '=', 'half').execute();
    expect(rows).toEqual([]);
  });

  it('commits a relaxed transaction without waiting for the disk, all or nothing, and leaves the connection as it was', async () => {
    const now = new Date().toISOString();
    const durability = async (k: typeof t.db.k): Promise<string> =>
      dialect === 'sqlite'
        ? String((await sql<{ synchronous: number }>`pragma synchronous`.execute(k)).rows[0]?.synchronous)
        : String((await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(k)).rows[0]?.synchronous_commit);
    const inside = await relaxedTx(t.db, async (trx) => {
      await trx.insertInto('platform_settings').values({ key: 'relaxed', value: '1', updated_at: now }).execute();
      return durability(trx);
    });
    // SQLite: NORMAL (1) for this commit; PostgreSQL: synchronous_commit off for this transaction.
    expect(inside).toBe(dialect === 'sqlite' ? '1' : 'off');
    expect(await durability(t.db.k)).toBe(dialect === 'sqlite' ? '2' : 'on');
    expect((await t.db.k.selectFrom('platform_settings').select('value').where('key', '=', 'relaxed').executeTakeFirst())?.value).toBe('1');

    await expect(
      relaxedTx(t.db, async (trx) => {
        await trx.insertInto('platform_settings').values({ key: 'relaxed-half', value: '1', updated_at: now }).execute();
        await trx.insertInto('platform_settings').values({ key: 'relaxed-half', value: '2', updated_at: now }).execute();
      }),
    ).rejects.toThrow();
    expect(await t.db.k.selectFrom('platform_settings').selectAll().where('key', '=', 'relaxed-half').execute()).toEqual([]);
    expect(await durability(t.db.k)).toBe(dialect === 'sqlite' ? '2' : 'on');
  });

  it('runs a prepared read at once only when no transaction is open, so it never sees uncommitted rows', async () => {
    const now = new Date().toISOString();
    const setting = preparedQuery((k: typeof t.db.k, key: string) => k.selectFrom('platform_settings').select('value').where('key', '=', key));
    await t.db.k.insertInto('platform_settings').values({ key: 'prepared', value: 'before', updated_at: now }).execute();
    expect(await setting(t.db.k, 'prepared')).toEqual([{ value: 'before' }]);
    // At once on SQLite's root handle; through Kysely on PostgreSQL.
    const direct = readNow<{ value: string }>(t.db.k, dialect === 'sqlite' ? 'select value from platform_settings where key = ?' : 'select 1', ['prepared']);
    expect(direct).toEqual(dialect === 'sqlite' ? [{ value: 'before' }] : undefined);
    expect(readNow(t.db.k, dialect === 'sqlite' ? "update platform_settings set value = 'x' where key = ?" : 'select 1', ['none'])).toBeUndefined();

    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let entered = () => {};
    const inside = new Promise<void>((r) => (entered = r));
    const writer = t.db.k.transaction().execute(async (trx) => {
      await trx.updateTable('platform_settings').set({ value: 'after' }).where('key', '=', 'prepared').execute();
      // A transaction's own handle reads its own write, through Kysely.
      expect(readNow(trx, 'select 1', [])).toBeUndefined();
      expect(await setting(trx, 'prepared')).toEqual([{ value: 'after' }]);
      entered();
      await held;
      throw new Error('rolled back');
    });
    await inside;
    // From outside the open transaction its write is never seen: PostgreSQL reads the committed
    // value, SQLite's read waits for the connection and then reads what the rollback left.
    const outside = setting(t.db.k, 'prepared');
    release();
    await expect(writer).rejects.toThrow('rolled back');
    expect(await outside).toEqual([{ value: 'before' }]);
    expect(await setting(t.db.k, 'prepared')).toEqual([{ value: 'before' }]);
  });

  it.runIf(dialect === 'sqlite')('runs SQLite in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(t.db.k);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(t.db.k);
    expect(sync.rows[0]?.synchronous).toBe(2);
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(t.db.k);
    expect(fk.rows[0]?.foreign_keys).toBe(1);
  });
});
