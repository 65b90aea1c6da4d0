import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ga4Client, linkedinClient, metaClient } from './clients-ads.js';
import { brevoClient, mailchimpBaseUrl, mailchimpClient } from './clients-email.js';
import { startGa4Fake, startLinkedInFake, startMetaFake, type Ga4Fake, type LinkedInFake, type MetaFake } from './fakes/ads.js';
import { startBrevoFake, type BrevoFake, type FakeContact } from './fakes/brevo.js';
import { startMailchimpFake, type MailchimpFake } from './fakes/mailchimp.js';
import { emailSha256, mailchimpHash, normaliseEmail } from './hashing.js';
import { ProviderError, requestJson } from './http-client.js';

/** Hashing vectors, and the clients against the fakes: auth, shapes, retries on 429/5xx, clear 4xx errors. */

describe('email normalisation and hashing', () => {
  it('trims and lower-cases, nothing else (no Gmail dot or plus rule)', () => {
    expect(normaliseEmail('  Test@Example.COM \n')).toBe('test@example.com');
    expect(normaliseEmail('First.Last+tag@Gmail.com')).toBe('first.last+tag@gmail.com');
  });
  it('matches known SHA-256 and MD5 vectors (sha256sum and md5sum of "test@example.com")', () => {
    expect(emailSha256(' TEST@example.com')).toBe('973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b');
    expect(mailchimpHash('Test@Example.com')).toBe('55502f40dc8b7c769880b10874abc9d0');
  });
  it('derives the Mailchimp data-centre host from the key', () => {
    expect(mailchimpBaseUrl('0123abcd-us21')).toBe('https://us21.api.mailchimp.com/3.0');
    expect(() => mailchimpBaseUrl('nodatacentre')).toThrow(/data centre/);
  });
});

describe('provider clients against the fakes', () => {
  let mc: MailchimpFake;
  let brevo: BrevoFake;
  let meta: MetaFake;
  let li: LinkedInFake;
  let ga: Ga4Fake;
  const waits: number[] = [];
  const opts = { sleep: (ms: number) => (waits.push(ms), Promise.resolve()) };
  beforeAll(async () => {
    [mc, brevo, meta, li, ga] = await Promise.all([startMailchimpFake(), startBrevoFake(), startMetaFake(), startLinkedInFake(), startGa4Fake()]);
  });
  afterAll(async () => {
    await Promise.all([mc.close(), brevo.close(), meta.close(), li.close(), ga.close()]);
  });

  it('Mailchimp: Basic anystring:key, PUT by subscriber hash, 429 with Retry-After retried after the time it names', async () => {
    const client = mailchimpClient({ apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.url }, opts);
    mc.failNext({ status: 429, headers: { 'Retry-After': '7' }, body: { title: 'Too Many Requests', status: 429 } });
    waits.length = 0;
    expect(await client.upsert({ email: 'A@B.example', firstName: 'A', lastName: null })).toBe(mailchimpHash('a@b.example'));
    expect(waits).toEqual([7000]);
    const put = mc.received.filter((r) => r.method === 'PUT');
    expect(put).toHaveLength(2);
    expect(put[1]?.headers.authorization).toBe(`Basic ${Buffer.from(`anystring:${mc.apiKey}`).toString('base64')}`);
    expect(put[1]?.body).toMatchObject({ email_address: 'a@b.example', status_if_new: 'subscribed' });
  });

  it('Mailchimp: a wrong key is a ProviderError with status 401 and the documented title, not retried', async () => {
    const before = mc.received.length;
    const client = mailchimpClient({ apiKey: 'bad-us21', listId: mc.listId, baseUrl: mc.url }, opts);
    const err = await client.test().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ provider: 'mailchimp', status: 401, code: 'API Key Invalid' });
    expect(mc.received.length - before).toBe(1);
  });

  it('5xx is retried with doubling backoff, then surfaces', async () => {
    waits.length = 0;
    brevo.failNext({ status: 502 }, { status: 503 }, { status: 500 }, { status: 500 });
    const err = await requestJson('GET', `${brevo.url}/account`, { 'api-key': brevo.apiKey }, undefined, { provider: 'brevo', backoffMs: 100, ...opts }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500 });
    expect(waits).toEqual([100, 200, 400]);
  });

  it('Brevo: api-key header, 201 with id on create and a lookup after a 204 update; 400 for a bad address', async () => {
    const client = brevoClient({ apiKey: brevo.apiKey, listId: brevo.listId, baseUrl: brevo.url }, opts);
    const id = await client.upsert({ email: 'x@y.example', firstName: null, lastName: null });
    expect(await client.upsert({ email: 'X@Y.example', firstName: 'X', lastName: null })).toBe(id);
    await expect(client.upsert({ email: 'not-an-address', firstName: null, lastName: null })).rejects.toMatchObject({ status: 400, code: 'invalid_parameter' });
    await client.erase(id);
    expect(brevo.deleted).toContain(Number(id));
  });

  it('Mailchimp: the webhook carries its secret in the URL, listens to unsubscribes and cleaned addresses only, not to our own API changes', async () => {
    const client = mailchimpClient({ apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.url }, opts);
    const id = await client.registerWebhook({ url: 'https://crm.example/public/v1/integrations/mailchimp/int_1/webhook', token: 's3cret-token' });
    expect(mc.webhooks.get(id)).toMatchObject({ url: 'https://crm.example/public/v1/integrations/mailchimp/int_1/webhook?token=s3cret-token', sources: { user: true, admin: true, api: false } });
    expect(Object.entries(mc.webhooks.get(id)?.events ?? {}).filter(([, on]) => on).map(([k]) => k).sort()).toEqual(['cleaned', 'unsubscribe']);
    await client.deleteWebhook(id);
    expect(mc.webhooks.size).toBe(0);
    await expect(client.deleteWebhook(id)).rejects.toMatchObject({ status: 404 });
  });

  it('Brevo: a marketing webhook with Bearer auth; the pull names a blocklisted address a hard bounce, a complaint or an unsubscribe from its campaign statistics', async () => {
    const client = brevoClient({ apiKey: brevo.apiKey, listId: brevo.listId, baseUrl: brevo.url }, opts);
    const id = await client.registerWebhook({ url: 'https://crm.example/hook', token: 'b-secret' });
    expect(brevo.webhooks.get(Number(id))).toMatchObject({ type: 'marketing', auth: { type: 'bearer', token: 'b-secret' } });
    await client.deleteWebhook(id);
    expect(brevo.webhooks.size).toBe(0);
    const at = '2026-11-01T00:00:00.000Z';
    const put = (id: number, email: string, stats: FakeContact['stats']) => brevo.contacts.set(id, { id, email, attributes: {}, listIds: [brevo.listId], listUnsubscribed: [], emailBlacklisted: true, modifiedAt: '2099-01-01T00:00:00.000Z', stats });
    put(501, 'hb@k.example', { hardBounces: [{ campaignId: 1, eventTime: at }], softBounces: [{ campaignId: 2, eventTime: at }] });
    put(502, 'sp@k.example', { complaints: [{ campaignId: 1, eventTime: at }] });
    put(503, 'un@k.example', { softBounces: [{ campaignId: 1, eventTime: at }] });
    const kinds = Object.fromEntries((await client.optOutsSince('2098-01-01T00:00:00.000Z')).map((o) => [o.email, o.kind]));
    expect(kinds).toEqual({ 'hb@k.example': 'cleaned', 'sp@k.example': 'complaint', 'un@k.example': 'unsubscribed' });
  });

  it('Meta: EMAIL_SHA256 payload to /{audience}/users, Conversions API with hashed em; raw emails refused by the fake', async () => {
    const client = metaClient({ accessToken: meta.token, audienceId: meta.audienceId, pixelId: meta.pixelId, baseUrl: meta.url }, opts);
    await client.addUsers([emailSha256('m@n.example')]);
    expect(meta.audience.has(emailSha256('m@n.example'))).toBe(true);
    await expect(client.addUsers(['m@n.example'])).rejects.toMatchObject({ status: 400 });
    await client.sendConversions([{ eventId: 'e1', name: 'Purchase', at: '2026-01-02T03:04:05Z', emailSha256: emailSha256('m@n.example'), value: 12.5, currency: 'IDR' }]);
    expect(meta.events[0]).toMatchObject({ event_name: 'Purchase', event_time: 1767323045, user_data: { em: [emailSha256('m@n.example')] }, custom_data: { value: 12.5, currency: 'IDR' } });
    const bad = metaClient({ accessToken: 'wrong', audienceId: meta.audienceId, baseUrl: meta.url }, opts);
    await expect(bad.test()).rejects.toMatchObject({ status: 401, code: 'OAuthException' });
  });

  it('LinkedIn: Bearer, LinkedIn-Version and BATCH_CREATE on DMP segment users and conversion events', async () => {
    const client = linkedinClient({ accessToken: li.token, segmentId: li.segmentId, conversionId: '42', baseUrl: `${li.url}/rest` }, opts);
    await client.addUsers([emailSha256('l@i.example')]);
    expect(li.segment.has(emailSha256('l@i.example'))).toBe(true);
    await client.removeUsers([emailSha256('l@i.example')]);
    expect(li.segment.size).toBe(0);
    await client.sendConversions([{ eventId: 'c1', name: 'Purchase', at: '2026-01-02T03:04:05Z', emailSha256: emailSha256('l@i.example') }]);
    expect(li.conversions[0]).toMatchObject({ conversion: 'urn:lla:llaPartnerConversion:42', conversionHappenedAt: 1767323045000 });
    const noVersion = await fetch(`${li.url}/rest/dmpSegments/${li.segmentId}`, { headers: { Authorization: `Bearer ${li.token}` } });
    expect(noVersion.status).toBe(400);
  });

  it('GA4: measurement_id and api_secret in the query, consent fields, validation server for the connection test', async () => {
    const client = ga4Client({ measurementId: 'G-FAKE123', apiSecret: 'mp-secret', baseUrl: ga.url }, opts);
    await client.test();
    await client.send('cid.1', [{ name: 'page_view', params: { page_location: 'https://s.example/' }, timestampMicros: 1 }], { ad_user_data: 'DENIED', ad_personalization: 'DENIED' });
    expect(ga.hits[0]).toMatchObject({ client_id: 'cid.1', consent: { ad_user_data: 'DENIED', ad_personalization: 'DENIED' } });
    await expect(ga4Client({ measurementId: 'G-FAKE123', apiSecret: 'wrong', baseUrl: ga.url }, opts).test()).rejects.toThrow(/VALUE_INVALID/);
  });
});
