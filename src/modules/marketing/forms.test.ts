import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call } from '../workspaces/test-support.js';
import type { FormView } from './forms-schema.js';
import { createForm, leadForm, submitForm, type Who } from './forms-test-support.js';

interface ErrorBody {
  error: { code: string; details?: { field: string; message: string }[] };
}
const fields = (body: string): string[] => ((JSON.parse(body) as ErrorBody).error.details ?? []).map((d) => d.field);

describe.each(testDialects)('form builder on %s', (dialect) => {
  let ta: TestApp;
  let owner: Who & { userId: string };
  let other: Who & { userId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@warung.example', name: 'Wulan Owner' });
    other = await signUp(ta, { email: 'other@lain.example', name: 'Lain Owner', company: 'Lain Co' });
  });
  afterAll(async () => ta?.close());

  it('creates, reads, lists, updates and deletes a form', async () => {
    const f = await createForm(ta, owner, leadForm([owner.userId]));
    expect(f).toMatchObject({ name: 'Website leads', kind: 'web_to_lead', status: 'published', ownerPool: [owner.userId], hostedUrl: `http://kodepos.test/f/${f.id}` });
    expect(f.fields[0]).toMatchObject({ key: 'first_name', required: false, mapsTo: 'firstName', options: [] });
    expect(json<FormView>(await call(ta, 'GET', `/api/v1/forms/${f.id}`, owner)).consents).toEqual(f.consents);
    expect(json<{ data: FormView[] }>(await call(ta, 'GET', '/api/v1/forms', owner)).data.map((x) => x.id)).toContain(f.id);
    const renamed = await call(ta, 'PATCH', `/api/v1/forms/${f.id}`, owner, { name: 'Leads 2' });
    expect(json<FormView>(renamed)).toMatchObject({ name: 'Leads 2', consents: f.consents });
    expect((await call(ta, 'DELETE', `/api/v1/forms/${f.id}`, owner)).statusCode).toBe(204);
    expect((await call(ta, 'GET', `/api/v1/forms/${f.id}`, owner)).statusCode).toBe(404);
  });

  it('a changed consent wording is a new version; submissions keep the version they were given under', async () => {
    const f = await createForm(ta, owner, leadForm());
    const v1 = f.consents[0]!.versionId;
    await submitForm(ta, f.id, { email: 'v1@example.com', consent_news: true }, { ip: '192.0.2.1' });
    const same = json<FormView>(await call(ta, 'PATCH', `/api/v1/forms/${f.id}`, owner, { consents: leadForm().consents }));
    expect(same.consents[0]!.versionId).toBe(v1);
    const text = { en: 'Email me news, offers and event invitations.', id: 'Kirimi saya kabar, penawaran dan undangan acara.' };
    const changed = json<FormView>(await call(ta, 'PATCH', `/api/v1/forms/${f.id}`, owner, { consents: [{ key: 'consent_news', purpose: 'marketing', text }] }));
    const v2 = changed.consents[0]!.versionId;
    expect(v2).not.toBe(v1);
    await submitForm(ta, f.id, { email: 'v2@example.com', consent_news: true }, { ip: '192.0.2.1' });
    const versions = await ta.ctx.db.k.selectFrom('form_consent_versions').selectAll().where('form_id', '=', f.id).orderBy('created_at').execute();
    expect(versions.map((v) => [v.id, v.text_en])).toEqual([[v1, 'Email me news and offers.'], [v2, text.en]]);
    const records = await ta.ctx.db.k.selectFrom('consent_records').innerJoin('contacts', 'contacts.id', 'consent_records.contact_id').select(['contacts.email', 'consent_records.wording_version']).where('contacts.workspace_id', '=', owner.workspaceId).where('contacts.email', 'in', ['v1@example.com', 'v2@example.com']).orderBy('contacts.email').execute();
    expect(records).toEqual([{ email: 'v1@example.com', wording_version: v1 }, { email: 'v2@example.com', wording_version: v2 }]);
    // A page rendered before the change names the words it showed.
    await submitForm(ta, f.id, { email: 'old-page@example.com', consent_news: true, kp_ver_consent_news: v1 }, { ip: '192.0.2.1' });
    await submitForm(ta, f.id, { email: 'forged@example.com', consent_news: true, kp_ver_consent_news: 'fcv_not_of_this_form' }, { ip: '192.0.2.1' });
    const shown = await ta.ctx.db.k.selectFrom('consent_records').innerJoin('contacts', 'contacts.id', 'consent_records.contact_id').select(['contacts.email', 'consent_records.wording_version']).where('contacts.workspace_id', '=', owner.workspaceId).where('contacts.email', 'in', ['old-page@example.com', 'forged@example.com']).orderBy('contacts.email').execute();
    expect(shown).toEqual([{ email: 'forged@example.com', wording_version: v2 }, { email: 'old-page@example.com', wording_version: v1 }]);
  });

  it('refuses what cannot work: duplicate keys, a select without options, a published form without a required email, foreign owners', async () => {
    const base = leadForm();
    const res = await call(ta, 'POST', '/api/v1/forms', owner, {
      ...base,
      ownerPool: [other.userId],
      fields: [
        { key: 'email', label: { en: 'Email', id: 'Email' }, type: 'email', mapsTo: 'email' },
        { key: 'email', label: { en: 'Again', id: 'Lagi' }, type: 'text' },
        { key: 'kind', label: { en: 'Kind', id: 'Jenis' }, type: 'select' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res.body).sort()).toEqual(['body.fields', 'body.fields.1.key', 'body.fields.2.options', 'body.ownerPool.0']);
    const reserved = await call(ta, 'POST', '/api/v1/forms', owner, { name: 'x', fields: [{ key: 'kp_website', label: { en: 'a', id: 'a' }, type: 'text' }] });
    expect(reserved.statusCode).toBe(400);
    expect(json<ErrorBody>(reserved).error.code).toBe('validation_failed');
  });

  it('answers fill contact custom fields; a published form must ask for every required one', async () => {
    const ws = await signUp(ta, { email: 'custom@kebun.example', company: 'Kebun' });
    expect((await call(ta, 'POST', '/api/v1/custom-fields', ws, { object: 'contact', key: 'city_of_farm', label: 'Farm city', type: 'text', required: true })).statusCode).toBe(201);
    expect((await call(ta, 'POST', '/api/v1/custom-fields', ws, { object: 'contact', key: 'organic', label: 'Organic', type: 'boolean' })).statusCode).toBe(201);
    const without = await call(ta, 'POST', '/api/v1/forms', ws, leadForm());
    expect(without.statusCode).toBe(400);
    expect(JSON.stringify(json<ErrorBody>(without).error.details)).toContain('city_of_farm');
    const unknown = await call(ta, 'POST', '/api/v1/forms', ws, { name: 'x', fields: [{ key: 'x', label: { en: 'x', id: 'x' }, type: 'text', customField: 'nope' }] });
    expect(fields(unknown.body)).toEqual(['body.fields.0.customField']);
    const base = leadForm();
    const f = await createForm(ta, ws, {
      ...base,
      fields: [
        ...base.fields,
        { key: 'farm', label: { en: 'Farm city', id: 'Kota kebun' }, type: 'text', required: true, customField: 'city_of_farm' },
        { key: 'organic', label: { en: 'Organic', id: 'Organik' }, type: 'checkbox', customField: 'organic' },
      ],
    });
    expect((await submitForm(ta, f.id, { email: 'petani@example.com', farm: 'Malang', organic: 'on' }, { ip: '192.0.2.2' })).statusCode).toBe(201);
    const contact = await ta.ctx.db.k.selectFrom('contacts').select('custom_fields').where('workspace_id', '=', ws.workspaceId).where('email', '=', 'petani@example.com').executeTakeFirstOrThrow();
    expect(JSON.parse(contact.custom_fields)).toEqual({ city_of_farm: 'Malang', organic: true });
  });

  it('another workspace’s form is not found through any route', async () => {
    const f = await createForm(ta, owner, leadForm());
    for (const [method, url, body] of [
      ['GET', `/api/v1/forms/${f.id}`, undefined],
      ['PATCH', `/api/v1/forms/${f.id}`, { name: 'Stolen' }],
      ['DELETE', `/api/v1/forms/${f.id}`, undefined],
      ['GET', `/api/v1/forms/${f.id}/submissions`, undefined],
    ] as const) {
      const res = await call(ta, method, url, other, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(json<{ data: FormView[] }>(await call(ta, 'GET', '/api/v1/forms', other)).data.map((x) => x.id)).not.toContain(f.id);
    expect(json<FormView>(await call(ta, 'GET', `/api/v1/forms/${f.id}`, owner)).name).toBe('Website leads');
  });

  it('refuses a caller without a session', async () => {
    expect((await call(ta, 'POST', '/api/v1/forms', { cookie: 'kodepos_session=nope' }, { name: 'x' })).statusCode).toBe(401);
  });
});
