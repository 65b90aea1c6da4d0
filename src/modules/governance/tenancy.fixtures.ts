import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';

/**
 * Governance routes under /api/v1/platform belong to the operator, not to a workspace: a tenant is
 * refused with 403 before any lookup. The fixtures give the probes an id to aim at; the
 * sub-processor key names no processor, since the register is public and would show up in
 * every workspace's transfer list.
 */
export const fixtures: TenancyFixtures = {
  '/api/v1/platform/policies': async ({ ta }) => {
    const id = 'pol_tenancy_b_draft';
    const at = ta.clock.now().toISOString();
    await ta.ctx.db.k.insertInto('policy_versions').values({ id, version: 'tenancy-b', markdown: '# Draft', effective_at: at, material: 0, published_at: null, created_at: at }).execute();
    return id;
  },
  '/api/v1/platform/subprocessors': () => Promise.resolve('tenancy-b-no-such-processor'),
};

/** The caller's own acceptance of the policy: about a person, never a workspace. */
export const notWorkspaceScoped: RegExp[] = [/^\/api\/v1\/policies\//];
