import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE_NAME } from './seed.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kodepos.mjs');
const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI in a child process, on SQLite in `dataDir` whatever the caller's environment says. */
async function cli(args: string[], dataDir: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', BASE_URL: 'http://import.kodepos.test' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('kodepos import', () => {
  let dataDir: string;
  let files: string;
  let workspaceId = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kodepos-import-'));
    files = mkdtempSync(join(tmpdir(), 'kodepos-import-files-'));
    const seeded = await cli(['seed', '--demo', '--password', 'demo password 123'], dataDir);
    expect(seeded.code, seeded.stderr).toBe(0);
    const db = new SQLite(join(dataDir, 'kodepos.db'), { readonly: true });
    try {
      workspaceId = (db.prepare('select id from workspaces where name = ?').get(DEMO_WORKSPACE_NAME) as { id: string }).id;
    } finally {
      db.close();
    }
  }, 120_000);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('imports a CSV as the system actor, prints the counts and exits 0', { timeout: 120_000 }, async () => {
    const csv = join(files, 'hubspot.csv');
    writeFileSync(csv, 'First Name,Last Name,Email,Company Name\nRatna,Sari,ratna@cli.example,PT Baris Perintah\nYoga,Pratama,yoga@cli.example,\nBroken,Row,not-an-email,\n');

    const dry = await cli(['import', csv, '--workspace', workspaceId, '--object', 'contact', '--dry-run'], dataDir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run of 3 rows (nothing written): would create 2, update 0, skip 0; 1 rejected');
    expect(dry.stdout).toContain('row 4, Email:');

    const r = await cli(['import', csv, '--workspace', workspaceId, '--object', 'contact', '--dedupe', 'update'], dataDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Import imp_\w+ completed: 3 of 3 rows; created 2, updated 0, skipped 0, rejected 1/);
    expect(r.stdout).toContain('/rejected.csv');

    const db = new SQLite(join(dataDir, 'kodepos.db'), { readonly: true });
    try {
      const imported = db.prepare('select email, import_id from contacts where workspace_id = ? and import_id is not null order by email').all(workspaceId) as { email: string }[];
      expect(imported.map((c) => c.email)).toEqual(['ratna@cli.example', 'yoga@cli.example']);
      const imp = db.prepare("select actor_type, created_by, status from imports where status = 'completed'").get() as { actor_type: string; created_by: string | null };
      expect(imp).toEqual({ actor_type: 'system', created_by: null, status: 'completed' });
      // Imported contacts are audited per batch: one entry naming the ids, no personal data.
      const audited = db.prepare("select details from audit_log where action = 'contact.imported' and actor_type = 'system'").all() as { details: string }[];
      expect(audited).toHaveLength(1);
      expect(JSON.parse(audited[0]!.details)).toMatchObject({ count: 2 });
    } finally {
      db.close();
    }
    const uploads = join(dataDir, 'imports');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);

    const again = await cli(['import', csv, '--workspace', workspaceId, '--object', 'contact', '--dedupe', 'skip'], dataDir);
    expect(again.stdout).toContain('created 0, updated 0, skipped 2, rejected 1');
  });

  it('imports a local file larger than the 50 MB upload limit, streamed', { timeout: 120_000 }, async () => {
    // 51 MB: two good rows around one row whose 51 MB cell the size guard cuts (that row alone is refused).
    const csv = join(files, 'large.csv');
    writeFileSync(csv, `Email,Notes\nbesar1@cli.example,ok\nbesar2@cli.example,${'x'.repeat(51 * 1024 * 1024)}\nbesar3@cli.example,ok\n`);
    const r = await cli(['import', csv, '--workspace', workspaceId, '--object', 'contact', '--mapping', '{"Notes": null}'], dataDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/completed: 3 of 3 rows; created 2, updated 0, skipped 0, rejected 1/);
    rmSync(csv);
  });

  it('exits 1 with a message for a workspace that does not exist or a file that is not UTF-8', { timeout: 120_000 }, async () => {
    const csv = join(files, 'ok.csv');
    writeFileSync(csv, 'Email\nx@cli.example\n');
    const noWs = await cli(['import', csv, '--workspace', 'ws_nope', '--object', 'contact'], dataDir);
    expect(noWs.code).toBe(1);
    expect(noWs.stderr).toContain('No workspace ws_nope');
    const latin1 = join(files, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('Email,First Name\nj@cli.example,Jos\u00e9\n', 'latin1'));
    const bad = await cli(['import', latin1, '--workspace', workspaceId, '--object', 'contact'], dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid_encoding');
    const help = await cli(['import', '--help'], dataDir);
    expect(help.stdout).toContain('Usage: kodepos import [options] <file>');
    expect(help.stdout).toContain('--dry-run');
  });
});
