/**
 * Two data subjects in each scope, made through the real HTTP routes, for the engine's tests:
 * accounts with sessions, consent, a request and a visitor id linked at sign-in; contacts with
 * activities, a timeline, a deal, search entries, webhook deliveries, consent, a request, a mail
 * to them and a linked visitor id; each visitor with analytics events. Anonymous events and an
 * unlinked visitor's events sit beside them (nobody's, as far as the engine can tell).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { expect } from 'vitest';
import type { AppContext } from '../../context.js';
import { json, signUp, type TestApp } from '../../test/app.js';
import { linkVisitor, VISITOR_COOKIE } from '../analytics/link.js';
import type { ColumnEntry } from './datamap/types.js';
import type { PrivacyScope, SubjectRows } from './engine-types.js';
import { columnTypes } from './erasure.js';
import { liveColumnsOf, rowFilter, subjectPlan, type ScopeTable } from './subject.js';

export interface PlatformSubject {
  email: string;
  userId: string;
  cookie: string;
  visitorId: string;
}

export interface ContactSubject {
  email: string;
  secondEmail: string;
  phone: string;
  contactId: string;
  visitorId: string;
}

export interface Subjects {
  workspaceId: string;
  ownerCookie: string;
  users: { a: PlatformSubject; b: PlatformSubject };
  contacts: { a: ContactSubject; b: ContactSubject };
  /** Visitor ids whose events are not linked to anyone: an unlinked id per site. */
  unlinked: { platform: string; workspace: string };
}

const ANALYTICS_ONLY = { analytics: true, marketing: false, personalization: false, ads: false };
let ip = 0;
const nextIp = (): string => `10.77.${Math.floor(++ip / 250) % 250}.${(ip % 250) + 1}`;

/** The visitor allows analytics on a site (the banner's POST), so its id may be linked. */
async function allowAnalytics(ta: TestApp, visitorId: string, workspaceId: string | null): Promise<void> {
  const res = await ta.app.inject({ method: 'POST', url: '/public/v1/consent', remoteAddress: nextIp(), payload: { visitorId, purposes: ANALYTICS_ONLY, source: 'banner', ...(workspaceId ? { workspaceId } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
}

/** Page views and a feature event of a visitor (or anonymous ones when `visitorId` is null), as ingestion stores them. */
export async function addEvents(ctx: AppContext, workspaceId: string | null, visitorId: string | null, tag: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const rows: [string, string, string | null, string | null][] = [
    ['pageview', `/pricing/${tag}`, 'google', null],
    ['pageview', `/blog/${tag}`, 'newsletter', null],
    ['feature', `/app/${tag}`, null, `contacts.import`],
  ];
  for (const [type, path, utm, feature] of rows) {
    await sql`insert into analytics_events (workspace_id, occurred_at, day, type, page_id, visitor_id, visitor_hash, hostname, path, referrer_host, referrer_path,
      utm_source, utm_medium, utm_campaign, utm_term, utm_content, country, browser, os, device, time_zone, feature, engaged_ms)
      values (${workspaceId}, ${at}, ${at.slice(0, 10)}, ${type}, ${`page-${tag}-${type}-${path.length}`}, ${visitorId}, ${visitorId ? null : `hash-${tag}`}, 'site.example', ${path},
      ${utm ? 'www.google.com' : null}, ${utm ? '/search' : null}, ${utm}, ${utm ? 'cpc' : null}, ${utm ? `camp-${tag}` : null}, ${utm ? 'crm' : null}, ${utm ? 'ad-1' : null},
      'ID', 'Firefox', 'Linux', 'desktop', 'Asia/Jakarta', ${feature}, 4200)`.execute(ctx.db.k);
  }
}

async function platformSubject(ta: TestApp, email: string, name: string): Promise<PlatformSubject> {
  const s = await signUp(ta, { email, name, company: `${name} Co` });
  // A visitor of the platform's site who allowed analytics signs in again from that browser: a
  // second session (more than one to revoke), and the visitor id linked to the account.
  const visitorId = `platform-visitor-${name.toLowerCase()}-0001`;
  await allowAnalytics(ta, visitorId, null);
  await addEvents(ta.ctx, null, visitorId, `${name.toLowerCase()}-before-sign-in`);
  const again = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: nextIp(), headers: { cookie: `${VISITOR_COOKIE}=${visitorId}` }, payload: { email, password: 'correct horse battery' } });
  expect(again.statusCode).toBe(200);
  await addEvents(ta.ctx, null, visitorId, `${name.toLowerCase()}-signed-in`);
  const prefs = await ta.app.inject({ method: 'PUT', url: '/api/v1/me/email-preferences', headers: { cookie: s.cookie }, payload: { productUpdates: true, promotions: true } });
  expect(prefs.statusCode, prefs.body).toBe(200);
  const req = await ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests', payload: { type: 'access', email, details: `Please send ${name} everything` } });
  expect(req.statusCode, req.body).toBe(202);
  return { email, userId: s.userId, cookie: s.cookie, visitorId };
}

async function contactSubject(ta: TestApp, cookie: string, workspaceId: string, who: { first: string; email: string; second: string; phone: string }): Promise<ContactSubject> {
  const call = async (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const res = await ta.app.inject({ method, url, payload, headers: { cookie } });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return json(res);
  };
  const c = await call('POST', '/api/v1/contacts', {
    firstName: who.first,
    lastName: 'Santoso',
    email: who.email,
    emails: [{ email: who.email, label: 'work' }, { email: who.second, label: 'home' }],
    phone: who.phone,
    title: 'Buyer',
    city: 'Bandung',
    tags: ['vip'],
  });
  const id = String(c.id);
  await call('PATCH', `/api/v1/contacts/${id}`, { title: 'Head buyer' });
  await call('POST', '/api/v1/activities', { type: 'note', subject: `Call with ${who.first}`, body: `${who.first} asked for a quote`, contactId: id });
  await call('POST', '/api/v1/deals', { name: `Deal ${who.first}`, contactIds: [id] });
  await call('POST', `/api/v1/contacts/${id}/consents`, { purpose: 'marketing', granted: true, source: 'form' });
  // A workspace-scope request from the contact's address: its verification mail lands in the outbox.
  const req = await ta.app.inject({ method: 'POST', url: '/public/v1/privacy-requests', payload: { type: 'access', email: who.email, workspaceId, details: `About ${who.first}` } });
  expect(req.statusCode, req.body).toBe(202);
  // A visitor of the workspace's site, linked to the contact (as a form sent with analytics allowed does).
  const visitorId = `site-visitor-${who.first.toLowerCase()}-0001`;
  await allowAnalytics(ta, visitorId, workspaceId);
  expect(await linkVisitor(ta.ctx, { workspaceId, visitorId, contactId: id })).toBe('linked');
  await addEvents(ta.ctx, workspaceId, visitorId, who.first.toLowerCase());
  return { email: who.email, secondEmail: who.second, phone: who.phone, contactId: id, visitorId };
}

export async function makeSubjects(ta: TestApp): Promise<Subjects> {
  const owner = await signUp(ta, { email: 'owner@toko.example', name: 'Owner' });
  const hook = await ta.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { cookie: owner.cookie }, payload: { url: 'http://hooks.example/kodepos', events: ['contact.*'] } });
  expect(hook.statusCode, hook.body).toBe(201);
  const a = await contactSubject(ta, owner.cookie, owner.workspaceId, { first: 'Citra', email: 'citra@pelanggan.example', second: 'citra.home@rumah.example', phone: '+62 812 3456 7890' });
  const b = await contactSubject(ta, owner.cookie, owner.workspaceId, { first: 'Dodi', email: 'dodi@pelanggan.example', second: 'dodi.home@rumah.example', phone: '+62 813 1111 2222' });
  const ua = await platformSubject(ta, 'ana@kodepos.example', 'Ana');
  const ub = await platformSubject(ta, 'bayu@kodepos.example', 'Bayu');
  const unlinked = { platform: 'platform-visitor-unlinked-0001', workspace: 'site-visitor-unlinked-0001' };
  await addEvents(ta.ctx, null, unlinked.platform, 'unlinked');
  await addEvents(ta.ctx, owner.workspaceId, unlinked.workspace, 'unlinked');
  await addEvents(ta.ctx, null, null, 'anonymous');
  await addEvents(ta.ctx, owner.workspaceId, null, 'anonymous');
  await ta.drain();
  return { workspaceId: owner.workspaceId, ownerCookie: owner.cookie, users: { a: ua, b: ub }, contacts: { a, b }, unlinked };
}

export interface Planted {
  table: string;
  column: string;
  key: string;
  canary: string;
  held: boolean;
}

/**
 * Writes a unique canary into every personal text or JSON column of every row of `rows` (JSON
 * columns get a one-element list, so they stay JSON). Generic over the data map: whatever table
 * links to the subject is covered.
 */
export async function plantCanaries(ctx: AppContext, rows: SubjectRows, prefix: string, counter: { n: number }): Promise<Planted[]> {
  const plan = subjectPlan(rows.scope, ctx.db.dialect);
  const out: Planted[] = [];
  for (const [table, keys] of Object.entries(rows.tables)) {
    const t = plan.get(table);
    if (!t) continue;
    const types = await columnTypes(ctx.db.k, ctx.db.dialect, table);
    const cols = liveColumnsOf(t.entry, ctx.db.dialect).filter(([c, e]) => e.personal && types.get(c)?.text && !types.get(c)?.generated && !types.get(c)?.references);
    for (const key of keys) {
      const current = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${rowFilter(t, rows.scope, [key])}`.execute(ctx.db.k)).rows[0];
      if (!current) continue;
      const sets: RawBuilder<unknown>[] = [];
      for (const [c, e] of cols) {
        const canary = `qz${prefix}${String(counter.n++).padStart(5, '0')}zq`;
        const v = current[c];
        const isJson = types.get(c)?.json || (typeof v === 'string' && /^\s*[[{]/.test(v));
        sets.push(sql`${sql.ref(c)} = ${isJson ? JSON.stringify([canary]) : canary}`);
        out.push({ table, column: c, key, canary, held: e.personal && e.erasure === 'keep' });
      }
      if (sets.length > 0) await sql`update ${sql.table(table)} set ${sql.join(sets)} where ${rowFilter(t, rows.scope, [key])}`.execute(ctx.db.k);
    }
  }
  return out;
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The bytes the erasure must have cleaned: the data directory (SQLite file, WAL, outbox, exports, journal) and on PostgreSQL a pg_dump of the schema. */
export function rawCopies(ta: TestApp): Buffer[] {
  const bufs = filesUnder(ta.t.dataDir).map((f) => readFileSync(f));
  const pgInfo = ta.t.db.pg;
  if (ta.t.db.dialect === 'postgres' && pgInfo) {
    bufs.push(execFileSync('/usr/bin/pg_dump', ['--schema', pgInfo.schema, '--no-owner', pgInfo.url], { maxBuffer: 256 * 1024 * 1024 }));
  }
  return bufs;
}

export type Snapshot = Record<string, Record<string, unknown>[]>;

/** Every row of `rows` as stored now (a stand-in for a backup). */
export async function snapshotRows(ctx: AppContext, rows: SubjectRows): Promise<Snapshot> {
  const plan = subjectPlan(rows.scope, ctx.db.dialect);
  const out: Snapshot = {};
  for (const [table, keys] of Object.entries(rows.tables)) {
    const t = plan.get(table);
    // Tables without personal columns (the audit log) are not erased, so there is nothing to restore.
    if (!t || !Object.values<ColumnEntry>(t.entry.columns).some((c) => c.personal)) continue;
    out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${rowFilter(t, rows.scope, keys)}`.execute(ctx.db.k)).rows;
  }
  return out;
}

/** Puts a snapshot back, as restoring a backup from before the erasure would: changed rows rewritten, deleted rows inserted again. */
export async function restoreSnapshot(ctx: AppContext, scope: PrivacyScope, snap: Snapshot): Promise<void> {
  const plan = subjectPlan(scope, ctx.db.dialect);
  // Subject rows first, then direct links, then tables linking through those.
  const order = Object.keys(snap).sort((a, b) => weight(plan.get(a)) - weight(plan.get(b)));
  for (const table of order) {
    const t = plan.get(table);
    if (!t) continue;
    const types = await columnTypes(ctx.db.k, ctx.db.dialect, table);
    const rows = snap[table] ?? [];
    // Rows keyed by their link (link tables, search entries) come back whole.
    if (t.keyColumn !== 'id' && rows.length > 0) {
      const keys = [...new Set(rows.map((r) => String(r[t.keyColumn])))];
      await sql`delete from ${sql.table(table)} where ${rowFilter(t, scope, keys)}`.execute(ctx.db.k);
    }
    for (const row of rows) {
      const cols = Object.keys(row).filter((c) => types.has(c) && !types.get(c)?.generated);
      const val = (c: string): unknown => {
        const v = row[c];
        return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
      };
      if (t.keyColumn === 'id') {
        const upd = await sql`update ${sql.table(table)} set ${sql.join(cols.map((c) => sql`${sql.ref(c)} = ${val(c)}`))} where id = ${String(row.id)}`.execute(ctx.db.k);
        if (Number(upd.numAffectedRows ?? 0) > 0) continue;
      }
      await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values (${sql.join(cols.map(val))})`.execute(ctx.db.k);
    }
  }
}

const weight = (t: ScopeTable | undefined): number => (!t ? 3 : t.links.length === 0 ? 0 : t.links.every((l) => l.table === 'users' || l.table === 'contacts') ? 1 : 2);
