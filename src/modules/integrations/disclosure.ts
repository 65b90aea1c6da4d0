import type { AppContext } from '../../context.js';
import { logDisclosure } from '../governance/disclosures.js';
import type { Purpose } from '../privacy/datamap/types.js';
import type { Provider } from './tables.js';

/**
 * One disclosure-log row per sync batch that actually sent personal data to a provider (policy §4,
 * §9, §10), through governance's log: counts and categories, never values; cross-border with the
 * register's transfer mechanism when the provider processes outside the workspace's data region.
 */
export interface DisclosureInput {
  workspaceId: string;
  provider: Provider;
  purpose: Purpose;
  dataCategories: string[];
  subjectCount: number;
  firstAt: string;
  lastAt: string;
}

export async function recordDisclosure(ctx: AppContext, d: DisclosureInput): Promise<void> {
  await logDisclosure(ctx, {
    workspaceId: d.workspaceId,
    subprocessor: d.provider,
    source: `integrations.${d.provider}`,
    purpose: d.purpose,
    dataCategories: [...new Set(d.dataCategories)].sort(),
    subjectCount: d.subjectCount,
    firstAt: d.firstAt,
    lastAt: d.lastAt,
  });
}
