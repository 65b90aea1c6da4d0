import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { addMember, call, expectError } from '../workspaces/test-support.js';
import { canProcess, recordConsent } from './consent.js';
import { createContact, type Officer } from './requests-test-support.js';

describe.each(testDialects)('consent gate, consent records and restriction on %s', (dialect) => {
  let ta: TestApp;
  let owner: Officer;
  let other: Officer;
  let member: { cookie: string; userId: string };

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    owner = await signUp(ta, { email: 'gate-owner@consent.example', name: 'Gita Owner', company: 'Toko Gerbang' });
    other = await signUp(ta, { email: 'gate-other@consent.example', name: 'Odi Other', company: 'Toko Lain' });
    member = await addMember(ta, owner, { email: 'gate-member@consent.example', name: 'Mina Member' }, 'member');
  });
  afterAll(async () => {
    await ta.close();
  });

  const decisions = (contactId: string) =>
    ta.ctx.db.k.selectFrom('consent_decisions').select(['purpose', 'channel', 'allowed', 'reason']).where('contact_id', '=', contactId).orderBy('created_at').orderBy('id').execute();

  it('decides granted, withdrawn, no_consent, not_required and restricted, and logs every decision', async () => {
    const id = await createContact(ta, owner, { firstName: 'Gate', email: 'gate@consent.example' });
    const subject = { workspaceId: owner.workspaceId, contactId: id };
    // A millisecond between decisions, so the log reads back in the order they were taken.
    const gate = (...args: Parameters<typeof canProcess> extends [unknown, ...infer R] ? R : never) => {
      ta.clock.advance(1);
      return canProcess(ta.ctx, ...args);
    };
    expect(await gate(subject, 'marketing', 'email')).toEqual({ allowed: false, reason: 'no_consent', purpose: 'marketing' });
    await recordConsent(ta.ctx, subject, { purpose: 'marketing', granted: true, source: 'form' }, { actor: { type: 'user', id: owner.userId } });
    expect(await gate(subject, 'marketing', 'email')).toMatchObject({ allowed: true, reason: 'granted' });
    await recordConsent(ta.ctx, subject, { purpose: 'marketing', granted: false, source: 'unsubscribe' }, { actor: { type: 'subject', id: null } });
    expect(await gate(subject, 'marketing', 'email')).toMatchObject({ allowed: false, reason: 'withdrawn' });
    expect(await gate(subject, 'necessary', 'email')).toMatchObject({ allowed: true, reason: 'not_required' });

    await ta.ctx.db.k.updateTable('contacts').set({ restricted: 1 }).where('id', '=', id).execute();
    await recordConsent(ta.ctx, subject, { purpose: 'analytics', granted: true, source: 'banner' }, { actor: { type: 'subject', id: null } });
    expect(await gate(subject, 'analytics', 'analytics')).toMatchObject({ allowed: false, reason: 'restricted' });
    // Necessary processing inside the platform goes on; handing the data to anyone else does not.
    expect(await gate(subject, 'necessary', 'email')).toMatchObject({ allowed: true, reason: 'not_required' });
    expect(await gate(subject, 'necessary', 'webhook')).toMatchObject({ allowed: false, reason: 'restricted' });
    expect(await gate({ workspaceId: other.workspaceId, contactId: id }, 'marketing', 'email')).toMatchObject({ allowed: false, reason: 'unknown_subject' });

    expect((await decisions(id)).map((d) => [d.purpose, d.channel, d.allowed, d.reason])).toEqual([
      ['marketing', 'email', 0, 'no_consent'],
      ['marketing', 'email', 1, 'granted'],
      ['marketing', 'email', 0, 'withdrawn'],
      ['necessary', 'email', 1, 'not_required'],
      ['analytics', 'analytics', 0, 'restricted'],
      ['necessary', 'email', 1, 'not_required'],
      ['necessary', 'webhook', 0, 'restricted'],
      ['marketing', 'email', 0, 'unknown_subject'],
    ]);
  });

  it('refuses ads with reason gpc when a GPC signal is on record for the contact or a browser linked to it, whatever was granted later', async () => {
    const gate = (subject: { workspaceId: string; contactId: string }) => {
      ta.clock.advance(1);
      return canProcess(ta.ctx, subject, 'ads', 'ads');
    };
    const plain = { workspaceId: owner.workspaceId, contactId: await createContact(ta, owner, { firstName: 'Iklan', email: 'ads-ok@consent.example' }) };
    const linked = { workspaceId: owner.workspaceId, contactId: await createContact(ta, owner, { firstName: 'Privasi', email: 'ads-gpc@consent.example' }) };
    for (const s of [plain, linked]) await recordConsent(ta.ctx, s, { purpose: 'ads', granted: true, source: 'form' }, { actor: { type: 'subject', id: null } });
    expect(await gate(plain)).toMatchObject({ allowed: true, reason: 'granted' });
    expect(await gate(linked)).toMatchObject({ allowed: true, reason: 'granted' });
    // The contact's browser sent Sec-GPC: 1 on the banner, and the visitor was linked to the contact.
    const at = ta.clock.now().toISOString();
    await recordConsent(ta.ctx, { workspaceId: owner.workspaceId, visitorId: 'v_gpc_linked' }, { purpose: 'ads', granted: false, source: 'gpc' }, { actor: { type: 'subject', id: null } });
    await ta.ctx.db.k.insertInto('analytics_visitors').values({ id: 'avl_gpc_linked', workspace_id: owner.workspaceId, visitor_id: 'v_gpc_linked', user_id: null, contact_id: linked.contactId, first_seen_at: at, linked_at: at }).execute();
    expect(await gate(linked)).toEqual({ allowed: false, reason: 'gpc', purpose: 'ads' });
    expect(await gate(plain)).toMatchObject({ allowed: true, reason: 'granted' });
    // A later grant (a form ticked for ads) does not undo it; other purposes are not affected.
    await recordConsent(ta.ctx, linked, { purpose: 'ads', granted: true, source: 'form' }, { actor: { type: 'subject', id: null } });
    expect(await gate(linked)).toMatchObject({ allowed: false, reason: 'gpc' });
    await recordConsent(ta.ctx, linked, { purpose: 'marketing', granted: true, source: 'form' }, { actor: { type: 'subject', id: null } });
    expect(await canProcess(ta.ctx, linked, 'marketing', 'email')).toMatchObject({ allowed: true, reason: 'granted' });
    expect((await decisions(linked.contactId)).filter((d) => d.purpose === 'ads').map((d) => [d.allowed, d.reason])).toEqual([[1, 'granted'], [0, 'gpc'], [0, 'gpc']]);
  });

  it('records and lists a contact’s consents through the API, within the workspace only', async () => {
    const id = await createContact(ta, owner, { firstName: 'Api', email: 'api@consent.example' });
    const asMember = { ...member, workspaceId: owner.workspaceId };
    const res = await call(ta, 'POST', `/api/v1/contacts/${id}/consents`, asMember, { purpose: 'marketing', granted: true, source: 'form', policyVersion: '2026-01' });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({ purpose: 'marketing', granted: true, source: 'form', lawfulBasis: 'consent', policyVersion: '2026-01', recordedBy: member.userId });
    await call(ta, 'POST', `/api/v1/contacts/${id}/consents`, owner, { purpose: 'marketing', granted: false, source: 'api' });
    const list = json<{ current: Record<string, boolean>; history: { granted: boolean }[] }>(await call(ta, 'GET', `/api/v1/contacts/${id}/consents`, owner));
    expect(list.current).toEqual({ necessary: true, analytics: false, marketing: false, personalization: false, ads: false });
    expect(list.history.map((h) => h.granted)).toEqual([false, true]);
    expectError(await call(ta, 'POST', `/api/v1/contacts/${id}/consents`, owner, { purpose: 'selling', granted: true, source: 'form' }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', `/api/v1/contacts/${id}/consents`, other, { purpose: 'ads', granted: true, source: 'form' }), 404, 'not_found');
    expectError(await call(ta, 'GET', `/api/v1/contacts/${id}/consents`, other), 404, 'not_found');
    const audited = await ta.ctx.db.k.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', 'like', 'consent.%').execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['consent.granted', 'consent.withdrawn']);
  });

  it('restricts and lifts through the API (privacy.manage only, audited), and the webhook gate withholds the contact', async () => {
    const hook = await call(ta, 'POST', '/api/v1/webhooks', owner, { url: 'http://127.0.0.1:9/gate', events: ['contact.*'] });
    expect(hook.statusCode, hook.body).toBe(201);
    const id = await createContact(ta, owner, { firstName: 'Sinyal', email: 'sinyal@consent.example' });
    expect(await decisions(id)).toEqual([{ purpose: 'necessary', channel: 'webhook', allowed: 1, reason: 'not_required' }]);

    const asMember = { ...member, workspaceId: owner.workspaceId };
    expectError(await call(ta, 'POST', `/api/v1/contacts/${id}/restriction`, asMember, { restricted: true, reason: 'Subject asked' }), 403, 'forbidden');
    expectError(await call(ta, 'POST', `/api/v1/contacts/${id}/restriction`, other, { restricted: true, reason: 'x' }), 404, 'not_found');
    expectError(await call(ta, 'POST', `/api/v1/contacts/${id}/restriction`, owner, { restricted: true }), 400, 'validation_failed');
    const on = await call(ta, 'POST', `/api/v1/contacts/${id}/restriction`, owner, { restricted: true, reason: 'Accuracy contested by the subject' });
    expect(on.statusCode, on.body).toBe(200);
    expect(json<{ restricted: boolean }>(on).restricted).toBe(true);
    expectError(await call(ta, 'PATCH', `/api/v1/contacts/${id}`, asMember, { title: 'Nope' }), 409, 'subject_restricted');

    const before = await ta.ctx.db.k.selectFrom('webhook_deliveries').select('id').execute();
    expect((await call(ta, 'PATCH', `/api/v1/contacts/${id}`, owner, { title: 'Officer edit' })).statusCode).toBe(200);
    expect(await ta.ctx.db.k.selectFrom('webhook_deliveries').select('id').execute()).toHaveLength(before.length);
    expect(await decisions(id)).toContainEqual({ purpose: 'necessary', channel: 'webhook', allowed: 0, reason: 'restricted' });

    const off = await call(ta, 'POST', `/api/v1/contacts/${id}/restriction`, owner, { restricted: false, reason: 'Accuracy verified' });
    expect(json<{ restricted: boolean }>(off).restricted).toBe(false);
    const trail = await ta.ctx.db.k.selectFrom('audit_log').select(['action', 'reason', 'actor_id']).where('target_id', '=', id).where('action', 'like', 'subject.%').orderBy('seq').execute();
    expect(trail).toEqual([
      { action: 'subject.restricted', reason: 'Accuracy contested by the subject', actor_id: owner.userId },
      { action: 'subject.restriction_lifted', reason: 'Accuracy verified', actor_id: owner.userId },
    ]);
    expect((await call(ta, 'PATCH', `/api/v1/contacts/${id}`, asMember, { title: 'Now allowed' })).statusCode).toBe(200);
  });
});
