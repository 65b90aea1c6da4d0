/**
 * SLA warnings: every five minutes, tickets whose first response or resolution is due within the
 * policy's warning window (in business minutes) get one warning mail, and tickets past a due time
 * get their breach stamp and one breach mail. `sla_warned` records what was mailed, so each mail
 * goes once however often the job runs or retries.
 */
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { addMs, DAY, MINUTE } from '../../lib/clock.js';
import { CalendarError } from './calendar.js';
import { loadPolicy, warnedList, type LoadedPolicy, type WarnKey } from './sla-clock.js';
import { formatDue, slaBreachMail, slaWarningMail, type SlaClockKind } from './sla-mails.js';
import type { TicketsTable } from './tables.js';

export const SLA_WARNINGS_JOB = 'service.sla_warnings';
export const SLA_WARNINGS_CRON = '*/5 * * * *';
/** Tickets due further ahead than this are left for a later run (a warning window is at most a week of business time). */
const HORIZON_MS = 45 * DAY;
const BATCH = 500;

type Ticket = Pick<TicketsTable, 'id' | 'workspace_id' | 'number' | 'subject' | 'assignee_id' | 'team_id' | 'sla_policy_id' | 'first_response_due_at' | 'resolution_due_at' | 'first_responded_at' | 'sla_paused_at' | 'first_response_breached_at' | 'resolution_breached_at' | 'sla_warned'>;

const notWarned = (key: WarnKey) => sql<boolean>`cast(sla_warned as text) not like ${`%"${key}"%`}`;

/** Open tickets with a clock due inside the horizon whose breach has not been handled yet. */
function candidates(k: Kysely<Database>, now: Date, afterId: string, limit = BATCH): Promise<Ticket[]> {
  const horizon = addMs(now, HORIZON_MS).toISOString();
  return k
    .selectFrom('tickets')
    .select(['id', 'workspace_id', 'number', 'subject', 'assignee_id', 'team_id', 'sla_policy_id', 'first_response_due_at', 'resolution_due_at', 'first_responded_at', 'sla_paused_at', 'first_response_breached_at', 'resolution_breached_at', 'sla_warned'])
    .where('status', 'not in', ['solved', 'closed'])
    .where('sla_policy_id', 'is not', null)
    .where('merged_into_id', 'is', null)
    .where('id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb.and([eb('first_responded_at', 'is', null), eb('first_response_due_at', '<=', horizon), notWarned('first_response_breach')]),
        eb.and([eb('sla_paused_at', 'is', null), eb('resolution_due_at', '<=', horizon), notWarned('resolution_breach')]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Whether any ticket may need a warning or a breach now: the schedule's guard, so an idle deployment writes no job rows. */
export async function anySlaDue(k: Kysely<Database>, now: Date): Promise<boolean> {
  return (await candidates(k, now, '', 1)).length > 0;
}

interface Recipient {
  email: string;
  locale: string;
}

/** The assignee; else the ticket's team; else the workspace's owners. */
async function recipients(k: Kysely<Database>, t: Ticket): Promise<Recipient[]> {
  if (t.assignee_id) return k.selectFrom('users').select(['email', 'locale']).where('id', '=', t.assignee_id).where('status', '!=', 'anonymised').execute();
  if (t.team_id) {
    const team = await k.selectFrom('service_team_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.email', 'u.locale']).where('m.team_id', '=', t.team_id).where('m.workspace_id', '=', t.workspace_id).where('u.status', '!=', 'anonymised').execute();
    if (team.length) return team;
  }
  return k.selectFrom('workspace_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.email', 'u.locale']).where('m.workspace_id', '=', t.workspace_id).where('m.role', '=', 'owner').where('u.status', '!=', 'anonymised').execute();
}

interface Outcome {
  warned: number;
  breached: number;
}

async function handle(ctx: AppContext, t: Ticket, p: LoadedPolicy, now: Date, tally: Outcome): Promise<void> {
  const warned = new Set(warnedList(t.sla_warned));
  const mails: { kind: SlaClockKind; breach: boolean; due: string }[] = [];
  const stamps: Partial<Record<'first_response_breached_at' | 'resolution_breached_at', string>> = {};
  const clocks: { kind: SlaClockKind; due: string | null; running: boolean; stamped: string | null }[] = [
    { kind: 'first_response', due: t.first_response_due_at, running: t.first_responded_at === null, stamped: t.first_response_breached_at },
    { kind: 'resolution', due: t.resolution_due_at, running: t.sla_paused_at === null, stamped: t.resolution_breached_at },
  ];
  for (const c of clocks) {
    if (!c.due || !c.running || warned.has(`${c.kind}_breach`)) continue;
    const due = new Date(c.due);
    if (now.getTime() >= due.getTime()) {
      if (!c.stamped) stamps[`${c.kind}_breached_at`] = c.due;
      mails.push({ kind: c.kind, breach: true, due: c.due });
      warned.add(`${c.kind}_breach`).add(`${c.kind}_warning`);
      continue;
    }
    if (p.policy.warn_before_minutes <= 0 || warned.has(`${c.kind}_warning`)) continue;
    let left: number;
    try {
      left = p.calendar.businessMsBetween(now, due);
    } catch (err) {
      if (err instanceof CalendarError) continue;
      throw err;
    }
    if (left <= p.policy.warn_before_minutes * MINUTE) {
      mails.push({ kind: c.kind, breach: false, due: c.due });
      warned.add(`${c.kind}_warning`);
    }
  }
  if (!mails.length) return;
  const to = await recipients(ctx.db.k, t);
  for (const m of mails) {
    for (const r of to) {
      const facts = { number: t.number, subject: t.subject, kind: m.kind, due: formatDue(m.due, p.calendar.spec.timeZone, r.locale), url: `${ctx.config.baseUrl}/service/tickets/${t.id}`, operator: ctx.config.operator.name };
      await ctx.mailer.send({ to: r.email, ...(m.breach ? slaBreachMail(r.locale, facts) : slaWarningMail(r.locale, facts)), category: 'transactional' });
    }
    if (m.breach) tally.breached++;
    else tally.warned++;
  }
  // Recorded after the mails went: a failed send makes the job retry this ticket, never skip it.
  await ctx.db.k
    .updateTable('tickets')
    .set({ ...stamps, sla_warned: JSON.stringify([...warned].sort()) })
    .where('id', '=', t.id)
    .where('sla_warned', '=', t.sla_warned)
    .execute();
}

/** One pass over every workspace's open tickets with an SLA. */
export async function runSlaWarnings(ctx: AppContext): Promise<Outcome> {
  const now = ctx.clock.now();
  const tally: Outcome = { warned: 0, breached: 0 };
  const policies = new Map<string, LoadedPolicy | undefined>();
  let after = '';
  for (;;) {
    const batch = await candidates(ctx.db.k, now, after);
    for (const t of batch) {
      const key = `${t.workspace_id}/${t.sla_policy_id ?? ''}`;
      if (!policies.has(key)) policies.set(key, t.sla_policy_id ? await loadPolicy(ctx.db.k, t.workspace_id, t.sla_policy_id) : undefined);
      const p = policies.get(key);
      if (p) await handle(ctx, t, p, now, tally);
    }
    if (batch.length < BATCH) return tally;
    after = batch[batch.length - 1]?.id ?? after;
  }
}

export function registerSlaJobs(ctx: AppContext): void {
  ctx.queue.register(SLA_WARNINGS_JOB, () => runSlaWarnings(ctx), { leaseMs: 10 * MINUTE });
  ctx.queue.schedule(SLA_WARNINGS_JOB, SLA_WARNINGS_CRON, null, { when: () => anySlaDue(ctx.db.k, ctx.clock.now()) }).catch((err: unknown) => ctx.log.error({ err, job: SLA_WARNINGS_JOB }, 'could not schedule the SLA warnings'));
}
