import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../mail/mailer.js';
import { createTestApp, json, linkToken, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError, newMails } from '../workspaces/test-support.js';
import { CERTIFICATE_HEADER, removeOutboxMails } from './erasure-files.js';
import { act, createContact, fileVerified, getRequest, type Officer, type RequestJson } from './requests-test-support.js';

describe.each(testDialects)('privacy requests carried out by the engine on %s', (dialect) => {
  let ta: TestApp;
  let owner: Officer;
  let member: { cookie: string; userId: string };
  const sent: MailMessage[] = [];

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'officer@complete.example', name: 'Ayu Officer', company: 'Toko Lengkap' });
    member = await addMember(ta, owner, { email: 'member@complete.example', name: 'Mira Member' }, 'member');
    // Every mail handed to the transport, including those whose outbox copy is removed afterwards.
    const send = ta.ctx.mailer.send.bind(ta.ctx.mailer);
    ta.ctx.mailer.send = (m) => {
      sent.push(m);
      return send(m);
    };
  });
  afterAll(async () => {
    await ta.close();
  });

  async function completeAndRun(id: string): Promise<RequestJson> {
    const res = await act(ta, owner, id, 'complete');
    expect(res.statusCode, res.body).toBe(202);
    expect(json<RequestJson>(res).status).toBe('processing');
    await ta.drain();
    return getRequest(ta, owner, id);
  }

  it('access: builds the export and emails a single-use download link', async () => {
    await createContact(ta, owner, { firstName: 'Siti', email: 'siti@complete.example' });
    const id = await fileVerified(ta, { type: 'access', email: 'siti@complete.example', workspaceId: owner.workspaceId, jurisdiction: 'gdpr' });
    const report = await call(ta, 'GET', `/api/v1/privacy/requests/${id}/report`, owner);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/html');
    expect(report.body).toContain('Siti');
    const done = await completeAndRun(id);
    expect(done.status).toBe('completed');
    expect(done.result).toMatchObject({ exportId: expect.any(String), expiresAt: expect.any(String) });
    const mail = (await newMails(ta, 'siti@complete.example')).find((m) => m.subject === 'Your personal data is ready to download');
    expect(mail).toBeDefined();
    const token = linkToken(mail!, '/privacy/download');
    const download = () => ta.app.inject({ method: 'POST', url: '/public/v1/privacy-exports/download', payload: { token }, remoteAddress: '10.8.0.1' });
    const zip = await download();
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['content-disposition']).toMatch(/^attachment; filename="personal-data-.*\.zip"$/);
    expect(Object.keys(unzipSync(zip.rawPayload))).toEqual(expect.arrayContaining(['contacts.json', 'contacts.csv', 'schema.json']));
    expectError(await download(), 410, 'export_used');
    expect((await ta.app.inject({ method: 'POST', url: '/public/v1/privacy-exports/download', payload: { token: 'x'.repeat(43) }, remoteAddress: '10.8.0.2' })).statusCode).toBe(404);
    const exp = await ta.ctx.db.k.selectFrom('privacy_exports').selectAll().where('request_id', '=', id).executeTakeFirstOrThrow();
    expect(exp.expires_at).toBe(done.result!.expiresAt);
    expect(done.history!.map((h) => h.action)).toEqual(expect.arrayContaining(['privacy_request.processing', 'privacy_request.completed']));
  });

  // pg-boss schedules retries on the database's clock, which the test cannot move.
  it.runIf(dialect === 'sqlite')('returns a request whose job fails on every try to the queue, and it can be completed again', async () => {
    await createContact(ta, owner, { firstName: 'Gagal', email: 'gagal@complete.example' });
    const id = await fileVerified(ta, { type: 'portability', email: 'gagal@complete.example', workspaceId: owner.workspaceId, jurisdiction: 'gdpr' });
    const send = ta.ctx.mailer.send.bind(ta.ctx.mailer);
    ta.ctx.mailer.send = (m) => (m.subject.startsWith('Your personal data is ready') ? Promise.reject(new Error('mail server down')) : send(m));
    try {
      expect((await act(ta, owner, id, 'complete')).statusCode).toBe(202);
      for (let i = 0; i < 3; i++) {
        await ta.drain();
        ta.clock.advance(60_000);
      }
    } finally {
      ta.ctx.mailer.send = send;
    }
    const back = await getRequest(ta, owner, id);
    expect(back.status).toBe('open');
    expect(back.history!.map((h) => h.action)).toContain('privacy_request.failed');
    expect((await completeAndRun(id)).status).toBe('completed');
  });

  it('deletion: erases the contact, then sends the certificate to the address captured before, the only mail to it left in the outbox', async () => {
    const contactId = await createContact(ta, owner, { firstName: 'Hapus', lastName: 'Sekarang', email: 'hapus@complete.example' });
    const id = await fileVerified(ta, { type: 'deletion', email: 'hapus@complete.example', workspaceId: owner.workspaceId, jurisdiction: 'gdpr' });
    const done = await completeAndRun(id);
    expect(done.status).toBe('completed');
    expect(done.result).toMatchObject({ certificateSent: true, erasedAt: expect.any(String) });
    const certificate = sent.find((m) => m.subject === 'Certificate of erasure');
    expect(certificate?.to).toBe('hapus@complete.example');
    expect(certificate?.text).toContain('Kept under a legal obligation');
    // People's names for the tables, in the certificate and in the result the officer's card shows.
    expect(certificate?.text).toMatch(/Records per kind: .*Contacts: 1/);
    expect(certificate?.text).not.toMatch(/\bcontacts\b|consent_records/);
    expect(done.result?.tables).toContainEqual({ table: 'contacts', labels: { en: 'Contacts', id: 'Kontak' }, rows: 1, action: 'anonymise' });
    const contact = await ta.ctx.db.k.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
    expect(JSON.stringify(contact ?? {})).not.toContain('hapus@complete.example');
    const outbox = join(ta.t.dataDir, 'outbox');
    const naming = (): (string | undefined)[] =>
      readdirSync(outbox)
        .filter((f) => readFileSync(join(outbox, f), 'utf8').toLowerCase().includes('hapus@complete.example'))
        .map((f) => readFileSync(join(outbox, f), 'utf8').match(/^Subject: .*/m)?.[0]);
    // The proof of erasure is the subject's to keep; every other mail to the address is gone.
    expect(naming()).toEqual(['Subject: Certificate of erasure']);
    // A later scrub of the address (an erasure in another scope) spares it, but not another mail, even one quoting the mark in its body.
    await ta.ctx.mailer.send({ to: 'hapus@complete.example', subject: 'Later news', text: `${CERTIFICATE_HEADER}: ${id}` });
    expect(removeOutboxMails(ta.ctx, ['hapus@complete.example'])).toBe(1);
    expect(naming()).toEqual(['Subject: Certificate of erasure']);
  });

  it('correction: self-service fields apply at verification, others wait for the officer field by field', async () => {
    const contactId = await createContact(ta, owner, { firstName: 'Koreksi', title: 'Staff', email: 'koreksi@complete.example' });
    const id = await fileVerified(ta, {
      type: 'correction', email: 'koreksi@complete.example', workspaceId: owner.workspaceId, jurisdiction: 'uu_pdp',
      corrections: [{ field: 'contacts.first_name', value: 'Korina' }, { field: 'contacts.title', value: 'Direktur' }, { field: 'contacts.city', value: 'Bandung' }],
    });
    const r = await getRequest(ta, owner, id);
    const byCol = Object.fromEntries(r.corrections.map((c) => [c.column, c]));
    expect(byCol.first_name).toMatchObject({ status: 'applied', selfService: true, currentValue: 'Korina' });
    expect(byCol.title).toMatchObject({ status: 'pending', selfService: false, currentValue: 'Staff', proposedValue: 'Direktur' });
    expectError(await act(ta, owner, id, 'complete'), 409, 'corrections_pending');
    expectError(await act(ta, { ...member, workspaceId: owner.workspaceId }, id, `corrections/${byCol.title!.id}`, { decision: 'apply' }), 403, 'forbidden');
    const applied = await act(ta, owner, id, `corrections/${byCol.title!.id}`, { decision: 'apply' });
    expect(applied.statusCode, applied.body).toBe(200);
    expectError(await act(ta, owner, id, `corrections/${byCol.title!.id}`, { decision: 'decline' }), 409, 'correction_decided');
    await act(ta, owner, id, `corrections/${byCol.city!.id}`, { decision: 'decline' });
    const c = await ta.ctx.db.k.selectFrom('contacts').select(['first_name', 'title', 'city']).where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(c).toEqual({ first_name: 'Korina', title: 'Direktur', city: null });
    const done = await completeAndRun(id);
    expect(done).toMatchObject({ status: 'completed', result: { applied: 2, declined: 1 } });
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', contactId).execute();
    expect(audits.map((a) => a.action)).toContain('contact.updated');
    expect(JSON.stringify(audits)).not.toContain('Direktur');
  });

  it('restriction: flags the contact, which then refuses writes to all but privacy officers', async () => {
    const contactId = await createContact(ta, owner, { firstName: 'Batas', email: 'batas@complete.example' });
    const id = await fileVerified(ta, { type: 'restriction', email: 'batas@complete.example', workspaceId: owner.workspaceId, jurisdiction: 'uu_pdp' });
    const done = await completeAndRun(id);
    expect(done.result).toMatchObject({ restricted: 1 });
    const asMember = { ...member, workspaceId: owner.workspaceId };
    const view = await call(ta, 'GET', `/api/v1/contacts/${contactId}`, asMember);
    expect(json<{ restricted: boolean }>(view).restricted).toBe(true);
    expectError(await call(ta, 'PATCH', `/api/v1/contacts/${contactId}`, asMember, { title: 'Changed' }), 409, 'subject_restricted');
    expectError(await call(ta, 'DELETE', `/api/v1/contacts/${contactId}`, asMember), 409, 'subject_restricted');
    expect((await call(ta, 'PATCH', `/api/v1/contacts/${contactId}`, owner, { title: 'Officer fix' })).statusCode).toBe(200);
  });

  it('withdraw_consent and opt_out_sale record refusals for the purposes concerned', async () => {
    const contactId = await createContact(ta, owner, { firstName: 'Tarik', email: 'tarik@complete.example' });
    for (const purpose of ['marketing', 'ads', 'analytics']) {
      expect((await call(ta, 'POST', `/api/v1/contacts/${contactId}/consents`, owner, { purpose, granted: true, source: 'form' })).statusCode).toBe(201);
    }
    const optOut = await fileVerified(ta, { type: 'opt_out_sale', email: 'tarik@complete.example', workspaceId: owner.workspaceId, jurisdiction: 'ccpa' });
    await completeAndRun(optOut);
    const current = async () => json<{ current: Record<string, boolean> }>(await call(ta, 'GET', `/api/v1/contacts/${contactId}/consents`, owner)).current;
    expect(await current()).toEqual({ necessary: true, analytics: true, marketing: true, personalization: false, ads: false });
    const withdraw = await fileVerified(ta, { type: 'withdraw_consent', email: 'tarik@complete.example', workspaceId: owner.workspaceId, jurisdiction: 'gdpr' });
    expect((await completeAndRun(withdraw)).result).toMatchObject({ consentRecords: 4, subjects: 1 });
    expect(await current()).toEqual({ necessary: true, analytics: false, marketing: false, personalization: false, ads: false });
  });
});
