import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireWorkspace } from '../../http/auth.js';
import { badRequest, HttpError, notFound } from '../../http/errors.js';
import { errors, errorSchema, idParams } from '../../http/schemas.js';
import { contentDisposition, FILE_LIMIT, readAttachment, removeFiles, storeAttachments, tooLarge, unsupported } from './tickets-attachments.js';
import { privacyRequestFromTicket } from './tickets-privacy.js';
import * as repo from './tickets-repo.js';
import { attachmentParams, attachmentView, mergeInput, messageView, privacyRequestInput, replyInput, ticketCreate, ticketDetail, ticketListParams, ticketPage, ticketPatch, ticketViewCounts, ticketView } from './tickets-schema.js';
import { addMessage, createTicket, mergeTickets, updateTicket } from './tickets-service.js';
import { getTicketDetail, listTicketViews, ticketOr404, ticketViewCounts as countViews, toAttachmentView, toMessageView, toTicketView } from './tickets-views.js';

const tags = ['tickets'];
const fileErrors = { 413: errorSchema, 415: errorSchema, ...errors };

export function ticketsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/tickets', { schema: { tags, summary: 'Tickets, latest activity first: views, filters and search', querystring: ticketListParams, response: { 200: ticketPage, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return listTicketViews(ctx, scope, req.query);
  });

  app.get('/api/v1/tickets/view-counts', { schema: { tags, summary: 'How many tickets the mine, unassigned and breaching views hold (each capped)', response: { 200: ticketViewCounts, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return countViews(ctx, scope);
  });

  app.post('/api/v1/tickets', { schema: { tags, summary: "Open a ticket for a requester (channel 'agent' with a session, 'api' with an API key)", body: ticketCreate, response: { 201: ticketView, ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    const b = req.body;
    const t = await createTicket(ctx, {
      workspaceId: scope.workspaceId,
      subject: b.subject,
      body: b.body,
      requesterEmail: b.requesterEmail,
      requesterName: b.requesterName,
      priority: b.priority,
      tags: b.tags,
      teamId: b.teamId,
      assigneeId: b.assigneeId,
      channel: scope.actor.type === 'api_key' ? 'api' : 'agent',
      actorUserId: scope.userId ?? undefined,
      actor: scope.actor,
    });
    return reply.status(201).send(toTicketView(t));
  });

  app.get('/api/v1/tickets/:id', { schema: { tags, summary: 'One ticket with its messages, internal notes and satisfaction answer', params: idParams, response: { 200: ticketDetail, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    return getTicketDetail(ctx, scope, req.params.id);
  });

  app.patch('/api/v1/tickets/:id', { schema: { tags, summary: 'Change subject, status, priority, assignee, team or tags (a closed ticket: tags only)', params: idParams, body: ticketPatch, response: { 200: ticketView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return toTicketView(await updateTicket(ctx, scope, req.params.id, req.body));
  });

  app.post('/api/v1/tickets/:id/replies', { schema: { tags, summary: 'A public reply (mailed to the requester) or an internal note', params: idParams, body: replyInput, response: { 201: messageView, ...fileErrors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    await ticketOr404(ctx, scope.workspaceId, req.params.id);
    const m = await addMessage(ctx, {
      workspaceId: scope.workspaceId,
      ticketId: req.params.id,
      authorType: 'agent',
      authorUserId: scope.userId ?? undefined,
      internal: req.body.internal ?? false,
      body: req.body.body,
      channel: scope.actor.type === 'api_key' ? 'api' : 'agent',
      attachmentIds: req.body.attachmentIds,
      actor: scope.actor,
    });
    const files = await repo.attachmentsOfMessages(ctx.db.k, scope.workspaceId, [m.id]);
    return reply.status(201).send(toMessageView(m, files));
  });

  app.post('/api/v1/tickets/:id/merge', { schema: { tags, summary: 'Merge this ticket into another: its messages move, it is closed', params: idParams, body: mergeInput, response: { 200: ticketView, ...errors } } }, async (req) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return toTicketView(await mergeTickets(ctx, scope, req.params.id, req.body.intoTicketId));
  });

  app.post('/api/v1/tickets/:id/privacy-request', { schema: { tags, summary: "Raise a privacy request for the ticket's requester, verified by the member's session", params: idParams, body: privacyRequestInput, response: { 201: z.object({ id: z.string() }), ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.write');
    return reply.status(201).send(await privacyRequestFromTicket(ctx, scope, req.params.id, req.body));
  });

  app.get('/api/v1/tickets/:id/attachments/:attachmentId', { schema: { tags, summary: 'Download an attachment (always as a download, never rendered)', params: attachmentParams, response: { 200: z.unknown().meta({ format: 'binary' }), ...errors } } }, async (req, reply) => {
    const scope = await requireWorkspace(ctx, req, 'records.read');
    const a = await repo.findAttachment(ctx.db.k, scope.workspaceId, req.params.id, req.params.attachmentId);
    if (!a) throw notFound('Attachment');
    const bytes = readAttachment(ctx, a);
    return reply
      .header('content-type', a.content_type)
      .header('content-disposition', contentDisposition(a.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });

  // Multipart only where an upload is expected: the parser is scoped to this plugin.
  void root.register(async (inst) => {
    await inst.register(multipart, { limits: { fileSize: FILE_LIMIT, files: 1, fields: 2, fieldSize: 1000, parts: 3, headerPairs: 100 } });
    const up = inst.withTypeProvider<ZodTypeProvider>();
    up.post(
      '/api/v1/tickets/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Upload a file to a ticket (at most 10 MB; images, PDF, text, CSV, ZIP, Office, .eml); send its id with a reply',
          consumes: ['multipart/form-data'],
          params: idParams,
          body: z.object({ file: z.string().meta({ format: 'binary' }) }),
          response: { 201: attachmentView, ...fileErrors },
        },
        // The body is a stream read in the handler; the schema above documents it.
        validatorCompiler: () => () => true,
      },
      async (req, reply) => {
        const scope = await requireWorkspace(ctx, req, 'records.write');
        if (!req.isMultipart()) throw unsupported();
        let file: { filename: string; contentType: string; content: Buffer } | undefined;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'field') continue;
            if (part.fieldname !== 'file' || file) {
              part.file.resume();
              throw badRequest('validation_failed', 'Send one file, in the field "file"', [{ field: 'body.file', message: 'exactly one file, named file' }]);
            }
            const content = await part.toBuffer();
            if (part.file.truncated) throw tooLarge('file');
            file = { filename: part.filename, contentType: part.mimetype, content };
          }
        } catch (err) {
          if (err instanceof HttpError) throw err;
          const e = err as { code?: unknown; statusCode?: unknown };
          if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) throw tooLarge('file');
          throw new HttpError(400, 'invalid_multipart', 'The multipart body could not be read');
        }
        if (!file) throw badRequest('validation_failed', 'Send the file in the multipart field "file"', [{ field: 'body.file', message: 'required' }]);
        // The body is read first: a malformed upload is a 400 whatever the ticket.
        const t = await ticketOr404(ctx, scope.workspaceId, req.params.id);
        if (t.status === 'closed') throw new HttpError(409, 'ticket_closed', 'This ticket is closed; a closed ticket does not change');
        const written: string[] = [];
        try {
          const [row] = await ctx.db.k.transaction().execute((trx) =>
            storeAttachments(ctx, trx, { workspaceId: scope.workspaceId, ticketId: t.id, messageId: null, uploadedBy: scope.userId, now: ctx.clock.now().toISOString() }, [file], written),
          );
          if (!row) throw new Error('attachment not stored');
          return await reply.status(201).send(toAttachmentView(row));
        } catch (err) {
          removeFiles(ctx, written);
          throw err;
        }
      },
    );
  });
}
