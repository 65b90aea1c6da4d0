import { isObject, startFake, type Answer, type Fake } from './common.js';

/**
 * Brevo API v3 as documented: the `api-key` header, errors as {code, message}, POST /contacts with
 * updateEnabled (201 {id} when created, 204 when updated), GET /contacts?modifiedSince,
 * DELETE /contacts/{identifier} with identifierType.
 */
export interface FakeContact {
  id: number;
  email: string;
  attributes: Record<string, unknown>;
  listIds: number[];
  listUnsubscribed: number[];
  emailBlacklisted: boolean;
  modifiedAt: string;
}

export interface BrevoFake extends Fake {
  apiKey: string;
  listId: number;
  contacts: Map<number, FakeContact>;
  deleted: number[];
}

const err = (status: number, code: string, message: string): Answer => ({ status, body: { code, message } });

export async function startBrevoFake(apiKey = 'xkeysib-fake', listId = 7): Promise<BrevoFake> {
  const contacts = new Map<number, FakeContact>();
  const deleted: number[] = [];
  let nextId = 1;
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
  return { ...fake, apiKey, listId, contacts, deleted };
}
