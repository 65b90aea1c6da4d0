import { createHmac, randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { open, seal } from '../../lib/secretbox.js';
import * as audit from '../audit/service.js';
import { onRecordChanges, type RecordChange } from '../crm/hooks.js';
import { canProcess } from '../privacy/consent.js';
import * as repo from './webhooks-repo.js';
import { PING_EVENT, type DeliveryListParams, type WebhookObject, type DeliveryView, type WebhookCreate, type WebhookPatch, type WebhookView, type WebhookWithSecret } from './webhooks-schema.js';
import type { WebhookDeliveriesTable } from './webhooks-tables.js';

/**
 * Webhooks: a workspace subscribes a URL to record events; each event becomes a signed JSON POST.
 *
 * Delivery is a transactional outbox. The record-change listener below runs inside the writing
 * transaction and only inserts `webhook_deliveries` rows (status pending, next_attempt_at = now),
 * so an event exists exactly when its change committed. Sending is the `webhooks.dispatch` job
 * (webhooks-jobs.ts), which sends every due pending delivery. Nothing can enqueue a job after the
 * commit from inside a listener, so the job is started two ways: a croner schedule every 5 seconds
 * (in a running server, events leave within seconds; the tick's idempotency key makes it run once
 * across app nodes; a tick with no due delivery writes no job row), and `kick` right after a commit that this module's own routes make (test
 * pings, redeliveries), so those leave at once. Tests enqueue the job and drain the queue.
 * Retries do not use the queue's own retry: next_attempt_at carries the 1 min … 8 h schedule in
 * the database, so it survives restarts, shows in the delivery log and works alike on both runners.
 * Order: one subscription's due deliveries go out one at a time, oldest event first; a delivery
 * waiting for a retry does not hold back later events, so receivers order by `occurredAt`.
 */
export const DISPATCH_JOB = 'webhooks.dispatch';
const SECRET_PURPOSE = 'webhook-secret';
const MAX_SUBSCRIPTIONS = 25;

/** Starts a dispatcher now (after a commit); the 5-second schedule would pick the work up anyway. */
export async function kick(ctx: AppContext, workspaceId: string): Promise<void> {
  await ctx.queue.enqueue(DISPATCH_JOB, {}, { maxAttempts: 1, workspaceId });
}

// ---- The disclosure gate (invariant 3) -------------------------------------------------------

/**
 * May this record leave the platform by webhook? Contacts pass the consent gate (channel
 * `webhook`), which refuses restricted subjects and records each decision. Asked when an event
 * is written to the outbox and again right before each attempt, since a restriction may come in
 * between. A deleted contact has no row left: its event carries the record as it was.
 */
export async function mayDisclose(ctx: AppContext, trx: Kysely<Database>, workspaceId: string, objectType: string, id: string): Promise<boolean> {
  if (objectType !== 'contact') return true;
  const d = await canProcess(ctx, { workspaceId, contactId: id }, 'necessary', 'webhook', trx);
  return d.allowed || d.reason === 'unknown_subject';
}

// ---- Where a webhook may point ----------------------------------------------------------------

const NEVER = new BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, where cloud metadata services answer
NEVER.addSubnet('0.0.0.0', 8, 'ipv4'); // "this host": connecting to it reaches the server itself
NEVER.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
NEVER.addAddress('::', 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog']);

/** Why the server must not connect to this IP address, or null. Loopback only for tests' local receivers. */
export function forbiddenAddress(env: Config['env'], address: string): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (NEVER.check(address, family)) return 'link-local and cloud-metadata addresses are not allowed';
  if (env !== 'test' && LOOPBACK.check(address, family)) return 'loopback addresses are not allowed';
  return null;
}

/** Why this URL cannot be a webhook endpoint, or null. The sender checks resolved addresses again. */
export function urlProblem(env: Config['env'], raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'only https URLs are allowed';
  if (u.protocol === 'http:' && env !== 'test' && env !== 'development') return 'only https URLs are allowed';
  const host = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!host) return 'the URL has no host';
  if (isIP(host)) return forbiddenAddress(env, host);
  if (METADATA_HOSTS.has(host)) return 'cloud-metadata hosts are not allowed';
  if ((host === 'localhost' || host.endsWith('.localhost')) && env !== 'test') return 'loopback addresses are not allowed';
  return null;
}

function checkUrl(ctx: AppContext, url: string): void {
  const problem = urlProblem(ctx.config.env, url);
  if (problem) throw badRequest('validation_failed', 'The webhook URL cannot be used', [{ field: 'body.url', message: problem }]);
}

// ---- Signing ----------------------------------------------------------------------------------

/**
 * `Kodepos-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over `"<t>.<raw body>"`, keyed with
 * the subscription's secret as shown (the whole `whsec_…` string, UTF-8). To verify, a receiver
 * takes t and v1 from the header, computes the HMAC over t, a dot and the raw request body as
 * received (before any JSON parsing), compares it to v1 in constant time, and refuses a t more
 * than 5 minutes from its own clock: that bounds replays of a captured request. The body's `id`
 * is the delivery id and stays the same across retries, so receivers can drop duplicates.
 */
export function signature(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, t: number, body: string): string {
  return `t=${t},v1=${signature(secret, t, body)}`;
}

export function openSecret(ctx: AppContext, sealed: string): string {
  return open(ctx.secret, SECRET_PURPOSE, sealed);
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

// ---- The outbox listener ----------------------------------------------------------------------

export function matches(patterns: readonly string[], event: string): boolean {
  const object = event.slice(0, event.indexOf('.'));
  return patterns.some((p) => p === '*' || p === event || p === `${object}.*`);
}

const parseList = (s: string): string[] => JSON.parse(s) as string[];

/**
 * Delivery ids are the log's order and the order events go out in. Ids made in the same
 * millisecond would sort at random, so each id here is stamped at least 1 ms after the last one.
 */
let lastIdMs = 0;
function deliveryId(): string {
  lastIdMs = Math.max(Date.now(), lastIdMs + 1);
  return newId('whd', lastIdMs);
}

export interface EventBody {
  id: string;
  event: string;
  occurredAt: string;
  workspaceId: string;
  data: { object: string; id: string; record: Record<string, unknown>; changedFields: string[] };
}

function deliveryRow(subscriptionId: string, body: Omit<EventBody, 'id'>, at: string): WebhookDeliveriesTable {
  const id = deliveryId();
  return {
    id,
    workspace_id: body.workspaceId,
    subscription_id: subscriptionId,
    event: body.event,
    object_type: body.data.object,
    object_id: body.data.id,
    payload: JSON.stringify({ id, ...body }),
    status: 'pending',
    attempts: 0,
    response_status: null,
    response_ms: null,
    error: null,
    created_at: at,
    delivered_at: null,
    next_attempt_at: at,
  };
}

/** A change of a record the CRM change bus does not carry (a ticket): same outbox, same gate. */
export type ObjectChange = Omit<RecordChange, 'objectType'> & { objectType: WebhookObject };

async function writeOutbox(ctx: AppContext, trx: Kysely<Database>, c: ObjectChange): Promise<void> {
  const event = `${c.objectType}.${c.kind}`;
  const subs = (await repo.liveSubscriptions(trx, c.workspaceId)).filter((s) => matches(parseList(s.events), event));
  if (!subs.length) return;
  // A deleted contact's row is gone, so the record as it was tells whether it was restricted.
  if (!(await mayDisclose(ctx, trx, c.workspaceId, c.objectType, c.id)) || c.record.restricted === true) {
    await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId: c.workspaceId, action: 'webhook.withheld', target: { type: c.objectType, id: c.id }, reason: 'processing restricted', details: { event, subscriptions: subs.length } }, trx);
    return;
  }
  const at = ctx.clock.now().toISOString();
  const body = { event, occurredAt: at, workspaceId: c.workspaceId, data: { object: c.objectType, id: c.id, record: c.record, changedFields: c.changedFields } };
  await repo.insertDeliveries(trx, subs.map((s) => deliveryRow(s.id, body, at)));
}

/** Deliveries per multi-row insert: 15 parameters each. */
const DELIVERIES_PER_INSERT = 200;

/**
 * A bulk write (an import batch): the workspace's subscriptions are read once, and with none, as
 * usual, that one query is all. Each change still passes the disclosure gate on its own.
 */
async function writeOutboxMany(ctx: AppContext, trx: Kysely<Database>, changes: RecordChange[]): Promise<void> {
  const subsOf = new Map<string, { id: string; events: string[] }[]>();
  const rows: WebhookDeliveriesTable[] = [];
  const at = ctx.clock.now().toISOString();
  for (const c of changes) {
    let live = subsOf.get(c.workspaceId);
    if (!live) {
      live = (await repo.liveSubscriptions(trx, c.workspaceId)).map((s) => ({ id: s.id, events: parseList(s.events) }));
      subsOf.set(c.workspaceId, live);
    }
    if (!live.length) continue;
    const event = `${c.objectType}.${c.kind}`;
    const subs = live.filter((s) => matches(s.events, event));
    if (!subs.length) continue;
    if (!(await mayDisclose(ctx, trx, c.workspaceId, c.objectType, c.id)) || c.record.restricted === true) {
      await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId: c.workspaceId, action: 'webhook.withheld', target: { type: c.objectType, id: c.id }, reason: 'processing restricted', details: { event, subscriptions: subs.length } }, trx);
      continue;
    }
    const body = { event, occurredAt: at, workspaceId: c.workspaceId, data: { object: c.objectType, id: c.id, record: c.record, changedFields: c.changedFields } };
    for (const s of subs) rows.push(deliveryRow(s.id, body, at));
  }
  for (let i = 0; i < rows.length; i += DELIVERIES_PER_INSERT) await repo.insertDeliveries(trx, rows.slice(i, i + DELIVERIES_PER_INSERT));
}

onRecordChanges(writeOutboxMany, writeOutbox);

/**
 * Queues the events of records outside the CRM (help desk tickets) for the workspace's webhooks,
 * inside the writing transaction. A record marked `restricted` (its subject's processing is
 * restricted) is withheld and the refusal audited, as for contacts.
 */
export async function emitObjectEvent(ctx: AppContext, trx: Kysely<Database>, c: ObjectChange): Promise<void> {
  await writeOutbox(ctx, trx, c);
}

// ---- Subscriptions ----------------------------------------------------------------------------

function toView(r: repo.SubscriptionRow): WebhookView {
  return {
    id: r.id,
    url: r.url,
    events: parseList(r.events),
    description: r.description,
    active: r.active === 1,
    status: r.disabled_at ? 'disabled' : r.active === 1 ? 'active' : 'paused',
    failureCount: r.failure_count,
    disabledAt: r.disabled_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toDeliveryView(r: repo.DeliveryRow): DeliveryView {
  return {
    id: r.id,
    webhookId: r.subscription_id,
    event: r.event,
    objectType: r.object_type,
    objectId: r.object_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    status: r.status,
    attempts: r.attempts,
    responseStatus: r.response_status,
    responseMs: r.response_ms,
    error: r.error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    nextAttemptAt: r.next_attempt_at,
  };
}

async function find(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<repo.SubscriptionRow> {
  const row = await repo.findSubscription(ctx.db.k, scope.workspaceId, id);
  if (!row) throw notFound('Webhook');
  return row;
}

const unique = (events: string[]): string => JSON.stringify([...new Set(events)]);

export async function create(ctx: AppContext, scope: WorkspaceScope, input: WebhookCreate): Promise<WebhookWithSecret> {
  checkUrl(ctx, input.url);
  const secret = newSecret();
  const view = await ctx.db.k.transaction().execute(async (trx) => {
    if ((await repo.countSubscriptions(trx, scope.workspaceId)) >= MAX_SUBSCRIPTIONS) throw conflict('limit_reached', `A workspace may have at most ${MAX_SUBSCRIPTIONS} webhooks`);
    const at = ctx.clock.now().toISOString();
    const row = {
      id: newId('whk'),
      workspace_id: scope.workspaceId,
      url: input.url,
      events: unique(input.events),
      secret: seal(ctx.secret, SECRET_PURPOSE, secret),
      active: input.active === false ? 0 : 1,
      description: input.description ?? null,
      created_by: scope.actor.id,
      created_at: at,
      updated_at: at,
      failure_count: 0,
      disabled_at: null,
    };
    await repo.insertSubscription(trx, row);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'webhook.created', target: { type: 'webhook', id: row.id }, details: { events: parseList(row.events) } }, trx);
    return toView(row);
  });
  return { ...view, secret };
}

export async function list(ctx: AppContext, scope: WorkspaceScope, q: { limit: number; cursor?: string | undefined }): Promise<{ data: WebhookView[]; nextCursor: string | null }> {
  const rows = await repo.listSubscriptions(ctx.db.k, scope.workspaceId, q.limit, q.cursor);
  return { data: rows.map(toView), nextCursor: rows.length === q.limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<WebhookView> {
  return toView(await find(ctx, scope, id));
}

export async function update(ctx: AppContext, scope: WorkspaceScope, id: string, input: WebhookPatch): Promise<WebhookView> {
  const row = await find(ctx, scope, id);
  if (input.url !== undefined) checkUrl(ctx, input.url);
  const at = ctx.clock.now().toISOString();
  const patch = {
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.events !== undefined ? { events: unique(input.events) } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    // Turning it on again is the member's word that the endpoint works: the failure streak starts over.
    ...(input.active === true ? { disabled_at: null, failure_count: 0 } : {}),
    updated_at: at,
  };
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.updateSubscription(trx, scope.workspaceId, id, patch);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'webhook.updated', target: { type: 'webhook', id }, details: { fields: Object.keys(input) } }, trx);
  });
  return toView({ ...row, ...patch });
}

export async function remove(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    // Its delivery log goes with it (foreign key cascade).
    if (!(await repo.removeSubscription(trx, scope.workspaceId, id))) throw notFound('Webhook');
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'webhook.deleted', target: { type: 'webhook', id } }, trx);
  });
}

/** A new secret replaces the old one at once: attempts from now on, retries included, are signed with it. */
export async function rotateSecret(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<WebhookWithSecret> {
  const row = await find(ctx, scope, id);
  const secret = newSecret();
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.updateSubscription(trx, scope.workspaceId, id, { secret: seal(ctx.secret, SECRET_PURPOSE, secret), updated_at: at });
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'webhook.secret_rotated', target: { type: 'webhook', id } }, trx);
  });
  return { ...toView({ ...row, updated_at: at }), secret };
}

function assertLive(row: repo.SubscriptionRow): void {
  if (row.disabled_at) throw conflict('webhook_disabled', 'This webhook was disabled after repeated failures; turn it on again first');
  if (row.active !== 1) throw conflict('webhook_paused', 'This webhook is paused; turn it on first');
}

/** Queues a `ping` event to the subscription and starts a dispatcher. */
export async function sendTest(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<DeliveryView> {
  const row = await find(ctx, scope, id);
  assertLive(row);
  const at = ctx.clock.now().toISOString();
  const delivery = deliveryRow(row.id, { event: PING_EVENT, occurredAt: at, workspaceId: scope.workspaceId, data: { object: 'webhook', id: row.id, record: { url: row.url, events: parseList(row.events) }, changedFields: [] } }, at);
  await repo.insertDeliveries(ctx.db.k, [delivery]);
  await kick(ctx, scope.workspaceId);
  return toDeliveryView(delivery);
}

export async function listDeliveries(ctx: AppContext, scope: WorkspaceScope, id: string, q: DeliveryListParams): Promise<{ data: DeliveryView[]; nextCursor: string | null }> {
  await find(ctx, scope, id);
  const rows = await repo.listDeliveries(ctx.db.k, scope.workspaceId, id, q);
  return { data: rows.map(toDeliveryView), nextCursor: rows.length === q.limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

/**
 * Sends a delivery again now with the same body (same id, so receivers that dedupe see a repeat).
 * Automatic retries continue only while it has had fewer than the maximum attempts.
 */
export async function redeliver(ctx: AppContext, scope: WorkspaceScope, deliveryId: string): Promise<DeliveryView> {
  const d = await repo.findDelivery(ctx.db.k, scope.workspaceId, deliveryId);
  if (!d) throw notFound('Delivery');
  assertLive(await find(ctx, scope, d.subscription_id));
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.requeue(trx, scope.workspaceId, deliveryId, at);
    await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'webhook.redelivered', target: { type: 'webhook_delivery', id: deliveryId } }, trx);
  });
  await kick(ctx, scope.workspaceId);
  return toDeliveryView({ ...d, status: 'pending', next_attempt_at: at, error: null });
}
