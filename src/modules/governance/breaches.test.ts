import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../../cli/admin.js';
import { DAY, HOUR } from '../../lib/clock.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError, loginCookie, newMails } from '../workspaces/test-support.js';

interface Detail {
  id: string;
  deadlines: { authority: string; subjects: string };
  overdue: { authority: boolean; subjects: boolean };
  authorityNotifiedAt: string | null;
  checklist: { item: string; doneAt: string | null; doneBy: string | null }[];
  timeline: { action: string; actorId: string | null }[];
  recipients: { queued: number; sent: number; failed: number };
  notifyJob: { status: string; done: number; total: number | null } | null;
}

const breach = (over: Record<string, unknown> = {}) => ({
  title: 'Leaked CRM export', awareAt: '2026-03-30T22:00:00Z', nature: 'A CSV export was left on a public share',
  dataCategories: ['contact', 'identity'], approxSubjects: 2, approxRecords: 40,
  consequences: 'Phishing', measures: 'Share removed, links rotated', systems: 'CRM export', ...over,
});

describe.each(testDialects)('breach register on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let other: { cookie: string; userId: string; workspaceId: string };
  let member: { cookie: string; workspaceId: string };
  let officer: { cookie: string; workspaceId: string };
  let operator: { cookie: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@breach.example', name: 'Olga Owner', company: 'Bocor Co' });
    other = await signUp(ta, { email: 'other@breach.example', company: 'Lain Co' });
    const m = await addMember(ta, owner, { email: 'member@breach.example' }, 'member');
    member = { cookie: m.cookie, workspaceId: owner.workspaceId };
    const o = await addMember(ta, owner, { email: 'dpo@breach.example', name: 'Dewi DPO' }, 'privacy_officer');
    officer = { cookie: o.cookie, workspaceId: owner.workspaceId };
    await createOperator(ta.ctx, { email: 'op@breach.example', password: 'operator passphrase 1', name: 'Oscar Op' });
    operator = { cookie: await loginCookie(ta, 'op@breach.example', 'operator passphrase 1') };
  });
  afterAll(async () => {
    await ta.close();
  });

  it('registers a breach and answers both deadlines, 72 hours from awareness across the month end', async () => {
    const res = await call(ta, 'POST', '/api/v1/privacy/breaches', officer, breach());
    expect(res.statusCode, res.body).toBe(201);
    const body = json<{ id: string; deadlines: Record<string, string> }>(res);
    expect(body.deadlines).toEqual({ authority: '2026-04-02T22:00:00.000Z', subjects: '2026-04-02T22:00:00.000Z' });
    const d = json<Detail>(await call(ta, 'GET', `/api/v1/privacy/breaches/${body.id}`, owner));
    expect(d.checklist.map((c) => c.item)).toContain('contain');
    expect(d.timeline.map((t) => t.action)).toEqual(['breach.registered']);
    expect(d.overdue.authority).toBe(ta.ctx.clock.now().getTime() > Date.parse('2026-04-02T22:00:00Z'));
    const list = json<{ data: { id: string }[] }>(await call(ta, 'GET', '/api/v1/privacy/breaches', officer));
    expect(list.data.map((b) => b.id)).toEqual([body.id]);
  });

  it('refuses bad input with validation_failed', async () => {
    for (const bad of [breach({ awareAt: 'yesterday' }), breach({ dataCategories: [] }), breach({ approxSubjects: -1 }), breach({ title: '' }), { title: 'x' }]) {
      expectError(await call(ta, 'POST', '/api/v1/privacy/breaches', officer, bad), 400, 'validation_failed');
    }
  });

  it('lets only privacy officers, owners and platform operators act; other workspaces see 404', async () => {
    expectError(await call(ta, 'POST', '/api/v1/privacy/breaches', member, breach()), 403, 'forbidden');
    expectError(await call(ta, 'GET', '/api/v1/privacy/breaches', member), 403, 'forbidden');
    expectError(await call(ta, 'POST', '/api/v1/privacy/breaches?scope=platform', owner, breach()), 403, 'forbidden');
    expect((await call(ta, 'POST', '/api/v1/privacy/breaches', owner, breach())).statusCode).toBe(201);
    const { id } = json<{ id: string }>(await call(ta, 'POST', '/api/v1/privacy/breaches', officer, breach()));
    expectError(await call(ta, 'GET', `/api/v1/privacy/breaches/${id}`, other), 404, 'not_found');
    expectError(await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/notify`, other), 404, 'not_found');
    expectError(await call(ta, 'GET', `/api/v1/privacy/breaches/${id}?scope=platform`, operator), 404, 'not_found');
    expectError(await call(ta, 'GET', '/api/v1/privacy/breaches/nope', officer), 404, 'not_found');
    const p = await call(ta, 'POST', '/api/v1/privacy/breaches?scope=platform', operator, breach({ awareAt: '2026-10-25T00:30:00+02:00' }));
    expect(p.statusCode, p.body).toBe(201);
    expect(json<{ deadlines: { authority: string } }>(p).deadlines.authority).toBe('2026-10-27T22:30:00.000Z');
    expectError(await call(ta, 'GET', `/api/v1/privacy/breaches/${json<{ id: string }>(p).id}`, officer), 404, 'not_found');
  });

  it('ticks the checklist with who and when; the authority step records the notification', async () => {
    const { id } = json<{ id: string }>(await call(ta, 'POST', '/api/v1/privacy/breaches', officer, breach()));
    const d = json<Detail>(await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/checklist/notify_authority`, officer, { done: true }));
    expect(d.checklist.find((c) => c.item === 'notify_authority')).toMatchObject({ doneAt: expect.any(String), doneBy: expect.any(String) });
    expect(d.authorityNotifiedAt).not.toBeNull();
    expect(d.overdue.authority).toBe(false);
    expect(d.timeline.map((t) => t.action)).toEqual(['breach.registered', 'breach.step_done']);
    expectError(await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/checklist/nonsense`, officer, { done: true }), 404, 'not_found');
  });

  it('finds the affected contacts of the window through the data map and mails them in a job', async () => {
    const t0 = ta.ctx.clock.now();
    for (const [email, locale] of [['ani@subjects.example', 'id'], ['budi@subjects.example', 'en']] as const) {
      expect((await call(ta, 'POST', '/api/v1/contacts', owner, { firstName: 'S', email, locale })).statusCode).toBe(201);
    }
    // Another workspace's contact in the same window, and one of ours outside it.
    await call(ta, 'POST', '/api/v1/contacts', other, { firstName: 'X', email: 'foreign@subjects.example' });
    ta.clock.advance(10 * DAY);
    await call(ta, 'POST', '/api/v1/contacts', owner, { firstName: 'L', email: 'later@subjects.example' });

    const { id } = json<{ id: string }>(await call(ta, 'POST', '/api/v1/privacy/breaches', officer, breach()));
    const tables = json<{ data: { table: string }[] }>(await call(ta, 'GET', '/api/v1/privacy/breaches/tables', officer));
    expect(tables.data.map((t) => t.table)).toContain('contacts');
    const window = { from: new Date(t0.getTime() - HOUR).toISOString(), to: new Date(t0.getTime() + HOUR).toISOString() };
    expectError(await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/affected`, officer, { tables: ['users'], ...window }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/affected`, officer, { tables: ['contacts'], from: window.to, to: window.from }), 400, 'validation_failed');
    const found = await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/affected`, officer, { tables: ['contacts'], ...window });
    expect(found.statusCode, found.body).toBe(200);
    expect(json<{ subjects: { email: string }[] }>(found).subjects.map((s) => s.email)).toEqual(['ani@subjects.example', 'budi@subjects.example']);

    const n = await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/notify`, officer);
    expect(n.statusCode, n.body).toBe(202);
    expect(json<{ queued: number }>(n).queued).toBe(2);
    const ani = await newMails(ta, 'ani@subjects.example');
    expect(ani.map((m) => m.subject)).toEqual([expect.stringContaining('Pemberitahuan kegagalan pelindungan data pribadi')]);
    expect(ani[0]!.text).toContain('dpo@breach.example');
    expect((await newMails(ta, 'budi@subjects.example')).map((m) => m.subject)).toEqual([expect.stringContaining('Notice of a personal data breach')]);
    expect(await newMails(ta, 'foreign@subjects.example')).toEqual([]);
    expect(await newMails(ta, 'later@subjects.example')).toEqual([]);

    const d = json<Detail>(await call(ta, 'GET', `/api/v1/privacy/breaches/${id}`, officer));
    expect(d.recipients).toEqual({ queued: 0, sent: 2, failed: 0 });
    expect(d.notifyJob).toMatchObject({ status: 'completed', done: 2, total: 2 });
    expect(d.timeline.map((t) => t.action)).toEqual(['breach.registered', 'breach.affected_queried', 'breach.notify_started', 'breach.notify_finished']);
    const audits = await ta.ctx.db.k.selectFrom('audit_log').select('details').where('target_id', '=', id).execute();
    expect(JSON.stringify(audits)).not.toContain('subjects.example');

    // A second notify sends nothing twice.
    expect(json<{ queued: number }>(await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/notify`, officer)).queued).toBe(0);
    expect(await newMails(ta, 'ani@subjects.example')).toEqual([]);
    const r = json<{ data: { status: string }[] }>(await call(ta, 'GET', `/api/v1/privacy/breaches/${id}/recipients`, officer));
    expect(r.data.map((x) => x.status)).toEqual(['sent', 'sent']);
  });

  it('exports the authority report with the GDPR Art. 33(3) and UU PDP fields, as JSON and HTML', async () => {
    const { id } = json<{ id: string }>(await call(ta, 'POST', '/api/v1/privacy/breaches', officer, breach({ detectedAt: '2026-03-29T10:00:00Z' })));
    const res = await call(ta, 'GET', `/api/v1/privacy/breaches/${id}/report`, officer);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      controller: 'Bocor Co',
      gdpr: {
        nature: 'A CSV export was left on a public share', dataCategories: ['contact', 'identity'], approxSubjects: 2, approxRecords: 40,
        dpoContact: { name: 'Dewi DPO', email: 'dpo@breach.example' }, likelyConsequences: 'Phishing', measures: 'Share removed, links rotated',
      },
      uuPdp: { dataConcerned: ['contact', 'identity'], when: { occurredAt: '2026-03-29T10:00:00.000Z', awareAt: '2026-03-30T22:00:00.000Z' }, how: 'A CSV export was left on a public share', handlingAndRecovery: 'Share removed, links rotated' },
    });
    const html = await call(ta, 'GET', `/api/v1/privacy/breaches/${id}/report?format=html`, officer);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Approximate number of data subjects');
    expect(html.body).toContain('Upaya penanganan dan pemulihan');
    expect(html.body).toContain('dpo@breach.example');
  });

  it('mails in batches, marks each recipient sent or failed, and keeps addresses out of the failure text', async () => {
    const { id } = json<{ id: string }>(await call(ta, 'POST', '/api/v1/privacy/breaches', officer, breach()));
    const at = ta.ctx.clock.now().toISOString();
    const rows = Array.from({ length: 120 }, (_, i) => ({ id: `brp_batch_${String(i).padStart(3, '0')}`, breach_id: id, workspace_id: owner.workspaceId, email: `batch${i}@subjects.example`, locale: 'en', status: 'queued' as const, sent_at: null, error: null, created_at: at }));
    await ta.ctx.db.k.insertInto('breach_recipients').values(rows).execute();
    const send = ta.ctx.mailer.send.bind(ta.ctx.mailer);
    ta.ctx.mailer.send = async (msg) => {
      if (msg.to === 'batch7@subjects.example') throw Object.assign(new Error(`550 mailbox ${msg.to} unknown`), { responseCode: 550 });
      return send(msg);
    };
    try {
      expect(json<{ queued: number }>(await call(ta, 'POST', `/api/v1/privacy/breaches/${id}/notify`, officer)).queued).toBe(120);
      await ta.drain();
    } finally {
      ta.ctx.mailer.send = send;
    }
    const d = json<Detail>(await call(ta, 'GET', `/api/v1/privacy/breaches/${id}`, officer));
    expect(d.recipients).toEqual({ queued: 0, sent: 119, failed: 1 });
    expect(d.notifyJob).toMatchObject({ status: 'completed', done: 120, total: 120 });
    const failed = await ta.ctx.db.k.selectFrom('breach_recipients').select(['email', 'error']).where('breach_id', '=', id).where('status', '=', 'failed').execute();
    expect(failed).toEqual([{ email: 'batch7@subjects.example', error: 'delivery failed (550)' }]);
  });
});
