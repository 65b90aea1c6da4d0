import { json } from '../../test/app.js';
import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { call } from '../workspaces/test-support.js';
import { demoRequestFixture } from './forms-test-support.js';

/**
 * A campaign needs a list of the same workspace, and a segment's filters need a real field name:
 * the generic body sampler can invent neither.
 */
export const fixtures: TenancyFixtures = {
  '/api/v1/marketing/suppressions': async ({ ta, b }) => {
    const res = await call(ta, 'POST', '/api/v1/marketing/suppressions', b, { email: 'tenancy-b-suppressed@example.com' });
    return json<{ id: string }>(res).id;
  },
  '/api/v1/platform/demo-requests': demoRequestFixture,
  '/api/v1/segments': async ({ ta, b }) => {
    const res = await call(ta, 'POST', '/api/v1/segments', b, { name: 'Tenancy B segment', filters: [{ field: 'country', op: 'eq', value: 'ID' }] });
    return json<{ id: string }>(res).id;
  },
  '/api/v1/campaigns': async ({ ta, b }) => {
    const list = json<{ id: string }>(await call(ta, 'POST', '/api/v1/lists', b, { name: 'Tenancy B list' }));
    const res = await call(ta, 'POST', '/api/v1/campaigns', b, { name: 'Tenancy B', subject: 'Hello', html: '<p>Hi</p>', category: 'promotion', listId: list.id });
    return json<{ id: string }>(res).id;
  },
};
