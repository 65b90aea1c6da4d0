import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../lib/clock.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError } from '../workspaces/test-support.js';

interface Detail {
  lateReason: string | null;
  authorityLate: boolean;
  recipients: { queued: number; sent: number; failed: number };
  timeline: { action: string }[];
}
interface Report {
  gdpr: { late: boolean; delayReason: string | null; notifiedAt: string | null };
}

/** After the first notice run: failed notices mailed again, and a late authority notice with the officer's reasons. */
describe.each(testDialects)('breach follow-up on %s', (dialect) => {
  let ta: TestApp;
  let owner: { cookie: string; userId: string; workspaceId: string };
  let other: { cookie: string; userId: string; workspaceId: string };
  let officer: { cookie: string; workspaceId: string };
  const base = '/api/v1/privacy/breaches';
  const register = async (awareAt: string) =>
    json<{ id: string }>(await call(ta, 'POST', base, officer, { title: 'Lost laptop', awareAt, nature: 'An unencrypted laptop was stolen', dataCategories: ['contact'], approxSubjects: 3 })).id;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'owner@followup.example', company: 'Ikut Co' });
    other = await signUp(ta, { email: 'other@followup.example', company: 'Lain Co' });
    const o = await addMember(ta, owner, { email: 'dpo@followup.example', name: 'Dina DPO' }, 'privacy_officer');
    officer = { cookie: o.cookie, workspaceId: owner.workspaceId };
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('retries only the failed notices: the refused address is mailed again once the transport takes it, the sent ones are not', async () => {
    const id = await register(ta.clock.now().toISOString());
    const at = ta.clock.now().toISOString();
    const emails = ['one@subjects.example', 'two@subjects.example', 'three@subjects.example'];
    await ta.ctx.db.k.insertInto('breach_recipients').values(emails.map((email, i) => ({ id: `brp_fu_${i}`, breach_id: id, workspace_id: owner.workspaceId, email, locale: 'en', status: 'queued' as const, sent_at: null, error: null, created_at: at }))).execute();
    const delivered: string[] = [];
    const send = ta.ctx.mailer.send.bind(ta.ctx.mailer);
    let refuse = true;
    ta.ctx.mailer.send = async (msg) => {
      if (refuse && msg.to === 'two@subjects.example') throw Object.assign(new Error('451 try later'), { responseCode: 451 });
      if (msg.to.endsWith('@subjects.example')) delivered.push(msg.to);
      return send(msg);
    };
    try {
      await call(ta, 'POST', `${base}/${id}/notify`, officer);
      await ta.drain();
      expect(json<Detail>(await call(ta, 'GET', `${base}/${id}`, officer)).recipients).toEqual({ queued: 0, sent: 2, failed: 1 });
      refuse = false;
      expectError(await call(ta, 'POST', `${base}/${id}/notify/retry-failed`, other), 404, 'not_found');
      const res = await call(ta, 'POST', `${base}/${id}/notify/retry-failed`, officer);
      expect(res.statusCode, res.body).toBe(202);
      expect(json<{ queued: number; jobId: string | null }>(res)).toMatchObject({ queued: 1, jobId: expect.any(String) as string });
      await ta.drain();
    } finally {
      ta.ctx.mailer.send = send;
    }
    expect(delivered.sort()).toEqual([...emails].sort());
    const d = json<Detail>(await call(ta, 'GET', `${base}/${id}`, officer));
    expect(d.recipients).toEqual({ queued: 0, sent: 3, failed: 0 });
    expect(d.timeline.map((t) => t.action)).toContain('breach.notify_retried');
    // Nothing failed any more: nothing to retry, no job.
    expect(json<{ queued: number; jobId: string | null }>(await call(ta, 'POST', `${base}/${id}/notify/retry-failed`, officer))).toEqual({ queued: 0, jobId: null });
  });

  it('a late authority notice carries the reasons the officer wrote, in the JSON and the printable report', async () => {
    const id = await register(new Date(ta.clock.now().getTime() - 80 * HOUR).toISOString());
    let d = json<Detail>(await call(ta, 'GET', `${base}/${id}`, officer));
    expect(d).toMatchObject({ lateReason: null, authorityLate: true });
    let report = json<Report>(await call(ta, 'GET', `${base}/${id}/report`, officer));
    expect(report.gdpr).toMatchObject({ late: true, delayReason: null });
    expect((await call(ta, 'GET', `${base}/${id}/report?format=html`, officer)).body).toContain('Not given yet: GDPR Art. 33(1) requires the reasons with a late notice');

    const reason = 'The theft was reported to us by the courier only on day four; we notified within hours of learning the scope.';
    const patched = await call(ta, 'PATCH', `${base}/${id}`, officer, { lateReason: reason });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json<Detail>(patched).lateReason).toBe(reason);
    expect((await call(ta, 'POST', `${base}/${id}/checklist/notify_authority`, officer, { done: true })).statusCode).toBe(200);
    report = json<Report>(await call(ta, 'GET', `${base}/${id}/report`, officer));
    expect(report.gdpr).toMatchObject({ late: true, delayReason: reason });
    const html = (await call(ta, 'GET', `${base}/${id}/report?format=html`, officer)).body;
    expect(html).toContain('Reasons for the delay (notified after 72 hours)');
    expect(html).toContain('The theft was reported to us by the courier only on day four');
    expectError(await call(ta, 'PATCH', `${base}/${id}`, officer, { lateReason: 'x'.repeat(5001) }), 400, 'validation_failed');

    // On time: no delay row, whatever the field says.
    const onTime = await register(ta.clock.now().toISOString());
    await call(ta, 'PATCH', `${base}/${onTime}`, officer, { lateReason: 'not needed' });
    d = json<Detail>(await call(ta, 'GET', `${base}/${onTime}`, officer));
    expect(d.authorityLate).toBe(false);
    expect(json<Report>(await call(ta, 'GET', `${base}/${onTime}/report`, officer)).gdpr).toMatchObject({ late: false, delayReason: null });
    expect((await call(ta, 'GET', `${base}/${onTime}/report?format=html`, officer)).body).not.toContain('Reasons for the delay');
  });
});
