import { mailchimpHash, normaliseEmail } from './hashing.js';
import { requestJson, type HttpOptions } from './http-client.js';

/**
 * Email marketing tools: Mailchimp Marketing API 3.0 and Brevo API v3, against a configurable base
 * URL (the real hosts by default, the local fakes in tests).
 */
export interface EmailMember {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

export interface OptOut {
  email: string;
  /** unsubscribed, cleaned (hard bounce, address gone) or complaint (reported as spam). */
  kind: 'unsubscribed' | 'cleaned' | 'complaint';
  changedAt: string;
}

/** Where the provider is to call us, and the secret it is to present (in the URL for Mailchimp, as a Bearer token for Brevo). */
export interface WebhookTarget {
  url: string;
  token: string;
}

export interface EmailClient {
  /** A harmless authenticated call that also checks the list exists. */
  test(): Promise<void>;
  /** Subscribes or updates; returns the provider's member id. */
  upsert(member: EmailMember): Promise<string>;
  /** Marks a member unsubscribed at the provider (consent withdrawn or suppressed here). */
  unsubscribe(remoteId: string, email: string | null): Promise<void>;
  /** Removes a member from the list, keeping nothing active (restriction). */
  archive(remoteId: string): Promise<void>;
  /** Deletes the member and its data for good (erasure). */
  erase(remoteId: string): Promise<void>;
  /** Opt-outs changed since a time (the way back). */
  optOutsSince(since: string | null): Promise<OptOut[]>;
  /** Registers our inbound webhook for opt-outs; returns the provider's webhook id. */
  registerWebhook(target: WebhookTarget): Promise<string>;
  deleteWebhook(id: string): Promise<void>;
}

type Opts = Pick<HttpOptions, 'sleep' | 'backoffMs' | 'attempts'>;

// ---- Mailchimp -----------------------------------------------------------------------------------

export interface MailchimpConfig {
  apiKey: string;
  listId: string;
  /** Default https://<dc>.api.mailchimp.com/3.0, the data centre being the key's suffix after "-". */
  baseUrl?: string | undefined;
}

export function mailchimpBaseUrl(apiKey: string): string {
  const dc = /-([a-z]+\d+)$/.exec(apiKey)?.[1];
  if (!dc) throw new Error('a Mailchimp API key ends in -<data centre>, e.g. -us21');
  return `https://${dc}.api.mailchimp.com/3.0`;
}

const PAGE = 1000;

export function mailchimpClient(cfg: MailchimpConfig, opts: Opts = {}): EmailClient {
  const base = (cfg.baseUrl ?? mailchimpBaseUrl(cfg.apiKey)).replace(/\/$/, '');
  const headers = { Authorization: `Basic ${Buffer.from(`anystring:${cfg.apiKey}`).toString('base64')}` };
  const list = `${base}/lists/${encodeURIComponent(cfg.listId)}`;
  const call = <T>(method: string, url: string, body?: unknown) => requestJson<T>(method, url, headers, body, { provider: 'mailchimp', ...opts });
  return {
    async test() {
      await call('GET', `${base}/ping`);
      await call('GET', `${list}?fields=id,name`);
    },
    async upsert(m) {
      const hash = mailchimpHash(m.email);
      // PUT is "add or update": status_if_new applies to a new member, status to an existing one.
      await call('PUT', `${list}/members/${hash}`, {
        email_address: normaliseEmail(m.email),
        status_if_new: 'subscribed',
        status: 'subscribed',
        merge_fields: { FNAME: m.firstName ?? '', LNAME: m.lastName ?? '' },
      });
      return hash;
    },
    async unsubscribe(hash) {
      await call('PATCH', `${list}/members/${hash}`, { status: 'unsubscribed' });
    },
    async archive(hash) {
      await call('DELETE', `${list}/members/${hash}`);
    },
    async erase(hash) {
      await call('POST', `${list}/members/${hash}/actions/delete-permanent`);
    },
    async optOutsSince(since) {
      const out: OptOut[] = [];
      for (const status of ['unsubscribed', 'cleaned'] as const) {
        for (let offset = 0; ; offset += PAGE) {
          const q = new URLSearchParams({ status, count: String(PAGE), offset: String(offset), fields: 'members.email_address,members.status,members.last_changed,total_items' });
          if (since) q.set('since_last_changed', since);
          const r = await call<{ members?: { email_address: string; last_changed: string }[]; total_items?: number }>('GET', `${list}/members?${q.toString()}`);
          const members = r.body.members ?? [];
          for (const x of members) out.push({ email: x.email_address, kind: status, changedAt: x.last_changed });
          if (members.length < PAGE) break;
        }
      }
      return out;
    },
    async registerWebhook(target) {
      // Mailchimp presents no credentials of its own: the secret rides in the URL it calls, which it
      // first checks with a GET. Changes we make through the API are not sent back (sources.api).
      const url = new URL(target.url);
      url.searchParams.set('token', target.token);
      const r = await call<{ id: string }>('POST', `${list}/webhooks`, {
        url: url.toString(),
        events: { subscribe: false, unsubscribe: true, profile: false, cleaned: true, upemail: false, campaign: false },
        sources: { user: true, admin: true, api: false },
      });
      return r.body.id;
    },
    async deleteWebhook(id) {
      await call('DELETE', `${list}/webhooks/${encodeURIComponent(id)}`);
    },
  };
}

// ---- Brevo ---------------------------------------------------------------------------------------

export interface BrevoConfig {
  apiKey: string;
  listId: number;
  /** Default https://api.brevo.com/v3 */
  baseUrl?: string | undefined;
}

export function brevoClient(cfg: BrevoConfig, opts: Opts = {}): EmailClient {
  const base = (cfg.baseUrl ?? 'https://api.brevo.com/v3').replace(/\/$/, '');
  const headers = { 'api-key': cfg.apiKey };
  const call = <T>(method: string, url: string, body?: unknown) => requestJson<T>(method, url, headers, body, { provider: 'brevo', ...opts });
  const byId = (id: string) => `${base}/contacts/${encodeURIComponent(id)}?identifierType=contact_id`;
  /**
   * Brevo blocklists an address on an unsubscribe, a hard bounce and a spam complaint alike; the
   * contact's campaign statistics (the last 90 days by default) say which it was. A hard bounce or
   * a complaint stops every mail, an unsubscribe marketing only, so the difference matters here.
   */
  const blocklistKind = async (email: string): Promise<OptOut['kind']> => {
    type Events = { campaignId?: number; eventTime?: string }[] | undefined;
    const r = await call<{ hardBounces?: Events; complaints?: Events }>('GET', `${base}/contacts/${encodeURIComponent(normaliseEmail(email))}/campaignStats`);
    if ((r.body.complaints ?? []).length > 0) return 'complaint';
    if ((r.body.hardBounces ?? []).length > 0) return 'cleaned';
    return 'unsubscribed';
  };
  return {
    async test() {
      await call('GET', `${base}/account`);
      await call('GET', `${base}/contacts/lists/${cfg.listId}`);
    },
    async upsert(m) {
      const email = normaliseEmail(m.email);
      const r = await call<{ id?: number } | null>('POST', `${base}/contacts`, { email, attributes: { FIRSTNAME: m.firstName ?? '', LASTNAME: m.lastName ?? '' }, listIds: [cfg.listId], updateEnabled: true });
      if (r.body && typeof r.body.id === 'number') return String(r.body.id);
      // 204: an existing contact was updated, and Brevo answers without its id.
      const existing = await call<{ id: number }>('GET', `${base}/contacts/${encodeURIComponent(email)}?identifierType=email_id`);
      return String(existing.body.id);
    },
    async unsubscribe(id) {
      await call('PUT', byId(id), { unlinkListIds: [cfg.listId] });
    },
    async archive(id) {
      await call('PUT', byId(id), { unlinkListIds: [cfg.listId] });
    },
    async erase(id) {
      await call('DELETE', byId(id));
    },
    async optOutsSince(since) {
      const out: OptOut[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
        if (since) q.set('modifiedSince', since);
        const r = await call<{ contacts?: { email: string; emailBlacklisted?: boolean; listUnsubscribed?: number[] | null; modifiedAt: string }[] }>('GET', `${base}/contacts?${q.toString()}`);
        const contacts = r.body.contacts ?? [];
        for (const c of contacts) {
          if (c.emailBlacklisted === true) out.push({ email: c.email, kind: await blocklistKind(c.email), changedAt: c.modifiedAt });
          else if ((c.listUnsubscribed ?? []).includes(cfg.listId)) out.push({ email: c.email, kind: 'unsubscribed', changedAt: c.modifiedAt });
        }
        if (contacts.length < PAGE) break;
      }
      return out;
    },
    async registerWebhook(target) {
      // Marketing events of the account; Brevo sends `Authorization: Bearer <token>` with each call.
      // A soft bounce is registered too: it shows the webhook is alive, and suppresses nothing.
      const r = await call<{ id: number }>('POST', `${base}/webhooks`, {
        url: target.url,
        description: 'Kodepos: unsubscribes, bounces and spam complaints',
        type: 'marketing',
        events: ['unsubscribed', 'hardBounce', 'softBounce', 'spam'],
        auth: { type: 'bearer', token: target.token },
      });
      return String(r.body.id);
    },
    async deleteWebhook(id) {
      await call('DELETE', `${base}/webhooks/${encodeURIComponent(id)}`);
    },
  };
}
