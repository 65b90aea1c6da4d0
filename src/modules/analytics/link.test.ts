import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { createContact, freshIp, type Officer } from '../privacy/requests-test-support.js';
import { PASSWORD } from '../workspaces/test-support.js';
import { linkVisitor, VISITOR_COOKIE } from './link.js';

const ALL = { analytics: true, marketing: false, personalization: false, ads: false };
const NONE = { analytics: false, marketing: false, personalization: false, ads: false };

describe.each(testDialects)('visitor links on %s', (dialect) => {
  let ta: TestApp;
  let owner: Officer;
  let other: Officer;
  let n = 0;
  const visitor = (): string => `vid-${dialect}-${String(++n).padStart(10, '0')}`;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'lina@link.example', name: 'Lina', company: 'Toko Lina' });
    other = await signUp(ta, { email: 'omar@link.example', name: 'Omar', company: 'Toko Omar' });
  });
  afterAll(async () => {
    await ta.close();
  });

  async function choose(visitorId: string, purposes: typeof ALL, extra: Record<string, unknown> = {}, cookie?: string): Promise<void> {
    ta.clock.advance(1000);
    const res = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', payload: { visitorId, purposes, source: 'banner', ...extra }, remoteAddress: freshIp(), ...(cookie ? { headers: { cookie } } : {}) });
    expect(res.statusCode, res.body).toBe(201);
  }
  const rows = (visitorId: string) => ta.ctx.db.k.selectFrom('analytics_visitors').selectAll().where('visitor_id', '=', visitorId).execute();
  const signIn = (email: string, cookie?: string) =>
    ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD }, remoteAddress: freshIp(), ...(cookie ? { headers: { cookie } } : {}) });

  it('links a platform visitor who allowed analytics to the account, once, and keeps the first link of a shared browser', async () => {
    const vid = visitor();
    await choose(vid, ALL);
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: vid, userId: owner.userId })).toBe('linked');
    const [row] = await rows(vid);
    expect(row).toMatchObject({ workspace_id: null, visitor_id: vid, user_id: owner.userId, contact_id: null, linked_at: ta.clock.now().toISOString() });
    expect(row?.id).toMatch(/^avs_/);
    // Again: nothing changes, no second row.
    ta.clock.advance(5000);
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: vid, userId: owner.userId })).toBe('linked');
    expect(await rows(vid)).toEqual([row]);
    // Someone else signs in on the same browser: moving the link would give them the first person's history.
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: vid, userId: other.userId })).toBe('linked_elsewhere');
    expect((await rows(vid)).map((r) => r.user_id)).toEqual([owner.userId]);
  });

  it('links an id seen before (its row made by the first event) instead of adding a second row', async () => {
    const vid = visitor();
    await choose(vid, ALL);
    const seen = '2026-01-02T03:04:05.000Z';
    await ta.ctx.db.k.insertInto('analytics_visitors').values({ id: 'avs_seen', workspace_id: null, visitor_id: vid, user_id: null, contact_id: null, first_seen_at: seen, linked_at: null }).execute();
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: vid, userId: owner.userId })).toBe('linked');
    expect(await rows(vid)).toEqual([{ id: 'avs_seen', workspace_id: null, visitor_id: vid, user_id: owner.userId, contact_id: null, first_seen_at: seen, linked_at: ta.clock.now().toISOString() }]);
  });

  it('does not link an id whose holder refused or withdrew analytics, never chose, or that is not a visitor id', async () => {
    const refused = visitor();
    await choose(refused, NONE);
    const withdrawn = visitor();
    await choose(withdrawn, ALL);
    await choose(withdrawn, NONE);
    const never = visitor();
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: refused, userId: owner.userId })).toBe('no_consent');
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: withdrawn, userId: owner.userId })).toBe('no_consent');
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: never, userId: owner.userId })).toBe('no_consent');
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: 'short', userId: owner.userId })).toBe('invalid_visitor');
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: `${'x'.repeat(20)};drop`, userId: owner.userId })).toBe('invalid_visitor');
    // A grant made on another site does not count here.
    const platformOnly = visitor();
    await choose(platformOnly, ALL);
    const contactId = await createContact(ta, owner, { firstName: 'Sinta', email: 'sinta@pelanggan.example' });
    expect(await linkVisitor(ta.ctx, { workspaceId: owner.workspaceId, visitorId: platformOnly, contactId })).toBe('no_consent');
    const siteOnly = visitor();
    await choose(siteOnly, ALL, { workspaceId: owner.workspaceId });
    expect(await linkVisitor(ta.ctx, { workspaceId: null, visitorId: siteOnly, userId: owner.userId })).toBe('no_consent');
    for (const v of [refused, withdrawn, never, platformOnly, siteOnly]) expect(await rows(v)).toEqual([]);
  });

  it('links a workspace visitor to a contact of that workspace only, and refuses a link across controllers', async () => {
    const contactId = await createContact(ta, owner, { firstName: 'Rina', email: 'rina@pelanggan.example' });
    const vid = visitor();
    await choose(vid, ALL, { workspaceId: owner.workspaceId });
    expect(await linkVisitor(ta.ctx, { workspaceId: owner.workspaceId, visitorId: vid, contactId })).toBe('linked');
    expect(await rows(vid)).toMatchObject([{ workspace_id: owner.workspaceId, contact_id: contactId, user_id: null }]);
    await expect(linkVisitor(ta.ctx, { workspaceId: owner.workspaceId, visitorId: vid, userId: owner.userId })).rejects.toThrow(/platform site links accounts/);
    await expect(linkVisitor(ta.ctx, { workspaceId: null, visitorId: vid, contactId })).rejects.toThrow(/platform site links accounts/);
  });

  it('links the kodepos_vid cookie at sign-in when analytics was allowed, and signs in either way', async () => {
    const allowed = visitor();
    await choose(allowed, ALL);
    const res = await signIn('lina@link.example', `${VISITOR_COOKIE}=${allowed}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(await rows(allowed)).toMatchObject([{ workspace_id: null, user_id: owner.userId }]);

    const refused = visitor();
    await choose(refused, NONE);
    expect((await signIn('lina@link.example', `${VISITOR_COOKIE}=${refused}`)).statusCode).toBe(200);
    expect(await rows(refused)).toEqual([]);
    expect((await signIn('lina@link.example', `${VISITOR_COOKIE}=not%20an%20id`)).statusCode).toBe(200);
    // A wrong password links nothing.
    const stranger = visitor();
    await choose(stranger, ALL);
    const wrong = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'lina@link.example', password: 'wrong password here' }, remoteAddress: freshIp(), headers: { cookie: `${VISITOR_COOKIE}=${stranger}` } });
    expect(wrong.statusCode).toBe(401);
    expect(await rows(stranger)).toEqual([]);
  });

  it('signs in even when the link cannot be written', async () => {
    const vid = visitor();
    await choose(vid, ALL);
    const k = ta.ctx.db.k;
    if (dialect === 'sqlite') {
      await sql`create trigger analytics_visitors_broken before insert on analytics_visitors begin select raise(abort, 'broken'); end`.execute(k);
    } else {
      await sql`create function analytics_visitors_broken() returns trigger language plpgsql as $$ begin raise exception 'broken'; end $$`.execute(k);
      await sql`create trigger analytics_visitors_broken before insert on analytics_visitors for each row execute function analytics_visitors_broken()`.execute(k);
    }
    try {
      const res = await signIn('omar@link.example', `${VISITOR_COOKIE}=${vid}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(sessionCookie(res)).toMatch(/^kodepos_session=/);
      expect(await rows(vid)).toEqual([]);
    } finally {
      await sql`drop trigger analytics_visitors_broken${dialect === 'postgres' ? sql` on analytics_visitors` : sql``}`.execute(k);
    }
  });

  it('links the visitor to the signed-in account that makes its consent choice on the platform', async () => {
    const vid = visitor();
    await choose(vid, ALL, { email: 'omar@link.example' }, other.cookie);
    expect(await rows(vid)).toMatchObject([{ workspace_id: null, user_id: other.userId }]);
    // Refusing analytics links nothing, and neither does a choice on a workspace's site.
    const refused = visitor();
    await choose(refused, NONE, { email: 'omar@link.example' }, other.cookie);
    const onSite = visitor();
    await choose(onSite, ALL, { email: 'omar@link.example', workspaceId: owner.workspaceId }, other.cookie);
    expect(await rows(refused)).toEqual([]);
    expect(await rows(onSite)).toEqual([]);
  });
});
