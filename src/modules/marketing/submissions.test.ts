import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call } from '../workspaces/test-support.js';
import type { FormView } from './forms-schema.js';
import { createForm, leadForm, submitForm, type Who } from './forms-test-support.js';

interface ErrorBody {
  error: { code: string; details?: { field: string; message: string }[] };
}

describe.each(testDialects)('form submissions on %s', (dialect) => {
  let ta: TestApp;
  let owner: Who & { userId: string };
  let pool: string[];
  let form: FormView;
  let ipN = 10;
  const nextIp = (): string => `198.51.100.${ipN++}`;

  const contactsByEmail = (email: string) => ta.ctx.db.k.selectFrom('contacts').selectAll().where('workspace_id', '=', owner.workspaceId).where('email', '=', email).execute();
  const consentsOf = (contactId: string) => ta.ctx.db.k.selectFrom('consent_records').selectAll().where('contact_id', '=', contactId).orderBy('created_at').execute();

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@toko.example', name: 'Tika Owner' });
    const a = await addMember(ta, owner, { email: 'ani@toko.example', name: 'Ani' }, 'member');
    const b = await addMember(ta, owner, { email: 'budi@toko.example', name: 'Budi' }, 'member');
    pool = [owner.userId, a.userId, b.userId];
    form = await createForm(ta, owner, leadForm(pool));
  });
  afterAll(async () => ta?.close());

  it('creates the contact, one consent record per ticked box with its wording version, and a task for the owner in turn', async () => {
    const res = await submitForm(ta, form.id, { first_name: 'Sinta', email: 'Sinta@Example.com', consent_news: true, size: 'small' }, { ip: nextIp() });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const [contact] = await contactsByEmail('sinta@example.com');
    expect(contact).toMatchObject({ first_name: 'Sinta', source: 'form' });
    const consents = await consentsOf(contact!.id);
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({ purpose: 'marketing', granted: 1, source: 'form', wording_version: form.consents[0]!.versionId, ip_truncated: '198.51.100.0' });
    const sub = await ta.ctx.db.k.selectFrom('form_submissions').selectAll().where('id', '=', json<{ id: string }>(res).id).executeTakeFirstOrThrow();
    expect(sub.contact_id).toBe(contact!.id);
    expect(JSON.parse(sub.consents)).toEqual([{ key: 'consent_news', purpose: 'marketing', versionId: form.consents[0]!.versionId, granted: true }]);
    const task = await ta.ctx.db.k.selectFrom('activities').selectAll().where('id', '=', sub.task_id!).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ type: 'task', contact_id: contact!.id, assignee_id: sub.assignee_id });
    expect(pool).toContain(sub.assignee_id);
  });

  it('an unticked box records nothing; an existing contact is updated without clearing values by empty answers', async () => {
    await submitForm(ta, form.id, { first_name: 'Rina', last_name: 'Lama', phone: '+62 811 000', email: 'rina@example.com' }, { ip: nextIp() });
    const res = await submitForm(ta, form.id, { first_name: 'Rina', last_name: '', phone: '', email: 'RINA@example.com', consent_news: 'no' }, { ip: nextIp() });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await contactsByEmail('rina@example.com');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ first_name: 'Rina', last_name: 'Lama', phone: '+62 811 000' });
    expect(await consentsOf(rows[0]!.id)).toEqual([]);
    await submitForm(ta, form.id, { first_name: 'Rini', email: 'rina@example.com' }, { ip: nextIp() });
    expect((await contactsByEmail('rina@example.com'))[0]).toMatchObject({ first_name: 'Rini', last_name: 'Lama' });
  });

  it('links the visitor id to the contact when the visitor allowed analytics, and not otherwise', async () => {
    const allowed = 'vid_allowed_0123456789';
    const refused = 'vid_refused_0123456789';
    for (const [visitorId, analytics] of [[allowed, true], [refused, false]] as const) {
      const res = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', remoteAddress: nextIp(), payload: { visitorId, workspaceId: owner.workspaceId, source: 'banner', purposes: { analytics, marketing: false, personalization: false, ads: false } } });
      expect(res.statusCode, res.body).toBe(201);
    }
    await submitForm(ta, form.id, { email: 'linked@example.com', visitorId: allowed }, { ip: nextIp() });
    await submitForm(ta, form.id, { email: 'unlinked@example.com', visitorId: refused }, { ip: nextIp() });
    const [linked] = await contactsByEmail('linked@example.com');
    const visitors = await ta.ctx.db.k.selectFrom('analytics_visitors').select(['visitor_id', 'contact_id']).where('workspace_id', '=', owner.workspaceId).execute();
    expect(visitors).toEqual([{ visitor_id: allowed, contact_id: linked!.id }]);
  });

  it('a restricted contact is not changed and gets no task; the submission and the consent given are kept', async () => {
    await submitForm(ta, form.id, { first_name: 'Tari', email: 'tari@example.com' }, { ip: nextIp() });
    const [before] = await contactsByEmail('tari@example.com');
    await ta.ctx.db.k.updateTable('contacts').set({ restricted: 1 }).where('id', '=', before!.id).execute();
    const res = await submitForm(ta, form.id, { first_name: 'Changed', email: 'tari@example.com', consent_news: true }, { ip: nextIp() });
    expect(res.statusCode, res.body).toBe(201);
    expect((await contactsByEmail('tari@example.com'))[0]!.first_name).toBe('Tari');
    const sub = await ta.ctx.db.k.selectFrom('form_submissions').select(['contact_id', 'task_id']).where('id', '=', json<{ id: string }>(res).id).executeTakeFirstOrThrow();
    expect(sub).toEqual({ contact_id: before!.id, task_id: null });
    expect((await consentsOf(before!.id)).map((c) => c.purpose)).toEqual(['marketing']);
  });

  it('a merge moves submissions to the surviving contact; deleting a contact deletes its submissions', async () => {
    await submitForm(ta, form.id, { email: 'merge-a@example.com' }, { ip: nextIp() });
    await submitForm(ta, form.id, { email: 'merge-b@example.com' }, { ip: nextIp() });
    const [a] = await contactsByEmail('merge-a@example.com');
    const [b] = await contactsByEmail('merge-b@example.com');
    const subsOf = (id: string) => ta.ctx.db.k.selectFrom('form_submissions').select('id').where('contact_id', '=', id).execute();
    expect((await call(ta, 'POST', '/api/v1/contacts/merge', owner, { primaryId: a!.id, duplicateIds: [b!.id] })).statusCode).toBe(200);
    expect(await subsOf(a!.id)).toHaveLength(2);
    expect((await call(ta, 'DELETE', `/api/v1/contacts/${a!.id}`, owner)).statusCode).toBe(204);
    expect(await subsOf(a!.id)).toEqual([]);
  });

  it('form-encoded posts work like JSON; a ticked box is "on"', async () => {
    const res = await submitForm(ta, form.id, 'email=form%40example.com&first_name=Fajar&consent_news=on', { ip: nextIp(), contentType: 'application/x-www-form-urlencoded' });
    expect(res.statusCode, res.body).toBe(201);
    const [c] = await contactsByEmail('form@example.com');
    expect((await consentsOf(c!.id)).map((r) => r.granted)).toEqual([1]);
  });

  it('a filled honeypot answers 201 and stores nothing', async () => {
    const before = await ta.ctx.db.k.selectFrom('form_submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await submitForm(ta, form.id, { email: 'bot@example.com', kp_website: 'http://spam.example' }, { ip: nextIp() });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<{ id: string }>(res).id).toMatch(/^fsb_/);
    expect(await contactsByEmail('bot@example.com')).toEqual([]);
    const after = await ta.ctx.db.k.selectFrom('form_submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('round-robin hands concurrent submissions to the three owners in turn', async () => {
    const f = await createForm(ta, owner, { ...leadForm(pool), name: 'Round robin' });
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => submitForm(ta, f.id, { email: `rr${i}@example.com` }, { ip: nextIp() })));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const subs = await ta.ctx.db.k.selectFrom('form_submissions').select(['assignee_id', 'task_id']).where('form_id', '=', f.id).execute();
    const counts = new Map<string, number>();
    for (const s of subs) counts.set(s.assignee_id!, (counts.get(s.assignee_id!) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...pool].sort());
    expect([...counts.values()]).toEqual([3, 3, 3]);
    expect(subs.every((s) => s.task_id)).toBe(true);
  });

  it('400 validation_failed names each bad field; 404 for unknown and draft forms', async () => {
    const bad = await submitForm(ta, form.id, { email: 'not-an-email', phone: 'abc', size: 'huge' }, { ip: nextIp() });
    expect(bad.statusCode).toBe(400);
    const body = json<ErrorBody>(bad);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details!.map((d) => d.field).sort()).toEqual(['body.email', 'body.phone', 'body.size']);
    const missing = await submitForm(ta, form.id, { first_name: 'X' }, { ip: nextIp() });
    expect(json<ErrorBody>(missing).error.details!.map((d) => d.field)).toEqual(['body.email']);
    expect((await submitForm(ta, 'frm_nope', { email: 'a@example.com' }, { ip: nextIp() })).statusCode).toBe(404);
    const draft = await createForm(ta, owner, { ...leadForm(), name: 'Draft', status: 'draft' });
    const r = await submitForm(ta, draft.id, { email: 'a@example.com' }, { ip: nextIp() });
    expect(r.statusCode).toBe(404);
    expect(json<ErrorBody>(r).error.code).toBe('not_found');
  });

  it('rate-limits one address', async () => {
    const ip = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) codes.push((await submitForm(ta, form.id, { email: `limit${i}@example.com` }, { ip })).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 201)).toBe(true);
    expect(codes[21]).toBe(429);
    expect((await submitForm(ta, form.id, { email: 'other-ip@example.com' }, { ip: nextIp() })).statusCode).toBe(201);
  });

  it('answers the CORS preflight and serves the public definition', async () => {
    const pre = await ta.app.inject({ method: 'OPTIONS', url: `/public/v1/forms/${form.id}/submissions`, headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    const def = await ta.app.inject({ method: 'GET', url: `/public/v1/forms/${form.id}` });
    expect(def.statusCode).toBe(200);
    const view = json<{ consents: { versionId: string }[]; honeypot: string; ownerPool?: unknown }>(def);
    expect(view.consents[0]!.versionId).toBe(form.consents[0]!.versionId);
    expect(view.honeypot).toBe('kp_website');
    expect(view.ownerPool).toBeUndefined();
  });

  it('lists a form’s submissions to its workspace only', async () => {
    const res = await call(ta, 'GET', `/api/v1/forms/${form.id}/submissions`, owner);
    expect(res.statusCode).toBe(200);
    expect(json<{ data: unknown[] }>(res).data.length).toBeGreaterThan(3);
    const other = await signUp(ta, { email: 'other@lain.example', company: 'Lain' });
    expect((await call(ta, 'GET', `/api/v1/forms/${form.id}/submissions`, other)).statusCode).toBe(404);
  });
});
