import type { LightMyRequestResponse } from 'fastify';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { TestApp } from '../../test/app.js';
import { inboundToken } from './mail-repo.js';

/** Raw MIME as a requester's mail client would send it. */
export async function rawMail(o: Mail.Options): Promise<Buffer> {
  return new MailComposer({ to: 'support@help.example', text: 'Hello', ...o }).compile().build();
}

export function postInbound(ta: TestApp, token: string | null, body: Buffer | string, contentType = 'message/rfc822'): Promise<LightMyRequestResponse> {
  return ta.app.inject({
    method: 'POST',
    url: '/public/v1/service/inbound',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: body,
  });
}

export const tokenOf = (ta: TestApp, workspaceId: string): Promise<string> => inboundToken(ta.ctx, workspaceId);

export function messagesOf(ta: TestApp, ticketId: string) {
  return ta.ctx.db.k.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();
}

export function ticketsOf(ta: TestApp, workspaceId: string) {
  return ta.ctx.db.k.selectFrom('tickets').selectAll().where('workspace_id', '=', workspaceId).orderBy('number').execute();
}
