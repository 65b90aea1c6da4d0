import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import type { SubjectRows } from './engine-types.js';
import { makeSubjects, type Subjects } from './engine-test-support.js';
import { leadingIndexColumns, linkLookup, resolveSubject, rowFilter, scopeTables } from './subject.js';

const overlap = (x: SubjectRows, y: SubjectRows): string[] =>
  Object.entries(x.tables).flatMap(([t, keys]) => keys.filter((k) => y.tables[t]?.includes(k)).map((k) => `${t}:${k}`));

describe.each(testDialects)('subject resolution on %s', (dialect) => {
  let ta: TestApp;
  let s: Subjects;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    s = await makeSubjects(ta);
  }, 60_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('finds a contact by primary address, secondary address or phone, with every linked table and nothing of another contact', async () => {
    const scope = { kind: 'workspace' as const, workspaceId: s.workspaceId };
    const a = await resolveSubject(ta.ctx, scope, { emails: [s.contacts.a.email.toUpperCase()], phones: [] });
    expect(a.roots).toEqual([{ table: 'contacts', id: s.contacts.a.contactId }]);
    const search = dialect === 'sqlite' ? 'search_fts' : 'search_documents';
    for (const t of ['contacts', 'activities', 'timeline_events', 'deal_contacts', search, 'webhook_deliveries', 'consent_records', 'privacy_requests']) {
      expect(a.tables[t]?.length ?? 0, t).toBeGreaterThan(0);
    }
    expect(a.tables.users).toBeUndefined();
    expect(a.tables.sessions).toBeUndefined();
    const byPhone = await resolveSubject(ta.ctx, scope, { emails: [], phones: ['0812-3456-7890'.replace(/^0/, '+62 ')] });
    const bySecond = await resolveSubject(ta.ctx, scope, { emails: [s.contacts.a.secondEmail], phones: [] });
    expect(bySecond.roots).toEqual(a.roots);
    expect(byPhone.roots.map((r) => r.id)).toContain(s.contacts.a.contactId);
    const b = await resolveSubject(ta.ctx, scope, { emails: [s.contacts.b.email], phones: [] });
    expect(b.roots).toEqual([{ table: 'contacts', id: s.contacts.b.contactId }]);
    expect(overlap(a, b)).toEqual([]);
    // A substring of a longer address is not the person.
    expect((await resolveSubject(ta.ctx, scope, { emails: ['ome@rumah.example'], phones: [] })).roots).toEqual([]);
    // Another workspace sees nobody.
    expect((await resolveSubject(ta.ctx, { kind: 'workspace', workspaceId: 'wsp_nobody' }, { emails: [s.contacts.a.email], phones: [] })).roots).toEqual([]);
  });

  it('finds an account by address or id with its sessions, consent, requests and memberships, and nothing of another account', async () => {
    const scope = { kind: 'platform' as const };
    const a = await resolveSubject(ta.ctx, scope, { emails: [s.users.a.email], phones: [] });
    expect(a.roots).toEqual([{ table: 'users', id: s.users.a.userId }]);
    for (const t of ['users', 'sessions', 'workspace_members', 'audit_log', 'consent_records', 'privacy_requests', 'policy_acceptances']) {
      expect(a.tables[t]?.length ?? 0, t).toBeGreaterThan(0);
    }
    expect(a.tables.sessions).toHaveLength(2);
    expect(a.tables.contacts).toBeUndefined();
    const byId = await resolveSubject(ta.ctx, scope, { emails: [], phones: [], userId: s.users.a.userId });
    expect(byId.tables.sessions).toEqual(a.tables.sessions);
    const b = await resolveSubject(ta.ctx, scope, { emails: [s.users.b.email], phones: [] });
    expect(overlap(a, b)).toEqual([]);
    // Workspace-scope requests and consent are not the platform's.
    const contactReqs = await resolveSubject(ta.ctx, scope, { emails: [s.contacts.a.email], phones: [] });
    expect(contactReqs.roots).toEqual([]);
    expect(contactReqs.tables.privacy_requests).toBeUndefined();
  });

  it('finds the analytics events of the visitor ids linked to the subject, in its scope only, and no anonymous or unlinked events', async () => {
    const k = ta.ctx.db.k;
    const eventsOf = async (workspaceId: string | null, visitorId: string | null): Promise<string[]> => {
      let q = k.selectFrom('analytics_events').select('id');
      q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
      q = visitorId === null ? q.where('visitor_id', 'is', null) : q.where('visitor_id', '=', visitorId);
      return (await q.execute()).map((r) => String(r.id)).sort();
    };
    const ws = { kind: 'workspace' as const, workspaceId: s.workspaceId };
    const contact = await resolveSubject(ta.ctx, ws, { emails: [s.contacts.a.email], phones: [] });
    const contactVisitors = await k.selectFrom('analytics_visitors').select('id').where('contact_id', '=', s.contacts.a.contactId).execute();
    expect(contact.tables.analytics_visitors).toEqual(contactVisitors.map((r) => r.id));
    expect(contact.tables.analytics_events).toEqual(await eventsOf(s.workspaceId, s.contacts.a.visitorId));
    expect(contact.tables.analytics_events).toHaveLength(3);
    // Events recorded before the sign-in that linked the id are found as well as those after.
    const user = await resolveSubject(ta.ctx, { kind: 'platform' }, { emails: [s.users.a.email], phones: [] });
    expect(user.tables.analytics_visitors).toHaveLength(1);
    expect(user.tables.analytics_events).toEqual(await eventsOf(null, s.users.a.visitorId));
    expect(user.tables.analytics_events).toHaveLength(6);
    // The visitor's own banner choice (recorded under the id before it was linked) is the person's too.
    const visitorChoices = async (workspaceId: string | null, visitorId: string): Promise<string[]> => {
      let q = k.selectFrom('consent_records').select('id').where('visitor_id', '=', visitorId);
      q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
      return (await q.execute()).map((r) => r.id);
    };
    const contactChoices = await visitorChoices(s.workspaceId, s.contacts.a.visitorId);
    const userChoices = await visitorChoices(null, s.users.a.visitorId);
    expect(contactChoices.length).toBeGreaterThan(0);
    expect(userChoices.length).toBeGreaterThan(0);
    for (const c of contactChoices) expect(contact.tables.consent_records).toContain(c);
    for (const c of userChoices) expect(user.tables.consent_records).toContain(c);
    expect(user.tables.consent_records).not.toContain((await visitorChoices(null, s.users.b.visitorId))[0]);
    const mine = new Set([...(contact.tables.analytics_events ?? []), ...(user.tables.analytics_events ?? [])]);
    for (const other of [await eventsOf(null, null), await eventsOf(s.workspaceId, null), await eventsOf(null, s.unlinked.platform), await eventsOf(s.workspaceId, s.unlinked.workspace), await eventsOf(null, s.users.b.visitorId)]) {
      expect(other.length).toBeGreaterThan(0);
      expect(other.filter((id) => mine.has(id))).toEqual([]);
    }
  });

  it('reads events by analytics_events_visitor_idx and rows by their key, however big the site is', async () => {
    const k = ta.ctx.db.k;
    const explain = async (q: RawBuilder<unknown>): Promise<string> => {
      if (dialect === 'sqlite') return JSON.stringify((await sql`explain query plan ${q}`.execute(k)).rows);
      // Without statistics a small table is read whole or by any index; forbidding the whole read shows which index the query lets it use.
      return k.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return JSON.stringify((await sql`explain ${q}`.execute(trx)).rows);
      });
    };
    for (const scope of [{ kind: 'platform' as const }, { kind: 'workspace' as const, workspaceId: s.workspaceId }]) {
      const t = scopeTables(scope, dialect).find((x) => x.table === 'analytics_events');
      const link = t?.links[0];
      if (!t || !link) throw new Error('analytics_events is not planned');
      expect(await leadingIndexColumns(k, dialect, 'analytics_events')).toEqual(new Set(['id', 'visitor_id', 'page_id', 'workspace_id']));
      const lookup = await explain(linkLookup(t, scope, link, [s.users.a.visitorId, s.contacts.a.visitorId], true));
      expect(lookup, scope.kind).toContain('analytics_events_visitor_idx');
      expect(lookup, scope.kind).not.toContain('analytics_events_ws_day_idx');
      // Export and erasure read and delete by the keys resolution found.
      const byKey = await explain(sql`select id from analytics_events where ${rowFilter(t, scope, ['1', '2'])}`);
      expect(byKey, scope.kind).toMatch(dialect === 'sqlite' ? /INTEGER PRIMARY KEY/ : /analytics_events_pkey/);
    }
  });

  it('falls back to a pass over the workspace when an address is too common for the search index to narrow down', async () => {
    const shared = 'info@shared.example';
    const ids: string[] = [];
    for (let i = 0; i < 205; i++) {
      const res = await ta.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { cookie: s.ownerCookie }, payload: { firstName: `Shared${i}`, email: `own${i}@shared.example`, emails: [{ email: `own${i}@shared.example` }, { email: shared }] } });
      ids.push((JSON.parse(res.body) as { id: string }).id);
    }
    // Every one of them carries the words of the shared address, so the index names over 200 candidates.
    const rows = await resolveSubject(ta.ctx, { kind: 'workspace', workspaceId: s.workspaceId }, { emails: [shared], phones: [] });
    expect(rows.roots.map((r) => r.id).sort()).toEqual(ids.sort());
  }, 60_000);

  it('plans only tables of the scope and of this database', () => {
    const ws = scopeTables({ kind: 'workspace', workspaceId: 'w' }, dialect).map((t) => t.table);
    const pf = scopeTables({ kind: 'platform' }, dialect).map((t) => t.table);
    expect(ws).toContain(dialect === 'sqlite' ? 'search_fts' : 'search_documents');
    expect(ws).not.toContain(dialect === 'sqlite' ? 'search_documents' : 'search_fts');
    expect(ws).not.toContain('sessions');
    expect(pf).toContain('sessions');
    expect(pf).not.toContain('activities');
    // Parents before the tables linking through them.
    expect(pf.indexOf('privacy_requests')).toBeLessThan(pf.indexOf('privacy_corrections'));
  });
});
