import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacHex } from '../../lib/crypto.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import type { PersonalColumn } from './datamap/types.js';
import { makeSubjects, type Subjects } from './engine-test-support.js';
import { erasedValue, eraseSubject, type ColumnType } from './erasure.js';
import { readJournal } from './journal.js';
import { resolveSubject } from './subject.js';

const text: ColumnType = { type: 'text', notNull: false, json: false, text: true, generated: false, references: false };
const col = (erasure: 'null' | 'mask' | 'pseudonymise' | 'delete_row', category: PersonalColumn['category'] = 'contact'): PersonalColumn => ({ personal: true, category, erasure, description: 'x' });

describe('erasure strategies', () => {
  it('nulls, masks with markers that fit the column, and pseudonymises with a keyed, idempotent hash', () => {
    expect(erasedValue('phone', col('null'), '+62 812', 'k', text, 's')).toBeNull();
    // A NOT NULL column gets a marker instead of NULL.
    expect(erasedValue('name', col('null'), 'Ana', 'k', { ...text, notNull: true }, 's')).toBe('erased');
    expect(erasedValue('name', col('mask', 'identity'), 'Ana', 'k', text, 's')).toBe('erased');
    // Addresses are unique: one marker per row.
    expect(erasedValue('email', col('mask'), 'ana@x.example', 'usr_1', text, 's')).toBe('erased-usr_1@invalid');
    expect(erasedValue('password_hash', col('mask', 'credential'), '$argon2id$…', 'k', text, 's')).toBe('!erased');
    // JSON keeps its shape, as text on SQLite and as JSON on PostgreSQL.
    expect(erasedValue('emails', col('mask'), '[{"email":"a@b.example"}]', 'k', text, 's')).toBe('[]');
    expect(erasedValue('custom_fields', col('mask', 'content'), '{"a":1}', 'k', text, 's')).toBe('{}');
    expect(erasedValue('tags', col('mask', 'content'), ['vip'], 'k', { ...text, type: 'jsonb', json: true }, 's')).toBe('[]');
    expect(erasedValue('emails', col('mask'), '[{"email":"a@b.example"}]', 'k', { ...text, type: 'jsonb', json: true }, 's')).toBe('[]');
    // A text column holding something that merely looks like JSON text stays text.
    expect(erasedValue('name', col('mask', 'identity'), '"Ana"', 'k', text, 's')).toBe('erased');
    expect(erasedValue('x', col('mask'), null, 'k', text, 's')).toBeNull();
    const h = erasedValue('email', col('pseudonymise'), ' Ana@X.example ', 'k', text, 'secret');
    expect(h).toBe(hmacHex('secret', 'ana@x.example'));
    expect(erasedValue('email', col('pseudonymise'), h, 'k', text, 'secret')).toBe(h);
    expect(erasedValue('role', col('delete_row'), 'owner', 'k', text, 's')).toBeUndefined();
    expect(erasedValue('at', { personal: true, category: 'consent', erasure: 'keep', holdYears: 5, description: 'x' }, 'then', 'k', text, 's')).toBeUndefined();
  });
});

describe.each(testDialects)('erasing a subject on %s', (dialect) => {
  let ta: TestApp;
  let s: Subjects;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    s = await makeSubjects(ta);
  }, 120_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('applies each column strategy to a contact, keeps holds, forgets the search entry and journals ids only', async () => {
    const k = ta.ctx.db.k;
    const scope = { kind: 'workspace' as const, workspaceId: s.workspaceId };
    const rows = await resolveSubject(ta.ctx, scope, { emails: [s.contacts.a.email], phones: [] });
    const report = await eraseSubject(ta.ctx, scope, rows, { actor: { type: 'user', id: null } });
    const c = await k.selectFrom('contacts').selectAll().where('id', '=', s.contacts.a.contactId).executeTakeFirstOrThrow();
    expect([c.first_name, c.last_name, c.email, c.phone, c.title, c.city, c.phone_digits]).toEqual(['erased', 'erased', `erased-${c.id}@invalid`, null, null, null, null]);
    expect(typeof c.emails === 'string' ? JSON.parse(c.emails) : c.emails).toEqual([]);
    expect(await k.selectFrom('activities').select('id').where('contact_id', '=', c.id).execute()).toEqual([]);
    expect(await k.selectFrom('deal_contacts').select('deal_id').where('contact_id', '=', c.id).execute()).toHaveLength(1);
    expect(await k.selectFrom('webhook_deliveries').select('id').where('object_id', '=', c.id).execute()).toEqual([]);
    // Consent is kept as proof (purpose, grant, time), without the browser details.
    const consent = await k.selectFrom('consent_records').selectAll().where('contact_id', '=', c.id).execute();
    expect(consent.length).toBeGreaterThan(0);
    expect(consent.every((r) => r.purpose === 'marketing' && r.user_agent === null)).toBe(true);
    expect(report.legalHolds.find((h) => h.table === 'consent_records')?.holdYears).toBe(5);
    // The request survives as proof, its address as a keyed hash.
    const req = await k.selectFrom('privacy_requests').select(['email', 'details']).where('workspace_id', '=', s.workspaceId).execute();
    expect(req.map((r) => r.email)).toContain(hmacHex(ta.ctx.secret, s.contacts.a.email));
    expect(req.map((r) => r.email)).toContain(s.contacts.b.email);
    const searchFor = async (q: string): Promise<string> => (await ta.app.inject({ method: 'GET', url: `/api/v1/search?q=${q}`, headers: { cookie: s.ownerCookie } })).body;
    expect(await searchFor('citra')).not.toContain(c.id);
    expect(await searchFor('dodi')).toContain(s.contacts.b.contactId);
    const journal = readJournal(ta.ctx);
    expect(journal.at(-1)?.roots).toEqual([{ table: 'contacts', id: c.id }]);
    expect(JSON.stringify(journal)).not.toContain('@');
    const auditRow = await k.selectFrom('audit_log').select(['details', 'action']).where('action', '=', 'privacy.subject_erased').executeTakeFirstOrThrow();
    expect(JSON.stringify(auditRow.details)).not.toContain('citra');
    // The address no longer finds anyone.
    const again = await resolveSubject(ta.ctx, scope, { emails: [s.contacts.a.email], phones: [] });
    expect(again.roots).toEqual([]);
  });

  it('closes an account: masked, anonymised, sessions deleted, other accounts untouched', async () => {
    const k = ta.ctx.db.k;
    const rows = await resolveSubject(ta.ctx, { kind: 'platform' }, { emails: [s.users.a.email], phones: [], userId: s.users.a.userId });
    await eraseSubject(ta.ctx, { kind: 'platform' }, rows, { actor: { type: 'subject', id: null } });
    const u = await k.selectFrom('users').selectAll().where('id', '=', s.users.a.userId).executeTakeFirstOrThrow();
    expect([u.status, u.name, u.password_hash, u.phone, u.totp_secret]).toEqual(['anonymised', 'erased', '!erased', null, null]);
    expect(await k.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
    expect(await k.selectFrom('workspace_members').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
    expect((await k.selectFrom('sessions').select('id').where('user_id', '=', s.users.b.userId).execute()).length).toBe(2);
    const login = await ta.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.users.a.email, password: 'correct horse battery' } });
    expect(login.statusCode).toBe(401);
    expect((await ta.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.users.b.cookie } })).statusCode).toBe(200);
  });
});
