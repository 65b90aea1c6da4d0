import type { TenancyBodies, TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { slaBodies, slaFixtures } from './sla-tenancy.js';
import { ticketBodies, ticketFixtures } from './tickets-tenancy.js';

/** Records of workspace B for the cross-workspace test: one spread per service feature. */
export const fixtures: TenancyFixtures = {
  ...slaFixtures,
  ...ticketFixtures,
};

export const bodies: TenancyBodies = {
  ...slaBodies,
  ...ticketBodies,
};
