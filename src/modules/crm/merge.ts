import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, notFound } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import { DATAMAP } from '../privacy/datamap.js';
import * as companies from './companies-service.js';
import * as contacts from './contacts-service.js';
import { emitRecordChange } from './hooks.js';
import { recordEvent } from './timeline.js';
import type { CompanyInput, ContactInput, ContactView } from './schema.js';

export const mergeInput = z.object({
  primaryId: z.string().min(1).max(100),
  duplicateIds: z.array(z.string().min(1).max(100)).min(1).max(10),
  fields: z.record(z.string().max(64), z.string().max(100)).optional().describe('field name → id of the record whose value wins; by default the primary value, or the first non-empty duplicate value'),
});
export type MergeInput = z.infer<typeof mergeInput>;

/** Scalar fields a person picks between on the merge screen. */
export const CONTACT_MERGE_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'title', 'companyId', 'timeZone', 'locale', 'source', 'ownerId', 'lifecycleStage'] as const;
export const COMPANY_MERGE_FIELDS = ['name', 'domain', 'industry', 'size', 'phone', 'ownerId'] as const;

type View = Record<string, unknown> & { id: string };

function pickValues(fields: readonly string[], primary: View, dups: View[], choice: Record<string, string> = {}): Record<string, unknown> {
  const all = [primary, ...dups];
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const chosen = choice[f] ? all.find((r) => r.id === choice[f]) : undefined;
    if (choice[f] && !chosen) throw badRequest('validation_failed', `fields.${f} names a record that is not part of the merge`, [{ field: `body.fields.${f}`, message: 'not one of primaryId, duplicateIds' }]);
    const value = chosen ? chosen[f] : [primary[f], ...dups.map((d) => d[f])].find((v) => v !== null && v !== undefined && v !== '');
    out[f] = value ?? null;
  }
  return out;
}

function union<T>(lists: T[][], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const l of lists) for (const t of l) if (!seen.has(key(t))) seen.set(key(t), t);
  return [...seen.values()];
}

/**
 * Re-points every row the data map links to the duplicate (activities, deals, history, and any
 * table added later) at the primary. Link tables keyed by the subject drop rows the primary
 * already has.
 */
async function repoint(trx: Kysely<Database>, subjectTable: 'contacts' | 'companies', workspaceId: string, fromId: string, toId: string): Promise<void> {
  const links: { table: string; column: string; when?: { column: string; in: string[] } }[] = [];
  for (const [table, entry] of Object.entries(DATAMAP)) {
    if (entry.subject.via === 'column' && entry.subject.table === subjectTable) links.push({ table, column: entry.subject.column, ...(entry.subject.when ? { when: entry.subject.when } : {}) });
  }
  // Company links are plain columns rather than subject links: name them here.
  if (subjectTable === 'companies') links.push({ table: 'contacts', column: 'company_id' }, { table: 'deals', column: 'company_id' }, { table: 'activities', column: 'company_id' }, { table: 'contact_companies', column: 'company_id' }, { table: 'timeline_events', column: 'object_id', when: { column: 'object_type', in: ['company'] } });
  for (const l of links) {
    if (l.table.startsWith('search_')) continue; // the index follows the record change events
    const t = sql.table(l.table);
    const c = sql.ref(l.column);
    const when = l.when ? sql`and ${sql.ref(l.when.column)} in (${sql.join(l.when.in)})` : sql``;
    if (l.table === 'contact_companies' || l.table === 'deal_contacts') {
      const other = l.table === 'deal_contacts' ? 'deal_id' : l.column === 'contact_id' ? 'company_id' : 'contact_id';
      await sql`delete from ${t} where ${c} = ${fromId} and ${sql.ref(other)} in (select ${sql.ref(other)} from ${t} where ${c} = ${toId})`.execute(trx);
    }
    await sql`update ${t} set ${c} = ${toId} where ${c} = ${fromId} and workspace_id = ${workspaceId} ${when}`.execute(trx);
  }
}

export async function mergeContacts(ctx: AppContext, scope: WorkspaceScope, input: MergeInput): Promise<ContactView> {
  if (input.duplicateIds.includes(input.primaryId)) throw badRequest('validation_failed', 'The primary record cannot also be a duplicate', [{ field: 'body.duplicateIds', message: 'contains primaryId' }]);
  return ctx.db.k.transaction().execute(async (trx) => {
    const load = async (id: string) => {
      const v = await contacts.getIn(trx, scope, id);
      if (!v) throw notFound('Contact');
      contacts.assertWritable(scope, { restricted: v.restricted ? 1 : 0 });
      return v;
    };
    const primary = await load(input.primaryId);
    const dups = [];
    for (const id of new Set(input.duplicateIds)) dups.push(await load(id));
    const picked = pickValues(CONTACT_MERGE_FIELDS, primary, dups, input.fields);
    const emails = union([primary.emails, ...dups.map((d) => d.emails)], (e) => e.email);
    const phones = union([primary.phones, ...dups.map((d) => d.phones)], (p) => p.phone.replace(/\D/g, ''));
    const customFields = Object.assign({}, ...[...dups].reverse().map((d) => d.customFields), primary.customFields) as Record<string, unknown>;
    for (const d of dups) await repoint(trx, 'contacts', scope.workspaceId, d.id, primary.id);
    const at = ctx.clock.now().toISOString();
    for (const d of dups) {
      await trx.deleteFrom('contacts').where('workspace_id', '=', scope.workspaceId).where('id', '=', d.id).execute();
      await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'contact.merged', target: { type: 'contact', id: d.id }, details: { into: primary.id } }, trx);
      await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'contact', id: d.id, kind: 'deleted', record: d, changedFields: [], actor: scope.actor });
    }
    const companyIds = [...new Set([...primary.companyIds, ...dups.flatMap((d) => d.companyIds)])];
    const merged = await contacts.update(
      ctx,
      scope,
      primary.id,
      {
        ...(picked as ContactInput),
        emails: emails.map((e) => ({ email: e.email, ...(e.label ? { label: e.label } : {}) })),
        phones: phones.map((p) => ({ phone: p.phone, ...(p.label ? { label: p.label } : {}) })),
        tags: [...new Set([...primary.tags, ...dups.flatMap((d) => d.tags)])],
        companyIds: picked.companyId ? [picked.companyId as string, ...companyIds.filter((c) => c !== picked.companyId)] : companyIds,
        customFields: Object.fromEntries(Object.entries(customFields)),
      },
      { trx, skipCustomRequired: true },
    );
    await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'contact', objectId: primary.id, kind: 'merged', changes: { mergedIds: dups.map((d) => d.id) }, actor: scope.actor, at });
    return merged;
  });
}

export async function mergeCompanies(ctx: AppContext, scope: WorkspaceScope, input: MergeInput) {
  if (input.duplicateIds.includes(input.primaryId)) throw badRequest('validation_failed', 'The primary record cannot also be a duplicate', [{ field: 'body.duplicateIds', message: 'contains primaryId' }]);
  return ctx.db.k.transaction().execute(async (trx) => {
    const load = async (id: string) => {
      const v = await companies.getIn(trx, scope, id);
      if (!v) throw notFound('Company');
      return v;
    };
    const primary = await load(input.primaryId);
    const dups = [];
    for (const id of new Set(input.duplicateIds)) dups.push(await load(id));
    const picked = pickValues(COMPANY_MERGE_FIELDS, primary, dups, input.fields);
    for (const d of dups) await repoint(trx, 'companies', scope.workspaceId, d.id, primary.id);
    const at = ctx.clock.now().toISOString();
    for (const d of dups) {
      await trx.deleteFrom('companies').where('workspace_id', '=', scope.workspaceId).where('id', '=', d.id).execute();
      await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'company.merged', target: { type: 'company', id: d.id }, details: { into: primary.id } }, trx);
      await emitRecordChange(ctx, trx, { workspaceId: scope.workspaceId, objectType: 'company', id: d.id, kind: 'deleted', record: d, changedFields: [], actor: scope.actor });
    }
    const merged = await companies.update(
      ctx,
      scope,
      primary.id,
      { ...(picked as CompanyInput), tags: [...new Set([...primary.tags, ...dups.flatMap((d) => d.tags)])], customFields: Object.assign({}, ...[...dups].reverse().map((d) => d.customFields), primary.customFields) as Record<string, unknown> },
      { trx, skipCustomRequired: true },
    );
    await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: 'company', objectId: primary.id, kind: 'merged', changes: { mergedIds: dups.map((d) => d.id) }, actor: scope.actor, at });
    return merged;
  });
}
