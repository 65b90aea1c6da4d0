import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../lib/clock.js';
import { createTestApp, json, linkToken, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError, newMails } from '../workspaces/test-support.js';
import { EXPIRE_JOB } from './requests-jobs.js';
import { fmtDate } from './requests-mails.js';
import { act, createContact, file, fileVerified, getRequest, verify, type Officer, type RequestJson } from './requests-test-support.js';

describe.each(testDialects)('privacy requests: intake, verification and the officer queue on %s', (dialect) => {
  let ta: TestApp;
  let owner: Officer;
  let other: Officer;
  let member: { cookie: string; userId: string };
  const subject = 'siti@subject.example';

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@kodepos-ws.example', name: 'Ayu Owner', company: 'Toko Ayu' });
    other = await signUp(ta, { email: 'other@kodepos-ws.example', name: 'Budi Other', company: 'Toko Budi' });
    member = await addMember(ta, owner, { email: 'member@kodepos-ws.example', name: 'Mira Member' }, 'member');
    await createContact(ta, owner, { firstName: 'Siti', lastName: 'Rahma', email: subject });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('intake → verification mail → verify → acknowledgement stating the due date', async () => {
    const received = ta.clock.now();
    const res = await file(ta, { type: 'access', email: 'Siti@Subject.example', workspaceId: owner.workspaceId, jurisdiction: 'uu_pdp' });
    expect(res.statusCode, res.body).toBe(202);
    const { id } = json<{ id: string }>(res);
    const mails = await newMails(ta, subject);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Confirm your privacy request');
    const token = linkToken(mails[0]!, '/privacy/verify');
    expect(mails[0]!.text).toContain('http://kodepos.test/privacy/verify?token=');
    // The workspace is the controller of its contacts' data: the mail says who answers.
    expect(mails[0]!.text).toContain('Toko Ayu (through ');
    const stored = await ta.ctx.db.k.selectFrom('privacy_requests').select(['verify_token_hash', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('unverified');
    expect(stored.verify_token_hash).not.toContain(token);

    const v = await verify(ta, token);
    expect(v.statusCode, v.body).toBe(200);
    const due = new Date(received.getTime() + 72 * HOUR).toISOString();
    expect(json(v)).toEqual({ id, status: 'open', dueAt: due, type: 'access' });
    // Single use.
    expectError(await verify(ta, token), 400, 'token_invalid');

    const ack = await newMails(ta, subject);
    expect(ack).toHaveLength(1);
    expect(ack[0]!.text).toContain(fmtDate(due));
    expect(ack[0]!.text).toContain('UU PDP Pasal 32(2): 3×24 hours');
    const r = await getRequest(ta, owner, id);
    expect(r).toMatchObject({ status: 'open', acknowledgedAt: expect.any(String), clock: 'UU PDP Pasal 32(2): 3×24 hours', maxExtensionDueAt: null });
    expect(r.history!.map((h) => h.action)).toEqual(['privacy_request.received', 'privacy_request.verified', 'privacy_request.acknowledged']);
  });

  it('answers 202 for any address, 404 for an unknown workspace, and 4xx codes for bad input', async () => {
    expect((await file(ta, { type: 'deletion', email: 'nobody-at-all@nowhere.example', workspaceId: owner.workspaceId })).statusCode).toBe(202);
    expectError(await file(ta, { type: 'access', email: subject, workspaceId: 'ws_doesnotexist' }), 404, 'not_found');
    expectError(await file(ta, { type: 'sell_everything', email: subject }), 400, 'validation_failed');
    expectError(await file(ta, { type: 'access', email: 'not-an-email' }), 400, 'validation_failed');
    expectError(await file(ta, { type: 'correction', email: subject, workspaceId: owner.workspaceId, corrections: [{ field: 'users.password_hash', value: 'x' }] }), 400, 'field_not_correctable');
    expectError(await file(ta, { type: 'correction', email: subject, corrections: [{ field: 'contacts.first_name', value: 'x' }] }), 400, 'field_not_correctable');
    expectError(await file(ta, { type: 'access', email: subject, corrections: [{ field: 'users.name', value: 'x' }] }), 400, 'corrections_not_allowed');
    expectError(await verify(ta, 'x'.repeat(40)), 400, 'token_invalid');
    await newMails(ta, 'nobody-at-all@nowhere.example');
  });

  it('expires an unverified link after 24 hours; the daily job closes the request', async () => {
    const res = await file(ta, { type: 'access', email: 'late@subject.example', workspaceId: owner.workspaceId, jurisdiction: 'gdpr' });
    const { id } = json<{ id: string }>(res);
    const [mail] = await newMails(ta, 'late@subject.example');
    ta.clock.advance(25 * HOUR);
    expectError(await verify(ta, linkToken(mail!, '/privacy/verify')), 410, 'token_expired');
    await ta.ctx.queue.enqueue(EXPIRE_JOB, {});
    await ta.drain();
    expect((await getRequest(ta, owner, id)).status).toBe('expired');
  });

  it('lists with filters and a cursor, soonest due first; hides other workspaces; needs privacy.read', async () => {
    const gdpr = await fileVerified(ta, { type: 'deletion', email: 'dewi@subject.example', workspaceId: owner.workspaceId, jurisdiction: 'gdpr' });
    const list = async (q: string, who: Officer = owner) => {
      const res = await call(ta, 'GET', `/api/v1/privacy/requests${q}`, who);
      expect(res.statusCode, res.body).toBe(200);
      return json<{ data: RequestJson[]; nextCursor: string | null }>(res);
    };
    const open = await list('?status=open');
    expect(open.data.length).toBeGreaterThanOrEqual(2);
    expect(open.data.map((r) => r.dueAt)).toEqual([...open.data.map((r) => r.dueAt)].sort());
    expect((await list('?type=deletion&jurisdiction=gdpr&status=open')).data.map((r) => r.id)).toEqual([gdpr]);
    const first = await list('?limit=1&status=open');
    expect(first.nextCursor).toBeTruthy();
    const second = await list(`?limit=1&status=open&cursor=${first.nextCursor}`);
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
    expectError(await call(ta, 'GET', '/api/v1/privacy/requests?cursor=garbage', owner), 400, 'invalid_cursor');

    // Tenancy: another workspace sees nothing of these and gets 404 for the id.
    expect((await list('', other)).data).toEqual([]);
    expectError(await call(ta, 'GET', `/api/v1/privacy/requests/${gdpr}`, other), 404, 'not_found');
    expectError(await act(ta, other, gdpr, 'complete'), 404, 'not_found');
    // A plain member may not read the queue; a tenant user may not read the platform's.
    expectError(await call(ta, 'GET', '/api/v1/privacy/requests', { ...member, workspaceId: owner.workspaceId }), 403, 'forbidden');
    expectError(await call(ta, 'GET', '/api/v1/privacy/requests?scope=platform', owner), 403, 'forbidden');
  });

  it('assigns to a privacy-capable member only, extends within the law and rejects with reasons, emailing the subject', async () => {
    const id = await fileVerified(ta, { type: 'deletion', email: 'eka@subject.example', workspaceId: owner.workspaceId, jurisdiction: 'gdpr' });
    expectError(await act(ta, owner, id, 'assign', { assigneeId: member.userId }), 400, 'invalid_assignee');
    expectError(await act(ta, owner, id, 'assign', { assigneeId: other.userId }), 400, 'invalid_assignee');
    const assigned = await act(ta, owner, id, 'assign', { assigneeId: owner.userId });
    expect(json<RequestJson>(assigned).assigneeId).toBe(owner.userId);
    expect((await call(ta, 'GET', `/api/v1/privacy/requests?assignee=${owner.userId}`, owner)).body).toContain(id);

    const before = await getRequest(ta, owner, id);
    const ext = await act(ta, owner, id, 'extend', { reason: 'Records are spread over several systems' });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(json<RequestJson>(ext)).toMatchObject({ dueAt: before.maxExtensionDueAt, extendedAt: expect.any(String), maxExtensionDueAt: null });
    const mails = await newMails(ta, 'eka@subject.example');
    expect(mails.map((m) => m.subject)).toContain('More time is needed for your privacy request');
    expect(mails.find((m) => m.subject.startsWith('More time'))!.text).toContain('Records are spread over several systems');
    expectError(await act(ta, owner, id, 'extend', { reason: 'again' }), 409, 'extension_not_allowed');
    expectError(await act(ta, owner, id, 'extend', { reason: '' }), 400, 'validation_failed');

    // UU PDP 3×24 hours cannot be extended.
    const fast = await fileVerified(ta, { type: 'restriction', email: 'fajar@subject.example', workspaceId: owner.workspaceId, jurisdiction: 'uu_pdp' });
    expectError(await act(ta, owner, fast, 'extend', { reason: 'busy' }), 409, 'extension_not_allowed');

    const rej = await act(ta, owner, fast, 'reject', { reason: 'Identity could not be confirmed' });
    expect(json<RequestJson>(rej).status).toBe('rejected');
    const rm = (await newMails(ta, 'fajar@subject.example')).find((m) => m.subject === 'Your privacy request was declined');
    expect(rm?.text).toContain('Identity could not be confirmed');
    expectError(await act(ta, owner, fast, 'complete'), 409, 'request_not_open');

    const detail = await getRequest(ta, owner, id);
    expect(detail.history!.map((h) => h.action)).toEqual(expect.arrayContaining(['privacy_request.assigned', 'privacy_request.extended']));
    expect(detail.history!.find((h) => h.action === 'privacy_request.extended')).toMatchObject({ actorId: owner.userId, reason: 'Records are spread over several systems' });
    // A member without privacy.manage cannot act.
    expectError(await act(ta, { ...member, workspaceId: owner.workspaceId }, id, 'reject', { reason: 'x' }), 403, 'forbidden');
  });

  it('marks requests overdue after their due date', async () => {
    const id = await fileVerified(ta, { type: 'access', email: 'gita@subject.example', workspaceId: owner.workspaceId, jurisdiction: 'uu_pdp' });
    expect((await getRequest(ta, owner, id)).overdue).toBe(false);
    ta.clock.advance(73 * HOUR);
    expect((await getRequest(ta, owner, id)).overdue).toBe(true);
    const res = await call(ta, 'GET', '/api/v1/privacy/requests?overdue=true', owner);
    expect(json<{ data: { id: string }[] }>(res).data.map((r) => r.id)).toContain(id);
    const onTime = json<{ data: { id: string; overdue: boolean }[] }>(await call(ta, 'GET', '/api/v1/privacy/requests?overdue=false&limit=100', owner)).data;
    expect(onTime.map((r) => r.id)).not.toContain(id);
    expect(onTime.every((r) => !r.overdue)).toBe(true);
  });

  it('verifies at once a platform request a signed-in user files about their own, confirmed, account address', async () => {
    const early = await file(ta, { type: 'access', email: 'owner@kodepos-ws.example', jurisdiction: 'ccpa' }, owner.cookie);
    expect((await ta.ctx.db.k.selectFrom('privacy_requests').select('status').where('id', '=', json<{ id: string }>(early).id).executeTakeFirstOrThrow()).status).toBe('unverified');
    await newMails(ta, 'owner@kodepos-ws.example');
    await ta.ctx.db.k.updateTable('users').set({ email_verified_at: ta.clock.now().toISOString() }).where('id', '=', owner.userId).execute();
    const res = await file(ta, { type: 'access', email: 'owner@kodepos-ws.example', jurisdiction: 'ccpa' }, owner.cookie);
    expect(res.statusCode).toBe(202);
    const row = await ta.ctx.db.k.selectFrom('privacy_requests').selectAll().where('id', '=', json<{ id: string }>(res).id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'open', user_id: owner.userId, workspace_id: null });
    expect(row.ack_due_at).not.toBeNull();
    const mails = await newMails(ta, 'owner@kodepos-ws.example');
    expect(mails.map((m) => m.subject)).toContain('We received your privacy request');
    expect(mails.map((m) => m.subject)).not.toContain('Confirm your privacy request');
  });

  it('serves the portal description', async () => {
    const res = await ta.app.inject({ method: 'GET', url: `/public/v1/privacy/portal?workspaceId=${owner.workspaceId}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = json<{ workspace: { name: string }; correctableFields: { field: string }[]; types: string[] }>(res);
    expect(body.workspace.name).toBe('Toko Ayu');
    expect(body.correctableFields.map((f) => f.field)).toContain('contacts.first_name');
    expect(body.types).toContain('opt_out_sale');
    const platform = json<{ correctableFields: { field: string }[] }>(await ta.app.inject({ method: 'GET', url: '/public/v1/privacy/portal' }));
    expect(platform.correctableFields.map((f) => f.field)).toEqual(expect.arrayContaining(['users.name', 'users.phone']));
    expect(platform.correctableFields.map((f) => f.field)).not.toContain('users.password_hash');
  });

  it('writes to the requester in the language of the portal they used', async () => {
    const res = await file(ta, { type: 'deletion', email: subject, workspaceId: owner.workspaceId, jurisdiction: 'gdpr', locale: 'id' });
    expect(res.statusCode, res.body).toBe(202);
    const [mail] = await newMails(ta, subject);
    expect(mail!.subject).toBe('Konfirmasi permintaan privasi Anda');
    expect(mail!.text).toContain('penghapusan data pribadi Anda');
    expect((await verify(ta, linkToken(mail!, '/privacy/verify'))).statusCode).toBe(200);
    const [ack] = await newMails(ta, subject);
    expect(ack!.subject).toBe('Permintaan privasi Anda telah kami terima');
    const { dueAt } = await getRequest(ta, owner, json<{ id: string }>(res).id);
    expect(ack!.text).toContain(`paling lambat ${fmtDate(dueAt, 'id')}`);
    expectError(await file(ta, { type: 'access', email: subject, locale: 'fr' }), 400, 'validation_failed');
  });
});
