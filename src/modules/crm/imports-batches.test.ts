import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { runImport } from './import-jobs.js';
import { call, countRows, storedUploads, upload, type Caller, type ImportView } from './imports-test-support.js';

/**
 * A batch is one transaction: with 500-row batches, a database failure in row 750 of 1000 leaves the first batch (rows
 * 1–500) committed and nothing of the second, and the retried job resumes after row 500. A transaction may hold
 * several chunks (the CLI's larger commits): it commits or rolls back as one.
 */
describe.each(testDialects)('import batches on %s', (dialect) => {
  let ta: TestApp;
  let owner: Caller & { workspaceId: string };
  const progress: [number, number | null | undefined][] = [];
  const job = (attempt: number) => ({ attempt, progress: async (done: number, total?: number | null) => void progress.push([done, total]) });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const s = await signUp(ta, { email: 'owner@batches.example' });
    owner = { cookie: s.cookie, workspaceId: s.workspaceId };
  });
  afterAll(async () => {
    await ta?.close();
  });

  async function failOnEmail(email: string): Promise<() => Promise<void>> {
    const k = ta.ctx.db.k;
    if (dialect === 'sqlite') {
      await sql`create trigger import_boom before insert on contacts when new.email = ${sql.lit(email)} begin select raise(abort, 'provoked failure'); end`.execute(k);
      return async () => void (await sql`drop trigger import_boom`.execute(k));
    }
    await sql`create function import_boom() returns trigger language plpgsql as $$ begin if new.email = ${sql.lit(email)} then raise exception 'provoked failure'; end if; return new; end $$`.execute(k);
    await sql`create trigger import_boom before insert on contacts for each row execute function import_boom()`.execute(k);
    return async () => {
      await sql`drop trigger import_boom on contacts`.execute(k);
      await sql`drop function import_boom()`.execute(k);
    };
  }

  it('rolls back a failing batch whole and resumes after the last committed one', { timeout: 120_000 }, async () => {
    const lines = ['First Name,Email,Tags'];
    for (let i = 1; i <= 1000; i++) lines.push(`Bulk${i},p${i}@bulk.example,bulk`);
    const res = await upload(ta, owner, `${lines.join('\n')}\n`);
    expect(res.statusCode, res.body).toBe(202);
    const { id } = json<{ id: string }>(res);

    const heal = await failOnEmail('p750@bulk.example');
    await expect(runImport(ta.ctx, id, job(1), 500)).rejects.toThrow(/import stopped after row 501/);
    const half = json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`));
    expect(half).toMatchObject({ status: 'running', processed: 500, created: 500, total: 1000 });
    expect(await countRows(ta, 'contacts', owner.workspaceId)).toBe(500);
    const last = await ta.ctx.db.k.selectFrom('contacts').select('email').where('email', '=', 'p501@bulk.example').executeTakeFirst();
    expect(last).toBeUndefined();
    expect(progress).toEqual([[500, 1000]]);
    expect(storedUploads(ta)).toHaveLength(1);

    await heal();
    await runImport(ta.ctx, id, job(2), 500);
    const done = json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`));
    expect(done).toMatchObject({ status: 'completed', processed: 1000, created: 1000, updated: 0, errors: 0 });
    expect(await countRows(ta, 'contacts', owner.workspaceId)).toBe(1000);
    const dupes = await ta.ctx.db.k
      .selectFrom('contacts')
      .select('email')
      .where('workspace_id', '=', owner.workspaceId)
      .groupBy('email')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(dupes).toEqual([]);
    expect(progress).toEqual([[500, 1000], [1000, 1000]]);
    expect(storedUploads(ta)).toEqual([]);
    // The queued job finds the import finished and does nothing.
    await ta.drain();
    expect(json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`)).created).toBe(1000);
  });

  it('groups chunks into one transaction up to the commit size, and rolls the whole group back', { timeout: 120_000 }, async () => {
    progress.length = 0;
    const lines = ['First Name,Email'];
    for (let i = 1; i <= 1000; i++) lines.push(`Kelompok${i},g${i}@group.example`);
    const { id } = json<{ id: string }>(await upload(ta, owner, `${lines.join('\n')}\n`));
    // Chunks of 200 rows, committed 400 at a time: row 650 fails in the second group (rows 401-800).
    const limits = { chunkRows: 200, commitRows: 400, commitMs: 60_000 };
    const heal = await failOnEmail('g650@group.example');
    await expect(runImport(ta.ctx, id, job(1), limits)).rejects.toThrow(/import stopped after row 401/);
    expect(json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`))).toMatchObject({ status: 'running', processed: 400, created: 400 });
    expect(await ta.ctx.db.k.selectFrom('contacts').select('id').where('import_id', '=', id).execute()).toHaveLength(400);
    expect(progress).toEqual([[400, 1000]]);
    await heal();
    // A commit time of 0 commits after every chunk.
    await runImport(ta.ctx, id, job(2), { ...limits, commitMs: 0 });
    expect(progress).toEqual([[400, 1000], [600, 1000], [800, 1000], [1000, 1000]]);
    expect(json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`))).toMatchObject({ status: 'completed', processed: 1000, created: 1000, errors: 0 });
    const emails = await ta.ctx.db.k.selectFrom('contacts').select('email').where('import_id', '=', id).execute();
    expect(new Set(emails.map((e) => e.email)).size).toBe(1000);
  });

  it('marks the import failed after the last attempt, keeping the committed batches', { timeout: 60_000 }, async () => {
    const lines = ['Email'];
    for (let i = 1; i <= 600; i++) lines.push(`q${i}@fail.example`);
    const { id } = json<{ id: string }>(await upload(ta, owner, `${lines.join('\n')}\n`));
    const heal = await failOnEmail('q550@fail.example');
    try {
      await expect(runImport(ta.ctx, id, job(3), 500)).rejects.toThrow(/after row 501/);
    } finally {
      await heal();
    }
    const failed = json<ImportView>(await call(ta, owner, 'GET', `/api/v1/imports/${id}`));
    expect(failed).toMatchObject({ status: 'failed', processed: 500, created: 500 });
    expect(failed.finishedAt).not.toBeNull();
    expect(storedUploads(ta)).toEqual([]);
    const undo = await call(ta, owner, 'POST', `/api/v1/imports/${id}/undo`);
    expect(undo.statusCode).toBe(202);
    await ta.drain();
    const left = await ta.ctx.db.k.selectFrom('contacts').select('id').where('import_id', '=', id).execute();
    expect(left).toEqual([]);
  });
});
