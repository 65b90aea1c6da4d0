import { json } from '../../test/app.js';
import type { TenancyBodies, TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { call } from '../workspaces/test-support.js';
import { multipartFile, PNG } from './tickets-test-support.js';

/**
 * Help desk records in the victim workspace B (see workspaces/tenancy-fixtures.ts): a ticket with
 * an internal note and an attachment (so the download route has a real file of B), a team with
 * B's owner in it, a canned response. The generic sampler cannot invent a team's real members
 * nor a multipart upload.
 */
export const ticketFixtures: TenancyFixtures = {
  '/api/v1/tickets': async ({ ta, b }) => {
    const t = json<{ id: string }>(await call(ta, 'POST', '/api/v1/tickets', b, { subject: 'Tenancy B ticket', body: 'Victim problem', requesterEmail: 'tenancy-b-requester@example.com' }));
    const file = multipartFile('b.png', 'image/png', PNG);
    await ta.app.inject({ method: 'POST', url: `/api/v1/tickets/${t.id}/attachments`, headers: { ...file.headers, cookie: b.cookie, 'x-workspace-id': b.workspaceId }, payload: file.payload });
    await call(ta, 'POST', `/api/v1/tickets/${t.id}/replies`, b, { body: 'Internal B note', internal: true });
    return t.id;
  },
  '/api/v1/service/teams': async ({ ta, b }) => json<{ id: string }>(await call(ta, 'POST', '/api/v1/service/teams', b, { name: 'Tenancy B team', memberIds: [b.userId] })).id,
  '/api/v1/service/canned-responses': async ({ ta, b }) =>
    json<{ id: string }>(await call(ta, 'POST', '/api/v1/service/canned-responses', b, { title: 'Tenancy B canned', body: 'Hello from B', shortcut: 'tenancy-b' })).id,
};

const upload = multipartFile('a.txt', 'text/plain', Buffer.from('attacker file'));
export const ticketBodies: TenancyBodies = { 'POST /api/v1/tickets/{id}/attachments': { payload: upload.payload.toString('utf8'), headers: upload.headers } };
