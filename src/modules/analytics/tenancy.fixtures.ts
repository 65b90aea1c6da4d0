import type { TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { rollupDay, shiftDay, utcDay } from './rollup.js';
import { insertEvents } from './rollup-test-support.js';

/**
 * Traffic on the victim workspace B's site, yesterday (aggregated) and today (raw): the dashboard
 * and breakdown routes read both, so a page path unique to B must never reach attacker A's answers.
 */
export const fixtures: TenancyFixtures = {
  '/api/v1/analytics/breakdown': async ({ ta, b }) => {
    const marker = 'tenancy-b-analytics-page';
    const today = utcDay(ta.clock.now());
    const seen = (day: string, at: string) => ({ workspace_id: b.workspaceId, visitor_hash: `tenancy-b-${day}`, occurred_at: `${day}T${at}`, path: `/${marker}`, referrer_host: 'tenancy-b.example' });
    await insertEvents(ta.ctx.db.k, [seen(shiftDay(today, -1), '12:00:00.000Z'), seen(today, ta.clock.now().toISOString().slice(11))]);
    await rollupDay(ta.ctx, b.workspaceId, shiftDay(today, -1));
    return marker;
  },
};
