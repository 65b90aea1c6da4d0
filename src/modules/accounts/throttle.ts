import type { AppContext } from '../../context.js';
import { hmacHex } from '../../lib/crypto.js';
import { HttpError } from '../../http/errors.js';
import * as repo from './repo.js';

/**
 * Login throttling kept in the database, so every app node sees the same counts.
 * Keys are keyed hashes: the table never holds an e-mail address or an IP.
 *
 * An attempt is counted *before* the password is checked (one atomic increment), so a burst of
 * parallel guesses cannot all pass the lock check while the slow hash runs; an attempt that did not
 * fail is given back afterwards.
 */
const WINDOW_MS = 15 * 60_000;
const LIMITS = { account: { max: 5, lockMs: 15 * 60_000 }, ip: { max: 20, lockMs: 15 * 60_000 } };

export interface ThrottleKeys {
  account: string;
  ip: string;
}

export function throttleKeys(ctx: AppContext, email: string, ip: string): ThrottleKeys {
  return { account: `acct:${hmacHex(ctx.secret, email)}`, ip: `ip:${hmacHex(ctx.secret, ip)}` };
}

function lockedError(lockedUntil: string, now: number): HttpError {
  const retryAfter = Math.max(1, Math.ceil((new Date(lockedUntil).getTime() - now) / 1000));
  return new HttpError(
    429,
    'too_many_attempts',
    `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
    { retryAfterSeconds: retryAfter },
    { 'retry-after': String(retryAfter) },
  );
}

const kinds = (keys: ThrottleKeys) => [['account', keys.account], ['ip', keys.ip]] as const;

async function assertNotLocked(ctx: AppContext, keys: ThrottleKeys, now: number): Promise<void> {
  for (const [, key] of kinds(keys)) {
    const row = await repo.throttleGet(ctx.db.k, key);
    if (row?.locked_until && new Date(row.locked_until).getTime() > now) throw lockedError(row.locked_until, now);
  }
}

/** Refuses a locked account or address (429), then counts this attempt against both. */
export async function beginAttempt(ctx: AppContext, keys: ThrottleKeys): Promise<void> {
  const nowDate = ctx.clock.now();
  const now = nowDate.getTime();
  const at = nowDate.toISOString();
  await assertNotLocked(ctx, keys, now);
  const counted: string[] = [];
  for (const [kind, key] of kinds(keys)) {
    await repo.throttleResetStale(ctx.db.k, key, new Date(now - WINDOW_MS).toISOString(), at);
    const row = await repo.throttleIncrement(ctx.db.k, key, at);
    counted.push(key);
    const limit = LIMITS[kind];
    if (row.failures > limit.max) {
      // Attempts that raced past the lock check: lock now (if nobody did) and refuse.
      await repo.throttleLock(ctx.db.k, key, limit.max, new Date(now + limit.lockMs).toISOString(), at);
      for (const k of counted) await repo.throttleRefund(ctx.db.k, k);
      const locked = await repo.throttleGet(ctx.db.k, key);
      throw lockedError(locked?.locked_until ?? new Date(now + limit.lockMs).toISOString(), now);
    }
  }
}

/** The attempt failed: it stays counted, and a key that reached its limit is locked. */
export async function recordFailure(ctx: AppContext, keys: ThrottleKeys): Promise<void> {
  const now = ctx.clock.now();
  for (const [kind, key] of kinds(keys)) {
    const limit = LIMITS[kind];
    await repo.throttleLock(ctx.db.k, key, limit.max, new Date(now.getTime() + limit.lockMs).toISOString(), now.toISOString());
  }
}

/** The attempt was not a wrong guess (e.g. the second factor was still to come): give it back. */
export async function refundAttempt(ctx: AppContext, keys: ThrottleKeys): Promise<void> {
  for (const [, key] of kinds(keys)) await repo.throttleRefund(ctx.db.k, key);
}

/** A successful sign-in forgets the account's failures and gives the address its attempt back. */
export async function recordSuccess(ctx: AppContext, keys: ThrottleKeys): Promise<void> {
  await repo.throttleClear(ctx.db.k, keys.account);
  await repo.throttleRefund(ctx.db.k, keys.ip);
}
