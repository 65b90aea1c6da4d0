import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { sha256Hex } from '../lib/crypto.js';
import * as accounts from '../modules/accounts/repo.js';
import type { Actor } from '../modules/audit/service.js';
import { resolveKey, type ResolvedKey } from '../modules/workspaces/apikeys.js';
import * as workspaces from '../modules/workspaces/repo.js';
import { noteActivity } from '../modules/governance/retention-activity.js';
import { isRole, roleCan, scopesCan, type Permission, type Role } from '../modules/workspaces/roles.js';
import { HttpError, notFound, unauthenticated } from './errors.js';

export const SESSION_COOKIE = 'kodepos_session';
const TOUCH_EVERY_MS = 5 * 60_000;

export interface AuthState {
  user: accounts.UserRow | null;
  sessionId: string | null;
  apiKey: ResolvedKey | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    authState?: Promise<AuthState>;
  }
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

async function resolve(ctx: AppContext, req: FastifyRequest): Promise<AuthState> {
  const key = bearer(req);
  if (key) {
    const apiKey = await resolveKey(ctx, key);
    if (!apiKey) throw new HttpError(401, 'unauthenticated', 'The API key is unknown, revoked or expired');
    if (apiKey.createdBy) await noteActivity(ctx, apiKey.createdBy);
    return { user: null, sessionId: null, apiKey };
  }
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return { user: null, sessionId: null, apiKey: null };
  const now = ctx.clock.now();
  const found = await accounts.findLiveSession(ctx.db.k, sha256Hex(token), now.toISOString());
  if (!found) return { user: null, sessionId: null, apiKey: null };
  // The session's last use is recorded at most every few minutes, the account's activity once a day.
  if (now.getTime() - new Date(found.session.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await accounts.touchSession(ctx.db.k, found.session.id, now.toISOString());
  }
  await noteActivity(ctx, found.user.id);
  return { user: found.user, sessionId: found.session.id, apiKey: null };
}

/** Resolves the caller once per request (session cookie or API key). */
export function getAuth(ctx: AppContext, req: FastifyRequest): Promise<AuthState> {
  req.authState ??= resolve(ctx, req);
  return req.authState;
}

export async function requireUser(ctx: AppContext, req: FastifyRequest): Promise<{ user: accounts.UserRow; sessionId: string }> {
  const a = await getAuth(ctx, req);
  if (!a.user || !a.sessionId) throw unauthenticated();
  return { user: a.user, sessionId: a.sessionId };
}

export async function requireOperator(ctx: AppContext, req: FastifyRequest): Promise<{ user: accounts.UserRow; actor: Actor }> {
  const { user } = await requireUser(ctx, req);
  if (user.is_platform_operator !== 1) throw new HttpError(403, 'forbidden', 'Only a platform operator may do this');
  return { user, actor: { type: 'operator', id: user.id } };
}

/**
 * The tenancy gate (invariant 2): every workspace route starts here. The workspace comes from
 * the API key, or from `X-Workspace-Id` checked against the user's memberships; a workspace the
 * caller does not belong to is reported as not found.
 */
export interface WorkspaceScope {
  workspaceId: string;
  role: Role | null;
  userId: string | null;
  actor: Actor;
  can(p: Permission): boolean;
}

export async function requireWorkspace(ctx: AppContext, req: FastifyRequest, permission: Permission): Promise<WorkspaceScope> {
  const a = await getAuth(ctx, req);
  let scope: WorkspaceScope;
  if (a.apiKey) {
    const key = a.apiKey;
    scope = { workspaceId: key.workspaceId, role: null, userId: null, actor: { type: 'api_key', id: key.id }, can: (p) => scopesCan(key.scopes, p) };
  } else {
    if (!a.user) throw unauthenticated();
    const user = a.user;
    const memberships = await workspaces.userWorkspaces(ctx.db.k, user.id);
    // The header, or `?workspaceId=` on GET downloads (export and rejected-rows links cannot send headers).
    const wanted = req.headers['x-workspace-id'] ?? (req.method === 'GET' ? workspaceFromQuery(req.url) : undefined);
    const m = typeof wanted === 'string' && wanted ? memberships.find((x) => x.workspaceId === wanted) : memberships[0];
    if (!m) throw notFound('Workspace');
    if (m.require2fa === 1 && !user.totp_enabled_at) {
      throw new HttpError(403, 'two_factor_required', 'This workspace requires two-factor authentication. Turn it on in your profile.');
    }
    const role: Role = isRole(m.role) ? m.role : 'viewer';
    scope = { workspaceId: m.workspaceId, role, userId: user.id, actor: { type: 'user', id: user.id }, can: (p) => roleCan(role, p) };
  }
  if (!scope.can(permission)) throw new HttpError(403, 'forbidden', 'Your role or key scope may not do this');
  return scope;
}

function workspaceFromQuery(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('workspaceId') ?? undefined;
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: Boolean(ctx.config.tls) || ctx.config.baseUrl.startsWith('https:'),
    path: '/',
    maxAge: ctx.config.sessionTtlDays * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function requestMeta(req: FastifyRequest): { ip: string; userAgent: string | undefined } {
  return { ip: req.ip, userAgent: req.headers['user-agent'] };
}
