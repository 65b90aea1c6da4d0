import { sql } from 'kysely';
import type { AppContext } from '../../context.js';

/**
 * Last activity for the 24-month inactivity rule (policy §5), kept to the day: a signed-in request
 * or an API call by a key a user created counts, yet writes `users.last_active_at` at most once per
 * user per UTC day. Each node remembers which users it already wrote today (no query at all for
 * those); the UPDATE itself only matches when the stored time is from an earlier day, so several
 * nodes together still change a row at most once a day. Sign-in writes the time itself (accounts).
 */

/** Users written today by this node. Cleared when the day changes, so it holds at most a day's users. */
const written = { day: '', users: new Set<string>() };

export async function noteActivity(ctx: AppContext, userId: string): Promise<boolean> {
  const now = ctx.clock.now();
  const day = now.toISOString().slice(0, 10);
  if (written.day !== day) {
    written.day = day;
    written.users.clear();
  }
  if (written.users.has(userId)) return false;
  written.users.add(userId);
  const r = await ctx.db.k
    .updateTable('users')
    .set({ last_active_at: now.toISOString() })
    .where('id', '=', userId)
    .where(sql<boolean>`(last_active_at is null or last_active_at < ${`${day}T00:00:00.000Z`})`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Forgets what this node wrote (tests move the clock back and forth). */
export function resetActivityGuard(): void {
  written.day = '';
  written.users.clear();
}
