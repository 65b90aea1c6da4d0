import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacHex } from '../../lib/crypto.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { canProcess } from './consent.js';
import { createContact, freshIp, type Officer } from './requests-test-support.js';

interface Answer {
  visitorId: string;
  purposes: Record<string, boolean>;
  updatedAt: string | null;
  gpc: boolean;
  linkedAccount: boolean;
}

const ALL = { analytics: true, marketing: true, personalization: true, ads: true };
const NONE = { analytics: false, marketing: false, personalization: false, ads: false };
const FULL_IP = '203.0.113.77';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) ConsentTest/1.0';

describe.each(testDialects)('public consent choices on %s', (dialect) => {
  let ta: TestApp;
  let owner: Officer;
  let vid = 0;
  const newVisitor = (): string => `visitor-${dialect}-${String(++vid).padStart(8, '0')}`;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@consent-public.example', name: 'Ola Owner', company: 'Toko Pilihan' });
  });
  afterAll(async () => {
    await ta.close();
  });

  function post(body: Record<string, unknown>, opts: { gpc?: boolean; cookie?: string; ip?: string } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'user-agent': UA };
    if (opts.gpc) headers['sec-gpc'] = '1';
    if (opts.cookie) headers.cookie = opts.cookie;
    ta.clock.advance(1000);
    return ta.app.inject({ method: 'POST', url: '/public/v1/consent', payload: body, headers, remoteAddress: opts.ip ?? freshIp() });
  }
  function get(query: string, opts: { gpc?: boolean; cookie?: string } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (opts.gpc) headers['sec-gpc'] = '1';
    if (opts.cookie) headers.cookie = opts.cookie;
    return ta.app.inject({ method: 'GET', url: `/public/v1/consent?${query}`, headers, remoteAddress: freshIp() });
  }
  const ok = (res: LightMyRequestResponse): Answer => {
    expect(res.statusCode, res.body).toBe(201);
    return json<Answer>(res);
  };
  const records = (col: 'visitor_id' | 'user_id' | 'contact_id', id: string) =>
    ta.ctx.db.k.selectFrom('consent_records').selectAll().where(col, '=', id).orderBy('created_at').orderBy('id').execute();

  it('appends a record per changed purpose, keeps the history and derives the current state', async () => {
    const visitorId = newVisitor();
    const first = ok(await post({ visitorId, purposes: ALL, source: 'banner', wordingVersion: 'banner-en-3' }));
    expect(first).toMatchObject({ visitorId, purposes: ALL, gpc: false, linkedAccount: false });
    expect(await records('visitor_id', visitorId)).toHaveLength(4);

    const second = ok(await post({ visitorId, purposes: { ...ALL, marketing: false }, source: 'preference_centre' }));
    expect(second.purposes).toEqual({ ...ALL, marketing: false });
    const rows = await records('visitor_id', visitorId);
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.purpose === 'marketing').map((r) => [r.granted, r.source])).toEqual([[1, 'banner'], [0, 'preference_centre']]);
    // Default policy version: the one in force; wording version as sent; user agent kept short.
    expect(rows[0]).toMatchObject({ policy_version: '1.0', wording_version: 'banner-en-3', user_agent: UA, lawful_basis: 'consent', workspace_id: null });

    // Sending the same choice again adds nothing.
    ok(await post({ visitorId, purposes: { ...ALL, marketing: false }, source: 'banner' }));
    expect(await records('visitor_id', visitorId)).toHaveLength(5);

    const state = json<{ purposes: Record<string, boolean>; updatedAt: string }>(await get(`visitorId=${visitorId}`));
    expect(state).toEqual({ purposes: { ...ALL, marketing: false }, updatedAt: rows[4]!.created_at, gpc: false });
    expect(await canProcess(ta.ctx, { workspaceId: null, visitorId }, 'marketing', 'email')).toMatchObject({ allowed: false, reason: 'withdrawn' });
    expect(await canProcess(ta.ctx, { workspaceId: null, visitorId }, 'analytics', 'analytics')).toMatchObject({ allowed: true, reason: 'granted' });

    // The log names the visitor by a keyed hash of the id, never the id (it outlives any erasure).
    expect(await ta.ctx.db.k.selectFrom('audit_log').select('id').where('target_id', '=', visitorId).execute()).toEqual([]);
    const audited = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'actor_type']).where('target_type', '=', 'visitor').where('target_id', '=', hmacHex(ta.ctx.secret, visitorId)).execute();
    expect(audited).toHaveLength(5);
    expect(new Set(audited.map((a) => a.actor_type))).toEqual(new Set(['subject']));
  });

  it('records a first refusal too, and mints a visitor id when none is sent', async () => {
    const a = ok(await post({ purposes: NONE, source: 'banner' }));
    expect(a.visitorId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(a.purposes).toEqual(NONE);
    expect(a.updatedAt).not.toBeNull();
    expect((await records('visitor_id', a.visitorId)).map((r) => r.granted)).toEqual([0, 0, 0, 0]);
    expect(json(await get(`visitorId=${newVisitor()}`))).toEqual({ purposes: NONE, updatedAt: null, gpc: false });
  });

  it('Sec-GPC: 1 records ads as denied even when the body accepts all, and reads ads as denied', async () => {
    const visitorId = newVisitor();
    const a = ok(await post({ visitorId, purposes: ALL, source: 'banner' }, { gpc: true }));
    expect(a).toMatchObject({ purposes: { ...ALL, ads: false }, gpc: true });
    const ads = (await records('visitor_id', visitorId)).filter((r) => r.purpose === 'ads');
    expect(ads.map((r) => [r.granted, r.source])).toEqual([[0, 'gpc']]);

    // A choice stored before the browser sent GPC: the signal still wins when reading.
    const earlier = newVisitor();
    ok(await post({ visitorId: earlier, purposes: ALL, source: 'banner' }));
    expect(json<Answer>(await get(`visitorId=${earlier}`)).purposes.ads).toBe(true);
    expect(json<Answer>(await get(`visitorId=${earlier}`, { gpc: true }))).toMatchObject({ purposes: { ...ALL, ads: false }, gpc: true });
  });

  it('links to the signed-in account only for its own address; GET by email only for that account', async () => {
    const user = await signUp(ta, { email: 'Sari@consent-public.example', name: 'Sari Signed' });
    const own = ok(await post({ visitorId: newVisitor(), email: 'sari@consent-public.example', purposes: { ...NONE, analytics: true }, source: 'banner' }, { cookie: user.cookie }));
    expect(own.linkedAccount).toBe(true);
    expect((await records('user_id', user.userId)).map((r) => [r.purpose, r.granted, r.workspace_id]).sort()).toEqual([
      ['ads', 0, null], ['analytics', 1, null], ['marketing', 0, null], ['personalization', 0, null],
    ]);
    // Anonymous, or signed in as someone else: the address is ignored and nothing reaches the account.
    expect(ok(await post({ visitorId: newVisitor(), email: 'sari@consent-public.example', purposes: ALL, source: 'banner' })).linkedAccount).toBe(false);
    expect(ok(await post({ visitorId: newVisitor(), email: 'sari@consent-public.example', purposes: ALL, source: 'banner' }, { cookie: owner.cookie })).linkedAccount).toBe(false);
    expect(await records('user_id', user.userId)).toHaveLength(4);

    expect(json(await get('email=sari%40consent-public.example', { cookie: user.cookie }))).toMatchObject({ purposes: { ...NONE, analytics: true }, gpc: false });
    expectError(await get('email=sari%40consent-public.example'), 401, 'unauthenticated');
    expectError(await get('email=sari%40consent-public.example', { cookie: owner.cookie }), 403, 'forbidden');
  });

  it('never records a grant for a workspace contact by email; withdrawals apply, and the answer does not tell', async () => {
    const contactId = await createContact(ta, owner, { firstName: 'Kontak', email: 'kontak@consent-public.example' });
    const subject = { workspaceId: owner.workspaceId, contactId };
    const grant = ok(await post({ visitorId: newVisitor(), email: 'KONTAK@consent-public.example', workspaceId: owner.workspaceId, purposes: ALL, source: 'form' }));
    expect(await records('contact_id', contactId)).toHaveLength(0);
    expect(await canProcess(ta.ctx, subject, 'marketing', 'email')).toMatchObject({ allowed: false, reason: 'no_consent' });
    // The grant stays on the visitor id, within the workspace.
    expect((await records('visitor_id', grant.visitorId)).every((r) => r.workspace_id === owner.workspaceId && r.granted === 1)).toBe(true);

    // Consent the workspace obtained itself; an anonymous withdrawal by address then applies.
    expect((await call(ta, 'POST', `/api/v1/contacts/${contactId}/consents`, owner, { purpose: 'marketing', granted: true, source: 'form' })).statusCode).toBe(201);
    const withdrawal = ok(await post({ visitorId: newVisitor(), email: 'kontak@consent-public.example', workspaceId: owner.workspaceId, purposes: { ...ALL, marketing: false }, source: 'preference_centre' }));
    const rows = await records('contact_id', contactId);
    // Only the withdrawal (marketing) reaches the contact; the other purposes the body granted do not.
    expect(rows.map((r) => [r.purpose, r.granted, r.source, r.recorded_by])).toEqual([
      ['marketing', 1, 'form', owner.userId],
      ['marketing', 0, 'preference_centre', null],
    ]);
    expect(await canProcess(ta.ctx, subject, 'marketing', 'email')).toMatchObject({ allowed: false, reason: 'withdrawn' });

    // A browser's GPC signal is an opt-out of sale and sharing: it reaches the contact as an ads withdrawal.
    expect((await call(ta, 'POST', `/api/v1/contacts/${contactId}/consents`, owner, { purpose: 'ads', granted: true, source: 'form' })).statusCode).toBe(201);
    ok(await post({ visitorId: newVisitor(), email: 'kontak@consent-public.example', workspaceId: owner.workspaceId, purposes: { ...ALL, marketing: false }, source: 'banner' }, { gpc: true }));
    expect((await records('contact_id', contactId)).filter((r) => r.purpose === 'ads').map((r) => [r.granted, r.source])).toEqual([[1, 'form'], [0, 'gpc']]);

    // Same answer shape and flags whether or not the address is a contact.
    const stranger = ok(await post({ visitorId: newVisitor(), email: 'nobody@consent-public.example', workspaceId: owner.workspaceId, purposes: { ...ALL, marketing: false }, source: 'preference_centre' }));
    expect(Object.keys(stranger).sort()).toEqual(Object.keys(withdrawal).sort());
    expect({ ...stranger, visitorId: '', updatedAt: '' }).toEqual({ ...withdrawal, visitorId: '', updatedAt: '' });
  });

  it('stores only the truncated address, nowhere the full one', async () => {
    const visitorId = newVisitor();
    ok(await post({ visitorId, purposes: ALL, source: 'banner' }, { ip: FULL_IP }));
    ok(await post({ visitorId: newVisitor(), purposes: ALL, source: 'banner' }, { ip: '2001:db8:85a3:1234:5678:8a2e:370:7334' }));
    expect(new Set((await records('visitor_id', visitorId)).map((r) => r.ip_truncated))).toEqual(new Set(['203.0.113.0']));
    const k = ta.ctx.db.k;
    const tables =
      ta.ctx.db.dialect === 'postgres'
        ? (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(k)).rows
        : (await sql<{ t: string }>`select name as t from sqlite_master where type = 'table'`.execute(k)).rows;
    const hits: string[] = [];
    for (const { t } of tables) {
      const dump = JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(k)).rows);
      if (dump.includes(FULL_IP) || dump.includes('8a2e:370:7334')) hits.push(t);
    }
    expect(hits).toEqual([]);
  });

  it('refuses bad input with 400 validation_failed and an unknown workspace with 404', async () => {
    const bad: Record<string, unknown>[] = [
      { visitorId: 'short', purposes: ALL, source: 'banner' },
      { visitorId: 'has spaces in it, not allowed!!', purposes: ALL, source: 'banner' },
      { purposes: { analytics: true }, source: 'banner' },
      { purposes: { ...ALL, ads: 'yes' }, source: 'banner' },
      { purposes: ALL, source: 'import' },
      { purposes: ALL },
      { purposes: ALL, source: 'banner', email: 'not-an-address' },
      { purposes: ALL, source: 'banner', policyVersion: 'x'.repeat(51) },
    ];
    for (const body of bad) expectError(await post(body), 400, 'validation_failed');
    expectError(await post({ purposes: ALL, source: 'banner', workspaceId: 'wsp_unknown' }), 404, 'not_found');
    expectError(await get(''), 400, 'validation_failed');
    expectError(await get(`visitorId=${newVisitor()}&email=a%40b.example`), 400, 'validation_failed');
    expectError(await get('visitorId=short'), 400, 'validation_failed');
  });

  it('rate-limits choices per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await post({ purposes: NONE, source: 'banner' }, { ip: '10.88.0.1' })).statusCode);
    expect(codes.slice(0, 30)).toEqual(Array(30).fill(201));
    expect(codes.slice(30)).toEqual([429, 429]);
    expectError(await post({ purposes: NONE, source: 'banner' }, { ip: '10.88.0.1' }), 429, 'rate_limited');
  });
});
