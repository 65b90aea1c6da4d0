import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.js';
import type { DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';

export interface DialectMigration {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations run against the schema before it exists
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return Promise.resolve(out);
  }
}

export interface MigrateResult {
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrateResult> {
  // Name the schema on PostgreSQL: Kysely otherwise takes a migration table in any schema for ours.
  const migrator = new Migrator({
    db: db.k,
    provider: new StaticProvider(db.dialect),
    ...(db.pg ? { migrationTableSchema: db.pg.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const failed = results?.find((r) => r.status === 'Error');
  if (failed) throw new Error(`migration ${failed.migrationName} failed`);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
