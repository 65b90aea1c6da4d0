import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { addMs, DAY, HOUR, iso, MINUTE } from '../../lib/clock.js';
import * as audit from '../audit/service.js';
import * as repo from './webhooks-repo.js';
import { DISPATCH_JOB, forbiddenAddress, mayDisclose, openSecret, signatureHeader, urlProblem, type EventBody } from './webhooks-service.js';

/** Sending webhooks: the dispatcher job (see the design note in webhooks-service.ts) and the retention purge. */
export const PURGE_JOB = 'webhooks.purge';

/** Wait after failed attempt n (1-based); attempt 6 is the last. */
const BACKOFF_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 8 * HOUR];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
/** Deliveries in a row that ended failed before the subscription is disabled. */
export const DISABLE_AFTER = 20;
const TIMEOUT_MS = 10_000;
/** A claimed delivery is due again after this if its dispatcher died mid-attempt. */
const CLAIM_MS = 60_000;
const BATCH = 50;
/** Subscriptions served at once; each one's deliveries go one after another, in event order. */
const PARALLEL = 4;
/** A run stops taking new batches after this; the next tick carries on. */
const RUN_BUDGET_MS = 45_000;
const RETENTION_DAYS = 30;

interface Outcome {
  status: number | null;
  ms: number;
  error: string | null;
}

/**
 * Connects only to addresses the URL rules allow, checked on the address DNS actually returned
 * (a name may resolve to a metadata address, or change after it was validated). This is why the
 * sender uses node:http rather than fetch, which offers no hook at connect time.
 */
function guardedLookup(env: Config['env']): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const all = Array.isArray(address) ? address : [{ address, family }];
      const problem = all.map((a) => forbiddenAddress(env, a.address)).find((p) => p !== null);
      if (problem) return callback(Object.assign(new Error(`refused: ${problem}`), { code: 'EREFUSED_ADDRESS' }), address, family);
      callback(null, address, family);
    });
  };
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  if (e.code === 'EREFUSED_ADDRESS') return e.message;
  return (e.code ?? e.message ?? 'request failed').slice(0, 200);
}

/** One POST with a 10 s limit; the response body is read and thrown away (only the status counts). */
function post(env: Config['env'], url: string, body: string, headers: Record<string, string>): Promise<Outcome> {
  const problem = urlProblem(env, url);
  if (problem) return Promise.resolve({ status: null, ms: 0, error: `refused: ${problem}` });
  const u = new URL(url);
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      u,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(env), agent: false, signal: AbortSignal.timeout(TIMEOUT_MS) },
      (res: IncomingMessage) => {
        res.on('error', () => undefined);
        res.resume();
        const status = res.statusCode ?? null;
        resolve({ status, ms: ms(), error: status !== null && status >= 200 && status < 300 ? null : `HTTP ${status ?? '?'}` });
      },
    );
    req.on('error', (err) => resolve({ status: null, ms: ms(), error: describe(err) }));
    req.end(body);
  });
}

type Result = 'succeeded' | 'retrying' | 'failed' | 'withheld' | 'skipped';

async function withhold(ctx: AppContext, d: repo.DueDelivery, error: string): Promise<void> {
  await repo.finishAttempt(ctx.db.k, d.id, { status: 'failed', error, next_attempt_at: null });
}

/** A delivery that ended failed counts toward the subscription's streak; the 20th disables it. */
async function endFailed(ctx: AppContext, d: repo.DueDelivery, outcome: Outcome): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.finishAttempt(trx, d.id, { status: 'failed', response_status: outcome.status, response_ms: outcome.ms, error: outcome.error, next_attempt_at: null });
    const streak = await repo.addFailure(trx, d.subscription_id);
    if (streak < DISABLE_AFTER) return;
    const workspaceId = await repo.disable(trx, d.subscription_id, iso(ctx.clock.now()));
    if (!workspaceId) return;
    await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId, action: 'webhook.disabled', target: { type: 'webhook', id: d.subscription_id }, reason: `${streak} deliveries in a row failed`, details: { failures: streak } }, trx);
    ctx.log.warn({ webhookId: d.subscription_id, workspaceId }, 'webhook disabled after repeated failed deliveries');
  });
}

async function attempt(ctx: AppContext, d: repo.DueDelivery): Promise<Result> {
  const k = ctx.db.k;
  if (d.disabled_at || d.active !== 1) {
    await withhold(ctx, d, d.disabled_at ? 'webhook disabled' : 'webhook paused');
    return 'withheld';
  }
  // The gate again at the moment of sending: a restriction may have come after the event.
  if (!(await mayDisclose(ctx, k, d.workspace_id, d.object_type, d.object_id))) {
    await withhold(ctx, d, 'withheld: processing of this record is restricted');
    await audit.record(ctx.db, ctx.clock, { actor: audit.SYSTEM, workspaceId: d.workspace_id, action: 'webhook.withheld', target: { type: d.object_type, id: d.object_id }, reason: 'processing restricted', details: { event: d.event, delivery: d.id } });
    return 'withheld';
  }
  const attemptNo = await repo.claim(k, d.id, d.next_attempt_at ?? '', iso(addMs(ctx.clock.now(), CLAIM_MS)));
  if (attemptNo === null) return 'skipped';

  const p = JSON.parse(d.payload) as EventBody;
  // Rebuilt in a fixed key order: PostgreSQL's jsonb hands stored objects back re-ordered.
  const body = JSON.stringify({ id: p.id, event: p.event, occurredAt: p.occurredAt, workspaceId: p.workspaceId, data: p.data });
  const t = Math.floor(ctx.clock.now().getTime() / 1000);
  const outcome = await post(ctx.config.env, d.url, body, {
    'Content-Type': 'application/json',
    'User-Agent': 'Kodepos-Webhooks/1',
    'Kodepos-Event': d.event,
    'Kodepos-Delivery': d.id,
    'Kodepos-Signature': signatureHeader(openSecret(ctx, d.secret), t, body),
  });
  const now = ctx.clock.now();
  if (outcome.error === null) {
    await repo.finishAttempt(k, d.id, { status: 'succeeded', response_status: outcome.status, response_ms: outcome.ms, error: null, delivered_at: iso(now), next_attempt_at: null });
    await repo.resetFailures(k, d.subscription_id);
    return 'succeeded';
  }
  const wait = BACKOFF_MS[attemptNo - 1];
  if (wait !== undefined && attemptNo < MAX_ATTEMPTS) {
    await repo.finishAttempt(k, d.id, { status: 'pending', response_status: outcome.status, response_ms: outcome.ms, error: outcome.error, next_attempt_at: iso(addMs(now, wait)) });
    return 'retrying';
  }
  await endFailed(ctx, d, outcome);
  return 'failed';
}

async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/** Sends every due pending delivery; returns counts by result. */
export async function dispatch(ctx: AppContext): Promise<Record<Result, number>> {
  const tally: Record<Result, number> = { succeeded: 0, retrying: 0, failed: 0, withheld: 0, skipped: 0 };
  const started = Date.now();
  for (;;) {
    const due = await repo.dueDeliveries(ctx.db.k, iso(ctx.clock.now()), BATCH);
    const bySubscription = new Map<string, repo.DueDelivery[]>();
    for (const d of due) bySubscription.set(d.subscription_id, [...(bySubscription.get(d.subscription_id) ?? []), d]);
    await inParallel([...bySubscription.values()], PARALLEL, async (list) => {
      for (const d of list) tally[await attempt(ctx, d)]++;
    });
    if (due.length < BATCH || Date.now() - started > RUN_BUDGET_MS) return tally;
  }
}

export function registerWebhookJobs(ctx: AppContext): void {
  ctx.queue.register(DISPATCH_JOB, () => dispatch(ctx), { leaseMs: 2 * MINUTE });
  ctx.queue.register(PURGE_JOB, async () => ({ deleted: await repo.purgeDeliveries(ctx.db.k, iso(addMs(ctx.clock.now(), -RETENTION_DAYS * DAY))) }));
  const scheduled = (name: string) => (err: unknown) => ctx.log.error({ err, job: name }, 'could not schedule a webhooks job');
  // Every 5 s, but a job row is written only when a delivery is due: an idle deployment adds none.
  ctx.queue.schedule(DISPATCH_JOB, '*/5 * * * * *', null, { when: () => repo.anyDue(ctx.db.k, iso(ctx.clock.now())) }).catch(scheduled(DISPATCH_JOB));
  ctx.queue.schedule(PURGE_JOB, '41 3 * * *').catch(scheduled(PURGE_JOB));
}
