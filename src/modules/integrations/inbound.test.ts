import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { suppressionReasons } from '../marketing/suppression.js';
import { clientOptions } from './connections.js';
import { startBrevoFake, type BrevoFake, type FakeContact } from './fakes/brevo.js';
import { mailchimpWebhookBody, startMailchimpFake, type MailchimpFake } from './fakes/mailchimp.js';

/**
 * Mailchimp and Brevo webhooks against the fakes, through the routes: connecting registers a
 * webhook with a per-connection secret; unsubscribes, hard bounces and complaints become
 * suppressions and withdrawals at once, audited once however often they are delivered; soft
 * bounces suppress nothing; forged calls get 401 or 404 and change nothing. And the Brevo pull
 * tells a hard bounce and a complaint from an unsubscribe.
 */
clientOptions.sleep = () => Promise.resolve();

interface Webhook {
  registered: boolean;
  registeredAt: string | null;
  lastEventAt: string | null;
  error: string | null;
}
interface Conn {
  id: string;
  provider: string;
  webhook: Webhook | null;
}
interface Answer {
  received: number;
  applied: number;
  ignored: number;
}

describe.each(testDialects)('inbound provider webhooks on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; workspaceId: string; userId: string };
  let mc: MailchimpFake;
  let brevo: BrevoFake;
  /** What the app answers to Mailchimp's check of a new webhook URL; a test may make it fail. */
  let urlCheck: 'app' | 'down' = 'app';
  const ids: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie: owner.cookie } });
  const contact = async (key: string, email: string): Promise<void> => {
    const res = await call('POST', '/api/v1/contacts', { firstName: key, email });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = json<{ id: string }>(res).id;
    expect((await call('POST', `/api/v1/contacts/${ids[key]}/consents`, { purpose: 'marketing', granted: true, source: 'form' })).statusCode).toBe(201);
  };
  const connection = async (id: string): Promise<Conn> => json<Conn>(await call('GET', `/api/v1/integrations/${id}`));
  const reasons = (email: string) => suppressionReasons(ta.ctx.db.k, owner.workspaceId, email);
  const marketingConsent = async (key: string) => (await ta.ctx.db.k.selectFrom('consent_records').select(['granted', 'source']).where('contact_id', '=', ids[key] as string).where('purpose', '=', 'marketing').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow());
  const optOutAudits = async () => ta.ctx.db.k.selectFrom('audit_log').select(['action', 'details', 'target_id']).where('action', '=', 'integration.opt_out_received').where('workspace_id', '=', owner.workspaceId).execute();
  /** The registered webhook's path and query, as the provider would call it. */
  const mailchimpHook = (): string => {
    const w = [...mc.webhooks.values()].at(-1);
    if (!w) throw new Error('no Mailchimp webhook');
    const u = new URL(w.url);
    return `${u.pathname}${u.search}`;
  };
  const brevoHook = () => {
    const w = [...brevo.webhooks.values()].at(-1);
    if (!w?.auth) throw new Error('no Brevo webhook');
    return { path: new URL(w.url).pathname, token: w.auth.token };
  };
  const mailchimpPost = (url: string, type: string, data: Record<string, string>) => ta.app.inject({ method: 'POST', url, payload: mailchimpWebhookBody(type, data), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const brevoPost = (body: unknown, token: string | null, path = brevoHook().path) => ta.app.inject({ method: 'POST', url: path, payload: body as Record<string, unknown>, headers: token === null ? {} : { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@inbound.example' });
    mc = await startMailchimpFake({
      // Mailchimp's GET of the new URL, routed into the app under test (which listens on no port).
      checkWebhookUrl: async (url) => {
        if (urlCheck === 'down') return 503;
        const u = new URL(url);
        return (await ta.app.inject({ method: 'GET', url: `${u.pathname}${u.search}` })).statusCode;
      },
    });
    brevo = await startBrevoFake();
    await contact('unsub', 'Unsub.Me@Example.com');
    await contact('bounce', 'bounce@example.com');
    await contact('abuse', 'abuse@example.com');
    await contact('soft', 'soft@example.com');
    await contact('spam', 'spam@example.com');
    await contact('hard', 'hard@example.com');
  });
  afterAll(async () => {
    await mc.close();
    await brevo.close();
    await ta.close();
  });

  it('connecting registers a webhook per connection with its own secret, kept only as a hash, shown as registered', async () => {
    const m = await call('POST', '/api/v1/integrations', { provider: 'mailchimp', apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.url });
    expect(m.statusCode, m.body).toBe(201);
    ids.mc = json<Conn>(m).id;
    const [hook] = [...mc.webhooks.values()];
    expect(hook?.url).toMatch(new RegExp(`^http://kodepos\\.test/public/v1/integrations/mailchimp/${ids.mc}/webhook\\?token=[A-Za-z0-9_-]{40,}$`));
    expect(hook?.events).toMatchObject({ unsubscribe: true, cleaned: true, subscribe: false });
    expect(hook?.sources).toMatchObject({ api: false });
    const token = new URL(hook?.url ?? '').searchParams.get('token') ?? '';
    expect(m.body).not.toContain(token);
    const row = await ta.ctx.db.k.selectFrom('integration_connections').select(['webhook_token_hash', 'webhook_id']).where('id', '=', ids.mc).executeTakeFirstOrThrow();
    expect(row.webhook_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.webhook_token_hash).not.toContain(token);
    expect(row.webhook_id).toBe(hook?.id);
    expect(json<Conn>(m).webhook).toMatchObject({ registered: true, lastEventAt: null, error: null });

    const b = await call('POST', '/api/v1/integrations', { provider: 'brevo', apiKey: brevo.apiKey, listId: brevo.listId, baseUrl: brevo.url });
    expect(b.statusCode, b.body).toBe(201);
    ids.brevo = json<Conn>(b).id;
    const [bh] = [...brevo.webhooks.values()];
    expect(bh).toMatchObject({ url: `http://kodepos.test/public/v1/integrations/brevo/${ids.brevo}/webhook`, type: 'marketing', auth: { type: 'bearer' } });
    expect(bh?.events.sort()).toEqual(['hardBounce', 'softBounce', 'spam', 'unsubscribed']);
    expect(json<Conn>(b).webhook?.registered).toBe(true);
    // The ad tools have no inbound webhook.
    const list = json<{ data: Conn[] }>(await call('GET', '/api/v1/integrations')).data;
    expect(list.map((c) => c.webhook?.registered)).toEqual([true, true]);
  });

  it('Mailchimp: an unsubscribe is a suppression and a withdrawal at once, audited once however often it is delivered', async () => {
    const hook = mailchimpHook();
    expect((await ta.app.inject({ method: 'GET', url: hook })).statusCode).toBe(200);
    const first = await mailchimpPost(hook, 'unsubscribe', { action: 'unsub', reason: 'manual', email: 'unsub.me@example.com', list_id: mc.listId });
    expect(first.statusCode, first.body).toBe(200);
    expect(json<Answer>(first)).toEqual({ received: 1, applied: 1, ignored: 0 });
    expect(await reasons('unsub.me@example.com')).toEqual(['unsubscribe']);
    expect(await marketingConsent('unsub')).toMatchObject({ granted: 0, source: 'api' });
    const again = await mailchimpPost(hook, 'unsubscribe', { action: 'unsub', reason: 'manual', email: 'unsub.me@example.com', list_id: mc.listId });
    expect(json<Answer>(again)).toEqual({ received: 1, applied: 0, ignored: 0 });
    const audits = await optOutAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]?.target_id).toBe(ids.mc);
    expect(JSON.parse(audits[0]?.details ?? '{}')).toMatchObject({ provider: 'mailchimp', kind: 'unsubscribed', suppression: 'unsubscribe', consentWithdrawals: 1, via: 'webhook' });
    expect(audits[0]?.details).not.toContain('unsub.me');
    expect((await connection(ids.mc as string)).webhook?.lastEventAt).toBeTruthy();
  });

  it('Mailchimp: cleaned with reason hard is a hard bounce, with reason abuse a complaint; profile updates and other lists change nothing', async () => {
    const hook = mailchimpHook();
    expect(json<Answer>(await mailchimpPost(hook, 'cleaned', { list_id: mc.listId, campaign_id: 'c1', reason: 'hard', email: 'bounce@example.com' })).applied).toBe(1);
    expect(await reasons('bounce@example.com')).toEqual(['hard_bounce']);
    expect(json<Answer>(await mailchimpPost(hook, 'cleaned', { list_id: mc.listId, campaign_id: 'c1', reason: 'abuse', email: 'abuse@example.com' })).applied).toBe(1);
    expect(await reasons('abuse@example.com')).toEqual(['complaint']);
    expect(json<Answer>(await mailchimpPost(hook, 'profile', { list_id: mc.listId, email: 'soft@example.com' }))).toEqual({ received: 1, applied: 0, ignored: 1 });
    expect(json<Answer>(await mailchimpPost(hook, 'unsubscribe', { list_id: 'another-list', email: 'soft@example.com' }))).toEqual({ received: 1, applied: 0, ignored: 1 });
    expect(await reasons('soft@example.com')).toEqual([]);
  });

  it('forged or misdirected calls get 401 or 404 with an error code and change nothing', async () => {
    const hook = mailchimpHook();
    const base = `/public/v1/integrations/mailchimp/${ids.mc}/webhook`;
    const wrong = await mailchimpPost(`${base}?token=forged-token-value`, 'unsubscribe', { email: 'soft@example.com', list_id: mc.listId });
    expect(wrong.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(wrong).error.code).toBe('invalid_webhook_token');
    expect((await mailchimpPost(base, 'unsubscribe', { email: 'soft@example.com', list_id: mc.listId })).statusCode).toBe(401);
    expect((await ta.app.inject({ method: 'GET', url: `${base}?token=forged` })).statusCode).toBe(401);
    const unknown = await mailchimpPost(hook.replace(ids.mc as string, 'int_unknown'), 'unsubscribe', { email: 'soft@example.com' });
    expect(unknown.statusCode).toBe(404);
    expect(json<{ error: { code: string } }>(unknown).error.code).toBe('not_found');
    // The Brevo connection's id on the Mailchimp route, and the Mailchimp secret on the Brevo route.
    const token = new URLSearchParams(hook.split('?')[1]).get('token') ?? '';
    expect((await mailchimpPost(`/public/v1/integrations/mailchimp/${ids.brevo}/webhook?token=${token}`, 'unsubscribe', { email: 'soft@example.com' })).statusCode).toBe(404);
    expect((await brevoPost({ event: 'unsubscribe', email: 'soft@example.com' }, token)).statusCode).toBe(401);
    expect((await brevoPost({ event: 'unsubscribe', email: 'soft@example.com' }, null)).statusCode).toBe(401);
    const malformed = await ta.app.inject({ method: 'POST', url: hook, payload: 'data%5Bemail%5D=soft%40example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(malformed.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(malformed).error.code).toBe('validation_failed');
    const badJson = await ta.app.inject({ method: 'POST', url: brevoHook().path, payload: '{"event":', headers: { 'content-type': 'application/json', authorization: `Bearer ${brevoHook().token}` } });
    expect(badJson.statusCode).toBeGreaterThanOrEqual(400);
    expect(badJson.statusCode).toBeLessThan(500);
    expect(await reasons('soft@example.com')).toEqual([]);
  });

  it('Brevo: a soft bounce suppresses nothing; a hard bounce, a spam report and an unsubscribe do, in one batch; a repeat is applied once', async () => {
    const { token } = brevoHook();
    const soft = await brevoPost({ event: 'soft_bounce', email: 'soft@example.com', id: 1, camp_id: 3, ts_event: 1764300000, reason: 'mailbox full' }, token);
    expect(soft.statusCode, soft.body).toBe(200);
    expect(json<Answer>(soft)).toEqual({ received: 1, applied: 0, ignored: 1 });
    expect(await reasons('soft@example.com')).toEqual([]);
    expect(await marketingConsent('soft')).toMatchObject({ granted: 1 });
    const batch = [
      { event: 'hard_bounce', email: 'Hard@Example.com', camp_id: 3 },
      { event: 'spam', email: 'spam@example.com', camp_id: 3 },
      { event: 'unsubscribe', email: 'unsub.me@example.com', camp_id: 3 },
      { event: 'opened', email: 'spam@example.com', camp_id: 3 },
    ];
    const res = await brevoPost(batch, token);
    expect(res.statusCode, res.body).toBe(200);
    // The unsubscribe was already applied (through Mailchimp): nothing new to do for it.
    expect(json<Answer>(res)).toEqual({ received: 4, applied: 2, ignored: 1 });
    expect(await reasons('hard@example.com')).toEqual(['hard_bounce']);
    expect(await reasons('spam@example.com')).toEqual(['complaint']);
    expect(await marketingConsent('spam')).toMatchObject({ granted: 0, source: 'api' });
    const before = (await optOutAudits()).length;
    expect(json<Answer>(await brevoPost(batch, token)).applied).toBe(0);
    expect((await optOutAudits()).length).toBe(before);
    expect((await connection(ids.brevo as string)).webhook?.lastEventAt).toBeTruthy();
  });

  it('the Brevo pull tells a hard bounce and a spam complaint from an unsubscribe (campaign statistics of blocklisted contacts)', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const add = (email: string, stats: NonNullable<FakeContact['stats']>, listUnsubscribed: number[] = []) => {
      const id = 900 + brevo.contacts.size;
      brevo.contacts.set(id, { id, email, attributes: {}, listIds: [brevo.listId], listUnsubscribed, emailBlacklisted: listUnsubscribed.length === 0, modifiedAt: later, stats });
    };
    add('pull.hard@example.com', { hardBounces: [{ campaignId: 5, eventTime: later }], softBounces: [{ campaignId: 4, eventTime: later }] });
    add('pull.spam@example.com', { complaints: [{ campaignId: 5, eventTime: later }] });
    add('pull.unsub@example.com', {});
    add('pull.soft@example.com', { softBounces: [{ campaignId: 5, eventTime: later }] }, [brevo.listId]);
    expect((await call('POST', `/api/v1/integrations/${ids.brevo}/sync`, { kind: 'pull' })).statusCode).toBe(202);
    await ta.drain();
    expect(await reasons('pull.hard@example.com')).toEqual(['hard_bounce']);
    expect(await reasons('pull.spam@example.com')).toEqual(['complaint']);
    expect(await reasons('pull.unsub@example.com')).toEqual(['unsubscribe']);
    // Off the list at Brevo (not blocklisted), soft bounces or not: an unsubscribe from marketing, not a bounce.
    expect(await reasons('pull.soft@example.com')).toEqual(['unsubscribe']);
    expect(brevo.received.filter((r) => r.path.endsWith('/campaignStats'))).toHaveLength(3);
  });

  it('reconnecting replaces the webhook (the old secret stops working); disconnecting deletes it there and refuses calls here', async () => {
    const oldHook = mailchimpHook();
    const re = await call('POST', '/api/v1/integrations', { provider: 'mailchimp', apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.url });
    expect(re.statusCode, re.body).toBe(201);
    expect(mc.webhooks.size).toBe(1);
    const newHook = mailchimpHook();
    expect(newHook).not.toBe(oldHook);
    expect((await mailchimpPost(oldHook, 'unsubscribe', { email: 'soft@example.com', list_id: mc.listId })).statusCode).toBe(401);
    expect((await ta.app.inject({ method: 'GET', url: newHook })).statusCode).toBe(200);

    expect((await call('DELETE', `/api/v1/integrations/${ids.brevo}`)).statusCode).toBe(204);
    expect(brevo.webhooks.size).toBe(0);
    expect((await brevoPost({ event: 'spam', email: 'soft@example.com' }, 'anything', `/public/v1/integrations/brevo/${ids.brevo}/webhook`)).statusCode).toBe(404);
    expect((await connection(ids.brevo as string)).webhook).toMatchObject({ registered: false });
    expect(await reasons('soft@example.com')).toEqual([]);
  });

  it('a webhook the provider refuses leaves the connection working by hourly pull, with the reason shown', async () => {
    urlCheck = 'down';
    try {
      const res = await call('POST', '/api/v1/integrations', { provider: 'mailchimp', apiKey: mc.apiKey, listId: mc.listId, baseUrl: mc.url });
      expect(res.statusCode, res.body).toBe(201);
      const c = json<Conn & { status: string }>(res);
      expect(c.status).toBe('connected');
      expect(c.webhook).toMatchObject({ registered: false, registeredAt: null });
      expect(c.webhook?.error).toMatch(/^mailchimp: HTTP 400/);
      expect(mc.webhooks.size).toBe(0);
    } finally {
      urlCheck = 'app';
    }
  });
});
