import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../test/app.js';
import { testDialects } from '../test/db.js';
import { runCli } from '../modules/audit/test-support.js';
import { createContact, fileVerified, type Officer } from '../modules/privacy/requests-test-support.js';
import { eraseFromCli, exportSubject, listRequests, replayFromCli } from './privacy.js';

describe.each(testDialects)('kodepos privacy (CLI) on %s', (dialect) => {
  let ta: TestApp;
  let owner: Officer;
  const lines: string[] = [];
  const log = (l: string): void => {
    lines.push(l);
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'cli-owner@privacy.example', name: 'Citra Owner', company: 'Toko CLI' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('lists requests as a table, filtered by status and workspace, without addresses', async () => {
    const id = await fileVerified(ta, { type: 'access', email: 'cli-subject@privacy.example', workspaceId: owner.workspaceId, jurisdiction: 'ccpa' });
    lines.length = 0;
    expect(await listRequests(ta.ctx, { status: 'open', workspace: owner.workspaceId }, log)).toBe(1);
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+STATUS\s+SCOPE\s+LAW\s+RECEIVED\s+DUE$/);
    expect(lines[1]).toContain(id);
    expect(lines[1]).toContain('ccpa');
    expect(lines.join('\n')).not.toContain('cli-subject@privacy.example');
    lines.length = 0;
    expect(await listRequests(ta.ctx, { status: 'completed' }, log)).toBe(0);
    expect(lines).toEqual(['No privacy requests.']);
    await expect(listRequests(ta.ctx, { status: 'bogus' }, log)).rejects.toThrow(/--status/);
  });

  it('exports one person to a ZIP file and erases them only with --yes', async () => {
    await createContact(ta, owner, { firstName: 'Ekspor', email: 'ekspor@privacy.example' });
    const out = join(ta.t.dataDir, 'subject.zip');
    await exportSubject(ta.ctx, { email: 'Ekspor@privacy.example', workspace: owner.workspaceId, out }, log);
    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['contacts.json', 'contacts.csv', 'schema.json']));
    expect(Buffer.from(files['contacts.json']!).toString()).toContain('ekspor@privacy.example');
    await expect(exportSubject(ta.ctx, { email: 'nobody@privacy.example', workspace: owner.workspaceId, out }, log)).rejects.toThrow(/No data subject/);
    await expect(exportSubject(ta.ctx, { email: 'ekspor@privacy.example', workspace: 'ws_missing', out }, log)).rejects.toThrow(/No workspace/);

    await expect(eraseFromCli(ta.ctx, { email: 'ekspor@privacy.example', workspace: owner.workspaceId }, log)).rejects.toThrow(/--yes/);
    lines.length = 0;
    await eraseFromCli(ta.ctx, { email: 'ekspor@privacy.example', workspace: owner.workspaceId, yes: true }, log);
    expect(lines[0]).toMatch(/^Erased: .*contacts 1/);
    const left = await ta.ctx.db.k.selectFrom('contacts').select('email').where('workspace_id', '=', owner.workspaceId).execute();
    expect(JSON.stringify(left)).not.toContain('ekspor@privacy.example');
    lines.length = 0;
    await replayFromCli(ta.ctx, log);
    expect(lines[0]).toMatch(/^Erasure journal re-applied: /);
  });

  it.runIf(dialect === 'sqlite')('runs as `kodepos privacy requests` and refuses erase without --yes', async () => {
    const list = await runCli(['privacy', 'requests', '--workspace', owner.workspaceId], ta.t.dataDir);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+TYPE/);
    const erase = await runCli(['privacy', 'erase', '--email', 'x@privacy.example', '--workspace', owner.workspaceId], ta.t.dataDir);
    expect(erase.code).toBe(1);
    expect(erase.stderr).toContain('--yes');
    expect(existsSync(join(ta.t.dataDir, 'outbox'))).toBe(true);
  });
});
