import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../modules/accounts/passwords.js';
import { DEMO_API_KEY_NAME, DEMO_INVITATION, DEMO_MEMBERS, DEMO_OWNER_EMAIL, DEMO_WORKSPACE_NAME } from './seed.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kodepos.mjs');
const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, on SQLite in `dataDir` whatever the caller's environment says. */
async function cli(args: string[], dataDir: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BASE_URL: 'http://demo.kodepos.test',
  };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('kodepos seed --demo', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kodepos-seed-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'creates the demo once, says so on a second run, and leaves an intact audit chain',
    { timeout: 240_000 },
    async () => {
      const first = await cli(['seed', '--demo', '--password', 'demo password 123'], dataDir);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`Created the demo workspace "${DEMO_WORKSPACE_NAME}"`);
      expect(first.stdout).toContain('Sign in at http://demo.kodepos.test/login');
      expect(first.stdout).toContain(`email:    ${DEMO_OWNER_EMAIL}`);
      expect(first.stdout).toContain('password: demo password 123');
      expect(first.stdout).toMatch(/API key "Demo integration" \(read, write\): kp_[A-Za-z0-9_-]{20,}/);

      const second = await cli(['seed', '--demo', '--password', 'demo password 123'], dataDir);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('The demo already exists');
      expect(second.stdout).toContain('--password was ignored');
      expect(second.stdout).not.toContain('kp_');

      const db = new SQLite(join(dataDir, 'kodepos.db'), { readonly: true });
      try {
        const count = (q: string, ...p: unknown[]): number => (db.prepare(q).get(...p) as { n: number }).n;
        const ws = db.prepare('select id, data_region from workspaces where name = ?').all(DEMO_WORKSPACE_NAME) as {
          id: string;
          data_region: string;
        }[];
        expect(ws).toHaveLength(1);
        expect(ws[0]?.data_region).toBe('ID');
        const wsId = ws[0]?.id;
        const roles = db
          .prepare(
            'select role, count(*) as n from workspace_members where workspace_id = ? group by role order by role',
          )
          .all(wsId);
        expect(roles).toEqual([
          { role: 'admin', n: 1 },
          { role: 'member', n: 2 },
          { role: 'owner', n: 1 },
          { role: 'privacy_officer', n: 1 },
          { role: 'viewer', n: 2 },
        ]);
        expect(count('select count(*) as n from users')).toBe(DEMO_MEMBERS.length + 1);
        expect(count('select count(*) as n from users where email_verified_at is null')).toBe(0);
        expect(count('select count(*) as n from policy_acceptances')).toBe(DEMO_MEMBERS.length + 1);
        expect(count("select count(*) as n from users where phone like '+62%'")).toBeGreaterThan(0);
        expect(count("select count(*) as n from users where phone like '+1 %'")).toBeGreaterThan(0);
        expect(
          count(
            'select count(*) as n from invitations where email = ? and accepted_at is null and revoked_at is null',
            DEMO_INVITATION.email,
          ),
        ).toBe(1);
        expect(
          count('select count(*) as n from api_keys where name = ? and revoked_at is null', DEMO_API_KEY_NAME),
        ).toBe(1);
        expect(count("select count(*) as n from audit_log where action in ('user.created', 'member.added')")).toBe(
          DEMO_MEMBERS.length * 2,
        );
        const owner = db.prepare('select password_hash from users where email = ?').get(DEMO_OWNER_EMAIL) as {
          password_hash: string;
        };
        expect(await verifyPassword(owner.password_hash, 'demo password 123')).toBe(true);
      } finally {
        db.close();
      }

      const verify = await cli(['audit', 'verify'], dataDir);
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/Audit log intact: \d+ entries verified/);
    },
  );

  it('refuses a short password', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kodepos-seed-'));
    try {
      const r = await cli(['seed', '--demo', '--password', 'short'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('--password');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kodepos --help', () => {
  const commands: [string[], string][] = [
    [[], 'Usage: kodepos'],
    [['start'], 'Usage: kodepos start'],
    [['migrate'], 'Usage: kodepos migrate'],
    [['admin', 'create'], 'Usage: kodepos admin create'],
    [['audit', 'verify'], 'Usage: kodepos audit verify'],
    [['seed'], 'Usage: kodepos seed'],
  ];
  it.each(commands)('kodepos %j --help prints usage and exits 0', { timeout: 120_000 }, async (args, usage) => {
    const r = await cli([...args, '--help'], join(tmpdir(), 'kodepos-help-unused'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(usage);
  });

  it('the seed help describes the demo', { timeout: 120_000 }, async () => {
    const r = await cli(['seed', '--help'], join(tmpdir(), 'kodepos-help-unused'));
    expect(r.stdout).toContain('--demo');
    expect(r.stdout).toContain('--password <password>');
    expect(r.stdout).toContain('Nusantara Niaga (Demo)');
  });
});
