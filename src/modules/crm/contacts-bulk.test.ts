import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../http/errors.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { verify } from '../audit/service.js';
import { createMany } from './contacts-bulk.js';
import { jobScope } from './import-jobs.js';
import { call, importNow, type Caller, type ContactRecord } from './imports-test-support.js';
import type { ContactInput } from './schema.js';

const N = 1200;

describe.each(testDialects)('createMany on %s', (dialect) => {
  let ta: TestApp;
  let owner: Caller & { userId: string; workspaceId: string };
  let companyId = '';
  let hookId = '';
  const scope = () => jobScope(owner.workspaceId, { type: 'user', id: owner.userId });
  const input = (i: number): ContactInput => ({
    firstName: 'Massal',
    lastName: `Keluarga${i}`,
    email: `Orang${i}@Borongan.example`,
    phone: `+62 812 ${String(1_000_000 + i)}`,
    title: 'Manager',
    companyId,
    ownerId: owner.userId,
    tags: ['massal', 'massal'],
    address: { city: 'Bandung', country: 'ID' },
    lifecycleStage: 'customer',
    customFields: { segment: 'retail' },
  });
  const count = async (table: 'contacts' | 'timeline_events' | 'webhook_deliveries', where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) => {
    const q = where(base(table));
    return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  };
  const base = (table: 'contacts' | 'timeline_events' | 'webhook_deliveries') => ta.ctx.db.k.selectFrom(table).where('workspace_id', '=', owner.workspaceId);
  const searchCount = async (): Promise<number> => {
    const k = ta.ctx.db.k;
    const table = dialect === 'sqlite' ? 'search_fts' : 'search_documents';
    // The search tables are not in the Kysely schema (FTS5 / generated column): counted by name.
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where workspace_id = ${owner.workspaceId} and object_type = 'contact'`.execute(k);
    return Number(r.rows[0]?.n ?? 0);
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const s = await signUp(ta, { email: 'owner@borongan.example' });
    owner = { cookie: s.cookie, userId: s.userId, workspaceId: s.workspaceId };
    expect((await call(ta, owner, 'POST', '/api/v1/custom-fields', { object: 'contact', key: 'segment', label: 'Segment', type: 'select', options: ['retail', 'wholesale'] })).statusCode).toBe(201);
    companyId = json<{ id: string }>(await call(ta, owner, 'POST', '/api/v1/companies', { name: 'PT Borongan', domain: 'borongan.example' })).id;
    const hook = await call(ta, owner, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['contact.created'] });
    expect(hook.statusCode, hook.body).toBe(201);
    hookId = json<{ id: string }>(hook).id;
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('creates 1,200 contacts as create does, indexed, on the timeline, audited once, each sent to webhooks', { timeout: 60_000 }, async () => {
    const inputs = Array.from({ length: N }, (_, i) => input(i));
    const views = await createMany(ta.ctx, scope(), inputs, { importId: 'imp_bulktest' });
    expect(views).toHaveLength(N);
    expect(views.map((v) => v.email)).toEqual(inputs.map((x) => x.email?.toLowerCase()));
    const ids = views.map((v) => v.id);
    expect(new Set(ids).size).toBe(N);

    // Same shape as a contact created through the API from the same input.
    const single = json<ContactRecord>(await call(ta, owner, 'POST', '/api/v1/contacts', input(N - 1)));
    const strip = ({ id: _i, createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;
    const bulk = await call(ta, owner, 'GET', `/api/v1/contacts/${ids[N - 1]}`);
    expect(bulk.statusCode).toBe(200);
    const viaApi = json<Record<string, unknown>>(await call(ta, owner, 'GET', `/api/v1/contacts/${single.id}`));
    expect(strip(json(bulk))).toEqual(strip(viaApi));
    expect(strip(json(bulk))).toEqual(strip({ ...views[N - 1] }));
    expect(json<ContactRecord>(bulk).tags).toEqual(['massal']);
    expect(json<ContactRecord>(bulk).companyIds).toEqual([companyId]);
    expect(await count('contacts', (q) => q.where('import_id', '=', 'imp_bulktest'))).toBe(N);

    // Search: every one indexed, found by prefix (one from each chunk of the inserts).
    expect(await searchCount()).toBe(N + 1);
    for (const i of [0, 250, 799, N - 2]) {
      const hits = json<{ data: { id: string }[] }>(await call(ta, owner, 'GET', `/api/v1/search?q=${encodeURIComponent(`keluarga${i} orang${i}`)}`)).data;
      expect(hits.map((h) => h.id)).toContain(ids[i]);
    }
    const prefix = json<{ data: { id: string }[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=keluarga119')).data;
    expect(prefix.map((h) => h.id)).toContain(ids[1195]);

    // Timeline: a 'created' event each.
    expect(await count('timeline_events', (q) => q.where('object_type', '=', 'contact').where('kind', '=', 'created').where('object_id', 'in', ids))).toBe(N);
    const tl = json<{ data: { kind: string }[] }>(await call(ta, owner, 'GET', `/api/v1/contacts/${ids[777]}/timeline`)).data;
    expect(tl.map((e) => e.kind)).toEqual(['created']);

    // Audit: one entry for the batch, ids and counts only.
    const entries = await ta.ctx.db.k.selectFrom('audit_log').selectAll().where('workspace_id', '=', owner.workspaceId).where('action', 'in', ['contact.imported', 'contact.created']).execute();
    const imported = entries.filter((e) => e.action === 'contact.imported');
    expect(imported).toHaveLength(1);
    expect(entries.filter((e) => e.action === 'contact.created')).toHaveLength(1); // the API-created one
    const raw: unknown = imported[0]?.details;
    const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
    expect(JSON.parse(text)).toEqual({ importId: 'imp_bulktest', count: N, ids });
    expect(/@|borongan|keluarga|massal|bandung|\+62/i.test(text)).toBe(false);

    // Webhooks: a pending delivery per contact for the subscription.
    expect(await count('webhook_deliveries', (q) => q.where('subscription_id', '=', hookId).where('event', '=', 'contact.created').where('object_id', 'in', ids))).toBe(N);
    const one = await ta.ctx.db.k.selectFrom('webhook_deliveries').select('payload').where('object_id', '=', ids[5] ?? '').executeTakeFirstOrThrow();
    const payload: unknown = typeof one.payload === 'string' ? JSON.parse(one.payload) : one.payload;
    expect(payload).toMatchObject({ event: 'contact.created', data: { object: 'contact', id: ids[5], record: { email: 'orang5@borongan.example' } } });

    // The audit chain still verifies.
    expect((await verify(ta.ctx.db)).ok).toBe(true);
  });

  it('refuses a batch with invalid rows whole, naming each row index, and writes nothing', async () => {
    const before = await count('contacts', (q) => q);
    const inputs: ContactInput[] = [
      { firstName: 'Baik', email: 'baik@borongan.example' },
      { firstName: 'Salah', customFields: { segment: 'other' } },
      { firstName: 'Salah', customFields: { nope: 1 } },
      { lastName: 'Pemilik', ownerId: 'usr_nobody' },
      { title: 'No name' },
    ];
    const err = await createMany(ta.ctx, scope(), inputs).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpError);
    const e = err as HttpError;
    expect({ status: e.status, code: e.code }).toEqual({ status: 400, code: 'validation_failed' });
    const details = e.details as { index: number; field: string }[];
    expect(details.map((d) => [d.index, d.field])).toEqual([
      [1, 'body[1].customFields.segment'],
      [2, 'body[2].customFields.nope'],
      [3, 'body[3].ownerId'],
      [4, 'body[4].firstName'],
    ]);
    expect(await count('contacts', (q) => q)).toBe(before);

    const skipped: number[] = [];
    const made = await createMany(ta.ctx, scope(), inputs, { onInvalid: (i) => skipped.push(i) });
    expect(skipped).toEqual([1, 2, 3, 4]);
    expect(made.map((c) => c.email)).toEqual(['baik@borongan.example']);
    expect(await createMany(ta.ctx, scope(), [])).toEqual([]);
  });

  it('imports through createMany and undo removes the contacts with their search entries and timeline', { timeout: 60_000 }, async () => {
    const rows = Array.from({ length: 620 }, (_, i) => `Impor,Baris${i},baris${i}@undo-massal.example,PT Undo Massal`);
    // A duplicate email later in the file is updated (not created twice); a bad custom value is rejected.
    const csv = ['First Name,Last Name,Email,Company', ...rows, 'Impor,Lagi,baris3@undo-massal.example,'].join('\n') + '\n';
    const done = await importNow(ta, owner, csv);
    expect(done).toMatchObject({ status: 'completed', created: 620, updated: 1, errors: 0 });
    const ids = (await ta.ctx.db.k.selectFrom('contacts').select('id').where('import_id', '=', done.id).execute()).map((r) => r.id);
    expect(ids).toHaveLength(620);
    expect(await count('timeline_events', (q) => q.where('object_id', 'in', ids))).toBeGreaterThanOrEqual(620);
    expect(json<{ data: unknown[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=baris619')).data).toHaveLength(1);
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select('details').where('action', '=', 'contact.imported').where('target_id', '=', done.id).execute();
    expect(audits).toHaveLength(1); // one batch (the duplicate row writes the pending contacts first): one entry

    expect((await call(ta, owner, 'POST', `/api/v1/imports/${done.id}/undo`)).statusCode).toBe(202);
    await ta.drain();
    expect(await count('contacts', (q) => q.where('id', 'in', ids))).toBe(0);
    expect(await count('timeline_events', (q) => q.where('object_id', 'in', ids))).toBe(0);
    expect(json<{ data: unknown[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=baris619')).data).toEqual([]);
    expect(json<{ data: unknown[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=baris3')).data).toEqual([]);
  });
  it('creates the companies an import names together: each once, linked, indexed, on the timeline, audited once', { timeout: 60_000 }, async () => {
    const csv = [
      'First Name,Email,Company,Company Domain Name',
      'Satu,satu@pt-baru.example,PT Baru Sekali,',
      'Dua,dua@pt-baru.example,pt baru sekali,',
      'Tiga,tiga@cv-laut.example,CV Laut Biru,lautbiru.example',
      'Empat,empat@cv-laut.example,,lautbiru.example',
      'Lima,lima@borongan.example,,borongan.example',
    ].join('\n') + '\n';
    const done = await importNow(ta, owner, csv);
    expect(done).toMatchObject({ status: 'completed', created: 5, errors: 0 });
    const made = await ta.ctx.db.k.selectFrom('companies').select(['id', 'name', 'domain']).where('import_id', '=', done.id).orderBy('name').execute();
    expect(made.map((c) => [c.name, c.domain])).toEqual([['CV Laut Biru', 'lautbiru.example'], ['PT Baru Sekali', null]]);
    const links = await ta.ctx.db.k.selectFrom('contacts').innerJoin('contact_companies', 'contact_companies.contact_id', 'contacts.id').select(['contacts.email', 'contact_companies.company_id']).where('contacts.import_id', '=', done.id).orderBy('contacts.email').execute();
    const byName = new Map(made.map((c) => [c.name, c.id]));
    expect(links.map((l) => [l.email, l.company_id])).toEqual([
      ['dua@pt-baru.example', byName.get('PT Baru Sekali')],
      ['empat@cv-laut.example', byName.get('CV Laut Biru')],
      ['lima@borongan.example', companyId],
      ['satu@pt-baru.example', byName.get('PT Baru Sekali')],
      ['tiga@cv-laut.example', byName.get('CV Laut Biru')],
    ]);
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select('details').where('action', '=', 'company.imported').where('target_id', '=', done.id).execute();
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]?.details ?? '{}')).toMatchObject({ count: 2, ids: expect.arrayContaining([...byName.values()]) as unknown });
    const events = await ta.ctx.db.k.selectFrom('timeline_events').select('object_id').where('kind', '=', 'created').where('object_id', 'in', [...byName.values()]).execute();
    expect(events).toHaveLength(2);
    const hits = json<{ data: { type: string; id: string }[] }>(await call(ta, owner, 'GET', '/api/v1/search?q=lautbiru'));
    expect(hits.data).toContainEqual(expect.objectContaining({ type: 'company', id: byName.get('CV Laut Biru') }));
    expect((await verify(ta.ctx.db)).ok).toBe(true);
  });
});
