/**
 * The consent gate (DESIGN invariant 3) and the consent record it reads. Every path that carries
 * a subject's data out asks `canProcess` first; each answer is logged in consent_decisions, so
 * "why did this go out?" has a recorded answer.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { hmacHex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import * as audit from '../audit/service.js';
import * as repo from './consent-repo.js';
import type { GateDecision } from './engine-types.js';
import { CONSENT_PURPOSES, type ConsentPurpose, type ConsentSource } from './tables.js';

export type { ConsentSubject } from './consent-repo.js';

/**
 * Channels that hand data to someone else (the workspace's own endpoints, processors, ad
 * networks). A restricted subject's data never takes them, not even for necessary processing:
 * restriction means "store, do not use or disclose" (GDPR Art. 18, UU PDP Pasal 41).
 */
const DISCLOSURE_CHANNELS = new Set(['webhook', 'sync', 'export', 'ads', 'analytics_forward']);

export interface ConsentInput {
  purpose: ConsentPurpose;
  granted: boolean;
  source: ConsentSource;
  lawfulBasis?: string | undefined;
  policyVersion?: string | undefined;
  /** Which notice or preference the choice answered (e.g. `email:promotions`). */
  wordingVersion?: string | undefined;
  recordedBy?: string | undefined;
  ipTruncated?: string | undefined;
  userAgent?: string | undefined;
}

/** Appends one consent record (history is kept; the current state is the latest row per purpose). */
export async function recordConsent(ctx: AppContext, subject: repo.ConsentSubject, input: ConsentInput, opts: { actor: audit.Actor; trx?: Kysely<Database> }): Promise<repo.ConsentRow> {
  const row = {
    id: newId('cns', ctx.clock.now().getTime()),
    workspace_id: subject.workspaceId,
    contact_id: subject.contactId ?? null,
    user_id: subject.userId ?? null,
    visitor_id: subject.visitorId ?? null,
    purpose: input.purpose,
    granted: input.granted ? 1 : 0,
    lawful_basis: input.lawfulBasis ?? (input.purpose === 'necessary' ? 'contract' : 'consent'),
    source: input.source,
    wording_version: input.wordingVersion ?? null,
    policy_version: input.policyVersion ?? null,
    ip_truncated: input.ipTruncated ?? null,
    user_agent: input.userAgent ?? null,
    recorded_by: input.recordedBy ?? null,
    created_at: ctx.clock.now().toISOString(),
  };
  const write = async (k: Kysely<Database>): Promise<void> => {
    // The latest row decides: two choices within one millisecond must still keep their order.
    const prev = await repo.latest(k, subject, input.purpose);
    if (prev && prev.created_at >= row.created_at) row.created_at = new Date(new Date(prev.created_at).getTime() + 1).toISOString();
    await repo.insertRecord(k, row);
    // A visitor id is the cookie itself, an identifier of the person once linked: the append-only log
    // (which no erasure can touch) names it by a keyed hash, still matchable by whoever holds the id.
    const target = subject.contactId ? { type: 'contact', id: subject.contactId } : subject.userId ? { type: 'user', id: subject.userId } : { type: 'visitor', id: hmacHex(ctx.secret, subject.visitorId ?? '') };
    await audit.record(ctx.db, ctx.clock, { actor: opts.actor, workspaceId: subject.workspaceId, action: input.granted ? 'consent.granted' : 'consent.withdrawn', target, details: { purpose: input.purpose, source: input.source, consent: row.id } }, k);
  };
  if (opts.trx) await write(opts.trx);
  else await ctx.db.k.transaction().execute(write);
  return row;
}

export type CurrentConsent = Record<ConsentPurpose, boolean>;

/** The state per purpose: necessary always; others granted only by their latest record. */
export async function currentConsent(ctx: AppContext, subject: repo.ConsentSubject, k: Kysely<Database> = ctx.db.k): Promise<CurrentConsent> {
  const out = { necessary: true, analytics: false, marketing: false, personalization: false, ads: false };
  for (const p of CONSENT_PURPOSES) {
    if (p === 'necessary') continue;
    out[p] = (await repo.latest(k, subject, p))?.granted === 1;
  }
  return out;
}

async function decide(k: Kysely<Database>, subject: repo.ConsentSubject, purpose: ConsentPurpose, channel: string): Promise<GateDecision['reason']> {
  const restricted = await repo.restrictedFlag(k, subject);
  if (restricted === null) return 'unknown_subject';
  if (restricted && (purpose !== 'necessary' || DISCLOSURE_CHANNELS.has(channel))) return 'restricted';
  if (purpose === 'necessary') return 'not_required';
  const last = await repo.latest(k, subject, purpose);
  // GPC is an opt-out of sale, sharing and ads that no later click or form undoes.
  if (purpose === 'ads' && (await repo.gpcOnRecord(k, subject))) return 'gpc';
  if (!last) return 'no_consent';
  return last.granted === 1 ? 'granted' : 'withdrawn';
}

/**
 * May this subject's data be processed for `purpose` over `channel` now? Pass the transaction
 * the caller is in (an SQLite connection is single: a second one would wait on the first).
 */
export async function canProcess(ctx: AppContext, subject: repo.ConsentSubject, purpose: ConsentPurpose, channel: string, k: Kysely<Database> = ctx.db.k): Promise<GateDecision> {
  const reason = await decide(k, subject, purpose, channel);
  const allowed = reason === 'granted' || reason === 'not_required';
  await repo.insertDecision(k, {
    id: newId('cgd', ctx.clock.now().getTime()),
    workspace_id: subject.workspaceId,
    contact_id: subject.contactId ?? null,
    user_id: subject.userId ?? null,
    visitor_id: subject.visitorId ?? null,
    purpose,
    channel: channel.slice(0, 50),
    allowed: allowed ? 1 : 0,
    reason,
    created_at: ctx.clock.now().toISOString(),
  });
  return { allowed, reason, purpose };
}

/** Withdraws every purpose that rests on consent (a withdraw_consent request), or only `ads` (opt-out of sale). */
export async function withdrawAll(ctx: AppContext, subject: repo.ConsentSubject, purposes: ConsentPurpose[], opts: { actor: audit.Actor; trx?: Kysely<Database> }): Promise<number> {
  let n = 0;
  for (const purpose of purposes) {
    if (purpose === 'necessary') continue;
    await recordConsent(ctx, subject, { purpose, granted: false, source: 'privacy_request' }, opts);
    n++;
  }
  return n;
}
