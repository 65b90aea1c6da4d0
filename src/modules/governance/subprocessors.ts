import type { AppContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import type { Actor } from '../audit/service.js';
import { DATAMAP } from '../privacy/datamap.js';
import { RECIPIENTS, type Category, type Recipient } from '../privacy/datamap/types.js';
import { RECIPIENT_INFO } from '../privacy/recipients.js';
import * as prepo from './policies-repo.js';
import * as repo from './subprocessors-repo.js';

/**
 * The sub-processor register (issue 7 item 5, policy §4, §9, §10): one row per data-map recipient,
 * seeded from the shipped recipient facts and then edited by the operator. A processor whose
 * country differs from a workspace's data region receives a transfer for that workspace.
 */
export const MECHANISMS = ['adequacy', 'scc', 'consent'] as const;
export type Mechanism = (typeof MECHANISMS)[number];
export const SUBPROCESSOR_NOTICE_JOB = 'governance.subprocessor_notice';
/** The operator keeps its own records in Indonesia (policy §1): its own transfers are counted from there. */
export const PLATFORM_REGION = 'ID';

export interface Subprocessor {
  key: string;
  name: string;
  purpose: string;
  dataCategories: string[];
  country: string | null;
  mechanism: Mechanism;
  dpaDate: string | null;
  updatedAt: string;
}

/** Categories of personal data in the tables that list this recipient, from the data map. */
export function recipientCategories(r: Recipient): Category[] {
  const out = new Set<Category>();
  for (const entry of Object.values(DATAMAP)) {
    if (!entry.recipients.includes(r)) continue;
    for (const c of Object.values(entry.columns)) if (c.personal) out.add(c.category);
  }
  return [...out].sort();
}

const isMechanism = (m: string): m is Mechanism => (MECHANISMS as readonly string[]).includes(m);

function view(r: repo.SubprocessorRow): Subprocessor {
  const categories: unknown = JSON.parse(r.data_categories);
  return {
    key: r.key,
    name: r.name,
    purpose: r.purpose,
    dataCategories: Array.isArray(categories) ? categories.map(String) : [],
    country: r.country,
    mechanism: isMechanism(r.mechanism) ? r.mechanism : 'consent',
    dpaDate: r.dpa_date,
    updatedAt: r.updated_at,
  };
}

/** Seeds rows for recipients the register does not hold yet (a fresh deployment, a new integration). */
export async function ensureRegister(ctx: AppContext): Promise<void> {
  const have = new Set((await repo.all(ctx.db.k)).map((r) => r.key));
  const at = ctx.clock.now().toISOString();
  const missing = RECIPIENTS.filter((r) => !have.has(r)).map((r): repo.SubprocessorRow => {
    const info = RECIPIENT_INFO[r];
    return {
      key: r,
      name: info.name,
      purpose: info.role,
      data_categories: JSON.stringify(recipientCategories(r)),
      country: info.country,
      // Inside Indonesia (or the operator's own server) nothing crosses a border; elsewhere the
      // shipped default is standard contractual clauses until the operator records otherwise.
      mechanism: info.country === null || info.country === 'ID' ? 'adequacy' : 'scc',
      dpa_date: null,
      updated_at: at,
    };
  });
  await repo.insertMissing(ctx.db.k, missing);
}

export async function listSubprocessors(ctx: AppContext): Promise<Subprocessor[]> {
  await ensureRegister(ctx);
  return (await repo.all(ctx.db.k)).map(view);
}

export interface SubprocessorPatch {
  name?: string | undefined;
  purpose?: string | undefined;
  dataCategories?: string[] | undefined;
  country?: string | null | undefined;
  mechanism?: Mechanism | undefined;
  dpaDate?: string | null | undefined;
}

/** Changes a register entry (audited) and schedules the notice to users. */
export async function updateSubprocessor(ctx: AppContext, key: string, patch: SubprocessorPatch, actor: Actor): Promise<Subprocessor> {
  await ensureRegister(ctx);
  const before = await repo.byKey(ctx.db.k, key);
  if (!before) throw notFound('Sub-processor');
  const at = ctx.clock.now().toISOString();
  const set: Partial<repo.SubprocessorRow> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.purpose !== undefined) set.purpose = patch.purpose;
  if (patch.dataCategories !== undefined) set.data_categories = JSON.stringify(patch.dataCategories);
  if (patch.country !== undefined) set.country = patch.country;
  if (patch.mechanism !== undefined) set.mechanism = patch.mechanism;
  if (patch.dpaDate !== undefined) set.dpa_date = patch.dpaDate;
  const changed = (Object.keys(set) as (keyof repo.SubprocessorRow)[]).filter((f) => set[f] !== before[f]);
  if (changed.length === 0) return view(before);
  await ctx.db.k.transaction().execute(async (trx) => {
    await repo.update(trx, key, { ...set, updated_at: at });
    await audit.record(ctx.db, ctx.clock, { actor, action: 'subprocessor.updated', target: { type: 'subprocessor', id: key }, details: { fields: changed } }, trx);
  });
  await scheduleNotice(ctx, actor, at);
  const after = await repo.byKey(ctx.db.k, key);
  if (!after) throw notFound('Sub-processor');
  return view(after);
}

/** One notice per saved change: users hear of each change of who processes their data. */
async function scheduleNotice(ctx: AppContext, actor: Actor, at: string): Promise<void> {
  const id = newId('gnt');
  const jobId = await ctx.queue.enqueue(SUBPROCESSOR_NOTICE_JOB, {}, { idempotencyKey: `subprocessor-notice:${id}` });
  await prepo.insertNotice(ctx.db.k, { id, kind: 'subprocessors', policy_version_id: null, job_id: jobId, created_by: actor.id, created_at: at });
}

export interface TransferView extends Subprocessor {
  /** True when this processor works outside the workspace's data region: a cross-border transfer. */
  transfer: boolean;
}

/** The register as seen from one data region. */
export async function transfersFor(ctx: AppContext, region: string): Promise<TransferView[]> {
  return (await listSubprocessors(ctx)).map((s) => ({ ...s, transfer: s.country !== null && s.country !== region }));
}

export async function workspaceRegion(ctx: AppContext, workspaceId: string): Promise<string> {
  return (await repo.workspaceRegion(ctx.db.k, workspaceId))?.data_region ?? 'ID';
}
