import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { ActivitiesTable, TimelineEventsTable } from './tables.js';
import { afterCursor, type Cursor, type FieldMap, type Filter, filterExpr, keysetPage, type Sort, sortExpr } from './list-query.js';

export type ActivityRow = Selectable<ActivitiesTable>;
export type LinkColumn = 'contact_id' | 'company_id' | 'deal_id';

/** API field names of an activity that lists can filter and sort on. */
export const ACTIVITY_FIELDS: FieldMap = {
  id: { column: 'id', type: 'text' },
  type: { column: 'type', type: 'text' },
  assigneeId: { column: 'assignee_id', type: 'text' },
  contactId: { column: 'contact_id', type: 'text' },
  companyId: { column: 'company_id', type: 'text' },
  dealId: { column: 'deal_id', type: 'text' },
  dueAt: { column: 'due_at', type: 'date' },
  doneAt: { column: 'done_at', type: 'date' },
  createdAt: { column: 'created_at', type: 'date' },
};

const noCustomFields = (): undefined => undefined;

export function findById(k: Kysely<Database>, workspaceId: string, id: string): Promise<ActivityRow | undefined> {
  return k.selectFrom('activities').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insert(k: Kysely<Database>, row: ActivitiesTable): Promise<void> {
  await k.insertInto('activities').values(row).execute();
}

export async function update(k: Kysely<Database>, workspaceId: string, id: string, patch: Partial<ActivitiesTable>): Promise<void> {
  await k.updateTable('activities').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function remove(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('activities').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Deals belong to the sales module; only existence in the workspace is asked here. */
export async function dealExists(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  return Boolean(await k.selectFrom('deals').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst());
}

/**
 * Marks the reminder sent, only if it is still the one the job was for; false when the task was
 * done, rescheduled or already reminded meanwhile.
 */
export async function markReminded(k: Kysely<Database>, id: string, reminderAt: string, at: string): Promise<boolean> {
  const r = await k
    .updateTable('activities')
    .set({ reminded_at: at })
    .where('id', '=', id)
    .where('reminder_at', '=', reminderAt)
    .where('reminded_at', 'is', null)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Activities with their timestamps as ISO text on both databases: the shared list filters and
 * sort keys compare and fold (lower, '') as text, which a PostgreSQL timestamptz refuses.
 */
function asText(k: Kysely<Database>, dialect: DialectName) {
  const ts = <T extends string | null>(column: keyof ActivitiesTable): RawBuilder<T> =>
    dialect === 'postgres' ? sql<T>`to_char(${sql.ref(column)} at time zone 'UTC', ${'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'})` : sql<T>`${sql.ref(column)}`;
  return k
    .selectFrom('activities')
    .select([
      'id',
      'workspace_id',
      'type',
      'subject',
      'body',
      ts<string | null>('due_at').as('due_at'),
      ts<string | null>('done_at').as('done_at'),
      'assignee_id',
      ts<string | null>('reminder_at').as('reminder_at'),
      ts<string | null>('reminded_at').as('reminded_at'),
      'duration_minutes',
      'outcome',
      'contact_id',
      'company_id',
      'deal_id',
      'created_by',
      ts<string>('created_at').as('created_at'),
      ts<string>('updated_at').as('updated_at'),
    ])
    .as('activities');
}

export interface ListArgs {
  workspaceId: string;
  dialect: DialectName;
  filters: Filter[];
  sort: Sort | null;
  cursor: Cursor | null;
  limit: number;
  /** Only tasks that are not done. */
  openTasks: boolean;
}

export async function list(k: Kysely<Database>, a: ListArgs): Promise<{ rows: ActivityRow[]; nextCursor: string | null }> {
  const sort = a.sort ?? { field: 'id', dir: 'desc' as const };
  const key = sortExpr(a.dialect, 'activities', ACTIVITY_FIELDS, sort, noCustomFields);
  let q = k.selectFrom(asText(k, a.dialect)).selectAll('activities').select(sql<string | number>`${key.expr}`.as('_sort')).where('activities.workspace_id', '=', a.workspaceId);
  for (const f of a.filters) q = q.where(filterExpr(a.dialect, 'activities', ACTIVITY_FIELDS, f, noCustomFields));
  if (a.openTasks) q = q.where('activities.type', '=', 'task').where('activities.done_at', 'is', null);
  if (a.cursor) q = q.where(afterCursor(key.expr, 'activities.id', sort.dir, a.cursor));
  const rows = await q
    .orderBy(sql`${key.expr}`, sort.dir)
    .orderBy('activities.id', sort.dir)
    .limit(a.limit + 1)
    .execute();
  return keysetPage(rows, a.limit);
}

/** The newest activities linked to one record, older than `before` when given. */
export async function linkedTo(k: Kysely<Database>, workspaceId: string, column: LinkColumn, objectId: string, limit: number, before?: string): Promise<ActivityRow[]> {
  let q = k.selectFrom('activities').selectAll().where('workspace_id', '=', workspaceId).where(column, '=', objectId);
  if (before) q = q.where('created_at', '<', before);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/**
 * The newest timeline events of one record, older than `before` when given. `activity_added`
 * events are left out: the unified timeline shows the activity itself.
 */
export async function eventsOf(k: Kysely<Database>, workspaceId: string, objectType: string, objectId: string, limit: number, before?: string): Promise<Selectable<TimelineEventsTable>[]> {
  let q = k
    .selectFrom('timeline_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .where('kind', '<>', 'activity_added');
  if (before) q = q.where('at', '<', before);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
