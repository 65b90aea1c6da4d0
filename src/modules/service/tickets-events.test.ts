import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { eraseSubject } from '../privacy/erasure.js';
import { resolveSubject } from '../privacy/subject.js';
import { call } from '../workspaces/test-support.js';
import { createTicket } from './tickets-service.js';
import { newTicket, owner, patch, type Auth } from './tickets-test-support.js';

describe.each(testDialects)('ticket webhook events on %s', (dialect) => {
  let ta: TestApp;
  let a: Auth;
  const deliveries = async (ticketId: string): Promise<{ event: string; payload: string }[]> =>
    ta.ctx.db.k.selectFrom('webhook_deliveries').select(['event', 'payload']).where('object_type', '=', 'ticket').where('object_id', '=', ticketId).orderBy('id').execute();

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await owner(ta);
    const res = await call(ta, 'POST', '/api/v1/webhooks', a, { url: 'http://127.0.0.1:9/hook', events: ['ticket.*'] });
    expect(res.statusCode, res.body).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('queues ticket.created and ticket.updated with the ticket as the API shows it', async () => {
    const t = await newTicket(ta, a, { requesterEmail: 'hook@example.com', subject: 'Hooked' });
    await patch(ta, a, t.id, { priority: 'urgent' });
    const d = await deliveries(t.id);
    expect(d.map((x) => x.event)).toEqual(['ticket.created', 'ticket.updated']);
    const body = JSON.parse(d[1]!.payload) as { data: { record: { priority: string; subject: string }; changedFields: string[] } };
    expect(body.data.record).toMatchObject({ priority: 'urgent', subject: 'Hooked' });
    expect(body.data.changedFields).toEqual(['priority']);
  });

  it('withholds the events of a restricted requester, and erasure takes the delivered payloads with the ticket', async () => {
    const c = await call(ta, 'POST', '/api/v1/contacts', a, { firstName: 'Sari', email: 'sari@example.com' });
    const contactId = (JSON.parse(c.body) as { id: string }).id;
    await ta.ctx.db.k.updateTable('contacts').set({ restricted: 1 }).where('id', '=', contactId).execute();
    const held = await createTicket(ta.ctx, { workspaceId: a.workspaceId, subject: 'Restricted', body: 'x', requesterEmail: 'sari@example.com', channel: 'email' });
    expect(await deliveries(held.id)).toEqual([]);
    const withheld = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', held.id).where('action', '=', 'webhook.withheld').execute();
    expect(withheld).toHaveLength(1);

    const t = await newTicket(ta, a, { requesterEmail: 'gone@example.com', subject: 'Gone soon' });
    expect(await deliveries(t.id)).toHaveLength(1);
    const scope = { kind: 'workspace' as const, workspaceId: a.workspaceId };
    const rows = await resolveSubject(ta.ctx, scope, { emails: ['gone@example.com'], phones: [] });
    expect(rows.tables.webhook_deliveries).toHaveLength(1);
    await eraseSubject(ta.ctx, scope, rows, { actor: { type: 'operator', id: null } });
    expect(await deliveries(t.id)).toEqual([]);
  });
});
