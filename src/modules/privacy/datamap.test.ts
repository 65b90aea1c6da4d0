import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDialects, type TestDb } from '../../test/db.js';
import { columnsOf, DATAMAP, describeUnclassified, personalColumns, tableEntry, unclassified } from './datamap.js';
import { CATEGORIES, ERASURES, type ColumnEntry, type SubjectLink, type TableEntry } from './datamap/types.js';
import { liveColumns } from './schema-introspect.js';
import { withSchemaLock } from '../../db/migrate.js';

const tables = Object.entries(DATAMAP);

describe.each(testDialects)('the data map against the live schema on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('classifies every column of every table, and nothing that does not exist', async () => {
    const live = await liveColumns(t.db);
    expect(Object.keys(live)).toContain('users');
    const report = describeUnclassified(unclassified(live, dialect));
    if (report) expect.fail(`The data map (src/modules/privacy/datamap.ts) and the ${dialect} schema disagree:\n${report}`);
  });

  it('sees tables the map does not know, and entries the database does not have', async () => {
    await sql`create table zz_probe (id text primary key, secret_note text)`.execute(t.db.k);
    try {
      const u = unclassified({ ...(await liveColumns(t.db)), users: ['id'] }, dialect);
      expect(u.missingTables).toEqual(['zz_probe']);
      expect(u.missingColumns).toEqual(['zz_probe.id', 'zz_probe.secret_note']);
      expect(u.staleColumns).toContain('users.email');
      expect(describeUnclassified(u)).toContain('  zz_probe.secret_note');
      expect(unclassified({}, dialect).staleTables).toContain('users');
    } finally {
      // Under the schema lock: a migration in another test's schema may be reading the catalogue.
      await withSchemaLock(t.db, (k) => sql`drop table zz_probe`.execute(k));
    }
  });

  it.runIf(dialect === 'sqlite')('reads an FTS5 table but not the shadow tables that hold its index', async () => {
    await sql`create virtual table zz_search using fts5(title, body)`.execute(t.db.k);
    try {
      const live = await liveColumns(t.db);
      expect(live.zz_search).toEqual(['title', 'body']);
      expect(Object.keys(live).filter((n) => n.startsWith('zz_search_'))).toEqual([]);
      expect(Object.keys(live).filter((n) => n.startsWith('sqlite_'))).toEqual([]);
    } finally {
      await sql`drop table zz_search`.execute(t.db.k);
    }
  });
});

describe('the data map entries', () => {
  it('classifies the tables the foundation needs, and exposes them by name', () => {
    for (const name of ['users', 'sessions', 'email_tokens', 'workspaces', 'workspace_members', 'invitations', 'api_keys', 'login_throttle', 'policy_versions', 'policy_acceptances', 'audit_log', 'platform_settings', 'jobs', 'kysely_migration', 'kysely_migration_lock']) {
      expect(tableEntry(name), name).toBeDefined();
    }
    expect(tableEntry('toString')).toBeUndefined();
    expect(tableEntry('users')?.columns).toHaveProperty('email', expect.objectContaining({ personal: true, category: 'contact' }));
    expect(columnsOf('users')[0]).toMatchObject({ table: 'users', column: 'id', personal: false });
  });

  it('gives every personal column a category and an erasure strategy, and every hold a length', () => {
    const cols = personalColumns();
    expect(cols.length).toBeGreaterThan(0);
    const bad = cols.filter((c) => !CATEGORIES.includes(c.category) || !ERASURES.includes(c.erasure) || !c.description);
    expect(bad.map((c) => `${c.table}.${c.column}`)).toEqual([]);
    const holds = cols.filter((c) => c.erasure === 'keep');
    for (const c of holds) expect(c.erasure === 'keep' && c.holdYears > 0, `${c.table}.${c.column} needs holdYears`).toBe(true);
    // Sign-in secrets are never kept for anyone's benefit once the account is erased.
    expect(cols.filter((c) => c.category === 'credential' && c.erasure === 'keep')).toEqual([]);
  });

  it('keeps non-personal columns free of personal-only fields', () => {
    const all = tables.flatMap(([name]) => columnsOf(name));
    const leaky = all.filter((c) => !c.personal && ('category' in c || 'erasure' in c || 'selfService' in c));
    expect(leaky.map((c) => `${c.table}.${c.column}`)).toEqual([]);
    expect(all.filter((c) => !c.description).map((c) => `${c.table}.${c.column}`)).toEqual([]);
  });

  it('links subjects through columns that exist, to subject tables directly or through one parent', () => {
    const problems: string[] = [];
    const has = (e: TableEntry | undefined, col: string): boolean => e !== undefined && Object.hasOwn(e.columns, col);
    for (const [name, e] of tables) {
      const links: SubjectLink[] = [e.subject, ...(e.scopeLinks?.platform ?? []), ...(e.scopeLinks?.workspace ?? [])];
      if (e.scopeLinks && !has(e, 'workspace_id')) problems.push(`${name}: scope links need workspace_id to tell the scopes apart`);
      for (const s of links) {
        if (s.via === 'self' && !has(e, s.key)) problems.push(`${name}: self key ${s.key} is not a column`);
        if (s.via !== 'column') continue;
        const target = tableEntry(s.table);
        if (!has(e, s.column)) problems.push(`${name}: subject column ${s.column} is not a column`);
        // A link reaches a subject table directly or through one parent that links to one (a request's corrections).
        const parent = target?.subject.via === 'column' ? tableEntry(target.subject.table) : undefined;
        if (target?.subject.via === 'self') {
          if (!has(target, s.key ?? target.subject.key)) problems.push(`${name}: ${s.table}.${s.key ?? ''} is not a column`);
        } else if (parent?.subject.via === 'self') {
          if (!has(target, s.key ?? 'id')) problems.push(`${name}: ${s.table}.${s.key ?? 'id'} is not a column`);
        } else problems.push(`${name}: ${s.table} is not a subject table nor linked to one`);
        if (s.when && !has(e, s.when.column)) problems.push(`${name}: condition column ${s.when.column} is not a column`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps tenancy and retention consistent with the columns', () => {
    const problems: string[] = [];
    for (const [name, e] of tables) {
      const cols: Record<string, ColumnEntry> = e.columns;
      if (e.scope === 'workspace' && !Object.hasOwn(cols, 'workspace_id')) problems.push(`${name}: workspace scope without workspace_id`);
      if (e.retention.after !== undefined && !Object.hasOwn(cols, e.retention.after)) problems.push(`${name}: retention counts from unknown ${e.retention.after}`);
      if (e.retention.after !== undefined && e.retention.days === undefined) problems.push(`${name}: retention has a start but no days`);
      if (e.purposes.length === 0) problems.push(`${name}: no purpose`);
      if (e.scope === 'system' && e.subject.via !== 'none') problems.push(`${name}: system tables are about nobody`);
    }
    expect(problems).toEqual([]);
  });
});
