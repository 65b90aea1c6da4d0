import { json } from '../../test/app.js';
import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';

/**
 * A privacy request about a contact of the victim workspace (see workspaces/tenancy-fixtures.ts),
 * filed through the public portal as any data subject would.
 */
export const fixtures: TenancyFixtures = {
  '/api/v1/privacy/requests': async ({ ta, b }) => {
    const res = await ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests', payload: { type: 'access', email: 'subject@tenancy-b.example', workspaceId: b.workspaceId, jurisdiction: 'gdpr' } });
    return json<{ id: string }>(res).id;
  },
  // A report of a minor among B's contacts, filed on the public portal (governance/minors-routes.ts).
  '/api/v1/privacy/minors': async ({ ta, b }) => {
    const res = await ta.app.inject({ method: 'POST', url: '/public/v1/privacy/minors', payload: { email: 'minor@tenancy-b.example', relation: 'parent', workspaceId: b.workspaceId }, remoteAddress: '10.66.0.1' });
    return json<{ id: string }>(res).id;
  },
};

/** The signed-in user's own privacy controls: they act on the account, never on a workspace. */
export const notWorkspaceScoped: RegExp[] = [/^\/api\/v1\/me\//];
