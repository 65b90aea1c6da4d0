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
/** Handles many changes at once (bulk writes such as imports); changes come in the order they were made. */
export type RecordsListener = (ctx: AppContext, trx: Kysely<Database>, changes: RecordChange[]) => Promise<void>;

interface Listener {
  one?: RecordListener;
  many?: RecordsListener;
}

const listeners: Listener[] = [];

/** Wiring done once at import time by the subscribing module; holds code, not state. */
export function onRecordChange(fn: RecordListener): void {
  if (!listeners.some((l) => l.one === fn)) listeners.push({ one: fn });
}

/**
 * A listener with a bulk handler: `many` gets every change of a bulk write in one call, `one` (when
 * given) the single changes; without it a single change goes to `many` as a list of one.
 */
export function onRecordChanges(many: RecordsListener, one?: RecordListener): void {
  if (!listeners.some((l) => l.many === many)) listeners.push({ many, ...(one ? { one } : {}) });
}

export async function emitRecordChange(ctx: AppContext, trx: Kysely<Database>, change: RecordChange): Promise<void> {
  for (const l of listeners) {
    if (l.one) await l.one(ctx, trx, change);
    else if (l.many) await l.many(ctx, trx, [change]);
  }
}

/** The changes of one bulk write: a bulk handler gets them all at once, a single one each in turn. */
export async function emitRecordChanges(ctx: AppContext, trx: Kysely<Database>, changes: RecordChange[]): Promise<void> {
  if (changes.length === 0) return;
  for (const l of listeners) {
    if (l.many) await l.many(ctx, trx, changes);
    else if (l.one) for (const c of changes) await l.one(ctx, trx, c);
  }
}
