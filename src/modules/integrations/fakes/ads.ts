import { isObject, isSha256, startFake, type Answer, type Fake } from './common.js';

/**
 * GA4 Measurement Protocol, Meta Graph API and LinkedIn Marketing API fakes, each checking the
 * auth and body shapes its documentation gives, and keeping what it accepted.
 */

// ---- GA4 -----------------------------------------------------------------------------------------

export interface Ga4Fake extends Fake {
  /** Accepted /mp/collect bodies. */
  hits: Record<string, unknown>[];
}

export async function startGa4Fake(measurementId = 'G-FAKE123', apiSecret = 'mp-secret'): Promise<Ga4Fake> {
  const hits: Record<string, unknown>[] = [];
  const fake = await startFake((r) => {
    const debug = r.path === '/debug/mp/collect';
    if (r.method !== 'POST' || (r.path !== '/mp/collect' && !debug)) return { status: 404 };
    const messages: { fieldPath: string; description: string; validationCode: string }[] = [];
    const b = r.body;
    if (r.query.get('measurement_id') !== measurementId || r.query.get('api_secret') !== apiSecret) messages.push({ fieldPath: 'api_secret', description: 'Unknown measurement id or api secret', validationCode: 'VALUE_INVALID' });
    if (!isObject(b) || typeof b.client_id !== 'string' || !b.client_id) messages.push({ fieldPath: 'client_id', description: 'client_id is required', validationCode: 'VALUE_REQUIRED' });
    const events = isObject(b) && Array.isArray(b.events) ? b.events : null;
    if (!events || events.length === 0 || events.length > 25) messages.push({ fieldPath: 'events', description: '1 to 25 events', validationCode: 'VALUE_INVALID' });
    if (isObject(b) && b.consent !== undefined) {
      const c = b.consent;
      const ok = (v: unknown) => v === undefined || v === 'GRANTED' || v === 'DENIED';
      if (!isObject(c) || !ok(c.ad_user_data) || !ok(c.ad_personalization)) messages.push({ fieldPath: 'consent', description: 'GRANTED or DENIED', validationCode: 'VALUE_INVALID' });
    }
    if (debug) return { status: 200, body: { validationMessages: messages } };
    // The production endpoint answers 2xx whatever it is sent; invalid hits are dropped silently.
    if (messages.length === 0 && isObject(b)) hits.push(b);
    return { status: 204 };
  });
  return { ...fake, hits };
}

// ---- Meta ----------------------------------------------------------------------------------------

export interface MetaFake extends Fake {
  token: string;
  audienceId: string;
  pixelId: string;
  audience: Set<string>;
  events: Record<string, unknown>[];
}

const graphError = (status: number, message: string, type: string, code: number): Answer => ({ status, body: { error: { message, type, code, fbtrace_id: 'fake' } } });

export async function startMetaFake(token = 'meta-token', audienceId = '2384000001', pixelId = '990001'): Promise<MetaFake> {
  const audience = new Set<string>();
  const events: Record<string, unknown>[] = [];
  const fake = await startFake((r) => {
    const bearer = r.headers.authorization === `Bearer ${token}` || r.query.get('access_token') === token;
    if (!bearer) return graphError(401, 'Invalid OAuth access token.', 'OAuthException', 190);
    const m = /^\/v\d+\.\d+\/([^/]+)(\/users|\/events)?$/.exec(r.path);
    if (!m) return graphError(400, 'Unknown path', 'GraphMethodException', 100);
    const [, id, edge] = m;
    if (!edge && r.method === 'GET' && id === audienceId) return { status: 200, body: { id, name: 'Fake audience' } };
    if (edge === '/users' && id === audienceId && (r.method === 'POST' || r.method === 'DELETE')) {
      const payload = isObject(r.body) && isObject(r.body.payload) ? r.body.payload : null;
      const schema = payload?.schema;
      const data = payload?.data;
      const single = schema === 'EMAIL_SHA256' || (Array.isArray(schema) && schema.length === 1 && schema[0] === 'EMAIL_SHA256');
      const flat = Array.isArray(data) ? data.map((d) => (Array.isArray(d) ? (d[0] as unknown) : d)) : null;
      if (!single || !flat || flat.length === 0 || !flat.every(isSha256)) return graphError(400, 'Invalid parameter: payload must carry EMAIL_SHA256 hashes', 'OAuthException', 100);
      for (const h of flat as string[]) {
        if (r.method === 'POST') audience.add(h);
        else audience.delete(h);
      }
      return { status: 200, body: { audience_id: audienceId, num_received: flat.length, num_invalid_entries: 0, invalid_entry_samples: {} } };
    }
    if (edge === '/events' && id === pixelId && r.method === 'POST') {
      const data = isObject(r.body) && Array.isArray(r.body.data) ? r.body.data : null;
      const valid = data?.every((e) => isObject(e) && typeof e.event_name === 'string' && typeof e.event_time === 'number' && typeof e.action_source === 'string' && isObject(e.user_data) && Array.isArray(e.user_data.em) && e.user_data.em.every(isSha256));
      if (!data || !valid) return graphError(400, 'Invalid parameter', 'OAuthException', 100);
      events.push(...(data as Record<string, unknown>[]));
      return { status: 200, body: { events_received: data.length, messages: [], fbtrace_id: 'fake' } };
    }
    return graphError(400, 'Unsupported request', 'GraphMethodException', 100);
  });
  return { ...fake, token, audienceId, pixelId, audience, events };
}

// ---- LinkedIn ------------------------------------------------------------------------------------

export interface LinkedInFake extends Fake {
  token: string;
  segmentId: string;
  segment: Set<string>;
  conversions: Record<string, unknown>[];
}

const liError = (status: number, message: string, code: string): Answer => ({ status, body: { status, serviceErrorCode: 0, code, message } });

export async function startLinkedInFake(token = 'li-token', segmentId = '5001'): Promise<LinkedInFake> {
  const segment = new Set<string>();
  const conversions: Record<string, unknown>[] = [];
  const fake = await startFake((r) => {
    if (r.headers.authorization !== `Bearer ${token}`) return liError(401, 'Invalid access token', 'INVALID_ACCESS_TOKEN');
    const version = r.headers['linkedin-version'];
    if (typeof version !== 'string' || !/^\d{6}$/.test(version)) return liError(400, 'A version must be present. Please specify a version by adding the LinkedIn-Version header', 'VERSION_MISSING');
    if (r.path === `/rest/dmpSegments/${segmentId}` && r.method === 'GET') return { status: 200, body: { id: Number(segmentId), name: 'Fake segment' } };
    const batch = r.headers['x-restli-method'] === 'BATCH_CREATE';
    const elements = isObject(r.body) && Array.isArray(r.body.elements) ? r.body.elements : null;
    if (r.path === `/rest/dmpSegments/${segmentId}/users` && r.method === 'POST') {
      const ok = batch && elements?.every((e) => isObject(e) && (e.action === 'ADD' || e.action === 'REMOVE') && Array.isArray(e.userIds) && e.userIds.every((u) => isObject(u) && u.idType === 'SHA256_EMAIL' && isSha256(u.idValue)));
      if (!elements || !ok) return liError(400, 'Invalid elements', 'INVALID_VALUE');
      for (const e of elements as { action: string; userIds: { idValue: string }[] }[]) for (const u of e.userIds) {
          if (e.action === 'ADD') segment.add(u.idValue);
          else segment.delete(u.idValue);
        }
      return { status: 200, body: { elements: elements.map(() => ({ status: 201 })) } };
    }
    if (r.path === '/rest/conversionEvents' && r.method === 'POST') {
      const ok = batch && elements?.every((e) => isObject(e) && typeof e.conversion === 'string' && typeof e.conversionHappenedAt === 'number' && isObject(e.user) && Array.isArray(e.user.userIds));
      if (!elements || !ok) return liError(400, 'Invalid elements', 'INVALID_VALUE');
      conversions.push(...(elements as Record<string, unknown>[]));
      return { status: 200, body: { elements: elements.map(() => ({ status: 201 })) } };
    }
    return liError(404, 'Not found', 'NOT_FOUND');
  });
  return { ...fake, token, segmentId, segment, conversions };
}
