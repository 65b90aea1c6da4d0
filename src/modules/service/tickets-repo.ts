import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import type { AttachmentRow, MessageRow, TicketPriority, TicketRow, TicketStatus } from './tables.js';

/** SQL of tickets, their messages and attachments. Every query names the workspace (invariant 2). */
type K = Kysely<Database>;

export async function findTicket(k: K, workspaceId: string, id: string): Promise<TicketRow | undefined> {
  return k.selectFrom('tickets').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function findByNumber(k: K, workspaceId: string, number: number): Promise<TicketRow | undefined> {
  return k.selectFrom('tickets').selectAll().where('workspace_id', '=', workspaceId).where('number', '=', number).executeTakeFirst();
}

/** The ticket a mail thread belongs to: the newest message carrying one of the Message-IDs. */
export async function findByMessageIds(k: K, workspaceId: string, messageIds: string[]): Promise<TicketRow | undefined> {
  if (messageIds.length === 0) return undefined;
  return k
    .selectFrom('ticket_messages as m')
    .innerJoin('tickets as t', 't.id', 'm.ticket_id')
    .selectAll('t')
    .where('m.workspace_id', '=', workspaceId)
    .where('m.email_message_id', 'in', messageIds.slice(0, 200))
    .orderBy('m.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function requesterTickets(k: K, workspaceId: string, email: string, limit = 200): Promise<TicketRow[]> {
  return k
    .selectFrom('tickets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('requester_email', '=', email)
    .where('merged_into_id', 'is', null)
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The next per-workspace number; callers hold the workspace's settings row lock (or SQLite's write lock). */
export async function nextNumber(k: K, workspaceId: string): Promise<number> {
  const r = await k.selectFrom('tickets').select((eb) => eb.fn.max('number').as('n')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

export async function insertTicket(k: K, row: TicketRow): Promise<void> {
  await k.insertInto('tickets').values(row).execute();
}

export async function updateTicket(k: K, workspaceId: string, id: string, patch: Partial<Omit<TicketRow, 'id' | 'workspace_id' | 'number'>>): Promise<void> {
  await k.updateTable('tickets').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function insertMessage(k: K, row: MessageRow): Promise<void> {
  await k.insertInto('ticket_messages').values(row).execute();
}

export async function messagesOf(k: K, workspaceId: string, ticketId: string): Promise<MessageRow[]> {
  return k.selectFrom('ticket_messages').selectAll().where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();
}

export async function hasPublicAgentReply(k: K, ticketId: string): Promise<boolean> {
  const r = await k.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketId).where('author_type', '=', 'agent').where('internal', '=', 0).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function insertAttachment(k: K, row: AttachmentRow): Promise<void> {
  await k.insertInto('ticket_attachments').values(row).execute();
}

export async function findAttachment(k: K, workspaceId: string, ticketId: string, id: string): Promise<AttachmentRow | undefined> {
  return k.selectFrom('ticket_attachments').selectAll().where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).where('id', '=', id).executeTakeFirst();
}

export async function attachmentsOfTicket(k: K, workspaceId: string, ticketId: string): Promise<AttachmentRow[]> {
  return k.selectFrom('ticket_attachments').selectAll().where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();
}

/** Uploaded files of this ticket not yet sent with a message, among `ids`. */
export async function unlinkedAttachments(k: K, workspaceId: string, ticketId: string, ids: string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return k.selectFrom('ticket_attachments').selectAll().where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).where('id', 'in', ids).where('message_id', 'is', null).execute();
}

export async function linkAttachments(k: K, workspaceId: string, ids: string[], messageId: string): Promise<void> {
  if (ids.length === 0) return;
  await k.updateTable('ticket_attachments').set({ message_id: messageId }).where('workspace_id', '=', workspaceId).where('id', 'in', ids).where('message_id', 'is', null).execute();
}

/** Moves a merged ticket's messages and attachments to the ticket it was merged into. */
export async function moveThread(k: K, workspaceId: string, fromId: string, toId: string): Promise<number> {
  const r = await k.updateTable('ticket_messages').set({ ticket_id: toId }).where('workspace_id', '=', workspaceId).where('ticket_id', '=', fromId).executeTakeFirst();
  await k.updateTable('ticket_attachments').set({ ticket_id: toId }).where('workspace_id', '=', workspaceId).where('ticket_id', '=', fromId).execute();
  return Number(r.numUpdatedRows);
}

export async function latestCsat(k: K, workspaceId: string, ticketId: string): Promise<{ rating: number | null; comment: string | null; answered_at: string | null } | undefined> {
  return k.selectFrom('csat_surveys').select(['rating', 'comment', 'answered_at']).where('workspace_id', '=', workspaceId).where('ticket_id', '=', ticketId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function isTeamOf(k: K, workspaceId: string, teamId: string): Promise<boolean> {
  return (await k.selectFrom('service_teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst()) !== undefined;
}

/** Roles that work tickets: they may write records. Viewers and privacy officers only read. */
export const AGENT_ROLES = ['owner', 'admin', 'member'] as const;

export async function isAgent(k: K, workspaceId: string, userId: string): Promise<boolean> {
  const r = await k.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('role', 'in', [...AGENT_ROLES]).executeTakeFirst();
  return r !== undefined;
}

export interface ListArgs {
  workspaceId: string;
  dialect: DialectName;
  now: string;
  view: 'all' | 'mine' | 'unassigned' | 'breaching';
  userId: string | null;
  status?: TicketStatus[] | undefined;
  priority?: TicketPriority[] | undefined;
  assigneeId?: string | undefined;
  teamId?: string | undefined;
  tag?: string | undefined;
  requesterContactId?: string | undefined;
  q?: string | undefined;
  limit: number;
  after?: { v: string; id: string } | undefined;
}

const OPEN_STATES: TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `due <= now + the ticket's policy warning window` (60 minutes without a policy), on either database. */
function dueWithinWarning(dialect: DialectName, column: 't.first_response_due_at' | 't.resolution_due_at', now: string): Expression<SqlBool> {
  const minutes = sql`coalesce(p.warn_before_minutes, 60)`;
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} <= cast(${now} as timestamptz) + make_interval(mins => ${minutes})`
    : sql<SqlBool>`${sql.ref(column)} <= strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '+' || ${minutes} || ' minutes')`;
}

/**
 * Tickets newest activity first, keyset-paginated on (last_message_at, id): the
 * (workspace_id, last_message_at, id) index serves the default list; the status, assignee,
 * requester and due-date indexes serve the views and filters.
 */
type View = ListArgs['view'];
type ViewArgs = Pick<ListArgs, 'workspaceId' | 'dialect' | 'now' | 'userId'>;

/** Tickets of a workspace joined to their SLA policy, narrowed to one view. */
function inView(k: K, a: ViewArgs, view: View, maxWarnMinutes: number) {
  let q = k.selectFrom('tickets as t').leftJoin('sla_policies as p', 'p.id', 't.sla_policy_id').where('t.workspace_id', '=', a.workspaceId);
  if (view === 'mine') q = q.where('t.assignee_id', '=', a.userId ?? '').where('t.status', 'in', OPEN_STATES);
  if (view === 'unassigned') q = q.where('t.assignee_id', 'is', null).where('t.status', 'in', OPEN_STATES).where('t.merged_into_id', 'is', null);
  if (view === 'breaching') {
    // The widest window first (plain comparisons an index can use), then each ticket's own policy's window.
    const horizon = new Date(Date.parse(a.now) + maxWarnMinutes * 60_000).toISOString();
    q = q.where('t.status', 'in', OPEN_STATES).where((eb) =>
      eb.or([
        eb.and([eb('t.first_responded_at', 'is', null), eb('t.first_response_due_at', '<=', horizon), dueWithinWarning(a.dialect, 't.first_response_due_at', a.now)]),
        eb.and([eb('t.resolution_due_at', '<=', horizon), dueWithinWarning(a.dialect, 't.resolution_due_at', a.now)]),
        eb('t.first_response_breached_at', 'is not', null).and('t.first_responded_at', 'is', null),
        eb('t.resolution_breached_at', 'is not', null),
      ]),
    );
  }
  return q;
}

/**
 * How many tickets each working view holds, each counted up to `cap` (a count past it reads as
 * "cap or more"), so the tabs cost a bounded index walk however large the desk grows.
 */
export async function countViews(k: K, a: ViewArgs, maxWarnMinutes: number, cap: number): Promise<Record<'mine' | 'unassigned' | 'breaching', number>> {
  const count = async (view: View): Promise<number> => {
    const capped = inView(k, a, view, maxWarnMinutes).select('t.id').limit(cap).as('c');
    const r = await k.selectFrom(capped).select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  };
  return { mine: a.userId ? await count('mine') : 0, unassigned: await count('unassigned'), breaching: await count('breaching') };
}

export async function listTickets(k: K, a: ListArgs, maxWarnMinutes: number): Promise<TicketRow[]> {
  let q = inView(k, a, a.view, maxWarnMinutes).selectAll('t');
  if (a.status?.length) q = q.where('t.status', 'in', a.status);
  if (a.priority?.length) q = q.where('t.priority', 'in', a.priority);
  if (a.assigneeId) q = q.where('t.assignee_id', '=', a.assigneeId);
  if (a.teamId) q = q.where('t.team_id', '=', a.teamId);
  if (a.requesterContactId) q = q.where('t.requester_contact_id', '=', a.requesterContactId);
  if (a.tag) {
    const tag = a.tag;
    q = a.dialect === 'postgres'
      ? q.where(sql<SqlBool>`t.tags @> ${JSON.stringify([tag])}::jsonb`)
      : q.where(sql<SqlBool>`exists (select 1 from json_each(t.tags) where json_each.value = ${tag})`);
  }
  if (a.q) {
    const text = a.q.trim();
    const number = /^#?(\d{1,9})$/.exec(text);
    if (number) q = q.where('t.number', '=', Number(number[1]));
    // An address is looked up exactly, through the (workspace_id, requester_email) index.
    else if (text.includes('@')) q = q.where('t.requester_email', '=', text.toLowerCase());
    else q = q.where(sql<SqlBool>`lower(t.subject) like ${`%${likeEscape(text.toLowerCase())}%`} escape '\\'`);
  }
  if (a.after) {
    const c = a.after;
    q = q.where((eb) => eb.and([eb('t.last_message_at', '<=', c.v), eb.or([eb('t.last_message_at', '<', c.v), eb('t.id', '<', c.id)])]));
  }
  return q.orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc').limit(a.limit).execute();
}

export async function maxWarnMinutes(k: K, workspaceId: string): Promise<number> {
  const r = await k.selectFrom('sla_policies').select((eb) => eb.fn.max('warn_before_minutes').as('m')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Math.max(60, Number(r?.m ?? 0));
}

export async function attachmentsOfMessages(k: K, workspaceId: string, messageIds: string[]): Promise<AttachmentRow[]> {
  if (messageIds.length === 0) return [];
  return k.selectFrom('ticket_attachments').selectAll().where('workspace_id', '=', workspaceId).where('message_id', 'in', messageIds).orderBy('created_at').execute();
}
