import { json } from '../../test/app.js';
import type { TenancyBodies, TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { call } from '../workspaces/test-support.js';

/**
 * Records of the CRM module in the victim workspace (see workspaces/tenancy-fixtures.ts). An
 * activity must link to a real record of B, which the generic body sampler cannot invent.
 */
export const fixtures: TenancyFixtures = {
  '/api/v1/activities': async ({ ta, b }) => {
    const contact = json<{ id: string }>(await call(ta, 'POST', '/api/v1/contacts', b, { firstName: 'Tenancy', lastName: 'Activity' }));
    const res = await call(ta, 'POST', '/api/v1/activities', b, { type: 'task', subject: 'Tenancy follow-up', contactId: contact.id, assigneeId: b.userId });
    return json<{ id: string }>(res).id;
  },
  // An import is made by a multipart upload, which the JSON body sampler cannot write.
  '/api/v1/imports': async ({ ta, b }) => {
    const { payload, headers } = importUpload('First Name,Email\r\nBintang,bintang@tenancy-b.example\r\nBad,not-an-email\r\n');
    const res = await ta.app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers: { ...headers, cookie: b.cookie, 'x-workspace-id': b.workspaceId } });
    const id = json<{ id: string }>(res).id;
    await ta.drain();
    return id;
  },
};

function importUpload(csv: string): { payload: string; headers: Record<string, string> } {
  const boundary = 'kodepos-tenancy';
  const part = (name: string, value: string, file = '') =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`;
  return { payload: `${part('object', 'contact')}${part('file', csv, 'b.csv')}--${boundary}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const bodies: TenancyBodies = { 'POST /api/v1/imports': importUpload('Email\r\nattacker@tenancy-a.example\r\n') };
