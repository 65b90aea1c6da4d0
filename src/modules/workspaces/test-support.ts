import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { json, linkToken, sessionCookie, type OutboxMail, type TestApp } from '../../test/app.js';

/** Helpers shared by the accounts, workspaces and audit API tests (test code only). */
export const PASSWORD = 'correct horse battery';

export function errorCode(res: LightMyRequestResponse): string | undefined {
  try {
    return json<{ error?: { code?: string } }>(res).error?.code;
  } catch {
    return undefined;
  }
}

/** Asserts an error answer: status and the API.md error code. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
}

export function login(
  ta: TestApp,
  email: string,
  password = PASSWORD,
  opts: { totp?: string; ip?: string } = {},
): Promise<LightMyRequestResponse> {
  return ta.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password, ...(opts.totp !== undefined ? { totp: opts.totp } : {}) },
    remoteAddress: opts.ip ?? '127.0.0.1',
  });
}

export async function loginCookie(ta: TestApp, email: string, password = PASSWORD, opts: { totp?: string; ip?: string } = {}): Promise<string> {
  const res = await login(ta, email, password, opts);
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return sessionCookie(res);
}

export interface RegisterInput {
  email: string;
  name?: string;
  company?: string;
  phone?: string;
  invitationToken?: string;
  password?: string;
}

export function register(ta: TestApp, who: RegisterInput): Promise<LightMyRequestResponse> {
  return ta.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      name: who.name ?? 'Test User',
      email: who.email,
      password: who.password ?? PASSWORD,
      ...(who.company !== undefined ? { company: who.company } : who.invitationToken ? {} : { company: 'Test Co' }),
      ...(who.phone ? { phone: who.phone } : {}),
      ...(who.invitationToken ? { invitationToken: who.invitationToken } : {}),
      ageConfirmed: true,
    },
  });
}

const taken = new WeakMap<TestApp, Set<string>>();

/** Runs the queued jobs and returns the mails to `email` that no earlier call returned. */
export async function newMails(ta: TestApp, email: string): Promise<OutboxMail[]> {
  await ta.drain();
  const seen = taken.get(ta) ?? new Set<string>();
  taken.set(ta, seen);
  const fresh = (await ta.outbox()).filter((m) => m.to.toLowerCase().includes(email.toLowerCase()) && !seen.has(m.file));
  for (const m of fresh) seen.add(m.file);
  return fresh;
}

/** The token of the only new mail to `email` carrying a `path?token=` link. */
export async function mailedToken(ta: TestApp, email: string, path: string): Promise<string> {
  const mails = (await newMails(ta, email)).filter((m) => m.text.includes(`${path}?token=`));
  expect(mails, `one ${path} mail to ${email}`).toHaveLength(1);
  return linkToken(mails[0]!, path);
}

export function call(
  ta: TestApp,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  auth: { cookie?: string; key?: string; workspaceId?: string },
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  if (auth.workspaceId) headers['x-workspace-id'] = auth.workspaceId;
  return ta.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
}

/** Invites `email` as `role` into the caller's workspace; returns the invitation id and the mailed token. */
export async function invite(
  ta: TestApp,
  by: { cookie?: string; key?: string; workspaceId?: string },
  email: string,
  role: string,
): Promise<{ invitationId: string; token: string }> {
  const res = await call(ta, 'POST', '/api/v1/invitations', by, { email, role });
  expect(res.statusCode, res.body).toBe(201);
  const token = await mailedToken(ta, email, '/invite');
  return { invitationId: json<{ id: string }>(res).id, token };
}

export interface Member {
  cookie: string;
  userId: string;
  memberId: string;
  email: string;
}

/** A new user who joins the owner's workspace through an invitation, signed in. */
export async function addMember(
  ta: TestApp,
  owner: { cookie: string; workspaceId: string },
  who: { email: string; name?: string },
  role: string,
): Promise<Member> {
  const { token } = await invite(ta, owner, who.email, role);
  const reg = await register(ta, { email: who.email, name: who.name ?? 'Member', invitationToken: token });
  expect(reg.statusCode, reg.body).toBe(201);
  const userId = json<{ user: { id: string } }>(reg).user.id;
  const cookie = await loginCookie(ta, who.email);
  const row = await ta.ctx.db.k
    .selectFrom('workspace_members')
    .select('id')
    .where('workspace_id', '=', owner.workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { cookie, userId, memberId: row.id, email: who.email };
}

export async function createKey(
  ta: TestApp,
  by: { cookie: string; workspaceId?: string },
  scopes: string[],
  expiresAt?: string,
): Promise<{ id: string; key: string }> {
  const res = await call(ta, 'POST', '/api/v1/api-keys', by, { name: 'test key', scopes, ...(expiresAt ? { expiresAt } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return json<{ id: string; key: string }>(res);
}
