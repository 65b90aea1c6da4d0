import type { AppContext } from '../../context.js';
import { canProcess } from '../privacy/consent.js';
import { campaignLinks } from './send-mail.js';
import { verifyToken } from './send-links.js';
import * as sends from './send-repo.js';

/**
 * Opens and clicks. Only mails sent with the contact's analytics consent carry the pixel and the
 * rewritten links (`tracked` = 1); a hit on any other send records nothing. A click leads only to
 * a URL that was in the campaign: the link carries an index into the campaign's own links, never
 * a URL, so the redirect cannot be pointed anywhere else. Consent is asked again at each hit:
 * a contact who withdrew it after the mail went out is no longer counted.
 */
async function mayTrack(ctx: AppContext, send: sends.SendRow): Promise<boolean> {
  if (send.tracked !== 1) return false;
  return (await canProcess(ctx, { workspaceId: send.workspace_id, contactId: send.contact_id }, 'analytics', 'email_tracking')).allowed;
}

export async function recordOpen(ctx: AppContext, token: string): Promise<void> {
  const id = verifyToken(ctx.secret, 'track', token);
  if (!id) return;
  const send = await sends.findById(ctx.db.k, id);
  if (!send || send.opened_at || !(await mayTrack(ctx, send))) return;
  await sends.setTimeOnce(ctx.db.k, id, 'opened_at', ctx.clock.now().toISOString());
}

/** The campaign URL behind a click link, or null; records the click (and an open: images may be blocked). */
export async function recordClick(ctx: AppContext, token: string, index: number): Promise<string | null> {
  const id = verifyToken(ctx.secret, 'track', token);
  if (!id) return null;
  const send = await sends.findById(ctx.db.k, id);
  if (!send) return null;
  const campaign = await ctx.db.k.selectFrom('marketing_campaigns').select('html').where('workspace_id', '=', send.workspace_id).where('id', '=', send.campaign_id).executeTakeFirst();
  const url = campaign ? campaignLinks(campaign.html)[index] : undefined;
  if (!url) return null;
  if (!send.clicked_at && (await mayTrack(ctx, send))) {
    const at = ctx.clock.now().toISOString();
    await sends.setTimeOnce(ctx.db.k, id, 'clicked_at', at);
    await sends.setTimeOnce(ctx.db.k, id, 'opened_at', at);
  }
  return url;
}
