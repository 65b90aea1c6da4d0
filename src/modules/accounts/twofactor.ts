import { randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { AppContext } from '../../context.js';
import { safeEqual, sha256Hex } from '../../lib/crypto.js';
import { open, seal } from '../../lib/secretbox.js';
import { HttpError, badRequest } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import { verifyPassword } from './passwords.js';
import * as repo from './repo.js';

const PURPOSE = 'totp';

function totpFor(secretB32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Kodepos', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secretB32) });
}

/** The 30-second time step the code belongs to, or null when it does not match (±1 step of drift). */
function matchedStep(ctx: AppContext, sealed: string, label: string, code: string): number | null {
  const totp = totpFor(open(ctx.secret, PURPOSE, sealed), label);
  const now = ctx.clock.now().getTime();
  const delta = totp.validate({ token: code.replace(/\s/g, ''), timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

function codeMatches(ctx: AppContext, sealed: string, label: string, code: string): boolean {
  return matchedStep(ctx, sealed, label, code) !== null;
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const hex = randomBytes(5).toString('hex');
    return `${hex.slice(0, 5)}-${hex.slice(5)}`;
  });
}

export async function setup(ctx: AppContext, userId: string) {
  const user = await repo.findUserById(ctx.db.k, userId);
  if (!user) throw new HttpError(404, 'not_found', 'User not found');
  if (user.totp_enabled_at) throw new HttpError(409, 'two_factor_already_enabled', 'Two-factor authentication is already on');
  const secret = new OTPAuth.Secret({ size: 20 });
  const totp = totpFor(secret.base32, user.email);
  await repo.updateUser(ctx.db.k, userId, { totp_secret: seal(ctx.secret, PURPOSE, secret.base32), updated_at: ctx.clock.now().toISOString() });
  const otpauthUrl = totp.toString();
  return { secret: secret.base32, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl) };
}

export async function enable(ctx: AppContext, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await repo.findUserById(ctx.db.k, userId);
  if (!user?.totp_secret) throw badRequest('two_factor_not_set_up', 'Start two-factor setup first');
  if (user.totp_enabled_at) throw new HttpError(409, 'two_factor_already_enabled', 'Two-factor authentication is already on');
  if (!codeMatches(ctx, user.totp_secret, user.email, code)) throw badRequest('invalid_totp', 'That code is not valid');
  const codes = newRecoveryCodes();
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.updateUser(trx, userId, { totp_enabled_at: at, recovery_codes: JSON.stringify(codes.map((c) => sha256Hex(c))), updated_at: at });
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: userId }, action: 'user.two_factor_enabled', target: { type: 'user', id: userId } }, trx);
  });
  return { recoveryCodes: codes };
}

export async function disable(ctx: AppContext, userId: string, password: string): Promise<void> {
  const user = await repo.findUserById(ctx.db.k, userId);
  if (!user) throw new HttpError(404, 'not_found', 'User not found');
  // 403, not 401: the caller is signed in, and a 401 would make clients treat them as signed out.
  if (!(await verifyPassword(user.password_hash, password))) throw new HttpError(403, 'invalid_credentials', 'Password is wrong');
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.updateUser(trx, userId, { totp_secret: null, totp_enabled_at: null, recovery_codes: null, updated_at: at });
    await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: userId }, action: 'user.two_factor_disabled', target: { type: 'user', id: userId } }, trx);
  });
  await ctx.queue.enqueue('accounts.send_security_notice', { userId, what: 'two_factor_disabled' }, { idempotencyKey: `2fanotice:${userId}:${at}` });
}

/** A TOTP code or an unused recovery code (which is then spent). */
export async function checkSecondFactor(ctx: AppContext, user: repo.UserRow, code: string | undefined): Promise<'ok' | 'missing' | 'invalid'> {
  if (!code?.trim()) return 'missing';
  if (user.totp_secret && /^\s*\d{6}\s*$/.test(code)) {
    const step = matchedStep(ctx, user.totp_secret, user.email, code);
    if (step === null) return 'invalid';
    // Each time step signs in once: a code seen over someone's shoulder cannot be replayed.
    const r = await ctx.db.k
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? 'ok' : 'invalid';
  }
  const hashes = user.recovery_codes ? (JSON.parse(user.recovery_codes) as string[]) : [];
  const given = sha256Hex(code.trim().toLowerCase());
  const idx = hashes.findIndex((h) => safeEqual(h, given));
  if (idx < 0) return 'invalid';
  hashes.splice(idx, 1);
  if (!(await repo.swapRecoveryCodes(ctx.db.k, user.id, user.recovery_codes!, JSON.stringify(hashes)))) return 'invalid';
  await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: user.id }, action: 'user.recovery_code_used', target: { type: 'user', id: user.id }, details: { remaining: hashes.length } });
  return 'ok';
}
