import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import type { SubjectRows } from './engine-types.js';
import { makeSubjects, type Subjects } from './engine-test-support.js';
import { scopeTables, resolveSubject } from './subject.js';

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
