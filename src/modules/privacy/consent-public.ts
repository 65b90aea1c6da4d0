/**
 * Consent choices made on a public page (the banner, a form, the preference centre): who the
 * choice is about, which records it appends, and the state read back (API.md `/public/v1/consent`).
 *
 * Whose consent an anonymous caller may write:
 * - the visitor id it sends (or one minted for it): a random first-party id is the only thing a
 *   banner knows, and knowing it is the proof of holding it;
 * - the signed-in account, only when `email` is that account's own address (CSRF protection
 *   keeps cross-site writes from carrying the session cookie);
 * - a workspace's contact with that address, only for withdrawals. Anyone can type anyone's
 *   address, so a grant by email without proof would let a stranger opt a person in to marketing.
 *   A withdrawal can only reduce what is done with the data (the same as an unsubscribe link), so
 *   it is applied; grants stay on the visitor id until a verified path (a confirmed double opt-in)
 *   links them. Whether the address matched a contact is never revealed in the answer.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { randomToken } from '../../lib/crypto.js';
import type { UserRow } from '../accounts/repo.js';
import { linkVisitor } from '../analytics/link.js';
import type { Actor } from '../audit/service.js';
import * as governance from '../governance/service.js';
import { findWorkspace } from '../workspaces/repo.js';
import { recordConsent } from './consent.js';
import * as repo from './consent-repo.js';
import type { ConsentSource } from './tables.js';

/** The purposes a visitor chooses; `necessary` needs no choice. */
export const CHOICE_PURPOSES = ['analytics', 'marketing', 'personalization', 'ads'] as const;
export type ChoicePurpose = (typeof CHOICE_PURPOSES)[number];
export type Choices = Record<ChoicePurpose, boolean>;

/** A client-made visitor id: random, URL-safe, long enough not to be guessed. */
export const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface PublicChoice {
  visitorId?: string | undefined;
  email?: string | undefined;
  purposes: Choices;
  source: ConsentSource;
  policyVersion?: string | undefined;
  wordingVersion?: string | undefined;
  workspaceId?: string | undefined;
}

export interface RequestFacts {
  /** `Sec-GPC: 1` was sent: an opt-out of sale, sharing and ads that no click undoes. */
  gpc: boolean;
  ipTruncated: string | null;
  userAgent: string | null;
  user: UserRow | null;
}

export interface ChoiceAnswer {
  visitorId: string;
  purposes: Choices;
  updatedAt: string | null;
  gpc: boolean;
  /** The choice was also recorded on the signed-in caller's account. */
  linkedAccount: boolean;
}

const norm = (e: string): string => e.trim().toLowerCase();

/** Appends one record per purpose whose state changed (a first choice counts as a change). */
async function applyTo(ctx: AppContext, k: Kysely<Database>, subject: repo.ConsentSubject, wanted: Partial<Choices>, meta: Omit<Parameters<typeof recordConsent>[2], 'purpose' | 'granted'>, actor: Actor, gpc: boolean): Promise<void> {
  for (const purpose of CHOICE_PURPOSES) {
    const granted = wanted[purpose];
    if (granted === undefined) continue;
    const prev = await repo.latest(k, subject, purpose);
    if (prev && (prev.granted === 1) === granted) continue;
    // The ads opt-out came from the browser's privacy signal, not from the click: say so in the record.
    const source = purpose === 'ads' && gpc ? 'gpc' : meta.source;
    await recordConsent(ctx, subject, { ...meta, source, purpose, granted }, { actor, trx: k });
  }
}

async function stateOf(k: Kysely<Database>, subject: repo.ConsentSubject): Promise<{ purposes: Choices; updatedAt: string | null }> {
  const purposes: Choices = { analytics: false, marketing: false, personalization: false, ads: false };
  let updatedAt: string | null = null;
  for (const p of CHOICE_PURPOSES) {
    const last = await repo.latest(k, subject, p);
    purposes[p] = last?.granted === 1;
    if (last && (updatedAt === null || last.created_at > updatedAt)) updatedAt = last.created_at;
  }
  return { purposes, updatedAt };
}

export async function recordChoice(ctx: AppContext, input: PublicChoice, facts: RequestFacts): Promise<ChoiceAnswer> {
  const workspaceId = input.workspaceId ?? null;
  if (workspaceId && !(await findWorkspace(ctx.db.k, workspaceId))) throw notFound('Workspace');
  const visitorId = input.visitorId ?? randomToken(18);
  const wanted: Choices = { ...input.purposes, ads: facts.gpc ? false : input.purposes.ads };
  const policyVersion = input.policyVersion ?? (await governance.currentPolicy(ctx))?.version;
  const meta = { source: input.source, policyVersion, wordingVersion: input.wordingVersion, ipTruncated: facts.ipTruncated ?? undefined, userAgent: facts.userAgent ?? undefined };
  const ownAccount = !workspaceId && input.email !== undefined && facts.user !== null && norm(facts.user.email) === norm(input.email);
  const actor: Actor = ownAccount && facts.user ? { type: 'user', id: facts.user.id } : { type: 'subject', id: null };

  const state = await ctx.db.k.transaction().execute(async (k) => {
    const visitor = { workspaceId, visitorId };
    await applyTo(ctx, k, visitor, wanted, meta, actor, facts.gpc);
    if (ownAccount && facts.user) {
      await applyTo(ctx, k, { workspaceId: null, userId: facts.user.id }, wanted, meta, actor, facts.gpc);
      // The visitor and the account are both known here: link them, so a request about the account finds this id's events (only with analytics allowed).
      await linkVisitor(ctx, { workspaceId: null, visitorId, userId: facts.user.id }, k);
    }
    if (workspaceId && input.email) {
      const withdrawals = Object.fromEntries(CHOICE_PURPOSES.filter((p) => !wanted[p]).map((p) => [p, false])) as Partial<Choices>;
      const contacts = await k.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('email', '=', norm(input.email)).execute();
      for (const c of contacts) await applyTo(ctx, k, { workspaceId, contactId: c.id }, withdrawals, meta, actor, facts.gpc);
    }
    return stateOf(k, visitor);
  });
  return { visitorId, ...state, gpc: facts.gpc, linkedAccount: ownAccount };
}

/** The visitor's state, or the signed-in account's; with GPC on, ads reads as denied whatever was stored. */
export async function readChoice(ctx: AppContext, subject: repo.ConsentSubject, gpc: boolean): Promise<{ purposes: Choices; updatedAt: string | null; gpc: boolean }> {
  const state = await stateOf(ctx.db.k, subject);
  return { purposes: { ...state.purposes, ads: gpc ? false : state.purposes.ads }, updatedAt: state.updatedAt, gpc };
}
