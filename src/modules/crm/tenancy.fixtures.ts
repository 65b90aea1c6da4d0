import { json } from '../../test/app.js';
import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
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
};
