import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import * as audit from '../audit/service.js';
import { insertEvents } from './bulk-sql.js';
import * as repo from './companies-repo.js';
import { columns, toView } from './companies-service.js';
import { emitRecordChanges } from './hooks.js';

/**
 * The companies an import batch links its contacts to and that do not exist yet, created together
 * as `createMany` creates contacts: multi-row inserts, one 'created' timeline event each, ONE audit
 * entry for them (ids only) and one hooks call, so the search index and webhook outbox take them in
 * bulk. A 1M-row import creates thousands of companies; one by one they cost ~9 statements each.
 * Their ids are chosen by the caller, so the rows that name them can link them before they are written.
 */
export interface NewCompany {
  id: string;
  name: string;
  domain: string | null;
}

/** `custom` is the custom-field value every new company gets (checked by the caller against required fields). */
export async function createLinked(ctx: AppContext, scope: WorkspaceScope, trx: Kysely<Database>, companies: NewCompany[], importId: string, custom: Record<string, unknown>): Promise<void> {
  if (companies.length === 0) return;
  const ws = scope.workspaceId;
  const at = ctx.clock.now().toISOString();
  const rows: repo.CompanyRow[] = companies.map((c) => ({ id: c.id, workspace_id: ws, ...columns({ name: c.name, domain: c.domain }), custom_fields: JSON.stringify(custom), import_id: importId, created_at: at, updated_at: at }));
  await repo.insertMany(trx, rows);
  const events = rows.map((r) => ({ workspaceId: ws, objectType: 'company' as const, objectId: r.id, kind: 'created', actor: scope.actor, at }));
  await insertEvents(trx, ctx.db.dialect, events);
  const ids = rows.map((r) => r.id);
  await audit.record(ctx.db, ctx.clock, { actor: scope.actor, workspaceId: ws, action: 'company.imported', target: { type: 'import', id: importId }, details: { importId, count: ids.length, ids } }, trx);
  await emitRecordChanges(
    ctx,
    trx,
    rows.map((r) => ({ workspaceId: ws, objectType: 'company' as const, id: r.id, kind: 'created' as const, record: { ...toView(r) }, changedFields: [], actor: scope.actor })),
  );
}
