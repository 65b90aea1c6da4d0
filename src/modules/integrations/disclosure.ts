import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import { listSubprocessors, workspaceRegion } from '../governance/subprocessors.js';
import type { Provider } from './tables.js';

/**
 * One disclosure-log row per sync batch that actually sent personal data to a provider (policy §4,
 * §9, §10): counts and categories, never values; cross-border with the register's transfer
 * mechanism when the provider processes outside the workspace's data region.
 * The governance module's own logging function was not there when this was written; the row
 * follows its table (migration 0022) and its register, so swapping to it changes no data.
 */
export interface DisclosureInput {
  workspaceId: string;
  provider: Provider;
  purpose: string;
  dataCategories: string[];
  subjectCount: number;
  firstAt: string;
  lastAt: string;
}

export async function recordDisclosure(ctx: AppContext, d: DisclosureInput): Promise<void> {
  if (d.subjectCount <= 0) return;
  const region = await workspaceRegion(ctx, d.workspaceId);
  const sp = (await listSubprocessors(ctx)).find((s) => s.key === d.provider);
  const country = sp?.country ?? null;
  const crossBorder = country !== null && country !== region;
  await ctx.db.k
    .insertInto('disclosure_log')
    .values({
      id: newId('dsc', ctx.clock.now().getTime()),
      workspace_id: d.workspaceId,
      subprocessor_key: d.provider,
      source: `integrations.${d.provider}`,
      purpose: d.purpose,
      data_categories: JSON.stringify([...new Set(d.dataCategories)].sort()),
      subject_count: d.subjectCount,
      country,
      data_region: region,
      cross_border: crossBorder ? 1 : 0,
      mechanism: crossBorder ? (sp?.mechanism ?? 'scc') : null,
      first_at: d.firstAt,
      last_at: d.lastAt,
      created_at: ctx.clock.now().toISOString(),
    })
    .execute();
}
