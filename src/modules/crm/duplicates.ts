import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { WorkspaceScope } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';

/**
 * Duplicate detection: contacts that share an email, a phone number (as digits) or a folded
 * name; companies that share a domain or a name without its legal form.
 */
export type DuplicateReason = 'email' | 'phone' | 'name' | 'domain';

export interface DuplicateGroup {
  reason: DuplicateReason;
  key: string;
  ids: string[];
}

const CONTACT_KEYS: [DuplicateReason, 'email' | 'phone_digits' | 'name_key'][] = [
  ['email', 'email'],
  ['phone', 'phone_digits'],
  ['name', 'name_key'],
];
const COMPANY_KEYS: [DuplicateReason, 'domain' | 'name_key'][] = [
  ['domain', 'domain'],
  ['name', 'name_key'],
];

async function groups(k: Kysely<Database>, table: 'contacts' | 'companies', workspaceId: string, limit: number): Promise<DuplicateGroup[]> {
  const keys = table === 'contacts' ? CONTACT_KEYS : COMPANY_KEYS;
  const out: DuplicateGroup[] = [];
  for (const [reason, col] of keys) {
    const rows = await k
      .selectFrom(table)
      .select([sql<string>`${sql.ref(col)}`.as('key'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .where(sql.ref(col), 'is not', null)
      .where(sql.ref(col), '!=', '')
      .groupBy(sql.ref(col))
      .having((eb) => eb.fn.countAll(), '>', 1)
      .orderBy('n', 'desc')
      .limit(limit)
      .execute();
    for (const r of rows) {
      const ids = await k
        .selectFrom(table)
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where(sql.ref(col), '=', r.key)
        .orderBy('created_at')
        .orderBy('id')
        .limit(20)
        .execute();
      out.push({ reason, key: r.key, ids: ids.map((x) => x.id) });
    }
  }
  // A pair found by email and by name is one finding: keep the strongest reason.
  const seen = new Set<string>();
  return out.filter((g) => {
    const sig = [...g.ids].sort().join(',');
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}

export function contactGroups(ctx: AppContext, scope: WorkspaceScope, limit = 100): Promise<DuplicateGroup[]> {
  return groups(ctx.db.k, 'contacts', scope.workspaceId, limit);
}

export function companyGroups(ctx: AppContext, scope: WorkspaceScope, limit = 100): Promise<DuplicateGroup[]> {
  return groups(ctx.db.k, 'companies', scope.workspaceId, limit);
}

/** Records that look like this one, with why. */
export async function similarTo(ctx: AppContext, scope: WorkspaceScope, table: 'contacts' | 'companies', id: string): Promise<{ id: string; reasons: DuplicateReason[] }[]> {
  const row = await ctx.db.k.selectFrom(table).selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(table === 'contacts' ? 'Contact' : 'Company');
  const keys = table === 'contacts' ? CONTACT_KEYS : COMPANY_KEYS;
  const found = new Map<string, DuplicateReason[]>();
  for (const [reason, col] of keys) {
    const value = (row as Record<string, unknown>)[col];
    if (typeof value !== 'string' || !value) continue;
    const rows = await ctx.db.k
      .selectFrom(table)
      .select('id')
      .where('workspace_id', '=', scope.workspaceId)
      .where(sql.ref(col), '=', value)
      .where('id', '!=', id)
      .limit(50)
      .execute();
    for (const r of rows) found.set(r.id, [...(found.get(r.id) ?? []), reason]);
  }
  return [...found].map(([rid, reasons]) => ({ id: rid, reasons }));
}
