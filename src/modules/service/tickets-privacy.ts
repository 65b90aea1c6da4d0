import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { forbidden } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import { intake } from '../privacy/requests-service.js';
import { ticketOr404 } from './tickets-views.js';

export type TicketPrivacyType = 'access' | 'portability' | 'correction' | 'deletion' | 'restriction' | 'withdraw_consent' | 'opt_out_sale';

/**
 * A requester asks for one of their rights in a ticket: the agent raises a privacy request in the
 * workspace's queue for the ticket's requester. The agent's session stands in for the emailed
 * verification link (the requester is writing from that address in this ticket), so only a
 * signed-in member may do it, and the audit log names them and the ticket.
 */
export async function privacyRequestFromTicket(ctx: AppContext, scope: WorkspaceScope, ticketId: string, input: { type: TicketPrivacyType; details?: string | undefined }): Promise<{ id: string }> {
  const t = await ticketOr404(ctx, scope.workspaceId, ticketId);
  if (!scope.userId) throw forbidden('Only a signed-in member can vouch for a requester; an API key cannot');
  const details = [`Raised from ticket #${t.number}.`, input.details].filter(Boolean).join('\n').slice(0, 5000);
  const r = await intake(ctx, { type: input.type, email: t.requester_email, workspaceId: scope.workspaceId, locale: t.locale === 'id' ? 'id' : 'en', details }, null, { userId: scope.userId });
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'ticket.privacy_request_raised', target: { type: 'ticket', id: t.id }, details: { requestId: r.id, type: input.type } });
  return r;
}
