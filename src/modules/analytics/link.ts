/**
 * Visitor links (issue 5 item 4, issue 4 item 1): a consented visitor id tied to the account that
 * signed in with it (platform site) or to a workspace's contact, so that a data-subject request
 * finds the analytics events recorded under that id. Only ids the visitor allowed analytics for
 * are linked: linking an id whose holder refused analytics would identify someone who said no.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { VISITOR_ID } from '../privacy/consent-public.js';
import * as repo from './link-repo.js';
import { analyticsGranted } from './repo.js';

/** The first-party cookie the snippet keeps the visitor id in (only with analytics consent). */
export const VISITOR_COOKIE = 'kodepos_vid';

export interface VisitorLinkInput {
  /** Null: the platform's own site, where visitors link to accounts. */
  workspaceId: string | null;
  visitorId: string;
  /** Platform site only. */
  userId?: string | undefined;
  /** Workspace sites only. */
  contactId?: string | undefined;
}

/**
 * `linked`: the id is (now) linked to this person. The others change nothing:
 * `invalid_visitor` the id is not one the snippet mints; `no_consent` its latest analytics choice
 * on this site is not a grant (a grant on another site does not count); `linked_elsewhere` it is linked to someone else already (a shared browser: moving
 * the link would hand the first person's browsing to the second in an access export).
 */
export type LinkOutcome = 'linked' | 'invalid_visitor' | 'no_consent' | 'linked_elsewhere';

export async function linkVisitor(ctx: AppContext, input: VisitorLinkInput, trx?: Kysely<Database>): Promise<LinkOutcome> {
  const platform = input.workspaceId === null;
  // Accounts are the platform's subjects, contacts a workspace's: a link across would join two controllers' data.
  if (platform ? !input.userId || input.contactId : !input.contactId || input.userId) {
    throw new Error('linkVisitor: the platform site links accounts (userId), a workspace site links contacts (contactId)');
  }
  if (!VISITOR_ID.test(input.visitorId)) return 'invalid_visitor';
  const run = async (k: Kysely<Database>): Promise<LinkOutcome> => {
    // The same test ingestion applies to the id's events: the latest analytics choice made on this site.
    if (!(await analyticsGranted(k, input.workspaceId, input.visitorId))) return 'no_consent';
    await repo.lockVisitor(k, ctx.db.dialect, input.workspaceId, input.visitorId);
    const now = ctx.clock.now().toISOString();
    const link = platform ? { user_id: input.userId } : { contact_id: input.contactId };
    const found = await repo.findVisitor(k, input.workspaceId, input.visitorId);
    if (!found) {
      await repo.insertVisitor(k, { id: newId('avs'), workspace_id: input.workspaceId, visitor_id: input.visitorId, user_id: link.user_id ?? null, contact_id: link.contact_id ?? null, first_seen_at: now, linked_at: now });
      return 'linked';
    }
    const current = platform ? found.user_id : found.contact_id;
    if (current === (link.user_id ?? link.contact_id)) return 'linked';
    if (current !== null) return 'linked_elsewhere';
    await repo.setVisitorLink(k, found.id, { ...link, linked_at: now });
    return 'linked';
  };
  return trx ? run(trx) : ctx.db.k.transaction().execute(run);
}
