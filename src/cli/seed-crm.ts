import type { AppContext } from '../context.js';
import type { WorkspaceScope } from '../http/auth.js';
import * as activities from '../modules/crm/activities-service.js';
import * as companies from '../modules/crm/companies-service.js';
import * as contacts from '../modules/crm/contacts-service.js';
import * as deals from '../modules/sales/deals.js';
import * as pipelines from '../modules/sales/pipelines.js';
import { roleCan } from '../modules/workspaces/roles.js';
import type { DemoRefs, Seeder } from './seed.js';

/** Sample CRM data for the demo workspace: Indonesian and US companies, their people, deals in every stage. */
const COMPANIES = [
  { name: 'PT Sinar Jaya Abadi', domain: 'sinarjaya.example', industry: 'Manufacturing', size: '201-1000', city: 'Surabaya', country: 'ID' },
  { name: 'CV Kopi Nusantara', domain: 'kopinusantara.example', industry: 'Food & beverage', size: '11-50', city: 'Bandung', country: 'ID' },
  { name: 'PT Bank Mandala', domain: 'bankmandala.example', industry: 'Financial services', size: '5000+', city: 'Jakarta', country: 'ID' },
  { name: 'Toko Batik Laras', domain: 'batiklaras.example', industry: 'Retail', size: '1-10', city: 'Yogyakarta', country: 'ID' },
  { name: 'Great Lakes Logistics', domain: 'greatlakes-logistics.example', industry: 'Logistics', size: '51-200', city: 'Detroit', country: 'US' },
  { name: 'Motor City Software Inc.', domain: 'motorcitysoft.example', industry: 'Software', size: '11-50', city: 'Detroit', country: 'US' },
] as const;

const PEOPLE: { first: string; last: string; title: string; company: number; stage: 'lead' | 'mql' | 'sql' | 'opportunity' | 'customer'; phone: string; tags: string[] }[] = [
  { first: 'Rizky', last: 'Pratama', title: 'Procurement Manager', company: 0, stage: 'opportunity', phone: '+62 812 3300 1122', tags: ['manufacturing'] },
  { first: 'Ayu', last: 'Kartika', title: 'Owner', company: 1, stage: 'customer', phone: '+62 813 2211 4455', tags: ['vip', 'bandung'] },
  { first: 'Hendra', last: 'Gunawan', title: 'Head of IT', company: 2, stage: 'sql', phone: '+62 811 9000 7788', tags: ['enterprise'] },
  { first: 'Putri', last: 'Maharani', title: 'Marketing Lead', company: 2, stage: 'mql', phone: '+62 815 4477 8899', tags: ['enterprise', 'marketing'] },
  { first: 'Wayan', last: 'Sudarsana', title: 'Store Manager', company: 3, stage: 'lead', phone: '+62 361 224 455', tags: ['retail'] },
  { first: 'Sarah', last: 'Thompson', title: 'Operations Director', company: 4, stage: 'opportunity', phone: '+1 313 555 0142', tags: ['logistics'] },
  { first: 'James', last: 'Miller', title: 'CTO', company: 5, stage: 'customer', phone: '+1 248 555 0199', tags: ['software', 'vip'] },
  { first: 'Olivia', last: 'Brown', title: 'Account Executive', company: 5, stage: 'lead', phone: '+1 248 555 0177', tags: ['software'] },
];

const DEALS: { name: string; company: number; person: number; amount: number; currency: 'IDR' | 'USD'; stage: number; close: string }[] = [
  { name: 'Sinar Jaya: CRM rollout 200 seats', company: 0, person: 0, amount: 480_000_000, currency: 'IDR', stage: 2, close: '2027-01-20' },
  { name: 'Kopi Nusantara: renewal', company: 1, person: 1, amount: 36_000_000, currency: 'IDR', stage: 4, close: '2026-10-15' },
  { name: 'Bank Mandala: service desk pilot', company: 2, person: 2, amount: 950_000_000, currency: 'IDR', stage: 1, close: '2027-03-01' },
  { name: 'Batik Laras: starter plan', company: 3, person: 4, amount: 6_000_000, currency: 'IDR', stage: 5, close: '2026-09-30' },
  { name: 'Great Lakes: marketing suite', company: 4, person: 5, amount: 42_000, currency: 'USD', stage: 3, close: '2027-02-10' },
  { name: 'Motor City: API integration', company: 5, person: 6, amount: 18_500, currency: 'USD', stage: 4, close: '2026-11-05' },
  { name: 'Motor City: support add-on', company: 5, person: 7, amount: 4_800, currency: 'USD', stage: 0, close: '2027-04-30' },
];

function ownerScope(demo: DemoRefs): WorkspaceScope {
  return { workspaceId: demo.workspaceId, role: 'owner', userId: demo.ownerId, actor: { type: 'user', id: demo.ownerId }, can: (p) => roleCan('owner', p) };
}

export const crmSeeder: Seeder = async (ctx: AppContext, demo) => {
  const scope = ownerScope(demo);
  const existing = await ctx.db.k.selectFrom('companies').select('id').where('workspace_id', '=', demo.workspaceId).limit(1).execute();
  if (existing.length) return 'CRM sample data: already there';
  const companyIds: string[] = [];
  for (const c of COMPANIES) {
    companyIds.push((await companies.create(ctx, scope, { name: c.name, domain: c.domain, industry: c.industry, size: c.size, address: { city: c.city, country: c.country }, tags: [c.country === 'ID' ? 'indonesia' : 'usa'] })).id);
  }
  const contactIds: string[] = [];
  for (const p of PEOPLE) {
    const co = COMPANIES[p.company]!;
    const email = `${p.first}.${p.last}`.toLowerCase() + `@${co.domain}`;
    const created = await contacts.create(ctx, scope, {
      firstName: p.first,
      lastName: p.last,
      email,
      phone: p.phone,
      title: p.title,
      companyId: companyIds[p.company]!,
      address: { city: co.city, country: co.country },
      timeZone: co.country === 'ID' ? 'Asia/Jakarta' : 'America/Detroit',
      locale: co.country === 'ID' ? 'id' : 'en',
      source: 'demo',
      ownerId: demo.ownerId,
      tags: p.tags,
      lifecycleStage: p.stage,
    });
    contactIds.push(created.id);
  }
  const pipeline = (await pipelines.list(ctx, scope))[0]!;
  for (const d of DEALS) {
    await deals.create(ctx, scope, {
      name: d.name,
      amount: d.amount,
      currency: d.currency,
      pipelineId: pipeline.id,
      stageId: pipeline.stages[d.stage]!.id,
      expectedCloseDate: d.close,
      companyId: companyIds[d.company]!,
      contactIds: [contactIds[d.person]!],
    });
  }
  const now = ctx.clock.now().getTime();
  await activities.create(ctx, scope, { type: 'call', subject: 'Discovery call', body: 'Needs WhatsApp follow-ups and IDR invoicing.', durationMinutes: 30, outcome: 'Interested', contactId: contactIds[0]! });
  await activities.create(ctx, scope, { type: 'meeting', subject: 'On-site demo in Detroit', durationMinutes: 60, outcome: 'Asked for a proposal', contactId: contactIds[5]! });
  await activities.create(ctx, scope, { type: 'task', subject: 'Send the proposal to Bank Mandala', dueAt: new Date(now + 3 * 86_400_000).toISOString(), assigneeId: demo.ownerId, contactId: contactIds[2]! });
  await activities.create(ctx, scope, { type: 'note', subject: 'Prefers Bahasa Indonesia', body: 'Write proposals in Bahasa Indonesia.', contactId: contactIds[1]! });
  return `CRM sample data: ${COMPANIES.length} companies, ${PEOPLE.length} contacts, ${DEALS.length} deals, 4 activities`;
};
