import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { PNG, upload } from './tickets-test-support.js';
import { article, form, inputs, nextIp, page, portalCookie, publicTicket, text, type Owner } from './portal-test-support.js';

describe.each(testDialects)('customer portal (%s)', (dialect) => {
  let ta: TestApp;
  let a: Owner;
  let b: Owner;
  const wsUrl = () => `/support/${a.workspaceId}`;

  /** Asks for a link and returns the token from the mail (the job sends it). */
  async function linkFor(email: string): Promise<string | undefined> {
    const before = (await ta.outbox()).length;
    const res = await ta.app.inject({ method: 'POST', url: `/public/v1/support/${a.workspaceId}/magic-link`, payload: { email }, remoteAddress: nextIp() });
    expect(res.statusCode, res.body).toBe(202);
    await ta.drain();
    const mails = (await ta.outbox()).slice(before).filter((m) => m.to.includes(email.toLowerCase()) && m.text.includes('/sign-in?token='));
    expect(mails.length).toBeLessThanOrEqual(1);
    return /\/sign-in\?token=([0-9a-f]{64})/.exec(mails[0]?.text ?? '')?.[1];
  }
  async function signIn(email: string): Promise<string> {
    const token = await linkFor(email);
    if (!token) throw new Error('no link mailed');
    const res = await form(ta, `${wsUrl()}/sign-in/confirm`, { token });
    expect(res.statusCode, res.body).toBe(303);
    return portalCookie(res);
  }

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await signUp(ta, { email: 'portal-a@example.com', company: 'Toko Maju' });
    b = await signUp(ta, { email: 'portal-b@example.com' });
    await article(ta, a, { locale: 'en', title: 'Reset your password', bodyMarkdown: 'Open **Settings** and choose Reset.' });
    await article(ta, a, { locale: 'en', title: 'Password draft', bodyMarkdown: 'hidden', status: 'draft' });
    await article(ta, a, { locale: 'id', title: 'Atur ulang kata sandi', bodyMarkdown: 'Buka Pengaturan.' });
  });
  afterAll(async () => ta.close());

  it('renders the portal with labelled fields, the suggestion script and the banner', async () => {
    const res = await page(ta, `${wsUrl()}?lang=id`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="id">');
    expect(res.body).toContain('<script src="/snippet.js"');
    expect(res.body).toContain(`data-workspace="${a.workspaceId}"`);
    expect(res.body).toContain('<script src="/support-assets/portal.js" defer></script>');
    expect(res.body).not.toMatch(/<script>(?!<)/);
    for (const id of ['kp-email', 'kp-name', 'kp-subject', 'kp-body', 'kp-link-email']) expect(res.body).toContain(`<label for="${id}">`);
    expect(res.body).toContain(`data-search="/public/v1/kb/${a.workspaceId}/search"`);
    expect(text(res.body)).toContain('Kirim permintaan');
    const js = await page(ta, '/support-assets/portal.js');
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body).toContain('data-search');
  });

  it('suggests published articles for a subject, and shows them again before the request goes out', async () => {
    const s = await ta.app.inject({ method: 'GET', url: `/public/v1/kb/${a.workspaceId}/search?q=passw&locale=en&limit=5` });
    expect(json<{ data: { title: string }[] }>(s).data.map((x) => x.title)).toEqual(['Reset your password']);
    const first = await form(ta, wsUrl(), { lang: 'en', email: 'Rina@Example.com', name: 'Rina', subject: 'Forgot my password', body: 'Cannot sign in' });
    expect(first.statusCode).toBe(200);
    expect(text(first.body)).toContain('These articles may answer your question');
    expect(first.body).toContain(`href="/help/${a.workspaceId}/en/reset-your-password"`);
    expect(first.body).not.toContain('Password draft');
    expect(inputs(first.body.split('</form>')[0] ?? '')).toMatchObject({ confirmed: '1', email: 'Rina@Example.com', subject: 'Forgot my password' });
    const sent = await form(ta, wsUrl(), { ...inputs(first.body.split('</form>')[0] ?? ''), body: 'Cannot sign in' });
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toMatch(new RegExp(`^/support/${a.workspaceId}/sent\\?n=1&lang=en$`));
    const list = json<{ data: { number: number; channel: string; requester: { email: string } }[] }>(await call(ta, 'GET', '/api/v1/tickets', a));
    expect(list.data[0]).toMatchObject({ number: 1, channel: 'portal', requester: { email: 'rina@example.com' } });
  });

  it('keeps bad form input on the page with errors tied to the fields', async () => {
    const res = await form(ta, wsUrl(), { lang: 'en', email: 'not-an-email', subject: '', body: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('aria-invalid="true" aria-describedby="kp-email-err"');
    expect(res.body).toContain('id="kp-subject-err"');
    expect(res.body).toContain('value="not-an-email"');
  });

  it('opens tickets through the public endpoint (portal or widget), ignores the honeypot, validates', async () => {
    const t = await publicTicket(ta, a.workspaceId, { email: 'budi@example.com', subject: 'Widget question', body: 'Hello', source: 'widget', locale: 'id' });
    expect(t.number).toBeGreaterThan(0);
    const got = json<{ channel: string; locale: string }>(await call(ta, 'GET', `/api/v1/tickets/${t.id}`, a));
    expect(got).toMatchObject({ channel: 'widget', locale: 'id' });
    const before = json<{ data: unknown[] }>(await call(ta, 'GET', '/api/v1/tickets', a)).data.length;
    const bot = await ta.app.inject({ method: 'POST', url: `/public/v1/support/${a.workspaceId}/tickets`, payload: { email: 'bot@example.com', subject: 'x', body: 'y', website: 'http://spam' } });
    expect(bot.statusCode).toBe(201);
    expect(json<{ data: unknown[] }>(await call(ta, 'GET', '/api/v1/tickets', a)).data.length).toBe(before);
    expectError(await ta.app.inject({ method: 'POST', url: `/public/v1/support/${a.workspaceId}/tickets`, payload: { email: 'x', subject: '', body: '' } }), 400, 'validation_failed');
    expectError(await ta.app.inject({ method: 'POST', url: '/public/v1/support/ws_nope/tickets', payload: { email: 'a@b.co', subject: 's', body: 'b' } }), 404, 'not_found');
    const pre = await ta.app.inject({ method: 'OPTIONS', url: `/public/v1/support/${a.workspaceId}/tickets`, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });

  it('signs in by a single-use link that expires after 30 minutes, and never says whether an address is known', async () => {
    const unknown = await linkFor('nobody@example.com');
    expect(unknown).toBeUndefined();
    const token = await linkFor('rina@example.com');
    expect(token).toBeDefined();
    // Opening the link (as a mail scanner would) does not use it.
    const shown = await page(ta, `${wsUrl()}/sign-in?token=${token}`);
    expect(shown.statusCode).toBe(200);
    expect(inputs(shown.body).token).toBe(token);
    const ok = await form(ta, `${wsUrl()}/sign-in/confirm`, { token: token ?? '' });
    expect(ok.statusCode).toBe(303);
    const set = ok.cookies.find((c) => c.name === 'kodepos_portal');
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: `/support/${a.workspaceId}`, maxAge: 7 * 86_400 });
    const again = await form(ta, `${wsUrl()}/sign-in/confirm`, { token: token ?? '' });
    expect(again.statusCode).toBe(410);
    expect(again.cookies.find((c) => c.name === 'kodepos_portal')).toBeUndefined();
    const late = await linkFor('rina@example.com');
    ta.clock.advance(31 * 60_000);
    expect((await form(ta, `${wsUrl()}/sign-in/confirm`, { token: late ?? '' })).statusCode).toBe(410);
    expect((await page(ta, `${wsUrl()}/sign-in?token=${'0'.repeat(64)}`)).statusCode).toBe(410);
    // Another workspace's portal does not take this workspace's link.
    const other = await linkFor('rina@example.com');
    expect((await form(ta, `/support/${b.workspaceId}/sign-in/confirm`, { token: other ?? '' })).statusCode).toBe(410);
  });

  it('shows a requester only their own tickets and the public thread, and takes replies', async () => {
    const mine = await publicTicket(ta, a.workspaceId, { email: 'sari@example.com', subject: 'My printer', body: 'It jams' });
    const theirs = await publicTicket(ta, a.workspaceId, { email: 'joko@example.com', subject: 'Joko secret', body: 'private' });
    const secretFile = json<{ id: string }>(await upload(ta, a, mine.id, 'internal-notes.txt', 'text/plain', Buffer.from('team only')));
    const publicFile = json<{ id: string }>(await upload(ta, a, mine.id, 'guide.png', 'image/png', PNG));
    expect((await call(ta, 'POST', `/api/v1/tickets/${mine.id}/replies`, a, { body: 'INTERNAL-NOTE-42', internal: true, attachmentIds: [secretFile.id] })).statusCode).toBe(201);
    expect((await call(ta, 'POST', `/api/v1/tickets/${mine.id}/replies`, a, { body: 'Public answer 7', attachmentIds: [publicFile.id] })).statusCode).toBe(201);
    const cookie = await signIn('SARI@example.com');
    const list = await page(ta, `${wsUrl()}/tickets`, cookie);
    expect(list.statusCode).toBe(200);
    expect(text(list.body)).toContain('My printer');
    expect(list.body).not.toContain('Joko secret');
    const one = await page(ta, `${wsUrl()}/tickets/${mine.id}`, cookie);
    expect(text(one.body)).toContain('Public answer 7');
    expect(one.body).not.toContain('INTERNAL-NOTE-42');
    expect(one.body).not.toContain('internal-notes.txt');
    expect(one.body).toContain(`href="${wsUrl()}/tickets/${mine.id}/attachments/${publicFile.id}" download>guide.png</a>`);
    const dl = await page(ta, `${wsUrl()}/tickets/${mine.id}/attachments/${publicFile.id}`, cookie);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="guide.png"/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect((await page(ta, `${wsUrl()}/tickets/${mine.id}/attachments/${secretFile.id}`, cookie)).statusCode).toBe(404);
    expect((await page(ta, `${wsUrl()}/tickets/${mine.id}/attachments/${publicFile.id}`)).statusCode).toBe(404);
    expect((await page(ta, `${wsUrl()}/tickets/${theirs.id}`, cookie)).statusCode).toBe(404);
    expect((await form(ta, `${wsUrl()}/tickets/${theirs.id}/replies`, { body: 'hijack' }, cookie)).statusCode).toBe(404);
    const reply = await form(ta, `${wsUrl()}/tickets/${mine.id}/replies`, { body: 'Still jams', lang: 'en' }, cookie);
    expect(reply.statusCode).toBe(303);
    const thread = json<{ messages: { authorType: string; channel: string; bodyText: string }[] }>(await call(ta, 'GET', `/api/v1/tickets/${mine.id}`, a));
    expect(thread.messages.at(-1)).toMatchObject({ authorType: 'requester', channel: 'portal', bodyText: 'Still jams' });
    // Another workspace's portal does not accept this session; without a session: back to the sign-in form.
    expect((await page(ta, `/support/${b.workspaceId}/tickets`, cookie)).statusCode).toBe(303);
    expect((await page(ta, `${wsUrl()}/tickets`)).headers.location).toBe(`${wsUrl()}?lang=en#kp-mine`);
    const cross = await ta.app.inject({ method: 'POST', url: `${wsUrl()}/tickets/${mine.id}/replies`, payload: 'body=x', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', cookie } });
    expect(cross.statusCode).toBe(403);
    const out = await form(ta, `${wsUrl()}/sign-out`, { lang: 'en' }, cookie);
    expect(out.statusCode).toBe(303);
    expect((await page(ta, `${wsUrl()}/tickets`, cookie)).statusCode).toBe(303);
  });

  it('limits links per address and requests per client address', async () => {
    await publicTicket(ta, a.workspaceId, { email: 'limit@example.com', subject: 'Limits', body: 'x' });
    const tokens = async () => (await ta.ctx.db.k.selectFrom('portal_tokens').select('id').where('email', '=', 'limit@example.com').execute()).length;
    for (let i = 0; i < 5; i++) {
      const res = await ta.app.inject({ method: 'POST', url: `/public/v1/support/${a.workspaceId}/magic-link`, payload: { email: 'limit@example.com' }, remoteAddress: nextIp() });
      expect(res.statusCode).toBe(202);
    }
    expect(await tokens()).toBe(3);
    const ip = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await ta.app.inject({ method: 'POST', url: `/public/v1/support/${a.workspaceId}/magic-link`, payload: { email: `x${i}@example.com` }, remoteAddress: ip })).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('is not found when the portal is turned off', async () => {
    expect((await call(ta, 'PATCH', '/api/v1/service/settings', a, { portalEnabled: false })).statusCode).toBe(200);
    expect((await page(ta, wsUrl())).statusCode).toBe(404);
    expectError(await ta.app.inject({ method: 'POST', url: `/public/v1/support/${a.workspaceId}/magic-link`, payload: { email: 'a@b.co' } }), 404, 'not_found');
    expect((await call(ta, 'PATCH', '/api/v1/service/settings', a, { portalEnabled: true })).statusCode).toBe(200);
  });
});
