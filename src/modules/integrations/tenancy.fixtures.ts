import { json } from '../../test/app.js';
import { newId } from '../../lib/ids.js';
import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { call } from '../workspaces/test-support.js';

/**
 * Webhook records of the victim workspace (see workspaces/tenancy-fixtures.ts). The endpoint is
 * the discard port on loopback, so the ping the fixture queues fails at once, on no network.
 * An integration connection is written straight to the table: connecting makes a credentials test
 * call to the provider, which no fixture should depend on.
 */
const url = 'http://127.0.0.1:9/tenancy';

export const fixtures: TenancyFixtures = {
  '/api/v1/webhooks': async ({ ta, b }) => json<{ id: string }>(await call(ta, 'POST', '/api/v1/webhooks', b, { url, events: ['*'] })).id,
  '/api/v1/webhook-deliveries': async ({ ta, b }) => {
    const hook = json<{ id: string }>(await call(ta, 'POST', '/api/v1/webhooks', b, { url, events: ['contact.created'] }));
    return json<{ id: string }>(await call(ta, 'POST', `/api/v1/webhooks/${hook.id}/test`, b)).id;
  },
  '/api/v1/integrations': async ({ ta, b }) => {
    const id = newId('int');
    const at = new Date().toISOString();
    await ta.ctx.db.k
      .insertInto('integration_connections')
      .values({ id, workspace_id: b.workspaceId, provider: 'brevo', config: JSON.stringify({ listId: 7, baseUrl: `${url}/v3` }), secret: '', audience_id: '7', status: 'disconnected', last_sync_at: null, last_pull_at: null, cursor: null, last_error: null, created_by: b.userId, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['workspace_id', 'provider']).doNothing())
      .execute();
    const row = await ta.ctx.db.k.selectFrom('integration_connections').select('id').where('workspace_id', '=', b.workspaceId).where('provider', '=', 'brevo').executeTakeFirstOrThrow();
    return row.id;
  },
};
