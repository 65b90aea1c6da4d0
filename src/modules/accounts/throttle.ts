import type { AppContext } from '../../context.js';
import { hmacHex } from '../../lib/crypto.js';
import { HttpError } from '../../http/errors.js';
import * as repo from './repo.js';

/**
 * Login throttling kept in the database, so every app node sees the same counts.
 * Keys are keyed hashes: the table never holds an e-mail address or an IP.
 */
const WINDOW_MS = 15 * 60_000;
const LIMITS = { account: { max: 5, lockMs: 15 * 60_000 }, ip: { max: 20, lockMs: 15 * 60_000 } };

export function throttleKeys(ctx: AppContext, email: string, ip: string): { account: string; ip: string } {
  return { account: `acct:${hmacHex(ctx.secret, email)}`, ip: `ip:${hmacHex(ctx.secret, ip)}` };
}

export async function assertNotLocked(ctx: AppContext, keys: { account: string; ip: string }): Promise<void> {
  const now = ctx.clock.now().getTime();
  for (const key of [keys.account, keys.ip]) {
    const row = await repo.throttleGet(ctx.db.k, key);
    if (row?.locked_until && new Date(row.locked_until).getTime() > now) {
      const retryAfter = Math.ceil((new Date(row.locked_until).getTime() - now) / 1000);
      throw new HttpError(
        429,
        'too_many_attempts',
        `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
        { retryAfterSeconds: retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    }
  }
}

export async function recordFailure(ctx: AppContext, keys: { account: string; ip: string }): Promise<void> {
  const now = ctx.clock.now();
  for (const [kind, key] of [['account', keys.account], ['ip', keys.ip]] as const) {
    const row = await repo.throttleGet(ctx.db.k, key);
    const fresh = !row || now.getTime() - new Date(row.window_start).getTime() > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    const limit = LIMITS[kind];
    await repo.throttlePut(ctx.db.k, {
      key,
      failures,
      window_start: fresh ? now.toISOString() : row.window_start,
      locked_until: failures >= limit.max ? new Date(now.getTime() + limit.lockMs).toISOString() : null,
    });
  }
}

export async function clearAccount(ctx: AppContext, keys: { account: string }): Promise<void> {
  await repo.throttleClear(ctx.db.k, keys.account);
}
