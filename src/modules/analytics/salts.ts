import type { AppContext } from '../../context.js';
import type { Db } from '../../db/db.js';
import { HOUR } from '../../lib/clock.js';
import { randomToken } from '../../lib/crypto.js';
import * as repo from './repo.js';
import { shiftDay, utcDay } from './rollup.js';

/**
 * One random salt per UTC day for the anonymous visitor hash (policy §8). The hash of a visitor who
 * did not allow analytics can be recomputed only while its day's salt exists, so deleting the salt
 * 48 hours after its day began leaves nothing that links the rows back to an address or browser.
 */
export const SALT_LIFETIME_MS = 48 * HOUR;

// Today's salt per database, so the hot path reads it from memory after the first event of the day.
const current = new WeakMap<Db, { day: string; salt: string }>();

/** Today's salt when this process knows it already, without a promise to wait for. */
export function knownSalt(ctx: AppContext, day: string): string | undefined {
  const hit = current.get(ctx.db);
  return hit?.day === day ? hit.salt : undefined;
}

/**
 * The salt of `day`, made on first use. Every node inserts its own candidate and keeps whichever
 * row won, so all nodes hash with the same salt whoever came first.
 */
export async function saltFor(ctx: AppContext, day: string): Promise<string> {
  const hit = current.get(ctx.db);
  if (hit?.day === day) return hit.salt;
  const k = ctx.db.k;
  let salt = await repo.findSalt(k, day);
  if (salt === undefined) {
    await repo.insertSaltIfMissing(k, day, randomToken(32), ctx.clock.now().toISOString());
    salt = await repo.findSalt(k, day);
    if (salt === undefined) throw new Error('the day salt could not be stored');
  }
  // Only the newest day is kept: an event's day is the server's current day, so older ones are not asked for again.
  if (!hit || day >= hit.day) current.set(ctx.db, { day, salt });
  return salt;
}

/** Deletes every salt whose day began more than 48 hours ago; returns how many. */
export async function purgeSalts(ctx: AppContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - SALT_LIFETIME_MS);
  const cutoffDay = utcDay(cutoff);
  // The cutoff's own day began before the cutoff unless the cutoff is exactly midnight.
  const beganBefore = cutoff.getTime() > Date.parse(`${cutoffDay}T00:00:00.000Z`);
  const lastDay = beganBefore ? cutoffDay : shiftDay(cutoffDay, -1);
  const n = await repo.deleteSaltsThrough(ctx.db.k, lastDay);
  const hit = current.get(ctx.db);
  if (hit && hit.day <= lastDay) current.delete(ctx.db);
  return n;
}
