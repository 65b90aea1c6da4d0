import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { DAY, HOUR } from '../../lib/clock.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { shortUserAgent, truncateIp } from '../../lib/net.js';
import { HttpError, badRequest, conflict } from '../../http/errors.js';
import { linkVisitor } from '../analytics/link.js';
import * as audit from '../audit/service.js';
import * as workspaces from '../workspaces/service.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import * as repo from './repo.js';
import * as throttle from './throttle.js';
import { checkSecondFactor } from './twofactor.js';

export interface RequestMeta {
  ip: string;
  userAgent?: string | undefined;
}

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
  company?: string | undefined;
  phone?: string | undefined;
  birthDate?: string | undefined;
  ageConfirmed?: unknown;
  locale?: 'en' | 'id' | undefined;
  invitationToken?: string | undefined;
}

export interface PublicUser {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  company: string | null;
  locale: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  isPlatformOperator: boolean;
  /** Set while a self-service deletion waits out its grace period. */
  deletionScheduledAt: string | null;
  /** Processing restricted at the person's request (policy §6): the profile is read-only. */
  restricted: boolean;
  createdAt: string;
}

export function publicUser(u: repo.UserRow): PublicUser {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    phone: u.phone,
    company: u.company,
    locale: u.locale,
    emailVerified: u.email_verified_at !== null,
    twoFactorEnabled: u.totp_enabled_at !== null,
    isPlatformOperator: u.is_platform_operator === 1,
    deletionScheduledAt: u.deletion_scheduled_at,
    restricted: u.restricted === 1,
    createdAt: u.created_at,
  };
}

export const MIN_AGE = 18;

/** Whole years between a YYYY-MM-DD birth date and `now` (UTC calendar). */
export function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  const month = now.getUTCMonth() + 1;
  if (month < m || (month === m && now.getUTCDate() < d)) age--;
  return age;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Policy §12: nobody under 18, and the 18+ confirmation is required, before anything is stored. */
export function assertAdult(input: Pick<RegisterInput, 'birthDate' | 'ageConfirmed'>, now: Date): void {
  if (input.birthDate && ageOn(input.birthDate, now) < MIN_AGE) {
    throw badRequest('underage', 'Kodepos is only for people aged 18 or older.');
  }
  if (input.ageConfirmed !== true) {
    throw badRequest('underage', 'Confirm that you are 18 or older to create an account.', [
      { field: 'body.ageConfirmed', message: 'must be true' },
    ]);
  }
}

export async function register(ctx: AppContext, input: RegisterInput, meta: RequestMeta) {
  const now = ctx.clock.now();
  assertAdult(input, now);
  if (!input.invitationToken && !input.company?.trim()) {
    throw badRequest('validation_failed', 'Company is required', [{ field: 'body.company', message: 'Required' }]);
  }
  const email = normaliseEmail(input.email);
  if (await repo.findUserByEmail(ctx.db.k, email)) throw conflict('email_taken', 'An account with this email already exists');
  const passwordHash = await hashPassword(input.password);
  const at = now.toISOString();
  const userId = newId('usr');
  const result = await ctx.db.k.transaction().execute(async (trx) => {
    if (await repo.findUserByEmail(trx, email)) throw conflict('email_taken', 'An account with this email already exists');
    await repo.insertUser(trx, {
      id: userId,
      email,
      email_verified_at: null,
      name: input.name.trim(),
      phone: input.phone?.trim() || null,
      company: input.company?.trim() || null,
      birth_date: input.birthDate ?? null,
      password_hash: passwordHash,
      locale: input.locale ?? 'en',
      totp_secret: null,
      totp_enabled_at: null, totp_last_step: null,
      recovery_codes: null,
      is_platform_operator: 0,
      status: 'active',
      deletion_scheduled_at: null,
      restricted: 0,
      last_active_at: at,
      created_at: at,
      updated_at: at,
    });
    const policy = await repo.currentPolicyVersionId(trx, at);
    if (policy) {
      await repo.insertPolicyAcceptance(trx, {
        id: newId('pac'),
        user_id: userId,
        policy_version_id: policy.id,
        ip_truncated: truncateIp(meta.ip),
        user_agent: shortUserAgent(meta.userAgent),
        accepted_at: at,
      });
    }
    const actor = { type: 'user' as const, id: userId };
    const workspace = input.invitationToken
      ? await workspaces.acceptInvitation(ctx, trx, { token: input.invitationToken, userId, email }, actor)
      : await workspaces.createWorkspace(ctx, trx, { name: input.company!.trim(), ownerId: userId }, actor);
    await audit.record(ctx.db, ctx.clock, {
      actor,
      workspaceId: workspace.id,
      action: 'user.registered',
      target: { type: 'user', id: userId },
      details: { policyVersion: policy?.version ?? null, viaInvitation: Boolean(input.invitationToken) },
    }, trx);
    return { workspace, policyVersion: policy?.version ?? null };
  });
  await ctx.queue.enqueue('accounts.send_verification', { userId }, { idempotencyKey: `verify:${userId}:${at}` });
  const user = await repo.findUserById(ctx.db.k, userId);
  return {
    user: publicUser(user!),
    workspace: input.invitationToken ? null : { id: result.workspace.id, name: result.workspace.name, role: 'owner' },
    joinedWorkspace: input.invitationToken ? result.workspace : null,
    acceptedPolicyVersion: result.policyVersion,
  };
}

async function issueEmailToken(k: Kysely<Database>, userId: string, purpose: string, ttlMs: number, now: Date): Promise<string> {
  const token = randomToken();
  await repo.insertEmailToken(k, {
    id: newId('etk'),
    user_id: userId,
    purpose,
    token_hash: sha256Hex(token),
    expires_at: new Date(now.getTime() + ttlMs).toISOString(),
    created_at: now.toISOString(),
  });
  return token;
}

export const VERIFY_TTL_MS = 2 * DAY;
export const RESET_TTL_MS = HOUR;

/** Creates a fresh single-use link token; called by the mail job so no secret sits in the queue. */
export function issueVerificationToken(ctx: AppContext, userId: string): Promise<string> {
  return issueEmailToken(ctx.db.k, userId, 'verify_email', VERIFY_TTL_MS, ctx.clock.now());
}

export function issuePasswordResetToken(ctx: AppContext, userId: string): Promise<string> {
  return issueEmailToken(ctx.db.k, userId, 'reset_password', RESET_TTL_MS, ctx.clock.now());
}

export async function verifyEmail(ctx: AppContext, token: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    const userId = await repo.consumeEmailToken(trx, 'verify_email', sha256Hex(token), at);
    if (!userId) throw badRequest('invalid_token', 'This link is invalid, already used or expired');
    await repo.updateUser(trx, userId, { email_verified_at: at, updated_at: at });
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: userId }, action: 'user.email_verified', target: { type: 'user', id: userId } }, trx);
  });
}

export async function resendVerification(ctx: AppContext, emailRaw: string): Promise<void> {
  const user = await repo.findUserByEmail(ctx.db.k, normaliseEmail(emailRaw));
  if (!user || user.email_verified_at) return;
  const minute = Math.floor(ctx.clock.now().getTime() / 60_000);
  await ctx.queue.enqueue('accounts.send_verification', { userId: user.id }, { idempotencyKey: `verify:${user.id}:${minute}` });
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string | undefined;
}

/** `visitorId`: the analytics visitor id cookie the browser sent, linked to the account when its holder allowed analytics. */
export async function login(ctx: AppContext, input: LoginInput, meta: RequestMeta, visitorId?: string) {
  const email = normaliseEmail(input.email);
  const keys = throttle.throttleKeys(ctx, email, meta.ip);
  await throttle.beginAttempt(ctx, keys);
  const user = await repo.findUserByEmail(ctx.db.k, email);
  const ok = user && user.status !== 'anonymised' ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!ok || !user) {
    await throttle.recordFailure(ctx, keys);
    throw new HttpError(401, 'invalid_credentials', 'Email or password is wrong');
  }
  if (user.totp_enabled_at) {
    const second = await checkSecondFactor(ctx, user, input.totp);
    if (second === 'missing') {
      await throttle.refundAttempt(ctx, keys);
      throw new HttpError(401, 'totp_required', 'Enter the code from your authenticator app');
    }
    if (second === 'invalid') {
      await throttle.recordFailure(ctx, keys);
      throw new HttpError(401, 'invalid_totp', 'That code is not valid');
    }
  }
  await throttle.recordSuccess(ctx, keys);
  const token = randomToken();
  const now = ctx.clock.now();
  const at = now.toISOString();
  const sessionId = newId('ses');
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.insertSession(trx, {
      id: sessionId,
      user_id: user.id,
      token_hash: sha256Hex(token),
      ip_truncated: truncateIp(meta.ip),
      user_agent: shortUserAgent(meta.userAgent),
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + ctx.config.sessionTtlDays * DAY).toISOString(),
      revoked_at: null,
    });
    const patch: Parameters<typeof repo.updateUser>[2] = { last_active_at: at };
    // Signing in again cancels a pending self-service deletion (its grace period exists for this).
    if (user.status === 'pending_deletion') Object.assign(patch, { status: 'active', deletion_scheduled_at: null });
    await repo.updateUser(trx, user.id, patch);
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: user.id }, action: 'session.created', target: { type: 'session', id: sessionId } }, trx);
  });
  if (visitorId) {
    // Analytics must never stand between a person and their account: a failed link is logged, not thrown.
    await linkVisitor(ctx, { workspaceId: null, visitorId, userId: user.id }).catch((err: unknown) => {
      ctx.log.warn({ err: err instanceof Error ? err.message : 'unknown', user: user.id }, 'visitor id could not be linked at sign-in');
    });
  }
  const fresh = (await repo.findUserById(ctx.db.k, user.id))!;
  return { token, sessionId, user: publicUser(fresh), workspaces: await workspaces.listForUser(ctx, user.id) };
}

export async function logout(ctx: AppContext, userId: string, sessionId: string): Promise<void> {
  await repo.revokeSession(ctx.db.k, userId, sessionId, ctx.clock.now().toISOString());
}

export async function requestPasswordReset(ctx: AppContext, emailRaw: string): Promise<void> {
  const user = await repo.findUserByEmail(ctx.db.k, normaliseEmail(emailRaw));
  if (!user || user.status === 'anonymised') return;
  const minute = Math.floor(ctx.clock.now().getTime() / 60_000);
  await ctx.queue.enqueue('accounts.send_password_reset', { userId: user.id }, { idempotencyKey: `reset:${user.id}:${minute}` });
}

export async function confirmPasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const passwordHash = await hashPassword(password);
  const userId = await ctx.db.k.transaction().execute(async (trx) => {
    const id = await repo.consumeEmailToken(trx, 'reset_password', sha256Hex(token), at);
    if (!id) throw badRequest('invalid_token', 'This link is invalid, already used or expired');
    // Following a mailed link proves the address too.
    const user = await repo.findUserById(trx, id);
    await repo.updateUser(trx, id, { password_hash: passwordHash, updated_at: at, email_verified_at: user?.email_verified_at ?? at });
    await repo.revokeAllSessions(trx, id, at);
    await repo.spendEmailTokens(trx, id, 'reset_password', at);
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id }, action: 'user.password_reset', target: { type: 'user', id } }, trx);
    return id;
  });
  await ctx.queue.enqueue('accounts.send_security_notice', { userId, what: 'password_changed' }, { idempotencyKey: `pwnotice:${userId}:${at}` });
}

export interface ProfilePatch {
  name?: string | undefined;
  phone?: string | null | undefined;
  locale?: 'en' | 'id' | undefined;
}

export async function updateProfile(ctx: AppContext, userId: string, patch: ProfilePatch): Promise<PublicUser> {
  // Restriction keeps the data as it is (GDPR Art. 18, UU PDP Pasal 41); a correction request goes to the privacy officer.
  if ((await repo.findUserById(ctx.db.k, userId))?.restricted === 1) {
    throw new HttpError(409, 'subject_restricted', 'Processing of your account is restricted at your request; ask for a correction through the privacy portal');
  }
  const at = ctx.clock.now().toISOString();
  const fields = Object.keys(patch).filter((k) => patch[k as keyof ProfilePatch] !== undefined);
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.updateUser(trx, userId, {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone?.trim() || null } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      updated_at: at,
    });
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: userId }, action: 'user.profile_updated', target: { type: 'user', id: userId }, details: { fields } }, trx);
  });
  return publicUser((await repo.findUserById(ctx.db.k, userId))!);
}

export async function listSessions(ctx: AppContext, userId: string, currentId: string | null) {
  const rows = await repo.listSessions(ctx.db.k, userId, ctx.clock.now().toISOString());
  return rows.map((s) => ({
    id: s.id,
    current: s.id === currentId,
    createdAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    ipTruncated: s.ip_truncated,
    userAgent: s.user_agent,
  }));
}

export async function revokeSession(ctx: AppContext, userId: string, sessionId: string): Promise<void> {
  const done = await repo.revokeSession(ctx.db.k, userId, sessionId, ctx.clock.now().toISOString());
  if (!done) throw new HttpError(404, 'not_found', 'Session not found');
  await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: userId }, action: 'session.revoked', target: { type: 'session', id: sessionId } });
}

export { findUserById } from './repo.js';
