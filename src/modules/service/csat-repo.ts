import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { CsatSurveysTable } from './tables.js';

/** SQL of satisfaction surveys. */
export type SurveyRow = Selectable<CsatSurveysTable>;

export function findByTicket(k: Kysely<Database>, ticketId: string): Promise<SurveyRow | undefined> {
  return k.selectFrom('csat_surveys').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').executeTakeFirst();
}

export function findByHash(k: Kysely<Database>, workspaceId: string, hash: string): Promise<SurveyRow | undefined> {
  return k.selectFrom('csat_surveys').selectAll().where('token_hash', '=', hash).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function insert(k: Kysely<Database>, row: SurveyRow): Promise<void> {
  await k.insertInto('csat_surveys').values(row).execute();
}

export async function markSent(k: Kysely<Database>, id: string, at: string): Promise<void> {
  await k.updateTable('csat_surveys').set({ sent_at: at }).where('id', '=', id).execute();
}

/** Records the answer once; false when it was already answered (the link is single use). */
export async function answer(k: Kysely<Database>, id: string, rating: number, comment: string | null, at: string): Promise<boolean> {
  const r = await k.updateTable('csat_surveys').set({ rating, comment, answered_at: at }).where('id', '=', id).where('answered_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Surveys of a workspace sent in [from, to): how many, and how many of them were answered. */
export async function sentCounts(k: Kysely<Database>, workspaceId: string, from: string, to: string): Promise<{ sent: number; answered: number }> {
  const r = await k
    .selectFrom('csat_surveys')
    .select((eb) => [eb.fn.countAll<number>().as('sent'), eb.fn.count<number>('answered_at').as('answered')])
    .where('workspace_id', '=', workspaceId)
    .where('sent_at', '>=', from)
    .where('sent_at', '<', to)
    .executeTakeFirst();
  return { sent: Number(r?.sent ?? 0), answered: Number(r?.answered ?? 0) };
}

/** Ratings answered in [from, to) by score. */
export async function distribution(k: Kysely<Database>, workspaceId: string, from: string, to: string): Promise<{ rating: number; n: number }[]> {
  const rows = await k
    .selectFrom('csat_surveys')
    .select((eb) => ['rating', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('answered_at', '>=', from)
    .where('answered_at', '<', to)
    .where('rating', 'is not', null)
    .groupBy('rating')
    .execute();
  return rows.map((r) => ({ rating: Number(r.rating), n: Number(r.n) }));
}

export function recent(k: Kysely<Database>, workspaceId: string, from: string, to: string, limit: number) {
  return k
    .selectFrom('csat_surveys as s')
    .innerJoin('tickets as t', 't.id', 's.ticket_id')
    .select(['s.ticket_id', 't.number', 's.rating', 's.comment', 's.answered_at'])
    .where('s.workspace_id', '=', workspaceId)
    .where('s.answered_at', '>=', from)
    .where('s.answered_at', '<', to)
    .orderBy('s.answered_at', 'desc')
    .limit(limit)
    .execute();
}
