import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, createTestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, createKey, expectError } from '../workspaces/test-support.js';
import { detail, newTicket, owner, patch, reply, type Auth } from './tickets-test-support.js';
import { addMessage, createTicket } from './tickets-service.js';
import type { TicketView } from './tickets-schema.js';

describe.each(testDialects)('tickets on %s', (dialect) => {
  let ta: TestApp;
  let a: Auth;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await owner(ta);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('opens a ticket for a requester: numbered, new, the contact found or created, audited', async () => {
    const t = await newTicket(ta, a, { requesterEmail: 'Ana@Example.com', priority: 'high', tags: ['printer', 'printer', 'urgent'] });
    expect(t).toMatchObject({ number: 1, status: 'new', priority: 'high', channel: 'agent', tags: ['printer', 'urgent'], requester: { email: 'ana@example.com', name: 'Ana Lestari' } });
    const contact = await ta.ctx.db.k.selectFrom('contacts').select(['id', 'first_name', 'last_name']).where('workspace_id', '=', a.workspaceId).where('email', '=', 'ana@example.com').executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ id: t.requester.contactId, first_name: 'Ana', last_name: 'Lestari' });
    const again = await newTicket(ta, a, { requesterEmail: 'ana@example.com', subject: 'Second' });
    expect(again.number).toBe(2);
    expect(again.requester.contactId).toBe(contact.id);
    const d = await detail(ta, a, t.id);
    expect(d.messages).toHaveLength(1);
    expect(d.messages[0]).toMatchObject({ authorType: 'agent', authorUserId: a.userId, internal: false, bodyText: 'It smokes.' });
    const logged = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', t.id).execute();
    expect(logged.map((x) => x.action)).toContain('ticket.created');
  });

  it("takes tickets by API key as channel 'api' and acknowledges them to the requester by mail", async () => {
    const key = await createKey(ta, a, ['write']);
    const res = await call(ta, 'POST', '/api/v1/tickets', { key: key.key }, { subject: 'From the API', body: 'Hello', requesterEmail: 'budi@example.com' });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<TicketView>(res).channel).toBe('api');
    await ta.drain();
    expect((await ta.outbox()).some((m) => m.to.includes('budi@example.com'))).toBe(true);
  });

  it('a public reply opens a new ticket and is mailed; an internal note changes nothing and is never mailed', async () => {
    const t = await newTicket(ta, a, { requesterEmail: 'citra@example.com' });
    await ta.drain();
    const before = (await ta.outbox()).filter((m) => m.to.includes('citra@example.com')).length;
    const note = await reply(ta, a, t.id, { body: 'Checked the logs', internal: true });
    expect(note).toMatchObject({ internal: true, deliveryStatus: null });
    expect((await detail(ta, a, t.id)).status).toBe('new');
    await ta.drain();
    expect((await ta.outbox()).filter((m) => m.to.includes('citra@example.com'))).toHaveLength(before);
    const pub = await reply(ta, a, t.id, { body: 'We are on it' });
    expect(pub).toMatchObject({ internal: false, authorType: 'agent', deliveryStatus: 'queued' });
    expect((await detail(ta, a, t.id)).status).toBe('open');
    await ta.drain();
    const mails = (await ta.outbox()).filter((m) => m.to.includes('citra@example.com'));
    expect(mails.some((m) => m.text.includes('We are on it'))).toBe(true);
    expect(mails.some((m) => m.text.includes('Checked the logs'))).toBe(false);
  });

  it('status stamps: solved and closed are stamped; a requester message re-opens pending and solved; closed is final but for tags', async () => {
    const t = await newTicket(ta, a, { requesterEmail: 'dewi@example.com' });
    let res = await patch(ta, a, t.id, { status: 'pending' });
    expect(json<TicketView>(res).status).toBe('pending');
    await addMessage(ta.ctx, { workspaceId: a.workspaceId, ticketId: t.id, authorType: 'requester', internal: false, body: 'Any news?', channel: 'portal' });
    expect((await detail(ta, a, t.id)).status).toBe('open');
    res = await patch(ta, a, t.id, { status: 'solved' });
    expect(json<TicketView>(res).solvedAt).not.toBeNull();
    await addMessage(ta.ctx, { workspaceId: a.workspaceId, ticketId: t.id, authorType: 'requester', internal: false, body: 'Still broken', channel: 'email' });
    const reopened = await detail(ta, a, t.id);
    expect(reopened).toMatchObject({ status: 'open', solvedAt: null });
    expect(reopened.messages.at(-1)).toMatchObject({ authorType: 'requester', authorEmail: 'dewi@example.com', authorUserId: null });
    res = await patch(ta, a, t.id, { status: 'closed' });
    const closed = json<TicketView>(res);
    expect(closed.closedAt).not.toBeNull();
    expect(closed.solvedAt).not.toBeNull();
    expectError(await patch(ta, a, t.id, { subject: 'New subject' }), 409, 'ticket_closed');
    expectError(await patch(ta, a, t.id, { status: 'open' }), 409, 'ticket_closed');
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/replies`, a, { body: 'late' }), 409, 'ticket_closed');
    res = await patch(ta, a, t.id, { tags: ['billing'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<TicketView>(res).tags).toEqual(['billing']);
    expectError(await patch(ta, a, (await newTicket(ta, a)).id, { status: 'open' }).then(async (r) => (r.statusCode === 200 ? patch(ta, a, json<TicketView>(r).id, { status: 'new' }) : r)), 400, 'validation_failed');
  });

  it('solving a ticket queues its satisfaction survey when surveys are on, and not when they are off', async () => {
    const on = await newTicket(ta, a, { requesterEmail: 'survey-on@example.com' });
    await patch(ta, a, on.id, { status: 'solved' });
    await ta.drain();
    expect(await ta.ctx.db.k.selectFrom('csat_surveys').select('id').where('ticket_id', '=', on.id).execute()).toHaveLength(1);
    await call(ta, 'PATCH', '/api/v1/service/settings', a, { csatEnabled: false });
    const off = await newTicket(ta, a, { requesterEmail: 'survey-off@example.com' });
    await patch(ta, a, off.id, { status: 'solved' });
    await ta.drain();
    expect(await ta.ctx.db.k.selectFrom('csat_surveys').select('id').where('ticket_id', '=', off.id).execute()).toHaveLength(0);
    await call(ta, 'PATCH', '/api/v1/service/settings', a, { csatEnabled: true });
  });

  it('a requester writing to a closed ticket gets a follow-up ticket that names the old one', async () => {
    const t = await newTicket(ta, a, { requesterEmail: 'eka@example.com', subject: 'VPN' });
    await patch(ta, a, t.id, { status: 'closed' });
    const m = await addMessage(ta.ctx, { workspaceId: a.workspaceId, ticketId: t.id, authorType: 'requester', internal: false, body: 'It broke again', channel: 'email', emailMessageId: 'abc@mail.example.com' });
    expect(m.ticket_id).not.toBe(t.id);
    const f = await detail(ta, a, m.ticket_id);
    expect(f).toMatchObject({ subject: 'VPN', status: 'new', requester: { email: 'eka@example.com' } });
    expect(f.number).toBeGreaterThan(t.number);
    expect(f.messages.some((x) => x.authorType === 'system' && x.internal && x.bodyText.includes(`#${t.number}`))).toBe(true);
    expect((await detail(ta, a, t.id)).status).toBe('closed');
  });

  it('merges a ticket into another: messages move, the source is closed and points at the target', async () => {
    const src = await newTicket(ta, a, { requesterEmail: 'fajar@example.com', subject: 'Dup', tags: ['a'] });
    const dst = await newTicket(ta, a, { requesterEmail: 'fajar@example.com', subject: 'Original', tags: ['b'] });
    await reply(ta, a, src.id, { body: 'note on source', internal: true });
    const res = await call(ta, 'POST', `/api/v1/tickets/${src.id}/merge`, a, { intoTicketId: dst.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<TicketView>(res)).toMatchObject({ id: dst.id, tags: ['b', 'a'] });
    const target = await detail(ta, a, dst.id);
    expect(target.messages.map((m) => m.bodyText)).toEqual(expect.arrayContaining(['It smokes.', 'note on source']));
    const source = await detail(ta, a, src.id);
    expect(source).toMatchObject({ status: 'closed', mergedIntoId: dst.id });
    expect(source.messages.every((m) => m.authorType === 'system')).toBe(true);
    // The system notes read in both interface languages.
    expect(source.messages.map((m) => m.bodyText)).toEqual([`Merged into ticket #${dst.number}.\nDigabungkan ke tiket #${dst.number}.`]);
    expect(target.messages.find((m) => m.authorType === 'system')?.bodyText).toBe(`Ticket #${src.number} was merged into this ticket (2 messages moved).\nTiket #${src.number} digabungkan ke tiket ini (2 pesan dipindahkan).`);
    expectError(await call(ta, 'POST', `/api/v1/tickets/${src.id}/merge`, a, { intoTicketId: dst.id }), 409, 'already_merged');
    expectError(await call(ta, 'POST', `/api/v1/tickets/${dst.id}/merge`, a, { intoTicketId: dst.id }), 400, 'validation_failed');
    // A requester replying into the merged ticket's thread lands on the target.
    const m = await addMessage(ta.ctx, { workspaceId: a.workspaceId, ticketId: src.id, authorType: 'requester', internal: false, body: 'hello?', channel: 'email' });
    expect(m.ticket_id).toBe(dst.id);
  });

  it('refuses bad input with 4xx codes: missing fields, unknown enums, foreign assignees and teams', async () => {
    expectError(await call(ta, 'POST', '/api/v1/tickets', a, { body: 'x', requesterEmail: 'x@example.com' }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/tickets', a, { subject: 's', body: 'x', requesterEmail: 'not-an-address' }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/tickets', a, { subject: 's', body: 'x', requesterEmail: 'x@example.com', priority: 'asap' }), 400, 'validation_failed');
    const other = await owner(ta, 'other');
    expectError(await call(ta, 'POST', '/api/v1/tickets', a, { subject: 's', body: 'x', requesterEmail: 'x@example.com', assigneeId: other.userId }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/tickets', a, { subject: 's', body: 'x', requesterEmail: 'x@example.com', teamId: 'team_nope' }), 400, 'validation_failed');
    const t = await newTicket(ta, a);
    expectError(await patch(ta, a, t.id, { status: 'done' }), 400, 'validation_failed');
    expectError(await call(ta, 'GET', '/api/v1/tickets?view=everything', a), 400, 'validation_failed');
    expectError(await call(ta, 'GET', '/api/v1/tickets?cursor=garbage', a), 400, 'invalid_cursor');
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/replies`, a, { body: '' }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/replies`, a, { body: 'x', attachmentIds: ['att_nope'] }), 400, 'validation_failed');
    // Another workspace's ticket does not exist here.
    expectError(await call(ta, 'GET', `/api/v1/tickets/${t.id}`, other), 404, 'not_found');
    expectError(await patch(ta, other, t.id, { status: 'open' }), 404, 'not_found');
  });

  it('the service functions other channels call: a ticket from the portal is acknowledged, assigned nothing, numbered on', async () => {
    const t = await createTicket(ta.ctx, { workspaceId: a.workspaceId, subject: 'Portal', body: 'Hi', requesterEmail: 'gita@example.com', channel: 'portal', locale: 'id' });
    expect(t).toMatchObject({ status: 'new', channel: 'portal', locale: 'id', assignee_id: null });
    const d = await detail(ta, a, t.id);
    expect(d.messages[0]).toMatchObject({ authorType: 'requester', authorEmail: 'gita@example.com', authorUserId: null });
    // A requester who has an account is linked to it by the address.
    const someone = await owner(ta, 'requester');
    const user = await ta.ctx.db.k.selectFrom('users').select(['id', 'email']).where('id', '=', someone.userId).executeTakeFirstOrThrow();
    const linked = await createTicket(ta.ctx, { workspaceId: a.workspaceId, subject: 'Widget', body: 'Hi', requesterEmail: user.email.toUpperCase(), channel: 'widget' });
    expect(linked).toMatchObject({ requester_user_id: user.id, requester_email: user.email });
  });

  it('a restricted contact still gets help: the ticket links to the contact and the contact is left exactly as it was', async () => {
    const c = json<{ id: string }>(await call(ta, 'POST', '/api/v1/contacts', a, { firstName: 'Rina', email: 'rina@example.com' }));
    await ta.ctx.db.k.updateTable('contacts').set({ restricted: 1 }).where('id', '=', c.id).execute();
    const before = await ta.ctx.db.k.selectFrom('contacts').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    const t = await createTicket(ta.ctx, { workspaceId: a.workspaceId, subject: 'Delete my data', body: 'Please', requesterEmail: 'rina@example.com', requesterName: 'Rina Someone Else', channel: 'email' });
    expect(t.requester_contact_id).toBe(c.id);
    expect(await ta.ctx.db.k.selectFrom('contacts').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow()).toEqual(before);
    const contacts = await ta.ctx.db.k.selectFrom('contacts').select('id').where('workspace_id', '=', a.workspaceId).where('email', '=', 'rina@example.com').execute();
    expect(contacts).toHaveLength(1);
  });

  it('raises a privacy request for the requester from a ticket, verified by the member’s session', async () => {
    const t = await newTicket(ta, a, { requesterEmail: 'hana@example.com' });
    const res = await call(ta, 'POST', `/api/v1/tickets/${t.id}/privacy-request`, a, { type: 'access' });
    expect(res.statusCode, res.body).toBe(201);
    const id = json<{ id: string }>(res).id;
    const r = await ta.ctx.db.k.selectFrom('privacy_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(r).toMatchObject({ workspace_id: a.workspaceId, email: 'hana@example.com', status: 'open', type: 'access' });
    expect(r.verified_at).not.toBeNull();
    const logged = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', 'in', [id, t.id]).execute();
    expect(logged).toEqual(expect.arrayContaining([{ action: 'privacy_request.received', actor_id: a.userId }, { action: 'ticket.privacy_request_raised', actor_id: a.userId }]));
    const key = await createKey(ta, a, ['write']);
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/privacy-request`, { key: key.key }, { type: 'access' }), 403, 'forbidden');
    expectError(await call(ta, 'POST', `/api/v1/tickets/${t.id}/privacy-request`, a, { type: 'everything' }), 400, 'validation_failed');
  });
});
