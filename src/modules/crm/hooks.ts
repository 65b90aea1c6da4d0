import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { Actor } from '../audit/service.js';

/**
 * Record-change hooks: search indexing and webhooks subscribe here, so the CRM services do not
 * know about them. Listeners run inside the writing transaction and must use `trx` for every
 * query (on SQLite the one connection is held by that transaction).
 */
export type RecordType = 'contact' | 'company' | 'deal';

export interface RecordChange {
  workspaceId: string;
  objectType: RecordType;
  id: string;
  kind: 'created' | 'updated' | 'deleted';
  /** The record as the API shows it (after the change; before it for deletes). */
  record: Record<string, unknown>;
  changedFields: string[];
  actor: Actor;
}

export type RecordListener = (ctx: AppContext, trx: Kysely<Database>, change: RecordChange) => Promise<void>;

const listeners: RecordListener[] = [];

/** Wiring done once at import time by the subscribing module; holds code, not state. */
export function onRecordChange(fn: RecordListener): void {
  if (!listeners.includes(fn)) listeners.push(fn);
}

export async function emitRecordChange(ctx: AppContext, trx: Kysely<Database>, change: RecordChange): Promise<void> {
  for (const fn of listeners) await fn(ctx, trx, change);
}
