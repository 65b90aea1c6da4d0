import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../audit/service.js';

export type TimelineObject = 'contact' | 'company' | 'deal';

/** Field-by-field differences between two API views of a record. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, ignore: string[] = ['updatedAt']): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ignore.includes(key)) continue;
    const a = JSON.stringify(before[key] ?? null);
    const b = JSON.stringify(after[key] ?? null);
    if (a !== b) out[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return out;
}

export interface TimelineEvent {
  workspaceId: string;
  objectType: TimelineObject;
  objectId: string;
  kind: string;
  changes?: unknown;
  actor: Actor;
  at: string;
}

/** The row one event is stored as (one at a time here, in bulk through bulk-sql's `insertEvents`). */
export function eventRow(e: TimelineEvent) {
  return {
    id: newId('tle'),
    workspace_id: e.workspaceId,
    object_type: e.objectType,
    object_id: e.objectId,
    kind: e.kind,
    changes: e.changes === undefined ? null : JSON.stringify(e.changes),
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    at: e.at,
  };
}

export async function recordEvent(trx: Kysely<Database>, e: TimelineEvent): Promise<void> {
  await trx.insertInto('timeline_events').values(eventRow(e)).execute();
}

export interface TimelineItem {
  id: string;
  at: string;
  kind: string;
  changes: unknown;
  actor: { type: string; id: string | null };
}

export async function listEvents(k: Kysely<Database>, workspaceId: string, objectType: TimelineObject, objectId: string, limit: number, before?: string): Promise<TimelineItem[]> {
  let q = k
    .selectFrom('timeline_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId);
  if (before) q = q.where('at', '<', before);
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind, changes: r.changes ? (JSON.parse(r.changes) as unknown) : null, actor: { type: r.actor_type, id: r.actor_id } }));
}
