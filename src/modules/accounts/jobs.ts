import type { AppContext } from '../../context.js';
import * as repo from './repo.js';
import { passwordResetMail, securityNoticeMail, verificationMail } from './mails.js';
import { issuePasswordResetToken, issueVerificationToken } from './service.js';

/** Mail jobs of the accounts module. Each mints its link token when it runs: no secret waits in the queue. */
export function registerAccountJobs(ctx: AppContext): void {
  ctx.queue.register<{ userId: string }>('accounts.send_verification', async ({ userId }) => {
    const user = await repo.findUserById(ctx.db.k, userId);
    if (!user || user.email_verified_at) return { skipped: true };
    const token = await issueVerificationToken(ctx, userId);
    const mail = verificationMail(user.locale, ctx.config.operator.name, user.name, `${ctx.config.baseUrl}/verify-email?token=${token}`);
    await ctx.mailer.send({ to: user.email, ...mail, category: 'transactional' });
    return { sent: true };
  });

  ctx.queue.register<{ userId: string }>('accounts.send_password_reset', async ({ userId }) => {
    const user = await repo.findUserById(ctx.db.k, userId);
    if (!user) return { skipped: true };
    const token = await issuePasswordResetToken(ctx, userId);
    const mail = passwordResetMail(user.locale, ctx.config.operator.name, user.name, `${ctx.config.baseUrl}/reset-password?token=${token}`);
    await ctx.mailer.send({ to: user.email, ...mail, category: 'security_alert' });
    return { sent: true };
  });

  ctx.queue.register<{ userId: string; what: 'password_changed' | 'two_factor_disabled' }>('accounts.send_security_notice', async ({ userId, what }) => {
    const user = await repo.findUserById(ctx.db.k, userId);
    if (!user) return { skipped: true };
    await ctx.mailer.send({ to: user.email, ...securityNoticeMail(user.locale, ctx.config.operator.name, user.name, what), category: 'security_alert' });
    return { sent: true };
  });
}
