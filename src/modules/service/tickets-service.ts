import type { AppContext } from '../../context.js';
import type { AuthorType, MessageRow, TicketChannel, TicketPriority, TicketRow } from './tables.js';

export interface IncomingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface CreateTicketInput {
  workspaceId: string;
  subject: string;
  body: string;
  bodyHtml?: string;
  requesterEmail: string;
  requesterName?: string;
  priority?: TicketPriority;
  channel: TicketChannel;
  locale?: string;
  tags?: string[];
  teamId?: string;
  assigneeId?: string;
  actorUserId?: string;
  emailMessageId?: string;
  attachments?: IncomingAttachment[];
}

export interface AddMessageInput {
  workspaceId: string;
  ticketId: string;
  authorType: AuthorType;
  authorUserId?: string;
  authorEmail?: string;
  authorName?: string;
  internal: boolean;
  body: string;
  bodyHtml?: string;
  channel: TicketChannel;
  emailMessageId?: string;
  attachments?: IncomingAttachment[];
}

export async function createTicket(ctx: AppContext, input: CreateTicketInput): Promise<TicketRow> {
  void ctx;
  void input;
  return Promise.reject(new Error('not available yet'));
}

export async function addMessage(ctx: AppContext, input: AddMessageInput): Promise<MessageRow> {
  void ctx;
  void input;
  return Promise.reject(new Error('not available yet'));
}

export async function findTicketByNumber(ctx: AppContext, workspaceId: string, number: number): Promise<TicketRow | undefined> {
  void ctx;
  void workspaceId;
  void number;
  return Promise.resolve(undefined);
}

export async function findTicketByEmailMessageId(ctx: AppContext, workspaceId: string, messageIds: string[]): Promise<TicketRow | undefined> {
  void ctx;
  void workspaceId;
  void messageIds;
  return Promise.resolve(undefined);
}

export async function listRequesterTickets(ctx: AppContext, workspaceId: string, email: string): Promise<TicketRow[]> {
  void ctx;
  void workspaceId;
  void email;
  return Promise.resolve([]);
}
