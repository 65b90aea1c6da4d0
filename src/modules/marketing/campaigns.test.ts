import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { contact, listWith, mailsTo, rawHeader, sendCampaign, sendRows, passTime, unsubscribeUrl, type Owner } from './campaigns-test-support.js';

describe.each(testDialects)('lists, segments and campaigns on %s', (dialect) => {
  let ta: TestApp;
  let o: Owner;
  let other: Owner;

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    o = await signUp(ta, { email: 'owner@mkt.example', company: 'Toko Mkt' });
    other = await signUp(ta, { email: 'owner@other-mkt.example', company: 'Other Co' });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('lists: create, add members (idempotent), refuse unknown or foreign contacts', async () => {
    const a = await contact(ta, o, { firstName: 'Ani', email: 'ani@list.example' });
    const b = await contact(ta, o, { firstName: 'Budi', email: 'budi@list.example' });
    const foreign = await contact(ta, other, { firstName: 'Zed', email: 'zed@list.example' });
    const res = await call(ta, 'POST', '/api/v1/lists', o, { name: 'Newsletter' });
    expect(res.statusCode, res.body).toBe(201);
    const list = json<{ id: string; memberCount: number }>(res);
    expect(list.memberCount).toBe(0);
    const add = await call(ta, 'POST', `/api/v1/lists/${list.id}/members`, o, { contactIds: [a, b, a] });
    expect(json(add)).toMatchObject({ memberCount: 2, changed: 2 });
    expect(json(await call(ta, 'POST', `/api/v1/lists/${list.id}/members`, o, { contactIds: [a] }))).toMatchObject({ memberCount: 2, changed: 0 });
    expectError(await call(ta, 'POST', `/api/v1/lists/${list.id}/members`, o, { contactIds: [foreign] }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', `/api/v1/lists/${list.id}/members`, other, { contactIds: [foreign] }), 404, 'not_found');
    expectError(await call(ta, 'POST', '/api/v1/lists', o, { name: '' }), 400, 'validation_failed');
    const page = json<{ data: { id: string }[] }>(await call(ta, 'GET', '/api/v1/lists', o));
    expect(page.data.map((l) => l.id)).toContain(list.id);
    expect(json<{ data: unknown[] }>(await call(ta, 'GET', '/api/v1/lists', other)).data).toEqual([]);
    expect(json(await call(ta, 'PATCH', `/api/v1/lists/${list.id}`, o, { name: 'Weekly' }))).toMatchObject({ name: 'Weekly', memberCount: 2 });
    const removed = json(await call(ta, 'POST', `/api/v1/lists/${list.id}/members/remove`, o, { contactIds: [b] }));
    expect(removed).toMatchObject({ memberCount: 1, changed: 1 });
    expectError(await call(ta, 'DELETE', `/api/v1/lists/${list.id}`, other), 404, 'not_found');
    expect((await call(ta, 'DELETE', `/api/v1/lists/${list.id}`, o)).statusCode).toBe(204);
    expectError(await call(ta, 'GET', `/api/v1/lists/${list.id}`, o), 404, 'not_found');
    expect((await call(ta, 'GET', `/api/v1/contacts/${a}`, o)).statusCode).toBe(200);
  });

  it('segments count live over contact fields, custom fields and consent', async () => {
    await contact(ta, o, { firstName: 'Seg1', email: 'seg1@seg.example', address: { country: 'ID' }, tags: ['vip'] }, { marketing: true });
    await contact(ta, o, { firstName: 'Seg2', email: 'seg2@seg.example', address: { country: 'ID' }, tags: ['vip'] }, { marketing: false });
    await contact(ta, o, { firstName: 'Seg3', email: 'seg3@seg.example', address: { country: 'SG' }, tags: ['vip'] }, { marketing: true });
    const filters = [{ field: 'tags', op: 'eq', value: 'vip' }, { field: 'country', op: 'eq', value: 'ID' }, { field: 'consent.marketing', op: 'eq', value: true }];
    const res = await call(ta, 'POST', '/api/v1/segments', o, { name: 'VIP in Indonesia, subscribed', filters });
    expect(res.statusCode, res.body).toBe(201);
    const seg = json<{ id: string; count: number }>(res);
    expect(seg.count).toBe(1);
    expect(json(await call(ta, 'POST', '/api/v1/segments/count', o, { filters: [filters[0]!, { field: 'consent.marketing', op: 'eq', value: false }] }))).toEqual({ count: 1 });
    // A withdrawal moves the contact out at once: counts are live.
    await contact(ta, o, { firstName: 'Seg4', email: 'seg4@seg.example', address: { country: 'ID' }, tags: ['vip'] }, { marketing: true });
    expect(json<{ count: number }>(await call(ta, 'GET', `/api/v1/segments/${seg.id}`, o)).count).toBe(2);
    expectError(await call(ta, 'POST', '/api/v1/segments', o, { name: 'Bad', filters: [{ field: 'nope', op: 'eq', value: 1 }] }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/segments', o, { name: 'Bad', filters: [{ field: 'consent.marketing', op: 'contains', value: 'x' }] }), 400, 'validation_failed');
    expectError(await call(ta, 'GET', `/api/v1/segments/${seg.id}`, other), 404, 'not_found');

    // A campaign to the segment reaches whoever matches when it starts.
    const res2 = await call(ta, 'POST', '/api/v1/campaigns', o, { name: 'To a segment', subject: 'Segment mail', html: '<p>x</p>', category: 'product_update', segmentId: seg.id });
    expect(res2.statusCode, res2.body).toBe(201);
    const id = json<{ id: string }>(res2).id;
    expect((await call(ta, 'POST', `/api/v1/campaigns/${id}/send`, o, {})).statusCode).toBe(202);
    await ta.drain();
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${id}`, o))).toMatchObject({ status: 'sent', recipientsTotal: 2, progress: { sent: 2 } });
    expect(mailsTo(await ta.outbox(), 'seg1@seg.example', 'Segment mail')).toHaveLength(1);
    expect(mailsTo(await ta.outbox(), 'seg2@seg.example', 'Segment mail')).toHaveLength(0);
  });

  it('campaigns need exactly one audience of their own workspace; drafts only change', async () => {
    const foreignList = await listWith(ta, other, []);
    expectError(await call(ta, 'POST', '/api/v1/campaigns', o, { name: 'x', subject: 's', html: '<p>h</p>', category: 'promotion' }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/campaigns', o, { name: 'x', subject: 's', html: '<p>h</p>', category: 'promotion', listId: foreignList }), 400, 'validation_failed');
    expectError(await call(ta, 'POST', '/api/v1/campaigns', o, { name: 'x', subject: 's', html: '<p>h</p>', category: 'newsletter', listId: foreignList }), 400, 'validation_failed');
    const list = await listWith(ta, o, []);
    const c = await sendCampaign(ta, o, { category: 'product_update', listId: list });
    expect(c).toMatchObject({ status: 'sent', recipientsTotal: 0 });
    expectError(await call(ta, 'PATCH', `/api/v1/campaigns/${c.id}`, o, { subject: 'changed' }), 409, 'campaign_not_draft');
    expectError(await call(ta, 'POST', `/api/v1/campaigns/${c.id}/send`, o, {}), 409, 'campaign_not_sendable');
    expectError(await call(ta, 'GET', `/api/v1/campaigns/${c.id}`, other), 404, 'not_found');
    expectError(await call(ta, 'POST', `/api/v1/campaigns/${c.id}/send`, other, {}), 404, 'not_found');
  });

  it('sends marketing only with consent, never to restricted subjects; security alerts reach everyone', async () => {
    const yes = await contact(ta, o, { firstName: 'Yes', email: 'yes@gate.example' }, { marketing: true });
    const no = await contact(ta, o, { firstName: 'No', email: 'no@gate.example' });
    const withdrawn = await contact(ta, o, { firstName: 'Was', email: 'was@gate.example' }, { marketing: true });
    ta.clock.advance(10);
    await contact(ta, o, { firstName: 'Was2', email: 'was2@gate.example' });
    const restricted = await contact(ta, o, { firstName: 'Res', email: 'res@gate.example' }, { marketing: true });
    await ta.ctx.db.k.updateTable('contacts').set({ restricted: 1 }).where('id', '=', restricted).execute();
    const { recordConsent } = await import('../privacy/consent.js');
    ta.clock.advance(10);
    await recordConsent(ta.ctx, { workspaceId: o.workspaceId, contactId: withdrawn }, { purpose: 'marketing', granted: false, source: 'api' }, { actor: { type: 'user', id: o.userId } });
    const list = await listWith(ta, o, [yes, no, withdrawn, restricted]);

    const promo = await sendCampaign(ta, o, { category: 'promotion', listId: list, subject: 'Promo {{firstName}}' });
    expect(promo).toMatchObject({ status: 'sent', recipientsTotal: 4, progress: { sent: 1, skipped: 3 } });
    const reasons = Object.fromEntries((await sendRows(ta, promo.id)).map((r) => [r.contact_id, r.skip_reason]));
    expect(reasons).toEqual({ [yes]: null, [no]: 'no_consent', [withdrawn]: 'no_consent', [restricted]: 'restricted' });
    const all = await ta.outbox();
    expect(mailsTo(all, 'yes@gate.example', 'Promo Yes')).toHaveLength(1);
    for (const e of ['no@', 'was@', 'res@']) expect(mailsTo(all, `${e}gate.example`, 'Promo')).toHaveLength(0);
    // Every answer of the gate is on record.
    const decisions = await ta.ctx.db.k.selectFrom('consent_decisions').select(['contact_id', 'allowed', 'reason']).where('channel', '=', 'email:promotion').where('contact_id', 'in', [yes, no, restricted]).execute();
    expect(decisions.map((d) => d.reason).sort()).toEqual(['granted', 'no_consent', 'restricted']);

    const alert = await sendCampaign(ta, o, { category: 'security_alert', listId: list, subject: 'Security notice' });
    expect(alert).toMatchObject({ status: 'sent', progress: { sent: 4, skipped: 0 } });
    const after = await ta.outbox();
    for (const e of ['yes@', 'no@', 'was@', 'res@']) expect(mailsTo(after, `${e}gate.example`, 'Security notice')).toHaveLength(1);
    // A security alert is not marketing: no unsubscribe headers.
    expect(rawHeader(ta, mailsTo(after, 'no@gate.example', 'Security notice')[0]!, 'List-Unsubscribe')).toBeUndefined();
  });

  it('marketing mail carries RFC 8058 headers; one POST unsubscribes, idempotently, and the suppression holds', async () => {
    const who = await contact(ta, o, { firstName: 'Uma', email: 'uma@unsub.example', locale: 'id' }, { marketing: true });
    const list = await listWith(ta, o, [who]);
    await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'Update for {{firstName}}' });
    const mail = mailsTo(await ta.outbox(), 'uma@unsub.example', 'Update for Uma')[0]!;
    expect(rawHeader(ta, mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = unsubscribeUrl(ta, mail);
    expect(url.startsWith('http://kodepos.test/public/v1/email/unsubscribe/')).toBe(true);
    expect(mail.text).toContain(url);
    expect(mail.html).toContain('Berhenti berlangganan');
    expect(mail.html).toContain('/public/v1/email/preferences/');
    const path = url.slice('http://kodepos.test'.length);

    // A GET (a mail scanner) shows the page and changes nothing.
    const page = await ta.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('uma@unsub.example');
    expect((await sendRows(ta, (await ta.ctx.db.k.selectFrom('marketing_sends').select('campaign_id').where('contact_id', '=', who).executeTakeFirstOrThrow()).campaign_id))[0]?.unsubscribed_at).toBeNull();

    const oneClick = () => ta.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await oneClick()).statusCode).toBe(200);
    // Some clients post multipart/form-data (RFC 8058 §3.1); a second POST changes nothing.
    const multipart = '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b1--\r\n';
    expect((await ta.app.inject({ method: 'POST', url: path, payload: multipart, headers: { 'content-type': 'multipart/form-data; boundary=b1' } })).statusCode).toBe(200);
    expectError(await ta.app.inject({ method: 'POST', url: path, payload: '--b1\r\ngarbage', headers: { 'content-type': 'multipart/form-data; boundary=b1' } }), 400, 'invalid_body');
    const records = await ta.ctx.db.k.selectFrom('consent_records').selectAll().where('contact_id', '=', who).where('source', '=', 'unsubscribe').execute();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ purpose: 'marketing', granted: 0 });
    expect(await ta.ctx.db.k.selectFrom('marketing_suppressions').select('reason').where('workspace_id', '=', o.workspaceId).execute()).toContainEqual({ reason: 'unsubscribe' });

    // Consent granted again elsewhere (an import, say) does not beat the suppression.
    const { recordConsent } = await import('../privacy/consent.js');
    ta.clock.advance(10);
    await recordConsent(ta.ctx, { workspaceId: o.workspaceId, contactId: who }, { purpose: 'marketing', granted: true, source: 'import' }, { actor: { type: 'user', id: o.userId } });
    const again = await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'Second update' });
    expect((await sendRows(ta, again.id))[0]?.skip_reason).toBe('suppressed');
    expect(mailsTo(await ta.outbox(), 'uma@unsub.example', 'Second update')).toHaveLength(0);

    const bad = await ta.app.inject({ method: 'POST', url: `${path.slice(0, -4)}0000`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectError(bad, 404, 'not_found');
  });

  it('the preference centre switches one category off and leaves the other on', async () => {
    const who = await contact(ta, o, { firstName: 'Pia', email: 'pia@prefs.example' }, { marketing: true });
    const list = await listWith(ta, o, [who]);
    await sendCampaign(ta, o, { category: 'promotion', listId: list, subject: 'First promo' });
    const mail = mailsTo(await ta.outbox(), 'pia@prefs.example', 'First promo')[0]!;
    const prefs = unsubscribeUrl(ta, mail).replace('/unsubscribe/', '/preferences/').slice('http://kodepos.test'.length);
    const page = await ta.app.inject({ method: 'GET', url: `${prefs}?lang=id` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Preferensi email');
    expect(page.body.match(/role="switch"/g)).toHaveLength(3);
    const save = await ta.app.inject({ method: 'POST', url: prefs, payload: 'productUpdates=on', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(save.statusCode).toBe(200);
    const promo = await sendCampaign(ta, o, { category: 'promotion', listId: list, subject: 'Second promo' });
    expect((await sendRows(ta, promo.id))[0]?.skip_reason).toBe('category_off');
    await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'An update' });
    const all = await ta.outbox();
    expect(mailsTo(all, 'pia@prefs.example', 'Second promo')).toHaveLength(0);
    expect(mailsTo(all, 'pia@prefs.example', 'An update')).toHaveLength(1);
  });

  it('double opt-in: an EU contact first gets a confirmation; the confirmed consent lets later campaigns through', async () => {
    const eu = await contact(ta, o, { firstName: 'Eva', email: 'eva@doi.example', address: { country: 'DE' } }, { marketing: true });
    const list = await listWith(ta, o, [eu]);
    const first = await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'DOI first' });
    expect((await sendRows(ta, first.id))[0]?.skip_reason).toBe('double_opt_in_pending');
    const confirmations = mailsTo(await ta.outbox(), 'eva@doi.example', 'Confirm your subscription');
    expect(confirmations).toHaveLength(1);
    const link = /http:\/\/kodepos\.test(\/public\/v1\/email\/confirm\/[^\s)]+)/.exec(confirmations[0]!.text)?.[1];
    expect(link).toBeDefined();
    // No second confirmation mail within a week.
    await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'DOI second' });
    expect(mailsTo(await ta.outbox(), 'eva@doi.example', 'Confirm your subscription')).toHaveLength(1);
    expect((await ta.app.inject({ method: 'GET', url: link! })).statusCode).toBe(200);
    const confirmed = await ta.app.inject({ method: 'POST', url: link! });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const third = await sendCampaign(ta, o, { category: 'product_update', listId: list, subject: 'DOI third' });
    expect(third.progress.sent).toBe(1);
    const rec = await ta.ctx.db.k.selectFrom('consent_records').select(['wording_version', 'granted']).where('contact_id', '=', eu).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(rec).toEqual({ wording_version: 'email:double_opt_in', granted: 1 });
  });

  it('keeps to the workspace rate, pauses, resumes and starts scheduled campaigns on time', async () => {
    const s = await call(ta, 'PATCH', '/api/v1/marketing/settings', other, { ratePerMinute: 2 });
    expect(json(s)).toMatchObject({ ratePerMinute: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await contact(ta, other, { firstName: `R${i}`, email: `r${i}@rate.example` }, { marketing: true }));
    const list = await listWith(ta, other, ids);
    const c = await sendCampaign(ta, other, { category: 'promotion', listId: list, subject: 'Rated' });
    expect(c).toMatchObject({ status: 'sending', progress: { sent: 2, queued: 3 } });
    expect(json(await call(ta, 'POST', `/api/v1/campaigns/${c.id}/pause`, other))).toMatchObject({ status: 'paused' });
    await passTime(ta, 61_000);
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${c.id}`, other))).toMatchObject({ status: 'paused', progress: { sent: 2 } });
    expectError(await call(ta, 'POST', `/api/v1/campaigns/${c.id}/pause`, other), 409, 'campaign_not_running');
    expect((await call(ta, 'POST', `/api/v1/campaigns/${c.id}/resume`, other)).statusCode).toBe(202);
    await ta.drain();
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${c.id}`, other))).toMatchObject({ status: 'sending', progress: { sent: 4 } });
    await passTime(ta, 61_000);
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${c.id}`, other))).toMatchObject({ status: 'sent', progress: { sent: 5, queued: 0 } });

    ta.clock.advance(61_000);
    const res = await call(ta, 'POST', '/api/v1/campaigns', other, { name: 'Later', subject: 'Scheduled one', html: '<p>x</p>', category: 'promotion', listId: list });
    const id = json<{ id: string }>(res).id;
    const at = new Date(ta.clock.now().getTime() + 3_600_000).toISOString();
    expect(json(await call(ta, 'POST', `/api/v1/campaigns/${id}/send`, other, { scheduledAt: at }))).toMatchObject({ status: 'scheduled', scheduledAt: at });
    await ta.drain();
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${id}`, other))).toMatchObject({ status: 'scheduled', progress: { sent: 0 } });
    await passTime(ta, 3_600_000);
    expect(json(await call(ta, 'GET', `/api/v1/campaigns/${id}`, other))).toMatchObject({ status: 'sending', progress: { sent: 2 } });
    expectError(await call(ta, 'POST', `/api/v1/campaigns/${id}/send`, other, { scheduledAt: '2000-01-01T00:00:00Z' }), 409, 'campaign_not_sendable');
  });
});
