/**
 * The canary test (DESIGN invariant 5): a unique value in every personal column of every row of
 * one subject per scope; after erasure none of them is anywhere in the raw database (SQLite file
 * with WAL and shared memory, or a pg_dump), nor in the data directory, but in columns under a
 * legal hold; the other subjects' canaries are all still there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/crypto.js';
import { createTestApp, readOutbox, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import type { SubjectRows } from './engine-types.js';
import { makeSubjects, plantCanaries, rawCopies, restoreSnapshot, snapshotRows, type Planted, type Subjects } from './engine-test-support.js';
import { eraseSubject, replayErasures } from './erasure.js';
import { buildExport, exportsDir } from './export.js';
import { JOURNAL_FILE } from './journal.js';
import { resolveSubject, rowFilter, subjectPlan } from './subject.js';

const OPERATOR = { type: 'operator' as const, id: null };

function found(bufs: Buffer[], planted: Planted[]): Planted[] {
  return planted.filter((p) => bufs.some((b) => b.includes(p.canary)));
}

async function stillStored(ta: TestApp, rows: SubjectRows, p: Planted): Promise<boolean> {
  const t = subjectPlan(rows.scope, ta.ctx.db.dialect).get(p.table);
  if (!t) return false;
  const r = await sql<Record<string, unknown>>`select ${sql.ref(p.column)} as v from ${sql.table(p.table)} where ${rowFilter(t, rows.scope, [p.key])}`.execute(ta.ctx.db.k);
  return r.rows.some((x) => JSON.stringify(x.v ?? null).includes(p.canary));
}

describe.each(testDialects)('the canary erasure test on %s', (dialect) => {
  let ta: TestApp;
  let s: Subjects;
  beforeAll(async () => {
    ta = await createTestApp(dialect);
    s = await makeSubjects(ta);
  }, 120_000);
  afterAll(async () => {
    await ta?.close();
  });

  it('leaves no canary of the erased subjects anywhere, keeps the others, and replays after a restore', async () => {
    const ctx = ta.ctx;
    const ws = { kind: 'workspace' as const, workspaceId: s.workspaceId };
    const pf = { kind: 'platform' as const };
    const contactA = await resolveSubject(ctx, ws, { emails: [s.contacts.a.email], phones: [] });
    const contactB = await resolveSubject(ctx, ws, { emails: [s.contacts.b.email], phones: [] });
    const userA = await resolveSubject(ctx, pf, { emails: [s.users.a.email], phones: [] });
    const userB = await resolveSubject(ctx, pf, { emails: [s.users.b.email], phones: [] });
    // An export of each subject A lies in DATA_DIR, waiting for its download.
    const exportA = await buildExport(ctx, ws, contactA, { requestId: contactA.tables.privacy_requests?.[0] });
    const exportU = await buildExport(ctx, pf, userA, { userId: s.users.a.userId });
    const contactA2 = await resolveSubject(ctx, ws, { emails: [s.contacts.a.email], phones: [] });
    const userA2 = await resolveSubject(ctx, pf, { emails: [s.users.a.email], phones: [] });

    const n = { n: 0 };
    const plantedA = [...(await plantCanaries(ctx, contactA2, 'aa', n)), ...(await plantCanaries(ctx, userA2, 'aa', n))];
    const plantedB = [...(await plantCanaries(ctx, contactB, 'bb', n)), ...(await plantCanaries(ctx, userB, 'bb', n))];
    const columnsCovered = new Set(plantedA.map((p) => `${p.table}.${p.column}`));
    // The analytics rows of both scopes carry canaries too: the visitor ids linked to A, and the paths and campaign tags of their events.
    for (const c of ['analytics_visitors.visitor_id', 'analytics_events.visitor_id', 'analytics_events.path', 'analytics_events.utm_source', 'analytics_events.utm_campaign', 'analytics_events.referrer_host']) expect(columnsCovered, c).toContain(c);
    expect(plantedA.filter((p) => p.table === 'analytics_events' && p.column === 'path')).toHaveLength(3 + 6);
    const eventsOfA = new Set([...(contactA2.tables.analytics_events ?? []), ...(userA2.tables.analytics_events ?? [])]);
    const analyticsOthers = async (): Promise<number> => (await ctx.db.k.selectFrom('analytics_events').select('id').execute()).filter((r) => !eventsOfA.has(String(r.id))).length;
    const othersBefore = await analyticsOthers();
    // Names, addresses, phones, JSON lists, activity text, timeline changes, webhook payloads, search entries, requests, consent, sessions …
    expect(columnsCovered.size, [...columnsCovered].join(' ')).toBeGreaterThanOrEqual(dialect === 'sqlite' ? 55 : 40);
    const before = rawCopies(ta);
    expect(found(before, plantedB).length).toBeGreaterThan(0);
    const snapshot = { ws: await snapshotRows(ctx, contactA2), pf: await snapshotRows(ctx, userA2) };
    const outboxBefore = await readOutbox(ta.t.dataDir);
    expect(outboxBefore.some((m) => m.to.includes(s.contacts.a.email))).toBe(true);

    const reportC = await eraseSubject(ctx, ws, contactA2, { actor: OPERATOR });
    const reportU = await eraseSubject(ctx, pf, userA2, { actor: OPERATOR });

    const leaked = found(rawCopies(ta), plantedA).filter((p) => !p.held);
    expect(leaked.map((p) => `${p.table}.${p.column}`)).toEqual([]);
    // Held columns are the only survivors, and none of them is an address, a name or free text.
    const heldLeft = found(rawCopies(ta), plantedA);
    for (const p of heldLeft) expect(['consent_records', 'policy_acceptances', 'privacy_requests'], `${p.table}.${p.column}`).toContain(p.table);
    expect(reportC.legalHolds.map((h) => h.table)).toContain('consent_records');
    // A's visitor links and events are gone in both scopes; B's, the unlinked visitors' and the anonymous events all stay.
    for (const report of [reportC, reportU]) {
      expect(report.tables.find((t) => t.table === 'analytics_events')).toMatchObject({ action: 'delete_row', rows: report === reportC ? 3 : 6 });
      expect(report.tables.find((t) => t.table === 'analytics_visitors')).toMatchObject({ action: 'delete_row', rows: 1 });
    }
    expect(await ctx.db.k.selectFrom('analytics_visitors').select('id').where('visitor_id', 'in', [s.users.a.visitorId, s.contacts.a.visitorId]).execute()).toEqual([]);
    // Neither does the visitor id itself, nor the address and browser of its banner choices (the choices' proof stays).
    expect(found(rawCopies(ta), [s.users.a.visitorId, s.contacts.a.visitorId].map((v) => ({ table: 'consent_records', column: 'visitor_id', key: v, canary: v, held: false })))).toEqual([]);
    expect(await analyticsOthers()).toBe(othersBefore);
    // Subject B is untouched, row by row.
    const missingB: string[] = [];
    for (const p of plantedB) if (!(await stillStored(ta, p.table === 'users' || p.table === 'sessions' || !contactB.tables[p.table]?.includes(p.key) ? userB : contactB, p))) missingB.push(`${p.table}.${p.column}`);
    expect(missingB).toEqual([]);

    // Files: the exports and the mails to A are gone, B's mails stay; the journal holds ids only.
    // Both archives were linked to their subject (by request, by account): row and file are gone.
    expect(await ctx.db.k.selectFrom('privacy_exports').select('id').where('id', 'in', [exportA.exportId, exportU.exportId]).execute()).toEqual([]);
    expect(readdirSync(exportsDir(ctx))).toEqual([]);
    const outboxAfter = await readOutbox(ta.t.dataDir);
    expect(outboxAfter.filter((m) => m.to.includes(s.contacts.a.email) || m.to.includes(s.users.a.email))).toEqual([]);
    expect(outboxAfter.some((m) => m.to.includes(s.contacts.b.email))).toBe(true);
    expect(reportC.filesRemoved + reportU.filesRemoved).toBeGreaterThanOrEqual(3);
    const journal = rawCopies(ta).map((b) => b.toString('latin1')).join('\n');
    expect(journal.includes(s.contacts.a.email)).toBe(false);
    expect(existsSync(join(ta.t.dataDir, JOURNAL_FILE))).toBe(true);

    // Processors get one task each for the contact, by a hash of the address; the mail server gets none.
    expect(reportC.processorTasks.sort()).toEqual(['brevo', 'linkedin', 'mailchimp', 'meta']);
    const tasks = await ctx.db.k.selectFrom('processor_deletion_tasks').select(['recipient', 'subject_ref']).execute();
    expect(tasks.map((t) => t.subject_ref)).toContain(sha256Hex(s.contacts.a.email));
    expect(reportU.processorTasks).toEqual([]);

    // The account is closed.
    const user = await ctx.db.k.selectFrom('users').select(['status', 'email']).where('id', '=', s.users.a.userId).executeTakeFirstOrThrow();
    expect(user.status).toBe('anonymised');
    expect(user.email).toBe(`erased-${s.users.a.userId}@invalid`);
    expect((await ta.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.users.a.cookie } })).statusCode).toBe(401);
    // (B's session tokens hold canaries now, so B is checked in the table.)
    expect((await ctx.db.k.selectFrom('users').select('status').where('id', '=', s.users.b.userId).executeTakeFirstOrThrow()).status).toBe('active');

    // A backup from before the erasure comes back: the journal erases it again, once.
    await restoreSnapshot(ctx, ws, snapshot.ws);
    await restoreSnapshot(ctx, pf, snapshot.pf);
    expect(found(rawCopies(ta), plantedA).filter((p) => !p.held).length).toBeGreaterThan(0);
    expect(await replayErasures(ctx)).toEqual({ replayed: 2 });
    expect(found(rawCopies(ta), plantedA).filter((p) => !p.held).map((p) => `${p.table}.${p.column}`)).toEqual([]);
    expect(await replayErasures(ctx)).toEqual({ replayed: 0 });
    for (const p of plantedB.slice(0, 20)) expect(await stillStored(ta, contactB.tables[p.table]?.includes(p.key) ? contactB : userB, p), p.canary).toBe(true);
  }, 120_000);
});
