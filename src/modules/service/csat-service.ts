import type { AppContext } from '../../context.js';
import { hmacHex, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { escapeHtml as h, renderMail } from '../../mail/layout.js';
import { canProcess } from '../privacy/consent.js';
import { findWorkspace } from '../workspaces/repo.js';
import * as repo from './csat-repo.js';
import { findTicket } from './portal-repo.js';
import { T, type Lang } from './portal-text.js';
import { getServiceSettings } from './settings-service.js';

/** Job that creates the ticket's survey and mails the requester its rating links. */
export const CSAT_SEND_JOB = 'service.csat.send';

/**
 * Called by the ticket rules when a ticket becomes solved (and csat_enabled is on).
 * Only enqueues: the job decides again (settings, still solved, one survey per ticket). The key
 * names this solve, so a retry never mails twice, and a solve that was undone before the job ran
 * does not block the survey of a later one.
 */
export async function queueCsatSurvey(ctx: AppContext, ticketId: string): Promise<void> {
  const t = await ctx.db.k.selectFrom('tickets').select(['workspace_id', 'solved_at']).where('id', '=', ticketId).executeTakeFirst();
  if (!t) return;
  await ctx.queue.enqueue(CSAT_SEND_JOB, { ticketId }, { idempotencyKey: `csat:${ticketId}:${t.solved_at ?? ''}`, workspaceId: t.workspace_id });
}

/** The survey link's secret, derived from its id so the job payload carries none. */
export const surveyToken = (ctx: AppContext, surveyId: string): string => hmacHex(ctx.secret, `csat:${surveyId}`);

export const surveyUrl = (ctx: AppContext, workspaceId: string, token: string, rating?: number): string =>
  `${ctx.config.baseUrl.replace(/\/$/, '')}/support/${encodeURIComponent(workspaceId)}/csat/${token}${rating ? `?rating=${rating}` : ''}`;

export type SendOutcome = 'sent' | 'no_ticket' | 'not_solved' | 'disabled' | 'already_sent' | 'restricted';

/** One survey per solved ticket, mailed in the ticket's language. */
export async function sendSurvey(ctx: AppContext, ticketId: string): Promise<SendOutcome> {
  const ticket = await ctx.db.k.selectFrom('tickets').select('workspace_id').where('id', '=', ticketId).executeTakeFirst();
  const t0 = ticket ? await findTicket(ctx.db.k, ticket.workspace_id, ticketId) : undefined;
  if (!t0) return 'no_ticket';
  if ((t0.status !== 'solved' && t0.status !== 'closed') || t0.merged_into_id) return 'not_solved';
  if ((await getServiceSettings(ctx, t0.workspace_id)).csat_enabled !== 1) return 'disabled';
  let survey = await repo.findByTicket(ctx.db.k, t0.id);
  if (survey?.sent_at) return 'already_sent';
  if (t0.requester_contact_id) {
    const gate = await canProcess(ctx, { workspaceId: t0.workspace_id, contactId: t0.requester_contact_id }, 'necessary', 'csat_survey');
    if (gate.reason === 'restricted') return 'restricted';
  }
  if (!survey) {
    const id = newId('csat');
    survey = { id, workspace_id: t0.workspace_id, ticket_id: t0.id, token_hash: sha256Hex(surveyToken(ctx, id)), rating: null, comment: null, sent_at: null, answered_at: null, created_at: ctx.clock.now().toISOString() };
    await repo.insert(ctx.db.k, survey);
  }
  const ws = await findWorkspace(ctx.db.k, t0.workspace_id);
  const lang: Lang = t0.locale === 'id' ? 'id' : 'en';
  const t = T[lang];
  const token = surveyToken(ctx, survey.id);
  const links = t.csatScale.map((label, i) => ({ label, url: surveyUrl(ctx, t0.workspace_id, token, i + 1) }));
  const footer = t.mailFooter(ws?.name ?? 'Kodepos');
  const base = renderMail({ subject: t.csatSubject(t0.number), heading: t.csatHeading, paragraphs: [t.csatBody(t0.subject), ...links.map((l) => `${l.label}: ${l.url}`)], footer });
  // The HTML shows the five choices as links rather than printed addresses.
  const list = `<p style="line-height:2">${links.map((l) => `<a href="${h(l.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border:1px solid #1c7ed6;border-radius:6px;color:#1c7ed6;text-decoration:none">${h(l.label)}</a>`).join('')}</p>`;
  const html = renderMail({ subject: base.subject, heading: t.csatHeading, paragraphs: [t.csatBody(t0.subject)], footer }).html.replace(/(<p style="line-height:1.5">[^<]*<\/p>)/, `$1\n${list}`);
  await ctx.mailer.send({ to: t0.requester_email, subject: base.subject, text: base.text, html, category: 'transactional' });
  await repo.markSent(ctx.db.k, survey.id, ctx.clock.now().toISOString());
  return 'sent';
}

export function registerCsatJobs(ctx: AppContext): void {
  ctx.queue.register<{ ticketId: string }>(CSAT_SEND_JOB, async (p) => ({ outcome: await sendSurvey(ctx, p.ticketId) }));
}

export interface SurveyForPage {
  survey: repo.SurveyRow;
  number: number;
  lang: Lang;
}

export async function surveyByToken(ctx: AppContext, workspaceId: string, token: string): Promise<SurveyForPage | undefined> {
  if (!/^[0-9a-f]{64}$/.test(token)) return undefined;
  const survey = await repo.findByHash(ctx.db.k, workspaceId, sha256Hex(token));
  if (!survey) return undefined;
  const ticket = await findTicket(ctx.db.k, workspaceId, survey.ticket_id);
  if (!ticket) return undefined;
  return { survey, number: ticket.number, lang: ticket.locale === 'id' ? 'id' : 'en' };
}

/** Records the rating once: 'recorded', or 'already' when the link was used before. */
export async function answerSurvey(ctx: AppContext, survey: repo.SurveyRow, rating: number, comment: string | undefined): Promise<'recorded' | 'already'> {
  const ok = await repo.answer(ctx.db.k, survey.id, rating, comment?.trim() ? comment.trim() : null, ctx.clock.now().toISOString());
  return ok ? 'recorded' : 'already';
}
