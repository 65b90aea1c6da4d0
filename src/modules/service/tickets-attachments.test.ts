import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { eraseSubject } from '../privacy/erasure.js';
import { collectSubjectData } from '../privacy/export.js';
import { resolveSubject } from '../privacy/subject.js';
import { attachmentType } from './tickets-attachments.js';
import type { AttachmentView } from './tickets-schema.js';
import { addMessage, createTicket } from './tickets-service.js';
import { detail, newTicket, owner, PNG, reply, upload, type Auth } from './tickets-test-support.js';

const MB = 1_048_576;

describe('attachment types', () => {
  it('decides by extension, refuses a declared type that disagrees and binary content that is not what it claims', () => {
    expect(attachmentType('shot.PNG', 'image/png', PNG)).toBe('image/png');
    expect(attachmentType('notes.txt', 'application/octet-stream', Buffer.from('hi'))).toBe('text/plain');
    expect(attachmentType('data.csv', 'application/vnd.ms-excel', Buffer.from('a,b'))).toBe('text/csv');
    expect(attachmentType('mail.eml', 'message/rfc822', Buffer.from('Subject: x'))).toBe('message/rfc822');
    for (const [name, type, content] of [
      ['page.html', 'text/html', Buffer.from('<script>')],
      ['run.exe', 'application/octet-stream', Buffer.from('MZ')],
      ['noext', 'image/png', PNG],
      ['fake.png', 'image/png', Buffer.from('<svg onload=alert(1)>')],
      ['shot.png', 'text/html', PNG],
      ['doc.pdf', 'application/pdf', Buffer.from('not a pdf')],
    ] as const) {
      expect(() => attachmentType(name, type, content), name).toThrow(expect.objectContaining({ status: 415, code: 'unsupported_media_type' }));
    }
  });
});

describe.each(testDialects)('ticket attachments on %s', (dialect) => {
  let ta: TestApp;
  let a: Auth;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await owner(ta);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('uploads a file, sends it with a reply, and serves it back as a download that is never rendered', async () => {
    const t = await newTicket(ta, a);
    const res = await upload(ta, a, t.id, 'screen shot.png', 'image/png', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const att = json<AttachmentView>(res);
    expect(att).toMatchObject({ filename: 'screen shot.png', contentType: 'image/png', size: PNG.length });
    const txt = json<AttachmentView>(await upload(ta, a, t.id, 'log.txt', 'text/plain', Buffer.from('line 1')));
    const m = await reply(ta, a, t.id, { body: 'See attached', attachmentIds: [att.id, txt.id] });
    expect(m.attachments.map((x) => x.id).sort()).toEqual([att.id, txt.id].sort());
    // A file goes out once: it cannot be attached to a second message.
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/replies`, a, { body: 'again', attachmentIds: [att.id] }), 400, 'validation_failed');
    const dl = await ta.app.inject({ method: 'GET', url: `/api/v1/tickets/${t.id}/attachments/${att.id}`, headers: { cookie: a.cookie, 'x-workspace-id': a.workspaceId } });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment; filename="screen shot.png"/);
    const row = await ta.ctx.db.k.selectFrom('ticket_attachments').selectAll().where('id', '=', att.id).executeTakeFirstOrThrow();
    expect(row.storage_path).toBe(`${a.workspaceId}/${att.id}`);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Another ticket's path, another workspace: not found.
    const other = await newTicket(ta, a);
    expectError(await call(ta, 'GET', `/api/v1/tickets/${other.id}/attachments/${att.id}`, a), 404, 'not_found');
    const stranger = await owner(ta, 'stranger');
    expectError(await call(ta, 'GET', `/api/v1/tickets/${t.id}/attachments/${att.id}`, stranger), 404, 'not_found');
  });

  it('refuses other types with 415, a file over 10 MB and a message over 25 MB with 413, a non-multipart body with 415', async () => {
    const t = await newTicket(ta, a);
    expectError(await upload(ta, a, t.id, 'page.html', 'text/html', Buffer.from('<h1>x</h1>')), 415, 'unsupported_media_type');
    expectError(await upload(ta, a, t.id, 'fake.png', 'image/png', Buffer.from('<svg/>')), 415, 'unsupported_media_type');
    expectError(await upload(ta, a, t.id, 'big.txt', 'text/plain', Buffer.alloc(10 * MB + 1, 0x61)), 413, 'payload_too_large');
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/attachments`, a, { file: 'x' }), 415, 'unsupported_media_type');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await upload(ta, a, t.id, `part${i}.txt`, 'text/plain', Buffer.alloc(9 * MB, 0x61));
      expect(res.statusCode, res.body).toBe(201);
      ids.push(json<AttachmentView>(res).id);
    }
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/replies`, a, { body: 'too much', attachmentIds: ids }), 413, 'payload_too_large');
    expect((await detail(ta, a, t.id)).messages).toHaveLength(1);
    expect((await reply(ta, a, t.id, { body: 'two fit', attachmentIds: ids.slice(0, 2) })).attachments).toHaveLength(2);
  });

  it("erasing a requester anonymises their tickets and messages and deletes their attachments' rows and files", async () => {
    const t = await createTicket(ta.ctx, {
      workspaceId: a.workspaceId, subject: 'My passport scan for Joko Widodo', body: 'Here is my passport, Joko', requesterEmail: 'joko@example.com', requesterName: 'Joko W', channel: 'email', emailMessageId: 'joko-1@mail.example.com',
      attachments: [{ filename: 'passport.png', contentType: 'image/png', content: PNG }],
    });
    await addMessage(ta.ctx, { workspaceId: a.workspaceId, ticketId: t.id, authorType: 'agent', authorUserId: a.userId, internal: false, body: 'Thanks Joko', channel: 'agent' });
    const keep = await newTicket(ta, a, { requesterEmail: 'someone-else@example.com', subject: 'Unrelated' });
    const file = await ta.ctx.db.k.selectFrom('ticket_attachments').select(['id', 'storage_path']).where('ticket_id', '=', t.id).executeTakeFirstOrThrow();
    const path = join(ta.t.dataDir, 'attachments', file.storage_path);
    expect(existsSync(path)).toBe(true);
    const scope = { kind: 'workspace' as const, workspaceId: a.workspaceId };
    const rows = await resolveSubject(ta.ctx, scope, { emails: ['joko@example.com'], phones: [] });
    expect(rows.tables.tickets).toEqual([t.id]);
    expect(rows.tables.ticket_messages).toHaveLength(2);
    expect(rows.tables.ticket_attachments).toEqual([file.id]);
    // Access: the requester's export carries their tickets and messages.
    const data = await collectSubjectData(ta.ctx, rows);
    expect(data.map((x) => x.table)).toEqual(expect.arrayContaining(['tickets', 'ticket_messages', 'ticket_attachments']));
    expect(JSON.stringify(data.find((x) => x.table === 'ticket_messages')?.rows)).toContain('Here is my passport, Joko');
    const report = await eraseSubject(ta.ctx, scope, rows, { actor: { type: 'operator', id: null } });
    expect(report.filesRemoved).toBeGreaterThanOrEqual(1);
    expect(existsSync(path)).toBe(false);
    const after = await ta.ctx.db.k.selectFrom('tickets').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ number: t.number, subject: 'erased', requester_name: null, requester_user_id: null, tags: '[]' });
    expect(after.requester_email).toMatch(/^erased-.*@invalid$/);
    const msgs = await ta.ctx.db.k.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', t.id).execute();
    expect(msgs.map((m) => [m.body_text, m.author_email, m.author_name, m.email_message_id])).toEqual([['erased', null, null, null], ['erased', null, null, null]]);
    expect(await ta.ctx.db.k.selectFrom('ticket_attachments').select('id').where('ticket_id', '=', t.id).execute()).toEqual([]);
    expect(JSON.stringify(await detail(ta, a, t.id))).not.toMatch(/joko/i);
    expect((await detail(ta, a, keep.id)).subject).toBe('Unrelated');
  });
});
