import { isObject, startFake, type Answer, type Fake } from './common.js';

/**
 * Brevo API v3 as documented: the `api-key` header, errors as {code, message}, POST /contacts with
 * updateEnabled (201 {id} when created, 204 when updated), GET /contacts?modifiedSince,
 * DELETE /contacts/{identifier} with identifierType, GET /contacts/{identifier}/campaignStats,
 * POST and DELETE /webhooks (events by their camelCase names, `auth` {type bearer|basic, token}).
 */
export interface FakeContact {
  id: number;
  email: string;
  attributes: Record<string, unknown>;
  listIds: number[];
  listUnsubscribed: number[];
  emailBlacklisted: boolean;
  modifiedAt: string;
  /** Campaign events the contact caused, as campaignStats lists them. */
  stats?: { hardBounces?: CampaignEvent[]; softBounces?: CampaignEvent[]; complaints?: CampaignEvent[] };
}

export interface CampaignEvent {
  campaignId: number;
  eventTime: string;
}

export interface FakeBrevoWebhook {
  id: number;
  url: string;
  type: string;
  events: string[];
  auth: { type: string; token: string } | null;
}

const MARKETING_EVENTS = ['spam', 'opened', 'click', 'hardBounce', 'softBounce', 'unsubscribed', 'listAddition', 'delivered', 'contactUpdated', 'contactDeleted'];
const TRANSACTIONAL_EVENTS = ['sent', 'request', 'delivered', 'hardBounce', 'softBounce', 'blocked', 'spam', 'invalid', 'deferred', 'click', 'opened', 'uniqueOpened', 'unsubscribed'];

export interface BrevoFake extends Fake {
  apiKey: string;
  listId: number;
  contacts: Map<number, FakeContact>;
  deleted: number[];
  webhooks: Map<number, FakeBrevoWebhook>;
}

const err = (status: number, code: string, message: string): Answer => ({ status, body: { code, message } });

export async function startBrevoFake(apiKey = 'xkeysib-fake', listId = 7): Promise<BrevoFake> {
  const contacts = new Map<number, FakeContact>();
  const deleted: number[] = [];
  const webhooks = new Map<number, FakeBrevoWebhook>();
  let nextId = 1;
  let nextWebhook = 1;
  const find = (identifier: string, type: string | null): FakeContact | undefined => {
    if (type === 'contact_id') return contacts.get(Number(identifier));
    return [...contacts.values()].find((c) => c.email === identifier.toLowerCase());
  };
  const fake = await startFake((r) => {
    if (r.headers['api-key'] !== apiKey) return err(401, 'unauthorized', 'Key not found');
    const p = r.path.replace(/^\/v3/, '');
    if (p === '/account' && r.method === 'GET') return { status: 200, body: { email: 'owner@fake', companyName: 'Fake' } };
    if (p === `/contacts/lists/${listId}` && r.method === 'GET') return { status: 200, body: { id: listId, name: 'Fake list' } };
    if (p.startsWith('/contacts/lists/')) return err(404, 'document_not_found', 'List ID does not exist');
    if (p === '/webhooks' && r.method === 'POST') {
      const b = r.body;
      if (!isObject(b) || typeof b.url !== 'string' || !URL.canParse(b.url)) return err(400, 'invalid_parameter', 'url is not valid');
      const type = b.type === undefined ? 'transactional' : b.type;
      const allowed = type === 'marketing' ? MARKETING_EVENTS : type === 'transactional' ? TRANSACTIONAL_EVENTS : null;
      if (!allowed || typeof type !== 'string') return err(400, 'invalid_parameter', 'type is not valid');
      if (!Array.isArray(b.events) || b.events.length === 0 || !b.events.every((e) => typeof e === 'string' && allowed.includes(e))) return err(400, 'invalid_parameter', 'events are not valid');
      const auth = b.auth === undefined ? null : b.auth;
      if (auth !== null && (!isObject(auth) || (auth.type !== 'bearer' && auth.type !== 'basic') || typeof auth.token !== 'string' || !auth.token)) return err(400, 'invalid_parameter', 'auth is not valid');
      const w: FakeBrevoWebhook = { id: nextWebhook++, url: b.url, type, events: b.events as string[], auth: auth ? { type: String(auth.type), token: String(auth.token) } : null };
      webhooks.set(w.id, w);
      return { status: 201, body: { id: w.id } };
    }
    const wh = /^\/webhooks\/(\d+)$/.exec(p);
    if (wh) {
      if (r.method !== 'DELETE') return err(405, 'method_not_allowed', 'Method not allowed');
      if (!webhooks.delete(Number(wh[1]))) return err(404, 'document_not_found', 'Webhook does not exist');
      return { status: 204 };
    }
    const stats = /^\/contacts\/([^/]+)\/campaignStats$/.exec(p);
    if (stats?.[1] && r.method === 'GET') {
      const id = decodeURIComponent(stats[1]);
      const c = find(id, /^\d+$/.test(id) ? 'contact_id' : 'email_id');
      if (!c) return err(404, 'document_not_found', 'Contact does not exist');
      return { status: 200, body: { messagesSent: [], hardBounces: c.stats?.hardBounces ?? [], softBounces: c.stats?.softBounces ?? [], complaints: c.stats?.complaints ?? [], unsubscriptions: { userUnsubscription: [], adminUnsubscription: [] }, opened: [], clicked: [] } };
    }
    if (p === '/contacts' && r.method === 'POST') {
      const b = r.body;
      if (!isObject(b) || typeof b.email !== 'string' || !b.email.includes('@')) return err(400, 'invalid_parameter', 'Invalid email address');
      if (b.listIds !== undefined && (!Array.isArray(b.listIds) || b.listIds.some((x) => typeof x !== 'number'))) return err(400, 'invalid_parameter', 'listIds should be an array of integers');
      const existing = find(b.email, 'email_id');
      const lists = (b.listIds as number[] | undefined) ?? [];
      const attributes = isObject(b.attributes) ? b.attributes : {};
      if (existing) {
        if (b.updateEnabled !== true) return err(400, 'duplicate_parameter', 'Contact already exist');
        existing.listIds = [...new Set([...existing.listIds, ...lists])];
        existing.attributes = { ...existing.attributes, ...attributes };
        existing.modifiedAt = new Date().toISOString();
        return { status: 204 };
      }
      const c: FakeContact = { id: nextId++, email: b.email.toLowerCase(), attributes, listIds: lists, listUnsubscribed: [], emailBlacklisted: false, modifiedAt: new Date().toISOString() };
      contacts.set(c.id, c);
      return { status: 201, body: { id: c.id } };
    }
    if (p === '/contacts' && r.method === 'GET') {
      const since = r.query.get('modifiedSince');
      const limit = Number(r.query.get('limit') ?? '50');
      if (limit > 1000) return err(400, 'out_of_range', 'limit exceeds 1000');
      const offset = Number(r.query.get('offset') ?? '0');
      const all = [...contacts.values()].filter((c) => !since || c.modifiedAt > since);
      return { status: 200, body: { contacts: all.slice(offset, offset + limit), count: all.length } };
    }
    const m = /^\/contacts\/([^/]+)$/.exec(p);
    if (!m?.[1]) return err(404, 'document_not_found', 'Not found');
    const c = find(decodeURIComponent(m[1]), r.query.get('identifierType'));
    if (!c) return err(404, 'document_not_found', 'Contact does not exist');
    if (r.method === 'GET') return { status: 200, body: c };
    if (r.method === 'DELETE') {
      contacts.delete(c.id);
      deleted.push(c.id);
      return { status: 204 };
    }
    if (r.method === 'PUT') {
      const b = r.body;
      if (!isObject(b)) return err(400, 'invalid_parameter', 'Invalid body');
      if (Array.isArray(b.unlinkListIds)) c.listIds = c.listIds.filter((x) => !(b.unlinkListIds as number[]).includes(x));
      c.modifiedAt = new Date().toISOString();
      return { status: 204 };
    }
    return err(405, 'method_not_allowed', 'Method not allowed');
  }, { prefix: '/v3' });
  return { ...fake, apiKey, listId, contacts, deleted, webhooks };
}
