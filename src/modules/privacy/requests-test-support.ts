import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { json, type TestApp } from '../../test/app.js';
import { call, mailedToken } from '../workspaces/test-support.js';

/** Follows the sign-up verification link of `email`. */
export async function confirmEmail(ta: TestApp, email: string): Promise<void> {
  const token = await mailedToken(ta, email, '/verify-email');
  const res = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
  expect(res.statusCode, res.body).toBe(200);
}

/** Helpers of the privacy request tests (test code only). */
export interface Officer {
  cookie: string;
  userId: string;
  workspaceId: string;
}

let ip = 0;
/** A new client address per call: the public routes are rate-limited per address. */
export const freshIp = (): string => `10.9.${Math.floor(++ip / 250) % 250}.${(ip % 250) + 1}`;

export function file(ta: TestApp, body: Record<string, unknown>, cookie?: string): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests', payload: body, remoteAddress: freshIp(), ...(cookie ? { headers: { cookie } } : {}) });
}

export function verify(ta: TestApp, token: string): Promise<LightMyRequestResponse> {
  return ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests/verify', payload: { token }, remoteAddress: freshIp() });
}

/** Files a request, follows the mailed link and returns the request id. */
export async function fileVerified(ta: TestApp, body: Record<string, unknown>): Promise<string> {
  const res = await file(ta, body);
  expect(res.statusCode, res.body).toBe(202);
  const token = await mailedToken(ta, String(body.email), '/privacy/verify');
  const v = await verify(ta, token);
  expect(v.statusCode, v.body).toBe(200);
  return json<{ id: string }>(res).id;
}

export async function createContact(ta: TestApp, o: Officer, body: Record<string, unknown>): Promise<string> {
  const res = await call(ta, 'POST', '/api/v1/contacts', o, body);
  expect(res.statusCode, res.body).toBe(201);
  return json<{ id: string }>(res).id;
}

export interface RequestJson {
  id: string;
  status: string;
  type: string;
  dueAt: string;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  extendedAt: string | null;
  maxExtensionDueAt: string | null;
  assigneeId: string | null;
  overdue: boolean;
  clock: string;
  result: Record<string, unknown> | null;
  corrections: { id: string; table: string; column: string; currentValue: string | null; proposedValue: string | null; status: string; selfService: boolean }[];
  history?: { action: string; actorId: string | null; reason: string | null }[];
}

export async function getRequest(ta: TestApp, o: Officer, id: string): Promise<RequestJson> {
  const res = await call(ta, 'GET', `/api/v1/privacy/requests/${id}`, o);
  expect(res.statusCode, res.body).toBe(200);
  return json<RequestJson>(res);
}

export async function act(ta: TestApp, o: Officer, id: string, action: string, payload?: unknown): Promise<LightMyRequestResponse> {
  return call(ta, 'POST', `/api/v1/privacy/requests/${id}/${action}`, o, payload);
}
