import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/types.js';
import type { DeliveryStatus, WebhookDeliveriesTable, WebhookSubscriptionsTable } from './webhooks-tables.js';

/** SQL of the webhooks module. Every tenant read and write names the workspace (invariant 2). */
export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export async function insertSubscription(k: Kysely<Database>, row: WebhookSubscriptionsTable): Promise<void> {
  await k.insertInto('webhook_subscriptions').values(row).execute();
}

export function findSubscription(k: Kysely<Database>, workspaceId: string, id: string): Promise<SubscriptionRow | undefined> {
  return k.selectFrom('webhook_subscriptions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Newest first; ids sort by creation time. */
export function listSubscriptions(k: Kysely<Database>, workspaceId: string, limit: number, cursor?: string): Promise<SubscriptionRow[]> {
  let q = k.selectFrom('webhook_subscriptions').selectAll().where('workspace_id', '=', workspaceId);
  if (cursor) q = q.where('id', '<', cursor);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function countSubscriptions(k: Kysely<Database>, workspaceId: string): Promise<number> {
  const r = await k.selectFrom('webhook_subscriptions').select((eb) => eb.fn.countAll<number | string>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateSubscription(k: Kysely<Database>, workspaceId: string, id: string, patch: Partial<WebhookSubscriptionsTable>): Promise<void> {
  await k.updateTable('webhook_subscriptions').set(patch).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function removeSubscription(k: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const r = await k.deleteFrom('webhook_subscriptions').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Subscriptions that receive events now: not paused, not disabled. */
export function liveSubscriptions(k: Kysely<Database>, workspaceId: string): Promise<Pick<SubscriptionRow, 'id' | 'events'>[]> {
  return k
    .selectFrom('webhook_subscriptions')
    .select(['id', 'events'])
    .where('workspace_id', '=', workspaceId)
    .where('active', '=', 1)
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function insertDeliveries(k: Kysely<Database>, rows: WebhookDeliveriesTable[]): Promise<void> {
  if (rows.length) await k.insertInto('webhook_deliveries').values(rows).execute();
}

export function findDelivery(k: Kysely<Database>, workspaceId: string, id: string): Promise<DeliveryRow | undefined> {
  return k.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** A subscription's deliveries, newest first. */
export function listDeliveries(
  k: Kysely<Database>,
  workspaceId: string,
  subscriptionId: string,
  opts: { limit: number; cursor?: string | undefined; status?: DeliveryStatus | undefined },
): Promise<DeliveryRow[]> {
  let q = k.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('subscription_id', '=', subscriptionId);
  if (opts.cursor) q = q.where('id', '<', opts.cursor);
  if (opts.status) q = q.where('status', '=', opts.status);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

export type DueDelivery = DeliveryRow & Pick<SubscriptionRow, 'url' | 'secret' | 'active' | 'disabled_at'>;

/** Pending deliveries whose time has come, oldest event first, with what sending them needs. */
export function dueDeliveries(k: Kysely<Database>, now: string, limit: number): Promise<DueDelivery[]> {
  return k
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .selectAll('d')
    .select(['s.url', 's.secret', 's.active', 's.disabled_at'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** Is any delivery due? One probe of the partial index on pending rows: the dispatcher's schedule asks it every tick. */
export async function anyDue(k: Kysely<Database>, now: string): Promise<boolean> {
  const r = await k.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now).limit(1).executeTakeFirst();
  return r !== undefined;
}

/**
 * Takes one delivery for an attempt: counts the attempt and pushes next_attempt_at to the end of
 * a lease, only if nobody took it since it was read. Returns the attempt number, or null when
 * another dispatcher was first. A dispatcher that dies mid-attempt leaves it due again after the lease.
 */
export async function claim(k: Kysely<Database>, id: string, seenNextAttempt: string, leaseUntil: string): Promise<number | null> {
  const r = await k
    .updateTable('webhook_deliveries')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', seenNextAttempt)
    .returning('attempts')
    .executeTakeFirst();
  return r ? r.attempts : null;
}

export async function finishAttempt(k: Kysely<Database>, id: string, patch: Partial<WebhookDeliveriesTable>): Promise<void> {
  await k.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
}

/** Sends the delivery again now, whatever became of it. */
export async function requeue(k: Kysely<Database>, workspaceId: string, id: string, at: string): Promise<void> {
  await k
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: at, error: null })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function resetFailures(k: Kysely<Database>, subscriptionId: string): Promise<void> {
  await k.updateTable('webhook_subscriptions').set({ failure_count: 0 }).where('id', '=', subscriptionId).where('failure_count', '>', 0).execute();
}

/** One more delivery that ended failed; returns the new count. */
export async function addFailure(k: Kysely<Database>, subscriptionId: string): Promise<number> {
  const r = await k
    .updateTable('webhook_subscriptions')
    .set((eb) => ({ failure_count: eb('failure_count', '+', 1) }))
    .where('id', '=', subscriptionId)
    .returning('failure_count')
    .executeTakeFirst();
  return r?.failure_count ?? 0;
}

/** Disables the subscription unless already disabled; returns its workspace when this call did it. */
export async function disable(k: Kysely<Database>, subscriptionId: string, at: string): Promise<string | null> {
  const r = await k
    .updateTable('webhook_subscriptions')
    .set({ disabled_at: at, updated_at: at })
    .where('id', '=', subscriptionId)
    .where('disabled_at', 'is', null)
    .returning('workspace_id')
    .executeTakeFirst();
  return r?.workspace_id ?? null;
}

/** Retention: deliveries created before `before` (their payloads hold records as sent). */
export async function purgeDeliveries(k: Kysely<Database>, before: string): Promise<number> {
  const r = await k.deleteFrom('webhook_deliveries').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
