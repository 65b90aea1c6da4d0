import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';

interface Contact {
  id: string;
  firstName: string | null;
  email: string | null;
  companyIds: string[];
  tags: string[];
  customFields: Record<string, unknown>;
}

describe.each(testDialects)('contacts on %s', (dialect) => {
  let ta: TestApp;
  let cookie: string;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie } });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    cookie = (await signUp(ta, { email: 'owner@toko.example' })).cookie;
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('creates, reads, updates with a timeline of field changes, and deletes', async () => {
    const co = json<{ id: string }>(await call('POST', '/api/v1/companies', { name: 'PT Maju Jaya', domain: 'majujaya.co.id' }));
    const res = await call('POST', '/api/v1/contacts', { firstName: 'Dewi', lastName: 'Lestari', email: 'Dewi@MajuJaya.co.id', phone: '+62 812 1111 2222', companyId: co.id, tags: ['vip'] });
    expect(res.statusCode).toBe(201);
    const c = json<Contact>(res);
    expect(c.email).toBe('dewi@majujaya.co.id');
    expect(c.companyIds).toEqual([co.id]);
    const upd = await call('PATCH', `/api/v1/contacts/${c.id}`, { title: 'Head of Sales', tags: ['vip', 'jakarta'] });
    expect(upd.statusCode).toBe(200);
    const tl = json<{ data: { kind: string; changes: Record<string, { from: unknown; to: unknown }> | null }[] }>(await call('GET', `/api/v1/contacts/${c.id}/timeline`));
    expect(tl.data[0]?.kind).toBe('updated');
    expect(tl.data[0]?.changes?.title).toEqual({ from: null, to: 'Head of Sales' });
    expect((await call('DELETE', `/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
  });

  it('validates custom fields on write and filters and sorts by them', async () => {
    expect((await call('POST', '/api/v1/custom-fields', { object: 'contact', key: 'budget', label: 'Budget', type: 'number' })).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/custom-fields', { object: 'contact', key: 'segment', label: 'Segment', type: 'select', options: ['retail', 'wholesale'] })).statusCode).toBe(201);
    const bad = await call('POST', '/api/v1/contacts', { firstName: 'X', customFields: { budget: 'lots', segment: 'other', nope: 1 } });
    expect(bad.statusCode).toBe(400);
    const details = json<{ error: { code: string; details: { field: string }[] } }>(bad).error;
    expect(details.code).toBe('validation_failed');
    expect(details.details.map((d) => d.field).sort()).toEqual(['body.customFields.budget', 'body.customFields.nope', 'body.customFields.segment']);
    for (const [name, budget, segment] of [['Agus', 500, 'retail'], ['Budi', 1500, 'wholesale'], ['Citra', 900, 'retail']] as const) {
      expect((await call('POST', '/api/v1/contacts', { firstName: name, customFields: { budget, segment } })).statusCode).toBe(201);
    }
    const filter = encodeURIComponent(JSON.stringify([{ field: 'custom.segment', op: 'eq', value: 'retail' }]));
    const list = json<{ data: Contact[] }>(await call('GET', `/api/v1/contacts?filter=${filter}&sort=custom.budget:desc`));
    expect(list.data.map((c) => c.firstName)).toEqual(['Citra', 'Agus']);
  });

  it('pages with a cursor through every row exactly once', async () => {
    for (let i = 0; i < 7; i++) await call('POST', '/api/v1/contacts', { firstName: `Page${i}`, tags: ['paging'] });
    const filter = encodeURIComponent(JSON.stringify([{ field: 'tags', op: 'contains', value: 'paging' }]));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/contacts?limit=3&sort=firstName:asc&filter=${filter}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = json<{ data: Contact[]; nextCursor: string | null }>(await call('GET', url));
      seen.push(...page.data.map((c) => c.firstName ?? ''));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Page0', 'Page1', 'Page2', 'Page3', 'Page4', 'Page5', 'Page6']);
  });

  it('finds contacts by prefix through full-text search and forgets deleted ones', async () => {
    const c = json<Contact>(await call('POST', '/api/v1/contacts', { firstName: 'Kurniawati', lastName: 'Sasmita', email: 'kurnia@sasmita.example' }));
    const hits = json<{ data: { type: string; id: string }[] }>(await call('GET', '/api/v1/search?q=kurn'));
    expect(hits.data).toContainEqual(expect.objectContaining({ type: 'contact', id: c.id }));
    const viaList = json<{ data: Contact[] }>(await call('GET', '/api/v1/contacts?q=sasm'));
    expect(viaList.data.map((x) => x.id)).toEqual([c.id]);
    await call('DELETE', `/api/v1/contacts/${c.id}`);
    expect(json<{ data: unknown[] }>(await call('GET', '/api/v1/search?q=kurniawati')).data).toEqual([]);
  });

  it('saves a view and lists through it', async () => {
    const v = await call('POST', '/api/v1/views', { object: 'contact', name: 'Retail', filters: [{ field: 'custom.segment', op: 'eq', value: 'retail' }], sort: { field: 'firstName', dir: 'asc' }, columns: ['firstName', 'email'] });
    expect(v.statusCode).toBe(201);
    const id = json<{ id: string }>(v).id;
    const list = json<{ data: Contact[] }>(await call('GET', `/api/v1/contacts?view=${id}`));
    expect(list.data.map((c) => c.firstName)).toEqual(['Agus', 'Citra']);
  });
});
