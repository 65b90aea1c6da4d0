import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { SYSTEM } from '../audit/service.js';
import { recordConsent } from '../privacy/consent.js';
import { addEvents } from '../privacy/engine-test-support.js';
import { eraseSubject } from '../privacy/erasure.js';
import { resolveSubject } from '../privacy/subject.js';
import { clientOptions } from './connections.js';
import { DELETION_JOB } from './deletions.js';
import { startGa4Fake, startLinkedInFake, startMetaFake, type Ga4Fake, type LinkedInFake, type MetaFake } from './fakes/ads.js';
import { emailSha256 } from './hashing.js';

/**
 * Meta and LinkedIn audiences and GA4 forwarding against the fakes: only ads consent without a
 * GPC signal or a restriction reaches an audience, only analytics consent reaches GA4 (with
 * Consent Mode fields), each batch is a disclosure row, and erasure removes the audience member.
 */
clientOptions.sleep = () => Promise.resolve();

describe.each(testDialects)('ads and analytics on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; workspaceId: string; userId: string };
  let meta: MetaFake;
  let li: LinkedInFake;
  let ga: Ga4Fake;
  const ids: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) => ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie: owner.cookie } });
  const contact = async (key: string, email: string, ads: boolean | null): Promise<void> => {
    const res = await call('POST', '/api/v1/contacts', { firstName: key, email });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = json<{ id: string }>(res).id;
    if (ads !== null) expect((await call('POST', `/api/v1/contacts/${ids[key]}/consents`, { purpose: 'ads', granted: ads, source: 'form' })).statusCode).toBe(201);
  };
  const connect = async (body: Record<string, unknown>): Promise<string> => {
    const res = await call('POST', '/api/v1/integrations', body);
    expect(res.statusCode, res.body).toBe(201);
    return json<{ id: string }>(res).id;
  };
  const sync = async (id: string, kind: string): Promise<void> => {
    expect((await call('POST', `/api/v1/integrations/${id}/sync`, { kind })).statusCode).toBe(202);
    await ta.drain();
  };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@ads.example' });
    [meta, li, ga] = await Promise.all([startMetaFake(), startLinkedInFake(), startGa4Fake()]);
    await contact('yes', 'Ads.Yes@Example.com', true);
    await contact('no', 'ads.no@example.com', false);
    await contact('silent', 'ads.silent@example.com', null);
    await contact('restricted', 'ads.restricted@example.com', true);
    await contact('gpc', 'ads.gpc@example.com', null);
    // A GPC signal on record, then a later grant (a form): GPC still wins, no click undoes it.
    await recordConsent(ta.ctx, { workspaceId: owner.workspaceId, contactId: ids.gpc }, { purpose: 'ads', granted: false, source: 'gpc' }, { actor: SYSTEM });
    ta.clock.advance(1000);
    expect((await call('POST', `/api/v1/contacts/${ids.gpc}/consents`, { purpose: 'ads', granted: true, source: 'form' })).statusCode).toBe(201);
    expect((await call('POST', `/api/v1/contacts/${ids.restricted}/restriction`, { restricted: true, reason: 'objection' })).statusCode).toBeLessThan(300);
    ids.meta = await connect({ provider: 'meta', accessToken: meta.token, audienceId: meta.audienceId, pixelId: meta.pixelId, baseUrl: meta.url });
    ids.li = await connect({ provider: 'linkedin', accessToken: li.token, segmentId: li.segmentId, conversionId: '42', baseUrl: `${li.url}/rest` });
    ids.ga = await connect({ provider: 'google_analytics', measurementId: 'G-FAKE123', apiSecret: 'mp-secret', baseUrl: ga.url });
  });
  afterAll(async () => {
    await Promise.all([meta.close(), li.close(), ga.close()]);
    await ta.close();
  });

  it('only ads consent without GPC or restriction reaches Meta and LinkedIn, as SHA-256 of the normalised email', async () => {
    await sync(ids.meta as string, 'audience');
    await sync(ids.li as string, 'audience');
    expect([...meta.audience]).toEqual([emailSha256('ads.yes@example.com')]);
    expect([...li.segment]).toEqual([emailSha256('ads.yes@example.com')]);
    const raw = JSON.stringify([...meta.received, ...li.received].map((r) => r.body));
    expect(raw).not.toMatch(/@/);
    expect(li.received.every((r) => r.headers['linkedin-version'] === '202411')).toBe(true);
    const gpcDecision = await ta.ctx.db.k.selectFrom('consent_decisions').select(['allowed', 'reason']).where('contact_id', '=', ids.gpc as string).where('channel', '=', 'ads').executeTakeFirstOrThrow();
    // The gate itself refuses a subject with a GPC signal on record, whatever was granted later.
    expect(gpcDecision).toMatchObject({ allowed: 0, reason: 'gpc' });
    const log = await ta.ctx.db.k.selectFrom('disclosure_log').select(['subprocessor_key', 'subject_count', 'cross_border']).where('workspace_id', '=', owner.workspaceId).orderBy('subprocessor_key').execute();
    expect(log).toEqual([
      { subprocessor_key: 'linkedin', subject_count: 1, cross_border: 1 },
      { subprocessor_key: 'meta', subject_count: 1, cross_border: 1 },
    ]);
  });

  it('a withdrawal of ads consent removes the member from the audience on the next sync', async () => {
    expect((await call('POST', `/api/v1/contacts/${ids.yes}/consents`, { purpose: 'ads', granted: false, source: 'form' })).statusCode).toBe(201);
    await sync(ids.meta as string, 'audience');
    expect(meta.audience.size).toBe(0);
    expect(meta.received.at(-1)?.method).toBe('DELETE');
  });

  it('a won deal becomes a Meta conversion only for its contacts with ads consent and no GPC', async () => {
    await contact('buyer', 'Buyer@Example.com', true);
    const pipelines = json<{ data: { id: string; stages: { id: string; kind: string }[] }[] }>(await call('GET', '/api/v1/pipelines')).data;
    const pipeline = pipelines[0];
    const won = pipeline?.stages.find((s) => s.kind === 'won');
    if (!pipeline || !won) throw new Error('no won stage');
    const deal = await call('POST', '/api/v1/deals', { name: 'Big order', amount: 1500000, currency: 'IDR', pipelineId: pipeline.id, stageId: won.id, contactIds: [ids.buyer, ids.gpc, ids.no] });
    expect(deal.statusCode, deal.body).toBe(201);
    await sync(ids.meta as string, 'conversions');
    expect(meta.events).toHaveLength(1);
    expect(meta.events[0]).toMatchObject({ event_name: 'Purchase', user_data: { em: [emailSha256('buyer@example.com')] }, custom_data: { value: 1500000, currency: 'IDR' } });
    // The cursor moved past the deal: the next run sends nothing again.
    await sync(ids.meta as string, 'conversions');
    expect(meta.events).toHaveLength(1);
  });

  it('the same won deal reaches LinkedIn through its conversion rule, by the default sync, only for the consented contact', async () => {
    // "Sync now" with no kind runs the audience and, with a conversion rule configured, the conversions.
    const res = await call('POST', `/api/v1/integrations/${ids.li}/sync`, {});
    expect(res.statusCode, res.body).toBe(202);
    expect(json<{ jobIds: string[] }>(res).jobIds).toHaveLength(2);
    await ta.drain();
    expect(li.conversions).toHaveLength(1);
    const [event] = li.conversions;
    expect(event).toMatchObject({ conversion: 'urn:lla:llaPartnerConversion:42', user: { userIds: [{ idType: 'SHA256_EMAIL', idValue: emailSha256('buyer@example.com') }] }, conversionValue: { currencyCode: 'IDR', amount: '1500000' } });
    expect(typeof event?.conversionHappenedAt).toBe('number');
    const posted = li.received.filter((r) => r.path === '/rest/conversionEvents');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.headers['x-restli-method']).toBe('BATCH_CREATE');
    expect(JSON.stringify(posted[0]?.body)).not.toMatch(/@/);
    for (const e of ['ads.gpc@example.com', 'ads.no@example.com']) expect(JSON.stringify(posted[0]?.body)).not.toContain(emailSha256(e));
    const run = json<{ data: { kind: string; status: string; sent: number; skipped: number }[] }>(await call('GET', `/api/v1/integrations/${ids.li}/runs`)).data.find((r) => r.kind === 'conversions');
    expect(run).toMatchObject({ status: 'completed', sent: 1, skipped: 2 });
    // Conversions are the only LinkedIn flow that discloses usage data.
    const log = await ta.ctx.db.k.selectFrom('disclosure_log').select(['subject_count', 'purpose']).where('workspace_id', '=', owner.workspaceId).where('subprocessor_key', '=', 'linkedin').where('data_categories', 'like', '%usage%').execute();
    expect(log).toEqual([{ subject_count: 1, purpose: 'marketing' }]);
    // The cursor moved past the deal: the hourly schedule's run sends it no second time.
    await sync(ids.li as string, 'conversions');
    expect(li.conversions).toHaveLength(1);
  });

  it('erasure removes the hash from the audiences through the deletion tasks', async () => {
    await contact('erase', 'ads.erase@example.com', true);
    await sync(ids.li as string, 'audience');
    expect(li.segment.has(emailSha256('ads.erase@example.com'))).toBe(true);
    const scope = { kind: 'workspace' as const, workspaceId: owner.workspaceId };
    const rows = await resolveSubject(ta.ctx, scope, { emails: ['ads.erase@example.com'], phones: [] });
    await eraseSubject(ta.ctx, scope, rows, { actor: { type: 'operator', id: null } });
    await ta.ctx.queue.enqueue(DELETION_JOB, {});
    await ta.drain();
    expect(li.segment.has(emailSha256('ads.erase@example.com'))).toBe(false);
    const tasks = await ta.ctx.db.k.selectFrom('processor_deletion_tasks').select(['recipient', 'status']).where('subject_ref', '=', emailSha256('ads.erase@example.com')).execute();
    expect(Object.fromEntries(tasks.map((t) => [t.recipient, t.status]))).toMatchObject({ linkedin: 'done', meta: 'done' });
  });

  it('GA4 gets events only of visitors with analytics consent, with Consent Mode from their ads choice', async () => {
    const ws = owner.workspaceId;
    await recordConsent(ta.ctx, { workspaceId: ws, visitorId: 'visitor-analytics-ads' }, { purpose: 'analytics', granted: true, source: 'banner' }, { actor: SYSTEM });
    await recordConsent(ta.ctx, { workspaceId: ws, visitorId: 'visitor-analytics-ads' }, { purpose: 'ads', granted: true, source: 'banner' }, { actor: SYSTEM });
    await recordConsent(ta.ctx, { workspaceId: ws, visitorId: 'visitor-analytics-only' }, { purpose: 'analytics', granted: true, source: 'banner' }, { actor: SYSTEM });
    await recordConsent(ta.ctx, { workspaceId: ws, visitorId: 'visitor-withdrawn' }, { purpose: 'analytics', granted: false, source: 'banner' }, { actor: SYSTEM });
    await addEvents(ta.ctx, ws, 'visitor-analytics-ads', 'a');
    await addEvents(ta.ctx, ws, 'visitor-analytics-only', 'b');
    await addEvents(ta.ctx, ws, 'visitor-withdrawn', 'c');
    await addEvents(ta.ctx, ws, null, 'd');
    await sync(ids.ga as string, 'forward');
    expect(ga.hits.map((h) => h.client_id).sort()).toEqual(['visitor-analytics-ads', 'visitor-analytics-only']);
    expect(ga.hits.find((h) => h.client_id === 'visitor-analytics-ads')?.consent).toEqual({ ad_user_data: 'GRANTED', ad_personalization: 'GRANTED' });
    expect(ga.hits.find((h) => h.client_id === 'visitor-analytics-only')?.consent).toEqual({ ad_user_data: 'DENIED', ad_personalization: 'DENIED' });
    expect(JSON.stringify(ga.received.map((r) => r.body))).not.toContain('visitor-withdrawn');
    // The cursor moved on: a second run sends nothing again.
    const before = ga.hits.length;
    await sync(ids.ga as string, 'forward');
    expect(ga.hits.length).toBe(before);
    const log = await ta.ctx.db.k.selectFrom('disclosure_log').select(['subject_count', 'purpose']).where('subprocessor_key', '=', 'google_analytics').execute();
    expect(log).toEqual([{ subject_count: 2, purpose: 'analytics' }]);
  });

  it('GA4 without any analytics consent sends nothing at all', async () => {
    const other = await signUp(ta, { email: 'nobody@ads.example' });
    await addEvents(ta.ctx, other.workspaceId, 'visitor-never-asked', 'e');
    const res = await ta.app.inject({ method: 'POST', url: '/api/v1/integrations', headers: { cookie: other.cookie }, payload: { provider: 'google_analytics', measurementId: 'G-FAKE123', apiSecret: 'mp-secret', baseUrl: ga.url } });
    const id = json<{ id: string }>(res).id;
    const collects = () => ga.received.filter((r) => r.path === '/mp/collect').length;
    const before = collects();
    await ta.app.inject({ method: 'POST', url: `/api/v1/integrations/${id}/sync`, headers: { cookie: other.cookie }, payload: {} });
    await ta.drain();
    expect(collects()).toBe(before);
  });
});
