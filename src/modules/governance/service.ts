import type { AppContext } from '../../context.js';
import { newId } from '../../lib/ids.js';
import { DEFAULT_OPERATOR, renderPolicyTemplate } from './policy-template.js';
import * as repo from './repo.js';

export interface PublicPolicy {
  version: string;
  effectiveAt: string;
  lastUpdated: string;
  markdown: string;
}

/** A fresh deployment publishes the shipped policy as version 1.0 so sign-up can record acceptance. */
export async function ensureDefaultPolicy(ctx: AppContext): Promise<void> {
  if ((await repo.count(ctx.db.k)) > 0) return;
  const at = ctx.clock.now().toISOString();
  const markdown = renderPolicyTemplate({ ...DEFAULT_OPERATOR, name: ctx.config.operator.name, email: ctx.config.operator.email });
  try {
    await repo.insert(ctx.db.k, { id: newId('pol'), version: '1.0', markdown, effective_at: at, material: 0, published_at: at, created_at: at });
  } catch (err) {
    // Another node inserted it first (unique version): that is the same outcome.
    if ((await repo.count(ctx.db.k)) === 0) throw err;
  }
}

function toPublic(p: repo.PolicyRow): PublicPolicy {
  return { version: p.version, effectiveAt: p.effective_at, lastUpdated: (p.published_at ?? p.effective_at).slice(0, 10), markdown: p.markdown };
}

export async function currentPolicy(ctx: AppContext): Promise<PublicPolicy | null> {
  const p = await repo.current(ctx.db.k, ctx.clock.now().toISOString());
  return p ? toPublic(p) : null;
}

export async function policyHistory(ctx: AppContext): Promise<PublicPolicy[]> {
  return (await repo.published(ctx.db.k)).map(toPublic);
}
