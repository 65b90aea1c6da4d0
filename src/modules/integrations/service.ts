import type { AppContext } from '../../context.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { badRequest, HttpError, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import { checkBaseUrl, EMAIL_PROVIDERS, ADS_PROVIDERS, sealSecrets, settingsOf, split, testConnection } from './connections.js';
import { ProviderError } from './http-client.js';
import { registerWebhook, unregisterWebhook } from './inbound.js';
import * as repo from './repo.js';
import { runView } from './runs.js';
import type { ConnectBody, ConnectionView, RunView, SyncKind } from './schema.js';

/**
 * Integrations: a workspace connects Mailchimp, Brevo, Google Analytics, Meta or LinkedIn (the
 * credentials are tried once before they are kept), runs syncs as jobs, and reads each run's
 * counts and errors. The flows themselves are in sync-email.ts, sync-ads.ts, forward-ga4.ts and
 * deletions.ts; every one asks the consent gate per subject and logs each batch as a disclosure.
 */
export const SYNC_JOB = 'integrations.sync';

export interface SyncPayload {
  workspaceId: string;
  connectionId: string;
  kind: SyncKind;
}

function view(r: repo.ConnectionRow): ConnectionView {
  return {
    id: r.id,
    provider: r.provider,
    status: r.status === 'connected' || r.status === 'error' ? r.status : 'disconnected',
    audienceId: r.audience_id,
    settings: settingsOf(r),
    lastSyncAt: r.last_sync_at,
    lastError: r.last_error,
    webhook: EMAIL_PROVIDERS.includes(r.provider) ? { registered: r.webhook_registered_at !== null, registeredAt: r.webhook_registered_at, lastEventAt: r.last_event_at, error: r.webhook_error } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function list(ctx: AppContext, scope: WorkspaceScope): Promise<{ data: ConnectionView[] }> {
  return { data: (await repo.connections(ctx.db.k, scope.workspaceId)).map(view) };
}

async function find(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<repo.ConnectionRow> {
  const row = await repo.connectionById(ctx.db.k, scope.workspaceId, id);
  if (!row) throw notFound('Integration');
  return row;
}

export async function get(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<ConnectionView> {
  return view(await find(ctx, scope, id));
}

/** Tries the credentials with a harmless call, then keeps them sealed. A refused call stores nothing. */
export async function connect(ctx: AppContext, scope: WorkspaceScope, body: ConnectBody): Promise<ConnectionView> {
  checkBaseUrl(ctx, body);
  const s = split(body);
  const at = ctx.clock.now().toISOString();
  const existing = await repo.connection(ctx.db.k, scope.workspaceId, body.provider);
  const row: repo.ConnectionRow = {
    id: existing?.id ?? newId('int', ctx.clock.now().getTime()),
    workspace_id: scope.workspaceId,
    provider: body.provider,
    config: JSON.stringify(s.settings),
    secret: sealSecrets(ctx, s.secrets),
    audience_id: s.audienceId,
    status: 'connected',
    last_sync_at: existing?.last_sync_at ?? null,
    last_pull_at: existing?.last_pull_at ?? null,
    cursor: existing?.cursor ?? null,
    last_error: null,
    webhook_id: null,
    webhook_token_hash: null,
    webhook_registered_at: null,
    webhook_error: null,
    last_event_at: existing?.last_event_at ?? null,
    created_by: scope.userId,
    created_at: existing?.created_at ?? at,
    updated_at: at,
  };
  try {
    await testConnection(ctx, row);
  } catch (err) {
    if (err instanceof ProviderError) throw badRequest('provider_refused', `${body.provider} refused the credentials or settings`, { provider: err.provider, status: err.status, code: err.code });
    throw badRequest('provider_refused', `${body.provider} could not be reached or refused the settings`, { provider: body.provider, message: (err as Error).message.slice(0, 200) });
  }
  await repo.upsertConnection(ctx.db.k, row);
  await registerWebhook(ctx, row, existing);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'integration.connected', target: { type: 'integration', id: row.id }, details: { provider: body.provider } });
  return get(ctx, scope, row.id);
}

/** Wipes the credentials; the run history and member ids stay (deletion tasks still name them). */
export async function disconnect(ctx: AppContext, scope: WorkspaceScope, id: string): Promise<void> {
  const row = await find(ctx, scope, id);
  await unregisterWebhook(ctx, row);
  await repo.updateConnection(ctx.db.k, scope.workspaceId, row.id, { secret: '', status: 'disconnected', updated_at: ctx.clock.now().toISOString() });
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: scope.workspaceId, action: 'integration.disconnected', target: { type: 'integration', id: row.id }, details: { provider: row.provider } });
}

const KINDS: Record<string, readonly SyncKind[]> = { mailchimp: ['push', 'pull'], brevo: ['push', 'pull'], meta: ['audience', 'conversions'], linkedin: ['audience', 'conversions'], google_analytics: ['forward'] };
const BASE_KINDS: Record<string, SyncKind[]> = { mailchimp: ['push', 'pull'], brevo: ['push', 'pull'], meta: ['audience'], linkedin: ['audience'], google_analytics: ['forward'] };

/**
 * What "sync now" and the hourly schedule run: the provider's base syncs, and conversion events
 * too once the connection names where they go (a Meta pixel, a LinkedIn conversion rule), so won
 * deals reach the ad tool without anyone asking for it run by run.
 */
export function defaultKinds(row: Pick<repo.ConnectionRow, 'provider' | 'config'>): SyncKind[] {
  const s = settingsOf(row);
  const conversions = (row.provider === 'meta' && s.pixelId !== undefined) || (row.provider === 'linkedin' && s.conversionId !== undefined);
  return [...(BASE_KINDS[row.provider] ?? []), ...(conversions ? (['conversions'] as const) : [])];
}

/** Queues the sync jobs of a connection; each writes a run row the history shows. */
export async function startSync(ctx: AppContext, scope: WorkspaceScope, id: string, kind: SyncKind | undefined): Promise<{ jobIds: string[] }> {
  const row = await find(ctx, scope, id);
  if (row.status === 'disconnected') throw new HttpError(409, 'not_connected', 'Connect the integration again first');
  const kinds = kind ? [kind] : defaultKinds(row);
  if (kind && !(KINDS[row.provider] ?? []).includes(kind)) throw badRequest('validation_failed', `${row.provider} has no ${kind} sync`, [{ field: 'body.kind', message: `one of ${(KINDS[row.provider] ?? []).join(', ')}` }]);
  const jobIds: string[] = [];
  for (const k of kinds) jobIds.push(await ctx.queue.enqueue<SyncPayload>(SYNC_JOB, { workspaceId: scope.workspaceId, connectionId: row.id, kind: k }, { workspaceId: scope.workspaceId, maxAttempts: 3, backoffMs: 30_000 }));
  return { jobIds };
}

export async function runs(ctx: AppContext, scope: WorkspaceScope, id: string, limit: number, cursor: string | undefined): Promise<{ data: RunView[]; nextCursor: string | null }> {
  const row = await find(ctx, scope, id);
  const rows = await repo.runs(ctx.db.k, scope.workspaceId, row.id, limit, cursor);
  return { data: rows.map(runView), nextCursor: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null };
}

export { ADS_PROVIDERS, EMAIL_PROVIDERS };
