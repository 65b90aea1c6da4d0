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

export interface MailchimpFake extends Fake {
  apiKey: string;
  listId: string;
  members: Map<string, FakeMember>;
  permanentlyDeleted: string[];
}

const problem = (status: number, title: string, detail: string): Answer => ({ status, body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'fake' } });
const md5 = (s: string) => createHash('md5').update(s.toLowerCase()).digest('hex');

export async function startMailchimpFake(apiKey = 'fakekey0123456789-us21', listId = 'list1'): Promise<MailchimpFake> {
  const members = new Map<string, FakeMember>();
  const permanentlyDeleted: string[] = [];
  const expected = `Basic ${Buffer.from(`anystring:${apiKey}`).toString('base64')}`;
  const fake = await startFake((r) => {
    const auth = r.headers.authorization ?? '';
    const pass = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':').slice(1).join(':') : '';
    if (auth !== expected && pass !== apiKey) return problem(401, 'API Key Invalid', 'Your API key may be invalid, or you’ve attempted to access the wrong datacenter.');
    const p = r.path.replace(/^\/3\.0/, '');
    if (p === '/ping' && r.method === 'GET') return { status: 200, body: { health_status: "Everything's Chimpy!" } };
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
  return { ...fake, apiKey, listId, members, permanentlyDeleted };
}
