import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { addMs, MINUTE, DAY } from '../../lib/clock.js';
import { hmacHex, randomToken, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { renderMail } from '../../mail/layout.js';
import { findWorkspace } from '../workspaces/repo.js';
import * as repo from './portal-repo.js';
import { T, type Lang } from './portal-text.js';
import { getServiceSettings } from './settings-service.js';
import type { AttachmentRow, MessageRow, TicketRow } from './tables.js';
import { readAttachment } from './tickets-attachments.js';
import { addMessage, createTicket, listRequesterTickets } from './tickets-service.js';

/** Customer portal rules: tickets from the public form and widget, sign-in by emailed link, the requester's own tickets. */
export const MAGIC_LINK_JOB = 'service.portal.magic_link';
export const LINK_TTL_MS = 30 * MINUTE;
export const SESSION_TTL_MS = 7 * DAY;
/** Links per address per quarter hour; more requests are answered the same and send nothing. */
const LINKS_PER_ADDRESS = 3;

export interface PortalWorkspace {
  id: string;
  name: string;
  defaultLocale: Lang;
}

/** The workspace behind a public portal address; unknown, or the portal turned off: 404. */
export async function portalWorkspace(ctx: AppContext, workspaceId: string): Promise<PortalWorkspace> {
  const ws = await findWorkspace(ctx.db.k, workspaceId);
  if (!ws) throw notFound('Support portal');
  const settings = await getServiceSettings(ctx, ws.id);
  if (settings.portal_enabled !== 1) throw notFound('Support portal');
  return { id: ws.id, name: ws.name, defaultLocale: settings.default_locale === 'id' ? 'id' : 'en' };
}

export const normEmail = (email: string): string => email.trim().toLowerCase();

export interface PublicTicketInput {
  email: string;
  name?: string | undefined;
  subject: string;
  body: string;
  locale?: Lang | undefined;
  website?: string | undefined;
}

/**
 * A ticket from the portal form or the widget. A filled honeypot is answered like a success (a
 * bot learns nothing) and stores nothing.
 */
export async function submitTicket(ctx: AppContext, ws: PortalWorkspace, input: PublicTicketInput, source: 'portal' | 'widget'): Promise<{ id: string; number: number; stored: boolean }> {
  if (input.website) return { id: newId('tkt'), number: 0, stored: false };
  const t = await createTicket(ctx, {
    workspaceId: ws.id,
    subject: input.subject,
    body: input.body,
    requesterEmail: normEmail(input.email),
    ...(input.name ? { requesterName: input.name } : {}),
    channel: source,
    locale: input.locale ?? ws.defaultLocale,
  });
  return { id: t.id, number: t.number, stored: true };
}

/** The link's secret, derived from its id so the mail job's payload carries no secret. */
const linkToken = (ctx: AppContext, id: string): string => hmacHex(ctx.secret, `portal-link:${id}`);

export const signInUrl = (ctx: AppContext, workspaceId: string, token: string): string =>
  `${ctx.config.baseUrl.replace(/\/$/, '')}/support/${encodeURIComponent(workspaceId)}/sign-in?token=${token}`;

/**
 * Asks for a sign-in link. The answer never depends on the address: whether a mail goes out
 * (only to an address with tickets here) is decided later by the job.
 */
export async function requestMagicLink(ctx: AppContext, ws: PortalWorkspace, rawEmail: string, lang: Lang): Promise<void> {
  const email = normEmail(rawEmail);
  const now = ctx.clock.now();
  if ((await repo.recentTokens(ctx.db.k, ws.id, email, addMs(now, -15 * MINUTE).toISOString())) >= LINKS_PER_ADDRESS) return;
  const id = newId('ptk');
  await repo.insertToken(ctx.db.k, { id, workspace_id: ws.id, email, token_hash: sha256Hex(linkToken(ctx, id)), expires_at: addMs(now, LINK_TTL_MS).toISOString(), used_at: null, created_at: now.toISOString() });
  await ctx.queue.enqueue(MAGIC_LINK_JOB, { tokenId: id, lang }, { workspaceId: ws.id, idempotencyKey: `portal-link:${id}` });
}

export async function sendMagicLink(ctx: AppContext, payload: { tokenId: string; lang: Lang }): Promise<{ sent: boolean }> {
  const row = await repo.findToken(ctx.db.k, payload.tokenId);
  if (!row || row.used_at || row.expires_at <= ctx.clock.now().toISOString()) return { sent: false };
  if (!(await repo.hasTickets(ctx.db.k, row.workspace_id, row.email))) return { sent: false };
  const ws = await findWorkspace(ctx.db.k, row.workspace_id);
  if (!ws) return { sent: false };
  const t = T[payload.lang === 'id' ? 'id' : 'en'];
  const mail = renderMail({ subject: t.mailLinkSubject(ws.name), heading: t.mailLinkHeading, paragraphs: [t.mailLinkBody], action: { label: t.mailLinkButton, url: signInUrl(ctx, ws.id, linkToken(ctx, row.id)) }, footer: t.mailFooter(ws.name) });
  await ctx.mailer.send({ to: row.email, subject: mail.subject, text: mail.text, html: mail.html, category: 'transactional' });
  return { sent: true };
}

export function registerPortalJobs(ctx: AppContext): void {
  ctx.queue.register<{ tokenId: string; lang: Lang }>(MAGIC_LINK_JOB, (p) => sendMagicLink(ctx, p));
}

/** A valid unused link, without using it (the sign-in page shows a button first: mail scanners fetch links). */
export async function checkLink(ctx: AppContext, ws: PortalWorkspace, token: string): Promise<repo.TokenRow | undefined> {
  if (!/^[0-9a-f]{64}$/.test(token)) return undefined;
  const row = await repo.findTokenByHash(ctx.db.k, ws.id, sha256Hex(token));
  if (!row || row.used_at || row.expires_at <= ctx.clock.now().toISOString()) return undefined;
  return row;
}

/** Uses the link once and opens a portal session; returns the cookie value, or undefined. */
export async function signIn(ctx: AppContext, ws: PortalWorkspace, token: string): Promise<string | undefined> {
  const row = await checkLink(ctx, ws, token);
  const now = ctx.clock.now();
  if (!row || !(await repo.useToken(ctx.db.k, row.id, now.toISOString()))) return undefined;
  const value = randomToken(32);
  await repo.insertSession(ctx.db.k, { id: sha256Hex(value), workspace_id: ws.id, email: row.email, expires_at: addMs(now, SESSION_TTL_MS).toISOString(), created_at: now.toISOString() });
  return value;
}

export async function sessionEmail(ctx: AppContext, ws: PortalWorkspace, cookie: string | undefined): Promise<string | undefined> {
  if (!cookie || cookie.length > 200) return undefined;
  return (await repo.findSession(ctx.db.k, ws.id, sha256Hex(cookie), ctx.clock.now().toISOString()))?.email;
}

export async function signOut(ctx: AppContext, ws: PortalWorkspace, cookie: string | undefined): Promise<void> {
  if (cookie && cookie.length <= 200) await repo.deleteSession(ctx.db.k, ws.id, sha256Hex(cookie));
}

export function myTickets(ctx: AppContext, ws: PortalWorkspace, email: string): Promise<TicketRow[]> {
  return listRequesterTickets(ctx, ws.id, email);
}

/** One of the requester's own tickets with its public thread; anyone else's is not found. */
export async function myTicket(ctx: AppContext, ws: PortalWorkspace, email: string, ticketId: string): Promise<{ ticket: TicketRow; messages: MessageRow[]; attachments: AttachmentRow[] }> {
  const ticket = await repo.findTicket(ctx.db.k, ws.id, ticketId);
  if (!ticket || normEmail(ticket.requester_email) !== normEmail(email)) throw notFound('Ticket');
  const [messages, attachments] = await Promise.all([repo.publicMessages(ctx.db.k, ws.id, ticket.id), repo.publicAttachments(ctx.db.k, ws.id, ticket.id)]);
  return { ticket, messages, attachments };
}

/** A file of one of the requester's own tickets, sent with a public message. */
export async function myAttachment(ctx: AppContext, ws: PortalWorkspace, email: string, ticketId: string, attachmentId: string): Promise<{ row: AttachmentRow; bytes: Buffer }> {
  const { ticket } = await myTicket(ctx, ws, email, ticketId);
  const [row] = await repo.publicAttachments(ctx.db.k, ws.id, ticket.id, attachmentId);
  if (!row) throw notFound('Attachment');
  return { row, bytes: readAttachment(ctx, row) };
}

/** The requester's reply; a closed ticket gets a follow-up ticket (CORE's rule): its id is returned. */
export async function reply(ctx: AppContext, ws: PortalWorkspace, email: string, ticketId: string, body: string): Promise<string> {
  const { ticket } = await myTicket(ctx, ws, email, ticketId);
  const msg = await addMessage(ctx, { workspaceId: ws.id, ticketId: ticket.id, authorType: 'requester', authorEmail: normEmail(email), ...(ticket.requester_name ? { authorName: ticket.requester_name } : {}), internal: false, body, channel: 'portal' });
  return msg.ticket_id;
}
