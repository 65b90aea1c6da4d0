import type { AppContext } from '../../context.js';
import { HttpError, notFound } from '../../http/errors.js';
import { randomToken, safeEqual, sha256Hex } from '../../lib/crypto.js';
import type { OptOut } from './clients-email.js';
import { EMAIL_PROVIDERS, emailClient } from './connections.js';
import * as repo from './repo.js';
import { safeError } from './runs.js';
import { applyOptOut } from './sync-email.js';

/**
 * Inbound webhooks of Mailchimp and Brevo: opt-outs arrive the moment they happen instead of at
 * the next hourly pull. Each connection gets its own webhook at the provider, registered when it is
 * connected, with a fresh secret of which only a hash is kept: Mailchimp carries it in the URL it
 * calls (`?token=`, query values never reach a log line), Brevo as `Authorization: Bearer`.
 * Unsubscribes, hard bounces (Mailchimp "cleaned" with reason hard) and spam complaints
 * (Mailchimp "cleaned" with reason abuse, Brevo "spam") go through the same path as the pull
 * (sync-email.ts applyOptOut): suppression, consent withdrawal, audit, once. Soft bounces and
 * every other event are acknowledged and change nothing.
 */
export type InboundProvider = 'mailchimp' | 'brevo';

export const webhookPath = (provider: InboundProvider, connectionId: string): string => `/public/v1/integrations/${provider}/${connectionId}/webhook`;

const deleteQuietly = async (ctx: AppContext, conn: repo.ConnectionRow): Promise<void> => {
  if (!conn.webhook_id || !conn.secret) return;
  try {
    await emailClient(ctx, conn).deleteWebhook(conn.webhook_id);
  } catch (err) {
    // Already gone there, or the old credentials no longer work: the secret hash is dropped either
    // way, so whatever still calls is refused with a 401.
    ctx.log.warn({ provider: conn.provider, connectionId: conn.id, error: safeError(err) }, 'could not delete the old integration webhook');
  }
};

/**
 * Registers the connection's webhook (replacing any earlier one). A refusal does not undo the
 * connection, which still works by hourly pull: the reason is kept and shown on the settings page.
 */
export async function registerWebhook(ctx: AppContext, conn: repo.ConnectionRow, previous: repo.ConnectionRow | undefined): Promise<void> {
  if (!EMAIL_PROVIDERS.includes(conn.provider)) return;
  if (previous) await deleteQuietly(ctx, previous);
  const token = randomToken();
  // Kept before the call: Mailchimp checks the new URL with a GET while it registers it.
  await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { webhook_id: null, webhook_token_hash: sha256Hex(token), webhook_registered_at: null, webhook_error: null });
  try {
    const id = await emailClient(ctx, conn).registerWebhook({ url: `${ctx.config.baseUrl}${webhookPath(conn.provider as InboundProvider, conn.id)}`, token });
    await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { webhook_id: id, webhook_registered_at: ctx.clock.now().toISOString() });
  } catch (err) {
    await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { webhook_id: null, webhook_token_hash: null, webhook_registered_at: null, webhook_error: safeError(err) });
  }
}

/** On disconnect: the webhook goes at the provider (best effort) and its secret here (for certain). */
export async function unregisterWebhook(ctx: AppContext, conn: repo.ConnectionRow): Promise<void> {
  if (!EMAIL_PROVIDERS.includes(conn.provider)) return;
  await deleteQuietly(ctx, conn);
  await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { webhook_id: null, webhook_token_hash: null, webhook_registered_at: null });
}

/** The connection a call names, once its secret is right: unknown → 404, wrong or missing secret → 401. */
export async function authenticate(ctx: AppContext, provider: InboundProvider, connectionId: string, token: string | undefined): Promise<repo.ConnectionRow> {
  const conn = await repo.connectionForWebhook(ctx.db.k, connectionId);
  if (!conn || conn.provider !== provider || conn.status === 'disconnected') throw notFound('Integration');
  if (!conn.webhook_token_hash || !token || !safeEqual(sha256Hex(token), conn.webhook_token_hash)) throw new HttpError(401, 'invalid_webhook_token', 'The webhook secret is missing or wrong');
  return conn;
}

export interface InboundEvent {
  email: string | null;
  kind: OptOut['kind'] | null;
}

export interface InboundResult {
  received: number;
  applied: number;
  ignored: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Mailchimp's form fields: `type`, and `data[email]`, `data[reason]`, `data[list_id]`. */
export function mailchimpEvent(conn: repo.ConnectionRow, form: Record<string, string>): InboundEvent {
  const email = form['data[email]'] ?? null;
  // One connection, one audience: an event of another list (a webhook copied by hand) is not ours to apply.
  if (form['data[list_id]'] !== undefined && form['data[list_id]'] !== conn.audience_id) return { email, kind: null };
  if (form.type === 'unsubscribe') return { email, kind: 'unsubscribed' };
  if (form.type === 'cleaned') return { email, kind: form['data[reason]'] === 'abuse' ? 'complaint' : 'cleaned' };
  return { email, kind: null };
}

/**
 * Brevo's event names: the marketing webhook sends `unsubscribe`, `hard_bounce`, `soft_bounce`,
 * `spam`; a transactional webhook pointed here sends `unsubscribed` and the same bounce names.
 */
const BREVO_KINDS = new Map<string, OptOut['kind']>([
  ['unsubscribe', 'unsubscribed'],
  ['unsubscribed', 'unsubscribed'],
  ['hard_bounce', 'cleaned'],
  ['hardBounce', 'cleaned'],
  ['spam', 'complaint'],
  ['complaint', 'complaint'],
]);

export function brevoEvent(body: { event: string; email?: string | undefined }): InboundEvent {
  return { email: body.email ?? null, kind: BREVO_KINDS.get(body.event) ?? null };
}

/** Applies the events of one authenticated call and stamps the connection's last event time. */
export async function receive(ctx: AppContext, conn: repo.ConnectionRow, events: InboundEvent[]): Promise<InboundResult> {
  const out: InboundResult = { received: events.length, applied: 0, ignored: 0 };
  for (const e of events) {
    if (!e.kind || !e.email || !EMAIL.test(e.email.trim())) {
      out.ignored++;
      continue;
    }
    if (await applyOptOut(ctx, conn, { email: e.email.trim(), kind: e.kind }, 'webhook')) out.applied++;
  }
  await repo.updateConnection(ctx.db.k, conn.workspace_id, conn.id, { last_event_at: ctx.clock.now().toISOString() });
  return out;
}
