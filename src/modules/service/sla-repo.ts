import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ServiceCalendarsTable, SlaPoliciesTable } from './tables.js';

export type CalendarRow = Selectable<ServiceCalendarsTable>;
export type PolicyRow = Selectable<SlaPoliciesTable>;

export function calendars(k: Kysely<Database>, workspaceId: string): Promise<CalendarRow[]> {
  return k.selectFrom('service_calendars').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id').execute();
}

export function calendar(k: Kysely<Database>, workspaceId: string, id: string): Promise<CalendarRow | undefined> {
  return k.selectFrom('service_calendars').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function insertCalendar(k: Kysely<Database>, row: CalendarRow): Promise<void> {
  await k.insertInto('service_calendars').values(row).execute();
}

export async function updateCalendar(k: Kysely<Database>, workspaceId: string, id: string, set: Updateable<ServiceCalendarsTable>): Promise<void> {
  await k.updateTable('service_calendars').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteCalendar(k: Kysely<Database>, workspaceId: string, id: string): Promise<void> {
  await k.deleteFrom('service_calendars').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function policiesUsingCalendar(k: Kysely<Database>, workspaceId: string, calendarId: string): Promise<number> {
  const r = await k.selectFrom('sla_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('calendar_id', '=', calendarId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function policyIdsUsingCalendar(k: Kysely<Database>, workspaceId: string, calendarId: string): Promise<string[]> {
  return (await k.selectFrom('sla_policies').select('id').where('workspace_id', '=', workspaceId).where('calendar_id', '=', calendarId).execute()).map((r) => r.id);
}

export function policies(k: Kysely<Database>, workspaceId: string): Promise<PolicyRow[]> {
  return k.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).orderBy('is_default', 'desc').orderBy('name').orderBy('id').execute();
}

export function policy(k: Kysely<Database>, workspaceId: string, id: string): Promise<PolicyRow | undefined> {
  return k.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function defaultPolicy(k: Kysely<Database>, workspaceId: string): Promise<PolicyRow | undefined> {
  return k.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).where('is_default', '=', 1).orderBy('created_at').executeTakeFirst();
}

export async function insertPolicy(k: Kysely<Database>, row: PolicyRow): Promise<void> {
  await k.insertInto('sla_policies').values(row).execute();
}

export async function updatePolicy(k: Kysely<Database>, workspaceId: string, id: string, set: Updateable<SlaPoliciesTable>): Promise<void> {
  await k.updateTable('sla_policies').set(set).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Makes every other policy of the workspace non-default (one default per workspace). */
export async function clearDefault(k: Kysely<Database>, workspaceId: string, exceptId: string): Promise<void> {
  await k.updateTable('sla_policies').set({ is_default: 0 }).where('workspace_id', '=', workspaceId).where('id', '!=', exceptId).where('is_default', '=', 1).execute();
}

export async function deletePolicy(k: Kysely<Database>, workspaceId: string, id: string): Promise<void> {
  await k.deleteFrom('sla_policies').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
