import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ConsentDecisionsTable, ConsentPurpose, ConsentRecordsTable } from './tables.js';

/** SQL of the consent record (append-only) and the gate's decision log. */
export type ConsentRow = Selectable<ConsentRecordsTable>;

/** Who a consent row is about: one of a contact (in a workspace), an account or a visitor. */
export interface ConsentSubject {
  workspaceId: string | null;
  contactId?: string | undefined;
  userId?: string | undefined;
  visitorId?: string | undefined;
}

function bySubject(k: Kysely<Database>, s: ConsentSubject) {
  const q = k.selectFrom('consent_records').selectAll();
  if (s.contactId) {
    const c = q.where('contact_id', '=', s.contactId);
    return s.workspaceId === null ? c.where('workspace_id', 'is', null) : c.where('workspace_id', '=', s.workspaceId);
  }
  if (s.userId) return q.where('user_id', '=', s.userId);
  if (s.visitorId) return q.where('visitor_id', '=', s.visitorId);
  return null;
}

export async function insertRecord(k: Kysely<Database>, row: ConsentRecordsTable): Promise<void> {
  await k.insertInto('consent_records').values(row).execute();
}

/** The newest record for one purpose (ids are time-sortable, so id breaks ties within a millisecond). */
export async function latest(k: Kysely<Database>, s: ConsentSubject, purpose: ConsentPurpose, wording?: string): Promise<ConsentRow | undefined> {
  let q = bySubject(k, s);
  if (!q) return undefined;
  q = q.where('purpose', '=', purpose);
  if (wording !== undefined) q = q.where('wording_version', '=', wording);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function history(k: Kysely<Database>, s: ConsentSubject, limit: number): Promise<ConsentRow[]> {
  const q = bySubject(k, s);
  return q ? q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute() : [];
}

/**
 * Whether a Global Privacy Control signal is on record for the subject itself or for a visitor
 * linked to it (a contact or an account signed in on a browser that sent `Sec-GPC: 1`).
 */
export async function gpcOnRecord(k: Kysely<Database>, s: ConsentSubject): Promise<boolean> {
  const own = bySubject(k, s);
  if (own && (await own.where('source', '=', 'gpc').limit(1).executeTakeFirst())) return true;
  if (!s.contactId && !s.userId) return false;
  let visitors = k.selectFrom('analytics_visitors').select('visitor_id');
  if (s.contactId) {
    visitors = visitors.where('contact_id', '=', s.contactId);
    visitors = s.workspaceId === null ? visitors.where('workspace_id', 'is', null) : visitors.where('workspace_id', '=', s.workspaceId);
  } else if (s.userId) visitors = visitors.where('user_id', '=', s.userId);
  const linked = await k.selectFrom('consent_records').select('id').where('source', '=', 'gpc').where('visitor_id', 'in', visitors).limit(1).executeTakeFirst();
  return linked !== undefined;
}

export async function insertDecision(k: Kysely<Database>, row: ConsentDecisionsTable): Promise<void> {
  await k.insertInto('consent_decisions').values(row).execute();
}

/** Whether the subject's record carries the restriction flag; null when no such record exists. */
export async function restrictedFlag(k: Kysely<Database>, s: ConsentSubject): Promise<boolean | null> {
  if (s.contactId && s.workspaceId) {
    const r = await k.selectFrom('contacts').select('restricted').where('workspace_id', '=', s.workspaceId).where('id', '=', s.contactId).executeTakeFirst();
    return r ? r.restricted === 1 : null;
  }
  if (s.userId) {
    const r = await k.selectFrom('users').select('restricted').where('id', '=', s.userId).executeTakeFirst();
    return r ? r.restricted === 1 : null;
  }
  return false;
}
