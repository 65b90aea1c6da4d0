import { json } from '../../test/app.js';
import type { TenancyBodies, TenancyFixtures } from '../workspaces/tenancy-fixtures.js';
import { call } from '../workspaces/test-support.js';

/** A valid calendar: the generic sampler cannot invent an IANA zone or non-overlapping hours. */
const calendarBody = {
  name: 'Tenancy B hours',
  timeZone: 'Asia/Jakarta',
  hours: { sun: [], mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [] },
  holidayRegions: ['ID'],
  extraHolidays: [],
};

const target = { firstResponseMinutes: 60, resolutionMinutes: 480 };

/** SLA records of workspace B for the cross-workspace test (spread into tenancy.fixtures.ts). */
export const slaFixtures: TenancyFixtures = {
  '/api/v1/service/calendars': async ({ ta, b }) => json<{ id: string }>(await call(ta, 'POST', '/api/v1/service/calendars', b, calendarBody)).id,
  '/api/v1/service/sla-policies': async ({ ta, b }) => {
    const cal = json<{ id: string }>(await call(ta, 'POST', '/api/v1/service/calendars', b, { ...calendarBody, name: 'Tenancy B policy hours' }));
    const res = await call(ta, 'POST', '/api/v1/service/sla-policies', b, { name: 'Tenancy B SLA', calendarId: cal.id, targets: { urgent: target, high: target, normal: target, low: target }, isDefault: true });
    return json<{ id: string }>(res).id;
  },
};

export const slaBodies: TenancyBodies = {
  'POST /api/v1/service/calendars': { payload: calendarBody },
};
