import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { json, signUp, type TestApp } from '../../test/app.js';
import { call } from '../workspaces/test-support.js';
import type { MessageView, TicketDetail, TicketView } from './tickets-schema.js';

/** Test code only: a workspace owner and helpers to drive the tickets API. */
export type Auth = { cookie: string; userId: string; workspaceId: string };

let n = 0;
export async function owner(ta: TestApp, label = 'owner'): Promise<Auth> {
  n++;
  return signUp(ta, { email: `${label}-${n}-${Date.now()}@example.com`, name: `Owner ${n}` });
}

export async function newTicket(ta: TestApp, a: Auth, body: Record<string, unknown> = {}): Promise<TicketView> {
  const res = await call(ta, 'POST', '/api/v1/tickets', a, { subject: 'Printer on fire', body: 'It smokes.', requesterEmail: 'ana@example.com', requesterName: 'Ana Lestari', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return json<TicketView>(res);
}

export async function detail(ta: TestApp, a: Auth, id: string): Promise<TicketDetail> {
  const res = await call(ta, 'GET', `/api/v1/tickets/${id}`, a);
  expect(res.statusCode, res.body).toBe(200);
  return json<TicketDetail>(res);
}

export async function reply(ta: TestApp, a: Auth, id: string, body: Record<string, unknown>): Promise<MessageView> {
  const res = await call(ta, 'POST', `/api/v1/tickets/${id}/replies`, a, body);
  expect(res.statusCode, res.body).toBe(201);
  return json<MessageView>(res);
}

export async function patch(ta: TestApp, a: Auth, id: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return call(ta, 'PATCH', `/api/v1/tickets/${id}`, a, body);
}

/** A multipart body with one file. */
export function multipartFile(filename: string, contentType: string, content: Buffer, field = 'file'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kp${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(ta: TestApp, a: Auth, ticketId: string, filename: string, contentType: string, content: Buffer): Promise<LightMyRequestResponse> {
  const m = multipartFile(filename, contentType, content);
  return ta.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/attachments`, headers: { cookie: a.cookie, 'x-workspace-id': a.workspaceId, ...m.headers }, payload: m.payload });
}

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
