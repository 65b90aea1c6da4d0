import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { DisclosureLogTable } from './tables.js';

/** SQL of the disclosure and transfer log. Rows hold counts and names of processors, never personal values. */

export async function insert(k: Kysely<Database>, row: DisclosureLogTable): Promise<void> {
  await k.insertInto('disclosure_log').values(row).execute();
}

export interface ListFilter {
  workspaceId: string | null;
  from?: string | undefined;
  to?: string | undefined;
  subprocessor?: string | undefined;
  crossBorder?: boolean | undefined;
  /** Rows created before this (created_at, id) pair: the cursor of the previous page. */
  before?: { createdAt: string; id: string } | undefined;
}

/** One scope's rows (a workspace's, or the platform's own with workspace null), newest first. */
export function list(k: Kysely<Database>, f: ListFilter, limit: number): Promise<DisclosureLogTable[]> {
  let q = k.selectFrom('disclosure_log').selectAll();
  q = f.workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', f.workspaceId);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  if (f.subprocessor) q = q.where('subprocessor_key', '=', f.subprocessor);
  if (f.crossBorder !== undefined) q = q.where('cross_border', '=', f.crossBorder ? 1 : 0);
  const before = f.before;
  if (before) q = q.where((eb) => eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export interface TransferTotal {
  subprocessor_key: string;
  purpose: string;
  country: string | null;
  mechanism: string | null;
  batches: number;
  subjects: number;
  first_at: string;
  last_at: string;
}

/** Cross-border rows of a scope, summed per processor and purpose: the transfers actually made. */
export async function transferTotals(k: Kysely<Database>, workspaceId: string | null): Promise<TransferTotal[]> {
  let q = k
    .selectFrom('disclosure_log')
    .select((eb) => [
      'subprocessor_key',
      'purpose',
      'country',
      'mechanism',
      eb.fn.countAll<number>().as('batches'),
      eb.fn.sum<number>('subject_count').as('subjects'),
      eb.fn.min<string>('first_at').as('first_at'),
      eb.fn.max<string>('last_at').as('last_at'),
    ])
    .where('cross_border', '=', 1)
    .groupBy(['subprocessor_key', 'purpose', 'country', 'mechanism'])
    .orderBy('subprocessor_key')
    .orderBy('purpose');
  q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, batches: Number(r.batches), subjects: Number(r.subjects), first_at: String(r.first_at), last_at: String(r.last_at) }));
}
