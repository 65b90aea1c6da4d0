import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { contact, listWith, sendCampaign, sendRows, type Owner } from './campaigns-test-support.js';
import { suppress } from './suppression.js';

interface Entry {
  id: string;
  reason: string;
  createdAt: string;
  removable: boolean;
}

describe.each(testDialects)('the suppression list on %s', (dialect) => {
  let ta: TestApp;
  let o: Owner;
  let other: Owner;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    o = await signUp(ta, { email: 'owner@sup.example', company: 'Sup Co' });
    other = await signUp(ta, { email: 'owner@other-sup.example', company: 'Other Sup' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('lists reason and date, checks a typed address, adds a manual entry that stops campaigns, and audits without the address', async () => {
    await suppress(ta.ctx.db.k, o.workspaceId, 'gone@sup.example', 'unsubscribe', ta.clock.now().toISOString());
    const check = async (who: Owner, email: string) => json<{ suppressed: boolean; entries: Entry[] }>(await call(ta, 'POST', '/api/v1/marketing/suppressions/check', who, { email }));
    expect(await check(o, 'GONE@Sup.example')).toMatchObject({ suppressed: true, entries: [{ reason: 'unsubscribe', removable: false }] });
    expect(await check(o, 'fresh@sup.example')).toEqual({ suppressed: false, entries: [] });
    expect(await check(other, 'gone@sup.example')).toEqual({ suppressed: false, entries: [] });
    expectError(await call(ta, 'POST', '/api/v1/marketing/suppressions/check', o, { email: 'not an address' }), 400, 'validation_failed');

    const who = await contact(ta, o, { firstName: 'Mia', email: 'mia@sup.example' }, { marketing: true });
    ta.clock.advance(1000);
    const added = await call(ta, 'POST', '/api/v1/marketing/suppressions', o, { email: 'Mia@Sup.example' });
    expect(added.statusCode, added.body).toBe(201);
    const entry = json<Entry>(added);
    expect(entry).toMatchObject({ reason: 'manual', removable: true });
    const again = await call(ta, 'POST', '/api/v1/marketing/suppressions', o, { email: 'mia@sup.example' });
    expect(again.statusCode).toBe(200);
    expect(json<Entry>(again).id).toBe(entry.id);

    const page = json<{ data: Entry[] }>(await call(ta, 'GET', '/api/v1/marketing/suppressions', o));
    expect(page.data.map((e) => e.reason)).toEqual(['manual', 'unsubscribe']);
    expect(JSON.stringify(page)).not.toContain('sup.example');
    expect(json<{ data: Entry[] }>(await call(ta, 'GET', '/api/v1/marketing/suppressions?reason=manual', o)).data.map((e) => e.id)).toEqual([entry.id]);
    expect(json<{ data: Entry[] }>(await call(ta, 'GET', '/api/v1/marketing/suppressions', other)).data).toEqual([]);

    // A manual entry stops even a security alert.
    const list = await listWith(ta, o, [who]);
    const c = await sendCampaign(ta, o, { category: 'security_alert', listId: list, subject: 'Alert' });
    expect((await sendRows(ta, c.id))[0]?.skip_reason).toBe('suppressed');

    const trail = await ta.ctx.db.k.selectFrom('audit_log').selectAll().where('target_id', '=', entry.id).execute();
    expect(trail.map((a) => a.action)).toEqual(['marketing.suppression_added']);
    expect(JSON.stringify(trail)).not.toContain('sup.example');
  });

  it('lifts manual and hard-bounce entries (audited), never an unsubscribe; other workspaces get 404', async () => {
    await suppress(ta.ctx.db.k, o.workspaceId, 'bounced@sup.example', 'hard_bounce', ta.clock.now().toISOString());
    const [bounce] = json<{ entries: Entry[] }>(await call(ta, 'POST', '/api/v1/marketing/suppressions/check', o, { email: 'bounced@sup.example' })).entries;
    const [unsub] = json<{ entries: Entry[] }>(await call(ta, 'POST', '/api/v1/marketing/suppressions/check', o, { email: 'gone@sup.example' })).entries;
    expectError(await call(ta, 'DELETE', `/api/v1/marketing/suppressions/${bounce!.id}`, other), 404, 'not_found');
    expect((await call(ta, 'DELETE', `/api/v1/marketing/suppressions/${bounce!.id}`, o)).statusCode).toBe(204);
    expect(json(await call(ta, 'POST', '/api/v1/marketing/suppressions/check', o, { email: 'bounced@sup.example' }))).toMatchObject({ suppressed: false });
    expectError(await call(ta, 'DELETE', `/api/v1/marketing/suppressions/${bounce!.id}`, o), 404, 'not_found');
    expectError(await call(ta, 'DELETE', `/api/v1/marketing/suppressions/${unsub!.id}`, o), 409, 'suppression_protected');
    const trail = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', bounce!.id).execute();
    expect(trail.map((a) => a.action)).toEqual(['marketing.suppression_removed']);
  });
});
