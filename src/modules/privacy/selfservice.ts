/**
 * Self-service in account settings (policy §6): download my data (a platform-scope portability
 * request, verified by the session), delete my account after a 14-day grace period (signing in
 * or DELETE /api/v1/me/deletion cancels it), and email preferences (marketing consent records).
 */
import type { AppContext } from '../../context.js';
import { HttpError } from '../../http/errors.js';
import { DAY } from '../../lib/clock.js';
import type { UserRow } from '../accounts/repo.js';
import * as accounts from '../accounts/repo.js';
import { verifyPassword } from '../accounts/passwords.js';
import * as audit from '../audit/service.js';
import { soleOwnedSharedWorkspaces } from '../workspaces/service.js';
import { recordConsent } from './consent.js';
import * as consentRepo from './consent-repo.js';
import { eraseSubject } from './erasure.js';
import { deletionScheduledMail, mailLocale } from './requests-mails.js';
import { COMPLETE_ATTEMPTS, JOBS, intake } from './requests-service.js';
import { resolveSubject } from './subject.js';

export const GRACE_MS = 14 * DAY;

/** Files a portability request for the signed-in account and starts it at once. */
export async function requestExport(ctx: AppContext, user: UserRow): Promise<{ id: string }> {
  // The export gathers everything linked to the address, so the address must be proven first.
  if (!user.email_verified_at) throw new HttpError(403, 'email_unverified', 'Confirm your email address first: the export is found by it');
  const { id } = await intake(ctx, { type: 'portability', email: user.email, jurisdiction: 'unknown', details: 'Self-service download from account settings' }, user);
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.updateTable('privacy_requests').set({ status: 'processing', updated_at: at }).where('id', '=', id).where('status', '=', 'open').execute();
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: user.id }, action: 'privacy_request.processing', target: { type: 'privacy_request', id } }, trx);
  });
  await ctx.queue.enqueue(JOBS.complete, { requestId: id, actorId: user.id, actorType: 'user' }, { idempotencyKey: `prq-complete:${id}`, maxAttempts: COMPLETE_ATTEMPTS });
  return { id };
}

export async function scheduleDeletion(ctx: AppContext, user: UserRow, password: string): Promise<{ scheduledAt: string }> {
  if (!(await verifyPassword(user.password_hash, password))) throw new HttpError(401, 'invalid_credentials', 'The password is wrong');
  const orphaned = await soleOwnedSharedWorkspaces(ctx, user.id);
  if (orphaned.length > 0) {
    throw new HttpError(409, 'sole_owner', 'Make another member an owner of these workspaces first: they would be left without one', { workspaces: orphaned });
  }
  const now = ctx.clock.now();
  const scheduledAt = new Date(now.getTime() + GRACE_MS).toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await accounts.updateUser(trx, user.id, { status: 'pending_deletion', deletion_scheduled_at: scheduledAt, updated_at: now.toISOString() });
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: user.id }, action: 'user.deletion_scheduled', target: { type: 'user', id: user.id }, details: { scheduledAt } }, trx);
  });
  const mail = deletionScheduledMail(mailLocale(user.locale), ctx.config.operator.name, user.name, scheduledAt, `${ctx.config.baseUrl}/settings/privacy`);
  await ctx.mailer.send({ to: user.email, ...mail, category: 'security_alert' });
  return { scheduledAt };
}

export async function cancelDeletion(ctx: AppContext, user: UserRow): Promise<void> {
  if (user.status !== 'pending_deletion') throw new HttpError(409, 'no_deletion_pending', 'No deletion is scheduled for this account');
  await ctx.db.k.transaction().execute(async (trx) => {
    await accounts.updateUser(trx, user.id, { status: 'active', deletion_scheduled_at: null, updated_at: ctx.clock.now().toISOString() });
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: user.id }, action: 'user.deletion_cancelled', target: { type: 'user', id: user.id } }, trx);
  });
}

/** The daily job: erases (platform scope, through the engine) every account whose grace period is over. */
export async function eraseDueAccounts(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const due = await ctx.db.k.selectFrom('users').select(['id', 'email', 'phone']).where('status', '=', 'pending_deletion').where('deletion_scheduled_at', '<=', now).execute();
  let failed = 0;
  for (const u of due) {
    // One account that cannot be erased must not hold back the others; the job fails afterwards and retries it.
    try {
      const rows = await resolveSubject(ctx, { kind: 'platform' }, { emails: [u.email], phones: u.phone ? [u.phone] : [], userId: u.id });
      await eraseSubject(ctx, { kind: 'platform' }, rows, { actor: audit.SYSTEM });
      await accounts.updateUser(ctx.db.k, u.id, { status: 'anonymised', deletion_scheduled_at: null });
      await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, action: 'user.erased_after_grace', target: { type: 'user', id: u.id } });
    } catch (err) {
      failed++;
      ctx.log.error({ err: err instanceof Error ? err.message : 'unknown', user: u.id }, 'scheduled account erasure failed');
    }
  }
  if (failed) throw new Error(`${failed} of ${due.length} scheduled account erasures failed`);
  return due.length;
}

// Email preferences are marketing consent of the account, one topic per wording version.
const TOPICS = { productUpdates: 'email:product_updates', promotions: 'email:promotions' } as const;

export async function emailPreferences(ctx: AppContext, userId: string): Promise<{ productUpdates: boolean; promotions: boolean; securityAlerts: true }> {
  const subject = { workspaceId: null, userId };
  const [updates, promos] = await Promise.all([consentRepo.latest(ctx.db.k, subject, 'marketing', TOPICS.productUpdates), consentRepo.latest(ctx.db.k, subject, 'marketing', TOPICS.promotions)]);
  return { productUpdates: updates?.granted === 1, promotions: promos?.granted === 1, securityAlerts: true };
}

export async function setEmailPreferences(ctx: AppContext, userId: string, prefs: { productUpdates: boolean; promotions: boolean }, meta: { ipTruncated?: string | undefined; userAgent?: string | undefined }) {
  const before = await emailPreferences(ctx, userId);
  const actor: audit.Actor = { type: 'user', id: userId };
  await ctx.db.k.transaction().execute(async (trx) => {
    for (const key of ['productUpdates', 'promotions'] as const) {
      if (before[key] === prefs[key]) continue;
      await recordConsent(ctx, { workspaceId: null, userId }, { purpose: 'marketing', granted: prefs[key], source: 'preference_centre', wordingVersion: TOPICS[key], ...meta }, { actor, trx });
    }
  });
  return emailPreferences(ctx, userId);
}
