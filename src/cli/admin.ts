import type { AppContext } from '../context.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../modules/accounts/passwords.js';
import * as repo from '../modules/accounts/repo.js';
import { normaliseEmail } from '../modules/accounts/service.js';
import * as audit from '../modules/audit/service.js';

/** Creates (or promotes) a platform operator, who is also the platform's privacy officer. */
export async function createOperator(ctx: AppContext, input: { email: string; password: string; name: string }): Promise<{ id: string; created: boolean }> {
  if (input.password.length < 10) throw new Error('The password needs at least 10 characters');
  const email = normaliseEmail(input.email);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error('That is not an email address');
  const name = input.name.trim();
  if (!name) throw new Error('The name must not be empty');
  const at = ctx.clock.now().toISOString();
  const existing = await repo.findUserByEmail(ctx.db.k, email);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.k.transaction().execute(async (trx) => {
    if (existing) {
      await repo.updateUser(trx, existing.id, { is_platform_operator: 1, password_hash: passwordHash, name, updated_at: at });
      // A new password ends the sessions signed in with the old one, as a password reset does.
      await repo.revokeAllSessions(trx, existing.id, at);
      await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, action: 'operator.promoted', target: { type: 'user', id: existing.id } }, trx);
      return { id: existing.id, created: false };
    }
    const id = newId('usr');
    await repo.insertUser(trx, {
      id, email, email_verified_at: at, name, phone: null, company: ctx.config.operator.name, birth_date: null,
      password_hash: passwordHash, locale: 'en', totp_secret: null, totp_enabled_at: null, totp_last_step: null, recovery_codes: null,
      is_platform_operator: 1, status: 'active', deletion_scheduled_at: null, restricted: 0, last_active_at: null, created_at: at, updated_at: at,
    });
    await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, action: 'operator.created', target: { type: 'user', id } }, trx);
    return { id, created: true };
  });
}
