import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDb, type Db } from '../db/db.js';
import type { DialectName } from '../db/dialect.js';
import { migrateToLatest, withSchemaLock } from '../db/migrate.js';

/**
 * The dialects this test run covers. SQLite always; PostgreSQL when `TEST_DATABASE_URL` is set
 * (`npm test` sets it after checking the server answers, and says so when it does not).
 */
export const testDialects: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb {
  db: Db;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a new schema of its own on PostgreSQL. */
export async function createTestDb(dialect: DialectName, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kodepos-test-'));
  let db: Db;
  let schema: string | undefined;
  if (dialect === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    schema = `t_${randomBytes(6).toString('hex')}`;
    db = await createDb({ dataDir, databaseUrl: url, pgSchema: schema });
  } else {
    db = await createDb({ dataDir });
  }
  if (opts.migrate !== false) await migrateToLatest(db);
  return {
    db,
    dataDir,
    async cleanup() {
      if (schema) {
        const name = schema;
        // Under the schema lock, so no migration elsewhere reads the catalogue while it changes.
        await withSchemaLock(db, async (k) => {
          await sql`drop schema if exists ${sql.id(name)} cascade`.execute(k);
          await sql`drop schema if exists ${sql.id(`${name}_boss`)} cascade`.execute(k);
        });
      }
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
