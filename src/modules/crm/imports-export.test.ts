import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { createKey } from '../workspaces/test-support.js';
import { call, contactByEmail, csvRows, importNow, type Caller, type ContactRecord } from './imports-test-support.js';

const DDE = "=cmd|' /C calc'!A0";

describe.each(testDialects)('exports on %s', (dialect) => {
  let ta: TestApp;
  let owner: Caller & { workspaceId: string };
  let reader: Caller;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    const s = await signUp(ta, { email: 'owner@export.example' });
    owner = { cookie: s.cookie, workspaceId: s.workspaceId };
    reader = { authorization: `Bearer ${(await createKey(ta, { cookie: s.cookie }, ['read'])).key}` };
    expect((await call(ta, owner, 'POST', '/api/v1/custom-fields', { object: 'contact', key: 'segment', label: 'Segment', type: 'select', options: ['retail', 'wholesale'] })).statusCode).toBe(201);
    const co = json<{ id: string }>(await call(ta, owner, 'POST', '/api/v1/companies', { name: 'PT Ekspor', domain: 'ekspor.example', industry: 'Retail' }));
    for (const c of [
      { firstName: 'Ayu', email: 'ayu@export.example', phone: '+62 811 222 333', tags: ['vip', 'jakarta'], customFields: { segment: 'retail' }, companyId: co.id, address: { city: 'Jakarta' } },
      { firstName: 'Bagus', email: 'bagus@export.example', tags: ['vip'], customFields: { segment: 'wholesale' } },
      { firstName: 'Candra', email: 'candra@export.example', tags: [] },
      { firstName: 'Dian', email: 'dian@export.example', tags: ['vip'] },
    ]) {
      expect((await call(ta, owner, 'POST', '/api/v1/contacts', c)).statusCode).toBe(201);
    }
    // Dian asked for restriction of processing (policy: restricted subjects are not exported).
    await ta.ctx.db.k.updateTable('contacts').set({ restricted: 1 }).where('email', '=', 'dian@export.example').execute();
  });
  afterAll(async () => {
    await ta?.close();
  });

  const vip = encodeURIComponent(JSON.stringify([{ field: 'tags', op: 'contains', value: 'vip' }]));

  it('keeps a DDE payload as text on import and neutralises it (and +, -, @) in the CSV export', async () => {
    const done = await importNow(ta, owner, `First Name,Last Name,Email,Tags\n"${DDE.replaceAll('"', '""')}",Formula,formula@export.example,"vip,@home"\n`);
    expect(done).toMatchObject({ created: 1, errors: 0 });
    expect((await contactByEmail(ta, owner, 'formula@export.example'))?.firstName).toBe(DDE);
    const res = await call(ta, owner, 'GET', `/api/v1/contacts/export?format=csv&filter=${vip}&sort=firstName:asc`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = csvRows(res.body);
    const col = (name: string) => rows[0]?.indexOf(name) ?? -1;
    const formula = rows.find((r) => r[col('email')] === 'formula@export.example');
    expect(formula?.[col('firstName')]).toBe(`'${DDE}`);
    expect(rows.find((r) => r[col('email')] === 'ayu@export.example')?.[col('phone')]).toBe("'+62 811 222 333");
    expect(res.body).not.toMatch(/(^|,)=cmd/m);
  });

  it('exports CSV with the list filter and sort, default columns and custom fields, restricted contacts only for privacy managers', async () => {
    const asReader = await call(ta, reader, 'GET', `/api/v1/contacts/export?filter=${vip}&sort=firstName:asc`);
    expect(asReader.statusCode).toBe(200);
    expect(asReader.headers['content-type']).toContain('text/csv');
    const rows = csvRows(asReader.body);
    expect(rows[0]).toEqual(['id', 'firstName', 'lastName', 'email', 'phone', 'title', 'company', 'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country', 'source', 'tags', 'lifecycleStage', 'createdAt', 'updatedAt', 'custom.segment']);
    const at = (name: string) => rows[0]?.indexOf(name) ?? -1;
    expect(rows.slice(1).map((r) => r[at('firstName')])).toEqual([`'${DDE}`, 'Ayu', 'Bagus']);
    const ayu = rows[2] ?? [];
    expect([ayu[at('company')], ayu[at('address.city')], ayu[at('tags')], ayu[at('custom.segment')]]).toEqual(['PT Ekspor', 'Jakarta', 'vip, jakarta', 'retail']);
    const asOwner = csvRows((await call(ta, owner, 'GET', `/api/v1/contacts/export?filter=${vip}&sort=firstName:asc`)).body);
    expect(asOwner.slice(1).map((r) => r[1])).toContain('Dian');
  });

  it('exports JSON with search, and a saved view with its own columns', async () => {
    const res = await call(ta, reader, 'GET', '/api/v1/contacts/export?format=json&q=vip&sort=firstName:desc');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toMatch(/\.json"$/);
    const data = JSON.parse(res.body) as ContactRecord[];
    expect(data.map((c) => c.firstName)).toEqual(['Bagus', 'Ayu', DDE]);
    expect(data[1]?.customFields).toEqual({ segment: 'retail' });
    const view = json<{ id: string }>(await call(ta, owner, 'POST', '/api/v1/views', { object: 'contact', name: 'Retail', filters: [{ field: 'custom.segment', op: 'eq', value: 'retail' }], columns: ['firstName', 'email', 'custom.segment', 'city', 'nonsense'] }));
    const viaView = csvRows((await call(ta, reader, 'GET', `/api/v1/contacts/export?view=${view.id}`)).body);
    expect(viaView).toEqual([['firstName', 'email', 'custom.segment', 'address.city'], ['Ayu', 'ayu@export.example', 'retail', 'Jakarta']]);
  });

  it('exports companies, refuses a bad filter before streaming, and round-trips its own CSV', async () => {
    const filter = encodeURIComponent(JSON.stringify([{ field: 'domain', op: 'eq', value: 'ekspor.example' }]));
    const rows = csvRows((await call(ta, reader, 'GET', `/api/v1/companies/export?filter=${filter}`)).body);
    expect(rows[0]?.slice(0, 4)).toEqual(['id', 'name', 'domain', 'industry']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['PT Ekspor']);
    const bad = await call(ta, reader, 'GET', `/api/v1/contacts/export?filter=${encodeURIComponent('[{"field":"nope","op":"eq","value":1}]')}`);
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('validation_failed');

    const exported = (await call(ta, reader, 'GET', `/api/v1/contacts/export?filter=${vip}`)).body;
    const again = await importNow(ta, owner, exported, { dedupe: 'update' });
    expect(again).toMatchObject({ status: 'completed', errors: 0, created: 0, updated: 3 });
    expect(Object.fromEntries(again.mapping.map((m) => [m.column, m.field]))).toMatchObject({ id: null, firstName: 'firstName', 'address.city': 'address.city', tags: 'tags', 'custom.segment': 'custom.segment', createdAt: null });
    expect(await contactByEmail(ta, owner, 'ayu@export.example')).toMatchObject({ phone: '+62 811 222 333', tags: ['vip', 'jakarta'], customFields: { segment: 'retail' } });
    expect((await contactByEmail(ta, owner, 'formula@export.example'))?.firstName).toBe(DDE);
  });
});
