import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, notFound, type FieldProblem } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as workspaces from '../workspaces/service.js';
import * as repo from './activities-repo.js';
import { ACTIVITY_TYPES, type ActivityCreate, type ActivityPatch, type ActivityType, type ActivityView, type TimelineEntry } from './activities-schema.js';
import * as companies from './companies-repo.js';
import { assertWritable } from './contacts-service.js';
import * as contacts from './contacts-repo.js';
import { decodeCursor, parseListParams, type Filter } from './list-query.js';
import { diff, recordEvent, type TimelineObject } from './timeline.js';

export const REMINDER_JOB = 'crm.task_reminder';

export interface ReminderPayload {
  activityId: string;
  workspaceId: string;
  reminderAt: string;
}

const LINKS: { column: repo.LinkColumn; field: 'contactId' | 'companyId' | 'dealId'; object: TimelineObject }[] = [
  { column: 'contact_id', field: 'contactId', object: 'contact' },
  { column: 'company_id', field: 'companyId', object: 'company' },
  { column: 'deal_id', field: 'dealId', object: 'deal' },
];

const asType = (t: string): ActivityType => (ACTIVITY_TYPES as readonly string[]).includes(t) ? (t as ActivityType) : 'note';

export function toView(r: repo.ActivityRow): ActivityView {
  return {
    id: r.id,
    type: asType(r.type),
    subject: r.subject,
    body: r.body,
    dueAt: r.due_at,
    done: r.done_at !== null,
    doneAt: r.done_at,
    assigneeId: r.assignee_id,
    reminderAt: r.reminder_at,
    remindedAt: r.reminded_at,
    durationMinutes: r.duration_minutes,
    outcome: r.outcome,
    contactId: r.contact_id,
    companyId: r.company_id,
    dealId: r.deal_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

type Columns = Omit<repo.ActivityRow, 'id' | 'workspace_id' | 'created_by' | 'created_at' | 'updated_at'>;

/** Times are stored as UTC ISO strings whatever offset the caller wrote. */
const utc = (s: string | null | undefined): string | null | undefined => (s == null ? s : new Date(s).toISOString());

/** Columns from API input; `base` supplies what a PATCH leaves alone. */
function columns(input: ActivityPatch, at: string, base?: repo.ActivityRow): Columns {
  const pick = <T>(v: T | undefined, fallback: T): T => (v === undefined ? fallback : v);
  const reminderAt = pick(utc(input.reminderAt), base?.reminder_at ?? null);
  const doneAt = input.done === undefined ? (base?.done_at ?? null) : input.done ? (base?.done_at ?? at) : null;
  return {
    type: input.type ?? base?.type ?? 'note',
    subject: input.subject ?? base?.subject ?? '',
    body: pick(input.body, base?.body ?? null),
    due_at: pick(utc(input.dueAt), base?.due_at ?? null),
    done_at: doneAt,
    assignee_id: pick(input.assigneeId, base?.assignee_id ?? null),
    reminder_at: reminderAt,
    // A new reminder time is a new reminder: it goes out even if the old one did.
    reminded_at: reminderAt === (base?.reminder_at ?? null) ? (base?.reminded_at ?? null) : null,
    duration_minutes: pick(input.durationMinutes, base?.duration_minutes ?? null),
    outcome: pick(input.outcome, base?.outcome ?? null) || null,
    contact_id: pick(input.contactId, base?.contact_id ?? null),
    company_id: pick(input.companyId, base?.company_id ?? null),
    deal_id: pick(input.dealId, base?.deal_id ?? null),
  };
}

/** The rules of each type, and links that must exist in this workspace (a foreign id never links). */
async function check(k: Kysely<Database>, scope: WorkspaceScope, c: Columns, base?: repo.ActivityRow): Promise<void> {
  const details: FieldProblem[] = [];
  const only = (field: string, what: string) => details.push({ field: `body.${field}`, message: `only ${what} have this` });
  if (c.type !== 'task') {
    if (c.due_at !== null) only('dueAt', 'tasks');
    if (c.done_at !== null) only('done', 'tasks');
    if (c.reminder_at !== null) only('reminderAt', 'tasks');
  }
  if (c.type !== 'call' && c.type !== 'meeting') {
    if (c.duration_minutes !== null) only('durationMinutes', 'calls and meetings');
    if (c.outcome !== null) only('outcome', 'calls and meetings');
  }
  if (c.type !== 'task' && !c.contact_id && !c.company_id && !c.deal_id) {
    details.push({ field: 'body.contactId', message: 'a note, call or meeting needs a contact, company or deal' });
  }
  if (c.reminder_at !== null && !c.assignee_id) details.push({ field: 'body.assigneeId', message: 'a reminder needs an assignee' });
  if (c.assignee_id && c.assignee_id !== base?.assignee_id && !(await workspaces.isMember(k, scope.workspaceId, c.assignee_id))) {
    details.push({ field: 'body.assigneeId', message: 'not a member of this workspace' });
  }
  const contact = c.contact_id ? await contacts.findById(k, scope.workspaceId, c.contact_id) : undefined;
  if (c.contact_id && !contact) details.push({ field: 'body.contactId', message: 'no such contact in this workspace' });
  if (c.company_id && c.company_id !== base?.company_id && !(await companies.findById(k, scope.workspaceId, c.company_id))) {
    details.push({ field: 'body.companyId', message: 'no such company in this workspace' });
  }
  if (c.deal_id && c.deal_id !== base?.deal_id && !(await repo.dealExists(k, scope.workspaceId, c.deal_id))) {
    details.push({ field: 'body.dealId', message: 'no such deal in this workspace' });
  }
  if (details.length) throw badRequest('validation_failed', 'Some fields are missing or invalid', details);
  if (contact) assertWritable(scope, contact);
}

/** Queues the assignee's reminder; the idempotency key makes a repeat for the same time a no-op. */
async function scheduleReminder(ctx: AppContext, r: repo.ActivityRow): Promise<void> {
  if (r.type !== 'task' || !r.reminder_at || !r.assignee_id || r.done_at || r.reminded_at) return;
  const payload: ReminderPayload = { activityId: r.id, workspaceId: r.workspace_id, reminderAt: r.reminder_at };
  await ctx.queue.enqueue(REMINDER_JOB, payload, { idempotencyKey: `reminder:${r.id}:${r.reminder_at}`, runAt: new Date(r.reminder_at), workspaceId: r.workspace_id });
}

async function linkEvents(trx: Kysely<Database>, scope: WorkspaceScope, r: repo.ActivityRow, kind: 'activity_added' | 'task_completed', at: string, base?: repo.ActivityRow): Promise<void> {
  for (const l of LINKS) {
    const id = r[l.column];
    if (!id || (kind === 'activity_added' && base?.[l.column] === id)) continue;
    await recordEvent(trx, { workspaceId: scope.workspaceId, objectType: l.object, objectId: id, kind, changes: null, actor: scope.actor, at });
  }
}

export async function create(ctx: AppContext, scope: WorkspaceScope, input: ActivityCreate): Promise<ActivityView> {
  const row = await ctx.db.k.transaction().execute(async (trx) => {
    const at = ctx.clock.now().toISOString();
    const cols = columns(input, at);
    await check(trx, scope, cols);
    const r: repo.ActivityRow = { id: newId('act'), workspace_id: scope.workspaceId, ...cols, created_by: scope.userId, created_at: at, updated_at: at };
    await repo.insert(trx, r);
    await linkEvents(trx, scope, r, 'activity_added', at);
    if (r.done_at) await linkEvents(trx, scope, r, 'task_completed', at);
    const details = { type: r.type, contactId: r.contact_id, companyId: r.company_id, dealId: r.deal_id };
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'activity.created', target: { type: 'activity', id: r.id }, details }, trx);
    return r;
  });
  await scheduleReminder(ctx, row);
  return toView(row);
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<ActivityView> {
  const row = await repo.findById(ctx.db.k, scope.workspaceId, id);
  if (!row) throw notFound('Activity');
  return toView(row);
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: ActivityPatch): Promise<ActivityView> {
  const row = await ctx.db.k.transaction().execute(async (trx) => {
    const before = await repo.findById(trx, scope.workspaceId, id);
    if (!before) throw notFound('Activity');
    const at = ctx.clock.now().toISOString();
    const cols = columns(input, at, before);
    const fields = Object.keys(diff(toView(before), toView({ ...before, ...cols }), ['updatedAt']));
    if (!fields.length) return before;
    await check(trx, scope, cols, before);
    await repo.update(trx, scope.workspaceId, id, { ...cols, updated_at: at });
    const after: repo.ActivityRow = { ...before, ...cols, updated_at: at };
    await linkEvents(trx, scope, after, 'activity_added', at, before);
    if (after.type === 'task' && !before.done_at && after.done_at) await linkEvents(trx, scope, after, 'task_completed', at);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'activity.updated', target: { type: 'activity', id }, details: { fields } }, trx);
    return after;
  });
  await scheduleReminder(ctx, row);
  return toView(row);
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await repo.remove(trx, scope.workspaceId, id))) throw notFound('Activity');
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'activity.deleted', target: { type: 'activity', id } }, trx);
  });
}

export interface ActivityListQuery {
  limit: number;
  cursor?: string | undefined;
  filter?: string | undefined;
  sort?: string | undefined;
  type?: ActivityType | undefined;
  contactId?: string | undefined;
  companyId?: string | undefined;
  dealId?: string | undefined;
  assigneeId?: string | undefined;
  open?: 'true' | 'false' | undefined;
}

export async function list(ctx: AppContext, scope: WorkspaceScope, q: ActivityListQuery): Promise<{ data: ActivityView[]; nextCursor: string | null }> {
  const { filters, sort } = parseListParams(q.filter, q.sort);
  const shortcuts: Filter[] = (['type', 'contactId', 'companyId', 'dealId', 'assigneeId'] as const).flatMap((field) => {
    const value = q[field];
    return value === undefined ? [] : [{ field, op: 'eq' as const, value }];
  });
  const { rows, nextCursor } = await repo.list(ctx.db.k, {
    workspaceId: scope.workspaceId,
    dialect: ctx.db.dialect,
    filters: [...filters, ...shortcuts],
    sort,
    cursor: q.cursor ? decodeCursor(q.cursor) : null,
    limit: q.limit,
    openTasks: q.open === 'true',
  });
  return { data: rows.map(toView), nextCursor };
}

async function recordExists(k: Kysely<Database>, workspaceId: string, objectType: TimelineObject, id: string): Promise<boolean> {
  switch (objectType) {
    case 'contact':
      return Boolean(await contacts.findById(k, workspaceId, id));
    case 'company':
      return Boolean(await companies.findById(k, workspaceId, id));
    case 'deal':
      return repo.dealExists(k, workspaceId, id);
  }
}

export interface TimelineQuery {
  objectType?: TimelineObject | undefined;
  objectId?: string | undefined;
  limit: number;
  before?: string | undefined;
}

/** One record's activities and field changes, newest first. */
export async function timeline(ctx: AppContext, scope: WorkspaceScope, q: TimelineQuery): Promise<{ data: TimelineEntry[] }> {
  const { objectType, objectId } = q;
  if (!objectType || !objectId) {
    const missing = [...(objectType ? [] : ['objectType']), ...(objectId ? [] : ['objectId'])];
    throw badRequest('validation_failed', 'objectType and objectId are required', missing.map((f) => ({ field: `querystring.${f}`, message: 'Required' })));
  }
  const k = ctx.db.k;
  if (!(await recordExists(k, scope.workspaceId, objectType, objectId))) throw notFound('Record');
  const before = utc(q.before) ?? undefined;
  const link = LINKS.find((l) => l.object === objectType)!;
  const activities = await repo.linkedTo(k, scope.workspaceId, link.column, objectId, q.limit, before);
  const events = await repo.eventsOf(k, scope.workspaceId, objectType, objectId, q.limit, before);
  const entries: TimelineEntry[] = [
    ...activities.map((a): TimelineEntry => ({
      id: a.id,
      at: a.created_at,
      source: 'activity',
      kind: a.type,
      activity: toView(a),
      actor: a.created_by ? { type: 'user', id: a.created_by } : { type: 'unknown', id: null },
    })),
    ...events.map((e): TimelineEntry => ({
      id: e.id,
      at: e.at,
      source: 'event',
      kind: e.kind,
      changes: e.changes ? (JSON.parse(e.changes) as unknown) : null,
      actor: { type: e.actor_type, id: e.actor_id },
    })),
  ];
  entries.sort((x, y) => (x.at === y.at ? y.id.localeCompare(x.id) : y.at.localeCompare(x.at)));
  return { data: entries.slice(0, q.limit) };
}

export { ACTIVITY_FIELDS } from './activities-repo.js';
