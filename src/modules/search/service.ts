import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { onRecordChanges, type RecordChange } from '../crm/hooks.js';
import * as repo from './repo.js';

/** The words a record is found by: its name in the title, everything else searchable in the body. */
function document(c: RecordChange): repo.SearchDoc {
  const r = c.record;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const list = (v: unknown, key: string): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : str((x as Record<string, unknown>)[key]))) : []);
  const parts: string[] = [];
  let title = str(r.name);
  switch (c.objectType) {
    case 'contact':
      parts.push(str(r.email), ...list(r.emails, 'email'), str(r.phone), ...list(r.phones, 'phone'), str(r.title), ...list(r.tags, ''));
      // Email addresses also as words, so "santoso" or "example.co" find "budi@santoso.example.co.id" on both databases.
      parts.push(...[str(r.email), ...list(r.emails, 'email')].map((e) => e.replace(/[@._+-]+/g, ' ')));
      // Phones are also indexed as bare digits so "0812345" finds "+62 812-345".
      parts.push(...[str(r.phone), ...list(r.phones, 'phone')].map((p) => p.replace(/\D/g, '')));
      break;
    case 'company':
      parts.push(str(r.domain), str(r.domain).replace(/[.-]+/g, ' '), str(r.industry), ...list(r.tags, ''));
      break;
    case 'deal':
      title = str(r.name);
      parts.push(...list(r.tags, ''));
      break;
  }
  // Each part once: the primary email and phone also head their lists, and words indexed twice only cost index space.
  return { workspaceId: c.workspaceId, objectType: c.objectType, objectId: c.id, title, body: [...new Set(parts.filter(Boolean))].join(' ') };
}

async function keepInStep(ctx: AppContext, trx: Kysely<Database>, c: RecordChange): Promise<void> {
  if (c.kind === 'deleted') await repo.remove(trx, ctx.db.dialect, c.objectType, c.id);
  // A new record has no document to replace: no delete (which on FTS5 would scan the whole index).
  else if (c.kind === 'created') await repo.insertMany(trx, ctx.db.dialect, [document(c)]);
  else await repo.upsert(trx, ctx.db.dialect, document(c));
}

/** A bulk write: new records go in with multi-row inserts (their ids have no document to replace). */
async function keepInStepMany(ctx: AppContext, trx: Kysely<Database>, changes: RecordChange[]): Promise<void> {
  let created: repo.SearchDoc[] = [];
  for (const c of changes) {
    if (c.kind === 'created') {
      created.push(document(c));
      continue;
    }
    // Anything else keeps its place in the order, after the creations before it.
    await repo.insertMany(trx, ctx.db.dialect, created);
    created = [];
    await keepInStep(ctx, trx, c);
  }
  await repo.insertMany(trx, ctx.db.dialect, created);
}

onRecordChanges(keepInStepMany, keepInStep);

export interface SearchResult {
  type: string;
  id: string;
  title: string;
}

export async function search(ctx: AppContext, workspaceId: string, q: string, types: string[] = ['contact', 'company', 'deal'], limit = 20): Promise<SearchResult[]> {
  const hits = await repo.query(ctx.db.k, ctx.db.dialect, workspaceId, q, types, limit);
  return hits.map((h) => ({ type: h.objectType, id: h.objectId, title: h.title }));
}

/** Ids of one type matching `q`, for lists that combine search with filters. */
export async function matchIds(ctx: AppContext, workspaceId: string, type: string, q: string, limit = 1000): Promise<string[]> {
  return (await repo.query(ctx.db.k, ctx.db.dialect, workspaceId, q, [type], limit)).map((h) => h.objectId);
}

/** Removes a record from the index outside a CRM write (erasure). */
export async function forget(k: Kysely<Database>, ctx: AppContext, objectType: string, objectId: string): Promise<void> {
  await repo.remove(k, ctx.db.dialect, objectType, objectId);
}

export { terms } from './repo.js';
