import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { contact, listWith, mailsTo, passTime, type CampaignJson, type Owner } from './campaigns-test-support.js';
import { runSendJob } from './send-service.js';

/** A chain that fails, a resume racing the old chain, and a pause before the scheduled time. */
describe.each(testDialects)('campaign send recovery on %s', (dialect) => {
  let ta: TestApp;
  let o: Owner;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    o = await signUp(ta, { email: 'owner@recover.example', company: 'Recover Co' });
  });
  afterAll(async () => {
    await ta.close();
  });

  async function campaign(subject: string, n: number): Promise<string> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await contact(ta, o, { firstName: `C${i}`, email: `c${i}.${subject.toLowerCase().replace(/\W+/g, '')}@recover.example` }, { marketing: true }));
    const list = await listWith(ta, o, ids);
    const res = await call(ta, 'POST', '/api/v1/campaigns', o, { name: subject, subject, html: '<p>x</p>', category: 'promotion', listId: list });
    expect(res.statusCode, res.body).toBe(201);
    return json<{ id: string }>(res).id;
  }
  const get = async (id: string) => json<CampaignJson & { failureReason: string | null; scheduledAt: string | null }>(await call(ta, 'GET', `/api/v1/campaigns/${id}`, o));

  it('a chain that used up its retries leaves the campaign failed with the reason; resume sends only to those not yet sent', async () => {
    const id = await campaign('Relay down', 3);
    await ta.drain();
    const send = ta.ctx.mailer.send.bind(ta.ctx.mailer);
    let delivered = 0;
    ta.ctx.mailer.send = (m) => {
      if (m.subject !== 'Relay down') return send(m);
      if (delivered >= 1) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED for c9@recover.example'), { code: 'ECONNECTION' }));
      delivered++;
      return send(m);
    };
    try {
      expect((await call(ta, 'POST', `/api/v1/campaigns/${id}/send`, o, {})).statusCode).toBe(202);
      await ta.drain();
      for (let i = 0; i < 8; i++) await passTime(ta, 60_000);
      const failed = await get(id);
      expect(failed).toMatchObject({ status: 'failed', progress: { sent: 1, queued: 2 } });
      expect(failed.failureReason).toContain('ECONNECTION');
      expect(failed.failureReason).not.toContain('@');
      expectError(await call(ta, 'POST', `/api/v1/campaigns/${id}/pause`, o), 409, 'campaign_not_running');
    } finally {
      ta.ctx.mailer.send = send;
    }
    expect((await call(ta, 'POST', `/api/v1/campaigns/${id}/resume`, o)).statusCode).toBe(202);
    await ta.drain();
    expect(await get(id)).toMatchObject({ status: 'sent', failureReason: null, progress: { sent: 3, queued: 0 } });
    const all = await ta.outbox();
    for (let i = 0; i < 3; i++) expect(mailsTo(all, `c${i}.relaydown@recover.example`, 'Relay down')).toHaveLength(1);
    const trail = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', id).execute();
    expect(trail.map((a) => a.action)).toContain('marketing.campaign_failed');
  });

  it('after a resume the previous chain stops and claims nothing: one live chain per campaign', async () => {
    await call(ta, 'PATCH', '/api/v1/marketing/settings', o, { ratePerMinute: 2 });
    try {
      ta.clock.advance(61_000);
      const id = await campaign('One chain', 5);
      expect((await call(ta, 'POST', `/api/v1/campaigns/${id}/send`, o, {})).statusCode).toBe(202);
      await ta.drain();
      expect(await get(id)).toMatchObject({ status: 'sending', progress: { sent: 2 } });
      const old = (await ta.ctx.db.k.selectFrom('marketing_campaigns').select('run_id').where('id', '=', id).executeTakeFirstOrThrow()).run_id!;
      expect((await call(ta, 'POST', `/api/v1/campaigns/${id}/pause`, o)).statusCode).toBe(200);
      // Two resumes at once: one starts a chain, the other is refused.
      const codes = (await Promise.all([call(ta, 'POST', `/api/v1/campaigns/${id}/resume`, o), call(ta, 'POST', `/api/v1/campaigns/${id}/resume`, o)])).map((r) => r.statusCode).sort();
      expect(codes).toEqual([202, 409]);
      ta.clock.advance(61_000);
      // A job of the old chain (still running, or a retry) finds the rate free but hands out nothing.
      expect(await runSendJob(ta.ctx, { workspaceId: o.workspaceId, campaignId: id, run: old, seq: 7 })).toMatchObject({ handed: 0, status: 'superseded' });
      expect(await get(id)).toMatchObject({ progress: { sent: 2 } });
      await passTime(ta, 0);
      expect(await get(id)).toMatchObject({ status: 'sending', progress: { sent: 4 } });
      await passTime(ta, 61_000);
      expect(await get(id)).toMatchObject({ status: 'sent', progress: { sent: 5 } });
    } finally {
      await call(ta, 'PATCH', '/api/v1/marketing/settings', o, { ratePerMinute: 600 });
    }
  });

  it('a campaign paused before its scheduled time goes back to scheduled on resume and sends at that time', async () => {
    ta.clock.advance(61_000);
    const id = await campaign('Kept time', 2);
    const at = new Date(ta.clock.now().getTime() + 3_600_000).toISOString();
    expect((await call(ta, 'POST', `/api/v1/campaigns/${id}/send`, o, { scheduledAt: at })).statusCode).toBe(202);
    expect(json(await call(ta, 'POST', `/api/v1/campaigns/${id}/pause`, o))).toMatchObject({ status: 'paused' });
    expect(json(await call(ta, 'POST', `/api/v1/campaigns/${id}/resume`, o))).toMatchObject({ status: 'scheduled', scheduledAt: at });
    await ta.drain();
    await passTime(ta, 60_000);
    expect(await get(id)).toMatchObject({ status: 'scheduled', progress: { sent: 0 } });
    expect(mailsTo(await ta.outbox(), 'c0.kepttime@recover.example', 'Kept time')).toHaveLength(0);
    await passTime(ta, 3_600_000);
    expect(await get(id)).toMatchObject({ status: 'sent', progress: { sent: 2 } });
  });
});
