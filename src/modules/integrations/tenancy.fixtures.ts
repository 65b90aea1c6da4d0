import { json } from '../../test/app.js';
import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { call } from '../workspaces/test-support.js';

/**
 * Webhook records of the victim workspace (see workspaces/tenancy-fixtures.ts). The endpoint is
 * the discard port on loopback, so the ping the fixture queues fails at once, on no network.
 */
const url = 'http://127.0.0.1:9/tenancy';

export const fixtures: TenancyFixtures = {
  '/api/v1/webhooks': async ({ ta, b }) => json<{ id: string }>(await call(ta, 'POST', '/api/v1/webhooks', b, { url, events: ['*'] })).id,
  '/api/v1/webhook-deliveries': async ({ ta, b }) => {
    const hook = json<{ id: string }>(await call(ta, 'POST', '/api/v1/webhooks', b, { url, events: ['contact.created'] }));
    return json<{ id: string }>(await call(ta, 'POST', `/api/v1/webhooks/${hook.id}/test`, b)).id;
  },
};
