import { createHash } from 'node:crypto';
import { isObject, startFake, type Answer, type Fake } from './common.js';

/**
 * Mailchimp Marketing API 3.0 as documented: Basic auth with any user name and the API key as
 * password, errors as application/problem+json {type, title, status, detail, instance}, list
 * members keyed by the MD5 of the lower-cased email.
 */
export interface FakeMember {
  email_address: string;
  status: 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'archived';
  merge_fields: Record<string, string>;
  last_changed: string;
}

export interface FakeWebhook {
  id: string;
  url: string;
  events: Record<string, boolean>;
  sources: Record<string, boolean>;
}

export interface MailchimpFake extends Fake {
  apiKey: string;
  listId: string;
  members: Map<string, FakeMember>;
  permanentlyDeleted: string[];
  webhooks: Map<string, FakeWebhook>;
}

export interface MailchimpFakeOptions {
  apiKey?: string;
  listId?: string;
  /**
   * Mailchimp checks a new webhook URL with a GET and refuses the webhook unless it answers 2xx.
   * Given here as a function so a test can route that GET to an app that is not listening on a port.
   */
  checkWebhookUrl?: (url: string) => Promise<number>;
}

/** A webhook call as Mailchimp sends it: form-encoded, `type`, `fired_at` and `data[...]` fields. */
export function mailchimpWebhookBody(type: string, data: Record<string, string>, firedAt = '2026-11-28 10:00:00'): string {
  const form = new URLSearchParams({ type, fired_at: firedAt });
  for (const [k, v] of Object.entries(data)) form.set(`data[${k}]`, v);
  return form.toString();
}

const WEBHOOK_EVENTS = ['subscribe', 'unsubscribe', 'profile', 'cleaned', 'upemail', 'campaign'];
const WEBHOOK_SOURCES = ['user', 'admin', 'api'];
const flags = (x: unknown, keys: string[]): x is Record<string, boolean> => isObject(x) && Object.entries(x).every(([k, v]) => keys.includes(k) && typeof v === 'boolean');

const problem = (status: number, title: string, detail: string): Answer => ({ status, body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'fake' } });
const md5 = (s: string) => createHash('md5').update(s.toLowerCase()).digest('hex');

export async function startMailchimpFake(opts: MailchimpFakeOptions = {}): Promise<MailchimpFake> {
  const apiKey = opts.apiKey ?? 'fakekey0123456789-us21';
  const listId = opts.listId ?? 'list1';
  const webhooks = new Map<string, FakeWebhook>();
  let nextWebhook = 1;
  const members = new Map<string, FakeMember>();
  const permanentlyDeleted: string[] = [];
  const expected = `Basic ${Buffer.from(`anystring:${apiKey}`).toString('base64')}`;
  const fake = await startFake(async (r) => {
    const auth = r.headers.authorization ?? '';
    const pass = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':').slice(1).join(':') : '';
    if (auth !== expected && pass !== apiKey) return problem(401, 'API Key Invalid', 'Your API key may be invalid, or you’ve attempted to access the wrong datacenter.');
    const p = r.path.replace(/^\/3\.0/, '');
    if (p === '/ping' && r.method === 'GET') return { status: 200, body: { health_status: "Everything's Chimpy!" } };
    const wh = /^\/lists\/([^/]+)\/webhooks(?:\/([^/]+))?$/.exec(p);
    if (wh) {
      if (wh[1] !== listId) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
      if (wh[2]) {
        if (r.method !== 'DELETE') return problem(405, 'Method Not Allowed', 'not allowed');
        if (!webhooks.delete(wh[2])) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
        return { status: 204 };
      }
      if (r.method !== 'POST') return problem(405, 'Method Not Allowed', 'not allowed');
      const b = r.body;
      const url = isObject(b) && typeof b.url === 'string' && URL.canParse(b.url) ? new URL(b.url) : null;
      if (!isObject(b) || !url || !/^https?:$/.test(url.protocol) || (b.events !== undefined && !flags(b.events, WEBHOOK_EVENTS)) || (b.sources !== undefined && !flags(b.sources, WEBHOOK_SOURCES))) return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.');
      if ([...webhooks.values()].some((w) => w.url === url.toString())) return problem(400, 'Invalid Resource', 'Sorry, you can\'t use the same webhook URL twice.');
      if (opts.checkWebhookUrl) {
        const status = await opts.checkWebhookUrl(url.toString()).catch(() => 0);
        if (status < 200 || status >= 300) return problem(400, 'Invalid Resource', `The resource submitted could not be validated. (url: we could not validate the URL, it answered ${status})`);
      }
      const w: FakeWebhook = { id: `wh${nextWebhook++}`, url: url.toString(), events: b.events ?? {}, sources: b.sources ?? {} };
      webhooks.set(w.id, w);
      return { status: 200, body: { ...w, list_id: listId } };
    }
    const m = /^\/lists\/([^/]+)(?:\/members(?:\/([0-9a-f]{32})(\/actions\/delete-permanent)?)?)?$/.exec(p);
    if (!m) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    if (m[1] !== listId) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    const hash = m[2];
    if (!p.includes('/members')) return { status: 200, body: { id: listId, name: 'Fake list' } };
    if (!hash) {
      if (r.method !== 'GET') return problem(405, 'Method Not Allowed', 'not allowed');
      const status = r.query.get('status');
      const since = r.query.get('since_last_changed');
      const count = Number(r.query.get('count') ?? '10');
      const offset = Number(r.query.get('offset') ?? '0');
      const all = [...members.values()].filter((x) => (!status || x.status === status) && (!since || x.last_changed > since));
      return { status: 200, body: { members: all.slice(offset, offset + count), total_items: all.length } };
    }
    if (m[3]) {
      if (r.method !== 'POST') return problem(405, 'Method Not Allowed', 'not allowed');
      if (!members.delete(hash)) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
      permanentlyDeleted.push(hash);
      return { status: 204 };
    }
    const existing = members.get(hash);
    if (r.method === 'PUT') {
      const b = r.body;
      if (!isObject(b) || typeof b.email_address !== 'string' || md5(b.email_address) !== hash) return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.');
      const status = (existing ? b.status : (b.status_if_new ?? b.status)) as FakeMember['status'] | undefined;
      if (!status || !['subscribed', 'unsubscribed', 'cleaned', 'pending'].includes(status)) return problem(400, 'Invalid Resource', 'status is required');
      const member: FakeMember = { email_address: b.email_address, status, merge_fields: isObject(b.merge_fields) ? (b.merge_fields as Record<string, string>) : {}, last_changed: new Date().toISOString() };
      // Mailchimp does not resubscribe a cleaned address.
      if (existing?.status === 'cleaned') return problem(400, 'Member In Compliance State', 'The contact is in a compliance state.');
      members.set(hash, member);
      return { status: 200, body: { id: hash, ...member } };
    }
    if (!existing) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    if (r.method === 'PATCH') {
      if (!isObject(r.body) || typeof r.body.status !== 'string') return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.');
      existing.status = r.body.status as FakeMember['status'];
      existing.last_changed = new Date().toISOString();
      return { status: 200, body: { id: hash, ...existing } };
    }
    if (r.method === 'DELETE') {
      existing.status = 'archived';
      return { status: 204 };
    }
    if (r.method === 'GET') return { status: 200, body: { id: hash, ...existing } };
    return problem(405, 'Method Not Allowed', 'not allowed');
  }, { prefix: '/3.0', contentType: 'application/problem+json' });
  return { ...fake, apiKey, listId, members, permanentlyDeleted, webhooks };
}
