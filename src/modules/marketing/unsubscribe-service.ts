import type { AppContext } from '../../context.js';
import * as audit from '../audit/service.js';
import { recordConsent } from '../privacy/consent.js';
import * as consentRepo from '../privacy/consent-repo.js';
import { verifyToken } from './send-links.js';
import * as sends from './send-repo.js';
import { TOPICS } from './send-batch.js';
import { liftUnsubscribe, suppress } from './suppression.js';

/**
 * One-click unsubscribe (RFC 8058) and the preference centre. The link names one send row, signed;
 * no login. Unsubscribing records a marketing consent withdrawal (source `unsubscribe`) and an
 * `unsubscribe` suppression that every later marketing send honours.
 */
export interface Meta {
  ipTruncated?: string | undefined;
  userAgent?: string | undefined;
}

export interface LinkTarget {
  send: sends.SendRow;
  email: string;
  locale: string | null;
  workspaceName: string;
}

/** The send and contact behind a link, or null (bad signature, or the contact was erased since). */
export async function resolve(ctx: AppContext, token: string): Promise<LinkTarget | null> {
  const id = verifyToken(ctx.secret, 'unsubscribe', token);
  if (!id) return null;
  const send = await sends.findById(ctx.db.k, id);
  if (!send) return null;
  const contact = await ctx.db.k.selectFrom('contacts').select(['email', 'locale']).where('workspace_id', '=', send.workspace_id).where('id', '=', send.contact_id).executeTakeFirst();
  const ws = await ctx.db.k.selectFrom('workspaces').select('name').where('id', '=', send.workspace_id).executeTakeFirst();
  const email = send.email ?? contact?.email;
  if (!email) return null;
  return { send, email, locale: contact?.locale ?? null, workspaceName: ws?.name ?? 'Kodepos' };
}

/** Idempotent: a second POST (mail clients retry) changes nothing and still answers "unsubscribed". */
export async function unsubscribe(ctx: AppContext, t: LinkTarget, meta: Meta): Promise<void> {
  const { send } = t;
  const subject = { workspaceId: send.workspace_id, contactId: send.contact_id };
  const now = ctx.clock.now().toISOString();
  const actor: audit.Actor = { type: 'subject', id: send.contact_id };
  await ctx.db.k.transaction().execute(async (trx) => {
    const last = await consentRepo.latest(trx, subject, 'marketing');
    if (!last || last.granted === 1) await recordConsent(ctx, subject, { purpose: 'marketing', granted: false, source: 'unsubscribe', wordingVersion: 'email:unsubscribe', ...meta }, { actor, trx });
    await suppress(trx, send.workspace_id, t.email, 'unsubscribe', now);
    await sends.setTimeOnce(trx, send.id, 'unsubscribed_at', now);
  });
}

export interface Preferences {
  productUpdates: boolean;
  promotions: boolean;
}

/** The current switches: a category is on when marketing consent stands and that category was not switched off. */
export async function preferences(ctx: AppContext, t: LinkTarget): Promise<Preferences> {
  const subject = { workspaceId: t.send.workspace_id, contactId: t.send.contact_id };
  const overall = (await consentRepo.latest(ctx.db.k, subject, 'marketing'))?.granted === 1;
  const topic = async (wording: string): Promise<boolean> => overall && (await consentRepo.latest(ctx.db.k, subject, 'marketing', wording))?.granted !== 0;
  return { productUpdates: await topic(TOPICS.product_update), promotions: await topic(TOPICS.promotion) };
}

/**
 * Saves the switches: one record per category, then the overall marketing consent (granted when
 * any category is on), written last so it is the latest one the gate reads. Switching a category
 * on is the person's own fresh choice, so it lifts their earlier unsubscribe; all off is an
 * unsubscribe.
 */
export async function setPreferences(ctx: AppContext, t: LinkTarget, prefs: Preferences, meta: Meta): Promise<Preferences> {
  const subject = { workspaceId: t.send.workspace_id, contactId: t.send.contact_id };
  const actor: audit.Actor = { type: 'subject', id: t.send.contact_id };
  const any = prefs.productUpdates || prefs.promotions;
  const now = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    for (const [granted, wording] of [[prefs.productUpdates, TOPICS.product_update], [prefs.promotions, TOPICS.promotion]] as const) {
      await recordConsent(ctx, subject, { purpose: 'marketing', granted, source: 'preference_centre', wordingVersion: wording, ...meta }, { actor, trx });
    }
    await recordConsent(ctx, subject, { purpose: 'marketing', granted: any, source: 'preference_centre', wordingVersion: 'email:preferences', ...meta }, { actor, trx });
    if (any) await liftUnsubscribe(trx, t.send.workspace_id, t.email);
    else await suppress(trx, t.send.workspace_id, t.email, 'unsubscribe', now);
  });
  return preferences(ctx, t);
}
