import type { AppContext } from '../../context.js';
import { conflict, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { shortUserAgent, truncateIp } from '../../lib/net.js';
import * as audit from '../audit/service.js';
import type { Actor } from '../audit/service.js';
import { lineDiff, type DiffLine } from './policies-diff.js';
import * as prepo from './policies-repo.js';
import * as repo from './repo.js';

/**
 * Policy versions (issue 7 item 3, policy §13): drafts, publishing with a notice to every user,
 * history with diffs, and the re-acceptance gate after a material change.
 */
export const POLICY_NOTICE_JOB = 'governance.policy_notice';

export interface PolicyDraft {
  version: string;
  markdown: string;
  effectiveAt: string;
  material: boolean;
}

export interface PolicyView {
  id: string;
  version: string;
  markdown: string;
  effectiveAt: string;
  material: boolean;
  status: 'draft' | 'scheduled' | 'current' | 'superseded';
  publishedAt: string | null;
  lastUpdated: string | null;
  createdAt: string;
  noticeJobId: string | null;
}

function view(p: repo.PolicyRow, currentId: string | null, now: string, noticeJobId: string | null = null): PolicyView {
  const status = !p.published_at ? 'draft' : p.id === currentId ? 'current' : p.effective_at > now ? 'scheduled' : 'superseded';
  return {
    id: p.id,
    version: p.version,
    markdown: p.markdown,
    effectiveAt: p.effective_at,
    material: p.material === 1,
    status,
    publishedAt: p.published_at,
    lastUpdated: p.published_at ? p.published_at.slice(0, 10) : null,
    createdAt: p.created_at,
    noticeJobId,
  };
}

export async function createDraft(ctx: AppContext, d: PolicyDraft, actor: Actor): Promise<{ id: string }> {
  if (await prepo.byVersion(ctx.db.k, d.version)) throw conflict('duplicate_version', `Version ${d.version} already exists`);
  const id = newId('pol');
  const at = ctx.clock.now().toISOString();
  try {
    await ctx.db.k.transaction().execute(async (trx) => {
      await repo.insert(trx, { id, version: d.version, markdown: d.markdown, effective_at: new Date(d.effectiveAt).toISOString(), material: d.material ? 1 : 0, published_at: null, created_at: at });
      await audit.record(ctx.db, ctx.clock, { actor, action: 'policy.drafted', target: { type: 'policy_version', id }, details: { version: d.version, material: d.material } }, trx);
    });
  } catch (err) {
    // Two drafts of the same version at once: the unique index decides, the loser gets the same 409.
    if (await prepo.byVersion(ctx.db.k, d.version)) throw conflict('duplicate_version', `Version ${d.version} already exists`);
    throw err;
  }
  return { id };
}

export async function listPolicies(ctx: AppContext): Promise<PolicyView[]> {
  const now = ctx.clock.now().toISOString();
  const current = await repo.current(ctx.db.k, now);
  return (await prepo.all(ctx.db.k)).map((p) => view(p, current?.id ?? null, now));
}

export async function getPolicy(ctx: AppContext, id: string): Promise<PolicyView> {
  const p = await prepo.byId(ctx.db.k, id);
  if (!p) throw notFound('Policy version');
  const now = ctx.clock.now().toISOString();
  const current = await repo.current(ctx.db.k, now);
  const notice = await prepo.noticeFor(ctx.db.k, id);
  return view(p, current?.id ?? null, now, notice?.job_id ?? null);
}

/**
 * Publishes a draft: it becomes current at its effectiveAt (at once when that is past) and one
 * batched job emails every registered user. Publishing twice is refused, so nobody is told twice.
 */
export async function publish(ctx: AppContext, id: string, actor: Actor): Promise<{ id: string; jobId: string }> {
  const p = await prepo.byId(ctx.db.k, id);
  if (!p) throw notFound('Policy version');
  if (p.published_at) throw conflict('already_published', 'This version is already published');
  const at = ctx.clock.now().toISOString();
  const noticeId = newId('gnt');
  const won = await ctx.db.k.transaction().execute(async (trx) => {
    if (!(await prepo.markPublished(trx, id, at, p.effective_at))) return false;
    await prepo.insertNotice(trx, { id: noticeId, kind: 'policy', policy_version_id: id, job_id: null, created_by: actor.id, created_at: at });
    await audit.record(ctx.db, ctx.clock, { actor, action: 'policy.published', target: { type: 'policy_version', id }, details: { version: p.version, material: p.material === 1, effectiveAt: p.effective_at < at ? at : p.effective_at } }, trx);
    return true;
  });
  if (!won) throw conflict('already_published', 'This version is already published');
  const jobId = await ctx.queue.enqueue(POLICY_NOTICE_JOB, { policyVersionId: id }, { idempotencyKey: `policy-notice:${id}` });
  await ctx.db.k.updateTable('governance_notices').set({ job_id: jobId }).where('id', '=', noticeId).execute();
  return { id, jobId };
}

export interface PolicyDiff {
  from: { id: string; version: string };
  to: { id: string; version: string };
  lines: DiffLine[];
}

/** The line diff from one version to another (any two; the UI offers each version against the one before). */
export async function diff(ctx: AppContext, fromId: string, toId: string): Promise<PolicyDiff> {
  const [a, b] = await Promise.all([prepo.byId(ctx.db.k, fromId), prepo.byId(ctx.db.k, toId)]);
  if (!a || !b) throw notFound('Policy version');
  return { from: { id: a.id, version: a.version }, to: { id: b.id, version: b.version }, lines: lineDiff(a.markdown, b.markdown) };
}

/** Published versions by effective date, each with the id of the one before it (for public diffs). */
export async function publishedWithPrevious(ctx: AppContext): Promise<{ row: repo.PolicyRow; previous: repo.PolicyRow | null }[]> {
  const rows = await repo.published(ctx.db.k);
  return rows.map((row, i) => ({ row, previous: rows[i + 1] ?? null }));
}

export interface AcceptanceState {
  required: boolean;
  policy: { id: string; version: string; effectiveAt: string } | null;
}

/** Users who accepted a version are remembered: an acceptance is never withdrawn, so the check costs no query again. */
const acceptedCache = new Map<string, string>();

/** Whether this user must accept the newest material version before using the app. */
export async function acceptanceState(ctx: AppContext, userId: string): Promise<AcceptanceState> {
  const now = ctx.clock.now().toISOString();
  const material = await prepo.latestMaterial(ctx.db.k, now);
  if (!material) return { required: false, policy: null };
  if (acceptedCache.get(userId) === material.id) return { required: false, policy: null };
  if (await prepo.acceptedSince(ctx.db.k, userId, material.effective_at)) {
    // A bound on memory: past it the cache starts over (a cache miss is one indexed query).
    if (acceptedCache.size >= 100_000) acceptedCache.clear();
    acceptedCache.set(userId, material.id);
    return { required: false, policy: null };
  }
  const current = (await repo.current(ctx.db.k, now)) ?? material;
  return { required: true, policy: { id: current.id, version: current.version, effectiveAt: current.effective_at } };
}

/** Records the user's acceptance of the version in force (idempotent). */
export async function accept(ctx: AppContext, userId: string, meta: { ip: string; userAgent: string | undefined }): Promise<{ version: string }> {
  const now = ctx.clock.now().toISOString();
  const current = await repo.current(ctx.db.k, now);
  if (!current) throw notFound('Policy');
  if (!(await prepo.hasAccepted(ctx.db.k, userId, current.id))) {
    await ctx.db.k.transaction().execute(async (trx) => {
      await trx
        .insertInto('policy_acceptances')
        .values({ id: newId('pac'), user_id: userId, policy_version_id: current.id, ip_truncated: truncateIp(meta.ip), user_agent: shortUserAgent(meta.userAgent), accepted_at: now })
        .execute();
      await audit.record(ctx.db, ctx.clock, { actor: { type: 'user', id: userId }, action: 'policy.accepted', target: { type: 'policy_version', id: current.id }, details: { version: current.version } }, trx);
    });
  }
  acceptedCache.delete(userId);
  return { version: current.version };
}
