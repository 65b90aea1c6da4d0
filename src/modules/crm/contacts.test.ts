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

describe.each(testDialects)('contact lists by date and duplicates on %s', (dialect) => {
  let ta: TestApp;
  let cookie: string;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie } });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    cookie = (await signUp(ta, { email: 'dupes@toko.example' })).cookie;
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('sorts and filters by creation time', async () => {
    const first = json<Contact>(await call('POST', '/api/v1/contacts', { firstName: 'Early' }));
    ta.clock.advance(60_000);
    await call('POST', '/api/v1/contacts', { firstName: 'Late' });
    const asc = json<{ data: Contact[] }>(await call('GET', '/api/v1/contacts?sort=createdAt:asc&limit=1'));
    expect(asc.data[0]?.id).toBe(first.id);
    const filter = encodeURIComponent(JSON.stringify([{ field: 'createdAt', op: 'gt', value: new Date(ta.clock.now().getTime() - 30_000).toISOString() }]));
    const late = json<{ data: Contact[] }>(await call('GET', `/api/v1/contacts?filter=${filter}`));
    expect(late.data.map((c) => c.firstName)).toEqual(['Late']);
  });

  it('finds duplicates by email, phone and folded name, and merges keeping activities and history', async () => {
    const a = json<Contact>(await call('POST', '/api/v1/contacts', { firstName: 'Budi', lastName: 'Santoso', email: 'budi@santoso.example', phone: '0812-3456-7890', tags: ['a'] }));
    const b = json<Contact>(await call('POST', '/api/v1/contacts', { firstName: 'Santoso', lastName: 'Budí', phone: '+62 812 3456 7890', title: 'CEO', tags: ['b'] }));
    const c = json<Contact>(await call('POST', '/api/v1/contacts', { firstName: 'B.', email: 'budi@santoso.example' }));
    const groups = json<{ data: { reason: string; ids: string[] }[] }>(await call('GET', '/api/v1/duplicates?object=contact'));
    expect(groups.data).toContainEqual(expect.objectContaining({ reason: 'email', ids: [a.id, c.id] }));
    expect(groups.data).toContainEqual(expect.objectContaining({ reason: 'phone', ids: [a.id, b.id] }));
    const similar = json<{ data: { id: string; reasons: string[] }[] }>(await call('GET', `/api/v1/contacts/${a.id}/duplicates`));
    expect(similar.data.find((s) => s.id === b.id)?.reasons.sort()).toEqual(['name', 'phone']);

    const note = await call('POST', '/api/v1/activities', { type: 'note', subject: 'Met at expo', contactId: b.id });
    expect(note.statusCode).toBe(201);
    const merged = await call('POST', '/api/v1/contacts/merge', { primaryId: a.id, duplicateIds: [b.id, c.id], fields: { title: b.id } });
    expect(merged.statusCode).toBe(200);
    const m = json<Contact & { title: string; phones: unknown[] }>(merged);
    expect(m.title).toBe('CEO');
    expect(m.tags.sort()).toEqual(['a', 'b']);
    expect((await call('GET', `/api/v1/contacts/${b.id}`)).statusCode).toBe(404);
    const acts = json<{ data: { contactId: string }[] }>(await call('GET', `/api/v1/activities?contactId=${a.id}`));
    expect(acts.data).toHaveLength(1);
    const tl = json<{ data: { kind: string }[] }>(await call('GET', `/api/v1/contacts/${a.id}/timeline`));
    expect(tl.data.map((e) => e.kind)).toContain('merged');
    const audit = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', b.id).execute();
    expect(audit.map((r) => r.action)).toContain('contact.merged');
  });
});
