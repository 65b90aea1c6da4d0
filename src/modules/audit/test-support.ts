import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { TestApp } from '../../test/app.js';

/** Test support: tampering with the audit log, and running the CLI. */

const ROOT = resolve(import.meta.dirname, '../../..');

/** Drops the append-only triggers, as an attacker with database access would. */
export async function dropAuditTriggers(ta: TestApp): Promise<void> {
  if (ta.ctx.db.dialect === 'postgres') {
    await sql`drop trigger audit_log_no_change on audit_log`.execute(ta.ctx.db.k);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(ta.ctx.db.k);
    await sql`drop trigger audit_log_no_delete`.execute(ta.ctx.db.k);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/kodepos.mjs …` on an embedded (SQLite) data directory, as an operator would. */
export function runCli(args: string[], dataDir: string): Promise<CliResult> {
  // A clean environment: the test runner's own variables (BASE_URL=/, DATABASE_URL…) must not leak in.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(ROOT, 'bin/kodepos.mjs'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
