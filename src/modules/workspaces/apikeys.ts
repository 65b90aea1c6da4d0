import type { AppContext } from '../../context.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { badRequest, forbidden, notFound } from '../../http/errors.js';
import * as audit from '../audit/service.js';
import type { Actor } from '../audit/service.js';
import { isScope, type Scope } from './roles.js';

export const KEY_PREFIX = 'kp_';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

type Row = { id: string; name: string; prefix: string; scopes: string; expires_at: string | null; last_used_at: string | null; created_at: string };

function view(r: Row): ApiKeyView {
  return { id: r.id, name: r.name, prefix: r.prefix, scopes: JSON.parse(r.scopes) as Scope[], expiresAt: r.expires_at, lastUsedAt: r.last_used_at, createdAt: r.created_at };
}

export async function createKey(
  ctx: AppContext,
  workspaceId: string,
  input: { name: string; scopes: string[]; expiresAt?: string | null | undefined },
  actor: Actor,
  /** The scopes of the API key making this call (null for a person): a key cannot mint a broader key. */
  callerScopes: readonly Scope[] | null = null,
): Promise<ApiKeyView & { key: string }> {
  const bad = input.scopes.filter((s) => !isScope(s));
  if (bad.length || input.scopes.length === 0) {
    throw badRequest('validation_failed', 'Unknown or missing scopes', [{ field: 'body.scopes', message: `allowed: read, write, admin, privacy` }]);
  }
  if (callerScopes && input.scopes.some((s) => !callerScopes.includes(s as Scope))) {
    throw forbidden('An API key may only create keys with scopes it has itself');
  }
  const now = ctx.clock.now();
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= now.getTime()) {
    throw badRequest('validation_failed', 'Expiry must be in the future', [{ field: 'body.expiresAt', message: 'must be in the future' }]);
  }
  const id = newId('key');
  const secret = randomToken(24);
  const prefix = `${KEY_PREFIX}${secret.slice(0, 6)}`;
  const key = `${KEY_PREFIX}${secret}`;
  const row = {
    id,
    workspace_id: workspaceId,
    name: input.name.trim(),
    prefix,
    key_hash: sha256Hex(key),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    created_by: actor.type === 'user' ? actor.id : null,
    expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    last_used_at: null,
    revoked_at: null,
    created_at: now.toISOString(),
  };
  await ctx.db.k.transaction().execute(async (trx) => {
    await trx.insertInto('api_keys').values(row).execute();
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'api_key.created', target: { type: 'api_key', id }, details: { scopes: input.scopes } }, trx);
  });
  return { ...view(row), key };
}

export async function listKeys(ctx: AppContext, workspaceId: string, limit: number, after?: string): Promise<ApiKeyView[]> {
  let q = ctx.db.k.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).where('revoked_at', 'is', null);
  if (after) q = q.where('id', '>', after);
  return (await q.orderBy('id').limit(limit).execute()).map(view);
}

export async function revokeKey(ctx: AppContext, workspaceId: string, id: string, actor: Actor): Promise<void> {
  await ctx.db.k.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('api_keys')
      .set({ revoked_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('API key');
    await audit.record(ctx.db, ctx.clock, { actor, workspaceId, action: 'api_key.revoked', target: { type: 'api_key', id } }, trx);
  });
}

export interface ResolvedKey {
  id: string;
  workspaceId: string;
  scopes: Scope[];
  /** The user who created the key: its use is that user's activity (the inactivity rule). */
  createdBy: string | null;
}

/** Looks a presented key up by its hash; expired and revoked keys do not resolve. */
export async function resolveKey(ctx: AppContext, presented: string): Promise<ResolvedKey | null> {
  if (!presented.startsWith(KEY_PREFIX) || presented.length > 200) return null;
  const now = ctx.clock.now();
  const row = await ctx.db.k
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'scopes', 'expires_at', 'last_used_at', 'created_by'])
    .where('key_hash', '=', sha256Hex(presented))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at && new Date(row.expires_at).getTime() <= now.getTime()) return null;
  // Last use is kept to the minute: no write on every request.
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await ctx.db.k.updateTable('api_keys').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { id: row.id, workspaceId: row.workspace_id, scopes: JSON.parse(row.scopes) as Scope[], createdBy: row.created_by };
}
