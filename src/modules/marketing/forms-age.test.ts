import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call } from '../workspaces/test-support.js';
import { birthDate } from './forms-age.js';
import type { FormView, PublicFormView } from './forms-schema.js';
import { createForm, leadForm, submitForm, type Who } from './forms-test-support.js';

interface ErrorBody {
  error: { code: string; details?: { field: string; message: string }[] };
}

const hosted = (ta: TestApp, url: string, body: string) =>
  ta.app.inject({ method: 'POST', url, remoteAddress: '192.0.2.80', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });

describe('birth dates', () => {
  it('accepts real calendar dates only', () => {
    expect(birthDate('2000-02-29')).toBe('2000-02-29');
    expect(birthDate('2001-02-29')).toBeNull();
    expect(birthDate('2000-13-01')).toBeNull();
    expect(birthDate('01/02/2000')).toBeNull();
    expect(birthDate(20000101)).toBeNull();
  });
});

describe.each(testDialects)('the age gate of forms on %s', (dialect) => {
  let ta: TestApp;
  let owner: Who & { userId: string };
  let form: FormView;
  let dated: FormView;

  const counts = async () => ({
    submissions: Number((await ta.ctx.db.k.selectFrom('form_submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    contacts: Number((await ta.ctx.db.k.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', owner.workspaceId).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    ta.clock.set(new Date('2026-06-15T12:00:00Z'));
    owner = await signUp(ta, { email: 'owner@umur.example', name: 'Umi Owner' });
    form = await createForm(ta, owner, leadForm([owner.userId]));
    const lead = leadForm([owner.userId]);
    dated = await createForm(ta, owner, { ...lead, name: 'Leads with birth date', fields: [...lead.fields, { key: 'born', label: { en: 'Date of birth', id: 'Tanggal lahir' }, type: 'birthdate' }] });
  });
  afterAll(async () => ta?.close());

  it('is on for a new form, and the public definition carries the 18+ box in both languages', async () => {
    expect(form.ageGate).toBe(true);
    const def = json<PublicFormView>(await ta.app.inject({ method: 'GET', url: `/public/v1/forms/${form.id}` }));
    expect(def.ageGate).toMatchObject({ mode: 'checkbox', key: 'kp_age', text: { en: expect.stringContaining('18') as string, id: expect.stringContaining('18 tahun') as string } });
    const withDate = json<PublicFormView>(await ta.app.inject({ method: 'GET', url: `/public/v1/forms/${dated.id}` }));
    expect(withDate.ageGate).toMatchObject({ mode: 'birthdate', key: 'born' });
  });

  it('refuses a submission without the confirmation with 400 underage, storing nothing and making no contact', async () => {
    const before = await counts();
    const res = await submitForm(ta, form.id, { email: 'kid@umur.example', consent_news: true }, { adult: false, ip: '198.51.100.1' });
    expect(res.statusCode, res.body).toBe(400);
    const body = json<ErrorBody>(res);
    expect(body.error.code).toBe('underage');
    expect(body.error.details).toContainEqual({ field: 'body.kp_age', message: 'must be ticked' });
    expect(await counts()).toEqual(before);
    expect((await submitForm(ta, form.id, { email: 'kid@umur.example', kp_age: 'no' }, { adult: false, ip: '198.51.100.1' })).statusCode).toBe(400);
    const ok = await submitForm(ta, form.id, { email: 'adult@umur.example', kp_age: 'on' }, { adult: false, ip: '198.51.100.1' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await counts()).toEqual({ submissions: before.submissions + 1, contacts: before.contacts + 1 });
  });

  it('with a birth-date field: under 18 is refused (even with the box ticked), 18 today is accepted, no date is refused', async () => {
    const before = await counts();
    const minor = await submitForm(ta, dated.id, { email: 'minor@umur.example', born: '2008-06-16' }, { ip: '198.51.100.2' });
    expect(minor.statusCode, minor.body).toBe(400);
    expect(json<ErrorBody>(minor).error.code).toBe('underage');
    const missing = await submitForm(ta, dated.id, { email: 'nodate@umur.example' }, { ip: '198.51.100.2' });
    expect(json<ErrorBody>(missing).error).toMatchObject({ code: 'underage', details: [{ field: 'body.born', message: 'is required' }] });
    const garbled = await submitForm(ta, dated.id, { email: 'nodate@umur.example', born: '2008-02-30' }, { adult: false, ip: '198.51.100.2' });
    expect(json<ErrorBody>(garbled).error.details).toContainEqual({ field: 'body.born', message: 'must be a date (YYYY-MM-DD)' });
    expect(await counts()).toEqual(before);
    const adult = await submitForm(ta, dated.id, { email: 'eighteen@umur.example', born: '2008-06-15' }, { adult: false, ip: '198.51.100.2' });
    expect(adult.statusCode, adult.body).toBe(201);
    expect(await counts()).toEqual({ submissions: before.submissions + 1, contacts: before.contacts + 1 });
  });

  it('a birth date under 18 is refused even on a form with the gate off; without a date such a form takes submissions as before', async () => {
    const patched = await call(ta, 'PATCH', `/api/v1/forms/${dated.id}`, owner, { ageGate: false });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json<FormView>(patched).ageGate).toBe(false);
    expect(json<PublicFormView>(await ta.app.inject({ method: 'GET', url: `/public/v1/forms/${dated.id}` })).ageGate).toBeNull();
    expect(json<ErrorBody>(await submitForm(ta, dated.id, { email: 'minor2@umur.example', born: '2012-01-01' }, { adult: false, ip: '198.51.100.3' })).error.code).toBe('underage');
    expect((await submitForm(ta, dated.id, { email: 'nobirth@umur.example' }, { adult: false, ip: '198.51.100.3' })).statusCode).toBe(201);
    expect((await call(ta, 'PATCH', `/api/v1/forms/${dated.id}`, owner, { ageGate: true })).statusCode).toBe(200);
  });

  it('the hosted page shows the required 18+ box (EN/ID), marks it when missing, and answers a minor’s birth date without echoing anything', async () => {
    const en = await ta.app.inject({ method: 'GET', url: `/f/${form.id}` });
    expect(en.body).toMatch(/<input type="checkbox" id="kf-kp_age" name="kp_age" value="on" required aria-required="true"><label for="kf-kp_age">I confirm that I am 18 years of age or older\./);
    const id = await ta.app.inject({ method: 'GET', url: `/f/${form.id}?lang=id` });
    expect(id.body).toContain('Saya menyatakan bahwa usia saya 18 tahun atau lebih.');
    const before = await counts();
    const unticked = await hosted(ta, `/f/${form.id}`, 'kp_lang=id&email=hosted-kid%40umur.example');
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('aria-invalid="true" aria-describedby="kf-kp_age-err"');
    expect(unticked.body).toContain('wajib dicentang');
    expect(unticked.body).toContain('value="hosted-kid@umur.example"');
    const datePage = await ta.app.inject({ method: 'GET', url: `/f/${dated.id}` });
    expect(datePage.body).toMatch(/type="date" id="kf-born" name="born" value="" autocomplete="bday" required/);
    expect(datePage.body).not.toContain('name="kp_age"');
    const minor = await hosted(ta, `/f/${dated.id}`, 'kp_lang=en&email=hosted-minor%40umur.example&born=2010-05-05');
    expect(minor.statusCode).toBe(400);
    expect(minor.body).toContain('only for people aged 18 or older');
    expect(minor.body).not.toContain('hosted-minor');
    expect(await counts()).toEqual(before);
    const ok = await hosted(ta, `/f/${form.id}`, 'kp_lang=en&email=hosted-adult%40umur.example&kp_age=on');
    expect(ok.statusCode).toBe(303);
  });

  it('the builder can make a form with the gate off; one birth-date field at most, and it fills no contact field', async () => {
    const off = await createForm(ta, owner, { ...leadForm(), name: 'No gate', ageGate: false });
    expect(off.ageGate).toBe(false);
    expect((await submitForm(ta, off.id, { email: 'free@umur.example' }, { adult: false, ip: '198.51.100.4' })).statusCode).toBe(201);
    const born = (key: string) => ({ key, label: { en: 'Born', id: 'Lahir' }, type: 'birthdate' });
    const two = { ...leadForm(), fields: [...leadForm().fields, born('b1'), born('b2')] };
    const bad = await call(ta, 'POST', '/api/v1/forms', owner, two);
    expect(bad.statusCode).toBe(400);
    expect(json<ErrorBody>(bad).error.details).toContainEqual({ field: 'body.fields.6.type', message: 'a form asks for one birth date at most' });
  });
});
